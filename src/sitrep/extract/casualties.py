"""Casualty figures in a sentence: killed and injured, with qualifier, range, who, and tallies.

Patterns are regular expressions over the sentence text (one pass per pattern). ACLED's
conventions for vague counts are followed: "tens" = 10, "dozens" = 12, "hundreds" = 100, and
"several"/"a number of"/"unspecified" fatalities are recorded with the vague word as qualifier
and counted as 10 (ACLED's figure for an unknown plural), with ``count_min`` 2 kept for a
conservative reading.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from sitrep.extract.casualty_forms import AGE_AFTER, EXTRA_PATTERNS, blank_comparative_since
from sitrep.extract.casualty_forms import PERSON as _PERSON
from sitrep.extract.prefilter import LiteralScan
from sitrep.model import Casualty, Span
from sitrep.nlp import parse_text

_UNITS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "a dozen": 12, "dozen": 12, "a couple of": 2, "a pair of": 2, "a hundred": 100, "one hundred": 100,
    "hundred": 100,
}  # fmt: skip
_VAGUE = {"tens of": 10, "dozens of": 12, "dozens": 12, "scores of": 20, "hundreds of": 100, "hundreds": 100,
          "thousands of": 1000}  # fmt: skip
_UNKNOWN_PLURAL = {"several", "many", "a significant number of", "a large number of", "an undisclosed number of", "a number of", "an unknown number of", "unspecified number of",
                   "an unspecified number of", "numerous", "some", "multiple", "a few"}  # fmt: skip
_UNKNOWN_PLURAL_COUNT = 10

_word_alt = "|".join(sorted((re.escape(w) for w in _UNITS), key=len, reverse=True))
_tens = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
NUM = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+"
    rf"|(?:{_tens})[- ](?:one|two|three|four|five|six|seven|eight|nine)"
    rf"|(?:a|one|two|three|four|five) hundred(?: and \w+)?"
    rf"|{_word_alt})"
)
VAGUE = "|".join(sorted((re.escape(w) for w in list(_VAGUE) + list(_UNKNOWN_PLURAL)), key=len, reverse=True))
QUAL = (
    r"(?:at least|more than|over|up to|between|as many as|about|around|approximately|nearly|almost|some|roughly"
    r"|no fewer than|no less than|fewer than|less than|at most|an estimated|a total of|in total)"
)
COUNT = rf"(?:(?P<qual>{QUAL})\s+)?(?P<num>{NUM})\b{AGE_AFTER}(?:\s*(?:-|to|or|and)\s*(?P<num2>{NUM})\b)?|(?P<vague>{VAGUE})\b"
_STOP = r"(?!(?:dead|injured|wounded|and|or|in|on|at|near|with|when|after|while|as|during|by|from|was|were|is|are|had|have|the|a)\b)"
WHO = rf"(?P<who>(?:{_STOP}[\w'\u2019-]+\s+){{0,4}}?(?:,?\s*including [^,.;]{{1,50}}?,?\s+)?)"
WHO_AFTER = rf"(?P<who>(?:{_STOP}[\w'\u2019-]+\b\s*){{0,4}})"
KILL = r"(?:killed|shot and killed|shot dead|dead|died|dies|die|perished|slain|shot dead|lost their lives|were killed|was killed|have been killed|had been killed|fatally (?:wounded|injured|shot|hit)|fatalities|deaths|dead bodies|bodies|(?-i:KIAs?))"
INJ = r"(?:injured|wounded|hurt|hospitali[sz]ed|injuries|sustained injuries|were injured|was injured|(?-i:WIAs?))"
BE = r"(?:(?:were|was|have been|had been|are|is|reportedly|also|later|being|got|been|reported|said|believed|feared|confirmed|to have been|to be)\s+)*"

_NOMINAL_LEAD = (
    r"(?:(?:resulted|resulting|results|led|leading|leads)\s+(?:in|to)|reports?|reported|reporting|confirms?|confirmed"
    r"|announces?|announced|caus(?:ed|es|ing))\s+(?:the\s+)?"
)
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "Two wounded soldiers die in hospital": the wounded who died (before "subject" reads "Two wounded")
    (
        "subject",
        re.compile(
            rf"(?<![\w-])(?:{COUNT})\s+(?:wounded|injured)\s+(?P<who>(?:[\w'\u2019-]+\s+){{0,3}}?){BE}(?P<verb>die[sd]?)\b",
            re.I,
        ),
    ),
    # "at least nine civilians were killed", "3 soldiers killed", "2 were injured"
    (
        "subject",
        re.compile(
            rf"(?<![\w-])(?:{COUNT})\s+{WHO}{BE}(?:(?:shot|attacked|beaten|stabbed)\s+and\s+)?(?P<verb>{KILL}|{INJ})\b",
            re.I,
        ),
    ),
    # "killing 3 civilians", "killed about 25 people", "wounding a man"
    (
        "object",
        re.compile(
            rf"\b(?P<verb>kill(?:ed|ing|s)?|wound(?:ed|ing|s)|injur(?:ed|ing|es)|claim(?:ed|ing) the lives of|left|"
            rf"behead(?:ed|ing)|execut(?:ed|ing)|murder(?:ed|ing)|shot dead|shooting dead)\s+"
            rf"(?:{COUNT})\s*{WHO_AFTER}(?:and\s+(?P<more>{NUM})\s+[\w-]+\s*)?(?P<tail>dead|injured|wounded)?\b",
            re.I,
        ),
    ),
    # "the victim died", "the driver was killed": one person
    (
        "singular",
        re.compile(
            r"\b(?P<num>the|a|an|one|he|she)\s+(?P<who>(?:[\w-]+\s+){0,2}?(?:victim|driver|man|woman|boy|girl|child|resident|civilian|"
            r"soldier|serviceman|policeman|police officer|officer|journalist|farmer|teacher|passenger|teenager|pensioner|"
            r"worker|volunteer|militant|fighter|commander|guard|person|local|mother|father|son|daughter|wife|husband|employee)|(?<=he )|(?<=she ))\s*(?:was\s+|has been\s+|had been\s+)?(?:\w+\s+and\s+)?"
            r"(?P<verb>killed|died|shot dead|found dead|injured|wounded|beheaded|executed|murdered|stabbed to death)\b",
            re.I,
        ),
    ),
    # headline style, no article: "Border guard killed at crossing", "militia fighter dies": one person
    (
        "singular",
        re.compile(
            r"(?:^|(?<=[,;:]\s)|(?<=\bsay\s)|(?<=\bsays\s)|(?<=\bsaid\s))"
            r"(?:(?!(?:the|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\b)[\w'\u2019.-]+\s+){0,3}?"
            r"(?P<who>" + _PERSON + r")(?:,?\s+of(?:\s+(?!(?:killed|dies|died|dead|shot|wounded|injured"
            r"|says?|said|reports?|claims?)\b)[\w'\u2019.-]+){1,9}?|,)?\s+(?:(?:was|is|has been|had been|reported(?:ly)?|said|believed|feared)\s+"
            r"(?:to have been\s+)?)?(?P<verb>killed|dies|died|dead(?!\s+bod)|slain|shot dead|found dead|"
            r"fatally (?:wounded|injured|shot|hit)|injured|wounded|executed|murdered|stabbed to death)\b",
            re.I,
        ),
    ),
    # headline style, no article: "mortar fire kills militia fighter": one person
    (
        "singular",
        re.compile(
            r"\b(?P<verb>kills?|killing(?!\s+of\b))\s+(?:(?!(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|dozens|many)\b)"
            r"[\w'\u2019-]+\s+){0,2}?(?P<who>" + _PERSON + r")\b(?!-)",
            re.I,
        ),
    ),
    # "claims 12 lives"
    (
        "object",
        re.compile(rf"\b(?P<verb>claim(?:s|ed|ing)?)\s+(?:{COUNT})\s+(?:more\s+)?lives\b", re.I),
    ),
    # "killed the employee", "shot dead a farmer": one person
    (
        "singular",
        re.compile(
            r"\b(?P<verb>killed|killing|murdered|executed|shot dead|beheaded)\s+(?P<num>the|a|an|one)\s+"
            r"(?P<who>(?:[\w-]+\s+){0,2}?(?:victim|driver|man|woman|boy|girl|child|resident|civilian|soldier|serviceman|"
            r"policeman|police officer|officer|journalist|farmer|teacher|passenger|teenager|pensioner|worker|volunteer|"
            r"militant|fighter|commander|guard|person|employee|mayor|official|priest|activist|leader))\b",
            re.I,
        ),
    ),
    # "the deaths of at least nine civilians", "the death toll rose to 12"
    (
        "deaths",
        re.compile(
            rf"\b(?P<verb>deaths?|death toll|toll|injuries)\s+(?:(?:from|in|of)\s+(?:[\w'\u2019-]+\s+){{1,6}}?)?"
            rf"(?:of|(?:has\s+|have\s+)?(?:rises|rose|risen|climbs|climbed|reaches|reached|hits|jumps|jumped)\s+to"
            rf"|reached|reaches|hits|tops|topped|passes|passed|exceeds|exceeded|stands at|stood at|is|was|at)\s+(?:{COUNT})\s*{WHO_AFTER}",
            re.I,
        ),
    ),
    # "Ukraine raises death toll from attacks in east to 17"
    (
        "deaths",
        re.compile(
            rf"\b(?:rais(?:es|ed|ing)|puts?|putting|revis(?:es|ed|ing))\s+(?:the\s+|its\s+|their\s+)?(?P<verb>death toll|toll)"
            rf"\s+(?:(?:from|in|of)\s+(?:[\w'\u2019-]+\s+){{1,6}}?)?(?:up\s+)?(?:to|at)\s+(?:{COUNT})\s*{WHO_AFTER}",
            re.I,
        ),
    ),
    # one named person: "46-year-old Ivan Petrenko was killed", "24y.o. Ivan Petrenko killed at ...",
    # "Ivan Petrenko died of wounds" (a capitalised first name and surname opening the clause)
    (
        "singular",
        re.compile(
            r"(?:^|(?<=[,;:.]\s))(?:\d{1,3}\s?(?:y\.\s?o\.?|yo\b|-year-old|years? old)\s+(?:[\w'\u2019.-]+\s+){1,5}?"
            r"|(?!(?:One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten)\b)[A-Z][a-z'\u2019]+(?:-[A-Z][a-z]+)?\s+"
            r"[A-Z][a-z'\u2019]*[a-rt-z](?:-[A-Z][a-z]+)?\s+)(?:was\s+|has been\s+)?(?P<verb>killed|died|dies|shot dead|slain)\b"
        ),
    ),
    # "resulted in the death of a soldier", "DPR reports militiaman's death", "led to the killing of 3
    # militants": a death the sentence reports (a killing a protest is "over" is another event)
    (
        "singular",
        re.compile(
            rf"\b{_NOMINAL_LEAD}(?P<verb>death|killing|murder)\s+of\s+(?:(?:a|an|the|its|his|her|their|one)\s+)?"
            rf"(?P<who>(?:(?!(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\b)[\w'\u2019-]+\s+){{0,3}}?{_PERSON})\b(?![-\w])"
            rf"|\b{_NOMINAL_LEAD}(?P<who2>{_PERSON})(?:'s|\u2019s)\s+(?:death|killing|murder)\b",
            re.I,
        ),
    ),
    ("object", re.compile(rf"\b{_NOMINAL_LEAD}(?P<verb>killing)\s+of\s+(?:{COUNT})\s*{WHO_AFTER}", re.I)),
    *EXTRA_PATTERNS,
]
_NONE = re.compile(
    r"\b(?:no (?:casualties|fatalities|deaths|injuries|one was (?:killed|hurt|injured))|nobody was (?:killed|hurt|injured)|"
    r"(?:casualties|fatalities) (?:unknown|were not reported|not reported)|without casualties|"
    r"neither fatalities nor injuries|no (?:reports? of )?(?:casualties|fatalities|injuries))",
    re.I,
)
_CODED = re.compile(
    r"\b(?:fatalit\w*|casualties)(?: and injuries)?\s+(?:were\s+|was\s+|have been\s+)?(?:split\s+and\s+)?coded\s+"
    r"(?:as|to|at)\s+(?P<n>\d+)\b|\b(?P<n2>\d+)\s+fatalit\w*\s+(?:were\s+)?coded\b"
    r"|\bfatalit\w*\s+(?:are\s+|were\s+)?coded\s+to\s+(?:the\s+|an?\s+)?(?P<elsewhere>[\w' -]{1,40}?\s+event|another|other|separate|specific)\b",
    re.I,
)
_CODED_ELSEWHERE = re.compile(
    r"\bfatalit\w*\s+(?:are\s+|were\s+)?coded\s+to\s+(?:the\s+|an?\s+)?(?:[\w' -]{1,40}?\s+event|another|other|separate|specific)\b",
    re.I,
)
_AGGREGATE = re.compile(
    r"\b(?:since (?:(?:the )?(?:start|beginning|outbreak)|the full-scale|the invasion|february 24|24 february|the war"
    r"|last (?:year|month|week))|in (?:19|20)\d\d\b"
    r"|in (?:january|february|march|april|may|june|july|august|september|october|november|december)\b(?![ -]\d)"
    r"|so far this (?:year|month)|in total|to date|overall death toll|total death toll|throughout the (?:war|conflict)"
    r"|at unspecified locations?|in the whole (?:region|oblast|province)|across the (?:region|oblast|province|country)"
    r"|over the past (?:year|\d+ months|months)|this year|(?:in|over|during) (?:the )?(?:past|last|one|a) (?:week|month|year)\b"
    r"|(?:in|over|during) (?:the )?(?:past|last) (?:\w+ )?(?:weeks|months|years)|since (?:january|february|march|april|may|june|july|august|september|october|november|december)|cumulative)",
    re.I,
)
_KILL_OR_INJ = re.compile(
    r"\b(?:killing or (?:injuring|wounding)|killed or (?:injured|wounded)|killing and (?:injuring|wounding)|killed and (?:injured|wounded))\b",
    re.I,
)
_WHO_WORDS = re.compile(
    r"(civilians?|people|persons?|residents?|villagers?|children|child|kids?|boys?|girls?|women|woman|men|man|"
    r"soldiers?|servicem[ae]n|troops|militants?|fighters?|insurgents?|rebels?|police(?:men| officers?)?|officers?|"
    r"protesters?|demonstrators?|members?|workers?|staff|employees|journalists?|farmers?|students?|elderly|"
    r"militiam[ae]n|militia|arbakis?|commandos?|nds|pensioners?|teenagers?|infants?|babies|baby|teachers?|pupils?|worshippers?|drivers?|passengers?|guards?|commanders?|taliban|militiamen|gunmen|attackers?|"
    r"assailants?|suspects?|policem[ae]n|personnel|volunteers?|rescuers?|doctors?|nurses?|family|relatives?|"
    r"paramedics?|medics?|photographers?|reporters?|separatists?|conscripts?|marines?|paratroopers?)\b",
    re.I,
)
_NOT_WHO = re.compile(
    r"\b(?:houses?|buildings?|homes?|cars?|vehicles?|drones?|missiles?|rockets?|shells?|tanks?|times|attacks?|km|kilometres?|kilometers?|miles?|metres?|days?|hours?|weeks?|months?|years?(?!-old)|percent|%)\b",
    re.I,
)


_ACTIVE_AFTER = re.compile(
    rf"\s+(?:(?:{QUAL})\s+)?(?:{NUM}|the|his|her|their|its|several|dozens|many)\b", re.I
)


@dataclass(frozen=True)
class Count:
    low: int
    high: int | None
    qualifier: str | None


def parse_number(text: str) -> int | None:
    t = text.strip().lower().replace(",", "")
    if t.isdigit():
        return int(t)
    if t in _UNITS:
        return _UNITS[t]
    m = re.fullmatch(rf"({_tens})[- ](\w+)", t)
    if m and m.group(2) in _UNITS:
        return _UNITS[m.group(1)] + _UNITS[m.group(2)]
    m = re.fullmatch(r"(a|one|two|three|four|five) hundred(?: and (\w+))?", t)
    if m:
        base = 100 * _UNITS[m.group(1)]
        return base + (_UNITS.get(m.group(2) or "", 0) if m.group(2) else 0)
    return None


def _count(m: re.Match[str]) -> Count | None:
    groups = m.groupdict()
    if "vague" not in groups:
        return Count(1, None, None)
    vague = m.group("vague")
    if vague:
        v = vague.lower()
        if v in _VAGUE:
            return Count(_VAGUE[v], None, v)
        return Count(_UNKNOWN_PLURAL_COUNT, None, v)
    low = parse_number(m.group("num") or "")
    if low is None:
        return None
    high = parse_number(m.group("num2")) if m.group("num2") else None
    qual = (m.group("qual") or "").lower() or None
    if qual == "between":
        qual = None  # "between 3 and 5": the range says it
    if qual in ("more than", "over") and high is None:
        return Count(low, None, qual)  # ACLED and UCDP code the stated figure; the qualifier is kept
    if qual in ("up to", "as many as", "at most") and high is None:
        return Count(low, low, qual)  # ACLED codes the reported figure; the qualifier is kept
    if qual in ("fewer than", "less than") and high is None:
        return Count(max(0, low - 1), low - 1, qual)
    if high is not None and high < low:
        high = None
    return Count(low, high, qual)


_ARMED_WORDS = re.compile(
    r"soldier|servicem|troop|militant|fighter|insurgent|rebel|police|officer|guard|commander|taliban|militia|arbaki|"
    r"personnel|gunm|attacker|assailant|combatant|commando|separatist|marine|paratroop|conscript",
    re.I,
)


def _who(raw: str) -> str | None:
    """The victims' group: an armed word when one is named ("pro-government militia members"), else the last."""
    words = [str(w).lower() for w in _WHO_WORDS.findall(raw or "")]
    armed = [w for w in words if _ARMED_WORDS.search(w)]
    return armed[0] if armed else (words[-1] if words else None)


# A list of groups before one verb: "Five Ukrainian soldiers, two rebels killed", "Three civilians and
# a soldier were killed", "Soldier and civilian killed". Counted items are summed; a bare plural
# with no count of its own ("41 soldiers, civilians killed") belongs to the count before it.
_LIST_SEP = r"(?:\s*,\s*|,?\s+and\s+)"
_LIST_ITEM = (
    rf"(?:(?:(?:{QUAL})\s+)?(?:{NUM})\s+(?:{_STOP}[\w'\u2019-]+\s+){{0,2}}?{_WHO_WORDS.pattern}"
    rf"|(?:{_STOP}[\w'\u2019-]+\s+){{0,2}}?{_PERSON}\b)"
)
_LIST = re.compile(
    rf"(?<![\w-])(?P<items>{_LIST_ITEM}(?:{_LIST_SEP}(?:{_LIST_ITEM}|{_WHO_WORDS.pattern}))+)\s+{BE}(?P<verb>{KILL}|{INJ})\b",
    re.I,
)
_LIST_COUNT = re.compile(rf"(?:(?P<qual>{QUAL})\s+)?(?P<num>{NUM})\s", re.I)
_SINGLE = re.compile(rf"\b{_PERSON}$", re.I)
_GATE = LiteralScan.of([_LIST, *(p for _, p in _PATTERNS)])  # which could match: 0 the list, 1... _PATTERNS


def _list_casualties(text: str, base: int, aggregate: bool) -> list[Casualty]:
    out: list[Casualty] = []
    for m in _LIST.finditer(text):
        parts = re.split(_LIST_SEP, m.group("items"), flags=re.I)
        counts: list[int] = []
        qualifier: str | None = None
        for part in parts:
            c = _LIST_COUNT.match(part + " ")
            n = parse_number(c.group("num")) if c else None
            if n is not None and c is not None:
                counts.append(n)
                qualifier = qualifier or ((c.group("qual") or "").lower() or None)
            elif _SINGLE.search(part.strip()):
                counts.append(1)
        if len(counts) < 2 and len(counts) == len(parts):
            continue  # one group: the ordinary patterns read it
        if not counts:
            continue
        verb = m.group("verb").lower()
        kind = "injured" if re.search(r"wound|injur|hurt|hospital|wia", verb) else "killed"
        total = sum(counts)
        reason = f"list pattern: {m.group(0).strip()!r} ({' + '.join(map(str, counts))} = {total})"
        if aggregate:
            reason += "; sentence gives a running tally (aggregate), not one event's toll"
        out.append(
            Casualty(
                kind=kind,
                count_min=total,
                qualifier=qualifier,
                who=_who(m.group("items")),
                span=Span(base + m.start(), base + m.end(), m.group(0)),
                aggregate=aggregate,
                reason=reason,
            )
        )
    return out


# A quote mark that is not an apostrophe inside a word: blanked before matching (same length).
_QUOTE_MARK = re.compile(
    r"(?<![^\W\d_])['\u2018\u2019\"\u201c\u201d]|['\u2018\u2019\"\u201c\u201d](?![^\W\d_])"
)
# After a wounded person: the wounds were fatal ("sustained injuries incompatible with life"), or the
# person died later ("civilian wounded in shelling dies"; no other person named before "dies").
_DIED_LATER = re.compile(
    rf"\s*(?:(?P<fatal>incompatible with life)|(?:(?!{_PERSON}|\d|(?:other|another|and|while|but)\b)[^;:.!?])*?\b(?:dies|died|die)\b(?!\s+(?:down|out)))",
    re.I,
)


_NO_ONE = re.compile(r"\b[Nn]o one\b")


def find_casualties(text: str, base: int = 0) -> list[Casualty]:
    """Casualty figures in one sentence; spans are offset by ``base`` (the sentence start)."""
    original = text
    text = parse_text(text)  # a wire slug ("UPDATE 2-") blanked: the count after it starts the headline
    text = _QUOTE_MARK.sub(" ", text)  # "'Up to five' rebels killed": the count, not the quote
    text = _NO_ONE.sub(lambda m: m.group(0)[:2] + "body", text)  # "no one was killed" counts nobody, not one
    out: list[Casualty] = []
    taken: list[tuple[int, int]] = []
    aggregate = bool(_AGGREGATE.search(blank_comparative_since(text)))
    ambiguous = bool(_KILL_OR_INJ.search(text))
    possible = _GATE.candidates(text)  # None: any pattern may match
    if possible is None or 0 in possible:
        out.extend(_list_casualties(text, base, aggregate))
    taken.extend((c.span.start - base, c.span.end - base) for c in out if c.span)
    for i, (how, pat) in enumerate(_PATTERNS, 1):
        if possible is not None and i not in possible:
            continue  # none of its literals is in the sentence: it cannot match
        for m in pat.finditer(text):
            s, e = m.span()
            while e > s and text[e - 1].isspace():
                e -= 1
            if any(s < te and ts < e for ts, te in taken):
                continue
            c = _count(m)
            if c is None:
                continue
            raw_who = m.groupdict().get("who") or m.groupdict().get("who2") or ""
            if _NOT_WHO.search(raw_who):
                continue
            if (
                how == "subject"
                and not raw_who.strip()
                and m.group("num")
                and m.group("num").lower() in ("a", "an")
            ):
                continue  # "a wounded" is not a figure
            verb = (m.group("verb") or "").lower()
            if (
                how == "subject"
                and _ACTIVE_AFTER.match(text, e)
                and not re.search(r"\b(?:were|was|been|are|is)\b", m.group(0), re.I)
            ):
                continue  # "a bomber killed 3 ...": the count before the verb is the killer, not the dead
            tail = (m.groupdict().get("tail") or "").lower()
            if how == "object" and verb == "left":
                if not tail:
                    continue
                verb = tail
            kind = (
                "injured"
                if re.search(r"wound|injur|hurt|hospital|wia", verb) and not verb.startswith("fatally")
                else "killed"
            )
            if how == "singular":
                c = Count(1, None, None)
            if (
                kind == "injured"
                and (m2 := _DIED_LATER.match(text, e))
                and (how == "singular" or m2.group("fatal"))
            ):
                kind = "killed"  # "injuries incompatible with life", "civilian wounded in shelling dies"
            more = m.groupdict().get("more")
            if more and parse_number(more):
                c = Count(c.low + (parse_number(more) or 0), None, c.qualifier)
            if (
                how == "object"
                and not raw_who.strip()
                and c.qualifier is None
                and m.group("num")
                and m.group("num").lower() in ("a", "an")
            ):
                continue
            reason = f"{how} pattern: {m.group(0).strip()!r}"
            if (
                ambiguous
                and kind == "killed"
                and re.search(r"\bkill(?:ing|ed) (?:or|and) (?:injur|wound)", text[s : e + 30], re.I)
            ):
                reason += "; 'killed or/and injured' does not say how many died: not counted as deaths"
                kind = "killed or injured"
            if aggregate:
                reason += "; sentence gives a running tally (aggregate), not one event's toll"
            out.append(
                Casualty(
                    kind=kind,
                    count_min=c.low,
                    count_max=c.high,
                    qualifier=c.qualifier,
                    who=_who(raw_who) or ("servicemen" if re.fullmatch(r"[kw]ias?", verb) else None),
                    span=Span(base + s, base + e, text[s:e]),
                    aggregate=aggregate,
                    reason=reason,
                )
            )
            taken.append((s, e))
    out.sort(key=lambda c: c.span.start if c.span else 0)
    return [_original_span(c, original, base) for c in out]


def _original_span(c: Casualty, text: str, base: int) -> Casualty:
    if c.span is None:
        return c
    return dataclasses.replace(
        c, span=Span(c.span.start, c.span.end, text[c.span.start - base : c.span.end - base])
    )


_SPLIT = re.compile(
    rf"\b(?:split|spread|divided)\s+(?:up\s+)?(?:between|among|across)\s+(?P<n>{NUM})\s+(?:\w+\s+)?(?:events|locations|incidents)",
    re.I,
)


def split_between(text: str) -> int | None:
    """ "fatalities split between 3 events": the figure is shared; returns the divisor."""
    m = _SPLIT.search(text)
    n = parse_number(m.group("n")) if m else None
    return n if n and n > 1 else None


def states_no_casualties(text: str) -> bool:
    return bool(_NONE.search(text))


def coded_fatalities(text: str) -> int | None:
    """ACLED notes sometimes state the coded figure ("fatalities coded as 10"): that figure wins."""
    if _CODED_ELSEWHERE.search(text):
        return 0  # the deaths are counted with another event
    found = list(_CODED.finditer(text))
    if not found:
        return None
    m = found[0]
    return int(m.group("n") or m.group("n2"))
