"""Canonical events in SQL: bulk upsert, filters, keyset paging, counts and stats."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from sitrep.model import CanonicalEvent
from sitrep.store.base import EventFilter, decode_cursor, next_cursor, parse_sort
from sitrep.store.sqlbase import SQLStoreBase, _chunks, _iso, _like

CANONICAL_COLUMNS = (
    "id",
    "event_date",
    "event_date_end",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "independent_sources",
    "first_reported",
    "last_reported",
    "geo_feature",
)
DATA_COLUMNS = ("id", "search", "data")


def search_text(ce: CanonicalEvent) -> str:
    """What full-text search sees for a canonical event: its evidence, place and actors."""
    e = ce.event
    parts = [s.text for s in e.evidence]
    if e.place:
        parts += [e.place.name, e.place.canonical or "", e.place.admin1 or "", e.place.country or ""]
    for actor in (e.actor1, e.actor2):
        if actor:
            parts += [actor.name, actor.as_written]
    parts += [e.event_type, e.sub_event_type, e.attributed_to or ""]
    return " ".join(p for p in parts if p)


def precision_label(latitude: float | None, geo_precision: int | None, feature: str | None) -> str:
    """How honest a map can be about where (the same rule as api.views.precision_label)."""
    if latitude is None and feature != "country":
        return "unknown"
    if feature == "country":
        return "country"
    return {1: "point", 2: "near", 3: "region"}.get(geo_precision or 3, "region")


def canonical_row(ce: CanonicalEvent) -> tuple[Any, ...]:
    e = ce.event
    p = e.place
    return (
        ce.id,
        _iso(e.event_date) or "",
        _iso(e.event_date_end),
        e.event_type,
        e.sub_event_type,
        e.actor1.name if e.actor1 else None,
        e.actor2.name if e.actor2 else None,
        p.country if p else None,
        p.admin1 if p else None,
        p.admin2 if p else None,
        (p.canonical or p.name) if p else None,
        p.latitude if p else None,
        p.longitude if p else None,
        p.geo_precision if p else None,
        e.fatalities or 0,
        ce.independent_sources or 0,
        _iso(ce.first_reported),
        _iso(ce.last_reported),
        p.feature if p else None,
    )


class CanonicalQueries(SQLStoreBase):
    """Canonical-event queries, shared by both backends."""

    # -- canonical events ----------------------------------------------------------------
    def upsert_canonical_events(self, events: list[CanonicalEvent]) -> None:
        """Insert or replace many canonical events in one transaction (bulk statements)."""
        if not events:
            return
        latest = {ce.id: ce for ce in events}  # a later copy of the same id wins
        rows = [canonical_row(ce) for ce in latest.values()]
        data_rows = [(ce.id, search_text(ce), self._json(ce.to_dict())) for ce in latest.values()]
        ids = list(latest)
        with self._lock, self._transaction():
            self._bulk_upsert("canonical_events", CANONICAL_COLUMNS, rows)
            self._upsert_canonical_data(data_rows)
            for chunk in _chunks(ids):
                marks_in = ", ".join("?" for _ in chunk)
                self._execute(f"DELETE FROM canonical_mentions WHERE canonical_id IN ({marks_in})", chunk)
                self._execute(f"DELETE FROM canonical_docs WHERE canonical_id IN ({marks_in})", chunk)
            mention_rows = [(ce.id, m) for ce in latest.values() for m in dict.fromkeys(ce.mention_ids)]
            doc_rows = [(ce.id, d) for ce in latest.values() for d in dict.fromkeys(ce.doc_ids)]
            self._bulk_insert("canonical_mentions", ("canonical_id", "mention_id"), mention_rows)
            self._bulk_insert("canonical_docs", ("canonical_id", "doc_id"), doc_rows)

    def _upsert_canonical_data(self, rows: list[tuple[str, str, Any]]) -> None:
        """(id, search, data) rows, after their canonical_events rows exist."""
        self._bulk_upsert("canonical_data", DATA_COLUMNS, rows)

    def delete_canonical_events(self, ids: list[str]) -> None:
        with self._lock, self._transaction():
            for chunk in _chunks(list(ids)):
                marks_in = ", ".join("?" for _ in chunk)
                self._execute(f"DELETE FROM canonical_events WHERE id IN ({marks_in})", chunk)

    def get_canonical_event(self, event_id: str) -> CanonicalEvent | None:
        with self._lock:
            row = self._execute("SELECT data FROM canonical_data WHERE id = ?", (event_id,)).fetchone()
        return CanonicalEvent.from_dict(self._unjson(row[0])) if row else None

    def canonical_ids_for_mentions(self, mention_ids: list[str]) -> dict[str, str]:
        """mention id -> id of the canonical event that holds it (mentions in none are absent)."""
        found: dict[str, str] = {}
        with self._lock:
            for chunk in _chunks(list(dict.fromkeys(mention_ids))):
                marks_in = ", ".join("?" for _ in chunk)
                rows = self._execute(
                    f"SELECT mention_id, canonical_id FROM canonical_mentions WHERE mention_id IN ({marks_in})",
                    chunk,
                ).fetchall()
                found.update({r[0]: r[1] for r in rows})
        return found

    def canonical_ids_for_document(self, doc_id: str) -> list[str]:
        """Canonical events that list the document, or hold one of its event mentions."""
        with self._lock:
            rows = self._execute(
                "SELECT canonical_id FROM canonical_docs WHERE doc_id = ?"
                " UNION SELECT cm.canonical_id FROM canonical_mentions cm"
                " JOIN event_mentions m ON m.id = cm.mention_id WHERE m.doc_id = ?"
                " ORDER BY 1",
                (doc_id, doc_id),
            ).fetchall()
        return [r[0] for r in rows]

    def _bbox_condition(self, bbox: tuple[float, float, float, float]) -> tuple[str, list[Any]]:
        """The bbox filter; the backends add their spatial index in front of this exact test."""
        min_lon, min_lat, max_lon, max_lat = bbox
        return "c.latitude BETWEEN ? AND ? AND c.longitude BETWEEN ? AND ?", [
            min_lat,
            max_lat,
            min_lon,
            max_lon,
        ]

    def _stored_spellings(self, column: str, value: str) -> list[str]:
        """The stored names a country or region filter means, without regard to case ("ukraine" ->
        "Ukraine"); the exact name, when stored, is looked up through the column's index alone."""
        with self._lock:
            if self._execute(
                f"SELECT 1 FROM canonical_events WHERE {column} = ? LIMIT 1", (value,)
            ).fetchone():
                return [value]
            rows = self._execute(
                f"SELECT DISTINCT {column} FROM canonical_events WHERE lower({column}) = lower(?)", (value,)
            ).fetchall()
        return [r[0] for r in rows] or [value]

    def _event_where(self, flt: EventFilter) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if flt.date_from:
            where.append("c.event_date >= ?")
            params.append(flt.date_from.isoformat())
        if flt.date_to:
            where.append("c.event_date <= ? AND c.event_date <> ''")
            params.append(flt.date_to.isoformat())
        if flt.bbox:
            sql, values = self._bbox_condition(flt.bbox)
            where.append(sql)
            params += values
        for column, value in (("event_type", flt.event_type), ("sub_event_type", flt.sub_event_type)):
            if value:
                where.append(f"c.{column} = ?")
                params.append(value)
        for column, value in (("country", flt.country), ("admin1", flt.admin1)):
            if value:
                names = self._stored_spellings(column, value)
                where.append(f"c.{column} IN ({', '.join('?' for _ in names)})")
                params += names
        if flt.actor:
            where.append(
                "(lower(coalesce(c.actor1, '')) LIKE ? ESCAPE '\\' OR lower(coalesce(c.actor2, '')) LIKE ? ESCAPE '\\')"
            )
            params += [_like(flt.actor)] * 2
        if flt.min_fatalities is not None:
            where.append("c.fatalities >= ?")
            params.append(flt.min_fatalities)
        if flt.min_sources is not None:
            where.append("c.independent_sources >= ?")
            params.append(flt.min_sources)
        if flt.ids is not None:
            if not flt.ids:
                where.append("1 = 0")
            else:
                where.append(f"c.id IN ({', '.join('?' for _ in flt.ids)})")
                params += list(flt.ids)
        if flt.q and flt.q.strip():
            fts = self._fts_condition(flt.q)
            if fts is None:
                where.append("1 = 0")
            else:
                where.append(fts[0])
                params += fts[1]
        return where, params

    def list_canonical_events(self, flt: EventFilter) -> list[CanonicalEvent]:
        """A page of canonical events: filters, sort, then a keyset cursor (``after``) or offset."""
        return [CanonicalEvent.from_dict(self._unjson(r[2])) for r in self._page_rows(flt)]

    def iter_canonical_records(self, flt: EventFilter, page_size: int = 1000) -> Iterator[dict[str, Any]]:
        """Like ``iter_canonical_events`` but yields the stored records as plain JSON dicts
        (``CanonicalEvent.to_dict()`` form), skipping typed decoding: for exports of many events."""
        remaining = flt.limit
        page = replace(flt, limit=page_size, offset=0)
        skip = flt.offset
        while remaining is None or remaining > 0:
            rows = self._page_rows(page)
            for _, _, data in rows:
                if skip:
                    skip -= 1
                    continue
                if remaining is not None:
                    if remaining <= 0:
                        return
                    remaining -= 1
                yield self._unjson(data)
            if len(rows) < page_size:
                return
            value, last_id = rows[-1][1], rows[-1][0]
            raw = json.dumps([value, last_id]).encode()  # the cursor next_cursor() would make
            page = replace(page, after=base64.urlsafe_b64encode(raw).decode().rstrip("="))

    def _page_rows(self, flt: EventFilter) -> list[tuple[Any, ...]]:
        """(id, sort value, record JSON) for one page, in order."""
        field_name, desc = parse_sort(flt.sort)
        where, params = self._event_where(flt)
        if flt.after:
            value, last_id = decode_cursor(flt.after)
            where.append(f"(c.{field_name}, c.id) {'<' if desc else '>'} (?, ?)")
            params += [value, last_id]
        direction = "DESC" if desc else "ASC"
        # pick the page on the narrow table first, then fetch only its records
        order = f" ORDER BY c.{field_name} {direction}, c.id {direction}"
        sql = f"SELECT c.id, c.{field_name} FROM canonical_events c"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += order
        if flt.limit is not None:
            sql += " LIMIT ?"
            params.append(flt.limit)
        if flt.offset and not flt.after:
            if flt.limit is None:
                sql += " LIMIT -1" if self.dialect == "sqlite" else ""
            sql += " OFFSET ?"
            params.append(flt.offset)
        sql = (
            f"SELECT c.id, c.{field_name}, d.data FROM ({sql}) c JOIN canonical_data d ON d.id = c.id{order}"
        )
        with self._lock:
            return [tuple(r) for r in self._execute(sql, params).fetchall()]

    def count_canonical_events(self, flt: EventFilter) -> int:
        where, params = self._event_where(flt)
        sql = f"SELECT COUNT(*) FROM {self._count_source(flt, where)}"
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self._lock:
            return int(self._execute(sql, params).fetchone()[0])

    def map_rows(self, flt: EventFilter) -> Iterator[dict[str, Any]]:
        """Light rows for the map (the fields of api.mapview.MapPoint), read from the narrow table only.

        Sorted by ``flt.sort`` when ``flt.limit`` is set (the first N); without a limit every match
        comes back in table order, which is cheaper for binning all of them.
        """
        field_name, desc = parse_sort(flt.sort)
        where, params = self._event_where(flt)
        direction = "DESC" if desc else "ASC"
        sql = (
            "SELECT c.id, c.latitude, c.longitude, c.geo_precision, c.geo_feature, c.event_type, c.fatalities,"
            " c.location, c.country, c.event_date FROM canonical_events c"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        if flt.limit is not None:
            sql += f" ORDER BY c.{field_name} {direction}, c.id {direction} LIMIT ?"
            params.append(flt.limit)
        with self._lock:
            rows = self._execute(sql, params).fetchall()
        for event_id, lat, lon, precision, feature, event_type, dead, location, country, day in rows:
            yield {
                "id": event_id,
                "lat": lat,
                "lon": lon,
                "geo_precision": precision,
                "precision": precision_label(lat, precision, feature),
                "event_type": event_type,
                "fatalities": dead or 0,
                "location": location or "",
                "country": country or "",
                "event_date": day or "",
            }

    def _stats_source(self, flt: EventFilter) -> str:
        return "canonical_events c"

    def _count_source(self, flt: EventFilter, where: list[str]) -> str:
        return "canonical_events c"

    def stats(self, flt: EventFilter) -> dict[str, Any]:
        """Counts and fatalities in total and per day, event type and admin1, for a filter.

        Two grouped scans (over the covering ``canonical_stats`` index where the filter allows):
        per day, and per (event type, admin1), which folds into both of the other breakdowns.
        """
        where, params = self._event_where(flt)
        source = self._stats_source(flt) + ((" WHERE " + " AND ".join(where)) if where else "")
        with self._lock:
            days = self._execute(
                f"SELECT c.event_date, COUNT(*), SUM(c.fatalities) FROM {source} GROUP BY c.event_date",
                params,
            ).fetchall()
            pairs = self._execute(
                f"SELECT c.event_type, c.admin1, COUNT(*), SUM(c.fatalities) FROM {source}"
                " GROUP BY c.event_type, c.admin1",
                params,
            ).fetchall()
        groups: dict[str, dict[Any, list[int]]] = {"by_type": {}, "by_admin1": {}}
        for event_type, admin1, n, dead in pairs:
            for key, value in (("by_type", event_type), ("by_admin1", admin1 or None)):
                acc = groups[key].setdefault(value, [0, 0])
                acc[0] += int(n)
                acc[1] += int(dead or 0)
        by_day = [((day or None), int(n), int(dead or 0)) for day, n, dead in days]
        out: dict[str, Any] = {
            "events": sum(row[1] for row in by_day),
            "fatalities": sum(row[2] for row in by_day),
            "by_day": [
                {"date": d, "events": n, "fatalities": dead}
                for d, n, dead in sorted(by_day, key=lambda r: (r[0] is None, r[0] or ""))
            ],
        }
        labels = {"by_type": "event_type", "by_admin1": "admin1"}
        for key, counts in groups.items():
            ordered = sorted(counts.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))
            out[key] = [{labels[key]: k, "events": v[0], "fatalities": v[1]} for k, v in ordered]
        return out

    def iter_canonical_events(self, flt: EventFilter, page_size: int = 1000) -> Iterator[CanonicalEvent]:
        """Every canonical event matching ``flt`` (its limit caps the total), read page by page."""
        remaining = flt.limit
        page = replace(flt, limit=page_size, offset=0)
        skip = flt.offset
        while remaining is None or remaining > 0:
            events = self.list_canonical_events(page)
            for ce in events:
                if skip:
                    skip -= 1
                    continue
                if remaining is not None:
                    if remaining <= 0:
                        return
                    remaining -= 1
                yield ce
            cursor = next_cursor(events, page)
            if cursor is None:
                return
            page = replace(page, after=cursor)
