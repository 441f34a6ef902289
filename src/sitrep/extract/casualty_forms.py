"""Headline forms of a toll that the main casualty patterns do not read.

Kept apart from :mod:`sitrep.extract.casualties` (which imports from here) so that module stays
small. Each form is one general rule of headline grammar, with the reason next to it:

* ``PERSON``: nouns naming one person, for headline-style singular tolls ("Border guard killed",
  "Folk singer killed", "Driver of car shot dead"); an age ("9-year-old") names a person too;
* a death counted by an ordinal or article ("reports first combat death since truce"): one
  death ("another death", "the body of another soldier" add to a toll told before: left out);
* the body of one person ("passes body of marine, killed in clashes"): one death;
* ``AGE_AFTER``: a number followed by "-year-old" is an age, never a count ("kills 8-year-old");
* a superlative or "first" before "since" compares ("bloodiest day since August"): the "since"
  phrase is no running tally and does not make the event background.
"""

from __future__ import annotations

import re

# one person, in the singular (headline-style "Ukrainian soldier killed")
PERSON = (
    r"(?:victim|driver|man|woman|boy|girl|child|resident|civilian|soldier|serviceman|servicewoman|policeman|"
    r"police officer|officer|journalist|farmer|teacher|passenger|teenager|pensioner|worker|volunteer|militant|"
    r"fighter|commander|guard|person|local|employee|militiaman|rebel|separatist|medic|paramedic|photographer|"
    r"reporter|mayor|official|priest|activist|protester|demonstrator|sniper|marine|paratrooper|conscript|member|"
    r"doctor|nurse|rescuer|firefighter|sapper|deminer|pilot|sergeant|lieutenant|colonel|defender|"
    r"singer|actor|artist|writer|blogger|lawyer|miner|engineer|electrician|cameraman|camerawoman|operator|"
    r"translator|interpreter|student|pupil|schoolboy|schoolgirl|monk|businessman|entrepreneur|lawmaker|"
    r"deputy|politician|judge|prosecutor|investigator|observer|monitor|hero|veteran|scout|gunner|tankman|"
    r"warlord|chief|leader|grandmother|grandfather|\d{1,3}-year-old)"
)

# "9-year-old", "9 years old": an age, not a count (a lookahead after a number)
AGE_AFTER = r"(?![-\s](?:years?|yrs?|months?)[-\s]old\b|-(?:year|month)\b)"

# "reports first combat death", "a death in the east": one death. Not "death toll",
# "death threat", "death sentence", "death squad", nor "death of ..." (read by the nominal form).
_ONE_DEATH = re.compile(
    r"\b(?:first|one|a|latest|new)\s+(?:(?:combat|military|civilian|battlefield|confirmed|reported)\s+)?"
    r"(?P<verb>death|fatality)\b(?!\s+(?:tolls?|threats?|penalty|sentences?|squads?|of|row|camp|march|certificate)\b)",
    re.I,
)

# "passes body of marine, killed in clashes", "body of army fighter handed over": one dead person
# (not "the beheaded body of a man", read already as "the beheaded")
_BODY_OF = re.compile(
    rf"(?<!beheaded )\b(?P<verb>body)\s+of\s+(?:(?:a|an|the|one)\s+)?"
    rf"(?:(?!(?:\d+|two|three|four|five|another)\b)[\w'\u2019-]+\s+){{0,3}}?"
    rf"(?P<who>{PERSON})\b(?![-\w])",
    re.I,
)

EXTRA_PATTERNS: list[tuple[str, re.Pattern[str]]] = [("singular", _ONE_DEATH), ("singular", _BODY_OF)]


# "bloodiest day since August", "heaviest shelling since March", "first death since the truce"
_COMPARATIVE = (
    r"\b(?:\w+iest|biggest|largest|highest|worst|greatest|fiercest|hardest|longest|first|most\s+\w+)"
    r"\s+(?:[\w'\u2019-]+\s+){0,2}"
)
_COMPARATIVE_BEFORE = re.compile(_COMPARATIVE + r"$", re.I)


def comparative_before(text: str, pos: int) -> bool:
    """A superlative or "first" ends right before ``pos`` (where a "since" phrase starts)."""
    return bool(_COMPARATIVE_BEFORE.search(text[max(0, pos - 80) : pos]))


def blank_comparative_since(text: str) -> str:
    """The text with every comparative "since X" blanked (same length), for the tally check."""
    out = text
    for m in re.finditer(r"\bsince\s+(?:the\s+)?[\w-]+", text, re.I):
        if comparative_before(text, m.start()):
            out = out[: m.start()] + " " * (m.end() - m.start()) + out[m.end() :]
    return out
