"""The attribution cue lexicon (``data/cues.json``), stance of a content, and the relation record.

Split out of :mod:`sitrep.extract.attribution`, which re-exports these names.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from importlib import resources

PUNCT_STRIP = " \t\n,;:.—–-"


@dataclass(frozen=True)
class CueLexicon:
    verbs: dict[str, tuple[str, float]]
    content_objects: frozenset[str]
    content_xcomp: frozenset[str]
    weak: frozenset[str]
    negated: dict[str, str]
    phrases: dict[str, tuple[str, float]]
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    role_nouns: frozenset[str]
    nouns: dict[str, str]
    generic_exclude: frozenset[str]
    content_preps: dict[str, frozenset[str]] = field(default_factory=dict)
    noun_preps: frozenset[str] = frozenset()
    noun_infinitive: frozenset[str] = frozenset()
    addressee: frozenset[str] = frozenset()
    document_nouns: frozenset[str] = frozenset()
    content_stance: tuple[tuple[str, re.Pattern[str]], ...] = ()
    content_stance_cues: frozenset[str] = frozenset()


@functools.lru_cache(maxsize=1)
def load_cues() -> CueLexicon:
    raw = json.loads(resources.files("sitrep.data").joinpath("cues.json").read_text(encoding="utf-8"))
    return CueLexicon(
        verbs={k: (v["stance"], float(v["weight"])) for k, v in raw["verbs"].items()},
        content_objects=frozenset(raw["content_objects"]),
        content_xcomp=frozenset(raw["content_xcomp"]),
        weak=frozenset(raw["weak_without_clause"]),
        negated=dict(raw["negated"]),
        phrases={k: (v["stance"], float(v["weight"])) for k, v in raw["phrases"].items()},
        person_pronouns=frozenset(raw["source_pronouns"]["person"]),
        group_pronouns=frozenset(raw["source_pronouns"]["group"]),
        role_nouns=frozenset(raw["role_nouns"]),
        nouns=dict(raw["nouns"]),
        generic_exclude=frozenset(raw["generic_clause_exclude"]),
        content_preps={k: frozenset(v) for k, v in raw.get("content_preps", {}).items()},
        noun_preps=frozenset(raw.get("noun_content_of", [])),
        noun_infinitive=frozenset(raw.get("noun_content_infinitive", [])),
        addressee=frozenset(raw.get("object_is_addressee", [])),
        document_nouns=frozenset(raw.get("document_nouns", [])),
        content_stance=tuple(
            (stance, re.compile("|".join(r"(?<!\w)" + re.escape(p) for p in phrases)))
            for stance, phrases in raw.get("content_stance", {}).get("rules", [])
        ),
        content_stance_cues=frozenset(raw.get("content_stance", {}).get("cues", [])),
    )


def content_stance(stance: str, cue_lemma: str, content: str, lex: CueLexicon) -> tuple[str, str | None]:
    """A plain "asserts" from a neutral speech cue ("said", "wrote", "called") refined by what
    the content says: a speaker insisting it hits only military targets denies, one calling the
    other side's account a lie disputes, one charging the other side with crimes accuses.
    Returns (stance, the phrase that decided it or None)."""
    if stance != "asserts" or cue_lemma not in lex.content_stance_cues:
        return stance, None
    low = content.lower()
    for new, pattern in lex.content_stance:
        m = pattern.search(low)
        if m is not None:
            return new, m.group(0)
    return stance, None


@dataclass
class Attribution:
    """One attribution relation in character offsets of the parsed text."""

    cue: tuple[int, int]
    cue_lemma: str
    stance: str
    content: tuple[int, int]
    source: tuple[int, int] | None
    source_root: int | None  # token index of the source's head word (antecedent for "who")
    sentence: tuple[int, int]
    direct: bool = False
    confidence: float = 0.5
    reasons: list[str] = field(default_factory=list)
