"""`sitrep claims`: who said what, filtered by event, speaker, stance or text."""

from __future__ import annotations

from typing import Any

import click

from sitrep.cli.common import db_option, emit_rows, handle_errors
from sitrep.cli.events import list_format_options, note_more, open_store
from sitrep.model import Claim
from sitrep.store.base import ClaimFilter, Store

CLAIM_COLUMNS = [
    "id",
    "doc_id",
    "external_id",
    "source",
    "source_body",
    "as_written",
    "stance",
    "cue",
    "content",
    "direct",
    "event_ids",
]


def claim_row(claim: Claim, external_id: str | None) -> dict[str, Any]:
    return {
        "id": claim.id,
        "doc_id": claim.doc_id,
        "external_id": external_id,
        "source": claim.source.name,
        "source_body": claim.source.body,
        "as_written": claim.source.as_written,
        "stance": claim.stance,
        "cue": claim.cue,
        "content": claim.content.text,
        "direct": claim.direct,
        "event_ids": list(claim.event_ids),
    }


def _external_ids(store: Store, claims: list[Claim]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for doc_id in dict.fromkeys(c.doc_id for c in claims):
        doc = store.get_document(doc_id)
        out[doc_id] = doc.external_id if doc else None
    return out


@click.command("claims")
@db_option
@click.option("--event", "event_id", default=None, help="Canonical event id or event mention id.")
@click.option("--doc", "doc", default=None, help="Document id or external id.")
@click.option("--source", default=None, help="Part of the speaker's name, body or words as written.")
@click.option(
    "--stance",
    type=click.Choice(["asserts", "denies", "confirms", "disputes", "accuses"], case_sensitive=False),
    default=None,
    help="What the speaker does with the content.",
)
@click.option("--q", "q", default=None, help="Text that the claim's content contains.")
@click.option(
    "--limit", type=click.IntRange(min=0), default=100, show_default=True, help="At most this many (0: all)."
)
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many first.")
@list_format_options("json")
@handle_errors
def claims(
    db: str | None,
    event_id: str | None,
    doc: str | None,
    source: str | None,
    stance: str | None,
    q: str | None,
    limit: int,
    offset: int,
    fmt: str,
) -> None:
    """List claims: the speaker, the stance and what was said, with the document behind each."""
    store = open_store(db)
    try:
        doc_id = None
        if doc:
            found = store.get_document(doc)
            doc_id = found.id if found else doc
        flt = ClaimFilter(
            event_id=event_id,
            doc_id=doc_id,
            source=source,
            stance=stance,
            q=q,
            limit=limit + 1 if limit else None,  # one more: are there others?
            offset=offset,
        )
        listed = store.list_claims(flt)
        more = bool(limit) and len(listed) > limit
        listed = listed[:limit] if limit else listed
        external = _external_ids(store, listed)
    finally:
        store.close()
    emit_rows((claim_row(c, external.get(c.doc_id)) for c in listed), fmt, CLAIM_COLUMNS)
    if more:
        note_more(limit, "claims")
