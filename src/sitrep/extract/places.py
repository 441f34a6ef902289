"""Place mentions: gazetteer matching + NER, resolved with the document's context.

Recognition (``sitrep.extract.place_mentions``): every gazetteer name found case-sensitively in
the text, plus spaCy GPE/LOC/FAC entities, plus a dateline ("KYIV, March 10 (Reuters) -"); a
region written after a name ("Pavlivka, Sumy") is attached by ``sitrep.extract.place_regions``.
Resolution scores each candidate place by prominence,
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
from typing import Any

from rapidfuzz.distance import Levenshtein

from sitrep.errors import ResourceError
from sitrep.extract.place_actors import actor_uses, as_non_location
from sitrep.extract.place_mentions import _RELATION, Mention, _demonyms, find_mentions
from sitrep.extract.place_regions import (
    DISTRICT_WORDS,
    attach_regions,
    in_regions,
    region_reason,
    spelled_in_region,
)
from sitrep.gazetteer.lookup import Entry, Gazetteer, get_gazetteer, name_key
from sitrep.gazetteer.matcher import NameMatcher, english_words, get_matcher
from sitrep.model import Place, Span
from sitrep.nlp import doc_text
from sitrep.pipeline import DocContext
from sitrep.settings import Settings

_FEATURE_BASE = {"country": 6.6, "admin1": 5.6, "region": 6.0, "admin2": 4.3, "facility": 5.0}


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
    as_region: set[str] = field(default_factory=set)  # names first resolved with 'region/oblast' after them
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
    if m.regions:
        if in_regions(e, m.regions) and (_bears_name(e, m.text) or not _region_namesake(m)):
            score += 6.0
            why.append(f"lies in {m.regions[0].admin1}, the region written after it")
        elif in_regions(e, m.regions):
            score += 1.0  # in the region, but only lists the name while a place there bears it
        else:
            score -= 8.0
    elif m.context_name and context_entries:
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
        and e.feature not in ("admin1", "admin2")
        and not any(name_key(c.name) == written for c in m.candidates if c.feature != "admin1")
        and Levenshtein.normalized_similarity(own, written) >= NEAR_SPELLING
    ):
        # no place has the written name as its own: one whose own name is another transliteration
        # of it (Sloviansk ~ Slovyansk) beats one that merely lists it among its alternates
        score += OWN_NAME_BONUS
        why.append(f"{m.text!r} spells its own name {e.name!r}")
    return score, why


def _bears_name(e: Entry, written: str) -> bool:
    """``written`` is the place's own name or another transliteration of it."""
    own, key = name_key(e.name), name_key(written)
    return own == key or Levenshtein.normalized_similarity(own, key) >= NEAR_SPELLING


def _region_namesake(m: Mention) -> bool:
    """Some candidate in the region written after ``m`` bears the name as its own."""
    return any(in_regions(c, m.regions) and _bears_name(c, m.text) for c in m.candidates)


def _lookup(gazetteer: Gazetteer, text: str) -> tuple[Entry, ...]:
    entries = gazetteer.lookup(text)
    if not entries and text.isupper():
        entries = gazetteer.lookup(text.title())
    if not entries:
        stripped = re.sub(r"\s+(region|oblast|province|city|district|raion)$", "", text, flags=re.IGNORECASE)
        if stripped != text:
            entries = gazetteer.lookup(stripped)
    area = _AREA_OF_TOWN.match(text)
    if not entries and area:
        # "Nova Sloboda territorial community", "Shalyhynska hromada", "Beryslavskyi district": the
        # community or district of a town (Ukrainian adjectives in -ska/-skyi), tried in its usual forms
        name = area.group(1)
        adjective = re.match(r"^(.{3,}?)s?k(?:a|yi|yy|iy|y|e)$", name)
        stem = adjective.group(1) if adjective else None
        for variant in (name, *((stem, stem + "sk", stem + "ka", stem + "e", stem + "ske") if stem else ())):
            entries = gazetteer.lookup(variant)
            if entries:
                break
    return entries


_AREA_OF_TOWN = re.compile(
    r"^(.+?)\s+(?:(?:territorial|rural|urban|village|settlement)\s+)?(?:community|hromada|district|raion)$",
    re.I,
)


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
    text = doc_text(doc)
    mentions = attach_regions(text, kept, functools.partial(_lookup, gazetteer))
    for m in mentions:
        if m.source == "comma" and m.relation is None:
            rel = _RELATION.search(text[max(0, m.start - 60) : m.start])
            m.relation = re.sub(r"\s+", " ", rel.group("rel").strip()) if rel else None
    ctx = _Context(Counter(), set(), {}, {})
    # "pro-Russia rebels", "Moscow says": a side or a speaker, no evidence of where the text is
    actors = actor_uses(text, mentions)
    # Pass 1: evidence for the country focus and the regions in play, from mentions whose
    # candidates all lie in one country (or a dominant country/region reading).
    for m in mentions:
        if not m.candidates or id(m) in actors:
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
    for m, pl in zip(mentions, first, strict=True):
        if pl.resolved and pl.country_code and pl.feature != "demonym" and id(m) not in actors:
            ctx.countries[pl.country_code] += 1
            if pl.admin1 and pl.feature not in ("country", "admin1"):
                ctx.admin1_votes.setdefault((pl.country_code, pl.admin1), set()).add(name_key(pl.name))
    ctx.resolved.clear()
    ctx.as_region.clear()
    final = [_resolve(m, gazetteer, ctx) for m in mentions]
    return [
        as_non_location(pl, actors[id(m)]) if id(m) in actors and pl.resolved else pl
        for m, pl in zip(mentions, final, strict=True)
    ]


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


def _resolve(m: Mention, gazetteer: Gazetteer, ctx: _Context) -> Place:
    if m.source == "demonym":
        return _demonym_place(m, gazetteer)
    span = Span(m.start, m.end, m.text)
    source = {
        "matcher": "gazetteer name",
        "ner": f"NER {m.ner_label}",
        "dateline": "dateline",
        "comma": "capitalised name before ', Region'",
        "district": "a town's district or community",
    }[m.source]
    if m.source == "matcher" and m.ner_label:
        source += f" + NER {m.ner_label}"
    if m.regions and not any(in_regions(c, m.regions) for c in m.candidates):
        alike = spelled_in_region(m, gazetteer.settlements_in)
        if alike is None:
            return _region_place(m, source)
        m.candidates = (alike[0],)  # kept for the final pass, with the note
        m.notes.append(
            f"no place in {alike[0].admin1} bears the name {m.text!r}: {alike[1]!r} there is spelled alike "
            "(another transliteration)"
        )
    if not m.candidates:
        return Place(span=span, name=m.text, relation=m.relation, resolved=False,
                     reason=f"{source}; not in the gazetteer")  # fmt: skip
    key = name_key(m.text)
    earlier = ctx.resolved.get(key)
    if (
        earlier is not None
        and earlier.feature == "admin1"
        and key in ctx.as_region
        and m.qualifier != "admin1"
    ):
        earlier = None  # "the Kharkiv region ... (coded to Kharkiv)": the bare name again is the city
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
    if key not in ctx.resolved and m.qualifier == "admin1":
        ctx.as_region.add(key)
    ctx.resolved.setdefault(key, best)
    precision = best.precision
    feature = best.feature
    relation_note = ""
    if m.relation:
        precision = max(precision, 2)
        relation_note = f"; '{m.relation}' the anchor: precision {precision}"
    if (
        m.text.endswith(DISTRICT_WORDS)
        and best.feature in ("city", "town", "village")
        and name_key(best.name) != name_key(m.text)
    ):
        precision = max(precision, 2)
        relation_note += f"; {m.text!r} names a district, not the town: precision {precision}"
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
        + "".join(f"; {n}" for n in m.notes)
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


def _region_place(m: Mention, source: str) -> Place:
    """A name with no candidate in the region written after it: somewhere in that region."""
    r = m.regions[0]
    return Place(
        span=Span(m.start, m.end, m.text), name=m.text, canonical=r.name, gazetteer_id=r.id,
        country=_country_name(r.country_code), country_code=r.country_code, admin1=r.admin1,
        latitude=r.latitude, longitude=r.longitude, geo_precision=2, feature="admin1", relation=m.relation,
        resolved=r.latitude is not None, confidence=0.6, reason=f"{source}; {region_reason(m)}",
    )  # fmt: skip


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
