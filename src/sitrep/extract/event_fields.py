"""Finishing an event: place and date fallbacks, ACLED default actors, tolls and confidence.

:class:`Candidate` is an event in the making (cues, sentences and fields found so far);
:func:`finish` turns one into a :class:`sitrep.model.Event`, writing a reason for every choice.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from sitrep.extract import casualties as cas
from sitrep.extract.actors import as_military
from sitrep.extract.clauses import Status
from sitrep.extract.outlets import relay_lag
from sitrep.extract.roles import default_actor
from sitrep.extract.taxonomy import Cue, Decision
from sitrep.model import Actor, Casualty, DateMention, Event, Place, Span, Target, Weapon
from sitrep.pipeline import DocContext

_DEFENSIVE = re.compile(r"\b(?:repel|repuls|beat (?:back|off)|fought off|rebuff|thwart)", re.I)


@dataclass
class Candidate:
    """One event in the making: the cues, sentences and fields found so far."""

    labels: set[str]
    cues: list[Cue]
    decision: Decision
    evidence: list[Span]
    paragraph: int
    status: Status
    own_place: bool
    own_date: bool
    place: Place | None = None
    place_reason: str = ""
    date: DateMention | None = None
    date_reason: str = ""
    actor1: Actor | None = None
    actor2: Actor | None = None
    casualties: list[Casualty] = field(default_factory=list)
    weapons: list[Weapon] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    attributed_to: str | None = None
    no_casualties: bool = False
    coded_fatalities: int | None = None
    text: str = ""
    merged: int = 0
    place_names: set[str] = field(default_factory=set)  # every resolved place named in the sentences
    victims_armed: bool | None = None
    sibling: Candidate | None = None  # another event told in the same sentence
    merged_into: Candidate | None = None


def dominant_country(places: list[Place]) -> Place | None:
    counts = Counter(p.country for p in places if p.resolved and p.country)
    if not counts:
        return None
    country, _ = counts.most_common(1)[0]
    code = next((p.country_code for p in places if p.country == country), None)
    first = next(p for p in places if p.country == country)
    return Place(
        span=first.span,
        name=country,
        canonical=country,
        country=country,
        country_code=code,
        geo_precision=3,
        feature="country",
        resolved=True,
        confidence=0.3,
        reason=f"no place in the event's sentence or paragraph: the document's dominant country ({country}), "
        "country level, no point",
    )


def published_date(ctx: DocContext) -> date | None:
    p = ctx.document.published
    return p.date() if p else None


def _toll(casualties: list[Casualty], kind: str) -> tuple[int | None, int | None, str]:
    """Conservative total of one kind over an event's figures (repeats of one figure counted once)."""
    seen: set[tuple[int | None, int | None, str | None]] = set()
    low = 0
    high: int | None = 0
    used: list[str] = []
    for c in casualties:
        if c.kind != kind or c.aggregate or c.count_min is None:
            continue
        key = (c.count_min, c.count_max, c.who)
        if key in seen:
            continue
        seen.add(key)
        low += c.count_min
        if high is not None:
            if c.count_max is not None:
                high += c.count_max
            elif c.qualifier in (None, "exactly", "a total of", "in total"):
                high += c.count_min
            else:
                high = None
        used.append(c.span.text if c.span else str(c.count_min))
    if not used:
        return None, None, ""
    return low, high, " + ".join(repr(u) for u in used)


# a day named earlier in the paragraph dates a later sentence of it that names none, if it is this
# close before the report (an older date there is background: "in 2014", "last month's raid")
EARLIER_DAY_MAX_DAYS = 7


def _earlier_day_in_paragraph(
    ctx: DocContext, c: Candidate, para_starts: list[int], published: date | None
) -> DateMention | None:
    """The nearest day named before the event's first sentence in the same paragraph (as a place
    is taken from earlier in the paragraph): the narrative goes on about that day."""
    if published is None or not c.evidence:
        return None
    first = c.evidence[0].start
    p_start = para_starts[max(0, bisect_right(para_starts, first) - 1)]
    days = [
        d
        for d in ctx.dates
        if p_start <= d.span.start < first
        and d.resolved
        and d.time_precision == 1
        and d.start is not None
        and d.start == d.end
        and timedelta(0) <= published - d.start <= timedelta(days=EARLIER_DAY_MAX_DAYS)
    ]
    return days[-1] if days else None


def finish(ctx: DocContext, n: int, c: Candidate, dominant: Place | None, para_starts: list[int]) -> Event:
    reasons: dict[str, str] = {}
    d = c.decision
    reasons["event_type"] = f"{d.reason}; cues: " + ", ".join(
        sorted({f"{q.label}:{q.text!r}" for q in c.cues})[:6]
    )
    if c.merged:
        reasons["merge"] = f"{c.merged + 1} sentences report this event (same kind, place and date)"
    reasons["status"] = c.status.reason or "reported as having happened"
    # place: the sentence's, else the nearest in the paragraph, else the dominant country
    place = c.place
    if place is None:
        first = c.evidence[0].start
        p_start = para_starts[max(0, bisect_right(para_starts, first) - 1)]
        before = [p for p in ctx.places if p_start <= p.span.start < first and p.resolved]
        if before:
            place = dataclasses.replace(
                before[-1],
                reason=f"nearest place earlier in the paragraph ({before[-1].name!r}); {before[-1].reason}",
            )
            c.place_reason = "no place in the sentence: the nearest earlier place in the same paragraph"
        elif dominant is not None:
            place = dominant
            c.place_reason = dominant.reason
        else:
            c.place_reason = "no place found in the document"
    reasons["place"] = c.place_reason
    # date: the sentence's, else the report date at coarser precision
    published = published_date(ctx)
    ev_date = c.date.start if c.date else None
    ev_end = c.date.end if c.date else None
    precision = c.date.time_precision if c.date else None
    sib_c = c.sibling if c.status.value == "occurred" else None
    while sib_c is not None and sib_c.merged_into is not None:
        sib_c = sib_c.merged_into
    sib = sib_c.date if sib_c is not None else None
    if c.date:
        reasons["date"] = c.date_reason
    elif sib is not None:
        c.date = sib
        ev_date, ev_end, precision = sib.start, sib.end, sib.time_precision
        reasons["date"] = (
            f"no date of its own: the date {sib.phrase!r} of the event told in the same sentence"
        )
    elif (earlier := _earlier_day_in_paragraph(ctx, c, para_starts, published)) is not None:
        c.date = earlier
        ev_date, ev_end, precision = earlier.start, earlier.end, earlier.time_precision
        reasons["date"] = (
            f"no date in the event's sentences: the day {earlier.phrase!r} named earlier in the same paragraph"
        )
    elif published:
        ev_date = ev_end = published
        precision = 2
        reasons["date"] = (
            f"no date in the event's sentences: the report date {published.isoformat()} (precision lowered to 2, the event may be a day or more earlier)"
        )
        lag = relay_lag(ctx.document.outlet)
        if lag is not None:
            ev_date = ev_end = published - timedelta(days=lag[0])
            reasons["date"] = (
                f"no date in the event's sentences: {lag[0]} day(s) before the report date {published.isoformat()}, "
                f"as {ctx.document.outlet} relays others' reports late ({lag[1]}); precision 2"
            )
    else:
        reasons["date"] = "no date in the event's sentences and no publication date"
    # actors
    country = (place.country if place else None) or (dominant.country if dominant else None)
    actor1, actor2 = c.actor1, c.actor2
    et, sub = d.event_type, d.sub_event_type
    if et == "Protests" and (actor1 is None or actor1.inter != 6):
        actor2 = actor1 if actor1 and actor1.inter in (1, 8) else actor2
        actor1 = default_actor("protesters", country, "demonstrators")
    elif et == "Riots" and (actor1 is None or actor1.inter not in (5,)):
        actor2 = actor1 if actor1 and actor1.inter not in (5, 6) else actor2
        actor1 = default_actor("rioters", country, "violent crowd")
    elif (
        actor1 is None
        and et in ("Violence against civilians", "Explosions/Remote violence")
        and sub != "Air/drone strike"
    ):
        actor1 = default_actor("unidentified", country, "perpetrator not named")
    if (
        et in ("Battles", "Explosions/Remote violence", "Violence against civilians")
        or sub == "Disrupted weapons use"
    ):
        actor1 = as_military(actor1, country) if actor1 else None
        actor2 = as_military(actor2, country) if actor2 and actor2.inter != 7 else actor2
    if actor1 and actor2 and (actor2.name == actor1.name):
        actor2 = None
    if (
        et == "Battles"
        and actor1
        and actor2
        and any(_DEFENSIVE.search(q.text) for q in c.cues if q.label == "battle")
    ):
        actor1, actor2 = actor2, actor1
        reasons["roles"] = "an attack was repelled: the attacking side is actor1, the defenders actor2"
    if et == "Violence against civilians" and actor2 is None:
        actor2 = default_actor("civilians", country, "victims of violence against civilians")
    reasons["actor1"] = actor1.reason if actor1 else "no actor named for the acting side"
    if actor2:
        reasons["actor2"] = actor2.reason
    # casualties
    f_low, f_high, f_used = _toll(c.casualties, "killed")
    i_low, _, _ = _toll(c.casualties, "injured")
    agg = [x for x in c.casualties if x.aggregate]
    if c.coded_fatalities is not None:
        fatalities, f_low, f_high = c.coded_fatalities, c.coded_fatalities, c.coded_fatalities
        reasons["fatalities"] = "the text states the coded fatality figure"
    elif f_low is not None:
        fatalities = f_low
        reasons["fatalities"] = f"killed: {f_used} (lowest credible total)"
        parts = cas.split_between(" ".join(e.text for e in c.evidence))
        if parts:
            fatalities = f_low // parts
            f_low, f_high = fatalities, (f_high // parts if f_high is not None else None)
            reasons["fatalities"] += (
                f"; the text says the toll is split between {parts} events: {fatalities} here"
            )
    else:
        fatalities = 0
        reasons["fatalities"] = (
            "the text says no one was killed"
            if c.no_casualties
            else "no death reported in the event's sentences"
        )
    if agg:
        reasons["fatalities"] += f"; {len(agg)} running tally(ies) kept as aggregate, not counted"
    # confidence
    conf = 0.35 + 0.35 * d.strength
    conf += 0.1 if actor1 and actor1.span else 0.0
    conf += 0.1 if c.own_place and place and place.resolved else 0.0
    conf += 0.05 if c.date else 0.0
    conf -= 0.15 if c.status.value == "background" else 0.0
    conf = round(max(0.05, min(0.95, conf)), 2)
    return Event(
        id=f"{ctx.document.id}:e{n}",
        doc_id=ctx.document.id,
        event_type=et,
        sub_event_type=sub,
        evidence=c.evidence,
        event_date=ev_date,
        event_date_end=ev_end,
        time_precision=precision,
        date=c.date,
        place=place,
        actor1=actor1,
        actor2=actor2,
        fatalities=fatalities,
        fatalities_min=f_low if f_low is not None else (0 if c.no_casualties else None),
        fatalities_max=f_high if f_low is not None else (0 if c.no_casualties else None),
        injuries=i_low,
        casualties=c.casualties,
        weapons=c.weapons,
        targets=c.targets,
        attributed_to=c.attributed_to,
        status="background" if c.status.value == "background" else "occurred",
        confidence=conf,
        reasons=reasons,
    )
