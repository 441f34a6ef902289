"""Fusion: story families and canonical events across documents.

Entry point used by ingest and the CLI: :func:`fuse_documents`. (Initial version: each event
mention becomes its own canonical event; the fusion work replaces this.)
"""

from __future__ import annotations

from collections.abc import Iterable

from sitrep.model import CanonicalEvent
from sitrep.settings import Settings
from sitrep.store.base import Store


def fuse_documents(store: Store, doc_ids: Iterable[str], settings: Settings | None = None) -> list[str]:
    """Attach the event mentions of ``doc_ids`` to canonical events; returns the ids touched."""
    touched: list[CanonicalEvent] = []
    for doc_id in doc_ids:
        extraction = store.get_extraction(doc_id)
        if extraction is None:
            continue
        doc = extraction.document
        for event in extraction.events:
            touched.append(
                CanonicalEvent(
                    id=f"ce-{event.id}",
                    event=event,
                    mention_ids=[event.id],
                    doc_ids=[doc.id],
                    external_ids=[doc.external_id] if doc.external_id else [],
                    outlets=[doc.outlet] if doc.outlet else [],
                    independent_sources=1,
                    first_reported=doc.published,
                    last_reported=doc.published,
                )
            )
    store.upsert_canonical_events(touched)
    return [c.id for c in touched]
