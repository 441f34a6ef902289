"""Date phrases resolved against the publication date, and left unresolved without one."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from sitrep.extract.date_rules import resolve
from sitrep.model import DateMention, Document
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings

FRIDAY = date(2024, 3, 8)


@pytest.mark.parametrize(
    ("phrase", "start", "end", "precision", "kind"),
    [
        ("on Thursday", date(2024, 3, 7), date(2024, 3, 7), 1, "point"),
        ("Friday", FRIDAY, FRIDAY, 1, "point"),  # same weekday as publication: that day
        ("last Friday", date(2024, 3, 1), date(2024, 3, 1), 1, "point"),
        ("just before dawn on Thursday", date(2024, 3, 7), date(2024, 3, 7), 1, "point"),
        ("Thursday night", date(2024, 3, 7), date(2024, 3, 7), 1, "point"),
        ("yesterday", date(2024, 3, 7), date(2024, 3, 7), 1, "point"),
        ("overnight", date(2024, 3, 7), FRIDAY, 1, "range"),
        ("over the last 24 hours", date(2024, 3, 7), FRIDAY, 1, "range"),
        ("last week", date(2024, 2, 26), date(2024, 3, 3), 2, "range"),
        ("earlier this month", date(2024, 3, 1), FRIDAY, 3, "range"),
        ("since August", date(2023, 8, 1), FRIDAY, 3, "since"),
        ("since February 24, 2022", date(2022, 2, 24), FRIDAY, 1, "since"),
        ("March 6", date(2024, 3, 6), date(2024, 3, 6), 1, "point"),
        ("24 February 2022", date(2022, 2, 24), date(2022, 2, 24), 1, "point"),
        ("August 2022", date(2022, 8, 1), date(2022, 8, 31), 3, "range"),
        ("three days ago", date(2024, 3, 5), date(2024, 3, 5), 1, "point"),
        ("last month", date(2024, 2, 1), date(2024, 2, 29), 3, "range"),
        ("today", FRIDAY, FRIDAY, 1, "point"),
    ],
)
def test_resolves_against_publication_date(
    phrase: str, start: date, end: date, precision: int, kind: str
) -> None:
    r = resolve(phrase, FRIDAY)
    assert r is not None, phrase
    assert (r.start, r.end, r.precision, r.kind) == (start, end, precision, kind)
    assert r.reason


def test_future_context_takes_the_next_weekday() -> None:
    r = resolve("Thursday", FRIDAY, tense="future")
    assert r is not None and r.start == date(2024, 3, 14)


def test_year_of_a_date_without_year_follows_the_tense() -> None:
    past = resolve("Dec. 30", FRIDAY, tense="past")
    assert past is not None and past.start == date(2023, 12, 30)
    january = date(2024, 1, 10)
    future = resolve("Sept. 1", january, tense="future")
    assert future is not None and future.start == date(2024, 9, 1)
    plain = resolve("Sept. 1", january)
    assert plain is not None and plain.start == date(2023, 9, 1) and "nearest" in plain.reason


def test_stage_reads_tense_from_the_parse(pipeline: Pipeline) -> None:
    found = dates(pipeline, "The minister will visit Kyiv on Tuesday. Troops attacked the village on Tuesday.",
                  datetime(2024, 3, 8))  # fmt: skip
    assert [d.start for d in found] == [date(2024, 3, 12), date(2024, 3, 5)]


@pytest.mark.parametrize(
    "phrase", ["on Thursday", "yesterday", "last week", "since August", "March 6", "overnight"]
)
def test_relative_phrases_stay_unresolved_without_publication_date(phrase: str) -> None:
    r = resolve(phrase, None)
    assert r is not None and r.start is None and r.kind == "unresolved"
    assert "no publication date" in r.reason


def test_explicit_date_with_year_needs_no_publication_date() -> None:
    r = resolve("24 February 2022", None)
    assert r is not None and r.start == date(2022, 2, 24)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(Settings.load(), stages=["dates"])


def dates(pipeline: Pipeline, text: str, published: datetime | None) -> list[DateMention]:
    return pipeline.extract(Document.create(text, published=published)).dates


def test_stage_finds_phrases_ner_misses(pipeline: Pipeline) -> None:
    text = "Russian forces shelled the town overnight. Since August, fighting has intensified."
    found = dates(pipeline, text, datetime(2024, 3, 8, 9, 30))
    phrases = {d.phrase.lower(): d for d in found}
    assert "overnight" in phrases and phrases["overnight"].start == date(2024, 3, 7)
    assert "since august" in phrases and phrases["since august"].kind == "since"
    for d in found:
        assert text[d.span.start : d.span.end] == d.phrase


def test_stage_without_publication_date_never_substitutes_it(pipeline: Pipeline) -> None:
    found = dates(pipeline, "A missile hit the city on Thursday.", None)
    assert found and all(not d.resolved and d.start is None for d in found)
    assert "no publication date" in found[0].reason


def test_durations_and_ages_are_not_dates(pipeline: Pipeline) -> None:
    found = dates(pipeline, "The 45-year-old spent three years in prison.", datetime(2024, 3, 8))
    assert not [d for d in found if d.resolved]
