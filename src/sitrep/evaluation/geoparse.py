"""`sitrep eval lgl|gwn`: toponym recognition and resolution against geoparsing gold (XML).

LGL (Lieberman et al. 2010) and GeoWebNews (Gritta et al. 2019) give each article's text and
its gold toponyms with character offsets and coordinates. The places stage runs on the text
(no publication date needed) and is scored:

* recognition: precision/recall/F1 of predicted place spans against gold spans, exact offsets
  (``exact``) and any overlap (``overlap``, one gold matched at most once);
* resolution: for gold toponyms with coordinates that were recognised (overlap) and resolved,
  the share within 161 km (100 miles, the customary threshold), the median and mean error in
  km; ``acc161_all`` counts every gold toponym with coordinates (unrecognised = wrong).

GeoWebNews gold: the toponym types that name a place (Literal, Mixed, Coercion, Metonymic,
Literal_Modifier, Non_Literal_Modifier, Embedded_Literal, Embedded_Non_Lit); demonyms,
languages, homonyms, non-toponyms and "expressions" ("citizens") are not gold toponyms.
"""

from __future__ import annotations

import math
import statistics
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitrep.errors import ConfigError

GWN_TYPES = frozenset(
    {
        "Literal",
        "Mixed",
        "Coercion",
        "Metonymic",
        "Literal_Modifier",
        "Non_Literal_Modifier",
        "Embedded_Literal",
        "Embedded_Non_Lit",
    }  # fmt: skip
)


@dataclass
class GoldToponym:
    start: int
    end: int
    text: str
    lat: float | None
    lon: float | None


@dataclass
class Article:
    id: str
    text: str
    toponyms: list[GoldToponym]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _float(node: ET.Element | None) -> float | None:
    if node is None or not (node.text or "").strip():
        return None
    try:
        return float(node.text or "")
    except ValueError:
        return None


def parse_articles(path: Path, kind: str) -> list[Article]:
    if path.is_dir():
        name = "lgl.xml" if kind == "lgl" else "GWN.xml"
        path = path / name
    if not path.exists():
        raise ConfigError(
            f"geoparsing gold not found at {path}", "pass --data pointing at evaldata (geoparse/)"
        )
    root = ET.parse(path).getroot()
    out = []
    for i, art in enumerate(root.iter("article")):
        text = art.findtext("text") or ""
        tops = []
        for t in art.iter("toponym"):
            if kind == "gwn" and (t.findtext("type") or "") not in GWN_TYPES:
                continue
            try:
                start, end = int(t.findtext("start") or ""), int(t.findtext("end") or "")
            except ValueError:
                continue
            gaz = t.find("gaztag")
            if gaz is not None:
                lat, lon = _float(gaz.find("lat")), _float(gaz.find("lon"))
            else:
                lat, lon = _float(t.find("latitude")), _float(t.find("longitude"))
            tops.append(GoldToponym(start, end, text[start:end], lat, lon))
        out.append(Article(art.get("docid") or art.get("file") or str(i), text, tops))
    return out


def run(path: Path, limit: int | None = None, suite: str = "") -> dict[str, Any]:
    from sitrep.model import Document
    from sitrep.pipeline import Pipeline

    kind = "gwn" if suite == "gwn" or path.name.lower().startswith("gwn") else "lgl"
    articles = parse_articles(path, kind)[: limit or None]
    pipeline = Pipeline(stages=["places"])
    tp_exact = tp_overlap = n_pred = n_gold = 0
    errors_km: list[float] = []
    n_gold_coords = 0
    missed: Counter[str] = Counter()
    spurious: Counter[str] = Counter()
    far: list[dict[str, Any]] = []
    docs = (Document.create(a.text or " ") for a in articles)
    for art, ex in zip(articles, pipeline.extract_many(docs), strict=True):
        preds = [p for p in ex.places]
        n_pred += len(preds)
        n_gold += len(art.toponyms)
        exact = {(p.span.start, p.span.end) for p in preds}
        used: set[int] = set()
        for g in art.toponyms:
            if (g.start, g.end) in exact:
                tp_exact += 1
            if g.lat is not None and g.lon is not None:
                n_gold_coords += 1
            match = None
            for i, p in enumerate(preds):
                if i not in used and p.span.start < g.end and g.start < p.span.end:
                    match = i
                    break
            if match is None:
                missed[g.text] += 1
                continue
            used.add(match)
            tp_overlap += 1
            p = preds[match]
            if g.lat is None or g.lon is None or p.latitude is None or p.longitude is None:
                continue
            km = haversine_km(g.lat, g.lon, p.latitude, p.longitude)
            errors_km.append(km)
            if km > 161 and len(far) < 400:
                far.append({"doc": art.id, "name": g.text, "chosen": p.canonical, "country": p.country_code,
                            "admin1": p.admin1, "km": round(km), "reason": p.reason})  # fmt: skip
        for i, p in enumerate(preds):
            if i not in used:
                spurious[p.name] += 1

    def prf(tp: int) -> dict[str, float]:
        pr = tp / n_pred if n_pred else 0.0
        rc = tp / n_gold if n_gold else 0.0
        f1 = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
        return {"precision": round(pr, 4), "recall": round(rc, 4), "f1": round(f1, 4)}

    within = sum(1 for km in errors_km if km <= 161)
    metrics = {
        "articles": len(articles),
        "gold_toponyms": n_gold,
        "predicted": n_pred,
        "exact": prf(tp_exact),
        "overlap": prf(tp_overlap),
        "resolved_scored": len(errors_km),
        "acc161": round(within / len(errors_km), 4) if errors_km else 0.0,
        "acc161_all": round(within / n_gold_coords, 4) if n_gold_coords else 0.0,
        "median_km": round(statistics.median(errors_km), 1) if errors_km else None,
        "mean_km": round(statistics.fmean(errors_km), 1) if errors_km else None,
    }
    name = suite or kind
    e, o = metrics["exact"], metrics["overlap"]
    table = "\n".join(
        [
            f"{name}: {len(articles)} articles, {n_gold} gold toponyms, {n_pred} predicted",
            "  recognition      precision  recall  F1",
            f"    exact span       {e['precision']:.3f}    {e['recall']:.3f}  {e['f1']:.3f}",  # type: ignore[index]
            f"    overlap          {o['precision']:.3f}    {o['recall']:.3f}  {o['f1']:.3f}",  # type: ignore[index]
            f"  resolution ({len(errors_km)} recognised gold toponyms with coordinates)",
            f"    accuracy@161km   {metrics['acc161']:.3f}   (all gold with coordinates: {metrics['acc161_all']:.3f})",
            f"    median error km  {metrics['median_km']}   mean {metrics['mean_km']}",
        ]
    )
    return {
        "suite": name,
        "metrics": metrics,
        "table": table,
        "top_missed": missed.most_common(30),
        "top_spurious": spurious.most_common(30),
        "far_examples": far,
    }
