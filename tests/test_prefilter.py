"""The keyword prefilter of the cue and casualty patterns: conservative, and no change in output."""

from __future__ import annotations

import re
import sys
from typing import Any

import pytest

from sitrep.demo import iter_demo_documents
from sitrep.extract import casualties as cas
from sitrep.extract import taxonomy
from sitrep.extract.prefilter import CueIndex, LiteralScan, required_literals
from sitrep.nlp import ents_within, load_model

# the project's own sentences, plus case and Unicode forms the regex engine folds specially
_ODD = [
    "Three soldiers were \u212aILLED near the river.",  # Kelvin sign: matches "k" case-insensitively
    "Two civilians were \u017flain and a \u017fhell hit the school.",  # long s: matches "s"
    "\u0130NJURED: four people; the \u0131ntercepted drone fell on a house.",  # dotted and dotless i
    "5 KIA and 3 WIA after the SHELLING OF THE TOWN, OFFICIALS SAID.",
    "Five soldiers, two rebels killed as militants stormed a checkpoint.",
    "The protesters threw stones; police dispersed the crowd with tear gas.",
]


def _sentences() -> list[str]:
    out = list(_ODD)
    for doc in iter_demo_documents():
        out += [s for s in re.split(r"(?<=[.!?])\s+|\n+", doc.text) if s.strip()]
    return out + [s.upper() for s in out[:200]]


SENTENCES = _sentences()


def test_required_literals_read_the_pattern() -> None:
    assert required_literals(r"\bprotest(?:s|ed|ing)?\b") == {"protest"}
    assert required_literals(r"(?<!no )\bfight(?:ing|s)?\b(?! back)") == {"fight"}
    assert required_literals(r"(?:die|dies|died)\b") == {"die"}  # "dies" contains "die"
    assert required_literals(r"\bair ?strikes?\b") == {"strike"}  # the longer of "air" and "strike"
    assert required_literals(r"\b(?:took|seized) (?:full )?control\b") == {"control"}
    assert required_literals(r"\bshell(?:ed|ing)|\bartillery") == {"shell", "artillery"}
    assert required_literals(r"(?-i:\bKIAs?\b)") == {"kia"}
    assert required_literals(r"x(?:ab)+y") == {"ab"}  # a repetition that occurs at least once
    assert required_literals(r"(?:abc)?\d+") is None  # nothing guaranteed
    assert required_literals(r"\bfoo|\d+") is None  # one branch guarantees nothing
    assert required_literals(r"(a)bc\1") is None  # a backreference: never filtered


def test_every_match_contains_one_of_its_literals() -> None:
    lx = taxonomy.lexicon()
    lx.index._scan.candidates("")  # built
    fold = lx.index._scan._fold  # checked against the engine below
    checked = 0
    for label, pat in [*lx.cues.items(), *cas._PATTERNS]:
        lits = required_literals(pat.pattern, pat.flags)
        assert lits, label  # every pattern has keywords
        for s in SENTENCES:
            for m in pat.finditer(s):
                assert any(lit in fold(m.group(0)) for lit in lits), (label, m.group(0))
                checked += 1
    assert checked > 500


def test_fold_agrees_with_the_engine_on_every_character() -> None:
    scan = LiteralScan.of([p for _, p in cas._PATTERNS] + list(taxonomy.lexicon().cues.values()))
    scan.candidates("")  # built
    fold = scan._fold
    alphabet = {ch for lit in scan._owners for ch in lit}
    everything = "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i < 0xE000)
    for c in sorted(alphabet | {c.upper() for c in alphabet}):
        for m in re.finditer(re.escape(c), everything, re.I):
            assert fold(m.group(0)) == c.lower(), (c, m.group(0))


def _all_labels(text: str) -> list[tuple[str, int, int, str]]:
    lx = taxonomy.lexicon()
    return [
        (label, m.start(), m.end(), m.group(0)) for label, pat in lx.cues.items() for m in pat.finditer(text)
    ]


def _filtered_labels(text: str) -> list[tuple[str, int, int, str]]:
    lx = taxonomy.lexicon()
    return [
        (label, m.start(), m.end(), m.group(0))
        for label, pat in lx.index.alternations(text)
        for m in pat.finditer(text)
    ]


def test_cue_index_finds_exactly_what_the_full_alternations_find() -> None:
    for s in SENTENCES:
        assert _filtered_labels(s) == _all_labels(s), s


def test_cue_index_leaves_out_labels_without_their_keywords() -> None:
    index = taxonomy.lexicon().index
    assert index._scan.candidates("\u0130NJURED") is not None  # folded, not given up
    labels = [label for label, _ in index.alternations("The weather was mild on Tuesday.")]
    assert len(labels) < 5
    assert "protest" in [label for label, _ in index.alternations("Thousands marched in Paris.")]


def test_a_label_with_a_backreference_keeps_its_whole_alternation() -> None:
    index = CueIndex({"twice": [r"\b(\w+) \1\b", r"\bagain\b"], "once": [r"\bonce\b"]})
    found = dict(index.alternations("It was said said again."))
    assert set(found) == {"twice"}
    assert [m.group(0) for m in found["twice"].finditer("said said again")] == ["said said", "again"]


def test_casualties_are_the_same_with_and_without_the_prefilter(monkeypatch: pytest.MonkeyPatch) -> None:
    filtered = [cas.find_casualties(s, 3) for s in SENTENCES]
    monkeypatch.setattr(cas._GATE, "candidates", lambda text: None)  # every pattern runs
    assert [cas.find_casualties(s, 3) for s in SENTENCES] == filtered
    assert sum(map(len, filtered)) > 50


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_model("en_core_web_sm")


def test_ents_within_is_span_ents(nlp: Any) -> None:
    for document in list(iter_demo_documents())[:8]:
        doc = nlp(document.text)
        ents = doc.ents
        for sent in doc.sents:
            assert ents_within(sent, ents) == list(sent.ents)
        for start in range(0, len(doc), 7):  # spans that cut through entities as well
            span = doc[start : start + 11]
            assert ents_within(span, ents) == list(span.ents)
