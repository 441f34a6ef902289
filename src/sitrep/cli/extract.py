"""`sitrep extract`: the pipeline without storage; one JSON line per document, in input order."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator

import click

from sitrep.cli.common import handle_errors, settings_from
from sitrep.cli.ingest import defaults_from_options, input_options, note_terminal_stdin
from sitrep.errors import InputError
from sitrep.model import Document


@click.command("extract")
@click.argument("items", nargs=-1, metavar="[FILE|URL|-]...")
@input_options
@handle_errors
def extract(
    items: tuple[str, ...], feed: bool, published: str | None, outlet: str | None, title: str | None
) -> None:
    """Extract events, places, dates, claims and quotes without storing anything.

    Reads JSONL documents (one a line: id, url, outlet, title, published, text or html) from
    FILE or stdin ("-", the default), or anything `sitrep ingest` reads, and writes one JSON
    line per document to stdout. Exit code 1 when any item failed.
    """
    from sitrep.ingest import iter_documents
    from sitrep.pipeline import Pipeline

    settings = settings_from(None)
    defaults = defaults_from_options(published, outlet, title)
    note_terminal_stdin(list(items) or ["-"])
    failed = 0

    def documents() -> Iterator[Document]:
        nonlocal failed
        for item in iter_documents(list(items) or ["-"], settings, defaults=defaults, as_feed=feed):
            if isinstance(item, InputError):
                failed += 1
                click.echo(f"error: {item}", err=True)
            else:
                yield item

    pipeline = Pipeline(settings)
    out = sys.stdout
    for extraction in pipeline.extract_many(documents()):
        if extraction.error:  # the line is still written (input order kept), with its error
            failed += 1
            doc = extraction.document
            click.echo(f"error: {doc.source or doc.external_id or doc.id}: {extraction.error}", err=True)
        out.write(json.dumps(extraction.output_line(), ensure_ascii=False) + "\n")
        out.flush()
    if failed:
        sys.exit(1)
