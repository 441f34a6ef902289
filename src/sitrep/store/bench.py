"""Store benchmark: bulk upsert and the API's queries over many synthetic canonical events.

    python -m sitrep.store.bench --db /tmp/bench.db --events 100000
    python -m sitrep.store.bench --db postgresql://user@127.0.0.1:5432/bench --events 100000

Prints one JSON object: the upsert rate and p50/p95 (ms) per query. The database should be
empty (or hold an earlier run of the same size, which is then reused).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from sitrep.model import Actor, CanonicalEvent, Event, Place, Span
from sitrep.store import EventFilter, open_store
from sitrep.store.base import Store

TYPES = [
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Battles", "Armed clash"),
    ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"),
]
PLACES = [
    ("Kharkiv", "Kharkivska", 49.99, 36.23),
    ("Bakhmut", "Donetska", 48.59, 38.0),
    ("Kherson", "Khersonska", 46.64, 32.61),
    ("Odesa", "Odeska", 46.48, 30.72),
    ("Zaporizhzhia", "Zaporizka", 47.84, 35.14),
    ("Kyiv", "Kyiv City", 50.45, 30.52),
    ("Ukraine", None, None, None),
]
ACTORS = ["Military Forces of Russia", "Military Forces of Ukraine", "Civilians (Ukraine)", "Wagner Group"]
WORDS = ["missile", "drone", "shelling", "strike", "clash", "village", "power", "station", "school", "convoy"]


def synthetic_event(n: int, rng: random.Random) -> CanonicalEvent:
    event_type, sub_type = rng.choice(TYPES)
    name, admin1, lat, lon = rng.choice(PLACES)
    jitter = (rng.uniform(-0.3, 0.3), rng.uniform(-0.3, 0.3)) if lat is not None else (0.0, 0.0)
    day = date(2022, 2, 24) + timedelta(days=rng.randrange(1000))
    words = " ".join(rng.sample(WORDS, 4))
    text = f"Report {n}: {words} near {name}."
    event = Event(
        id=f"bench-m-{n}",
        doc_id="",
        event_type=event_type,
        sub_event_type=sub_type,
        evidence=[Span(0, len(text), text)],
        event_date=day,
        time_precision=1,
        place=Place(
            span=Span(0, len(name), name),
            name=name,
            canonical=name,
            country="Ukraine",
            admin1=admin1,
            latitude=lat + jitter[0] if lat is not None else None,
            longitude=lon + jitter[1] if lon is not None else None,
            geo_precision=1 if lat is not None else 3,
            feature="town" if lat is not None else "country",
        ),
        actor1=Actor(name=rng.choice(ACTORS)),
        actor2=Actor(name=rng.choice(ACTORS)) if rng.random() < 0.4 else None,
        fatalities=int(rng.expovariate(0.3)),
    )
    return CanonicalEvent(
        id=f"bench-{n:07d}",
        event=event,
        mention_ids=[f"bench-m-{n}"],
        doc_ids=[f"bench-d-{n}"],
        external_ids=[f"ext-{n}"],
        outlets=["Bench Wire"],
        independent_sources=1 + int(rng.expovariate(0.8)),
        first_reported=datetime(2022, 2, 24) + timedelta(days=rng.randrange(1000)),
    )


QUERIES: dict[str, EventFilter] = {
    "page": EventFilter(),
    "page_type_dates": EventFilter(
        event_type="Battles", date_from=date(2023, 1, 1), date_to=date(2023, 6, 30)
    ),
    "page_admin1_min_fatalities": EventFilter(admin1="Donetska", min_fatalities=5),
    "page_bbox": EventFilter(bbox=(30.0, 46.0, 33.5, 47.5)),
    "page_actor": EventFilter(actor="wagner"),
    "page_text": EventFilter(q="drone school"),
    "page_sorted_fatalities": EventFilter(sort="-fatalities", event_type="Violence against civilians"),
    "page_sorted_sources_offset": EventFilter(sort="-independent_sources", offset=5000),
    "page_min_sources_3": EventFilter(min_sources=3),
}


def _timed(fn: Callable[[], Any], repeat: int) -> dict[str, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return {"p50_ms": round(statistics.median(times), 2), "p95_ms": round(p95, 2)}


def run(store: Store, n_events: int, repeat: int = 20, seed: int = 7) -> dict[str, Any]:
    result: dict[str, Any] = {"backend": type(store).__name__, "events": n_events, "repeat": repeat}
    have = store.count_canonical_events(EventFilter())
    if have not in (0, n_events):
        raise SystemExit(f"the database holds {have} canonical events; give an empty one")
    if have == 0:
        rng = random.Random(seed)
        events = [synthetic_event(i, rng) for i in range(n_events)]
        start = time.perf_counter()
        for i in range(0, n_events, 10_000):
            store.upsert_canonical_events(events[i : i + 10_000])
        seconds = time.perf_counter() - start
        result["upsert_s"] = round(seconds, 2)
        result["upsert_events_per_s"] = round(n_events / seconds)
    queries: dict[str, Any] = {}
    for name, flt in QUERIES.items():
        queries[name] = _timed(lambda flt=flt: store.list_canonical_events(flt), repeat)  # type: ignore[misc]
    first = store.list_canonical_events(EventFilter())
    from sitrep.store.base import next_cursor

    cursor_flt = EventFilter(after=next_cursor(first, EventFilter()))
    queries["page_2_keyset"] = _timed(lambda: store.list_canonical_events(cursor_flt), repeat)
    queries["count_type"] = _timed(
        lambda: store.count_canonical_events(EventFilter(event_type="Battles")), repeat
    )
    queries["stats_all"] = _timed(lambda: store.stats(EventFilter()), max(3, repeat // 4))
    queries["stats_admin1"] = _timed(lambda: store.stats(EventFilter(admin1="Donetska")), max(3, repeat // 4))
    queries["get_event"] = _timed(lambda: store.get_canonical_event("bench-0000042"), repeat)
    queries["export_10000"] = _timed(
        lambda: sum(1 for _ in store.iter_canonical_events(EventFilter(limit=10_000))), 3
    )
    result["queries"] = queries
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", required=True, help="SQLite path or postgresql:// URL (an empty database)")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    store = open_store(args.db)
    try:
        json.dump(run(store, args.events, args.repeat), sys.stdout, indent=2)
        sys.stdout.write("\n")
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
