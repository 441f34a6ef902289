"""Place names that name a side, a speaker or a unit, not where something happened.

"pro-Russia rebels", "Russia-backed forces", "Kremlin-led militants", "Russia-Ukraine talks",
"EU blames Russia for ...", "Moscow says ...", "Russia's war", "Azov battalion", "Minsk peace
talks": the name is written (and stays a toponym mention, with its coordinates: the geoparsing
gold of LGL and GeoWebNews counts such modifiers, "Russian-backed", "Georgian-controlled"), but
it is not the event's location. ``actor_use`` says why a mention reads so; ``extract_places`` leaves such a
mention out of the document's country focus and keeps its place unresolved, with the reason.
"""

from __future__ import annotations

import dataclasses
import re

from sitrep.extract.place_mentions import Mention
from sitrep.model import Place

# "pro-Russia rebels", "anti-Kyiv protest": the name a side is for or against
_SIDE_PREFIX = re.compile(r"(?:^|[^\w-])(?:pro|anti)[-\u2011]$", re.I)
# "Russia-backed forces", "Kremlin-led militants", "Russia-occupation forces", "Moscow-brokered truce"
_ATTRIBUTIVE_SUFFIX = re.compile(
    r"^[-\u2011](?:backed|led|controlled|occupation|occupations|occupied|occupying|sponsored|supported|funded"
    r"|allied|installed|appointed|friendly|leaning|aligned|armed|trained|supplied|held|run|brokered|mediated"
    r"|imposed|loyal)\b",
    re.I,
)
# "Russia's war", "Kiev's aggression", "Moscow's proxies": the state as the aggressor
_AGGRESSOR_OF = re.compile(
    r"^(?:'s|\u2019s)\s+(?:war|aggression|invasion|proxies|proxy|hybrid|aggressor|agents?|puppets?|mercenaries"
    r"|occupation|occupiers)\b(?![-\u2011])",  # not "Ukraine's war-torn east"
    re.I,
)
# "Moscow's forces", "Kiev's military": a capital for its state's institutions (a country's own
# name before them, "Ukraine's army convoy", still says which country the report is about)
_INSTITUTION_OF = re.compile(
    r"^(?:'s|\u2019s)\s+(?:military|army|armed forces|forces|troops|soldiers|defen[cs]e ministry"
    r"|foreign ministry|government|president|leader|authorities)\b",
    re.I,
)
# "Moscow says", "Kiev blames": a capital as the speaker (its government; a country's own name,
# "Ukraine says", still says which country the report is about)
_SPEAKER = re.compile(
    r"^(?:'s|\u2019s)?\s+(?:says?|said|claims?|claimed|accuses?|accused|blames?|blamed|denies|denied|warns?"
    r"|warned|reports?|reported|confirms?|confirmed|admits?|admitted|insists?|vows?|threatens?|demands?"
    r"|rejects?|condemns?|urges?|announces?|announced)\b",
    re.I,
)
# "officials in Kharkiv said": the place of the speakers (and often of the event), not the speaker
_PLACE_PREP_BEFORE = re.compile(
    r"\b(?:in|at|from|near|outside|around)\s+(?:the\s+(?:city|town)\s+of\s+)?$", re.I
)
# "EU blames Russia for ...", "accuses Kiev of ...", "blames deaths on Russia", "points at Moscow":
# a state as the one blamed or addressed
_ADDRESSED = re.compile(
    r"\b(?:(?:blames?|blamed|blaming|accuses?|accused|accusing|condemns?|condemned|sanctions?|sanctioned|urges?"
    r"|urged|warns?|warned|demands?|demanded|pressures?|pressured|calls on|called on|tells|told)"
    r"|(?:blames?|blamed|blaming)\s+(?:[\w'\u2019-]+\s+){1,4}on|points?(?:\s+the\s+finger)?\s+at)\s+$",
    re.I,
)
# "Azov battalion", "Donbas volunteer battalion", "Kyiv-2 battalion", "regiment Azov": a unit's name
_UNIT_AFTER = re.compile(
    r"^(?:[-\u2011]\d+)?\s+(?:volunteer\s+|special\s+(?:police\s+)?|territorial\s+defen[cs]e\s+)?"
    r"(?:battalion|regiment|brigade)\b",
    re.I,
)
# "Minsk peace talks", "the Minsk agreements", "Normandy format": a negotiation named after its venue
# (a country's name before them, "Ukraine peace talks", names what the talks are about)
_NEGOTIATION_AFTER = re.compile(
    r"^(?:'s|\u2019s)?\s+(?:peace\s+)?(?:talks|agreements?|accords?|format|process|protocol|memorandum"
    r"|negotiations|summit|deal)\b",
    re.I,
)
_UNIT_BEFORE = re.compile(r"\b(?:battalion|regiment)\s+[\"\u201c]?$", re.I)
# "Russia-Ukraine border", "Ukraine-Russia talks", "Moscow/Kiev": a pair of states, neither one the place
_PAIR_JOIN = re.compile(r"^[-\u2011\u2013/]$")

STATE_CITY_POPULATION = 1_000_000  # a city this large as a speaker is its government ("Moscow says")


def _state(m: Mention) -> bool:
    """A country, or a city large enough to stand for its government ("Moscow", "Kiev")."""
    return any(
        c.feature == "country" or (c.feature == "city" and c.population >= STATE_CITY_POPULATION)
        for c in m.candidates
    )


def _capital(m: Mention) -> bool:
    """A city large enough to stand for its government, and no country of that name."""
    return _state(m) and not _country(m)


def _country(m: Mention) -> bool:
    return any(c.feature == "country" for c in m.candidates)


def actor_use(text: str, m: Mention, neighbours: list[Mention]) -> str | None:
    """Why ``m`` names a side, a speaker or a unit rather than a location (None: it may be the place).

    ``neighbours``: the mentions nearest before and after ``m`` in the text (a pair of states is joined
    by one character, so only they can pair with it).
    """
    before = text[max(0, m.start - 40) : m.start]
    after = text[m.end : m.end + 40]
    if _SIDE_PREFIX.search(before):
        return f"written after '{before[-4:].strip(' ')}': names the side someone is for or against"
    hit = _ATTRIBUTIVE_SUFFIX.match(after)
    if hit:
        return f"'{m.text}{hit.group(0)}': names who backs, leads or holds, not where it happened"
    if _UNIT_AFTER.match(after) or _UNIT_BEFORE.search(before):
        return "names a military unit (battalion, regiment), not where it happened"
    if not _country(m) and _NEGOTIATION_AFTER.match(after):  # "Ukraine peace talks": about the country
        return "names a negotiation after its venue ('Minsk peace talks'), not where it happened"
    if _AGGRESSOR_OF.match(after):
        return "the state as the aggressor ('Russia's war'), not where it happened"
    if _capital(m) and _INSTITUTION_OF.match(after):
        return "a capital for its state ('Moscow's forces'), not where it happened"
    for other in neighbours:
        gap = text[m.end : other.start] if other.start >= m.end else text[other.end : m.start]
        if other is m or len(gap) != 1 or not _PAIR_JOIN.match(gap):
            continue
        if _state(m) and _state(other) and (_country(m) or _country(other)):
            return "one of a pair of states ('Russia-Ukraine'): a relation between them, not one place"
    if _capital(m) and _SPEAKER.match(after) and not _PLACE_PREP_BEFORE.search(before):
        return "a capital as the speaker ('Moscow says'): its government, not where it happened"
    if _state(m) and _ADDRESSED.search(before):
        return "the state as the one blamed or addressed ('blames Russia for'), not where it happened"
    return None


def actor_uses(text: str, mentions: list[Mention]) -> dict[int, str]:
    """id(mention) -> why it names a side, a speaker or a unit, for the mentions that do."""
    out: dict[int, str] = {}
    ordered = sorted(mentions, key=lambda x: (x.start, x.end))
    for i, m in enumerate(ordered):
        why = actor_use(text, m, ordered[max(0, i - 3) : i] + ordered[i + 1 : i + 4])  # overlaps included
        if why is not None:
            out[id(m)] = why
    return out


def as_non_location(place: Place, why: str) -> Place:
    """The place as read, kept as a mention (coordinates included) but unresolved as a location."""
    return dataclasses.replace(
        place,
        resolved=False,
        reason=f"{place.reason}; {why}: left unresolved as an event location",
    )
