"""Which place an event sentence names for its event: the place-picking rules of the events stage.

A place can be named for something else than where the event happened: an actor ("Kyiv troops"),
a yardstick ("Europe's largest plant"), a launch area ("fired from ships in the Black Sea"), the
source of a headline ("...: Kyiv") or the seat of a speaker abroad ("the Russian embassy in
Washington said"). These helpers find such spans so the events stage can avoid them, then pick
the most precise place left.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from sitrep.model import Place, Span

# closing punctuation: a line that ends without it reads as a headline
TERMINAL = frozenset({".", "!", "?", '"', "\u201d", "'", "\u2019", "\u2026", ":", "]", ")", ";"})


# A place name used attributively names an actor or a negotiation, not where something happened:
# "Kyiv troops", "Moscow's forces", "Minsk peace talks".
_ACTOR_AFTER = re.compile(
    r"^(?:'s|\u2019s)?\s*(?:(?:pro-\w+|backed|led|loyal)\s+)?(?:troops|forces|military|army|regime|soldiers|"
    r"militia|militiamen|fighters|peace|talks|summit|agreements?|accords?|deal|format|process|protocol|"
    r"memorandum|negotiations|ceasefire|truce)\b(?!\s+(?:administration|governor|head|council|authorities))",
    re.I,
)
# The last chunk of a headline after ": " or " - " is who reports it ("...: Kyiv", "... - Kyiv army").
_SOURCE_TAIL = re.compile(r"(?::|\s[-\u2013\u2014])\s+(?P<tail>[^:\u2013\u2014]{1,40})$")
# "Europe's largest nuclear plant": a yardstick, not where it happened
_SUPERLATIVE_AFTER = re.compile(r"^(?:'s|\u2019s)\s+(?:\w+est|most|biggest|largest|only|first)\b", re.I)
# "missiles launched from ships in the Black Sea", "fired from Belgorod": where the weapon left from
_LAUNCHED_FROM = re.compile(
    r"\b(?:launched|fired|took off|flew in)\s+from\s+(?:[^.;]*?\band\s+from\s+)?(?:[\w-]+\s+){0,4}?"
    r"(?:(?:in|over|on)\s+)?(?:the\s+)?$",
    re.I,
)
_PLACE_WORDS = re.compile(r"\b(?:in|near|at|on|outside|around|of|from|into|across)\b", re.I)


def metonyms(places: list[Place], text: str, base: int) -> list[Span]:
    """Spans of places that name an actor or a source rather than the event's location."""
    out: list[Span] = []
    # headline convention only: a sentence with closing punctuation has no source tail
    tail = _SOURCE_TAIL.search(text) if text.rstrip()[-1:] not in TERMINAL else None
    tail_start = base + tail.start("tail") if tail and len(tail.group("tail").split()) <= 4 else None
    tail_plain = tail is not None and not _PLACE_WORDS.search(tail.group("tail"))
    for p in places:
        after = text[p.span.end - base :] if base <= p.span.end <= base + len(text) else ""
        before = text[max(0, p.span.start - base - 120) : max(0, p.span.start - base)]
        if (
            _ACTOR_AFTER.match(after)
            or _SUPERLATIVE_AFTER.match(after)
            or _LAUNCHED_FROM.search(before)
            or (tail_start is not None and tail_plain and p.span.start >= tail_start)
        ):
            out.append(p.span)
    return out


def foreign_seat_of_speaker(
    places: list[Place], source: str | None, text: str, base: int, dominant: Place | None
) -> list[Span]:
    """ "The Russian embassy in Washington said ... attacks": a place inside the speaker's words, in
    another country than the report's, is where the speaker sits, not where the event was."""
    if not source or dominant is None or not dominant.country:
        return []
    at = text.find(source)
    if at < 0:
        return []
    start, end = base + at, base + at + len(source)
    return [
        p.span
        for p in places
        if start <= p.span.start and p.span.end <= end and p.country and p.country != dominant.country
    ]


def pick_place(places: list[Place], avoid: list[Span]) -> Place | None:
    def overlaps(p: Place) -> bool:
        return any(p.span.start < a.end and a.start < p.span.end for a in avoid)

    usable = [p for p in places if not overlaps(p)]
    usable = [p for p in usable if not _is_qualifier(p, usable)]
    resolved = [p for p in usable if p.resolved and p.feature != "country"]
    if resolved:
        return min(resolved, key=lambda p: (p.geo_precision or 3, p.span.start))
    return next(iter([p for p in usable if p.resolved]), None)


# ACLED's notes say where an event is coded: "(coded to Yehorivka, Zaporizhia)", "[coded to Kharkiv]"
_CODED_TO = re.compile(r"[(\[]\s*coded to ([^)\]]{2,80})")


def coded_to(places: list[Place], text: str, base: int) -> list[Place]:
    """The places named after "coded to" when the sentence says where the event is coded, else all."""
    m = _CODED_TO.search(text)
    if m is None:
        return places
    inside = [
        dataclasses.replace(p, reason=f"{p.reason}; named after 'coded to', where the report codes the event")
        for p in places
        if base + m.start(1) <= p.span.start < base + m.end(1) and p.resolved
    ]
    return inside or places


def _is_qualifier(p: Place, places: list[Place]) -> bool:
    """``p`` only says where the place just before it lies ("Makiivka, Donetsk"): not the event's place."""
    for prev in places:
        if prev is p or not prev.resolved or not 0 < p.span.start - prev.span.end <= 2:
            continue
        region = (prev.admin1 or "").lower()
        if region and region in {(p.canonical or "").lower(), (p.admin1 or "").lower(), p.name.lower()}:
            return True
    return False


def followed_by_its_region(ent: Any, places: list[Place]) -> bool:
    """ "Zolota Nyva, Donetsk": a name followed by the region it was placed in is a place, though NER
    reads it as a person; so is "Donetsk - Kuibyshivskyi"."""
    here = next(
        (p for p in places if p.resolved and (p.span.start, p.span.end) == (ent.start_char, ent.end_char)),
        None,
    )
    if " - " in ent.text or " – " in ent.text:
        return True  # "Donetsk - Kuibyshivskyi": a city and its district, spaced hyphen; no person's name
    return here is not None and any(
        0 < q.span.start - ent.end_char <= 2 and q.admin1 and q.admin1 == here.admin1 for q in places
    )


_TOWN_BEFORE = re.compile(r"([A-Z][\w'\u2019-]+(?:[ -][A-Z][\w'\u2019-]+){0,2}),\s*$")


def unlisted_town_in_region(
    place: Place | None, sentence: str, base: int, places: list[Place]
) -> Place | None:
    """ "Zolota Nyva, Donetsk" with the town unknown to the gazetteer: the event lies somewhere in
    the region, not at the regional capital that shares its name (precision 2, no false pinpoint)."""
    if place is None or place.feature not in ("city", "town") or not place.admin1:
        return place
    if (place.canonical or place.name).lower() != place.admin1.lower():
        return place
    m = _TOWN_BEFORE.search(sentence[: max(0, place.span.start - base)])
    if not m or m.start(1) == 0 or not sentence[: m.start(1)].rstrip().split()[-1:][0][:1].islower():
        return place
    end = base + m.end(1)
    if any(p.resolved and p.span.end == end for p in places):
        return place
    return dataclasses.replace(
        place,
        canonical=place.admin1,
        feature="admin1",
        geo_precision=2,
        reason=f"{place.reason}; {m.group(1)!r} is not in the gazetteer and lies in {place.admin1}: "
        "placed in the region (precision 2), not at the regional capital",
    )
