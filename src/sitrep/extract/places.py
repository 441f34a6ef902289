"""Place mentions: gazetteer matching + NER, resolved with the document's context.

Recognition: every gazetteer name found case-sensitively in the text (see
``sitrep.gazetteer.matcher``), plus spaCy GPE/LOC/FAC entities, plus a dateline
("KYIV, March 10 (Reuters) -"). Resolution scores each candidate place by prominence,
feature class, the document's country focus, admin1 context ("Donetsk region",
"Alexandria, Louisiana", regions named elsewhere in the text) and names already resolved in
the same document. Each Place says why it was chosen; an unknown name is kept unresolved and
never stops the others.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from rapidfuzz.distance import Levenshtein

from sitrep.errors import ResourceError
from sitrep.gazetteer.lookup import Entry, Gazetteer, get_gazetteer, name_key
from sitrep.gazetteer.matcher import NameMatcher, english_words, get_matcher
from sitrep.model import Place, Span
from sitrep.pipeline import DocContext
from sitrep.settings import Settings

NER_LABELS = ("GPE", "LOC", "FAC")
# Entities that, when larger than a gazetteer hit, usually mean the hit is not a place here.
_BLOCKING_LABELS = ("PERSON", "ORG", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "LANGUAGE")
_ADMIN1_QUALIFIER = re.compile(
    r"^\s+(region|oblast|Oblast|Region|province|Province|governorate|Governorate|state|regional|Regional"
    r"|provincial|Provincial)\b"
)
_ADMIN2_QUALIFIER = re.compile(r"^\s+(district|District|raion|Raion|county|County|Parish|parish)\b")
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
_FEATURE_BASE = {"country": 6.6, "admin1": 5.6, "region": 6.0, "admin2": 4.3, "facility": 5.0}


@dataclass
class Mention:
    start: int  # char offsets
    end: int
    text: str
    source: str  # matcher, ner, dateline
    ner_label: str | None = None
    qualifier: str | None = None  # admin1, admin2, city
    context_name: str | None = None  # ", Louisiana"
    relation: str | None = None
    candidates: tuple[Entry, ...] = ()
    notes: list[str] = field(default_factory=list)


class PlaceStage:
    name = "places"
    provides = ("places",)
    requires: tuple[str, ...] = ()

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._gazetteer: Gazetteer | None = None
        self._matcher: NameMatcher | None = None
        self._failed: str | None = None

    def _load(self, nlp_stop_words: frozenset[str]) -> tuple[Gazetteer, NameMatcher] | None:
        if self._failed is not None:
            return None
        if self._gazetteer is None or self._matcher is None:
            try:
                self._gazetteer = get_gazetteer(self.settings.data_path)
                self._matcher = get_matcher(self._gazetteer, nlp_stop_words, words=_words(self.settings))
            except ResourceError as exc:
                self._failed = str(exc)
                return None
        return self._gazetteer, self._matcher

    def __call__(self, ctx: DocContext) -> None:
        loaded = self._load(_stop_words())
        if loaded is None:
            ctx.warnings.append(f"places: gazetteer unavailable, NER spans kept unresolved ({self._failed})")
            for ent in ctx.doc.ents:
                if ent.label_ in ("GPE", "LOC"):
                    ctx.places.append(
                        Place(
                            Span(ent.start_char, ent.end_char, ent.text),
                            ent.text,
                            resolved=False,
                            reason="gazetteer unavailable; NER span only",
                        )  # fmt: skip
                    )
            return
        gazetteer, matcher = loaded
        ctx.places.extend(extract_places(ctx.doc, gazetteer, matcher))


def _words(settings: Settings) -> frozenset[str]:
    try:
        from sitrep.nlp import load_model

        return english_words(load_model(settings.model))
    except ResourceError:
        return frozenset()


def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def build_stage(settings: Settings) -> PlaceStage:
    return PlaceStage(settings)


# --------------------------------------------------------------------------- recognition


# "the village of Bilozerka": the noun before says it is a place, whatever NER read it as
_SETTLEMENT_OF = re.compile(
    r"\b(?:village|town|city|settlement|hamlet|township|district|suburb|community|municipality)s? of\s+$",
    re.I,
)


def find_mentions(doc: Any, matcher: NameMatcher) -> list[Mention]:
    text: str = doc.text
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
            if label == "PERSON" and larger:
                continue  # "Washington" in "Washington Irving"
            if (
                not larger
                and m.prominence < (50_000 if label == "PERSON" else 10_000)
                and not _SETTLEMENT_OF.search(text[max(0, start - 40) : start])
            ):
                continue  # a small town name that NER reads as a person or organisation
        if single and m.prominence < 100_000 and _person_like(doc, m.start, surnames):
            continue  # "Obama" after "Barack Obama", "President Saakashvili"
        if single and m.end + 1 < len(doc) and doc[m.end].text == "-" and doc[m.end + 1].text[:1].isupper():
            continue  # "Wal-Mart"
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


# --------------------------------------------------------------------------- resolution


# A place whose own name is the one written beats places that merely list it among their alternate
# names (GeoNames alternates include old spellings and neighbouring towns' names), unless the context
# (region, country focus, nearby places) clearly favours the alternate.
OWN_NAME_BONUS = 2.0
NEAR_SPELLING = 0.8  # Levenshtein similarity of two spellings of one name (Sloviansk, Slovyansk: 0.89)


def _prominence(e: Entry) -> float:
    base = _FEATURE_BASE.get(e.feature)
    if base is not None:
        if e.feature == "country":
            return max(base, math.log10(e.population + 10))
        return base
    return math.log10(e.population + 10)


@dataclass
class _Context:
    countries: Counter[str]
    admin1s: set[tuple[str | None, str]]
    resolved: dict[str, Entry]
    admin1_votes: dict[tuple[str | None, str], set[str]]  # region -> names of places in it
    cover: Counter[tuple[str | None, str]] = field(default_factory=Counter)
    names: int = 0


def _score(
    e: Entry, m: Mention, ctx: _Context, context_entries: tuple[Entry, ...]
) -> tuple[float, list[str]]:
    score = _prominence(e)
    why: list[str] = []
    total = sum(ctx.countries.values())
    if total and e.country_code:
        share = ctx.countries.get(e.country_code, 0) / total
        if share:
            score += 3.0 * share
            why.append(f"country focus {e.country_code} ({share:.0%})")
    if e.admin1 and (e.country_code, e.admin1) in ctx.admin1s and e.feature != "admin1":
        score += 1.5
        why.append(f"region {e.admin1} named in the text")
    elif e.admin1:
        votes = len(ctx.admin1_votes.get((e.country_code, e.admin1), set()) - {name_key(m.text)})
        if votes:
            score += min(2.0, 0.75 * votes)
            why.append(f"{'' if e.feature == 'admin1' else 'other '}places of {e.admin1} in the text")
    covered = ctx.cover.get((e.country_code, e.admin1 or ""), 0) if e.admin1 else 0
    if covered >= 2 and ctx.names >= 2:
        score += 2.0 * covered / ctx.names
        why.append(f"{covered} of the {ctx.names} names exist in {e.admin1}")
    top_country = ctx.countries.most_common(1)
    if top_country and e.country_code != top_country[0][0] and e.feature not in _FEATURE_BASE:
        if e.population < 20_000 and top_country[0][1] >= 2:
            score -= 1.5  # a small place abroad while the text is about another country
    if m.qualifier == "admin1":
        score += 4.0 if e.feature == "admin1" else -1.0
        if e.feature == "admin1":
            why.append("'region/oblast' qualifier")
    elif m.qualifier == "admin2":
        score += 4.0 if e.feature == "admin2" else -1.0
    elif m.qualifier == "city" and e.feature not in ("city", "town", "village"):
        score -= 3.0
    if m.context_name and context_entries:
        for c in context_entries:
            if c.feature == "country" and c.country_code == e.country_code:
                score += 3.0
                why.append(f"followed by {m.context_name}")
                break
            if c.feature == "admin1" and c.country_code == e.country_code and c.admin1 == e.admin1:
                score += 5.0
                why.append(f"followed by {m.context_name}")
                break
    own, written = name_key(e.name), name_key(m.text)
    if own == written:
        score += OWN_NAME_BONUS  # the place's own name, not one of its alternates
    elif (
        len(written) >= 5
        and not any(name_key(c.name) == written for c in m.candidates)
        and Levenshtein.normalized_similarity(own, written) >= NEAR_SPELLING
    ):
        # no place has the written name as its own: one whose own name is another transliteration
        # of it (Sloviansk ~ Slovyansk) beats one that merely lists it among its alternates
        score += OWN_NAME_BONUS
        why.append(f"{m.text!r} spells its own name {e.name!r}")
    return score, why


def _lookup(gazetteer: Gazetteer, text: str) -> tuple[Entry, ...]:
    entries = gazetteer.lookup(text)
    if not entries and text.isupper():
        entries = gazetteer.lookup(text.title())
    if not entries:
        stripped = re.sub(r"\s+(region|oblast|province|city|district|raion)$", "", text, flags=re.IGNORECASE)
        if stripped != text:
            entries = gazetteer.lookup(stripped)
    return entries


def extract_places(doc: Any, gazetteer: Gazetteer, matcher: NameMatcher) -> list[Place]:
    mentions = find_mentions(doc, matcher)
    kept = []
    for m in mentions:
        if m.source != "demonym":
            m.candidates = _lookup(gazetteer, m.text)
        if m.source == "ner" and m.ner_label == "FAC":
            # NER facilities ("City Hall", "Main Street") count only when the gazetteer knows them as such.
            m.candidates = tuple(
                c for c in m.candidates if c.feature == "facility" or c.source == "supplement"
            )
            if not m.candidates:
                continue
        kept.append(m)
    mentions = kept
    ctx = _Context(Counter(), set(), {}, {})
    # Pass 1: evidence for the country focus and the regions in play, from mentions whose
    # candidates all lie in one country (or a dominant country/region reading).
    for m in mentions:
        if not m.candidates:
            continue
        top = max(m.candidates, key=_prominence)
        codes = {c.country_code for c in m.candidates}
        rivals = [_prominence(c) for c in m.candidates if c.country_code != top.country_code]
        area = top.feature in ("country", "admin1") and (not rivals or _prominence(top) - max(rivals) > 1.5)
        if top.country_code and (len(codes) == 1 or area):
            ctx.countries[top.country_code] += 2 if area else 1
            admin1s = {(c.country_code, c.admin1) for c in m.candidates if c.admin1}
            if len(admin1s) == 1:
                ctx.admin1_votes.setdefault(admin1s.pop(), set()).add(name_key(m.text))  # type: ignore[arg-type]
        if top.feature == "admin1" and area:
            ctx.admin1s.add((top.country_code, top.admin1 or top.name))
    # Regions that could hold many of the names: "Gainesville, Hall County, Walker County" all
    # exist in Georgia (US), whichever is largest elsewhere.
    names_with = [m for m in mentions if 0 < len(m.candidates) <= 40]
    distinct = {name_key(m.text) for m in names_with}
    cover: Counter[tuple[str | None, str]] = Counter()
    seen: set[tuple[str, tuple[str | None, str]]] = set()
    for m in names_with:
        for c in m.candidates:
            if c.admin1 and c.feature not in ("country", "admin1"):
                k = (name_key(m.text), (c.country_code, c.admin1))
                if k not in seen:
                    seen.add(k)
                    cover[k[1]] += 1
    ctx.names = len(distinct)
    ctx.cover = cover
    # Pass 2: a first reading of every mention adds its country and region to the context, so
    # the final choice (pass 3) does not depend on the order in which names appear.
    first = [_resolve(m, gazetteer, ctx) for m in mentions]
    for pl in first:
        if pl.resolved and pl.country_code and pl.feature != "demonym":
            ctx.countries[pl.country_code] += 1
            if pl.admin1 and pl.feature not in ("country", "admin1"):
                ctx.admin1_votes.setdefault((pl.country_code, pl.admin1), set()).add(name_key(pl.name))
    ctx.resolved.clear()
    return [_resolve(m, gazetteer, ctx) for m in mentions]


def _demonym_place(m: Mention, gazetteer: Gazetteer) -> Place:
    code = _demonyms()[m.text]
    name = _country_name(code) or code
    country = next(
        (e for e in gazetteer.lookup(name) if e.feature == "country" and e.country_code == code), None
    )
    return Place(
        span=Span(m.start, m.end, m.text), name=m.text, canonical=country.name if country else None,
        gazetteer_id=country.id if country else None, country=name, country_code=code,
        latitude=country.latitude if country else None, longitude=country.longitude if country else None,
        geo_precision=3, feature="demonym", resolved=False, confidence=0.5,
        reason=f"demonym (NER NORP) of {name}: names the country's people, not where something "
        "happened, so it is left unresolved as an event location",
    )  # fmt: skip


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


def _resolve(m: Mention, gazetteer: Gazetteer, ctx: _Context) -> Place:
    if m.source == "demonym":
        return _demonym_place(m, gazetteer)
    span = Span(m.start, m.end, m.text)
    source = {"matcher": "gazetteer name", "ner": f"NER {m.ner_label}", "dateline": "dateline"}[m.source]
    if m.source == "matcher" and m.ner_label:
        source += f" + NER {m.ner_label}"
    if not m.candidates:
        return Place(span=span, name=m.text, relation=m.relation, resolved=False,
                     reason=f"{source}; not in the gazetteer")  # fmt: skip
    key = name_key(m.text)
    earlier = ctx.resolved.get(key)
    context_entries = _lookup(gazetteer, m.context_name) if m.context_name else ()
    scored = []
    for e in m.candidates:
        s, why = _score(e, m, ctx, context_entries)
        if earlier is not None and e.id == earlier.id:
            s += 2.0
            why.append("same name resolved earlier in the text")
        scored.append((s, e, why))
    scored.sort(key=lambda x: -x[0])
    best_score, best, why = scored[0]
    if _foreign_alternates_only(m, ctx):
        return Place(span=span, name=m.text, relation=m.relation, resolved=False,
                     reason=f"{source}; only other places' alternate names match, all in countries the text "
                     f"is not about ({best.name}, {best.country_code}): left unresolved")  # fmt: skip
    margin = best_score - scored[1][0] if len(scored) > 1 else 3.0
    confidence = round(min(0.99, 0.5 + 0.15 * margin), 2) if len(scored) > 1 else 0.9
    ctx.resolved.setdefault(key, best)
    precision = best.precision
    feature = best.feature
    relation_note = ""
    if m.relation:
        precision = max(precision, 2)
        relation_note = f"; '{m.relation}' the anchor: precision {precision}"
    if best.feature in ("country", "admin1", "region"):
        precision = 3
    elif best.feature == "admin2":
        precision = max(precision, 2)
    pop = f", population {best.population:,}" if best.population and best.feature not in _FEATURE_BASE else ""
    where = ", ".join(x for x in (best.admin1, best.country_code) if x)
    reason = (
        f"{source}; {len(scored)} candidate(s); chose {best.name} ({feature}{', ' + where if where else ''}{pop})"
        + (": " + ", ".join(why) if why else ": most prominent")
        + relation_note
    )
    return Place(
        span=span,
        name=m.text,
        canonical=best.name,
        gazetteer_id=best.id,
        country=_country_name(best.country_code),
        country_code=best.country_code,
        admin1=best.admin1 if best.feature != "country" else None,
        admin2=best.admin2,
        latitude=best.latitude,
        longitude=best.longitude,
        geo_precision=precision,
        feature=feature,
        population=best.population or None,
        relation=m.relation,
        resolved=best.latitude is not None,
        confidence=confidence,
        reason=reason,
    )


def _foreign_alternates_only(m: Mention, ctx: _Context) -> bool:
    """ "Boni" (a town in Mali missing from the gazetteer) is an alternate name of Bonn: when no candidate
    bears the written name as its own and none lies in a country the text names, none is meant."""
    total = sum(ctx.countries.values())
    if total < 3 or m.source == "dateline":
        return False
    key = name_key(m.text)
    return all(
        name_key(e.name) != key and e.feature != "country" and not ctx.countries.get(e.country_code or "", 0)
        for e in m.candidates
    )


_COUNTRY_NAMES: dict[str, str] = {}


def _country_name(code: str | None) -> str | None:
    if not code:
        return None
    name = _COUNTRY_NAMES.get(code)
    if name is None:
        import pycountry

        c = pycountry.countries.get(alpha_2=code)
        name = (getattr(c, "common_name", None) or c.name) if c else code
        _COUNTRY_NAMES[code] = name
    return name
