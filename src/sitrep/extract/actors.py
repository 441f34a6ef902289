"""Actor normalisation: phrases like "Russian forces" or "the occupiers" to ACLED actor names.

The aliases live in ``sitrep/data/actors.json`` (project-written). Three kinds of match, tried
longest first:

* a listed alias ("Wagner Group", "the Kremlin", "Russian Defence Ministry"), which may keep the
  specific body ("Russian Defence Ministry") next to the ACLED group name;
* a demonym followed by a force, police or government noun ("Ukrainian air defence",
  "Afghan security forces", "Pakistani police", "Iraqi authorities"); the country's name and
  its capitals used as adjectives count as demonyms ("Ukraine soldiers", "Russia troops",
  "Kiev forces" are "Ukrainian soldiers", "Russian troops", "Ukrainian forces");
* capitals used as actors ("Kyiv said", "Moscow's troops"), kept only when the parse shows the
  name acting as a subject or possessor, not as a place.

``match_actor`` normalises one phrase; ``find_actors`` scans a spaCy ``Span`` (a sentence) with
one compiled regular expression per process, so it costs one regex pass per sentence.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from sitrep.model import Actor, Span

STATE_INTER = 1
EXTERNAL_INTER = 8
ACTOR_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "agent", "csubj", "appos", "conj", "compound"})
_MODIFIERS = (
    "armed|military|occupation|occupying|government|regular|special|elite|border|airborne|assault|"
    "artillery|ground|naval|security|missile|rocket|drone|backed|led|allied|proxy"
)


@dataclass(frozen=True)
class ActorKind:
    key: str
    name: str  # may contain "{country}"
    inter: int | None
    country: str | None  # may be "{country}"


@dataclass(frozen=True)
class Alias:
    text: str
    kind: ActorKind
    body: str | None = None
    as_actor_only: bool = False
    context: str | None = None  # the theatre where the alias is meaningful ("occupiers": Ukraine)


@dataclass(frozen=True)
class Lexicon:
    kinds: dict[str, ActorKind]
    aliases: dict[str, Alias]
    demonyms: dict[str, str]  # "russian" -> "Russia"
    alias_re: re.Pattern[str]
    demonym_re: re.Pattern[str]


def _data() -> dict[str, Any]:
    raw = resources.files("sitrep.data").joinpath("actors.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The alias tables and compiled patterns, built once per process."""
    data = _data()
    kinds = {
        key: ActorKind(key, v["name"], v.get("inter"), v.get("country")) for key, v in data["actors"].items()
    }
    aliases: dict[str, Alias] = {}
    for a in data["aliases"]:
        text = a["text"].lower()
        aliases[text] = Alias(
            text, kinds[a["actor"]], a.get("body"), bool(a.get("as_actor_only")), a.get("context")
        )
    demonyms: dict[str, str] = {}
    for country, info in data["countries"].items():
        for d in info.get("demonyms", []):
            demonyms[d.lower()] = country
        name = country.lower()
        # the name and the capitals as adjectives: "Ukraine soldiers", "Kiev troops"
        for d in [name, *(c.lower() for c in info.get("capitals", []))]:
            demonyms.setdefault(d, country)
        if name not in aliases:
            gov = ActorKind(f"gov:{country}", f"Government of {country}", STATE_INTER, country)
            aliases[name] = Alias(name, gov, country, True)
        for cap in info.get("capitals", []):
            cap = cap.lower()
            if cap not in aliases:
                gov = ActorKind(f"gov:{country}", f"Government of {country}", STATE_INTER, country)
                aliases[cap] = Alias(cap, gov, cap.title(), True)
    alias_re = re.compile(r"(?<![\w-])(?:" + _alt(list(aliases)) + r")(?![\w-])", re.IGNORECASE)
    nouns = (
        [(n, "military") for n in data["force_nouns"]]
        + [(n, "police") for n in data["police_nouns"]]
        + [(n, "government") for n in data["government_nouns"]]
    )
    noun_alt = _alt([n for n, _ in nouns])
    demonym_re = re.compile(
        r"(?<![\w-])(?:pro-)?(?P<dem>" + _alt(list(demonyms)) + r")(?:-(?:backed|led|allied))?\s+"
        r"(?:(?:" + _MODIFIERS + r")\s+){0,2}(?P<noun>" + noun_alt + r")(?![\w-])",
        re.IGNORECASE,
    )
    return Lexicon(kinds, aliases, demonyms, alias_re, demonym_re)


@functools.lru_cache(maxsize=1)
def _noun_kinds() -> dict[str, str]:
    data = _data()
    out: dict[str, str] = {}
    for key, kind in (
        ("force_nouns", "military"),
        ("police_nouns", "police"),
        ("government_nouns", "government"),
    ):
        for n in data[key]:
            out[re.sub(r"\s+", " ", n.lower())] = kind
    return out


def _fill(template: str | None, country: str | None) -> str | None:
    if template is None or "{country}" not in template:
        return template
    if country:
        return template.replace("{country}", country)
    # no country known: keep the group without it ("Police Forces", "Civilians")
    return re.sub(r"\s*(?:of\s+)?\(?\{country\}\)?", "", template).strip() or None


def _make(
    kind: ActorKind,
    as_written: str,
    span: Span | None,
    body: str | None,
    country: str | None,
    how: str,
    fallback_country: str | None = None,
) -> Actor:
    actor_country = _fill(kind.country, country or fallback_country)
    name = _fill(kind.name, country or fallback_country) or kind.name
    inter = kind.inter
    reason = f"{as_written!r}: {how} -> {name}"
    if inter == STATE_INTER and country and actor_country and actor_country != country:
        inter = EXTERNAL_INTER
        reason += f"; state force of {actor_country} acting in {country}: inter 8 (external)"
    return Actor(
        name=name,
        as_written=as_written,
        span=span,
        inter=inter,
        country=actor_country,
        body=body,
        reason=reason,
    )


def _clean(text: str) -> str:
    t = re.sub(r"\s+", " ", text.strip().lower())
    t = re.sub(r"[\u2019`]", "'", t)
    return t


def _from_demonym(m: re.Match[str], as_written: str, span: Span | None, country: str | None) -> Actor:
    lx = lexicon()
    dem_country = lx.demonyms[m.group("dem").lower()]
    noun = re.sub(r"\s+", " ", m.group("noun").lower())
    kind_key = _noun_kinds().get(noun, "military")
    template = {
        "military": "Military Forces of {country}",
        "police": "Police Forces of {country}",
        "government": "Government of {country}",
    }[kind_key]
    kind = ActorKind(
        f"{kind_key}:{dem_country}", template.replace("{country}", dem_country), STATE_INTER, dem_country
    )
    body = (
        as_written.strip()
        if len(noun.split()) > 1 or noun in {"air force", "navy", "national guard"}
        else None
    )
    if m.group(0).lower().startswith("pro-"):
        kind = ActorKind(f"pro:{dem_country}", f"Pro-{dem_country} Militia", 3, country or dem_country)
    return _make(kind, as_written, span, body, country, f"demonym {m.group('dem')!r} + {noun!r}")


def match_actor(text: str, country: str | None = None) -> Actor | None:
    """Normalise one actor phrase to an ACLED actor, or None when nothing in it is an actor.

    ``country`` is the country where the event happened, when known: it fills generic names
    ("police" -> "Police Forces of Kenya") and recodes a foreign state force to inter 8.
    """
    if not text or not text.strip():
        return None
    lx = lexicon()
    t = _clean(text)
    t = re.sub(r"^(?:the|a|an|its|their|his|her)\s+", "", t)
    if t in lx.aliases:
        a = lx.aliases[t]
        return _make(a.kind, text.strip(), None, a.body, country, "alias", a.context)
    dm = lx.demonym_re.search(t)
    am = lx.alias_re.search(t)
    if dm and (not am or len(dm.group(0)) >= len(am.group(0))):
        return _from_demonym(dm, text.strip(), None, country)
    if am:
        a = lx.aliases[_clean(am.group(0))]
        return _make(
            a.kind, text.strip(), None, a.body, country, f"alias {a.text!r} inside the phrase", a.context
        )
    return None


def _acts_in_parse(sent: Any, start: int, end: int) -> bool:
    """A capital used as an actor: subject or possessor in the parse, or followed by 's."""
    toks = [t for t in sent if t.idx >= start and t.idx < end]
    if not toks:
        return False
    last = toks[-1]
    nxt = last.nbor(1) if last.i + 1 < len(last.doc) else None
    if nxt is not None and nxt.text in ("'s", "\u2019s"):
        return True
    prev = toks[0].nbor(-1) if toks[0].i > 0 else None
    after_prep = prev is not None and prev.pos_ == "ADP"
    if (
        nxt is not None
        and not after_prep
        and nxt.pos_ in ("VERB", "AUX")
        and nxt.tag_ in ("VBD", "VBZ", "VBP", "MD")
    ):
        return True  # "Kyiv said", "Moscow has": a place name directly followed by a finite verb
    root = max(toks, key=lambda t: t.dep_ != "compound")
    if root.dep_ in ("nsubj", "nsubjpass", "agent"):
        return True
    return root.dep_ == "pobj" and root.head.lower_ == "by"


def as_military(actor: Actor, country: str | None = None) -> Actor:
    """A state named as the doer of violence ("Russia launched missiles") acts through its military."""
    if not actor.name.startswith("Government of "):
        return actor
    state = actor.name[len("Government of ") :]
    kind = ActorKind(f"military:{state}", f"Military Forces of {state}", STATE_INTER, state)
    out = _make(
        kind, actor.as_written, actor.span, actor.body, country, "state named as the doer of violence"
    )
    out.reason = f"{actor.reason}; violence by a state is coded to its military forces"
    return out


def find_actors(sent: Any, country: str | None = None) -> list[Actor]:
    """Actors mentioned in a spaCy ``Span`` (normally one sentence), in text order, spans in doc offsets."""
    lx = lexicon()
    text = sent.text
    base = sent.start_char
    found: list[tuple[int, int, Actor]] = []
    for m in lx.demonym_re.finditer(text):
        s, e = base + m.start(), base + m.end()
        found.append((s, e, _from_demonym(m, m.group(0), Span(s, e, m.group(0)), country)))
    for m in lx.alias_re.finditer(text):
        s, e = base + m.start(), base + m.end()
        a = lx.aliases.get(_clean(m.group(0)))
        if a is None:
            continue
        if a.as_actor_only and not _acts_in_parse(sent, s, e):
            continue
        found.append(
            (s, e, _make(a.kind, m.group(0), Span(s, e, m.group(0)), a.body, country, "alias", a.context))
        )
    found.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out: list[Actor] = []
    last_end = -1
    for s, e, actor in found:
        if s < last_end:
            continue  # overlapped by a longer match that starts earlier or at the same place
        out.append(actor)
        last_end = e
    return out


def named_sides(text: str) -> list[Actor]:
    """Actors a phrase names by side: a demonym (or a country used as one) with a force noun
    ("Ukrainian soldiers", "Russia troops") or a named group ("DPR", "Wagner"); generic nouns
    ("soldiers", "rebels", "police") and bare country names name no side."""
    lx = lexicon()
    out = [_from_demonym(m, m.group(0), None, None) for m in lx.demonym_re.finditer(text)]
    for m in lx.alias_re.finditer(text):
        a = lx.aliases.get(_clean(m.group(0)))
        if a is not None and not a.as_actor_only and "{country}" not in a.kind.name:
            out.append(_make(a.kind, m.group(0), None, a.body, None, "alias", a.context))
    return out
