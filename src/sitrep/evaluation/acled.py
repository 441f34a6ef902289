"""`sitrep eval acled-*`: ACLED rows' ``notes`` as input, the row's coding as gold.

Each row's notes become one document (no publication date is given, so dates must come from
the text). The prediction for a row is the document's first event reported as having happened
(else its first event; a row with no event misses every field except fatalities, where it
predicts 0, which ACLED's rows with no deaths count as right). Scores:
event_type and sub_event_type accuracy, sub-type macro-F1 over the labels seen in gold or
predicted, a confusion table of the commonest errors, fatalities exact (overall and on rows with
at least one death) and mean absolute error, actor1 agreement (ACLED names compared without
their "(2000-)" year suffix and trailing body), admin1 (normalised), distance of the location to
the gold point (within 10/25/50 km), event_date exact, and geo_precision agreement.
"""

from __future__ import annotations

import csv
import json
import math
import re
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sitrep.errors import ConfigError
from sitrep.model import Document, Event
from sitrep.pipeline import Pipeline


@dataclass
class GoldRow:
    id: str
    notes: str
    event_type: str
    sub_event_type: str
    actor1: str
    fatalities: int
    admin1: str
    country: str
    latitude: float | None
    longitude: float | None
    event_date: date | None
    geo_precision: int | None


def _int(v: Any) -> int | None:
    try:
        return int(str(v).strip())
    except (TypeError, ValueError):
        return None


def _float(v: Any) -> float | None:
    try:
        return float(str(v).strip())
    except (TypeError, ValueError):
        return None


def parse_date(v: Any) -> date | None:
    s = str(v or "").strip()
    for fmt in ("%d %B %Y", "%d-%b-%y", "%Y-%m-%d", "%d %b %Y", "%d-%B-%Y"):
        try:
            return datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    return None


def _row(r: dict[str, Any]) -> GoldRow:
    return GoldRow(
        id=str(r.get("data_id") or r.get("event_id_cnty") or ""),
        notes=str(r.get("notes") or ""),
        event_type=str(r.get("event_type") or ""),
        sub_event_type=str(r.get("sub_event_type") or ""),
        actor1=str(r.get("actor1") or ""),
        fatalities=_int(r.get("fatalities")) or 0,
        admin1=str(r.get("admin1") or ""),
        country=str(r.get("country") or ("Ukraine" if r.get("iso3") == "UKR" else "")),
        latitude=_float(r.get("latitude")),
        longitude=_float(r.get("longitude")),
        event_date=parse_date(r.get("event_date")),
        geo_precision=_int(r.get("geo_precision")),
    )


def load_rows(path: Path) -> list[GoldRow]:
    """ACLED rows from a .json export (list of objects) or a .csv file, or the one such file in a folder."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in (".json", ".csv") and "_short" not in p.name)
        if not files:
            raise ConfigError(
                f"no ACLED .json or .csv file in {path}", "pass --data pointing at the evaldata root"
            )
        path = files[0]
    if not path.exists():
        raise ConfigError(f"ACLED data not found: {path}", "pass --data pointing at the evaldata root")
    if path.suffix == ".json":
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise ConfigError(
                f"{path} is not readable JSON ({exc})", "pass --data pointing at the evaldata root"
            ) from None
        if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw):
            raise ConfigError(
                f"{path} is not a list of ACLED rows", "pass --data pointing at the evaldata root"
            )
        rows = [_row(r) for r in raw]
    else:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = [_row(r) for r in csv.DictReader(fh)]
    kept = [r for r in rows if r.notes.strip()]
    if not kept:
        raise ConfigError(f"no ACLED rows with notes in {path}", "pass --data pointing at the evaldata root")
    return kept


def actor_key(name: str) -> str:
    """ACLED actor names without the year suffix and what follows it: 'Military Forces of Russia (2000-) Air Force'."""
    return re.sub(r"\s*\(\d{4}-\d{0,4}\).*$", "", name or "").strip().lower()


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKD", s or "").encode("ascii", "ignore").decode().lower()
    s = re.sub(r"\b(oblast|region|province|governorate|state|district)\b", "", s)
    return re.sub(r"[^a-z]", "", s)


def _admin_match(pred: str, gold: str) -> bool:
    a, b = _norm(pred), _norm(gold)
    if not a or not b:
        return False
    if a == b:
        return True
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b) >= 85


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def primary_event(events: list[Event]) -> Event | None:
    occurred = [e for e in events if e.status == "occurred"]
    pool = occurred or events
    return pool[0] if pool else None


def macro_f1(gold: list[str], pred: list[str]) -> tuple[float, dict[str, tuple[float, float, float, int]]]:
    labels = sorted(set(gold) | (set(pred) - {""}))
    per: dict[str, tuple[float, float, float, int]] = {}
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p != lab)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[lab] = (prec, rec, f1, tp + fn)
    return (sum(v[2] for v in per.values()) / len(per) if per else 0.0), per


def _same_precision(e: Event | None, r: GoldRow) -> bool:
    return bool(e is not None and e.place is not None and e.place.geo_precision == r.geo_precision)


def score(rows: list[GoldRow], preds: list[Event | None]) -> tuple[dict[str, Any], str]:
    n = len(rows)
    g_et = [r.event_type for r in rows]
    g_sub = [r.sub_event_type for r in rows]
    p_et = [e.event_type if e else "" for e in preds]
    p_sub = [e.sub_event_type if e else "" for e in preds]
    p_fat = [(e.fatalities or 0) if e else 0 for e in preds]
    dead_rows = [i for i, r in enumerate(rows) if r.fatalities >= 1]
    mf1, per = macro_f1(g_sub, p_sub)
    dists: list[float | None] = []
    for r, e in zip(rows, preds, strict=True):
        if (
            e
            and e.place
            and e.place.latitude is not None
            and e.place.longitude is not None
            and r.latitude is not None
            and r.longitude is not None
        ):
            dists.append(km(r.latitude, r.longitude, e.place.latitude, e.place.longitude))
        else:
            dists.append(None)
    with_prec = [i for i, r in enumerate(rows) if r.geo_precision is not None]

    def share(cond: list[bool]) -> float:
        return round(sum(cond) / len(cond), 4) if cond else 0.0

    metrics: dict[str, Any] = {
        "rows": n,
        "with_event": share([e is not None for e in preds]),
        "event_type_acc": share([g == p for g, p in zip(g_et, p_et, strict=True)]),
        "sub_event_type_acc": share([g == p for g, p in zip(g_sub, p_sub, strict=True)]),
        "sub_event_type_macro_f1": round(mf1, 4),
        "fatalities_exact": share([r.fatalities == f for r, f in zip(rows, p_fat, strict=True)]),
        "fatalities_exact_with_deaths": share([rows[i].fatalities == p_fat[i] for i in dead_rows]),
        "rows_with_deaths": len(dead_rows),
        "fatalities_mae": round(sum(abs(r.fatalities - f) for r, f in zip(rows, p_fat, strict=True)) / n, 3)
        if n
        else 0.0,
        "actor1_agreement": share(
            [
                bool(e and e.actor1 and actor_key(e.actor1.name) == actor_key(r.actor1))
                for r, e in zip(rows, preds, strict=True)
            ]
        ),
        "admin1_match": share(
            [
                bool(e and e.place and e.place.admin1 and _admin_match(e.place.admin1, r.admin1))
                for r, e in zip(rows, preds, strict=True)
            ]
        ),
        "location_within_10km": share([d is not None and d <= 10 for d in dists]),
        "location_within_25km": share([d is not None and d <= 25 for d in dists]),
        "location_within_50km": share([d is not None and d <= 50 for d in dists]),
        "with_coordinates": share([d is not None for d in dists]),
        "event_date_exact": share(
            [
                bool(e and e.event_date and r.event_date and e.event_date == r.event_date)
                for r, e in zip(rows, preds, strict=True)
            ]
        ),
        "geo_precision_agreement": share([_same_precision(preds[i], rows[i]) for i in with_prec])
        if with_prec
        else None,
    }
    confusion = Counter((g, p or "(no event)") for g, p in zip(g_sub, p_sub, strict=True) if g != p)
    lines = [f"rows {n}"]
    for k, v in metrics.items():
        if k != "rows":
            lines.append(f"  {k:32s} {v}")
    lines.append("  per sub-event type (precision / recall / F1 / gold rows):")
    for lab, (prec, rec, f1, sup) in sorted(per.items(), key=lambda kv: -kv[1][3]):
        lines.append(f"    {lab[:40]:40s} {prec:5.2f} {rec:5.2f} {f1:5.2f} {sup:5d}")
    lines.append("  commonest confusions (gold -> predicted: rows):")
    for (gold, pred), count in confusion.most_common(15):
        lines.append(f"    {gold[:38]:38s} -> {pred[:38]:38s} {count}")
    return metrics, "\n".join(lines)


def run(path: Path, limit: int | None = None, suite: str = "") -> dict[str, Any]:
    rows = load_rows(Path(path))
    if limit:
        rows = rows[:limit]
    pipe = Pipeline()
    docs = [Document.create(r.notes, external_id=r.id, source=f"acled:{r.id}") for r in rows]
    t0 = time.perf_counter()
    preds = [primary_event(x.events) for x in pipe.extract_many(docs)]
    elapsed = time.perf_counter() - t0
    metrics, table = score(rows, preds)
    metrics["seconds"] = round(elapsed, 2)
    return {
        "suite": suite,
        "metrics": metrics,
        "table": f"{suite or 'acled'}: {table}\n  seconds {elapsed:.1f}",
    }
