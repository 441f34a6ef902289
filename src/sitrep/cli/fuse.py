"""`sitrep fuse`, `families`, `merge`, `split`: story families and canonical events."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from sitrep.cli.common import (
    db_option,
    emit_rows,
    format_options,
    handle_errors,
    open_existing_store,
    settings_from,
)
from sitrep.store.base import Store


def _open(db: str | None) -> tuple[Any, Store]:
    settings = settings_from(db)
    return settings, open_existing_store(settings.db_url)


def _event_rows(store: Store, ids: list[str]) -> list[dict[str, Any]]:
    rows = []
    for cid in ids:
        ce = store.get_canonical_event(cid)
        if ce is None:
            continue
        ev = ce.event
        rows.append(
            {
                "id": ce.id,
                "event_date": ev.event_date.isoformat() if ev.event_date else None,
                "event_type": ev.event_type,
                "sub_event_type": ev.sub_event_type,
                "location": (ev.place.canonical or ev.place.name) if ev.place else None,
                "fatalities": ev.fatalities,
                "independent_sources": ce.independent_sources,
                "mention_ids": ce.mention_ids,
                "external_ids": ce.external_ids,
            }
        )
    return rows


@click.command("fuse")
@db_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")
@handle_errors
def fuse(db: str | None, quiet: bool) -> None:
    """Re-run fusion over the whole database: story families and every canonical event.

    User merge/split decisions are kept and honoured. Prints a JSON summary on stdout.
    """
    from sitrep.fuse import fuse_all

    settings, store = _open(db)
    show = not quiet and sys.stderr.isatty()

    def progress(stage: str, done: int, total: int) -> None:
        if show:
            width = 30
            filled = int(width * done / total) if total else width
            click.echo(
                f"\r\033[K{stage:9} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}",
                nl=False,
                err=True,
            )

    try:
        summary = fuse_all(store, settings, progress=progress)
    finally:
        store.close()
    if show:
        click.echo("\r\033[K", nl=False, err=True)
    if not quiet:
        click.echo(json.dumps(summary))


@click.command("families")
@db_option
@format_options
@click.option(
    "--min-size", type=int, default=2, show_default=True, help="Only families with this many documents."
)
@handle_errors
def families(db: str | None, fmt: str | None, min_size: int) -> None:
    """List story families: documents that copy or rewrite one story, with the likely original."""
    _, store = _open(db)
    try:
        rows = []
        for fam in store.list_families():
            if len(fam.members) < min_size:
                continue
            original = store.get_document(fam.original)
            rows.append(
                {
                    "id": fam.id,
                    "size": len(fam.members),
                    "original": fam.original,
                    "original_outlet": original.outlet if original else None,
                    "original_title": original.title if original else None,
                    "members": fam.members,
                    "reason": fam.reason,
                }
            )
    finally:
        store.close()
    emit_rows(rows, fmt, ["id", "size", "original", "original_outlet", "original_title", "reason"])


@click.command("merge")
@click.argument("event_ids", nargs=-1, required=True, metavar="ID ID...")
@click.option("--note", default="", help="Why (kept with the decision).")
@db_option
@format_options
@handle_errors
def merge(event_ids: tuple[str, ...], note: str, db: str | None, fmt: str | None) -> None:
    """Merge canonical events into one (each ID a canonical event or one of its event mentions).
    The decision persists across re-processing."""
    from sitrep.fuse import merge_events

    _, store = _open(db)
    try:
        touched = merge_events(store, list(event_ids), note=note)
        rows = _event_rows(store, touched)
    finally:
        store.close()
    emit_rows(rows, fmt)


@click.command("split")
@click.argument("event_id", metavar="ID")
@click.option(
    "--mention",
    "mentions",
    multiple=True,
    metavar="M",
    help="Move this mention out (repeatable); without it every mention becomes its own event.",
)
@click.option("--note", default="", help="Why (kept with the decision).")
@db_option
@format_options
@handle_errors
def split(event_id: str, mentions: tuple[str, ...], note: str, db: str | None, fmt: str | None) -> None:
    """Split a wrongly merged canonical event (ID: the event or one of its event mentions). The
    decision persists across re-processing."""
    from sitrep.fuse import split_event

    _, store = _open(db)
    try:
        touched = split_event(store, event_id, list(mentions) or None, note=note)
        rows = _event_rows(store, touched)
    finally:
        store.close()
    emit_rows(rows, fmt)
