"""The storage interface. SQLite (default) and PostgreSQL implement it; one contract suite tests both."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol, runtime_checkable

from sitrep.model import CanonicalEvent, Claim, Document, Event, Extraction, StoryFamily


@dataclass
class SaveResult:
    doc_id: str
    status: str  # "new" | "duplicate" | "new_version"
    external_id: str | None = None
    version_of: str | None = None


@dataclass
class EventFilter:
    """Filters shared by `sitrep events`, the API and exports (canonical events)."""

    date_from: date | None = None
    date_to: date | None = None
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    country: str | None = None
    admin1: str | None = None
    min_fatalities: int | None = None
    min_sources: int | None = None
    q: str | None = None  # full-text search over evidence
    ids: list[str] | None = None
    sort: str = "-event_date"  # field name, "-" for descending
    limit: int | None = 100
    offset: int = 0


@dataclass
class ClaimFilter:
    event_id: str | None = None  # canonical event id or event mention id
    doc_id: str | None = None
    source: str | None = None  # substring of source name, body or as written
    stance: str | None = None
    q: str | None = None
    limit: int | None = 100
    offset: int = 0


@dataclass
class Decision:
    """A user's merge/split decision; it persists across re-processing."""

    kind: str  # "split" | "merge"
    mention_ids: list[str] = field(default_factory=list)
    note: str = ""
    id: int | None = None


@runtime_checkable
class Store(Protocol):
    url: str

    # documents and extractions ---------------------------------------------------------
    def save_extraction(self, extraction: Extraction) -> SaveResult: ...
    def has_document(self, doc_id: str) -> bool: ...
    def get_document(self, key: str) -> Document | None: ...  # id or external id
    def get_extraction(self, doc_id: str) -> Extraction | None: ...
    def iter_documents(self) -> Iterator[Document]: ...
    def count_documents(self) -> int: ...

    # event mentions and claims ---------------------------------------------------------
    def iter_event_mentions(self) -> Iterator[Event]: ...
    def get_event_mention(self, mention_id: str) -> Event | None: ...
    def list_claims(self, flt: ClaimFilter) -> list[Claim]: ...

    # fusion results --------------------------------------------------------------------
    def replace_families(self, families: list[StoryFamily]) -> None: ...
    def list_families(self) -> list[StoryFamily]: ...
    def upsert_canonical_events(self, events: list[CanonicalEvent]) -> None: ...
    def delete_canonical_events(self, ids: list[str]) -> None: ...
    def list_canonical_events(self, flt: EventFilter) -> list[CanonicalEvent]: ...
    def count_canonical_events(self, flt: EventFilter) -> int: ...
    def get_canonical_event(self, event_id: str) -> CanonicalEvent | None: ...
    def add_decision(self, decision: Decision) -> Decision: ...
    def list_decisions(self) -> list[Decision]: ...
    def stats(self, flt: EventFilter) -> dict[str, Any]: ...

    def schema_version(self) -> int: ...
    def close(self) -> None: ...
