"""`sitrep ingest`: read inputs, extract, store and fuse; one stderr line per failed item."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from sitrep.cli.common import db_option, handle_errors, settings_from
from sitrep.errors import ConfigError, InputError
from sitrep.ingest.records import Defaults
from sitrep.ingest.text import parse_published
from sitrep.settings import Settings, redact_url
from sitrep.store.base import Store

F = TypeVar("F", bound=Callable[..., Any])


def input_options(fn: F) -> F:
    """--feed, --published, --outlet, --title: how inputs are read (shared with `sitrep extract`)."""
    fn = click.option("--title", default=None, help="Title for documents whose input has none.")(fn)
    fn = click.option("--outlet", default=None, help="Outlet for documents whose input names none.")(fn)
    fn = click.option(
        "--published",
        default=None,
        metavar="DATE",
        help="Publication date (ISO 8601) for documents whose input has none.",
    )(fn)
    fn = click.option("--feed", is_flag=True, help="Read every input as an RSS/Atom feed.")(fn)
    return fn


def defaults_from_options(published: str | None, outlet: str | None, title: str | None) -> Defaults:
    try:
        when = parse_published(published) if published else None
    except ValueError as exc:
        raise ConfigError(f"--published: {exc}") from None
    return Defaults(published=when, outlet=outlet, title=title)


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def note_terminal_stdin(items: list[str]) -> None:
    """Say so when "-" would wait for typing at a terminal, rather than seem to hang."""
    if "-" in items and stdin_is_terminal():
        click.echo(
            "sitrep: reading from standard input (JSONL or plain text; Ctrl-D to end); give a FILE to read one",
            err=True,
        )


def open_store(url: str) -> Store:
    from sitrep.store import open_store as _open

    return _open(url)


@click.command("ingest")
@click.argument("items", nargs=-1, required=True, metavar="PATHS|URLS|FEEDS|-")
@db_option
@input_options
@click.option(
    "--allow-private", is_flag=True, default=None, help="Let URLs reach private and loopback addresses."
)
@click.option("--quiet", "-q", is_flag=True, help="No progress or summary; errors only.")
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="local: this process; ray: Ray Data workers (needs the 'ray' extra; see docs/performance.md).",
)
@click.option("--workers", type=int, default=2, show_default=True, help="Ray workers (with --engine ray).")
@click.option(
    "--ray-address", "--address", default=None, help="Address of a running Ray cluster (with --engine ray)."
)
@click.option(
    "--parquet-out",
    type=click.Path(path_type=Path),
    default=None,
    help="With --engine ray: write extractions to this Parquet folder instead of the database "
    "(load them with `sitrep load-extractions`).",
)
@handle_errors
def ingest(
    items: tuple[str, ...],
    db: str | None,
    feed: bool,
    published: str | None,
    outlet: str | None,
    title: str | None,
    allow_private: bool | None,
    quiet: bool,
    engine: str,
    workers: int,
    ray_address: str | None,
    parquet_out: Path | None,
) -> None:
    """Ingest files, folders, JSONL, feeds, WARC files, URLs or "-" (JSONL on stdin) into the database.

    Each document is extracted and stored whole, with everything found in it; documents already
    stored are skipped, so re-running a batch is safe. Exit code 1 when any item failed.
    """
    from sitrep.ingest.runner import IngestSummary, ingest_items

    settings = settings_from(db, allow_private=allow_private or None)
    defaults = defaults_from_options(published, outlet, title)
    if engine == "ray":
        _ingest_ray(list(items), settings, defaults, workers, ray_address, parquet_out, quiet)
        return
    if parquet_out is not None:
        raise ConfigError("--parquet-out needs --engine ray")
    note_terminal_stdin(list(items))
    store = open_store(settings.db_url)
    show_progress = not quiet and sys.stderr.isatty()

    def on_error(exc: InputError) -> None:
        if show_progress:
            click.echo("\r\033[K", nl=False, err=True)
        click.echo(f"error: {exc}", err=True)

    latest = IngestSummary()

    def on_progress(summary: IngestSummary) -> None:
        nonlocal latest
        latest = summary
        if show_progress:
            click.echo(f"\r\033[K{summary.seen} items: {summary.line()}", nl=False, err=True)

    try:
        summary = ingest_items(
            list(items),
            store,
            settings,
            defaults=defaults,
            as_feed=feed,
            on_error=on_error,
            on_progress=on_progress,
        )
    except KeyboardInterrupt:  # every stored document is whole; a re-run skips them and goes on
        clear = "\r\033[K" if show_progress else ""
        click.echo(
            f"{clear}interrupted after {latest.line()}; the documents stored are kept: "
            "run the same command again to go on",
            err=True,
        )
        sys.exit(130)
    finally:
        store.close()
    if show_progress:
        click.echo("\r\033[K", nl=False, err=True)
    if not quiet:
        click.echo(f"ingested into {redact_url(settings.db_url)}: {summary.line()}", err=True)
    if summary.failed:
        sys.exit(1)


def _ingest_ray(
    items: list[str],
    settings: Settings,
    defaults: Defaults,
    workers: int,
    address: str | None,
    parquet_out: Path | None,
    quiet: bool,
) -> None:
    """The same batch through Ray Data (sitrep.engines.ray_engine); exit code 1 when any item failed."""
    if "-" in items:
        raise ConfigError("--engine ray cannot read stdin", "save the JSONL to a file and pass its path")
    from sitrep.engines.ray_engine import run_ray

    store = None if parquet_out is not None else open_store(settings.db_url)

    def on_error(item: str, problem: str) -> None:
        click.echo(f"error: {InputError(item, problem)}", err=True)

    try:
        report = run_ray(
            items,
            settings,
            store,
            address=address,
            workers=workers,
            parquet_out=parquet_out,
            defaults={"published": defaults.published, "outlet": defaults.outlet, "title": defaults.title},
            on_error=on_error,
        )
    finally:
        if store is not None:
            store.close()
    if not quiet:
        where = parquet_out if parquet_out is not None else redact_url(settings.db_url)
        click.echo(f"ingested into {where} (ray, {workers} workers): {report.line()}", err=True)
    if report.failed:
        sys.exit(1)
