"""`sitrep load-extractions`: load the Parquet output of a Ray batch run into a store."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sitrep.cli.common import db_option, handle_errors, settings_from


@click.command("load-extractions")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@db_option
@click.option("--no-fuse", is_flag=True, help="Store only; run `sitrep fuse` later.")
@handle_errors
def load_extractions(path: Path, db: str | None, no_fuse: bool) -> None:
    """Store the extractions in PATH (a Parquet folder from `sitrep ingest --engine ray --parquet-out`)."""
    from sitrep.engines.ray_engine import load_extractions as load
    from sitrep.errors import InputError
    from sitrep.store import open_store

    settings = settings_from(db)
    store = open_store(settings.db_url)

    def on_error(item: str, problem: str) -> None:
        click.echo(f"error: {InputError(item, problem)}", err=True)

    try:
        report = load(path, store, on_error)
        if report.doc_ids and not no_fuse:
            from sitrep.fuse import fuse_documents

            fuse_documents(store, report.doc_ids, settings)
    finally:
        store.close()
    click.echo(report.line(), err=True)
    sys.exit(1 if report.failed else 0)
