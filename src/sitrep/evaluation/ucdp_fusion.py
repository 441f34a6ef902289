"""`sitrep eval ucdp-fusion`: cross-article grouping scored against UCDP GED source headlines.

Each UCDP event lists the articles behind it (``source_article``: quoted "outlet,date,headline"
entries separated by semicolons). Every distinct (outlet, date, headline) is one *item*; its
headline becomes one document (text and title = the headline, outlet, publication date) run
through the whole pipeline (:class:`sitrep.pipeline.Pipeline`) and stored in a temporary SQLite
store, with fusion run after every batch as ingest does.

How items are scored:

* an item's predicted groups are the canonical events holding any mention extracted from it; an
  item from which no event mention was extracted stays a singleton;
* multi-event headlines (one headline listed under several UCDP events) belong to all of them:
  a pair of items is a gold pair when they share at least one UCDP event, and B-cubed uses the
  extended (multiplicity) definition of Amigó et al. (2009) for overlapping clusters;
* context-only headlines (listed by UCDP but not reporting the event itself) are not marked in
  the data, so they are scored like any other item; when the pipeline finds no event in them
  they stay singletons and cost recall. The table reports how many items had no mention.
* the headline is given as it is (the extractor reads a document made only of a headline as
  the report itself; it skips headline-like lines only where a body follows);
* each item is its own document, even where two outlets ran the same words; entries whose
  "headline" has no letters (placeholders such as "-") are left out.

Reports pairwise precision/recall/F1 over same-event pairs, B-cubed precision/recall/F1, the
all-singletons baseline, the share of UCDP events over- and under-merged, and (as a diagnostic)
the pairs implied by story families alone. With ``SITREP_EMBEDDINGS=true`` (the ``embeddings``
extra) it also tells how often headline pairs left apart are one UCDP event, by the cosine of their
sentence embeddings (:mod:`sitrep.evaluation.ucdp_fusion_similarity`).
"""

from __future__ import annotations

import csv
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from itertools import combinations
from pathlib import Path
from typing import Any

from sitrep.errors import ConfigError
from sitrep.evaluation.ucdp import csv_path, headline_document
from sitrep.model import Document

Item = tuple[str, str, str]  # outlet, date, headline
BATCH = 64


def parse_articles(field: str) -> list[Item]:
    """``"outlet,date,headline";"..."`` -> [(outlet, date, headline)] (malformed entries dropped)."""
    out: list[Item] = []
    for row in csv.reader([field], delimiter=";", quotechar='"'):
        for entry in row:
            parts = entry.split(",", 2)
            if len(parts) == 3 and parts[2].strip():
                out.append((parts[0].strip(), parts[1].strip(), parts[2].strip()))
    return out


def load_gold(path: Path, limit: int | None = None) -> dict[Item, set[str]]:
    """item -> the UCDP event ids that cite it (first ``limit`` events)."""
    gold: dict[Item, set[str]] = defaultdict(set)
    with csv_path(path).open(newline="", encoding="utf-8") as fh:
        for n, row in enumerate(csv.DictReader(fh)):
            if limit is not None and n >= limit:
                break
            for outlet, day, headline in parse_articles(row.get("source_article", "")):
                if not any(ch.isalpha() for ch in headline):
                    continue  # a placeholder ("-"), not a headline
                gold[(outlet, day, " ".join(headline.split()))].add(row["id"])
    return dict(gold)


def _document(item: Item, n: int) -> Document:
    outlet, day, headline = item
    try:
        published: datetime | None = datetime.fromisoformat(day).replace(hour=12)
    except ValueError:
        published = None
    return headline_document(outlet, day, headline, published, external_id=f"ucdp-item-{n}")


def pair_set(groups: dict[Item, set[str]]) -> set[tuple[Item, Item]]:
    by_group: dict[str, list[Item]] = defaultdict(list)
    for item, gs in groups.items():
        for g in gs:
            by_group[g].append(item)
    pairs: set[tuple[Item, Item]] = set()
    for members in by_group.values():
        for a, b in combinations(sorted(members), 2):
            pairs.add((a, b))
    return pairs


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def bcubed(pred: dict[Item, set[str]], gold: dict[Item, set[str]]) -> tuple[float, float, float]:
    """Extended B-cubed (Amigo et al. 2009): overlapping clusters and categories allowed."""

    def side(a: dict[Item, set[str]], b: dict[Item, set[str]]) -> float:
        by_group: dict[str, list[Item]] = defaultdict(list)
        for item, gs in a.items():
            for g in gs:
                by_group[g].append(item)
        total = 0.0
        for e in a:
            partners = {x for g in a[e] for x in by_group[g]}
            score = 0.0
            for x in partners:
                shared_a = len(a[e] & a[x])
                score += min(shared_a, len(b[e] & b[x])) / shared_a
            total += score / len(partners)
        return total / len(a) if a else 0.0

    p, r = side(pred, gold), side(gold, pred)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def merge_shares(pred: dict[Item, set[str]], gold: dict[Item, set[str]]) -> tuple[float, float]:
    """(share of UCDP events over-merged, share of multi-item UCDP events under-merged).

    Over-merged: one of the event's items shares a predicted cluster with an item that shares no
    UCDP event with it. Under-merged: no single predicted cluster holds all the event's items.
    """
    by_gold: dict[str, set[Item]] = defaultdict(set)
    by_pred: dict[str, set[Item]] = defaultdict(set)
    for item, gs in gold.items():
        for g in gs:
            by_gold[g].add(item)
    for item, ps in pred.items():
        for p in ps:
            by_pred[p].add(item)
    over_events: set[str] = set()
    for members in by_pred.values():
        for a, b in combinations(sorted(members), 2):
            if not gold[a] & gold[b]:
                over_events |= gold[a] | gold[b]
    under = multi = 0
    for items in by_gold.values():
        if len(items) > 1:
            multi += 1
            clusters = {p for i in items for p in pred[i]}
            if not any(items <= by_pred[p] for p in clusters):
                under += 1
    return len(over_events) / max(1, len(by_gold)), under / max(1, multi)


def score(pred: dict[Item, set[str]], gold: dict[Item, set[str]]) -> dict[str, float]:
    gold_pairs, pred_pairs = pair_set(gold), pair_set(pred)
    p, r, f = prf(len(gold_pairs & pred_pairs), len(pred_pairs), len(gold_pairs))
    bp, br, bf = bcubed(pred, gold)
    singles = {i: {f"solo:{n}"} for n, i in enumerate(sorted(gold))}
    sp, sr, sf = bcubed(singles, gold)
    over, under = merge_shares(pred, gold)
    return {
        "pairwise_precision": p,
        "pairwise_recall": r,
        "pairwise_f1": f,
        "bcubed_precision": bp,
        "bcubed_recall": br,
        "bcubed_f1": bf,
        "singletons_bcubed_f1": sf,
        "singletons_bcubed_precision": sp,
        "singletons_bcubed_recall": sr,
        "over_merged": over,
        "under_merged": under,
        "gold_pairs": float(len(gold_pairs)),
        "predicted_pairs": float(len(pred_pairs)),
    }


def predict(
    items: Iterable[Item], store_dir: Path, batch: int = BATCH
) -> tuple[dict[Item, set[str]], dict[Item, set[str]], int]:
    """Run pipeline + fusion; (item -> canonical ids, item -> family ids, items without a mention)."""
    from sitrep.fuse import fuse_documents
    from sitrep.pipeline import Pipeline
    from sitrep.settings import Settings
    from sitrep.store import open_store

    settings = Settings.load()
    pipeline = Pipeline(settings)
    items = sorted(items)
    docs = [_document(item, n) for n, item in enumerate(items)]
    store = open_store(str(store_dir / "ucdp-fusion.db"))
    try:
        pending: list[str] = []
        for extraction in pipeline.extract_many(docs):
            store.save_extraction(extraction)
            pending.append(extraction.document.id)
            if len(pending) >= batch:
                fuse_documents(store, pending, settings)
                pending = []
        if pending:
            fuse_documents(store, pending, settings)
        mentions_of: dict[str, list[str]] = defaultdict(list)
        for ev in store.iter_event_mentions():
            mentions_of[ev.doc_id].append(ev.id)
        canonical = store.canonical_ids_for_mentions(sorted(m for ms in mentions_of.values() for m in ms))
        fam = {d: f.id for f in store.list_families() for d in f.members}
    finally:
        store.close()
    pred: dict[Item, set[str]] = {}
    fams: dict[Item, set[str]] = {}
    empty = 0
    for item, doc in zip(items, docs, strict=True):
        ids = {canonical[m] for m in mentions_of.get(doc.id, []) if m in canonical}
        if not ids:
            empty += 1
            ids = {f"doc:{doc.id}"}
        pred[item] = ids
        fams[item] = {fam.get(doc.id, f"doc:{doc.id}")}
    return pred, fams, empty


def run(path: Path, limit: int | None = None, suite: str = "") -> dict[str, Any]:
    gold = load_gold(path, limit)
    if not gold:
        raise ConfigError(f"no headlines found in {path}", "is this the UCDP GED CSV?")
    with tempfile.TemporaryDirectory(prefix="sitrep-ucdp-") as tmp:
        pred, fams, empty = predict(gold, Path(tmp))
    metrics = score(pred, gold)
    fam_scores = score(fams, gold)
    metrics["family_pairwise_precision"] = fam_scores["pairwise_precision"]
    metrics["family_pairwise_recall"] = fam_scores["pairwise_recall"]
    metrics["family_pairwise_f1"] = fam_scores["pairwise_f1"]
    metrics["items"] = float(len(gold))
    metrics["items_without_mention"] = float(empty)
    metrics["events"] = float(len({g for gs in gold.values() for g in gs}))
    m = metrics
    table = "\n".join(
        [
            f"UCDP fusion: {int(m['items'])} headline items behind {int(m['events'])} events "
            f"({int(m['gold_pairs'])} same-event pairs); {int(m['items_without_mention'])} items with no event mention",
            "metric              precision  recall     F1",
            f"pairwise            {m['pairwise_precision']:9.3f}  {m['pairwise_recall']:6.3f}  {m['pairwise_f1']:5.3f}"
            f"   ({int(m['predicted_pairs'])} predicted pairs)",
            f"B-cubed             {m['bcubed_precision']:9.3f}  {m['bcubed_recall']:6.3f}  {m['bcubed_f1']:5.3f}",
            f"B-cubed singletons  {m['singletons_bcubed_precision']:9.3f}  {m['singletons_bcubed_recall']:6.3f}  {m['singletons_bcubed_f1']:5.3f}",
            f"families only (pw)  {m['family_pairwise_precision']:9.3f}  {m['family_pairwise_recall']:6.3f}  {m['family_pairwise_f1']:5.3f}",
            f"over-merged events {m['over_merged']:.3f}   under-merged multi-headline events {m['under_merged']:.3f}",
        ]
    )
    from sitrep.settings import Settings

    if Settings.load().embeddings:  # would headline similarity find what fusion leaves apart?
        from sitrep.evaluation.ucdp_fusion_similarity import similarity_bands
        from sitrep.evaluation.ucdp_fusion_similarity import table as band_table
        from sitrep.fuse.embeddings import get_embedder

        embedder = get_embedder(True)
        assert embedder is not None
        bands = similarity_bands(pred, gold, embedder)
        for band, n, same in bands:
            metrics[f"apart_cosine_{band:.1f}_pairs"] = float(n)
            metrics[f"apart_cosine_{band:.1f}_same_event"] = float(same)
        table += "\n" + band_table(bands, m["pairwise_f1"])
    return {"suite": suite or "ucdp-fusion", "path": str(path), "metrics": metrics, "table": table}
