"""`sitrep eval ucdp`: event date, location and deaths from UCDP GED headlines.

Input per UCDP event: its first source headline (``source_article``: "outlet,date,headline"
entries) as the document text, with that source's date as publication date. No article text
exists in the data, so this measures what a headline and its date give:

* ``date_in_range``: the predicted event date lies in ``date_start..date_end``. The predicted
  date is, in order: the first event's date (events stage), else the start of the first
  resolved date mention (not a "since" range; a week-long range such as "over the past week"
  is a tally up to the report, so the report date is used instead), else the publication date
  (counted separately as ``date_from_report``: a headline with no date phrase is usually about
  the day before or the same day, and UCDP codes that day). A range a month or longer that
  holds the report date ("2021") gives the report date, not its first day (:func:`_one_day`);
* ``within_25km`` / ``within_50km``: the predicted place (the first event's place, else the
  most precise resolved place named) against UCDP's coordinates; rows with no predicted
  point count as misses (``located`` reports how many had one);
* ``fatalities_in_range``: deaths predicted by the events stage within UCDP's ``low..high``,
  over all rows. A headline from which an event was extracted predicts that event's toll, and
  0 when it states none (ACLED's convention: no stated toll codes 0 fatalities); a headline
  with no event predicts nothing and counts as a miss. A casualty register's entry (UCDP cites
  the MemoryBook register of fallen Ukrainian soldiers: a bare village or person's name) is an
  event with the register's toll per entry (``data/outlets.json``). Reported beside it: ``event_found``
  (coverage: rows with an event), ``fatalities_in_range_with_event`` (the same check on those
  rows only), ``fatalities_stated`` (rows whose event states a toll) and
  ``fatalities_in_range_stated`` (the check on those). See :func:`predicted_fatalities`.
* ``fused_fatalities_in_range`` and the same ``fused_*`` companions: the figure sitrep reports
  when it is given *all* the row's headlines (each a document with its outlet and date) and
  fuses them: the canonical event's conservative best figure, the event most headlines support
  where they fuse into several (:mod:`sitrep.evaluation.ucdp_deaths` has the rules). A row with
  no fused event is a miss in ``fused_fatalities_in_range`` and left out of
  ``fused_fatalities_in_range_with_event`` (the share of the figures sitrep gives). Reported
  beside the first-headline figures; ``multi_headline_*`` compare the two on rows with two or
  more headlines, the only rows where they can differ. The date and place checks stay on the
  first headline and its date, as the issue defines them. Each distinct headline is extracted
  once (rows share headlines).
"""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sitrep.errors import ConfigError
from sitrep.evaluation.geoparse import haversine_km
from sitrep.model import Document, Extraction, Place, content_hash


def headline_document(
    outlet: str, day: object, headline: str, published: datetime | None, external_id: str | None = None
) -> Document:
    """One document per (outlet, date, headline): two outlets running the same words are two
    reports (documents are otherwise identified by their text alone)."""
    return Document(
        id=content_hash(f"{outlet}\n{day}\n{headline}"),
        text=headline,
        title=headline,
        outlet=outlet,
        published=published,
        external_id=external_id,
    )


def csv_path(path: Path) -> Path:
    """The UCDP GED CSV: PATH itself, or the first CSV inside the folder PATH."""
    if path.is_file():
        return path
    found = sorted(path.glob("*.csv"))
    if not found:
        raise ConfigError(f"no UCDP CSV under {path}", "pass --data pointing at ucdp-ukraine-2014-2021")
    return found[0]


def require_headlines(rows: list[dict[str, str]], path: Path) -> None:
    """``ConfigError`` when no row has a source headline: PATH holds some other CSV."""
    if not any(first_source(row) for row in rows):
        raise ConfigError(
            f"no UCDP rows with a source headline in {csv_path(path)}",
            "pass --data pointing at ucdp-ukraine-2014-2021",
        )


def parse_date(text: str, month_first: bool = False) -> date | None:
    """UCDP dates: source dates '2014-01-22' or '27/01/2014'; date_start/date_end
    '1/22/2014 12:00:00 AM' (month first: ``month_first=True``)."""
    text = text.strip().split(" ")[0]
    formats = ("%m/%d/%Y", "%Y-%m-%d") if month_first else ("%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y")
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def first_source(row: dict[str, str]) -> tuple[str, str, date | None] | None:
    """(outlet, headline, source date) of the row's first source article."""
    for entries in csv.reader([row.get("source_article", "")], delimiter=";", quotechar='"'):
        for entry in entries:
            parts = entry.split(",", 2)
            if len(parts) == 3 and parts[2].strip():
                return parts[0].strip(), parts[2].strip(), parse_date(parts[1])
    headline = (row.get("source_headline") or "").split(";")[0].strip()
    if not headline:
        return None
    return (
        (row.get("source_office") or "").split(";")[0],
        headline,
        parse_date((row.get("source_date") or "").split(";")[0]),
    )


def predicted_place(ex: Extraction) -> Place | None:
    for ev in ex.events:
        if ev.place is not None and ev.place.latitude is not None:
            return ev.place
    usable = [p for p in ex.places if p.resolved and p.latitude is not None and p.feature != "country"]
    if usable:
        return min(usable, key=lambda p: (p.geo_precision or 3, p.span.start))
    return next((p for p in ex.places if p.resolved and p.latitude is not None), None)


def predicted_date(ex: Extraction) -> tuple[date | None, str]:
    pub = ex.document.published.date() if ex.document.published else None
    for ev in ex.events:
        if ev.event_date is not None:
            end = ev.event_date_end or ev.event_date
            if ev.time_precision == 2 and (end - ev.event_date).days >= 6:
                break  # a tally over the past week: as for date mentions below
            return _one_day(ev.event_date, end, pub), "event"
    else:
        return _date_mention(ex)
    return pub, "report date"


def _one_day(start: date, end: date, pub: date | None) -> date:
    """The scorer needs one day. A range a month or longer that holds the report date ("2021",
    "this month") says the event is recent, not that it fell on the range's first day: the
    report date; otherwise the range's start."""
    if pub is not None and (end - start).days >= 27 and start <= pub <= end:
        return pub
    return start


def _date_mention(ex: Extraction) -> tuple[date | None, str]:
    pub = ex.document.published.date() if ex.document.published else None
    for d in ex.dates:
        if d.resolved and d.start is not None and d.kind != "since":
            if d.kind == "range" and d.time_precision == 2:
                break  # "over the past week": a tally up to the report date, not one event's date
            return _one_day(d.start, d.end or d.start, pub), "date mention"
    return pub, "report date"


def predicted_fatalities(ex: Extraction) -> tuple[int | None, bool]:
    """(deaths the pipeline reports for the headline, whether a toll was stated).

    The largest figure of the events reported as having happened (background mentions are not
    the event); an event with no stated toll reports 0; no event at all gives None.
    """
    events = [ev for ev in ex.events if ev.status != "background"] or list(ex.events)
    if not events:
        return None, False
    stated = any(c.kind == "killed" and not c.aggregate for ev in events for c in ev.casualties) or any(
        ev.fatalities for ev in events
    )
    figures = [ev.fatalities for ev in events if ev.fatalities is not None]
    return (max(figures) if figures else 0), stated


def _pipeline() -> tuple[Any, list[str]]:
    from sitrep.errors import SitrepError
    from sitrep.pipeline import Pipeline

    for stages in (["places", "dates", "events"], ["places", "dates"]):
        try:
            return Pipeline(stages=stages), stages
        except (SitrepError, ImportError, AttributeError):
            continue
    raise ConfigError("cannot build the places/dates pipeline")


def run(path: Path, limit: int | None = None, suite: str = "") -> dict[str, Any]:
    from sitrep.evaluation.ucdp_deaths import MISS_KINDS, fuse_row, miss_kind, row_sources, source_document

    with open(csv_path(path), encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))[: limit or None]
    require_headlines(rows, path)
    pipeline, stages = _pipeline()
    items = []
    docs: dict[str, Document] = {}
    for row in rows:
        src = first_source(row)
        start = parse_date(row.get("date_start", ""), month_first=True)
        end = parse_date(row.get("date_end", ""), month_first=True)
        if src is None or start is None or end is None:
            continue
        outlet, headline, published = src
        first = source_document((outlet, headline, published))
        others = [source_document(s) for s in row_sources(row)]
        for doc in (first, *others):
            docs.setdefault(doc.id, doc)
        items.append((row, start, end, first.id, [o.id for o in others]))
    extracted = {ex.document.id: ex for ex in pipeline.extract_many(docs.values())}
    n = len(items)
    in_range = located = w25 = w50 = fat_hit = fat_pred = fat_stated = fat_hit_stated = 0
    fused: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    in_range_by: Counter[str] = Counter()
    misses: list[dict[str, Any]] = []
    death_misses: list[dict[str, Any]] = []
    for row, start, end, first_id, other_ids in items:
        ex = extracted[first_id]
        d, how = predicted_date(ex)
        sources[how] += 1
        hit = d is not None and start <= d <= end
        in_range += hit
        in_range_by[how] += hit
        place = predicted_place(ex)
        km = None
        try:
            lat, lon = float(row["latitude"]), float(row["longitude"])
        except (KeyError, ValueError):
            lat = lon = None  # type: ignore[assignment]
        if (
            place is not None
            and lat is not None
            and lon is not None
            and place.latitude is not None
            and place.longitude is not None
        ):
            located += 1
            km = haversine_km(lat, lon, place.latitude, place.longitude)
            w25 += km <= 25
            w50 += km <= 50
        try:
            low, high = int(row["low"]), int(row["high"])
        except (KeyError, ValueError):
            low, high = 1, 0  # no gold range: every figure misses
        deaths, stated = predicted_fatalities(ex)
        if deaths is not None:
            ok = low <= deaths <= high
            fat_pred += 1
            fat_stated += stated
            fat_hit += ok
            fat_hit_stated += ok and stated
        row_docs = [extracted[i] for i in other_ids] or [ex]
        fr = fuse_row(row_docs)
        kind = miss_kind([e.document for e in row_docs], fr, low, high)
        if kind is not None:
            fused["miss: " + kind] += 1
        multi = len(other_ids) > 1
        fused["multi"] += multi
        fused["multi_first_hit"] += multi and deaths is not None and low <= deaths <= high
        if fr.deaths is not None:
            ok = low <= fr.deaths <= high
            fused["event"] += 1
            fused["hit"] += ok
            fused["stated"] += fr.stated
            fused["hit_stated"] += ok and fr.stated
            fused["several"] += fr.events > 1
            fused["multi_hit"] += multi and ok
            if not ok and len(death_misses) < 40:
                death_misses.append({"headlines": [extracted[i].document.text for i in other_ids][:6],
                                     "gold": f"{low}..{high}", "fused": fr.deaths, "first": deaths,
                                     "events": fr.events})  # fmt: skip
        if (not hit or km is None or km > 50) and len(misses) < 40:
            misses.append({"headline": ex.document.text, "published": str(ex.document.published)[:10],
                           "gold_dates": f"{start}..{end}", "predicted": str(d), "via": how,
                           "gold_place": row.get("where_coordinates"), "place": place.canonical if place else None,
                           "km": round(km) if km is not None else None})  # fmt: skip

    def share(k: int, d: int = n) -> float:
        return round(k / d, 4) if d else 0.0

    metrics = {
        "events": n,
        "stages": stages,
        "date_in_range": share(in_range),
        "date_source": dict(sources),
        "date_in_range_by_source": {k: round(in_range_by[k] / v, 4) for k, v in sources.items() if v},
        "located": share(located),
        "within_25km": share(w25),
        "within_50km": share(w50),
        "event_found": share(fat_pred),
        "fatalities_stated": share(fat_stated),
        "fatalities_in_range": share(fat_hit),
        "fatalities_in_range_with_event": share(fat_hit, fat_pred),
        "fatalities_in_range_stated": share(fat_hit_stated, fat_stated),
        "headlines": len(docs),
        "multi_headline_rows": share(fused["multi"]),
        "fused_event_found": share(fused["event"]),
        "fused_fatalities_in_range": share(fused["hit"]),
        "fused_fatalities_in_range_with_event": share(fused["hit"], fused["event"]),
        "fused_fatalities_stated": share(fused["stated"]),
        "fused_fatalities_in_range_stated": share(fused["hit_stated"], fused["stated"]),
        "fused_several_events": share(fused["several"]),
        "multi_headline_first_in_range": share(fused["multi_first_hit"], fused["multi"]),
        "multi_headline_fused_in_range": share(fused["multi_hit"], fused["multi"]),
    }
    miss_counts = {k: fused["miss: " + k] for k in MISS_KINDS}
    metrics["fused_misses"] = miss_counts
    m = metrics
    table = "\n".join(
        [
            f"UCDP GED headlines + source dates ({n} events, {len(docs)} distinct headlines; stages: {', '.join(stages)})",
            f"  event date in date_start..date_end   {m['date_in_range']:.3f}   (first headline) by source {m['date_in_range_by_source']}",
            f"  location within 25 km / 50 km        {m['within_25km']:.3f} / {m['within_50km']:.3f}"
            f"   (first headline; a point predicted for {m['located']:.3f})",
            "  deaths within low..high (no event = miss; an event with no stated toll = 0)",
            "                                        all headlines fused   first headline",
            f"    all rows                               {m['fused_fatalities_in_range']:.3f}             {m['fatalities_in_range']:.3f}",
            f"    rows with an event                     {m['fused_event_found']:.3f}             {m['event_found']:.3f}",
            f"    in range on those                      {m['fused_fatalities_in_range_with_event']:.3f}             {m['fatalities_in_range_with_event']:.3f}",
            f"    rows whose event states a toll         {m['fused_fatalities_stated']:.3f}             {m['fatalities_stated']:.3f}",
            f"    in range on those                      {m['fused_fatalities_in_range_stated']:.3f}             {m['fatalities_in_range_stated']:.3f}",
            f"    rows with 2+ headlines ({m['multi_headline_rows']:.3f} of rows)",
            f"      in range on those                    {m['multi_headline_fused_in_range']:.3f}             {m['multi_headline_first_in_range']:.3f}",
            f"    rows whose headlines fuse into 2+ events {m['fused_several_events']:.3f} (the event most headlines support counts)",
            f"  rows outside low..high, all headlines fused ({sum(miss_counts.values())} of {n}):",
            *(f"    {k:<54} {v:5d}" for k, v in miss_counts.items()),
        ]
    )
    return {"suite": suite or "ucdp", "metrics": metrics, "table": table, "misses": misses,
            "death_misses": death_misses}  # fmt: skip
