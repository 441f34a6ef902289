"""'Town, Region': a first-level region written after a name says where the name lies.

ACLED and many outlets write a settlement followed by its region ("Pavlivka, Sumy",
"Kotliareve, Mykolaiv region", "Shakhta imeni Gagarina, Donetsk"). The region then decides
among the name's homonyms: a candidate outside it loses to one inside it; with none inside it
(a village GeoNames lacks, or a phrase of which the gazetteer knows only a part, "Krasna Hora"
read as "Hora") the name is placed in the region at precision 2, never at a homonym elsewhere
nor at the regional capital. The region's own mention is then read as the region.

A bare region after a well-known place ("Kharkiv, Sumy and Chernihiv", "Moscow, Kyiv") is a
list, not this convention: a name that is itself a region or a country, a city of a million or
more with no homonym in the region, or a region followed by another capitalised name leaves
the reading alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from sitrep.extract.place_mentions import Mention
from sitrep.gazetteer.lookup import Entry, name_key

# The whole capitalised phrase before ", Region": "Krasna Hora", "Shakhta imeni Gagarina",
# "Mine 6/7", "Bakhmutskyi district", "Dvorichna village".
_NAME_BEFORE = re.compile(
    r"(?<![\w'’.-])(?P<name>[A-Z][\w'’.]*(?:[ -](?:(?:imeni|na|nad|pid) )?[A-Z0-9][\w'’./]*){0,3}"
    r"(?: (?:district|raion|community|territorial community|hromada))?)"
    r"(?P<kind> (?:village|town|settlement|city))?,\s*$"
)
# the word before the phrase: lower case ("near", "shelled", "of the") or an opening bracket
_LOWER_BEFORE = re.compile(r"(?:(?:^|\s)[a-z][\w'’-]*\s+|\()$")
_LIST_AFTER = re.compile(
    r"^(?:\s+(?:region|oblast|Oblast|Region|province|Province))?(?:,|\s+and|\s+or)\s+[A-Z]"
)
_ROLE_AFTER = re.compile(
    r"(?:\s+(?:region|oblast|Oblast|Region|province|Province|regional|state))?(?:'s|’s)?\s+(?:governor|head|mayor|"
    r"chief|officials?|administration|police|prosecutors?|council|spokes(?:man|woman|person)|deputy|military)\b",
    re.I,
)
_AREAS = ("country", "admin1", "region")
DISTRICT_WORDS = (" district", " raion", " community", " hromada", " District", " Raion")
BIG_CITY = 1_000_000


def in_regions(e: Entry, regions: Sequence[Entry]) -> bool:
    return e.feature not in _AREAS and any(
        e.country_code == r.country_code and e.admin1 == r.admin1 for r in regions
    )


def attach_regions(
    text: str, mentions: list[Mention], lookup: Callable[[str], tuple[Entry, ...]]
) -> list[Mention]:
    """Mentions with ``regions`` set where a region follows them; a name the recogniser missed or
    cut short is added (or widened) over the whole phrase."""
    out = list(mentions)
    for p in mentions:
        if p.source == "demonym" or p not in out:
            continue
        entries = p.candidates or lookup(p.text)
        regions = [e for e in entries if e.feature == "admin1"]
        if not regions or any(e.feature == "country" for e in entries):
            continue
        m = _NAME_BEFORE.search(text, max(0, p.start - 120), p.start)
        if m is not None and m.group("name").endswith(DISTRICT_WORDS):
            # "Yakovlivka, Bakhmutskyi district, Donetsk": the town before its district
            town = _NAME_BEFORE.search(text, max(0, m.start() - 80), m.start())
            m = town if town is not None and not town.group("name").endswith(DISTRICT_WORDS) else m
        if m is None or not _LOWER_BEFORE.search(text[max(0, m.start() - 40) : m.start()]):
            continue
        strong = p.qualifier == "admin1"
        if not strong and _LIST_AFTER.match(text[p.end : p.end + 60]):
            continue
        n_start, n_end = m.start("name"), m.end("name")
        inside = [x for x in out if x is not p and n_start <= x.start and x.end <= n_end]
        q = next((x for x in inside if x.end == n_end), None)
        if q is not None and any(c.feature in _AREAS for c in q.candidates):
            continue  # "Donetsk, Luhansk": two regions, not a town and its region
        if q is not None and (n_start < q.start or len(inside) > 1):
            q = None  # only a part of the phrase was recognised ("Hora" of "Krasna Hora")
        cands = q.candidates if q is not None else lookup(m.group("name"))
        if any(c.feature in _AREAS for c in cands):
            continue
        if (
            not strong
            and not any(in_regions(c, regions) for c in cands)
            and any(c.population >= BIG_CITY for c in cands)
        ):
            continue  # a well-known city elsewhere: a list of places, not a homonym
        if q is None and _ROLE_AFTER.match(text, p.end):
            continue  # "said Oleh Syniehubov, Kharkiv region governor": a person and their office
        if q is None:
            for x in inside:
                out.remove(x)
            q = Mention(n_start, n_end, m.group("name"), "comma")
            q.candidates = cands
            q.ner_label = next((x.ner_label for x in inside if x.ner_label), None)
            q.relation = next((x.relation for x in inside if x.relation), None)
            out.append(q)
        written = name_key(p.text)
        q.regions = tuple(sorted(regions, key=lambda r: name_key(r.name) != written))
        p.qualifier = "admin1"
    return sorted(out, key=lambda x: x.start)


def region_reason(m: Mention) -> str:
    region = m.regions[0].admin1 or m.regions[0].name
    n = len(m.candidates)
    why = f"none of its {n} candidate(s) lies in {region}" if n else f"{m.text!r} is not in the gazetteer"
    return (
        f"{why}; followed by its region {region}: placed in the region (precision 2), "
        "not at a homonym elsewhere nor at the regional capital"
    )


SPELLING = 0.7  # Levenshtein similarity of two transliterations of one village's name, consonants alike
_VOWELS = re.compile(r"[aeiouyj\s'-]+")


def skeleton(key: str) -> str:
    """The consonants of a name key, Russian 'g' as Ukrainian 'h', 'shch'/'sch', 'kh', 'zh', 'ch', 'sh'
    as one letter each, doubled letters once:
    Novotroitskoye and Novotroitske, Rumyantsevo and Rumiantseve, Yakovlivka and Iakovlivka share
    one; Bilohorivka and Biloiarivka do not."""
    s = key.replace("g", "h")
    for digraph, letter in (("shch", "s"), ("sch", "s"), ("kh", "h"), ("zh", "z"), ("ch", "c"), ("sh", "s")):
        s = s.replace(digraph, letter)
    s = _VOWELS.sub("", s)
    return re.sub(r"(.)\1+", r"\1", s)


def spelled_in_region(
    m: Mention, settlements: Callable[[str, str], dict[str, tuple[Entry, ...]]]
) -> tuple[Entry, str] | None:
    """A settlement of the region written after ``m`` whose name is another transliteration of the
    written one ("Novotroitskoye" for Novotroitske, "Olenovka" for Olenivka): the same consonants and
    the spelling most alike, the most populous on a tie. Short names (under 6 letters) are not
    guessed at, nor names of fewer than 4 consonants."""
    key = name_key(m.text)
    bones = skeleton(key)
    if len(key) < 6 or len(bones) < 4:
        return None
    found: list[tuple[float, int, Entry, str]] = []
    for r in m.regions:
        if not r.country_code or not r.admin1:
            continue
        names = settlements(r.country_code, r.admin1)
        choices = [k for k in names if skeleton(k) == bones]
        hit = process.extractOne(
            key, choices, scorer=Levenshtein.normalized_similarity, score_cutoff=SPELLING
        )
        if hit is not None:
            best = max(names[hit[0]], key=lambda e: e.population)
            found.append((hit[1], best.population, best, hit[0]))
    if not found:
        return None
    _, _, entry, spelled = max(found, key=lambda x: (x[0], x[1]))
    return entry, spelled
