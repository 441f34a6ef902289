"""`sitrep eval ucdp-fusion` with sentence embeddings on: could headline similarity find the pairs
fusion leaves apart?

For every pair of items published within a day of each other that fusion put in no common
canonical event, the cosine of the two headlines' sentence embeddings (the ``embeddings`` extra,
all-MiniLM-L6-v2) is bucketed, and each bucket reports how many of its pairs UCDP counts as one
event. Adding pairs whose share is above half the current pairwise F1 raises F1 (2TP / (pred +
gold) grows exactly when the added pairs are right more often than that), so the table says at a
glance whether similarity is worth a merge rule.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from itertools import combinations
from typing import TYPE_CHECKING

from sitrep.fuse.embeddings import cosine

if TYPE_CHECKING:
    from sitrep.evaluation.ucdp_fusion import Item
    from sitrep.fuse.embeddings import Embedder

BANDS = (0.8, 0.6, 0.4, 0.0)  # lower bounds, highest first
WINDOW_DAYS = 1


def _day(item: Item) -> date | None:
    try:
        return date.fromisoformat(item[1])
    except ValueError:
        return None


def apart_pairs(pred: dict[Item, set[str]]) -> list[tuple[Item, Item]]:
    """Pairs of items published within ``WINDOW_DAYS`` of each other that share no predicted event."""
    by_day: dict[date, list[Item]] = defaultdict(list)
    for item in sorted(pred):
        day = _day(item)
        if day is not None:
            by_day[day].append(item)
    out: list[tuple[Item, Item]] = []
    for day, items in sorted(by_day.items()):
        near = list(combinations(items, 2))
        for lag in range(1, WINDOW_DAYS + 1):
            near += [(a, b) for a in items for b in by_day.get(day + timedelta(days=lag), [])]
        out += [(a, b) for a, b in near if not pred[a] & pred[b]]
    return out


def similarity_bands(
    pred: dict[Item, set[str]], gold: dict[Item, set[str]], embedder: Embedder
) -> list[tuple[float, int, int]]:
    """[(band's lower cosine bound, pairs left apart in it, of which one UCDP event)], highest first."""
    pairs = apart_pairs(pred)
    items = sorted({i for pair in pairs for i in pair})
    vectors = dict(zip(items, embedder.encode([i[2] for i in items]), strict=True))
    counts = {band: [0, 0] for band in BANDS}
    for a, b in pairs:
        c = cosine(vectors[a], vectors[b])
        band = next(x for x in BANDS if c >= x or x == BANDS[-1])
        counts[band][0] += 1
        counts[band][1] += bool(gold[a] & gold[b])
    return [(band, n, same) for band, (n, same) in counts.items()]


def table(bands: list[tuple[float, int, int]], pairwise_f1: float) -> str:
    lines = [
        f"headline pairs left apart (published within {WINDOW_DAYS} day), by embedding cosine:",
        "cosine      pairs  one UCDP event  share",
    ]
    upper = "1.0"
    for band, n, same in bands:
        share = f"{same / n:.3f}" if n else "-"
        lines.append(f"{band:.1f}-{upper:<5} {n:7d}  {same:14d}  {share}")
        upper = f"{band:.1f}"
    lines.append(
        f"(merging pairs right more often than {pairwise_f1 / 2:.3f}, half the pairwise F1, would raise F1)"
    )
    return "\n".join(lines)
