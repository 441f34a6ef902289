"""Merged fields of a canonical event, each with its reason; casualty figures with their history.

Casualty rule (after ACLED: the lowest credible figure): on each report day the lowest figure any
source gave that day counts; the best figure is the highest of those daily lows, so a later
report that raises a toll updates the event (and the history says so), while a stale or outlying
figure does not. ``fatalities_min``/``fatalities_max`` keep the full range reported.

Casualty registers (a memorial book of the fallen) record one death per entry: an event's entries
add up rather than compete with the reports' tolls, and the best figure is the higher of the
reports' conservative figure and the deaths the event's distinct entries record
(:func:`killed_figure`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from datetime import date
from typing import TypeVar

from sitrep.fuse.canonical import Cluster
from sitrep.fuse.mentions import Mention
from sitrep.model import CanonicalEvent, FigureReport

K = TypeVar("K")


def independent_sources(mentions: Iterable[Mention]) -> int:
    """Distinct story families, where families sharing an outlet count once (copies are not corroboration)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for m in mentions:
        fam = "f:" + (m.family or m.doc_id)
        find(fam)
        if m.outlet:
            ra, rb = find(fam), find("o:" + m.outlet.strip().lower())
            if ra != rb:
                parent[rb] = ra
    return len({find(x) for x in parent if x.startswith("f:")})


def _vote(mentions: list[Mention], key: Callable[[Mention], K | None]) -> tuple[K | None, str]:
    """Most common value, each story family voting once; ties go to the earliest report."""
    votes: dict[K, set[str]] = {}
    first: dict[K, tuple[str, str]] = {}
    for m in sorted(mentions, key=lambda x: x.anchor_key):
        v = key(m)
        if v is None or v == "":
            continue
        votes.setdefault(v, set()).add(m.family or m.doc_id)
        first.setdefault(v, m.anchor_key)
    if not votes:
        return None, ""
    ranked = sorted(votes, key=lambda v: (-len(votes[v]), first[v]))
    best = ranked[0]
    n_fam = len({m.family or m.doc_id for m in mentions})
    return best, f"{len(votes[best])} of {n_fam} story families"


def _figures(mentions: list[Mention]) -> list[FigureReport]:
    out: list[FigureReport] = []
    for m in mentions:
        ev = m.event
        kinds_seen: set[str] = set()
        for c in ev.casualties:
            if c.aggregate or c.count_min is None:
                continue
            kinds_seen.add(c.kind)
            out.append(
                FigureReport(
                    kind=c.kind,
                    count_min=c.count_min,
                    count_max=c.count_max if c.count_max is not None else c.count_min,
                    source=c.source or ev.attributed_to or m.outlet or None,
                    doc_id=m.doc_id,
                    outlet=m.outlet or None,
                    reported=m.published,
                    register=(m.register or None) if c.kind == "killed" else None,
                )
            )
        # a bare 0 without a casualty record is the extractor's default, not a report of no deaths
        if "killed" not in kinds_seen and ev.fatalities:
            lo = ev.fatalities_min if ev.fatalities_min is not None else ev.fatalities
            hi = ev.fatalities_max if ev.fatalities_max is not None else ev.fatalities
            out.append(
                FigureReport(
                    "killed",
                    lo,
                    hi,
                    ev.attributed_to or m.outlet or None,
                    m.doc_id,
                    m.outlet or None,
                    m.published,
                    m.register or None,
                )
            )
        if "injured" not in kinds_seen and ev.injuries:
            out.append(
                FigureReport(
                    "injured",
                    ev.injuries,
                    ev.injuries,
                    ev.attributed_to or m.outlet or None,
                    m.doc_id,
                    m.outlet or None,
                    m.published,
                )
            )
    out.sort(key=lambda f: (f.kind, f.reported.isoformat() if f.reported else "", f.doc_id, f.count_min or 0))
    return out


def best_figure(
    figures: list[FigureReport], kind: str
) -> tuple[int | None, int | None, int | None, list[str]]:
    """(best, min, max, history) for one kind of figure reported in prose (see the module
    docstring); register entries are left to :func:`killed_figure`."""
    reports = [f for f in figures if f.kind == kind and f.count_min is not None and not f.register]
    if not reports:
        return None, None, None, []
    lows = [f.count_min for f in reports if f.count_min is not None]
    highs = [f.count_max if f.count_max is not None else f.count_min for f in reports]
    by_day: dict[date | None, list[FigureReport]] = {}
    for f in reports:
        by_day.setdefault(f.reported.date() if f.reported else None, []).append(f)
    best: int | None = None
    history: list[str] = []
    for day in sorted(by_day, key=lambda d: d.isoformat() if d else ""):
        day_low = min(by_day[day], key=lambda f: (f.count_min or 0, f.doc_id))
        value = day_low.count_min
        if value is None:
            continue
        who = day_low.source or day_low.outlet or day_low.doc_id
        when = day.isoformat() if day else "undated"
        if best is None:
            best = value
            history.append(f"{when}: {kind} {value} (first figure, {who})")
        elif value > best:
            history.append(f"{when}: {kind} {best} -> {value} (raised by {who})")
            best = value
    return best, min(lows), max(h for h in highs if h is not None), history


def _day(f: FigureReport) -> str:
    return f.reported.date().isoformat() if f.reported else ""


def killed_figure(figures: list[FigureReport]) -> tuple[int | None, int | None, int | None, list[str], str]:
    """(best, min, max, history, reason) of the deaths: the reports' conservative figure
    (:func:`best_figure`), or, when higher, the deaths recorded by the event's distinct register
    entries (one document each), which add up: three entries of a memorial book are three deaths,
    not a toll of one reported three times. The history follows both day by day."""
    best, lo, hi, history = best_figure(figures, "killed")
    told = [f for f in figures if f.kind == "killed" and f.count_min is not None and not f.register]
    entries: dict[str, FigureReport] = {}
    for f in sorted(figures, key=lambda f: (_day(f), f.doc_id)):
        if f.kind == "killed" and f.register and f.count_min is not None:
            entries.setdefault(f.doc_id, f)  # an entry is one record, however many figures it holds
    if not entries:
        n = len(told)
        why = (
            f"{best}: the lowest credible figure (range {lo}-{hi} from {n} reports)"
            if best is not None
            else ""
        )
        return best, lo, hi, history, why
    recorded = sum(f.count_min or 0 for f in entries.values())
    registers = sorted({f.register or "" for f in entries.values()})
    lo = recorded if lo is None else min(lo, recorded)
    hi = recorded if hi is None else max(hi, recorded)
    if best is not None and best >= recorded:
        why = (
            f"{best}: the lowest credible figure of {len(told)} reports (range {lo}-{hi}), at least the "
            f"{recorded} deaths recorded by {len(entries)} entries of {', '.join(registers)}"
        )
        return best, lo, hi, history, why
    # the entries' count over the days, beside the reports' daily lows (their history lines kept)
    prose_lines = {line.split(":", 1)[0]: line for line in history}
    days = sorted({_day(f) for f in told} | {_day(f) for f in entries.values()})
    history, value = [], 0
    for day in days:
        prose, _, _, _ = best_figure([f for f in told if _day(f) <= day], "killed")
        count = sum(f.count_min or 0 for f in entries.values() if _day(f) <= day)
        new = max(prose or 0, count)
        when = day or "undated"
        if prose is not None and prose >= count and when in prose_lines and (prose > value or not history):
            history.append(prose_lines[when])
        elif count > value or (not history and count):
            n = sum(1 for f in entries.values() if _day(f) <= day)
            what = f"{n} entries of {', '.join(registers)}, one death each"
            history.append(
                f"{when}: killed {value} -> {new} ({what})"
                if history
                else f"{when}: killed {new} (first figure, {what})"
            )
        value = max(value, new)
    prose_part = f"; the reports' lowest credible figure is {best}" if best is not None else ""
    why = (
        f"{recorded}: deaths recorded by {len(entries)} distinct entries of {', '.join(registers)} "
        f"(one death each, added up){prose_part} (range {lo}-{hi})"
    )
    return recorded, lo, hi, history, why


def _date_fields(mentions: list[Mention]) -> tuple[date | None, date | None, int | None, str]:
    dated = [m for m in mentions if m.event.event_date is not None]
    if not dated:
        starts = [m.end for m in mentions if m.end is not None]
        if not starts:
            return None, None, None, "no date in any report"
        d = min(starts)
        return d, d, 2, "no report dates the event: the earliest publication date, precision week"
    precision = min(m.event.time_precision or 1 for m in dated)
    precise = [m for m in dated if (m.event.time_precision or 1) == precision]
    value, why = _vote(precise, lambda m: m.event.event_date)
    assert isinstance(value, date)
    ends = [m.event.event_date_end for m in precise if m.event.event_date == value and m.event.event_date_end]
    end = max(ends) if ends else value
    return value, end, precision, f"{value.isoformat()}: {why} among reports at time precision {precision}"


def build_canonical(cluster: Cluster) -> CanonicalEvent:
    """The canonical event of one cluster: merged fields with reasons, sources, figures, history."""
    members = sorted(cluster.members, key=lambda m: m.anchor_key)
    anchor = members[0]
    cid = cluster.id
    reasons: dict[str, str] = {}
    etype, why = _vote(members, lambda m: m.event.event_type)
    reasons["event_type"] = f"{etype}: {why}"
    same_type = [m for m in members if m.event.event_type == etype]
    sub, why = _vote(same_type, lambda m: m.event.sub_event_type)
    reasons["sub_event_type"] = f"{sub}: {why}"
    start, end, precision, reasons["event_date"] = _date_fields(members)
    placed = [m for m in members if m.event.place is not None]
    place_src: Mention | None = None
    if placed:
        finest = min((m.geo_precision or 9) for m in placed)
        key, why = _vote([m for m in placed if (m.geo_precision or 9) == finest], lambda m: m.place_key)
        place_src = next(m for m in placed if m.place_key == key and (m.geo_precision or 9) == finest)
        reasons["place"] = f"{place_src.place_name}: the most precise place reported ({why})"
    actor1, why1 = _vote(members, lambda m: m.event.actor1.name if m.event.actor1 else None)
    actor2, why2 = _vote(members, lambda m: m.event.actor2.name if m.event.actor2 else None)
    if actor1:
        reasons["actor1"] = f"{actor1}: {why1}"
    if actor2:
        reasons["actor2"] = f"{actor2}: {why2}"
    figures = _figures(members)
    killed, kmin, kmax, khist, kwhy = killed_figure(figures)
    injured, _, _, ihist = best_figure(figures, "injured")
    if killed is not None:
        reasons["fatalities"] = kwhy
    rep = place_src or anchor
    a1 = next((m.event.actor1 for m in members if m.event.actor1 and m.event.actor1.name == actor1), None)
    a2 = next((m.event.actor2 for m in members if m.event.actor2 and m.event.actor2.name == actor2), None)
    weapons = {(w.family, w.system): w for m in members for w in m.event.weapons}
    targets = {t.kind: t for m in members for t in m.event.targets}
    event = dataclasses.replace(
        rep.event,
        id=cid,
        doc_id="",
        event_type=etype or anchor.event.event_type,
        sub_event_type=sub or anchor.event.sub_event_type,
        event_date=start,
        event_date_end=end,
        time_precision=precision,
        place=place_src.event.place if place_src else None,
        actor1=a1,
        actor2=a2,
        fatalities=killed,
        fatalities_min=kmin,
        fatalities_max=kmax,
        injuries=injured,
        weapons=[weapons[k] for k in sorted(weapons, key=lambda k: (k[0], k[1] or ""))],
        targets=[targets[k] for k in sorted(targets)],
        confidence=max(m.event.confidence for m in members),
        reasons={**reasons, "evidence": f"evidence spans from {rep.id} in document {rep.doc_id}"},
    )
    published = [m.published for m in members if m.published is not None]
    return CanonicalEvent(
        id=cid,
        event=event,
        mention_ids=[m.id for m in members],
        doc_ids=_unique(m.doc_id for m in members),
        external_ids=_unique(m.external_id for m in members if m.external_id),
        outlets=_unique(m.outlet for m in members),
        families=_unique(m.family for m in members if m.family and not m.family.startswith("doc:")),
        independent_sources=independent_sources(members),
        first_reported=min(published) if published else None,
        last_reported=max(published) if published else None,
        figures=figures,
        history=khist + ihist,
        reasons={f"mention {mid}": why for mid, why in sorted(cluster.reasons.items())},
    )


def _unique(values: Iterable[str | None]) -> list[str]:
    seen: dict[str, None] = {}
    for v in values:
        if v:
            seen.setdefault(v, None)
    return list(seen)
