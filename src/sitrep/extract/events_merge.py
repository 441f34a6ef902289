"""Merging the candidate events of one document: sentences that report the same event.

A later sentence joins an earlier event of the same family when it has no place or date of its
own (or they agree); a sentence that only adds a toll joins the event before it; a follow-up that
only says how a protest was met re-codes the protest. Also: the doer of a report's strikes carried
to its later strikes, and a toll in a report of strikes kept as a strike. Used by
:mod:`sitrep.extract.events`.
"""

from __future__ import annotations

import dataclasses
import re

from sitrep.extract.event_fields import Candidate
from sitrep.extract.taxonomy import TRIGGER_LABELS, Context, Decision, classify, same_family
from sitrep.model import Actor, Place

PROTEST_TYPES = ("Protests", "Riots")
PROTEST_MODIFIERS = frozenset({"protest_intervention", "protest_excessive", "arrest", "kill", "riot", "mob"})


def _compatible(a: Candidate, b: Candidate) -> bool:
    if a.place and b.place and (a.place.canonical or a.place.name) != (b.place.canonical or b.place.name):
        return False
    return not (a.date and b.date and a.date.start != b.date.start)


def merge(into: Candidate, b: Candidate) -> None:
    into.labels |= b.labels
    into.cues += b.cues
    into.evidence += b.evidence
    into.casualties += b.casualties
    into.weapons += [
        w for w in b.weapons if (w.family, w.system) not in {(x.family, x.system) for x in into.weapons}
    ]
    into.targets += [t for t in b.targets if t.kind not in {x.kind for x in into.targets}]
    into.place = into.place or b.place
    into.place_reason = into.place_reason or b.place_reason
    into.date = into.date or b.date
    into.date_reason = into.date_reason or b.date_reason
    into.actor1 = into.actor1 or b.actor1
    into.actor2 = into.actor2 or b.actor2
    into.attributed_to = into.attributed_to or b.attributed_to
    into.no_casualties = into.no_casualties or b.no_casualties
    into.coded_fatalities = into.coded_fatalities if into.coded_fatalities is not None else b.coded_fatalities
    into.text = f"{into.text} {b.text}"
    into.merged += 1


_TOLL_WORDS = re.compile(
    r"^(?:killed|killing|injured|wounded|dead|died|dies|die|found dead|shot dead|fatally \w+|kias?"
    r"|(?:[\w-]+\s+){1,3}dead|bod(?:y|ies)\b.*)$",
    re.I,
)


def violent(d: Decision) -> bool:
    return d.event_type in ("Battles", "Explosions/Remote violence", "Violence against civilians")


def _elaboration(b: Candidate) -> bool:
    """A sentence that only adds a toll: its only cues are casualty words and it names no perpetrator."""
    triggers = [c for c in b.cues if c.label in TRIGGER_LABELS]
    return (
        bool(triggers)
        and all(c.label == "kill" and _TOLL_WORDS.match(c.text) for c in triggers)
        and (b.actor1 is None or b.actor1.inter == 7)
        and not b.own_place
    )


def merge_target(events: list[Candidate], b: Candidate) -> Candidate | None:
    if b.status.value != "occurred":
        return None
    if (
        events
        and _elaboration(b)
        and events[-1].paragraph == b.paragraph
        and events[-1].status.value == "occurred"
    ):
        return events[-1]  # "1 civilian was killed." after an event: its toll, whatever its type
    last = events[-1] if events else None
    if (
        last is not None
        and last.status.value == "occurred"
        and last.paragraph == b.paragraph
        and not b.own_place
        and not b.own_date
        and violent(last.decision)
        and violent(b.decision)
        and "Disrupted weapons use" not in (last.decision.sub_event_type, b.decision.sub_event_type)
    ):
        return last  # a follow-up sentence with no place or date of its own: more on the same fighting
    for a in reversed(events):
        if a.status.value != "occurred":
            continue
        sa, sb = a.decision.sub_event_type, b.decision.sub_event_type
        if (
            a.decision.event_type in PROTEST_TYPES
            and a.paragraph == b.paragraph
            and b.labels
            <= (
                PROTEST_MODIFIERS
                | {
                    "shelling_weak",
                    "battle_weak",
                    "abduction",
                    "looting",
                    "protest",
                    "grenade",
                    "riot",
                    "protest_weak",
                }
            )
        ):
            return a
        if not same_family(sa, sb):
            continue
        if (not b.own_place and not b.own_date) or (not a.own_place and not a.own_date and _compatible(a, b)):
            return a
        if a.paragraph == b.paragraph and _compatible(a, b):
            return a
    return None


def campaign_actor(cands: list[Candidate]) -> None:
    """A strike with no doer named in its own sentences ("a missile struck homes in Zolochiv"), in a
    report whose earlier strike names a state's forces ("Russia launched a missile barrage"): the same
    campaign, the same doer, rather than an unidentified armed group."""
    named: Actor | None = None
    for c in cands:
        if c.status.value != "occurred" or c.decision.event_type != "Explosions/Remote violence":
            continue
        if c.actor1 is not None:
            if named is None and c.actor1.inter in (1, 8):
                named = c.actor1
            continue
        if named is not None:
            c.actor1 = dataclasses.replace(
                named,
                span=None,
                reason=f"no doer in the event's sentences: the forces named for the report's earlier strike "
                f"({named.as_written!r}); {named.reason}",
            )


def toll_of_strikes(events: list[Candidate], b: Candidate) -> None:
    """A toll in a new place ("One more person was killed in the Dnipropetrovsk region.") with no
    perpetrator of its own, in a report of strikes: another strike of the same campaign, not an
    attack on civilians."""
    if b.status.value != "occurred" or b.decision.event_type != "Violence against civilians":
        return
    if not _elaboration(b) and not (b.own_place and _toll_only(b)):
        return
    prior = next(
        (a for a in reversed(events) if a.status.value == "occurred" and a.merged_into is None),
        None,
    )
    if prior is None or prior.decision.event_type != "Explosions/Remote violence":
        return
    if prior.decision.sub_event_type == "Disrupted weapons use":
        return
    d = prior.decision
    b.decision = dataclasses.replace(
        d, reason=f"a toll with no perpetrator of its own in a report of strikes: {d.sub_event_type}"
    )
    b.actor1 = b.actor1 or prior.actor1


def _toll_only(b: Candidate) -> bool:
    triggers = [c for c in b.cues if c.label in TRIGGER_LABELS]
    return (
        bool(triggers)
        and all(c.label == "kill" and _TOLL_WORDS.match(c.text) for c in triggers)
        and (b.actor1 is None or b.actor1.inter == 7)
    )


def reclassify(c: Candidate, dominant: Place | None) -> None:
    killed = sum(x.count_min or 0 for x in c.casualties if x.kind == "killed" and not x.aggregate)
    country = (c.place.country if c.place else None) or (dominant.country if dominant else None)
    a1 = c.actor1
    d = classify(
        c.labels,
        Context(
            text=c.text,
            country=country,
            killed=killed,
            actor1_inter=a1.inter if a1 else None,
            actor1_country=a1.country if a1 else None,
            victims_armed=c.victims_armed,
        ),
    )
    if d is not None:
        c.decision = d
