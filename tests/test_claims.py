"""Attributed claims, denials and quotes, on sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from sitrep.extract.claims import build_stage, extract_claims
from sitrep.model import Casualty, Document, Event, Span
from sitrep.pipeline import DocContext
from sitrep.settings import Settings


@pytest.fixture(scope="module")
def nlp() -> Any:
    from sitrep.nlp import load_model

    try:
        return load_model(Settings.load().model)
    except Exception as exc:  # pragma: no cover - model missing on this machine
        pytest.skip(f"spaCy model not installed: {exc}")


def run(nlp: Any, text: str, doc_id: str = "t") -> tuple[list[Any], list[Any]]:
    return extract_claims(nlp(text), doc_id)


def only(claims: list[Any], cue: str) -> Any:
    hits = [c for c in claims if c.cue.split()[-1] == cue]
    assert len(hits) == 1, [(c.cue, c.content.text) for c in claims]
    return hits[0]


def test_reported_speech_with_source_cue_content_and_stance(nlp: Any) -> None:
    text = "The regional governor said that two schools were damaged in the overnight shelling."
    claims, quotes = run(nlp, text)
    c = only(claims, "said")
    assert c.source.as_written == "The regional governor"
    assert c.content.text == "that two schools were damaged in the overnight shelling"
    assert text[c.content.start : c.content.end] == c.content.text
    assert c.stance == "asserts" and not c.direct
    assert c.id == "t:c1" and c.reason and 0 < c.confidence <= 1
    assert quotes == []


@pytest.mark.parametrize(
    ("sentence", "cue", "stance"),
    [
        ("The defence ministry denied that its aircraft had struck the market.", "denied", "denies"),
        ("Local officials confirmed that the dam had been breached.", "confirmed", "confirms"),
        ("The prosecutor accused the battalion of executing prisoners.", "accused", "accuses"),
        ("The navy disputed that any vessel had been lost.", "disputed", "disputes"),
        ("The garrison vowed to hold the airport.", "vowed", "asserts"),
    ],
)
def test_stances(nlp: Any, sentence: str, cue: str, stance: str) -> None:
    claims, _ = run(nlp, sentence)
    assert only(claims, cue).stance == stance


def test_according_to(nlp: Any) -> None:
    claims, _ = run(nlp, "Four people were wounded in the port, according to the city council.")
    c = only(claims, "to")
    assert c.source.as_written == "the city council"
    assert c.content.text.startswith("Four people were wounded")


def test_direct_quote_and_speaker(nlp: Any) -> None:
    text = "“Our air defences shot down eleven drones,” Colonel Mykola Hrytsenko said on Sunday."
    claims, quotes = run(nlp, text)
    c = only(claims, "said")
    assert c.direct and "eleven drones" in c.content.text
    (q,) = quotes
    assert q.id == "t:q1" and q.text == "Our air defences shot down eleven drones,"
    assert q.speaker is not None and "Hrytsenko" in (q.speaker.body or "")


def test_interrupted_quote_has_two_spans_and_one_speaker(nlp: Any) -> None:
    text = "“The village is surrounded,” the commander told reporters, “but we still hold the school.”"
    _, quotes = run(nlp, text)
    (q,) = quotes
    assert [s.text for s in q.spans] == ["The village is surrounded,", "but we still hold the school."]
    assert all(text[s.start : s.end] == s.text for s in q.spans)
    assert q.speaker is not None and "commander" in q.speaker.as_written


def test_pronoun_resolves_to_the_named_source(nlp: Any) -> None:
    text = (
        "General Taras Bondar said the bridge near the depot was destroyed. "
        "He added that two soldiers were wounded in the raid."
    )
    claims, _ = run(nlp, text)
    added = only(claims, "added")
    assert added.source.as_written == "He"
    assert added.source.body == "Taras Bondar"
    assert "pronoun" in added.source.reason


def test_role_noun_resolves_to_the_earlier_body(nlp: Any) -> None:
    text = (
        "The Ruritanian Defence Ministry said its units had left the ridge. "
        "The ministry added that the withdrawal was planned."
    )
    claims, _ = run(nlp, text)
    added = only(claims, "added")
    assert "Ruritanian" in (added.source.body or "")


def test_metonym_capital_groups_under_its_government(nlp: Any) -> None:
    claims, _ = run(nlp, "Kyiv argues that the strikes serve no military purpose.")
    assert only(claims, "argues").source.name == "Government of Ukraine"


def test_bad_quotes_do_not_crash_and_lower_confidence(nlp: Any) -> None:
    text = "The spokesman said “the convoy was never attacked and the reports are invented\n\nNothing else."
    claims, quotes = run(nlp, text)
    assert quotes and quotes[0].confidence < 0.5
    assert all(len(q.text) < 200 for q in quotes)


def test_stage_links_claims_to_events_and_credits_the_source(nlp: Any) -> None:
    text = "Officials in the town said the night raid killed at least three civilians. The weather was cold."
    doc = nlp(text)
    sent_end = text.index(".") + 1
    evidence = Span(0, sent_end, text[:sent_end])
    fig = text.index("at least three civilians")
    casualty = Casualty(kind="killed", count_min=3, span=Span(fig, fig + 24, text[fig : fig + 24]))
    event = Event(
        id="t:e1",
        doc_id="t",
        event_type="Violence against civilians",
        sub_event_type="Attack",
        evidence=[evidence],
        casualties=[casualty],
    )
    document = Document.create(text)
    ctx = DocContext(document=document, doc=doc, settings=Settings.load(), events=[event])
    stage = build_stage(ctx.settings)
    assert stage.name == "claims" and stage.provides == ("claims", "quotes")
    stage(ctx)
    c = only(ctx.claims, "said")
    assert c.id == f"{document.id}:c1"
    assert c.event_ids == ["t:e1"]
    assert event.attributed_to and "Officials" in event.attributed_to
    assert casualty.source == event.attributed_to


@pytest.mark.parametrize(
    "text",
    [
        "",
        '"',
        "“““",
        "« » «",
        'He said: "',
        '""""said"""',
        "According to.",
        "— Name",
        "X: y",
        "“" + "word " * 3000,
    ],
)
def test_odd_input_never_crashes(nlp: Any, text: str) -> None:
    claims, quotes = run(nlp, text)
    for q in quotes:
        assert all(len(s.text) <= 2000 for s in q.spans)
        assert q.confidence < 0.5
    assert all(c.content.text == text[c.content.start : c.content.end] for c in claims)
