"""Stance from what a neutral cue reports, sources of "said in a statement", speakers named
through "the statement said", one-word headline sources, participles that are not speakers."""

from __future__ import annotations

from typing import Any

import pytest

from sitrep.extract.attribution import content_stance, load_cues
from sitrep.extract.claims import extract_claims
from sitrep.settings import Settings


@pytest.fixture(scope="module")
def nlp() -> Any:
    from sitrep.nlp import load_model

    try:
        return load_model(Settings.load().model)
    except Exception as exc:  # pragma: no cover - model missing on this machine
        pytest.skip(f"spaCy model not installed: {exc}")


def run(nlp: Any, text: str) -> tuple[list[Any], list[Any]]:
    return extract_claims(nlp(text), "t")


def by_cue(claims: list[Any], word: str) -> Any:
    hits = [c for c in claims if word in c.cue.split()]
    assert len(hits) == 1, [(c.cue, c.content.text) for c in claims]
    return hits[0]


@pytest.mark.parametrize(
    ("content", "cue", "want"),
    [
        ("its forces strike only military targets", "say", "denies"),
        ("the Russian figure was fantasy", "call", "disputes"),
        ("Western claims about civilian deaths were lies", "say", "disputes"),
        ("the strikes were a war crime", "write", "accuses"),
        ("the strikes were a war crime", "argue", "asserts"),  # an argument keeps its own stance
        ("the supplies of allies were delivered on time", "say", "asserts"),  # "lies" only as a word
        ("two schools were damaged", "say", "asserts"),
    ],
)
def test_content_decides_the_stance_of_a_neutral_cue(content: str, cue: str, want: str) -> None:
    assert content_stance("asserts", cue, content, load_cues())[0] == want


def test_a_denial_verb_keeps_its_stance() -> None:
    assert content_stance("denies", "say", "it was a war crime", load_cues()) == ("denies", None)


def test_accusation_in_reported_speech(nlp: Any) -> None:
    claims, _ = run(nlp, "Foreign Minister Dmytro Kuleba wrote that the strikes were a war crime.")
    c = by_cue(claims, "wrote")
    assert c.stance == "accuses"
    assert "war crime" in c.reason


def test_second_part_of_an_interrupted_quote_counts(nlp: Any) -> None:
    text = (
        "“A missile came down on a street where families were asleep,” the governor told "
        "reporters. “There is no military site anywhere near here.”"
    )
    claims, _ = run(nlp, text)
    assert by_cue(claims, "told").stance == "accuses"


def test_said_in_a_statement_takes_the_speaker_and_the_verb(nlp: Any) -> None:
    text = (
        "The Russian embassy in Washington said in a statement that Moscow was striking "
        "only military infrastructure."
    )
    claims, _ = run(nlp, text)
    (c,) = [c for c in claims if "statement" in c.cue]
    assert c.source.as_written == "The Russian embassy in Washington"
    assert c.cue.startswith("said")
    assert c.stance == "denies"


def test_the_statement_said_names_the_issuer(nlp: Any) -> None:
    text = (
        "The Defence Ministry said its forces had hit all targets. "
        "“All designated targets have been hit,” the statement said."
    )
    claims, quotes = run(nlp, text)
    (q,) = quotes
    assert q.speaker is not None and q.speaker.as_written == "the statement"
    assert q.speaker.body is not None and "Ministry" in q.speaker.body


def test_one_word_headline_source(nlp: Any) -> None:
    text = "Sanders: Clinton needs to get away from personality politics.\n\nThe senator spoke on Friday."
    claims, _ = run(nlp, text)
    c = by_cue(claims, ":")
    assert c.source.as_written == "Sanders"


def test_a_thing_described_by_a_participle_is_not_a_speaker(nlp: Any) -> None:
    claims, _ = run(nlp, "He posted a series of tweets criticizing the former governor.")
    c = by_cue(claims, "criticizing")
    assert c.source.as_written == ""


def test_a_denial_in_a_relative_clause_takes_the_noun(nlp: Any) -> None:
    text = (
        "Moscow says its forces strike only military objects, a position that Ukrainian "
        "officials and independent monitors dispute."
    )
    claims, _ = run(nlp, text)
    c = by_cue(claims, "dispute")
    assert c.stance == "disputes"
    assert c.source.as_written == "Ukrainian officials and independent monitors"
    assert c.content.text.startswith("a position")
    assert "dispute" not in c.content.text
