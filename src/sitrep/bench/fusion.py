"""`sitrep bench fusion`: fusion time and peak memory at 1k, 10k and 100k synthetic event mentions.

The bench writes its own synthetic reports (no evaluation data needed): true events spread over
towns in 25 regions at a constant density (about 100 mentions a day, so more mentions means a
longer period, as in a growing ledger), each reported 1-6 times by different outlets, some as
near-verbatim copies of a wire story, some at region level, some without a place. Fusion here is
everything :func:`sitrep.fuse.fuse_all` computes: story families over the documents, the fusion
view of every mention, blocking, clustering and the merged canonical records (the store's own
reads and writes are benchmarked with the store). Wall and CPU seconds are both reported (CPU
time is the steadier figure on a shared machine). Each size runs in a fresh process, so the peak
memory (max RSS) is that size's own. The growth exponent is the least-squares slope of
log(time) on log(mentions); the targets are <= 1.2 and 100k mentions in under 2 minutes.
"""

from __future__ import annotations

import math
import multiprocessing
import random
import resource
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (500, 2_000)
PER_DAY = 100
WORDS = (
    "forces shelled struck attack village town residential district overnight officials said regional "
    "governor reported damaged killed wounded civilians soldiers positions front line drones missiles "
    "artillery strike power plant school hospital bridge convoy checkpoint clashes offensive defence"
).split()


def synthetic(n: int, seed: int = 1) -> tuple[list[Any], list[Any]]:
    """(documents, event mentions): ``n`` mentions from reports of about n/3 true events."""
    from sitrep.model import Casualty, Document, Event, Place, Span, Weapon

    rng = random.Random(seed)
    days = max(1, n // PER_DAY)
    start = date(2022, 1, 1)
    regions = [(f"Region {r}", 46.0 + (r % 5), 30.0 + (r // 5) * 1.5) for r in range(25)]
    types = [
        ("Explosions/Remote violence", "Shelling/artillery/missile attack", "artillery"),
        ("Explosions/Remote violence", "Air/drone strike", "drone"),
        ("Battles", "Armed clash", None),
        ("Violence against civilians", "Attack", None),
    ]
    docs: list[Document] = []
    events: list[Event] = []
    while len(events) < n:
        k = len(docs)
        region, rlat, rlon = rng.choice(regions)
        town = rng.randrange(40)
        lat, lon = rlat + (town % 8) * 0.12, rlon + (town // 8) * 0.15
        day = start + timedelta(days=rng.randrange(days))
        etype, sub, weapon = rng.choice(types)
        killed = rng.choice([None, 0, 1, 2, 3, 5, 8])
        wire = " ".join(rng.choice(WORDS) for _ in range(40)) + f" {rng.randrange(10**6)}"
        for r in range(min(rng.randrange(1, 7), n - len(events))):
            coarse, unknown = rng.random() < 0.1, rng.random() < 0.05
            name = region if coarse else f"Town {region[7:]}-{town}"
            place = None
            if not unknown:
                place = Place(
                    span=Span(0, len(name), name),
                    name=name,
                    canonical=name,
                    gazetteer_id=f"synthetic:{name}",
                    country="Ukraine",
                    country_code="UA",
                    admin1=region,
                    latitude=rlat if coarse else lat,
                    longitude=rlon if coarse else lon,
                    geo_precision=3 if coarse else 1,
                    feature="admin1" if coarse else "town",
                )
            text = wire if r and rng.random() < 0.3 else " ".join(rng.choice(WORDS) for _ in range(60))
            doc = Document.create(
                f"{text} report {k}-{r}",
                outlet=f"Outlet {rng.randrange(30)}",
                published=datetime(day.year, day.month, day.day, 6) + timedelta(hours=rng.randrange(60)),
            )
            figure = None if killed is None else killed + rng.choice([0, 0, 1, 2])
            docs.append(doc)
            events.append(
                Event(
                    id=f"m{len(events)}",
                    doc_id=doc.id,
                    event_type=etype,
                    sub_event_type=sub,
                    event_date=day if rng.random() > 0.1 else None,
                    time_precision=1,
                    place=place,
                    fatalities=figure,
                    casualties=[Casualty("killed", figure)] if figure is not None else [],
                    weapons=[Weapon(weapon)] if weapon and rng.random() < 0.5 else [],
                )
            )
            if len(events) >= n:
                break
    return docs, events


def fuse_synthetic(n: int) -> dict[str, float]:
    """Generate ``n`` mentions, fuse them; seconds per phase and the clusters found."""
    from sitrep.fuse.canonical import cluster_mentions
    from sitrep.fuse.families import build_families, family_map
    from sitrep.fuse.mentions import mention_from_event
    from sitrep.fuse.merge import build_canonical

    docs, events = synthetic(n)
    t0, c0 = time.perf_counter(), time.process_time()
    families = build_families(docs)
    t1 = time.perf_counter()
    fam_of = family_map(families)
    by_id = {d.id: d for d in docs}
    mentions = [mention_from_event(e, by_id[e.doc_id], fam_of.get(e.doc_id, "")) for e in events]
    clusters = cluster_mentions(mentions)
    canonical = [build_canonical(c) for c in clusters]
    t2, c2 = time.perf_counter(), time.process_time()
    return {
        "cpu_s": c2 - c0,
        "mentions": float(n),
        "documents": float(len(docs)),
        "families": float(len(families)),
        "canonical_events": float(len(canonical)),
        "families_s": t1 - t0,
        "events_s": t2 - t1,
        "seconds": t2 - t0,
    }


def _child(n: int, queue: Any) -> None:
    result = fuse_synthetic(n)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put(result)


def measure(n: int) -> dict[str, float]:
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(n, queue))
    proc.start()
    result: dict[str, float] = queue.get()
    proc.join()
    return result


def growth_exponent(points: list[tuple[float, float]]) -> float:
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(max(t, 1e-6)) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else 0.0


def run(data: Path | None, quick: bool) -> dict[str, Any]:
    rows = [measure(n) for n in (QUICK_SIZES if quick else SIZES)]
    exponent = growth_exponent([(r["mentions"], r["seconds"]) for r in rows])
    cpu_exponent = growth_exponent([(r["mentions"], r["cpu_s"]) for r in rows])
    lines = ["mentions  documents  families  events    families_s  events_s  total_s  cpu_s    peak_MB"]
    for r in rows:
        lines.append(
            f"{int(r['mentions']):8d}  {int(r['documents']):9d}  {int(r['families']):8d}  {int(r['canonical_events']):7d}"
            f"  {r['families_s']:10.2f}  {r['events_s']:8.2f}  {r['seconds']:7.2f}  {r['cpu_s']:7.2f}  {r['peak_rss_mb']:7.0f}"
        )
    lines.append(
        f"fitted growth exponent (time ~ mentions^k): k = {exponent:.2f} wall, {cpu_exponent:.2f} CPU (target <= 1.2)"
    )
    return {
        "rows": rows,
        "growth_exponent": exponent,
        "cpu_growth_exponent": cpu_exponent,
        "table": "\n".join(lines),
    }
