"""`sitrep watch`: poll feeds, sitemaps and folders; store new articles; alert on saved filters."""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path
from typing import Any

import click

from sitrep.cli.common import db_option, handle_errors, settings_from
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
    for entry in config.get("source", []):
        watch_sources.append(
            WatchSource(str(entry["url"]), str(entry.get("kind", "feed")), float(entry.get("every", every)))
        )
    rules = [AlertRule.from_dict(parse_filter(f)) for f in filters]
    rules += [AlertRule.from_dict(dict(a)) for a in config.get("alert", [])]
    hook = config.get("webhook", {})
    webhook = webhook or hook.get("url")
    webhook_secret = webhook_secret or hook.get("secret") or os.environ.get("SITREP_WEBHOOK_SECRET")
    alerts_file = alerts_file or (Path(config["alerts_file"]) if config.get("alerts_file") else None)

    def err(message: str) -> None:
        click.echo(f"error: {message}", err=True)

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
