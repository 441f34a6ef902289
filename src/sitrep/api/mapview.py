"""Server-side map aggregation: the browser gets points when few match, grid clusters when many do.

100,000 events never ship to the browser: above ``POINT_LIMIT`` matching events the server bins
them into a grid whose cell size follows the zoom level, from the store's ``map_rows(flt)`` light
rows (no record decoding). A store without ``map_rows`` is paged through the Store API and grouped
by region instead.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from sitrep.api.views import precision_label
from sitrep.model import CanonicalEvent
from sitrep.store.base import EventFilter, Store, next_cursor

POINT_LIMIT = 2000  # at most this many individual markers per response
MAX_SCAN = 200_000  # events binned per clustered response, at most
MAX_UNPLACED = 200  # country-level / unplaced events listed (no pin)
PAGE = 2000


@dataclass(frozen=True)
class MapPoint:
    id: str
    lat: float | None
    lon: float | None
    geo_precision: int | None
    precision: str
    event_type: str
    fatalities: int
    location: str
    country: str
    event_date: str


def _point(ce: CanonicalEvent) -> MapPoint:
    e = ce.event
    p = e.place
    return MapPoint(
        id=ce.id,
        lat=p.latitude if p else None,
        lon=p.longitude if p else None,
        geo_precision=p.geo_precision if p else None,
        precision=precision_label(p),
        event_type=e.event_type,
        fatalities=e.fatalities or 0,
        location=((p.canonical or p.name) if p else "") or "",
        country=(p.country if p else "") or "",
        event_date=e.event_date.isoformat() if e.event_date else "",
    )


def iter_events(
    store: Store, flt: EventFilter, page: int = PAGE, limit: int | None = None
) -> Iterator[CanonicalEvent]:
    """Every canonical event matching ``flt``, read page by page with the store's keyset cursor."""
    if limit is not None:
        page = max(1, min(page, limit))
    flt = replace(flt, limit=page, offset=0, after=None)
    served = 0
    while True:
        events = store.list_canonical_events(flt)
        for ce in events:
            yield ce
            served += 1
            if limit is not None and served >= limit:
                return
        cursor = next_cursor(events, flt)
        if cursor is None:
            return
        flt = replace(flt, after=cursor)


def _fast(store: Store) -> Any:
    """The store's ``map_rows`` (light rows straight from its filter table), if it has one."""
    fast = getattr(store, "map_rows", None)
    return fast if callable(fast) else None


def iter_points(store: Store, flt: EventFilter, limit: int | None) -> Iterator[MapPoint]:
    fast = _fast(store)
    if fast is not None:
        for n, row in enumerate(fast(replace(flt, limit=limit))):
            if limit is not None and n >= limit:
                return
            yield row if isinstance(row, MapPoint) else MapPoint(**row)
        return
    for ce in iter_events(store, flt, limit=limit):
        yield _point(ce)


def cell_size(zoom: int) -> float:
    """Grid cell in degrees: about 80 screen pixels at this zoom."""
    return 360.0 / (2 ** max(0, min(zoom, 18))) * 80 / 256


def _point_json(pt: MapPoint) -> dict[str, Any]:
    return {
        "id": pt.id,
        "lat": pt.lat,
        "lon": pt.lon,
        "geo_precision": pt.geo_precision,
        "precision": pt.precision,
        "event_type": pt.event_type,
        "fatalities": pt.fatalities,
        "location": pt.location,
        "event_date": pt.event_date,
    }


class MapCache:
    """A small cache of clustered answers keyed by filter, zoom and the number of matching events."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._data: dict[tuple[Any, ...], dict[str, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...]) -> dict[str, Any] | None:
        with self._lock:
            return self._data.get(key)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def put(self, key: tuple[Any, ...], value: dict[str, Any]) -> None:
        with self._lock:
            if len(self._data) >= self.size:
                self._data.pop(next(iter(self._data)))
            self._data[key] = value


BBox = tuple[float, float, float, float]
WORLD: BBox = (-180.0, -90.0, 180.0, 90.0)
REGION_SAMPLE = 10  # events read per region to place its marker
MAX_REGIONS = 300


def _bare(flt: EventFilter, **changes: Any) -> EventFilter:
    return replace(flt, limit=None, offset=0, after=None, **changes)


def map_view(
    store: Store,
    flt: EventFilter,
    zoom: int,
    cache: MapCache | None = None,
    view: BBox | None = None,
) -> dict[str, Any]:
    """What the map draws for ``flt`` inside ``view`` (a bbox; default the filter's own or the world).

    - ``points``: at most POINT_LIMIT events in view, each with its precision;
    - ``clusters``: a grid binned on the server from the store's ``map_rows`` light rows;
    - ``regions``: for a store without ``map_rows``, counts per admin1 from ``Store.stats``, each placed at the mean of a few
      of its events: 100,000 events never leave the server.
    Country-level and unplaced events never get a pin: they are counted and, when few, listed.
    """
    total = store.count_canonical_events(_bare(flt))
    placed_total = store.count_canonical_events(_bare(flt, bbox=flt.bbox or WORLD))
    unplaced_count = total - placed_total if flt.bbox is None else None
    area: BBox = view or flt.bbox or WORLD
    if flt.bbox is not None and view is not None:  # both: their intersection
        area = (
            max(view[0], flt.bbox[0]),
            max(view[1], flt.bbox[1]),
            min(view[2], flt.bbox[2]),
            min(view[3], flt.bbox[3]),
        )
        if area[0] > area[2] or area[1] > area[3]:
            area = flt.bbox
    in_view = replace(flt, bbox=area)
    unplaced: list[dict[str, Any]] = []
    if unplaced_count and total <= POINT_LIMIT:
        unplaced = [
            _point_json(pt)
            for pt in iter_points(store, flt, POINT_LIMIT)
            if pt.precision in ("country", "unknown") or pt.lat is None or pt.lon is None
        ][:MAX_UNPLACED]
    base = {"total": total, "placed": placed_total, "unplaced_count": unplaced_count, "unplaced": unplaced}
    n_view = store.count_canonical_events(_bare(in_view))
    if n_view <= POINT_LIMIT:
        points = [_point_json(pt) for pt in iter_points(store, in_view, POINT_LIMIT) if pt.lat is not None]
        return {**base, "mode": "points", "in_view": n_view, "points": points}
    key = (repr(in_view), zoom, n_view)
    if cache is not None and (hit := cache.get(key)) is not None:
        return {**base, **hit}
    if _fast(store) is not None:
        result = _grid(store, in_view, zoom, n_view)
    else:
        result = _regions(store, in_view, n_view)
    if cache is not None:
        cache.put(key, result)
    return {**base, **result}


def _regions(store: Store, flt: EventFilter, n_view: int) -> dict[str, Any]:
    stats = store.stats(_bare(flt))
    rows = sorted(stats.get("by_admin1", []), key=lambda r: -int(r.get("events", 0)))[:MAX_REGIONS]
    groups = []
    for row in rows:
        name = row.get("admin1")
        if not name:
            continue
        sample = [
            pt for pt in iter_points(store, replace(flt, admin1=name), REGION_SAMPLE) if pt.lat is not None
        ]
        if not sample:
            continue
        lats = [pt.lat for pt in sample if pt.lat is not None]
        lons = [pt.lon for pt in sample if pt.lon is not None]
        groups.append(
            {
                "admin1": name,
                "lat": round(sum(lats) / len(lats), 5),
                "lon": round(sum(lons) / len(lons), 5),
                "count": int(row.get("events", 0)),
                "fatalities": int(row.get("fatalities", 0)),
                "bbox": [min(lons) - 0.5, min(lats) - 0.5, max(lons) + 0.5, max(lats) + 0.5],
                "id": None,
            }
        )
    return {"mode": "regions", "in_view": n_view, "clusters": groups}


def _grid_rows(store: Store, flt: EventFilter, n_view: int) -> Iterator[tuple[Any, ...]]:
    """(id, lat, lon, precision, event_type, fatalities) of the events to bin."""
    fast = _fast(store)
    if fast is not None:
        # every match fits: no limit, so the store needs no sort; else the newest MAX_SCAN
        rows = fast(replace(flt, limit=None if n_view <= MAX_SCAN else MAX_SCAN))
        for n, r in enumerate(rows):
            if n >= MAX_SCAN:
                return
            yield r["id"], r["lat"], r["lon"], r["precision"], r["event_type"], r["fatalities"]
        return
    for pt in iter_points(store, flt, MAX_SCAN):
        yield pt.id, pt.lat, pt.lon, pt.precision, pt.event_type, pt.fatalities


def _grid(store: Store, flt: EventFilter, zoom: int, n_view: int) -> dict[str, Any]:
    size = cell_size(zoom)
    cells: dict[tuple[int, int], list[Any]] = {}
    scanned = 0
    floor = math.floor
    for event_id, lat, lon, precision, event_type, dead in _grid_rows(store, flt, n_view):
        scanned += 1
        if lat is None or lon is None or precision in ("country", "unknown"):
            continue
        k = (floor(lon / size), floor(lat / size))
        c = cells.get(k)
        if c is None:  # count, fatalities, sum of lat, sum of lon, types, a sample id
            c = cells[k] = [0, 0, 0.0, 0.0, {}, event_id]
        c[0] += 1
        c[1] += dead or 0
        c[2] += lat
        c[3] += lon
        types = c[4]
        types[event_type] = types.get(event_type, 0) + 1
    clusters = []
    for (cx, cy), (n, dead, lat_sum, lon_sum, types, sample) in cells.items():
        clusters.append(
            {
                "lat": round(lat_sum / n, 5),
                "lon": round(lon_sum / n, 5),
                "count": n,
                "fatalities": dead,
                "types": types,
                "bbox": [cx * size, cy * size, (cx + 1) * size, (cy + 1) * size],
                "id": sample if n == 1 else None,
            }
        )
    return {
        "mode": "clusters",
        "in_view": n_view,
        "scanned": scanned,
        "truncated": scanned < n_view,
        "cell_degrees": size,
        "clusters": clusters,
    }
