"""Exports of canonical events as streams of text chunks (the CLI writes them, the API streams them).

- ACLED-compatible CSV: ACLED's column names (``model.Event.acled_row``) first, so existing ACLED
  analysis code reads the file; sitrep's own columns follow, prefixed ``sitrep_``. Text cells that
  a spreadsheet would run as a formula are written with a leading apostrophe (``csv_cell``).
- GeoJSON: one Feature per event; an event without coordinates gets ``"geometry": null`` (no
  invented point), and ``geo_precision`` travels in the properties.
- JSONL: one full canonical event record per line (lossless; ``CanonicalEvent.from_json`` reads it).
"""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from sitrep.model import CanonicalEvent, Event

ACLED_COLUMNS: tuple[str, ...] = tuple(Event(id="", doc_id="", event_type="", sub_event_type="").acled_row())
SITREP_COLUMNS: tuple[str, ...] = (
    "sitrep_independent_sources",
    "sitrep_outlets",
    "sitrep_external_ids",
    "sitrep_doc_ids",
    "sitrep_event_date_end",
)
# more ACLED columns that analysis code often groups by, derived from the event
ACLED_EXTRA_COLUMNS: tuple[str, ...] = ("year", "iso", "disorder_type")
CSV_COLUMNS = ACLED_COLUMNS + ACLED_EXTRA_COLUMNS + SITREP_COLUMNS
_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Political violence; Demonstrations",
    "Strategic developments": "Strategic developments",
}
PRECISION_LABELS = {1: "town", 2: "near a town or part of a region", 3: "region or larger"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet shows as text: a string that starts like a formula (``=``,
    ``+``, ``-``, ``@``, tab, carriage return) gets a leading apostrophe, unless it is a number.
    Outlets, ids, titles and evidence come from untrusted input; numbers are left alone."""
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    try:
        float(value)
    except ValueError:
        return "'" + value
    return value


def event_summary(ce: CanonicalEvent) -> dict[str, Any]:
    """A flat row for listings: what, when, where, who, how many, and the documents behind it."""
    e = ce.event
    p = e.place
    return {
        "id": ce.id,
        "event_date": e.event_date.isoformat() if e.event_date else None,
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "actor1": e.actor1.name if e.actor1 else None,
        "actor2": e.actor2.name if e.actor2 else None,
        "location": (p.canonical or p.name) if p else None,
        "admin1": p.admin1 if p else None,
        "country": p.country if p else None,
        "latitude": p.latitude if p else None,
        "longitude": p.longitude if p else None,
        "geo_precision": p.geo_precision if p else None,
        "fatalities": e.fatalities,
        "independent_sources": ce.independent_sources,
        "outlets": list(ce.outlets),
        "external_ids": list(ce.external_ids),
        "doc_ids": list(ce.doc_ids),
    }


@functools.lru_cache(maxsize=512)
def iso_numeric(country_code: str | None) -> int | str:
    """ACLED's ``iso`` column: the ISO 3166-1 numeric code ("" when unknown)."""
    if not country_code:
        return ""
    import pycountry

    found = pycountry.countries.get(alpha_2=country_code.upper())
    return int(found.numeric) if found is not None else ""


def acled_row(ce: CanonicalEvent) -> dict[str, Any]:
    row = ce.event.acled_row()
    row["event_id_cnty"] = ce.id
    row["year"] = ce.event.event_date.year if ce.event.event_date else ""
    row["iso"] = iso_numeric(ce.event.place.country_code if ce.event.place else None)
    row["disorder_type"] = _DISORDER.get(ce.event.event_type, "")
    if ce.outlets:
        row["source"] = "; ".join(ce.outlets)
    row["sitrep_independent_sources"] = ce.independent_sources
    row["sitrep_outlets"] = "; ".join(ce.outlets)
    row["sitrep_external_ids"] = "; ".join(ce.external_ids)
    row["sitrep_doc_ids"] = "; ".join(ce.doc_ids)
    row["sitrep_event_date_end"] = ce.event.event_date_end.isoformat() if ce.event.event_date_end else ""
    return row


def iter_acled_csv(events: Iterable[CanonicalEvent], batch: int = 200) -> Iterator[str]:
    """ACLED-compatible CSV: a header line, then chunks of up to ``batch`` rows."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(CSV_COLUMNS), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    n = 0
    for ce in events:
        writer.writerow({k: csv_cell(v) for k, v in acled_row(ce).items()})
        n += 1
        if n % batch == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def geojson_feature(ce: CanonicalEvent) -> dict[str, Any]:
    p = ce.event.place
    geometry = None
    if p is not None and p.latitude is not None and p.longitude is not None:
        geometry = {"type": "Point", "coordinates": [p.longitude, p.latitude]}
    props = event_summary(ce)
    props.pop("latitude")
    props.pop("longitude")
    precision = p.geo_precision if p else None
    props["geo_precision_label"] = PRECISION_LABELS.get(precision or 0, "unknown")
    return {"type": "Feature", "id": ce.id, "geometry": geometry, "properties": props}


def _name(actor: Any) -> Any:
    return actor.get("name") if isinstance(actor, dict) else None


def geojson_feature_from_record(record: dict[str, Any]) -> dict[str, Any]:
    """``geojson_feature`` from a stored record as a plain dict (``CanonicalEvent.to_dict()``
    form), without decoding it into typed records: the same feature, much cheaper."""
    e = record.get("event") or {}
    p = e.get("place") or None
    lat = p.get("latitude") if p else None
    lon = p.get("longitude") if p else None
    geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
    precision = p.get("geo_precision") if p else None
    props = {
        "id": record["id"],
        "event_date": e.get("event_date"),
        "event_type": e.get("event_type"),
        "sub_event_type": e.get("sub_event_type"),
        "actor1": _name(e.get("actor1")),
        "actor2": _name(e.get("actor2")),
        "location": (p.get("canonical") or p.get("name")) if p else None,
        "admin1": p.get("admin1") if p else None,
        "country": p.get("country") if p else None,
        "geo_precision": precision,
        "fatalities": e.get("fatalities"),
        "independent_sources": record.get("independent_sources", 0),
        "outlets": list(record.get("outlets") or []),
        "external_ids": list(record.get("external_ids") or []),
        "doc_ids": list(record.get("doc_ids") or []),
        "geo_precision_label": PRECISION_LABELS.get(precision or 0, "unknown"),
    }
    return {"type": "Feature", "id": record["id"], "geometry": geometry, "properties": props}


def iter_geojson(events: Iterable[CanonicalEvent], batch: int = 200) -> Iterator[str]:
    """A GeoJSON FeatureCollection, streamed: events without coordinates have a null geometry."""
    return _iter_features((geojson_feature(ce) for ce in events), batch)


def iter_geojson_records(records: Iterable[dict[str, Any]], batch: int = 200) -> Iterator[str]:
    """``iter_geojson`` over stored records as plain dicts (``Store.iter_canonical_records``)."""
    return _iter_features((geojson_feature_from_record(r) for r in records), batch)


def _iter_features(features: Iterable[dict[str, Any]], batch: int) -> Iterator[str]:
    yield '{"type": "FeatureCollection", "features": ['
    parts: list[str] = []
    first = True
    for feature in features:
        text = json.dumps(feature, ensure_ascii=False)
        parts.append(text if first else "," + text)
        first = False
        if len(parts) >= batch:
            yield "\n".join(parts)
            parts = []
    if parts:
        yield "\n".join(parts)
    yield "]}\n"


def iter_jsonl(events: Iterable[CanonicalEvent], batch: int = 200) -> Iterator[str]:
    """One full canonical event record per line."""
    parts: list[str] = []
    for ce in events:
        parts.append(ce.to_json() + "\n")
        if len(parts) >= batch:
            yield "".join(parts)
            parts = []
    if parts:
        yield "".join(parts)


EXPORTERS = {"acled-csv": iter_acled_csv, "geojson": iter_geojson, "jsonl": iter_jsonl}
