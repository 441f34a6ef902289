"""`sitrep bench api`: API latency over a store of synthetic canonical events, from a second process.

The bench writes N synthetic canonical events (100,000; 10,000 with --quick) and a pool of
documents into a temporary SQLite store through the Store API, starts `sitrep serve` machinery
(uvicorn) in a child process on 127.0.0.1, and times, from this process, a bounded number of
requests: a filtered page of 100 events, event detail, a 10,000-event GeoJSON stream, the map
layer and the stats. Every figure is a wall-clock time to the last byte.
"""

from __future__ import annotations

import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from sitrep.model import Actor, CanonicalEvent, Document, Event, Extraction, Place, Span

TYPES = (
    ("Battles", "Armed clash"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"),
    ("Strategic developments", "Looting/property destruction"),
)
REGIONS = (
    ("Kharkiv Oblast", 49.99, 36.23),
    ("Donetsk Oblast", 48.0, 37.8),
    ("Zaporizhzhia Oblast", 47.84, 35.14),
    ("Kherson Oblast", 46.64, 32.62),
    ("Odesa Oblast", 46.48, 30.72),
    ("Sumy Oblast", 50.91, 34.8),
    ("Kyiv Oblast", 50.45, 30.52),
    ("Dnipropetrovsk Oblast", 48.46, 35.04),
)
WORDS = ("shelling", "drone", "missile", "clash", "assault", "strike", "protest", "convoy", "depot", "bridge")
START = date(2023, 1, 1)
DAYS = 730
TARGETS = {"list page of 100 (filtered)": 100.0, "geojson 10k stream": 2000.0}


def synthetic_events(n: int, doc_ids: list[str], seed: int = 7) -> Iterator[CanonicalEvent]:
    """Deterministic synthetic canonical events spread over eight regions and two years."""
    rnd = random.Random(seed)
    for i in range(n):
        etype, sub = TYPES[rnd.randrange(len(TYPES))]
        region, lat, lon = REGIONS[rnd.randrange(len(REGIONS))]
        words = " ".join(rnd.choice(WORDS) for _ in range(6))
        text = f"Reported {sub.lower()} in {region}: {words}."
        precision = rnd.choice((1, 1, 1, 2, 3))
        place = Place(
            span=Span(0, 0),
            name=f"Place {i % 5000}",
            canonical=f"Place {i % 5000}",
            country="Ukraine",
            country_code="UA",
            admin1=region,
            latitude=round(lat + rnd.uniform(-0.8, 0.8), 4),
            longitude=round(lon + rnd.uniform(-1.2, 1.2), 4),
            geo_precision=precision,
            feature="town",
            reason="synthetic",
        )
        day = START + timedelta(days=rnd.randrange(DAYS))
        docs = rnd.sample(doc_ids, k=min(len(doc_ids), rnd.randint(1, 3)))
        event = Event(
            id=f"m-{i}",
            doc_id="",
            event_type=etype,
            sub_event_type=sub,
            evidence=[Span(0, len(text), text)],
            event_date=day,
            time_precision=1,
            place=place,
            actor1=Actor("Military Forces of Russia (2000-)", inter=8),
            actor2=Actor("Military Forces of Ukraine (2019-)", inter=1) if etype == "Battles" else None,
            fatalities=rnd.choice((0, 0, 0, 1, 2, 3, 5, 8, 13)),
            reasons={"event_type": "synthetic"},
        )
        reported = datetime(day.year, day.month, day.day, 12, 0)
        yield CanonicalEvent(
            id=f"syn-{i:06d}",
            event=event,
            mention_ids=[f"m-{i}"],
            doc_ids=docs,
            outlets=[f"Outlet {d[:4]}" for d in docs],
            independent_sources=len(docs),
            first_reported=reported,
            last_reported=reported,
        )


def build_store(url: str, n: int, n_docs: int = 300) -> list[str]:
    from sitrep.store import open_store

    store = open_store(url)
    try:
        doc_ids = []
        for j in range(n_docs):
            text = f"Synthetic report {j}: forces reported shelling and drone strikes near the front line."
            doc = Document.create(text, outlet=f"Outlet {j % 20}", title=f"Report {j}")
            store.save_extraction(Extraction(document=doc))
            doc_ids.append(doc.id)
        batch: list[CanonicalEvent] = []
        for ce in synthetic_events(n, doc_ids):
            batch.append(ce)
            if len(batch) >= 5000:
                store.upsert_canonical_events(batch)
                batch = []
        store.upsert_canonical_events(batch)
        return [f"syn-{i:06d}" for i in range(n)]
    finally:
        store.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


SERVER = (
    "import sys, uvicorn\n"
    "from sitrep.api import create_app\n"
    "from sitrep.settings import Settings\n"
    "uvicorn.run(create_app(Settings.load(db=sys.argv[1])), host='127.0.0.1', port=int(sys.argv[2]),"
    " log_level='warning', access_log=False)\n"
)


def _timed(client: httpx.Client, path: str) -> tuple[float, int]:
    t0 = time.perf_counter()
    size = 0
    with client.stream("GET", path) as resp:
        resp.raise_for_status()
        for chunk in resp.iter_bytes():
            size += len(chunk)
    return (time.perf_counter() - t0) * 1000, size


def _row(name: str, times: list[float], sizes: list[int]) -> dict[str, Any]:
    times = sorted(times)
    p95 = times[min(len(times) - 1, max(0, round(0.95 * len(times)) - 1))]
    target = TARGETS.get(name)
    return {
        "request": name,
        "n": len(times),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(p95, 1),
        "bytes": int(statistics.median(sizes)),
        "target_p95_ms": target,
        "ok": None if target is None else p95 <= target,
    }


def run(data: Path | None, quick: bool) -> dict[str, Any]:
    """The bench (``data`` is not used: the events are synthetic)."""
    if quick:
        return measure(10_000, reps=21, geo_reps=5, budget_s=120)
    return measure(100_000, reps=99, geo_reps=10, budget_s=600)


def measure(n_events: int, reps: int, geo_reps: int, budget_s: float) -> dict[str, Any]:
    """Build a store of ``n_events`` and time each kind of request ``reps`` times, within ``budget_s``."""
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-api-") as tmp:
        url = str(Path(tmp) / "bench.db")
        t0 = time.perf_counter()
        ids = build_store(url, n_events)
        build_s = time.perf_counter() - t0
        port = _free_port()
        proc = subprocess.Popen([sys.executable, "-c", SERVER, url, str(port)])
        rows: list[dict[str, Any]] = []
        try:
            base = f"http://127.0.0.1:{port}"
            with httpx.Client(base_url=base, timeout=60) as client:
                deadline = time.monotonic() + 60
                while True:
                    try:
                        client.get("/api/health").raise_for_status()
                        break
                    except httpx.HTTPError:
                        if time.monotonic() > deadline or proc.poll() is not None:
                            raise RuntimeError("bench server did not start") from None
                        time.sleep(0.2)
                rnd = random.Random(11)
                stop = time.monotonic() + budget_s

                def list_by_type() -> str:
                    etype, _ = TYPES[rnd.randrange(len(TYPES))]
                    start = START + timedelta(days=rnd.randrange(DAYS - 90))
                    return f"/api/events?limit=100&type={etype}&date_from={start}&date_to={start + timedelta(days=90)}"

                def list_by_bbox() -> str:
                    _, lat, lon = REGIONS[rnd.randrange(len(REGIONS))]
                    return (
                        f"/api/events?limit=100&bbox={lon - 1},{lat - 1},{lon + 1},{lat + 1}&min_fatalities=1"
                    )

                def list_by_text() -> str:
                    region, _, _ = REGIONS[rnd.randrange(len(REGIONS))]
                    return f"/api/events?limit=100&admin1={region}&q={rnd.choice(WORDS)}"

                kinds = (list_by_type, list_by_bbox, list_by_text)
                counter = iter(range(10**9))

                def list_path() -> str:  # the three kinds in turn
                    return kinds[next(counter) % 3]()

                zooms = iter(range(2, 40))

                def map_path() -> str:  # a new zoom each time: no cached answer
                    return f"/api/map?zoom={min(18, next(zooms))}"

                plan: list[tuple[str, Callable[[], str], int]] = [
                    ("list page of 100 (filtered)", list_path, reps),
                    ("  list: type + 90-day range", list_by_type, reps // 3),
                    ("  list: bbox 2x2 deg + min_fatalities", list_by_bbox, reps // 3),
                    ("  list: admin1 + full-text q", list_by_text, reps // 3),
                    ("event detail", lambda: f"/api/events/{rnd.choice(ids)}", reps),
                    ("geojson 10k stream", lambda: "/api/events.geojson?limit=10000", geo_reps),
                    ("map layer, all events, uncached", map_path, 5),
                    ("stats, all events", lambda: "/api/stats", 5),
                ]
                for name, make, count in plan:
                    if make is not map_path:
                        _timed(client, make())  # warm-up
                    times: list[float] = []
                    sizes: list[int] = []
                    for _ in range(count):
                        if time.monotonic() > stop:
                            break
                        ms, size = _timed(client, make())
                        times.append(ms)
                        sizes.append(size)
                    if times:
                        rows.append(_row(name, times, sizes))
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    header = "| request | n | p50 ms | p95 ms | median bytes | target p95 |\n|---|---:|---:|---:|---:|---|"
    lines = [
        f"| {r['request']} | {r['n']} | {r['p50_ms']} | {r['p95_ms']} | {r['bytes']} | "
        + (f"< {r['target_p95_ms']:.0f} ms: {'ok' if r['ok'] else 'MISSED'}" if r["target_p95_ms"] else "")
        + " |"
        for r in rows
    ]
    table = (
        f"{n_events} synthetic events, SQLite, built in {build_s:.1f} s; server in a child process on 127.0.0.1\n"
        + "\n".join([header, *lines])
    )
    return {"events": n_events, "build_s": round(build_s, 1), "rows": rows, "table": table}
