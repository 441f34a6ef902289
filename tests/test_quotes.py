"""Quotation scanning: every kind of mark, bad typography, no runaway spans."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.extract.quotes import MAX_QUOTE_CHARS, find_quotes, group_pieces


def texts(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text)]


def test_straight_curly_guillemets_and_doubled_apostrophes() -> None:
    text = (
        'The mayor said "the bridge is gone." A colonel called it “a deliberate strike”. '
        "The envoy spoke of «a red line», and the wire wrote ``we will return'' in its report."
    )
    assert texts(text) == ["the bridge is gone.", "a deliberate strike", "a red line", "we will return"]
    assert all(q.closed and q.confidence >= 0.75 for q in find_quotes(text))


def test_outer_span_includes_the_marks() -> None:
    text = "He said “hold the line” twice."
    (q,) = find_quotes(text)
    assert text[q.outer_start : q.outer_end] == "“hold the line”"


def test_apostrophes_are_not_quotes() -> None:
    assert find_quotes("The army's convoy and the region's power plant weren't hit.") == []


def test_never_closing_quote_stops_at_paragraph_with_low_confidence() -> None:
    text = "The governor said “the shelling went on all night and nobody slept\n\nA second paragraph follows."
    (q,) = find_quotes(text)
    assert text[q.start : q.end] == "the shelling went on all night and nobody slept"
    assert not q.closed and q.confidence < 0.5 and "never closed" in q.reason


def test_very_long_quote_is_capped() -> None:
    body = "We will hold the line. " * 400
    text = "The commander said “" + body
    (q,) = find_quotes(text)
    assert q.end - q.start <= MAX_QUOTE_CHARS
    assert not q.closed and q.confidence < 0.5


def test_nested_quotes_keep_the_outer_quote() -> None:
    text = "She said “the order read «fall back» before dawn” and left."
    (q,) = find_quotes(text)
    assert text[q.start : q.end] == "the order read «fall back» before dawn"


def test_multi_paragraph_quote_is_one_group() -> None:
    text = "“The first paragraph of a long statement.\n\n“The second paragraph ends it,” the minister said."
    pieces = find_quotes(text)
    assert len(pieces) == 2 and pieces[1].continues
    assert len(group_pieces(text, pieces)) == 1


def test_interrupted_quote_is_one_group_of_two_parts() -> None:
    text = "“We will not retreat,” the general said, “whatever it costs.” Then he left."
    pieces = find_quotes(text)
    groups = group_pieces(text, pieces)
    assert len(groups) == 1 and [text[p.start : p.end] for p in groups[0]] == [
        "We will not retreat,",
        "whatever it costs.",
    ]


def test_separate_quotes_stay_separate() -> None:
    text = "“Yes,” she answered the first question. Much later, in another city, a driver shouted “no”."
    assert len(group_pieces(text, find_quotes(text))) == 2


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .,\n\"“”«»„‹›'`")), max_size=300))
def test_random_marks_never_crash_or_run_away(text: str) -> None:
    pieces = find_quotes(text)
    for q in pieces:
        assert 0 <= q.outer_start <= q.start <= q.end <= q.outer_end <= len(text)
        assert q.end - q.start <= MAX_QUOTE_CHARS
    group_pieces(text, pieces)
