"""Event mentions as fusion sees them, and the pairwise compatibility rules.

A :class:`Mention` is a flattened, normalised view of one :class:`~sitrep.model.Event` with the
facts fusion compares: a date window widened by the time precision, the place at its geo
precision, actors, weapons, targets, clock times and the document's story family.
:func:`compatible` decides whether two mentions may describe one real-world event and says why.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from rapidfuzz import fuzz

from sitrep.extract.outlets import register_for
from sitrep.fuse.registers import REGISTER_REPORT, register_and_report
from sitrep.fuse.victims import victim_class, victim_sides
from sitrep.model import Document, Event

# ACLED event types that reports of one event often disagree on are "related".
TYPE_GROUPS: dict[str, str] = {
    "battles": "violence",
    "explosions/remote violence": "violence",
    "violence against civilians": "violence",
    "protests": "demonstrations",
    "riots": "demonstrations",
    "strategic developments": "strategic",
}

# Extra days on either side of a mention's own date range, by ACLED time precision.
DATE_SLACK = {1: 0, 2: 1, 3: 3}
# When the text gives no date: the event happened on, or up to this many days before, publication.
UNDATED_LOOKBACK = 2
# A report that the toll rose, with no date in the text, may follow up an event this many days old.
FOLLOW_UP_LOOKBACK = 7
# Widest date window kept for blocking (a month plus slack); wider ranges are clipped.
MAX_WINDOW_DAYS = 40
# Radius (km) within which two point places count as the same place, by the coarser precision.
RADIUS_KM = {1: 10.0, 2: 30.0}
# Without a place, shared words or a story family in common, a pair scores at most this (weak).
VAGUE_CAP = 2.0
# Dates that overlap but differ weigh against a merge (reports a day apart are often new events).
DATE_MISMATCH = 0.5
# Two coarsely located reports of one type dated to the same day (see compatible()): bonus.
COARSE_SAME_DAY = 1.0
# Further penalty when both reports are dated only by publication and were published on different days.
REPORT_DAYS_APART = 1.0
ACTOR_MISMATCH = 1.0
# A later report that says the toll rose, above an earlier report's figure: bonus.
RAISED_TOLL = 1.0
# The same toll of the same named side's dead ("two Ukrainian soldiers killed" twice): a shared fact.
SIDE_TOLL = 1.0
COARSE_FEATURES = {"admin1", "admin2", "country", "region", "oblast", "area"}

# A figure over a period ("in the past week", "this year", "over the last month") is a tally, not one event.
_PERIOD = re.compile(
    r"\b(?:(?:past|last|previous|this|one|a|the)\s+(?:week|month|year)|(?:week|month|year)'s|weekly|monthly)\b",
    re.I,
)
# A report that a toll rose ("death toll rises to 9") follows up an event reported before it.
_RISING = re.compile(
    r"\b(?:toll|deaths?|dead|number of (?:dead|victims))\b[^.;]{0,40}?\b(?:has\s+|have\s+)?"
    r"(?:rises|rose|risen|climbs|climbed|jumps|jumped|increases|increased|grows|grew|mounts|mounted)\b",
    re.I,
)
_CLOCK = re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)|\b([01]?\d|2[0-3]):([0-5]\d)\b", re.I)


def clock_hours(text: str) -> frozenset[int]:
    """Hours of day written in the evidence ("at 5 a.m.", "14:30"), to tell same-day events apart."""
    hours: set[int] = set()
    for m in _CLOCK.finditer(text):
        if m.group(1):
            h = int(m.group(1)) % 12
            if m.group(3).lower().startswith("p"):
                h += 12
            hours.add(h)
        elif m.group(4):
            hours.add(int(m.group(4)))
    return frozenset(hours)


# Words nearly every conflict report uses: sharing them says nothing about sharing an event.
GENERIC_TERMS = frozenset(
    """killed kill kills killing dead death deaths died dies wounded injured injuring attack attacks
    attacked attacking fighting fight fought clash clashes forces force troops soldier soldiers
    servicemen serviceman army military rebel rebels separatist separatists militants civilians
    civilian people person residents ukraine ukrainian ukrainians russia russian russians east
    eastern western southern northern south north west says said official officials ministry
    government region regional city town village area local reports reported report least more
    than about after over during amid near against since last past hours today yesterday week
    update wrapup monday tuesday wednesday thursday friday saturday sunday morning evening night
    overnight enemy enemies hostile militiaman militiamen fighter fighters read""".split()
)
# Links and their parts ("Read more on UNIAN: https://...") tie nothing to one event.
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.I)
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def specific_terms(text: str) -> frozenset[str]:
    """Content words (plural -s dropped) and numbers above one (words or digits) of the evidence
    that could tie two reports to one event; generic conflict words are left out."""
    from sitrep.fuse.families import _NUMBER_WORDS, STOP_WORDS

    out: set[str] = set()
    for token in _TOKEN.findall(_URL.sub(" ", text.lower())):
        number = token if token.isdigit() else _NUMBER_WORDS.get(token)
        if number is not None:
            if number not in ("0", "1") and len(number) < 4:
                out.add("#" + number)
            continue
        if len(token) < 4 or token in STOP_WORDS or token in GENERIC_TERMS:
            continue
        stem = token[:-1] if len(token) > 4 and token.endswith("s") and not token.endswith("ss") else token
        if stem not in GENERIC_TERMS:
            out.add(stem)
    return frozenset(out)


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").strip().lower())


@dataclass
class Mention:
    """One event mention with the facts fusion compares (see module docstring)."""

    id: str
    doc_id: str
    event: Event
    family: str = ""
    outlet: str = ""
    external_id: str | None = None
    published: datetime | None = None
    group: str = "other"
    start: date | None = None
    end: date | None = None
    date_reason: str = ""
    country: str = ""
    admin1: str = ""
    place_key: str = ""
    place_name: str = ""
    lat: float | None = None
    lon: float | None = None
    geo_precision: int = 0
    coarse: bool = False
    actors: frozenset[str] = field(default_factory=frozenset)
    weapons: frozenset[str] = field(default_factory=frozenset)
    targets: frozenset[str] = field(default_factory=frozenset)
    hours: frozenset[int] = field(default_factory=frozenset)
    terms: frozenset[str] = field(default_factory=frozenset)
    place_terms: frozenset[str] = field(default_factory=frozenset)
    report_dated: bool = False
    period: bool = False
    raises_toll: bool = False
    victims: str = ""  # "civilian" | "armed" | "" (both, or not said)
    sides: frozenset[str] = field(default_factory=frozenset)  # the armed victims' sides, when said
    register: str = ""  # the casualty register this mention is an entry of

    @property
    def sort_key(self) -> tuple[bool, str, str, str]:
        """Canonical processing order, independent of arrival order: reports by date, then the
        entries of casualty registers (records join the reports that tell their event)."""
        pub = self.published.isoformat() if self.published else "9999"
        return (bool(self.register), self.start.isoformat() if self.start else "9999", pub, self.id)

    @property
    def anchor_key(self) -> tuple[str, str]:
        """The earliest report names a canonical event (later reports rarely predate it)."""
        return (self.published.isoformat() if self.published else "9999", self.id)

    def days(self) -> list[date]:
        if self.start is None or self.end is None:
            return []
        n = min((self.end - self.start).days, MAX_WINDOW_DAYS)
        return [self.start + timedelta(days=i) for i in range(n + 1)]


def mention_from_event(event: Event, document: Document | None, family: str = "") -> Mention:
    """Build the fusion view of ``event`` (its ``document`` gives outlet and publication time)."""
    published = document.published if document else None
    m = Mention(
        id=event.id,
        doc_id=event.doc_id,
        event=event,
        family=family or f"doc:{event.doc_id}",
        outlet=(document.outlet or "").strip() if document else "",
        external_id=document.external_id if document else None,
        published=published,
        group=TYPE_GROUPS.get(_norm(event.event_type), _norm(event.event_type) or "other"),
    )
    _set_window(m, event, published)
    _set_place(m, event)
    m.actors = frozenset(_norm(a.name) for a in (event.actor1, event.actor2) if a is not None and a.name)
    m.weapons = frozenset(_norm(w.family) for w in event.weapons if w.family)
    m.targets = frozenset(_norm(t.kind) for t in event.targets if t.kind)
    evidence = _evidence(event)
    m.hours = clock_hours(evidence)
    m.period = bool(_PERIOD.search(evidence))
    m.raises_toll = bool(_RISING.search(evidence))
    m.victims = victim_class(event)
    reg = register_for(m.outlet)
    if reg is not None and any(c.source == reg.name for c in event.casualties):
        m.register = reg.name
    m.sides = victim_sides(event, event.actor2.name if m.register and event.actor2 else None)
    m.terms = specific_terms(evidence)
    if event.place is not None:
        m.place_terms = specific_terms(" ".join(x for x in (event.place.name, event.place.canonical) if x))
    return m


def _evidence(event: Event) -> str:
    return " ".join(s.text for s in event.evidence)


def _set_window(m: Mention, event: Event, published: datetime | None) -> None:
    precision = event.time_precision or 1
    if event.event_date is not None:
        end = event.event_date_end or event.event_date
        slack = timedelta(days=DATE_SLACK.get(precision, 3))
        m.start, m.end = event.event_date - slack, max(end, event.event_date) + slack
        m.date_reason = f"{event.event_date.isoformat()} (time precision {precision})"
        # no date in the text: the extractor dated the event by its report (a single day, week precision)
        m.report_dated = (
            published is not None
            and precision == 2
            and event.event_date == published.date()
            and end == event.event_date
        )
    elif published is not None:
        pub = published.date()
        m.report_dated = True
        m.start, m.end = pub - timedelta(days=UNDATED_LOOKBACK), pub
        m.date_reason = f"no date in the text: publication {pub.isoformat()} minus {UNDATED_LOOKBACK} days"
    if m.report_dated and published is not None and m.start is not None and _RISING.search(_evidence(event)):
        # "the toll rises to 11": a follow-up of an event reported earlier, maybe days before
        m.start = min(m.start, published.date() - timedelta(days=FOLLOW_UP_LOOKBACK))
        m.date_reason += f"; a rising toll: the event may be up to {FOLLOW_UP_LOOKBACK} days older"
    if published is not None and m.start is not None and m.end is not None:
        # an event does not postdate its report: slack never reaches past the publication day
        # (nor before what the text states); "8 March" and "10 March" reports at week precision
        # would otherwise meet on the 9th
        stated = (event.event_date_end or event.event_date) if event.event_date else None
        last = max(published.date(), stated) if stated else published.date()
        if m.end > last >= m.start:
            m.end = last
    if m.start and m.end and (m.end - m.start).days > MAX_WINDOW_DAYS:
        m.end = m.start + timedelta(days=MAX_WINDOW_DAYS)


def _set_place(m: Mention, event: Event) -> None:
    p = event.place
    if p is None:
        return
    m.country = _norm(p.country_code or p.country)
    m.admin1 = _norm(p.admin1)
    m.place_name = p.canonical or p.name
    m.place_key = _norm(p.gazetteer_id) or _norm(p.canonical) or _norm(p.name)
    m.geo_precision = p.geo_precision or (1 if p.resolved and p.latitude is not None else 0)
    m.coarse = _norm(p.feature) in COARSE_FEATURES or m.geo_precision >= 3
    if p.latitude is not None and p.longitude is not None and p.resolved:
        m.lat, m.lon = p.latitude, p.longitude
    if m.coarse and _norm(p.feature) == "country":
        m.admin1 = ""


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


@dataclass
class Verdict:
    """Whether two mentions may be one event: ``ok`` (no rule vetoes), a score and the reasons."""

    ok: bool
    score: float
    reason: str


def _place_verdict(a: Mention, b: Mention) -> tuple[bool | None, float, str]:
    """(None = no veto, False = veto), score, reason for the places of a and b."""
    if a.country and b.country and a.country != b.country:
        return False, 0.0, f"different countries ({a.country} vs {b.country})"
    if not a.place_key or not b.place_key:
        return None, 0.0, "place unknown in one report"
    if a.place_key == b.place_key:
        if a.coarse and not a.admin1:  # the same country says little
            return None, 0.0, f"same country ({a.place_name or a.place_key})"
        if a.coarse:  # the same region: as weak as containment
            return None, 1.0, f"same region ({a.place_name or a.place_key})"
        return None, 3.0, f"same place ({a.place_name or a.place_key})"
    if a.coarse or b.coarse:
        big, small = (
            (a, b)
            if (a.coarse and not b.coarse) or (a.coarse and a.geo_precision >= b.geo_precision)
            else (b, a)
        )
        if not big.admin1:
            return None, 0.0, f"{small.place_name} lies in {big.place_name or big.country}"
        if big.admin1 and small.admin1 and big.admin1 == small.admin1:
            return None, 1.0, f"{small.place_name} lies in {big.place_name} ({big.admin1})"
        if big.admin1 and small.admin1:
            return False, 0.0, f"{small.place_name} is not in {big.place_name}"
        return None, 0.3, "place containment unknown"
    if a.lat is not None and b.lat is not None and a.lon is not None and b.lon is not None:
        d = haversine_km(a.lat, a.lon, b.lat, b.lon)
        radius = RADIUS_KM.get(max(a.geo_precision, b.geo_precision, 1), 30.0)
        if d <= radius:
            return None, 2.0, f"{a.place_name} and {b.place_name} {d:.0f} km apart (radius {radius:.0f})"
        return False, 0.0, f"{a.place_name} and {b.place_name} {d:.0f} km apart"
    if fuzz.ratio(_norm(a.place_name), _norm(b.place_name)) >= 88:
        return None, 2.0, f"same place name ({a.place_name} ~ {b.place_name})"
    if a.admin1 and b.admin1 and a.admin1 != b.admin1:
        return False, 0.0, f"different regions ({a.admin1} vs {b.admin1})"
    return False, 0.0, f"different places ({a.place_name} vs {b.place_name})"


def _same_report_day(a: Mention, b: Mention) -> bool:
    """Both dated to the same day: the same date stated in both texts (day precision), or both
    dated only by reports published the same day."""
    if a.start != b.start or a.end != b.end:
        return False
    pa, pb = a.event.time_precision or 1, b.event.time_precision or 1
    if pa == 1 and pb == 1 and a.event.event_date is not None:
        return True
    return a.published is not None and b.published is not None and a.published.date() == b.published.date()


def _report_days_apart(a: Mention, b: Mention) -> bool:
    """Both dated only by their reports, published on different days: the later report would have to
    be about the day before it (daily updates from one front are new events each day)."""
    return (
        a.report_dated
        and b.report_dated
        and a.published is not None
        and b.published is not None
        and a.published.date() != b.published.date()
    )


def _raised_toll(a: Mention, b: Mention) -> bool:
    """One report says the toll rose, to more than the other, earlier report gave: a follow-up."""
    for early, late in ((a, b), (b, a)):
        fe, fl = early.event.fatalities, late.event.fatalities
        if (
            late.raises_toll
            and fe
            and fl
            and fl > fe
            and early.published is not None
            and late.published is not None
            and early.published <= late.published
        ):
            return True
    return False


def compatible(a: Mention, b: Mention, same_family: bool | None = None) -> Verdict:
    """The compatibility rules: type, dates, place, actors, weapons, targets, clock times, family."""
    if a.doc_id == b.doc_id:
        return Verdict(False, 0.0, "same document: the extractor kept them apart")
    if a.group != b.group:
        return Verdict(False, 0.0, f"unrelated types ({a.event.event_type} vs {b.event.event_type})")
    if a.start is None or b.start is None or a.end is None or b.end is None:
        return Verdict(False, 0.0, "no date")
    if a.start > b.end or b.start > a.end:
        return Verdict(False, 0.0, f"dates do not overlap ({a.date_reason}; {b.date_reason})")
    ok, score, place_reason = _place_verdict(a, b)
    if ok is False:
        return Verdict(False, 0.0, place_reason)
    ok_place_score = score
    reasons = [place_reason]
    if a.weapons and b.weapons:
        if a.weapons.isdisjoint(b.weapons):
            return Verdict(
                False,
                0.0,
                f"different weapons ({', '.join(sorted(a.weapons))} vs {', '.join(sorted(b.weapons))})",
            )
        score += 1.0
        reasons.append("same weapon")
    if a.targets and b.targets:
        if a.targets.isdisjoint(b.targets):
            return Verdict(
                False,
                0.0,
                f"different targets ({', '.join(sorted(a.targets))} vs {', '.join(sorted(b.targets))})",
            )
        score += 1.0
        reasons.append("same target")
    if a.victims and b.victims and a.victims != b.victims:
        return Verdict(False, 0.0, f"other victims ({a.victims} vs {b.victims})")
    if a.sides and b.sides and a.sides.isdisjoint(b.sides):
        return Verdict(
            False, 0.0, f"other side's dead ({', '.join(sorted(a.sides))} vs {', '.join(sorted(b.sides))})"
        )
    if a.hours and b.hours and min(abs(x - y) for x in a.hours for y in b.hours) > 3:
        return Verdict(False, 0.0, "different times of day")
    # a register entry's type is the register's default coding (it does not say how the death came
    # about): any related type of a report agrees with it
    coded_default = bool(a.register) != bool(b.register)
    same_type = a.event.event_type == b.event.event_type or coded_default
    score += 1.0 if same_type else 0.0
    if same_type and (a.event.sub_event_type == b.event.sub_event_type or coded_default):
        score += 0.5
    reasons.append("same type" if same_type else "related types")
    raised = _raised_toll(a, b)
    if a.start == b.start and a.end == b.end:
        score += 1.0
        reasons.append("same date")
    elif raised:  # a follow-up report comes later by nature
        reasons.append("dates overlap (a follow-up report)")
    else:
        score -= DATE_MISMATCH
        reasons.append("dates overlap")
        if _report_days_apart(a, b):
            score -= REPORT_DAYS_APART
            reasons.append("dated only by reports of different days")
    if a.actors and b.actors:
        if a.actors & b.actors:
            score += 1.0
            reasons.append("shared actor")
        else:
            score -= ACTOR_MISMATCH
            reasons.append("no shared actor")
    fa, fb = a.event.fatalities, b.event.fatalities
    if fa and fb and fa == fb:
        score += 1.0
        reasons.append(f"same toll ({fa})")
    family = same_family if same_family is not None else (a.family == b.family)
    if family:
        score += 3.0
        reasons.append("same story family")
    shared = a.terms & b.terms
    if shared:
        score += min(2.0, 0.75 * len(shared))
        reasons.append("shared words (" + ", ".join(sorted(shared)[:4]) + ")")
    place_score = ok_place_score
    same_toll = bool(fa and fb and fa == fb)
    if raised:
        score += RAISED_TOLL
        reasons.append(f"a later report raises the toll ({min(fa or 0, fb or 0)} -> {max(fa or 0, fb or 0)})")
    if _report_days_apart(a, b) and not (
        family
        or same_toll
        or raised
        or a.weapons & b.weapons
        or a.targets & b.targets
        or len(shared - a.place_terms - b.place_terms) > 1
    ):
        # a follow-up report names something specific of the event; a place and a type alone recur daily
        score = min(score, VAGUE_CAP)
        reasons.append("reports of different days with nothing specific in common: not enough to merge")
    side_toll = bool(same_toll and a.sides & b.sides)
    if side_toll:
        score += SIDE_TOLL
        reasons.append("the same toll of the same side's dead")
    register_report = register_and_report(a, b)
    if register_report:
        score += REGISTER_REPORT
        reasons.append("a register's death and a report of that day about the register's dead")
    if a.register and a.register == b.register and score > VAGUE_CAP:
        # each entry of a casualty register records its own death: two entries share an event
        # only through a report that tells it (complete linkage keeps them compatible)
        score = VAGUE_CAP
        reasons.append(f"two entries of the register {a.register}: separate records")
    elif (a.period or b.period) and not family and score > VAGUE_CAP:
        # a tally over a week, month or year sums many events; it joins one only through its story
        score = VAGUE_CAP
        reasons.append("a tally over a period, not one event: not enough to merge")
    elif place_score < 1.0 and _same_report_day(a, b):
        # ACLED's unit of event is one type, one day, one place at the precision known: two reports
        # that both place it no finer than a country or region and date it to the same day count
        # as one event unless actors, weapons or targets say otherwise; related types (a clash and
        # a shelling of that day) reach the threshold only with a shared actor, toll or words
        score += COARSE_SAME_DAY
        reasons.append("same day, located no finer than a region")
    elif (
        place_score < 1.0
        and not shared
        and not family
        and not register_report
        and not side_toll
        and score > VAGUE_CAP
    ):
        score = VAGUE_CAP
        reasons.append("no place, words or story in common: not enough to merge")
    return Verdict(True, score, ", ".join(reasons))
