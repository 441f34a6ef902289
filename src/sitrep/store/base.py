"""The storage interface. SQLite (default) and PostgreSQL implement it; one contract suite tests both."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol, runtime_checkable

from sitrep.errors import ConfigError
from sitrep.model import CanonicalEvent, Claim, Document, Event, Extraction, Quote, StoryFamily


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
    after: str | None = None  # keyset cursor from next_cursor(); used instead of offset when given


SORT_FIELDS = ("event_date", "fatalities", "independent_sources")


def parse_sort(sort: str) -> tuple[str, bool]:
    """``"-event_date"`` -> ``("event_date", True)`` (descending); unknown fields are an error."""
    name = sort.strip().lstrip("-+")
    if name not in SORT_FIELDS:
        raise ConfigError(
            f"cannot sort by {sort!r}", f"sort by one of {', '.join(SORT_FIELDS)}, '-' for descending"
        )
    return name, sort.strip().startswith("-")


def sort_value(event: CanonicalEvent, field_name: str) -> Any:
    """The value a canonical event is sorted by, as the stores keep it (missing date = "")."""
    if field_name == "event_date":
        return event.event.event_date.isoformat() if event.event.event_date else ""
    if field_name == "fatalities":
        return event.event.fatalities or 0
    return event.independent_sources or 0


def next_cursor(events: list[CanonicalEvent], flt: EventFilter) -> str | None:
    """The keyset cursor for the page after ``events`` (None when the page is not full)."""
    if not events or flt.limit is None or len(events) < flt.limit:
        return None
    name, _ = parse_sort(flt.sort)
    last = events[-1]
    raw = json.dumps([sort_value(last, name), last.id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[Any, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, last_id = json.loads(raw)
    except (ValueError, TypeError) as exc:
        raise ConfigError(
            f"invalid paging cursor {cursor!r}", "use the cursor from the previous page"
        ) from exc
    if not isinstance(last_id, str) or not isinstance(value, (str, int)):
        raise ConfigError(f"invalid paging cursor {cursor!r}", "use the cursor from the previous page")
    return value, last_id


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
    def replace_extraction(self, extraction: Extraction) -> SaveResult: ...  # re-extracted document
    def has_document(self, doc_id: str) -> bool: ...
    def get_document(self, key: str) -> Document | None: ...  # id or external id
    def get_extraction(self, doc_id: str) -> Extraction | None: ...
    def iter_documents(self) -> Iterator[Document]: ...
    def iter_documents_published(
        self, first: date, last: date, undated: bool = False
    ) -> Iterator[Document]: ...  # published first..last (days, inclusive); undated ones too if asked
    def count_documents(self) -> int: ...

    # event mentions and claims ---------------------------------------------------------
    def iter_event_mentions(self) -> Iterator[Event]: ...
    def get_event_mention(self, mention_id: str) -> Event | None: ...
    def list_claims(self, flt: ClaimFilter) -> list[Claim]: ...
    def list_quotes(self, doc_id: str) -> list[Quote]: ...

    # fusion results --------------------------------------------------------------------
    def replace_families(self, families: list[StoryFamily]) -> None: ...
    def list_families(self) -> list[StoryFamily]: ...
    def get_families(self, ids: list[str]) -> list[StoryFamily]: ...  # by id, ordered by id
    def upsert_canonical_events(self, events: list[CanonicalEvent]) -> None: ...
    def delete_canonical_events(self, ids: list[str]) -> None: ...
    def list_canonical_events(self, flt: EventFilter) -> list[CanonicalEvent]: ...
    def iter_canonical_events(self, flt: EventFilter, page_size: int = 1000) -> Iterator[CanonicalEvent]: ...
    def iter_canonical_records(
        self, flt: EventFilter, page_size: int = 1000
    ) -> Iterator[dict[str, Any]]: ...  # the same as plain JSON dicts (no typed decoding), for exports
    def count_canonical_events(self, flt: EventFilter) -> int: ...
    def map_rows(self, flt: EventFilter) -> Iterator[dict[str, Any]]: ...  # light rows for the map
    def get_canonical_event(self, event_id: str) -> CanonicalEvent | None: ...
    def canonical_ids_for_mentions(
        self, mention_ids: list[str]
    ) -> dict[str, str]: ...  # mention -> canonical
    def canonical_ids_for_document(self, doc_id: str) -> list[str]: ...
    def add_decision(self, decision: Decision) -> Decision: ...
    def list_decisions(self) -> list[Decision]: ...
    def stats(self, flt: EventFilter) -> dict[str, Any]: ...

    def schema_version(self) -> int: ...
    def close(self) -> None: ...
