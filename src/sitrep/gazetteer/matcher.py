"""Bulk toponym matching over a spaCy Doc: every gazetteer name, case-sensitive, longest first.

Instead of a spaCy PhraseMatcher with ~300k patterns (seconds to build: each pattern must be
tokenised), the names live in a hash set keyed by their exact surface form, and the Doc's
capitalised tokens open candidate spans of up to ``MAX_TOKENS`` tokens that are looked up in
the set. Same result as a case-sensitive PhraseMatcher (attribute ORTH), built in about a
second from the index and matched in microseconds per token. Built once per process.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

from sitrep.gazetteer.lookup import Gazetteer
from sitrep.nlp import doc_text

MAX_TOKENS = 8
_FIRST_PIECE = re.compile(r"[\s\-‐'’.]")
# Words that are place names somewhere but mostly ordinary words in English news text.
COMMON_WORDS = frozenset(
    """
    Police Army Navy Mobile Independence Reading Bath Nice Sale Hope Union Liberty Justice Victory
    Progress Friendship Peace Unity Freedom Centre Center Central North South East West Northern
    Southern Eastern Western Upper Lower New Old Great Little Big Long Mount Lake River Bay Port
    Island Beach Valley Park Hill Hills Spring Springs Green White Black Red Blue Gold Silver Rock
    Stone Wood Forest Field Fields Media Energy Commerce Industry Enterprise Fort Castle Bridge
    March May June July August April Sunday Monday Tuesday Wednesday Thursday Friday Saturday
    Region Regions Gulf Metro Christmas Easter Mission Temple Church Trinity Providence Paradise Eden Rome Home Post Office
    Ministry Defence Defense Security Council Assembly Parliament Government President Minister
    General Colonel Major Captain Governor Mayor Senator Governor Deputy Chief Commander Officer
    Reuters Associated Press Agency Times Guardian Herald Telegraph Tribune Journal Mirror Sun Star
    Kremlin Pentagon Taliban Hamas Hezbollah NATO Ukrainian Russian American British Israeli
    Palestinian Syrian Iraqi Afghan Iranian Turkish Chinese Indian Pakistani Mexican French German
    Man Woman Boy Girl Child Person People Family Friend Many Most More Some Much Such Even Still
    Harrison Jackson Lincoln Franklin Washington Hamilton Wilson Taylor Clinton Monroe Madison
    Marion Douglas Warren Grant Lee Logan Jefferson Adams Kennedy Johnson Smith Brown Allen Clay
    Well Wells Best Worth Early Bill Chase Cash Price Hunt Hunter Miller Baker Carter Parker
    """.split()
)


def english_words(nlp: Any) -> frozenset[str]:
    """Lower-case English words from the spaCy model's lemmatizer tables (empty when absent)."""
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    except (KeyError, ValueError, AttributeError):
        return frozenset()
    out: set[str] = set()
    for key in table.keys():
        values = table[key]
        if isinstance(values, list):
            out.update(w for w in values if isinstance(w, str) and w.isalpha())
    return frozenset(out)


# Multi-word names of places that in news text nearly always mean something else.
COMMON_PHRASES = frozenset(
    {"White House", "City Hall", "United Way", "Main Street", "High School", "Town Hall", "Wall Street",
     "Downing Street", "Capitol Hill", "Red Cross", "Human Rights", "Supreme Court", "Air Force", "Middle School"}
)  # fmt: skip


@dataclass(frozen=True)
class Match:
    start: int  # token index
    end: int  # token index (exclusive)
    text: str
    prominence: int  # largest population among places with this exact name


class NameMatcher:
    """Exact surface-name matching of gazetteer names in a tokenised Doc."""

    def __init__(
        self,
        names: dict[str, int],
        stop_words: frozenset[str] = frozenset(),
        words: frozenset[str] = frozenset(),
    ) -> None:
        self.names: dict[str, int] = {}
        self.words = words
        self.first_pieces: set[str] = set()
        for name, pop in names.items():
            if not name or not (name[0].isupper() or not name[0].isascii() and name[0].isalpha()):
                continue
            low = name.lower()
            if low in stop_words or name in COMMON_WORDS:
                continue  # NER can still bring such a name back as GPE/LOC
            if " " not in name and words and pop < 50_000 and low in words:
                continue  # an ordinary English word ("Street", "Hall", "Ridge") naming a small place
            if name in COMMON_PHRASES:
                continue
            if len(name) < 3 and not name.isupper():
                continue
            if name.isupper() and len(name) <= 3 and pop < 1_000_000:
                continue  # acronyms: only the few listed for countries
            self.names[name] = pop
            first = name.split()[0]
            self.first_pieces.add(first)
            self.first_pieces.add(_FIRST_PIECE.split(name, maxsplit=1)[0])

    def __len__(self) -> int:
        return len(self.names)

    def match(self, doc: Any) -> list[Match]:
        """Non-overlapping, longest-first matches in ``doc`` (a spaCy Doc)."""
        out: list[Match] = []
        text = doc_text(doc)
        n = len(doc)
        i = 0
        names = self.names
        firsts = self.first_pieces
        while i < n:
            tok = doc[i]
            t = tok.text
            caps = len(t) > 3 and t.isupper()  # "KYIV", "BEIRUT": datelines and headlines
            if not t[:1].isupper() or (t not in firsts and not (caps and t.title() in firsts)):
                i += 1
                continue
            start_char = tok.idx
            best: Match | None = None
            for j in range(min(n, i + MAX_TOKENS) - 1, i - 1, -1):
                end_tok = doc[j]
                surface = text[start_char : end_tok.idx + len(end_tok.text)]
                pop = names.get(surface)
                if pop is None and caps and surface.isupper():
                    pop = names.get(surface.title())
                    if pop is not None and pop < 10_000:
                        pop = None  # capitals: only places of some size
                if pop is not None:
                    best = Match(i, j + 1, surface, pop)
                    break
            if best is None:
                i += 1
                continue
            out.append(best)
            i = best.end
        return out


_MATCHERS: dict[str, NameMatcher] = {}
_LOCK = threading.Lock()


def get_matcher(
    gazetteer: Gazetteer,
    stop_words: frozenset[str] = frozenset(),
    min_population: int = 1000,
    words: frozenset[str] = frozenset(),
) -> NameMatcher:
    """The process-wide matcher for this gazetteer file (built on first use)."""
    key = f"{gazetteer.path}:{min_population}"
    with _LOCK:
        matcher = _MATCHERS.get(key)
        if matcher is None:
            matcher = NameMatcher(gazetteer.surface_names(min_population), stop_words, words)
            _MATCHERS[key] = matcher
        return matcher
