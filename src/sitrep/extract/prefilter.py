"""Which regular expressions could match a sentence at all: keyword prefilters read from the patterns.

Most patterns cannot match without some literal text: whatever ``\\bprotest(?:s|ed|ing)?\\b``
matches contains "protest". Running every event cue label's alternation (``event_lexicon.json``)
and every casualty pattern over every sentence was most of the events stage's time, yet a
sentence holds the keywords of a few patterns only. :func:`required_literals` reads a pattern
with Python's own regular-expression parser (no keyword list is kept by hand) and gives a set
of lowercase literals such that every match of the pattern contains one of them.
:class:`LiteralScan` finds, in one pass over a sentence, which of those literals occur, hence
which patterns could match; a pattern none of whose literals occurs is not run (casualties), or
left out of its label's alternation (:class:`CueIndex`, event cues).

Why the output cannot change:

* a literal of a pattern comes only from characters the pattern consumes in sequence (a group
  without alternatives is read through; anchors and lookarounds consume nothing, so the
  characters on either side of them are still adjacent in the match); an alternation needs one
  literal of each branch, a repetition needs its body only when it must occur at least once;
  a pattern with no such literal is always run;
* sentences are compared in a folded form in which every character that the regex engine
  matches to a literal's character (case-insensitively) becomes that character, lowercased; the
  fold is read from the engine itself (:class:`_Fold`), so the Kelvin sign or a long s are
  folded as the engine matches them; a character that would match two of them disables the
  prefilter for its sentence;
* the scan is one alternation shaped as a trie: at each position it matches the longest literal
  that starts there, and every other literal starting there is a prefix of that one, so each
  literal found stands for its prefixes too;
* a pattern that cannot match anywhere in the sentence adds nothing to a leftmost-first
  alternation: at every position the engine tries the branches in order and the first that
  matches wins, so the same branch wins, with the same match, once the ones that fail
  everywhere are taken out (a label with a backreference keeps its whole alternation: group
  numbers would shift).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any, cast

_ZERO_WIDTH = frozenset({sre.AT, sre.ASSERT, sre.ASSERT_NOT})
_REPEATS = frozenset({sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT})
_BACKREFS = frozenset({sre.GROUPREF, sre.GROUPREF_EXISTS})

Literals = frozenset[str]


def required_literals(pattern: str, flags: int = re.I) -> Literals | None:
    """Lowercase literals at least one of which every match of ``pattern`` contains; None when
    the pattern guarantees none (or refers back to a group)."""
    parsed = _parser.parse(pattern, flags)
    if _has_backref(parsed):
        return None
    return _need(parsed)


def _has_backref(items: Any) -> bool:
    for op, av in items:
        if op in _BACKREFS:
            return True
        for sub in _children(op, av):
            if _has_backref(sub):
                return True
    return False


def _children(op: Any, av: Any) -> list[Any]:
    if op is sre.SUBPATTERN:
        return [av[3]]
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return [av[1]]
    if op is sre.ATOMIC_GROUP:
        return [av]
    if op is sre.BRANCH:
        return list(av[1])
    if op in _REPEATS:
        return [av[2]]
    return []


def _inline(items: Any) -> Iterator[tuple[Any, Any]]:
    """The items of a sequence, with groups that have no alternatives of their own read through."""
    for op, av in items:
        if op is sre.SUBPATTERN:
            yield from _inline(av[3])
        elif op is sre.ATOMIC_GROUP:
            yield from _inline(av)
        else:
            yield op, av


def _need(items: Any) -> Literals | None:
    """The most selective literal set among those a sequence guarantees (longest shortest literal)."""
    options: list[Literals] = []
    run = ""
    for op, av in _inline(items):
        if op is sre.LITERAL and av < 128:
            run += chr(av).lower()
            continue
        if op in _ZERO_WIDTH:
            continue  # consumes nothing: the characters around it are adjacent in the match
        if run:
            options.append(frozenset({run}))
        run = ""
        if op is sre.BRANCH:
            branches = [_need(b) for b in av[1]]
            if all(b is not None for b in branches):
                options.append(_minimal(frozenset().union(*branches)))  # type: ignore[arg-type]
        elif op in _REPEATS and av[0] >= 1:
            body = _need(av[2])
            if body is not None:
                options.append(body)
    if run:
        options.append(frozenset({run}))
    options = [o for o in options if o and "" not in o]
    if not options:
        return None
    return max(options, key=lambda o: (min(map(len, o)), -len(o)))


def _minimal(literals: Literals) -> Literals:
    """Drop literals that contain another one: wherever they occur, the shorter one does too."""
    return frozenset(a for a in literals if not any(b != a and b in a for b in literals))


class _Fold:
    """Maps text onto the literals' alphabet the way the regex engine matches characters.

    A character that the engine matches, with or without IGNORECASE, to a character of some
    literal becomes that character lowercased; any other character stays as it is (it cannot be
    part of an occurrence). ASCII text is lowercased (checked against the engine when built);
    other characters are looked up in the engine the first time they are seen.
    """

    def __init__(self, alphabet: set[str]) -> None:
        chars = alphabet | {c.upper() for c in alphabet}
        self._matchers = [(c.lower(), re.compile(re.escape(c), re.I)) for c in sorted(chars)]
        self._table: dict[int, str] = {}
        self._seen: set[str] = set()
        self._ambiguous: set[str] = set()
        self._learn({chr(i) for i in range(128)})
        # lowercasing folds ASCII text as well when the engine matches no ASCII character to a
        # literal's character other than its own lowercase
        self._ascii_lower = all(self._table.get(i, chr(i)) in (chr(i), chr(i).lower()) for i in range(128))
        self._ascii_lower = self._ascii_lower and self._ambiguous.isdisjoint(map(chr, range(128)))

    def _learn(self, chars: set[str]) -> None:
        for ch in chars - self._seen:
            found = {low for low, pat in self._matchers if pat.fullmatch(ch)}
            if len(found) > 1:
                self._ambiguous.add(ch)
            elif found and found != {ch}:
                self._table[ord(ch)] = found.pop()
            self._seen.add(ch)

    def __call__(self, text: str) -> str | None:
        if self._ascii_lower and text.isascii():
            return text.lower()
        self._learn(set(text))
        if self._ambiguous and not self._ambiguous.isdisjoint(text):
            return None
        return text.translate(self._table)


def _trie_pattern(literals: Sequence[str]) -> str:
    """One alternation over the literals, shaped as a trie with longer continuations first: at a
    position it matches the longest literal that starts there (every other literal starting there
    is a prefix of that one)."""
    trie: dict[str, Any] = {}
    for lit in literals:
        node = trie
        for ch in lit:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if "" in node:
            alts.append("")
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(trie)


@functools.lru_cache(maxsize=4096)
def _alternation(patterns: tuple[str, ...], flags: int) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


class LiteralScan:
    """Which of some regular expressions could match a text, by the literals each one needs.

    ``patterns`` are (key, pattern, flags); :meth:`candidates` gives the keys of the patterns
    whose literals occur in a text (and of those with no literal), or None when the text cannot
    be folded: then any of them may match.
    """

    def __init__(self, patterns: Iterable[tuple[Hashable, str, int]]) -> None:
        self._patterns = list(patterns)
        self._built = False

    @classmethod
    def of(cls, patterns: Sequence[re.Pattern[str]]) -> LiteralScan:
        """A scan over compiled patterns, keyed by their position in ``patterns``."""
        return cls((i, p.pattern, p.flags) for i, p in enumerate(patterns))

    def _build(self) -> None:  # on first use: parsing the patterns costs a few milliseconds
        owners: dict[str, set[Hashable]] = {}
        always: set[Hashable] = set()  # patterns with no literal: always candidates
        for key, pattern, flags in self._patterns:
            lits = required_literals(pattern, flags)
            if lits is None:
                always.add(key)
                continue
            for lit in lits:
                owners.setdefault(lit, set()).add(key)
        self._always = frozenset(always)
        # the scan reports the longest literal at a position: it stands for its prefixes too
        self._owners = {
            lit: frozenset().union(*(owners[p] for p in owners if lit.startswith(p))) for lit in owners
        }
        self._scan = re.compile(f"(?=({_trie_pattern(sorted(owners))}))") if owners else None
        self._fold = _Fold({ch for lit in owners for ch in lit})
        self._built = True

    def candidates(self, text: str) -> set[Hashable] | None:
        if not self._built:
            self._build()
        folded = self._fold(text)
        if folded is None:
            return None
        found = set(self._always)
        if self._scan is not None:
            owners = self._owners
            for lit in set(self._scan.findall(folded)):
                found |= owners[lit]
        return found


class CueIndex:
    """For a sentence, the alternation of each label's patterns that could match it."""

    def __init__(self, cues: Mapping[str, Sequence[str]], flags: int = re.I) -> None:
        self.flags = flags
        self.patterns = {label: tuple(pats) for label, pats in cues.items()}
        # a label with a backreference keeps its whole alternation: group numbers would shift
        self._whole = {
            label
            for label, pats in self.patterns.items()
            if _has_backref(_parser.parse("|".join(f"(?:{p})" for p in pats), flags))
        }
        self._scan = LiteralScan(
            ((label, i), pat, flags)
            for label, pats in self.patterns.items()
            if label not in self._whole
            for i, pat in enumerate(pats)
        )

    def alternations(self, text: str) -> Iterator[tuple[str, re.Pattern[str]]]:
        """Each label's alternation, in lexicon order, less the patterns that cannot match ``text``;
        labels none of whose patterns can match are left out."""
        found = self._scan.candidates(text)
        kept: dict[str, list[int]] = {}
        for key in found or ():
            label, i = cast(tuple[str, int], key)
            kept.setdefault(label, []).append(i)
        for label, pats in self.patterns.items():
            if found is None or label in self._whole:
                yield label, _alternation(pats, self.flags)
            elif label in kept:
                yield label, _alternation(tuple(pats[i] for i in sorted(kept[label])), self.flags)
