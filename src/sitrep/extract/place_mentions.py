"""Place mentions: where the text names a place (gazetteer names, NER entities, a dateline).

Every gazetteer name found case-sensitively in the text (see ``sitrep.gazetteer.matcher``) that
does not read as a person, an organisation or an ordinary capitalised word, plus spaCy
GPE/LOC/FAC entities, NORP demonyms and a dateline ("KYIV, March 10 (Reuters) -"). Each mention
notes what is written around it: a qualifier ("Donetsk region"), a name after a comma
("Alexandria, Louisiana") and a relation ("near", "10 km north of").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from sitrep.gazetteer.lookup import Entry
from sitrep.gazetteer.matcher import NameMatcher
from sitrep.nlp import doc_text

NER_LABELS = ("GPE", "LOC", "FAC")
# Entities that, when larger than a gazetteer hit, usually mean the hit is not a place here.
_BLOCKING_LABELS = ("PERSON", "ORG", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "LANGUAGE")
_ADMIN1_QUALIFIER = re.compile(
    r"^\s+(region|oblast|Oblast|Region|province|Province|governorate|Governorate|state|regional|Regional"
    r"|provincial|Provincial|(?:People['’]s\s+)?[Rr]epublic)\b"
)  # "Donetsk People's Republic", "Lugansk republic": the self-proclaimed republic holds the region
_ADMIN2_QUALIFIER = re.compile(r"^\s+(district|District|raion|Raion|county|County|Parish|parish)\b")
_CITY_DISTRICT = re.compile(r" [-–] [A-Z]\w+(?:skyi|skyy|sky|skiy|ska|skaya)\b")  # "Kyiv - Pecherskyi"
_CITY_QUALIFIER = re.compile(r"^\s+(city|City)\b")
_COMMA_CONTEXT = re.compile(
    r"^,\s+(?:the\s+)?([A-Z][\w.'’\- ]{1,40}?)(?=[,.;:)\n]|\s+(?:and|on|in|at|said|where|was|is)\b|$)"
)
_DIRECTIONS = r"(?:north|south|east|west|north-east|north-west|south-east|south-west|northeast|northwest|southeast|southwest)(?:ern)?"
_RELATION = re.compile(
    r"(?P<rel>(?:\d[\d,.]*|a few|several|some|about \d+)\s*(?:km|kilometres|kilometers|miles|mi)\s+"
    + _DIRECTIONS
    + r"\s+of|(?:villages?|towns?|settlements?|areas?|positions?)\s+(?:to the\s+)?"
    + _DIRECTIONS
    + r"\s+of|(?:to the\s+)?"
    + _DIRECTIONS
    + r"\s+of|near|nearby|outside|around|close to|in the vicinity of|on the outskirts of|outskirts of|"
    r"on the approaches to|approaches to|the direction of|direction of|suburbs? of)"
    r"\s+(?:the\s+)?(?:(?:city|town|village|settlement|region) of\s+)?$",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"^\s*(?P<name>[A-Z][A-Z.'’\- ]{2,40}?)(?:,\s*[A-Z][A-Za-z.\- ]{1,30})?\s*(?:,|\(|—|–|-)"
)
_PREFIX_THE = re.compile(r"^(?:the|The)\s+")


@dataclass
class Mention:
    start: int  # char offsets
    end: int
    text: str
    source: str  # matcher, ner, dateline, demonym, district, comma
    ner_label: str | None = None
    qualifier: str | None = None  # admin1, admin2, city
    context_name: str | None = None  # ", Louisiana"
    relation: str | None = None
    candidates: tuple[Entry, ...] = ()
    regions: tuple[Entry, ...] = ()  # "Pavlivka, Sumy": the region written after it
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- recognition


# "the Beryslavskyi district", "Okhtyrska hromada": a district or community named by the adjective of
# its town (Ukrainian -skyi/-ska), whatever NER made of it
_NAMED_DISTRICT = re.compile(
    r"\b[A-Z][\w'’-]+(?:sk(?:yi|yy|iy|a)) (?:(?:territorial|rural|urban) )?(?:district|raion|community|hromada)\b"
)
_OF_A_CITY = re.compile(
    r"\s+of\s+(?:the\s+city\b|(?:the\s+)?[A-Z][\w'’-]+\b(?!\s+(?:region|oblast|Oblast|Region)))"
)
# "the village of Bilozerka": the noun before says it is a place, whatever NER read it as
_SETTLEMENT_OF = re.compile(
    r"\b(?:village|town|city|settlement|hamlet|township|district|suburb|community|municipality)s? of\s+$",
    re.I,
)


def find_mentions(doc: Any, matcher: NameMatcher) -> list[Mention]:
    text = doc_text(doc)
    ents = [e for e in doc.ents]
    tok_ent: dict[int, Any] = {}
    for e in ents:
        for t in range(e.start, e.end):
            tok_ent[t] = e
    surnames = {t.text for e in ents if e.label_ == "PERSON" and len(e) > 1 for t in e[1:]}
    mentions: dict[tuple[int, int], Mention] = {}
    for m in matcher.match(doc):
        start, end = doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1].text)
        ent = tok_ent.get(m.start)
        label = ent.label_ if ent is not None else None
        single = m.end - m.start == 1
        if ent is not None and label in _BLOCKING_LABELS:
            larger = ent.start < m.start or ent.end > m.end
            if label == "PERSON" and larger and not _CITY_DISTRICT.match(text, end):
                continue  # "Washington" in "Washington Irving"; not "Donetsk - Kuibyshivskyi"
            if (
                not larger
                and m.prominence < (50_000 if label == "PERSON" else 10_000)
                and not _SETTLEMENT_OF.search(text[max(0, start - 40) : start])
            ):
                continue  # a small town name that NER reads as a person or organisation
        if single and m.prominence < 100_000 and _person_like(doc, m.start, surnames):
            continue  # "Obama" after "Barack Obama", "President Saakashvili"
        if (
            single
            and m.end + 1 < len(doc)
            and doc[m.end].text == "-"
            and not doc[m.end - 1].whitespace_
            and doc[m.end + 1].text[:1].isupper()
        ):
            continue  # "Wal-Mart"; not "Donetsk - Kuibyshivskyi" (a city and its district, spaced)
        if (
            label is None
            and single
            and m.prominence < 200_000
            and _capitalised_neighbour(doc, m.start, m.end)
        ):
            continue  # inside an untagged capitalised run ("Briar Vista area", "Bank Street")
        if label is None and single and m.prominence < 50_000 and doc[m.start].is_sent_start:
            continue  # sentence-initial capital word of a small place, no NER support
        if (
            label is None
            and single
            and doc[m.start].is_sent_start
            and doc[m.start].lower_ in matcher.words
            and m.end < len(doc)
            and doc[m.end].is_alpha
            and doc[m.end].is_lower
        ):
            continue  # an ordinary word capitalised by the sentence start, before a noun ("Free evacuation trains")
        mentions[(start, end)] = Mention(start, end, text[start:end], "matcher", label)
    covered = [(s, e) for s, e in mentions]
    for ent in ents:
        if ent.label_ not in NER_LABELS:
            continue
        s, e = ent.start_char, ent.end_char
        t = ent.text
        stripped = _PREFIX_THE.sub("", t)
        s += len(t) - len(stripped)
        if t.endswith("'s") or t.endswith("’s"):
            e -= 2
        if e <= s:
            continue
        if any(cs <= s and e <= ce for cs, ce in covered):
            for key in covered:
                if key[0] <= s and e <= key[1]:
                    mentions[key].ner_label = ent.label_
            continue
        # NER span containing matcher hits: keep the hits unless the whole span is a known name.
        inner = [k for k in covered if s <= k[0] and k[1] <= e]
        if inner and ent.label_ == "FAC":
            continue
        if inner:
            continue
        if ent.end - ent.start == 1 and _person_like(doc, ent.start, surnames):
            continue
        mentions[(s, e)] = Mention(s, e, text[s:e], "ner", ent.label_)
    for ent in ents:
        if ent.label_ != "NORP" or ent.text not in _demonyms():
            continue
        if not any(ks < ent.end_char and ent.start_char < ke for ks, ke in mentions):
            mentions[(ent.start_char, ent.end_char)] = Mention(
                ent.start_char, ent.end_char, ent.text, "demonym", "NORP"
            )
    dl = _DATELINE.match(text[:80])
    if dl and dl.group("name").strip().isupper():
        name = dl.group("name").strip()
        s = dl.start("name")
        found = mentions.get((s, s + len(name)))
        if found is not None:
            found.source = "dateline"
        elif not any(ks <= s < ke for ks, ke in mentions):
            mentions[(s, s + len(name))] = Mention(s, s + len(name), name, "dateline")
    for dm in _NAMED_DISTRICT.finditer(text):
        ds, de = dm.span()
        if _OF_A_CITY.match(text, de):
            continue  # "Saltivskyi district of the city", "... of Kharkiv": a city's own district
        inner = [k for k in mentions if ds <= k[0] and k[1] <= de]
        if not any(ks < de and ds < ke for ks, ke in mentions if (ks, ke) not in inner):
            for k in inner:
                del mentions[k]  # "Kupianskyi" of "Kupianskyi district"
            mentions[(ds, de)] = Mention(ds, de, dm.group(0), "district")
    out = sorted(mentions.values(), key=lambda x: x.start)
    for mention in out:
        after = text[mention.end : mention.end + 60]
        if _ADMIN1_QUALIFIER.match(after):
            mention.qualifier = "admin1"
        elif _ADMIN2_QUALIFIER.match(after):
            mention.qualifier = "admin2"
        elif _CITY_QUALIFIER.match(after):
            mention.qualifier = "city"
        cm = _COMMA_CONTEXT.match(after)
        if cm:
            mention.context_name = cm.group(1).strip()
        rel = _RELATION.search(text[max(0, mention.start - 60) : mention.start])
        if rel:
            mention.relation = re.sub(r"\s+", " ", rel.group("rel").strip())
    return out


_TITLES = frozenset(
    "president mr mr. mrs mrs. ms ms. dr dr. gen gen. general minister coach chief sen sen. senator rep rep. "
    "governor gov gov. mayor judge officer sheriff sgt sgt. lt lt. col col. capt capt. prime premier king queen "
    "prince pope father rev rev. lawyer spokesman spokeswoman".split()
)


def _person_like(doc: Any, i: int, surnames: set[str]) -> bool:
    """A single token that names a person here: a surname of a person named in full, or after a title."""
    if doc[i].text in surnames:
        return True
    return i > 0 and doc[i - 1].lower_ in _TITLES


def _capitalised_neighbour(doc: Any, start: int, end: int) -> bool:
    for i in (start - 1, end):
        if 0 <= i < len(doc):
            t = doc[i]
            if t.text[:1].isupper() and t.is_alpha and not (i == start - 1 and t.is_sent_start):
                if t.text.lower() not in ("the", "in", "of", "at", "on", "and", "from", "near"):
                    return True
    return False


@functools.lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    """Demonym -> ISO country code, from the project's data file."""
    out: dict[str, str] = {}
    path = resources.files("sitrep") / "data" / "places_demonyms.tsv"
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        if line.startswith("#") or "\t" not in line:
            continue
        code, names = line.split("\t", 1)
        for name in names.split("|"):
            out[name.strip()] = code.strip()
    return out
