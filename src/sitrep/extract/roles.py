"""Who did what to whom in one event sentence: actor1 (the one acting) and actor2 (the one hit).

Roles come from the dependency parse where it speaks (subject of an active verb or ``by``-agent
-> actor1; passive subject or object -> actor2), then from demonym adjectives on attack words
("Russian missiles" -> Military Forces of Russia as actor1), then from ACLED's defaults
(protesters for protests, rioters for riots, an unidentified armed group for violence against
civilians with no named perpetrator, the civilians of the event's country as actor2).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from sitrep.extract.actors import _make, find_actors, lexicon
from sitrep.extract.clauses import SentenceParse
from sitrep.extract.taxonomy import ARMED_WHO
from sitrep.model import Actor, Casualty, Span

AGENT_DEPS = frozenset({"nsubj", "agent", "csubj"})
PATIENT_DEPS = frozenset({"nsubjpass", "dobj", "pobj", "iobj", "attr"})
CIVILIAN_WHO = re.compile(
    r"civilian|people|person|resident|villager|child|kid|boy|girl|wom[ae]n|\bm[ae]n\b|farmer|student|journalist|"
    r"worker|staff|employee|teacher|doctor|nurse|pensioner|elderly|teen|infant|bab|famil|relative|volunteer",
    re.I,
)


@dataclass
class Roles:
    actor1: Actor | None
    actor2: Actor | None
    victims_armed: bool | None


@functools.lru_cache(maxsize=1)
def _attack_adj_re() -> re.Pattern[str]:
    dems = "|".join(sorted((re.escape(d) for d in lexicon().demonyms), key=len, reverse=True))
    return re.compile(
        rf"(?<![\w-])(?P<dem>{dems})\s+(?:[\w-]+\s+){{0,2}}?(?P<n>missiles?|rockets?|strikes?|air ?strikes?|shelling|"
        r"attacks?|assaults?|drones?|artillery|bombardments?|offensive|invasion|occupation|mines?|shells?|"
        r"aircraft|jets?|helicopters?|fire|barrage|raids?|advances?|gunfire)\b",
        re.I,
    )


def _root(sp: SentenceParse, span: Span) -> object:
    toks = [t for t in sp.tokens if span.start <= t.idx < span.end]
    if not toks:
        return sp.token_at(span.start)
    for t in toks:
        if not (span.start <= t.head.idx < span.end) or t.head.i == t.i:
            return t
    return toks[-1]


def _role(sp: SentenceParse, actor: Actor) -> str | None:
    if actor.span is None:
        return None
    tok = _root(sp, actor.span)
    dep = tok.dep_  # type: ignore[attr-defined]
    if dep in AGENT_DEPS:
        return "agent"
    if dep == "pobj" and tok.head.lower_ == "by":  # type: ignore[attr-defined]
        return "agent"
    if dep in ("conj", "appos", "compound"):
        head = tok.head  # type: ignore[attr-defined]
        if head.dep_ in AGENT_DEPS:
            return "agent"
        if head.dep_ in PATIENT_DEPS:
            return "patient"
    if dep in PATIENT_DEPS:
        return "patient"
    if dep in ("poss", "amod"):
        return "agent"
    return None


_PRONOUN_FORCE = re.compile(
    r"\b(?:its|their)\s+(?:own\s+)?(?:forces|troops|soldiers|army|military|defen[cs]es|air defen[cs]es|air defen[cs]e|"
    r"units|fighters|defenders|servicemen|air force|navy)\b",
    re.I,
)


def _pronoun_forces(sent: object, actors: list[Actor], country: str | None) -> list[Actor]:
    """'its defenses', 'their troops': the military of the nearest state named before in the sentence."""
    from sitrep.extract.actors import ActorKind

    out: list[Actor] = []
    base = sent.start_char  # type: ignore[attr-defined]
    for m in _PRONOUN_FORCE.finditer(sent.text):  # type: ignore[attr-defined]
        start = base + m.start()
        prior = [a for a in actors if a.span and a.span.end <= start and a.country and a.inter in (1, 8)]
        if not prior:
            continue
        state = prior[-1].country
        kind = ActorKind(f"military:{state}", f"Military Forces of {state}", 1, state)
        span = Span(start, base + m.end(), m.group(0))
        out.append(
            _make(
                kind, m.group(0), span, None, country, f"possessive refers back to {prior[-1].as_written!r}"
            )
        )
    return out


_DATELINE = re.compile(r"^\s*[A-Z][A-Z.'\u2019 -]{1,30}(?:,|\s\()[^\n]{0,60}?[-\u2013\u2014]\s")


def dateline_span(sent: Any) -> Span | None:
    """ "KYIV, March 9 (Reuters) - " opening a sentence: where the report was filed."""
    dl = _DATELINE.match(sent.text)
    if not dl:
        return None
    return Span(sent.start_char, sent.start_char + dl.end(), dl.group(0))


def is_civilian_casualty(c: Casualty) -> bool:
    return bool(c.who and CIVILIAN_WHO.search(c.who))


def assign_roles(
    sent: object,
    sp: SentenceParse,
    country: str | None,
    casualties: list[Casualty],
    focus: object | None = None,
) -> Roles:
    """actor1/actor2 for the event told in ``sent`` (a spaCy Span)."""
    actors = find_actors(sent, country=country)
    dl = _DATELINE.match(sent.text)  # type: ignore[attr-defined]
    if dl:  # "KYIV, March 9 (Reuters) -": where the report was filed, not who acted
        dl_end = sent.start_char + dl.end()  # type: ignore[attr-defined]
        actors = [a for a in actors if not (a.span and a.span.end <= dl_end)]
    actors = sorted(
        actors + _pronoun_forces(sent, actors, country), key=lambda a: a.span.start if a.span else 0
    )
    agents: list[Actor] = []
    patients: list[Actor] = []
    others: list[Actor] = []
    if focus is not None:  # actors in the clause of the event's main cue first
        fh = sp.clause_head(focus).i

        def in_focus(a: Actor) -> bool:
            return bool(a.span) and sp.clause_head(_root(sp, a.span)).i == fh  # type: ignore[arg-type]

        focused = [a for a in actors if in_focus(a)]
        actors = focused + [a for a in actors if a not in focused]
    else:
        focused = list(actors)
    for a in actors:
        role = _role(sp, a)
        (agents if role == "agent" else patients if role == "patient" else others).append(a)
    text = sent.text  # type: ignore[attr-defined]
    base = sent.start_char  # type: ignore[attr-defined]
    adj_agents: list[Actor] = []
    for m in _attack_adj_re().finditer(text):
        dem_country = lexicon().demonyms[m.group("dem").lower()]
        from sitrep.extract.actors import ActorKind

        kind = ActorKind(f"military:{dem_country}", f"Military Forces of {dem_country}", 1, dem_country)
        span = Span(base + m.start("dem"), base + m.end("dem"), m.group("dem"))
        adj_agents.append(
            _make(kind, m.group(0), span, None, country, f"demonym on attack word {m.group('n')!r}")
        )

    def non_civ(xs: list[Actor]) -> list[Actor]:
        return [a for a in xs if a.inter != 7]

    # the doer in the event's own clause, else the demonym on the attack word ("Russian shelling
    # killed ..., regional authorities said": the authorities only report it), else a doer elsewhere
    actor1 = (
        next(iter(non_civ([a for a in agents if a in focused])), None)
        or next(iter(adj_agents), None)
        or next(iter(non_civ(agents)), None)
    )
    if actor1 is None:
        actor1 = next(iter(non_civ(others)), None) or next(iter(non_civ(patients)), None)
    actor2 = None
    for a in patients + others + agents + adj_agents:
        if actor1 is None or (a.name != actor1.name and (a.country is None or a.country != actor1.country)):
            actor2 = a
            break
    armed: bool | None = None
    killed_or_hurt = [c for c in casualties if not c.aggregate]
    if killed_or_hurt:
        whos = [c.who for c in killed_or_hurt if c.who]
        if any(ARMED_WHO.search(w) for w in whos):
            armed = True
        elif any(CIVILIAN_WHO.search(w) for w in whos):
            armed = False
    if armed is None and actor2 is not None:
        armed = actor2.inter in (1, 2, 3, 4, 8)
    return Roles(actor1, actor2, armed)


def default_actor(key: str, country: str | None, why: str) -> Actor:
    """An ACLED default actor ("protesters", "rioters", "civilians", "unidentified") for a country."""
    lx = lexicon()
    kind = lx.kinds[key]
    return _make(kind, "", None, None, country, f"ACLED default for this event type ({why})")
