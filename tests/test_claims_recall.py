"""Attribution patterns beyond "X said that ...", on sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from sitrep.extract.claims import extract_claims
from sitrep.extract.quotes import find_quotes, group_pieces
from sitrep.settings import Settings


@pytest.fixture(scope="module")
def nlp() -> Any:
    from sitrep.nlp import load_model

    try:
        return load_model(Settings.load().model)
    except Exception as exc:  # pragma: no cover - model missing on this machine
        pytest.skip(f"spaCy model not installed: {exc}")


def claims_of(nlp: Any, text: str) -> list[Any]:
    return extract_claims(nlp(text), "t")[0]


def by_cue(claims: list[Any], word: str) -> Any:
    hits = [c for c in claims if word in c.cue.split()]
    assert len(hits) == 1, [(c.cue, c.source.as_written, c.content.text) for c in claims]
    return hits[0]


def test_quote_before_the_cue_with_pronoun_speaker(nlp: Any) -> None:
    text = (
        "The talks stalled again.\n\n"
        "\u201cThe convoy was hit twice on the road to the port,\u201d he said.\n\n"
        "Aid agencies suspended deliveries."
    )
    c = by_cue(claims_of(nlp, text), "said")
    assert c.direct
    assert "convoy was hit twice" in c.content.text
    assert c.source.as_written == "he"


def test_quote_before_inverted_cue(nlp: Any) -> None:
    text = (
        "The town was quiet.\n\n"
        "\u201cThe bridge is gone. Nobody can cross now,\u201d said Maria Kovalenko, a local teacher."
    )
    c = by_cue(claims_of(nlp, text), "said")
    assert "Maria Kovalenko" in c.source.as_written
    assert "Nobody can cross now" in c.content.text


def test_quote_continuing_after_the_attribution_sentence_is_one_quote() -> None:
    text = "\u201cWe hold the hill,\u201d the commander said. \u201cWe will hold it tomorrow.\u201d\n"
    groups = group_pieces(text, find_quotes(text))
    assert len(groups) == 1 and len(groups[0]) == 2


def test_next_quote_with_its_own_speaker_is_not_merged() -> None:
    text = "\u201cWe hold the hill,\u201d the commander said. \u201cThey lie,\u201d a rebel said.\n"
    groups = group_pieces(text, find_quotes(text))
    assert len(groups) == 2


def test_first_person_cue_inside_a_quote_is_not_a_second_claim(nlp: Any) -> None:
    text = "\u201cI think the ceasefire will not last,\u201d the envoy said."
    claims = claims_of(nlp, text)
    assert [c.cue for c in claims] == ["said"], [(c.cue, c.content.text) for c in claims]


def test_told_reporters_keeps_the_addressee_out_of_the_content(nlp: Any) -> None:
    c = by_cue(claims_of(nlp, "The mayor told reporters the city would hold."), "told")
    assert c.source.as_written == "The mayor"
    assert "reporters" not in c.content.text
    assert "the city would hold" in c.content.text


def test_quoted_as_saying_takes_the_passive_subject(nlp: Any) -> None:
    c = by_cue(claims_of(nlp, "The senator was quoted as saying that the war was lost."), "saying")
    assert c.source.as_written == "The senator"
    assert "the war was lost" in c.content.text


def test_reported_killed_is_not_a_source(nlp: Any) -> None:
    for c in claims_of(nlp, "Five soldiers reported killed in the east."):
        assert c.source.as_written == ""


def test_prepositional_content(nlp: Any) -> None:
    c = by_cue(claims_of(nlp, "The minister warned against a hasty withdrawal from the city."), "warned")
    assert c.content.text == "a hasty withdrawal from the city"
    c = by_cue(claims_of(nlp, "The rebels accused the army of shelling the market."), "accused")
    assert c.stance == "accuses"
    assert c.content.text == "shelling the market"


def test_as_clause_with_put_it(nlp: Any) -> None:
    c = by_cue(claims_of(nlp, "The front has not moved in weeks, as one officer put it."), "put")
    assert c.source.as_written == "one officer"
    assert "The front has not moved in weeks" in c.content.text


def test_cue_nouns_with_of_object_and_infinitive(nlp: Any) -> None:
    c = by_cue(claims_of(nlp, "Allegations of torture have dogged the unit for years."), "Allegations")
    assert c.content.text == "torture"
    assert c.stance == "accuses"
    claims = claims_of(nlp, "The ministry's pledge to rebuild the bridge was welcomed.")
    c = by_cue(claims, "pledge")
    assert c.content.text.endswith("rebuild the bridge")
    assert c.source.as_written == "The ministry"


def test_timestamp_line_is_not_the_source(nlp: Any) -> None:
    text = "Earlier news.\n\n12:15 p.m.\n\nThe governor says two bridges were destroyed overnight."
    c = by_cue(claims_of(nlp, text), "says")
    assert c.source.as_written == "The governor"


def test_transcript_speaker_frames_nested_cues(nlp: Any) -> None:
    text = '"HOST: I think the ceasefire is over, and I want to ask you about the convoy.\n'
    claims = claims_of(nlp, text)
    assert [c.source.as_written for c in claims] == ["HOST"], [(c.cue, c.content.text) for c in claims]


def test_signed_line_with_inner_quotes(nlp: Any) -> None:
    text = "\u201cThey call it \u201cliberation\u201d but we lost our homes.\u201d \u2015 Olena Marchenko\n"
    claims = claims_of(nlp, text)
    signed = [c for c in claims if c.source.as_written == "Olena Marchenko"]
    assert len(signed) == 1
    assert "we lost our homes" in signed[0].content.text
