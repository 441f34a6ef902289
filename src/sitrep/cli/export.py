"""`sitrep export`: the filtered canonical events as ACLED-compatible CSV, GeoJSON or JSONL."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from sitrep.cli.common import db_option, handle_errors
from sitrep.cli.events import event_filter_from, event_filter_options, open_store
from sitrep.errors import ConfigError


@click.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["acled-csv", "geojson", "jsonl"]),
    default="acled-csv",
    show_default=True,
    help="ACLED-compatible CSV, GeoJSON (no point for events without coordinates) or JSONL (full records).",
)
@click.option("-o", "--output", default=None, metavar="FILE", help="Write here instead of stdout.")
@db_option
@event_filter_options
@click.option("--limit", type=click.IntRange(min=0), default=0, help="At most this many events (0: all).")
@handle_errors
def export(fmt: str, output: str | None, db: str | None, limit: int, **filters: Any) -> None:
    """Export canonical events for analysis or mapping, streamed."""
    from sitrep.export import EXPORTERS

    flt = event_filter_from(filters, limit or None)
    store = open_store(db)
    try:
        chunks = EXPORTERS[fmt](store.iter_canonical_events(flt))
        if output is None:
            for chunk in chunks:
                sys.stdout.write(chunk)
            return
        target = Path(output)
        partial = target.with_name(target.name + ".partial")
        blocked = next((p for p in target.parents if p.exists() and not p.is_dir()), None)
        if blocked is not None:
            raise ConfigError(
                f"cannot write {output}: {blocked} is a file, not a folder", "choose another -o path"
            )
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with partial.open("w", encoding="utf-8", newline="") as fh:
                for chunk in chunks:
                    fh.write(chunk)
            partial.replace(target)  # never leave a half-written export under the real name
        except OSError as exc:
            if partial.is_file():
                partial.unlink()
            raise ConfigError(
                f"cannot write {output}: {exc.strerror or exc}", "choose another -o path"
            ) from None
    finally:
        store.close()
