"""Claims linked to events, events credited to their sources, and disagreement made visible.

``link_events`` scores every (claim, event) pair:

* 3: the event's evidence overlaps the claim's content (same stretch of text);
* 2: the content names the event's place or weapon, or refers back to it explicitly
  ("the attack", "the strikes"): the nearest event mentioned before the claim;
* 1: the content shares a distinctive actor or target word with the event ("civilians").

Pairs scoring 2 or more are linked; when none do, pairs scoring 1 are (at most two events).
An event whose evidence lies inside a claim's content gets ``attributed_to`` (when unset) and
its casualty figures inside that content get ``Casualty.source``.

``claims_by_source`` and ``disagreements`` group the claims for display: per event, claims
from different sources with opposite stances or different figures are listed side by side.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from sitrep.model import Claim, Event, Record, Source

REFERENCE_NOUNS = frozenset(
    "attack attacks strike strikes airstrike airstrikes barrage shelling bombing bombardment raid "
    "raids assault offensive explosion explosions blast missiles drones incident ambush clashes "
    "fighting massacre killings".split()
)
_GENERIC = frozenset(
    "of the and forces military government unidentified armed group groups ukraine russia "
    "ukrainian russian police".split()
)
OPPOSED = {
    frozenset({"asserts", "denies"}),
    frozenset({"accuses", "denies"}),
    frozenset({"confirms", "denies"}),
    frozenset({"confirms", "disputes"}),
    frozenset({"asserts", "disputes"}),
    frozenset({"accuses", "disputes"}),
}
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12,
}  # fmt: skip


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z][\w'-]+", text)}


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def source_label(source: Source) -> str:
    """The most specific readable name for a source: body, else group, else as written."""
    return source.body or source.name or source.as_written or "unattributed"


def source_key(source: Source) -> str:
    """Grouping key: the normalised group when known, else the cleaned words as written."""
    key = source.name or source.body or source.as_written
    return re.sub(r"\s+", " ", (key or "unattributed").strip().lower())


def _event_score(claim: Claim, event: Event, content_words: set[str], nearest: bool) -> tuple[int, str]:
    c = (claim.content.start, claim.content.end)
    if any(_overlaps(c, (s.start, s.end)) for s in event.evidence):
        return 3, "same text as the event's evidence"
    place = event.place
    if place is not None:
        names = {w for n in (place.name, place.canonical) if n for w in _words(n)}
        if names and names <= content_words:
            return 2, f"names the event's place ({place.name})"
    for w in event.weapons:
        names = _words(" ".join(x for x in (w.system, w.family) if x))
        if w.system and _words(w.system) & content_words or (not w.system and names & content_words):
            return 2, f"names the event's weapon ({w.system or w.family})"
    if nearest and content_words & REFERENCE_NOUNS:
        return 2, "refers back to the nearest event ('" + sorted(content_words & REFERENCE_NOUNS)[0] + "')"
    actor_words: set[str] = set()
    for a in (event.actor1, event.actor2):
        if a is not None:
            actor_words |= _words(a.name) - _GENERIC
    actor_words |= {w for t in event.targets for w in _words(t.kind)} - _GENERIC
    shared = actor_words & content_words
    if shared:
        return 1, f"shares '{sorted(shared)[0]}' with the event"
    return 0, ""


def link_events(claims: list[Claim], events: list[Event]) -> None:
    """Fill ``Claim.event_ids`` and credit events and casualty figures to the claims' sources."""
    if not events:
        return
    for claim in claims:
        content_words = _words(claim.content.text)
        before = [e for e in events if e.evidence and e.evidence[0].start <= claim.content.start]
        nearest_id = max(before, key=lambda e: e.evidence[0].start).id if before else None
        scored = []
        for event in events:
            score, why = _event_score(claim, event, content_words, event.id == nearest_id)
            if score:
                scored.append((score, event, why))
        strong = [x for x in scored if x[0] >= 2]
        chosen = strong or sorted([x for x in scored if x[0] == 1], key=lambda x: x[1].id)[:2]
        for score, event, why in chosen:
            if event.id not in claim.event_ids:
                claim.event_ids.append(event.id)
                claim.reason += f"; linked to {event.id}: {why}"
            if score == 3 and claim.source.as_written:
                _credit(claim, event)


def _credit(claim: Claim, event: Event) -> None:
    label = source_label(claim.source)
    if event.attributed_to is None:
        event.attributed_to = label
        event.reasons.setdefault(
            "attributed_to", f"reported by {label} (claim {claim.id}, cue '{claim.cue}')"
        )
    for cas in event.casualties:
        if cas.source is None and cas.span is not None:
            if claim.content.start <= cas.span.start and cas.span.end <= claim.content.end:
                cas.source = label
                cas.reason = (cas.reason + "; " if cas.reason else "") + f"figure reported by {label}"


def claims_by_source(claims: list[Claim]) -> dict[str, list[Claim]]:
    """Claims grouped by normalised source (``source_key``), in text order within each group."""
    groups: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        groups[source_key(c.source)].append(c)
    return dict(groups)


@dataclass
class Disagreement(Record):
    """Claims on one event that do not agree: opposite stances or different figures."""

    event_id: str
    kind: str  # stance | figure
    claim_ids: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    detail: str = ""


def figures(text: str) -> set[int]:
    """Numbers stated in a text ("nine", "12", "more than a hundred")."""
    found = {int(n.replace(",", "")) for n in re.findall(r"\b\d[\d,]*\b", text) if len(n) < 9}
    found |= {_NUMBER_WORDS[w] for w in re.findall(r"[a-z]+", text.lower()) if w in _NUMBER_WORDS}
    return found


def disagreements(claims: list[Claim]) -> list[Disagreement]:
    """For each event, pairs of sources whose claims have opposite stances or different figures."""
    by_event: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        for eid in c.event_ids:
            by_event[eid].append(c)
    out: list[Disagreement] = []
    for eid, group in by_event.items():
        seen: set[tuple[str, str, str]] = set()
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                ka, kb = source_key(a.source), source_key(b.source)
                if ka == kb:
                    continue
                pair = tuple(sorted((ka, kb)))
                if frozenset({a.stance, b.stance}) in OPPOSED and (pair[0], pair[1], "stance") not in seen:
                    seen.add((pair[0], pair[1], "stance"))
                    out.append(
                        Disagreement(
                            eid,
                            "stance",
                            [a.id, b.id],
                            [source_label(a.source), source_label(b.source)],
                            f"{source_label(a.source)} {a.stance}; {source_label(b.source)} {b.stance}",
                        )
                    )
                fa, fb = figures(a.content.text), figures(b.content.text)
                if fa and fb and not (fa & fb) and (pair[0], pair[1], "figure") not in seen:
                    seen.add((pair[0], pair[1], "figure"))
                    out.append(
                        Disagreement(
                            eid,
                            "figure",
                            [a.id, b.id],
                            [source_label(a.source), source_label(b.source)],
                            f"{source_label(a.source)}: {sorted(fa)}; {source_label(b.source)}: {sorted(fb)}",
                        )
                    )
    return out
