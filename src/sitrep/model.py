"""The typed records passed between sitrep's stages.

This module imports nothing else from the project. Every record is a dataclass with a
JSON round trip (``to_dict``/``from_dict``, ``to_json``/``from_json``); the reasons behind
each heuristic choice travel inside the records (``reason`` fields), so "how do we know"
is answered by the data itself.

Offsets (``Span.start``/``Span.end``) are character offsets into ``Document.text``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import types
import typing
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar, TypeVar

SCHEMA_VERSION = "1"

T = TypeVar("T", bound="Record")


# --------------------------------------------------------------------------- helpers


def normalise_text(text: str) -> str:
    """Normalised content used for document identity: NFC, collapsed whitespace."""
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s+", " ", text).strip()


def content_hash(text: str) -> str:
    """Document id: the first 16 hex digits of SHA-256 over the normalised text."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:16]


def _encode(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    return value


Decoder = typing.Callable[[Any], Any]


def _identity(value: Any) -> Any:
    return value


def _decoder(tp: Any) -> Decoder:
    """A function turning the JSON form of type ``tp`` back into ``tp``; built once per type."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        non_none = [a for a in args if a is not type(None)]
        if len(non_none) == 1:
            inner = _decoder(non_none[0])
            return lambda v: None if v is None else inner(v)
        options = [_decoder(a) for a in non_none]

        def first_that_fits(v: Any) -> Any:
            if v is None:
                return None
            for option in options:  # first type that accepts the value
                try:
                    return option(v)
                except (TypeError, ValueError, KeyError):
                    continue
            return v

        return first_that_fits
    if origin is list:
        item = _decoder(args[0]) if args else _identity
        return lambda v: None if v is None else [item(x) for x in v]
    if origin is tuple:
        item = _decoder(args[0]) if args else _identity
        return lambda v: None if v is None else tuple(item(x) for x in v)
    if origin is dict:
        val = _decoder(args[1]) if args else _identity
        return lambda v: None if v is None else {k: val(x) for k, x in v.items()}
    if isinstance(tp, type):
        if issubclass(tp, Record):
            return lambda v: None if v is None else tp.from_dict(v)
        if tp is datetime:
            return lambda v: v if v is None or isinstance(v, datetime) else datetime.fromisoformat(v)
        if tp is date:
            return lambda v: v if v is None or isinstance(v, date) else date.fromisoformat(v)
        if tp is float:
            return lambda v: float(v) if isinstance(v, int) and not isinstance(v, bool) else v
    return _identity


_FIELD_DECODERS: dict[type, list[tuple[str, Decoder]]] = {}


def _field_decoders(cls: type) -> list[tuple[str, Decoder]]:
    decoders = _FIELD_DECODERS.get(cls)
    if decoders is None:  # resolving hints is costly: once per class
        hints = typing.get_type_hints(cls)
        decoders = [(f.name, _decoder(hints[f.name])) for f in dataclasses.fields(cls)]
        _FIELD_DECODERS[cls] = decoders
    return decoders


class Record:
    """Mixin: JSON round trip for dataclasses with typed fields."""

    __dataclass_fields__: ClassVar[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _encode(getattr(self, f.name)) for f in dataclasses.fields(self)}  # type: ignore[arg-type]

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        if not isinstance(data, dict):
            raise TypeError(f"{cls.__name__}: expected an object, got {type(data).__name__}")
        kwargs = {name: decode(data[name]) for name, decode in _field_decoders(cls) if name in data}
        return cls(**kwargs)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=False)

    @classmethod
    def from_json(cls: type[T], text: str) -> T:
        return cls.from_dict(json.loads(text))


# --------------------------------------------------------------------------- documents


@dataclass
class Span(Record):
    """A stretch of a document's text: ``text == document.text[start:end]``."""

    start: int
    end: int
    text: str = ""


@dataclass
class Document(Record):
    """One article, after ingest. ``id`` is the hash of its normalised text."""

    id: str
    text: str
    external_id: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: datetime | None = None
    language: str = "en"
    source: str | None = None  # path, URL or "stdin:LINE" it came from
    version_of: str | None = None  # id of the earlier version at the same URL or external id
    meta: dict[str, str] = field(default_factory=dict)

    @classmethod
    def create(cls, text: str, **kwargs: Any) -> Document:
        return cls(id=content_hash(text), text=text, **kwargs)

    @property
    def is_english(self) -> bool:
        return (self.language or "en").lower().startswith("en")


# --------------------------------------------------------------------------- where and when


@dataclass
class Place(Record):
    """A place mention, resolved (or not) against the gazetteer.

    geo_precision follows ACLED: 1 = the town itself, 2 = near a town / part of a region,
    3 = a larger region. A country-level mention keeps precision 3 and ``feature='country'``.
    """

    span: Span
    name: str  # as written
    canonical: str | None = None
    gazetteer_id: str | None = None  # "geonames:703448" or "supplement:zaporizhzhia-npp"
    country: str | None = None  # country name
    country_code: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None
    admin2: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    feature: str | None = None  # town, village, facility, admin1, country, region...
    population: int | None = None
    relation: str | None = None  # "near", "15 km north of", "outskirts of"...
    resolved: bool = True
    confidence: float = 0.0
    reason: str = ""


@dataclass
class DateMention(Record):
    """A date expression resolved against the publication date.

    time_precision follows ACLED: 1 = day, 2 = week, 3 = month (or coarser).
    ``start``/``end`` are equal for a day; ``kind`` is point, range, since or unresolved.
    """

    span: Span
    phrase: str
    start: date | None = None
    end: date | None = None
    time_precision: int | None = None
    kind: str = "point"
    resolved: bool = True
    reason: str = ""


# --------------------------------------------------------------------------- who and what


@dataclass
class Actor(Record):
    """An actor normalised through the alias data (ACLED naming and inter codes)."""

    name: str  # normalised, e.g. "Military Forces of Russia"
    as_written: str = ""
    span: Span | None = None
    inter: int | None = None  # ACLED inter code
    country: str | None = None
    body: str | None = None  # the specific body kept: "Russian Defence Ministry"
    reason: str = ""


@dataclass
class Casualty(Record):
    """One casualty figure as reported: "at least nine civilians killed"."""

    kind: str  # killed | injured
    count_min: int | None
    count_max: int | None = None
    qualifier: str | None = None  # at least, more than, up to, about, exactly
    who: str | None = None  # civilians, soldiers, children...
    span: Span | None = None
    source: str | None = None  # who reported the figure, when the text says
    aggregate: bool = False  # a running tally, not one event's toll
    reason: str = ""


@dataclass
class Weapon(Record):
    family: str  # missile, drone, artillery, mlrs, air strike, ied/mine, small arms...
    system: str | None = None  # Kinzhal, Shahed, Iskander...
    count: int | None = None
    span: Span | None = None


@dataclass
class Target(Record):
    kind: str  # residential, energy infrastructure, military, medical, rail...
    span: Span | None = None


@dataclass
class Event(Record):
    """One event mention in one document, in ACLED's taxonomy and column names."""

    id: str
    doc_id: str
    event_type: str
    sub_event_type: str
    evidence: list[Span] = field(default_factory=list)
    event_date: date | None = None
    event_date_end: date | None = None
    time_precision: int | None = None
    date: DateMention | None = None
    place: Place | None = None
    actor1: Actor | None = None
    actor2: Actor | None = None
    fatalities: int | None = None  # best (conservative) figure
    fatalities_min: int | None = None
    fatalities_max: int | None = None
    injuries: int | None = None
    casualties: list[Casualty] = field(default_factory=list)
    weapons: list[Weapon] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    attributed_to: str | None = None  # who reported the event, when the text says
    status: str = "occurred"  # occurred | background
    confidence: float = 0.0
    reasons: dict[str, str] = field(default_factory=dict)

    def acled_row(self) -> dict[str, Any]:
        """The event in ACLED's column names (a flat dict)."""
        p = self.place
        return {
            "event_id_cnty": self.id,
            "event_date": self.event_date.isoformat() if self.event_date else "",
            "time_precision": self.time_precision or "",
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "actor1": self.actor1.name if self.actor1 else "",
            "inter1": self.actor1.inter if self.actor1 and self.actor1.inter is not None else "",
            "actor2": self.actor2.name if self.actor2 else "",
            "inter2": self.actor2.inter if self.actor2 and self.actor2.inter is not None else "",
            "country": (p.country or "") if p else "",
            "admin1": (p.admin1 or "") if p else "",
            "admin2": (p.admin2 or "") if p else "",
            "location": ((p.canonical or p.name) or "") if p else "",
            "latitude": p.latitude if p and p.latitude is not None else "",
            "longitude": p.longitude if p and p.longitude is not None else "",
            "geo_precision": (p.geo_precision or "") if p else "",
            "source": self.attributed_to or "",
            "notes": " ".join(s.text for s in self.evidence),
            "fatalities": self.fatalities or 0,
        }


@dataclass
class Source(Record):
    """Who made a claim, normalised like an actor with the specific body kept."""

    as_written: str
    name: str | None = None  # normalised group, e.g. "Government of Russia"
    body: str | None = None  # "Russian Defence Ministry"
    role: str | None = None  # "President of Ukraine"
    span: Span | None = None
    reason: str = ""


@dataclass
class Claim(Record):
    """An attribution: source + cue + content, with a stance."""

    id: str
    doc_id: str
    source: Source
    cue: str
    content: Span
    stance: str = "asserts"  # asserts | denies | confirms | disputes | accuses
    cue_span: Span | None = None
    direct: bool = False  # a direct quote, not reported speech
    event_ids: list[str] = field(default_factory=list)
    confidence: float = 0.0
    reason: str = ""


@dataclass
class Quote(Record):
    """Quoted text, exactly, with its speaker; ``spans`` has >1 part when interrupted."""

    id: str
    doc_id: str
    text: str
    spans: list[Span] = field(default_factory=list)
    speaker: Source | None = None
    confidence: float = 0.0
    reason: str = ""


@dataclass
class Extraction(Record):
    """Everything the pipeline found in one document (one ``sitrep extract`` line)."""

    document: Document
    events: list[Event] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    skipped: str | None = None  # why extraction was skipped (non-English...)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None  # extraction failed: the document is reported, not stored

    def output_line(self) -> dict[str, Any]:
        """The ``sitrep extract`` JSON shape (schema documented in docs/schema.md)."""
        d = self.document
        return {
            "schema": SCHEMA_VERSION,
            "id": d.external_id or d.id,
            "doc_id": d.id,
            "external_id": d.external_id,
            "url": d.url,
            "outlet": d.outlet,
            "title": d.title,
            "published": d.published.isoformat() if d.published else None,
            "language": d.language,
            "skipped": self.skipped,
            "error": self.error,
            "warnings": list(self.warnings),
            "events": [e.to_dict() for e in self.events],
            "places": [p.to_dict() for p in self.places],
            "dates": [x.to_dict() for x in self.dates],
            "claims": [c.to_dict() for c in self.claims],
            "quotes": [q.to_dict() for q in self.quotes],
        }


# --------------------------------------------------------------------------- fusion


@dataclass
class FigureReport(Record):
    """One casualty figure for a canonical event, with who reported it and when."""

    kind: str
    count_min: int | None
    count_max: int | None
    source: str | None
    doc_id: str
    outlet: str | None = None
    reported: datetime | None = None
    # the casualty register this figure is an entry of: one recorded death, counted with the
    # event's other entries rather than compared with the reports' tolls
    register: str | None = None


@dataclass
class StoryFamily(Record):
    """Documents that are copies or rewrites of one story; ``original`` = earliest member."""

    id: str
    original: str
    members: list[str] = field(default_factory=list)
    reason: str = ""


@dataclass
class CanonicalEvent(Record):
    """One real-world event merged from the event mentions of many documents."""

    id: str
    event: Event  # merged fields (doc_id empty)
    mention_ids: list[str] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)
    external_ids: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    families: list[str] = field(default_factory=list)
    independent_sources: int = 0
    first_reported: datetime | None = None
    last_reported: datetime | None = None
    figures: list[FigureReport] = field(default_factory=list)
    history: list[str] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)


ALL_RECORDS: tuple[type[Record], ...] = (
    Span,
    Document,
    Place,
    DateMention,
    Actor,
    Casualty,
    Weapon,
    Target,
    Event,
    Source,
    Claim,
    Quote,
    Extraction,
    FigureReport,
    StoryFamily,
    CanonicalEvent,
)
