"""Ingest a batch: read inputs, extract, store each document whole, fuse; errors are counted, not raised.

Re-running is safe: documents already stored (same content hash) are skipped without
re-extraction, and each document commits with everything extracted from it in one
transaction (the store's ``save_extraction``), so a run killed mid-batch leaves whole
documents only, and the next run picks up where it stopped.

Fusion (``sitrep.fuse.fuse_documents``) reads every stored document, so it runs once per
``FUSE_EVERY`` new documents and once at the end, not per document. Documents found already
stored are fused again at the end (fusion is a pure function of the stored mentions, so this
is idempotent): a run killed between a save and its fusion is made whole by the next run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO

from sitrep.errors import InputError, StoreError
from sitrep.ingest import Defaults, iter_documents
from sitrep.model import Document, Extraction
from sitrep.settings import Settings
from sitrep.store.base import SaveResult, Store

FUSE_EVERY = 500  # new documents between fusion passes in a long run


@dataclass
class IngestSummary:
    new: int = 0
    duplicate: int = 0
    new_version: int = 0
    skipped_language: int = 0  # stored, not extracted (non-English)
    failed: int = 0
    events: int = 0
    doc_ids: list[str] = field(default_factory=list)  # stored by this run, in input order

    @property
    def seen(self) -> int:
        return self.new + self.duplicate + self.new_version + self.skipped_language + self.failed

    def line(self) -> str:
        return (
            f"{self.new} new, {self.duplicate} duplicate, {self.new_version} new version, "
            f"{self.skipped_language} skipped (not English), {self.failed} failed; {self.events} event mentions"
        )


Progress = Callable[[IngestSummary], None]
ErrorSink = Callable[[InputError], None]


def ingest_items(
    items: Iterable[str],
    store: Store,
    settings: Settings,
    *,
    pipeline: Any = None,
    defaults: Defaults | None = None,
    as_feed: bool = False,
    stdin: TextIO | None = None,
    on_error: ErrorSink | None = None,
    on_progress: Progress | None = None,
    fuse: bool = True,
    fuse_every: int = FUSE_EVERY,
) -> IngestSummary:
    """Read ``items``, extract and store every new document, fuse them; returns the counts."""
    documents = iter_documents(items, settings, defaults=defaults, as_feed=as_feed, stdin=stdin)
    return ingest_documents(
        documents,
        store,
        settings,
        pipeline=pipeline,
        on_error=on_error,
        on_progress=on_progress,
        fuse=fuse,
        fuse_every=fuse_every,
    )


def ingest_documents(
    documents: Iterable[Document | InputError],
    store: Store,
    settings: Settings,
    *,
    pipeline: Any = None,
    on_error: ErrorSink | None = None,
    on_progress: Progress | None = None,
    fuse: bool = True,
    fuse_every: int = FUSE_EVERY,
) -> IngestSummary:
    summary = IngestSummary()
    seen: set[str] = set()
    stored_before: list[str] = []  # duplicates of documents stored by an earlier run
    state: dict[str, Any] = {"pipeline": pipeline}

    def tick() -> None:
        if on_progress is not None:
            on_progress(summary)

    def fresh() -> Iterator[Document]:
        """New documents only; errors and duplicates are counted on the way."""
        for item in documents:
            if isinstance(item, InputError):
                summary.failed += 1
                if on_error is not None:
                    on_error(item)
                tick()
                continue
            if item.id in seen:
                summary.duplicate += 1
            elif store.has_document(item.id):
                summary.duplicate += 1
                stored_before.append(item.id)
                seen.add(item.id)
            else:
                seen.add(item.id)
                yield item
                continue
            tick()

    def extractions(docs: Iterator[Document]) -> Iterator[Extraction]:
        # Build the pipeline (and load the model) only once a new document needs it.
        first = next(docs, None)
        if first is None:
            return
        if state["pipeline"] is None:
            from sitrep.pipeline import Pipeline

            state["pipeline"] = Pipeline(settings)
        yield from state["pipeline"].extract_many(_prepend(first, docs))

    pending: list[str] = []
    for extraction in extractions(fresh()):
        if extraction.error:  # reported, not stored: a later run retries it
            summary.failed += 1
            doc = extraction.document
            if on_error is not None:
                on_error(InputError(doc.source or doc.external_id or doc.id, extraction.error))
            tick()
            continue
        try:
            result = store.save_extraction(extraction)
        except StoreError as exc:  # the database refused this document; nothing of it is stored
            summary.failed += 1
            doc = extraction.document
            if on_error is not None:
                on_error(InputError(doc.source or doc.external_id or doc.id, f"not stored: {exc}"))
            tick()
            continue
        _count(summary, extraction, result)
        if result.status != "duplicate":
            summary.doc_ids.append(result.doc_id)
            pending.append(result.doc_id)
        if fuse and len(pending) >= max(1, fuse_every):
            _fuse(store, pending, settings)
        tick()
    pending.extend(stored_before)
    if fuse and pending:
        _fuse(store, pending, settings)
    return summary


def _count(summary: IngestSummary, extraction: Extraction, result: SaveResult) -> None:
    if result.status == "duplicate":
        summary.duplicate += 1
    elif extraction.skipped:
        summary.skipped_language += 1
    elif result.status == "new_version":
        summary.new_version += 1
    else:
        summary.new += 1
    if result.status != "duplicate":
        summary.events += len(extraction.events)


def _fuse(store: Store, doc_ids: list[str], settings: Settings) -> None:
    from sitrep.fuse import fuse_documents

    fuse_documents(store, list(doc_ids), settings)
    doc_ids.clear()


def _prepend(first: Document, rest: Iterator[Document]) -> Iterator[Document]:
    yield first
    yield from rest
