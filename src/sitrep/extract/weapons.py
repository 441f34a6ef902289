"""Weapons (families and named systems) and target kinds in a sentence, from sitrep/data/weapons.json."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources

from sitrep.extract.casualties import NUM, parse_number
from sitrep.model import Span, Target, Weapon


@dataclass(frozen=True)
class _Tables:
    systems: list[tuple[str, str, re.Pattern[str]]]
    families: list[tuple[str, re.Pattern[str]]]
    targets: list[tuple[str, re.Pattern[str]]]


@functools.lru_cache(maxsize=1)
def tables() -> _Tables:
    raw = json.loads(resources.files("sitrep.data").joinpath("weapons.json").read_text(encoding="utf-8"))
    return _Tables(
        systems=[(s["family"], s["system"], re.compile(s["pattern"], re.I)) for s in raw["systems"]],
        families=[(f["family"], re.compile(f["pattern"], re.I)) for f in raw["families"]],
        targets=[(t["kind"], re.compile(t["pattern"], re.I)) for t in raw["targets"]],
    )


_COUNT_BEFORE = re.compile(rf"(?<![\w-])(?P<num>{NUM})\s+(?:(?![\d])(?!of\b)[\w-]+\s+){{0,3}}$", re.I)


def _count_before(text: str, start: int) -> int | None:
    m = _COUNT_BEFORE.search(text[max(0, start - 40) : start])
    if not m:
        return None
    n = parse_number(m.group("num"))
    return n if n and n > 1 or (n == 1 and m.group("num").lower() not in ("a", "an")) else None


def find_weapons(text: str, base: int = 0) -> list[Weapon]:
    """Weapons in one sentence: named systems first (with their family), then bare families."""
    t = tables()
    out: list[Weapon] = []
    covered: list[tuple[int, int]] = []
    seen: set[tuple[str, str | None]] = set()
    for family, system, pat in t.systems:
        for m in pat.finditer(text):
            if (family, system) in seen:
                continue
            seen.add((family, system))
            count = _count_before(text, m.start())
            out.append(
                Weapon(
                    family=family,
                    system=system,
                    count=count,
                    span=Span(base + m.start(), base + m.end(), m.group(0)),
                )
            )
            covered.append(m.span())
    for family, pat in t.families:
        for m in pat.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in covered):
                continue
            if any(w.family == family for w in out):
                continue
            count = _count_before(text, m.start())
            out.append(
                Weapon(
                    family=family,
                    system=None,
                    count=count,
                    span=Span(base + m.start(), base + m.end(), m.group(0)),
                )
            )
            covered.append(m.span())
    family_pat = dict(t.families)
    for i, w in enumerate(out):
        if w.system and w.count is None and w.family in family_pat:
            # "six hypersonic missiles from its Kinzhal system": the count sits on the family word
            counts = [_count_before(text, m.start()) for m in family_pat[w.family].finditer(text)]
            found = [c for c in counts if c]
            if len(found) == 1:
                out[i] = Weapon(family=w.family, system=w.system, count=found[0], span=w.span)
    out.sort(key=lambda w: w.span.start if w.span else 0)
    return out


def find_targets(text: str, base: int = 0) -> list[Target]:
    out: list[Target] = []
    for kind, pat in tables().targets:
        m = pat.search(text)
        if m:
            out.append(Target(kind=kind, span=Span(base + m.start(), base + m.end(), m.group(0))))
    out.sort(key=lambda t: t.span.start if t.span else 0)
    return out
