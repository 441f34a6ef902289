"""`sitrep watch`: poll feeds, sitemaps and folders; store new articles; alert on saved filters."""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path
from typing import Any

import click

from sitrep.cli.common import check_writable, db_option, handle_errors, settings_from
from sitrep.errors import ConfigError


def parse_filter(spec: str) -> dict[str, Any]:
    """``name=big-strikes,type=Explosions,place=Kharkiv,min_fatalities=5,actor=Russia,text=Kinzhal``"""
    data: dict[str, Any] = {}
    for part in spec.split(","):
        key, sep, value = part.partition("=")
        if not sep:
            raise ConfigError(
                f"alert filter {spec!r}: {part!r} is not key=value",
                "e.g. --filter type=Battles,place=Bakhmut",
            )
        data[key.strip()] = value.strip()
    return data


def load_config(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(
            f"{path}: cannot read the watch configuration ({exc})", "see docs/watch.md"
        ) from exc


def tables(config: dict[str, Any], key: str, path: Path | None) -> list[dict[str, Any]]:
    """The ``[[key]]`` tables of a configuration; ``ConfigError`` when ``key`` is something else."""
    found = config.get(key, [])
    if not isinstance(found, list) or not all(isinstance(t, dict) for t in found):
        raise ConfigError(f"{path}: {key} must be a list of [[{key}]] tables", "see docs/watch.md")
    return found


def config_sources(config: dict[str, Any], every: float, path: Path | None) -> list[Any]:
    """The ``[[source]]`` tables as WatchSources, each field checked; a kind not given is guessed
    from the url as for sources on the command line."""
    from sitrep.watch.watcher import WatchSource

    found = []
    for n, entry in enumerate(tables(config, "source", path), start=1):
        where = f"{path}: [[source]] {n}"
        url = entry.get("url")
        if not isinstance(url, str) or not url.strip():
            raise ConfigError(f"{where}: no url", 'give url = "https://..." or a folder path')
        kind = entry.get("kind") or WatchSource.parse(url, every).kind
        if kind not in ("feed", "sitemap", "folder"):
            raise ConfigError(f"{where}: kind {kind!r} is not feed, sitemap or folder")
        seconds = entry.get("every", every)
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds <= 0:
            raise ConfigError(f"{where}: every {seconds!r} is not a number of seconds above 0")
        found.append(WatchSource(url, kind, float(seconds)))
    return found


@click.command("watch")
@click.argument("sources", nargs=-1)
@db_option
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, path_type=Path),
    help="TOML file of sources and alerts.",
)
@click.option(
    "--every",
    type=click.FloatRange(min=0, min_open=True),
    default=300.0,
    show_default=True,
    help="Seconds between polls of a source.",
)
@click.option(
    "--filter",
    "filters",
    multiple=True,
    help="Alert filter: name=..,place=..,type=..,actor=..,min_fatalities=..,text=..",
)
@click.option("--alerts-file", type=click.Path(path_type=Path), help="Append alerts to this JSONL file.")
@click.option("--webhook", help="POST alerts to this URL (signed; see --webhook-secret).")
@click.option(
    "--webhook-secret", envvar="SITREP_WEBHOOK_SECRET", help="HMAC key for the X-Sitrep-Signature header."
)
@click.option(
    "--state",
    "state_path",
    type=click.Path(path_type=Path),
    help="Watch state file (default: in the data dir).",
)
@click.option(
    "--politeness",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    help="Seconds between requests to one host.",
)
@click.option("--once", is_flag=True, help="Poll every source once and exit.")
@click.option(
    "--iterations", type=click.IntRange(min=1), default=None, help="Stop after this many polling rounds."
)
@click.option("--allow-private", is_flag=True, help="Allow private/loopback addresses (your own network).")
@click.option("--quiet", is_flag=True, help="No progress lines on stderr.")
@handle_errors
def watch(
    sources: tuple[str, ...],
    db: str | None,
    config_path: Path | None,
    every: float,
    filters: tuple[str, ...],
    alerts_file: Path | None,
    webhook: str | None,
    webhook_secret: str | None,
    state_path: Path | None,
    politeness: float,
    once: bool,
    iterations: int | None,
    allow_private: bool,
    quiet: bool,
) -> None:
    """Poll SOURCES (feed URLs, sitemap:URL, folders) and keep the ledger current; alerts for new or
    updated events matching --filter go to stdout, --alerts-file and/or --webhook."""
    from sitrep.store import open_store
    from sitrep.watch.alerts import AlertRule, jsonl_sink, stdout_sink, webhook_sink
    from sitrep.watch.watcher import Watcher, WatchSource

    settings = settings_from(db, allow_private=True if allow_private else None)
    config = load_config(config_path) if config_path else {}
    watch_sources = [WatchSource.parse(s, every) for s in sources]
    watch_sources += config_sources(config, every, config_path)
    rules = [AlertRule.from_dict(parse_filter(f)) for f in filters]
    rules += [AlertRule.from_dict(dict(a)) for a in tables(config, "alert", config_path)]
    hook = config.get("webhook", {})
    webhook = webhook or hook.get("url")
    webhook_secret = webhook_secret or hook.get("secret") or os.environ.get("SITREP_WEBHOOK_SECRET")
    alerts_file = alerts_file or (Path(config["alerts_file"]) if config.get("alerts_file") else None)

    def err(message: str) -> None:
        click.echo(f"error: {message}", err=True)

    for path, option in ((state_path, "--state"), (alerts_file, "--alerts-file")):
        if path is not None:
            check_writable(path, option)
    sinks = []
    if alerts_file:
        sinks.append(jsonl_sink(alerts_file))
    if webhook:
        if not webhook_secret:
            raise ConfigError(
                "--webhook needs a secret to sign alerts", "give --webhook-secret or SITREP_WEBHOOK_SECRET"
            )
        sinks.append(webhook_sink(webhook, webhook_secret, on_error=err))
    if not sinks and rules:
        sinks.append(stdout_sink())
    store = open_store(settings.db_url)
    watcher = Watcher(
        watch_sources,
        store,
        settings,
        rules=rules,
        sinks=sinks,
        state_path=state_path or settings.data_path / "watch-state.json",
        politeness=politeness,
        on_error=err,
    )
    try:
        rounds = 1 if once else iterations
        done = 0
        while rounds is None or done < rounds:
            report = watcher.poll_once()
            done += 1
            if not quiet and report.polled:
                click.echo(
                    f"[watch] polled {report.polled}, {report.not_modified} not modified, {report.new_items} new items, "
                    f"{report.stored} stored, {report.failed} failed, {len(report.alerts)} alerts",
                    err=True,
                )
                for alert in report.alerts:
                    delay = (
                        f"; {alert.delay_s:.1f} s after the item appeared"
                        if alert.delay_s is not None
                        else ""
                    )
                    click.echo(f"[watch] alert {alert.rule}: {alert.summary}{delay}", err=True)
            if rounds is not None and done >= rounds:
                break
            watcher.sleep(max(0.5, min(s.every for s in watch_sources) / 10))
    except KeyboardInterrupt:
        click.echo("[watch] stopped", err=True)
    finally:
        store.close()
    sys.exit(0)
