"""Date phrases resolved against the publication date, and left unresolved without one."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from sitrep.evaluation.timebank import timex_value, values_match
from sitrep.extract.date_rules import reporting_quarter, resolve
from sitrep.model import DateMention, Document, Span
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


@pytest.mark.parametrize(
    ("phrase", "start", "end"),
    [
        ("the weekend", date(2024, 3, 2), date(2024, 3, 3)),  # the most recent weekend before a Friday
        ("the first half of 2023", date(2023, 1, 1), date(2023, 6, 30)),
        ("the second half of next year", date(2025, 7, 1), date(2025, 12, 31)),
        ("the '70s", date(1970, 1, 1), date(1979, 12, 31)),
        ("next year or so", date(2025, 1, 1), date(2025, 12, 31)),
        ("the fiscal first quarter", date(2024, 1, 1), date(2024, 3, 31)),
    ],
)
def test_periods(phrase: str, start: date, end: date) -> None:
    r = resolve(phrase, FRIDAY)
    assert r is not None and (r.start, r.end) == (start, end), r


def test_weekend_in_future_context_is_the_next_one() -> None:
    r = resolve("the weekend", FRIDAY, tense="future")
    assert r is not None and (r.start, r.end) == (date(2024, 3, 9), date(2024, 3, 10))


def test_financial_report_periods_follow_the_report_quarter() -> None:
    pub = date(1995, 11, 2)
    text = "Profit in the third quarter rose to 40 cents a share from 30 cents a year earlier."
    focus = reporting_quarter(text, pub)
    assert focus == (1995, 3)
    ago = resolve("a year earlier", pub, focus=focus)
    assert ago is not None and (ago.start, ago.end) == (date(1994, 7, 1), date(1994, 9, 30))
    assert "a year earlier" in ago.reason
    period = resolve("the latest period", pub, focus=focus)
    assert period is not None and period.start == date(1995, 7, 1)
    # Without a report quarter "a year ago" is the previous year, and other texts have no focus.
    plain = resolve("a year ago", pub)
    assert plain is not None and (plain.start, plain.end) == (date(1994, 1, 1), date(1994, 12, 31))
    assert reporting_quarter("Shelling hit the old quarter of the city.", pub) is None
    assert reporting_quarter("The rebels held a share of the province a year ago.", pub) is None
    # Quarterly figures without a named quarter: the last quarter ended before publication.
    assert reporting_quarter("Quarterly sales fell.", pub) == (1995, 3)


def test_stage_reads_a_financial_report(pipeline: Pipeline) -> None:
    text = "The company said net income in the third quarter fell to 5 cents a share from 9 cents a year ago."
    found = {d.phrase: d for d in dates(pipeline, text, datetime(1995, 10, 20))}
    assert found["a year ago"].start == date(1994, 7, 1) and found["a year ago"].end == date(1994, 9, 30)


def test_quarter_of_a_town_is_not_a_date(pipeline: Pipeline) -> None:
    found = dates(
        pipeline, "Shells fell on the Christian quarter and the quarter near the port.", datetime(2024, 3, 8)
    )
    assert not [d for d in found if d.resolved]


def test_stage_splits_two_dates_in_one_span(pipeline: Pipeline) -> None:
    text = "The fund bought shares from Sept. 14 to Oct. 2 at various prices."
    found = [d for d in dates(pipeline, text, datetime(1995, 10, 20)) if d.resolved]
    assert [(d.phrase, d.start) for d in found] == [
        ("Sept. 14", date(1995, 9, 14)),
        ("Oct. 2", date(1995, 10, 2)),
    ]


def test_infinitive_under_a_scheduling_verb_is_future(pipeline: Pipeline) -> None:
    found = dates(pipeline, "Talks are set to resume on Monday.", datetime(2024, 3, 8))
    assert [d.start for d in found if d.resolved] == [date(2024, 3, 11)]


@pytest.mark.parametrize(
    ("gold", "predicted", "agree"),
    [
        ("1989-WXX", "1989-W43", True),  # gold leaves the week open
        ("1989-W43", "1989-WXX", False),  # never loosened the other way
        ("1989-QX", "1989-Q3", True),
        ("1989-Q3", "1989-Q4", False),
        ("199X", "199", True),  # TimeBank's and TimeML 1.2's spelling of a decade
        ("19XX", "19", True),
        ("1990-XX-XX", "1990", False),  # a day is not a year
        ("1989-10", "1989-10", True),
        ("1989-10", None, False),
    ],
)
def test_timeml_values_match(gold: str, predicted: str | None, agree: bool) -> None:
    assert values_match(gold, predicted) is agree


@pytest.mark.parametrize(
    ("start", "end", "value"),
    [
        (date(1989, 7, 1), date(1989, 9, 30), "1989-Q3"),
        (date(1989, 6, 1), date(1989, 8, 31), "1989-SU"),
        (date(1989, 10, 21), date(1989, 10, 22), "1989-W42-WE"),
        (date(1989, 7, 1), date(1989, 12, 31), "1989-H2"),
        (date(1980, 1, 1), date(1989, 12, 31), "198"),
    ],
)
def test_timex_rendering(start: date, end: date, value: str) -> None:
    phrase = "the second half" if value.endswith("H2") else "the period"
    mention = DateMention(Span(0, len(phrase), phrase), phrase, start=start, end=end, time_precision=3,
                          kind="range", resolved=True)  # fmt: skip
    assert timex_value(mention) == value


def test_the_past_day_is_the_day_up_to_publication(pipeline: Pipeline) -> None:
    pub = datetime(2015, 1, 10, 9, 0)
    (d,) = [
        d
        for d in dates(pipeline, "Five soldiers killed, 12 wounded in past day, the army said.", pub)
        if d.resolved
    ]
    assert (d.start, d.end, d.time_precision) == (date(2015, 1, 9), date(2015, 1, 10), 1)
    # "the last day of his life" names no period up to publication
    assert not any(d.resolved for d in dates(pipeline, "He spent the last day of his life at home.", pub))


def test_a_morning_report_covers_the_day_before(pipeline: Pipeline) -> None:
    pub = datetime(2018, 6, 27, 9, 0)
    (d,) = [
        d
        for d in dates(pipeline, "Situation update, east of the country as of morning, June 27, 2018", pub)
        if d.resolved
    ]
    assert (d.start, d.end) == (date(2018, 6, 26), date(2018, 6, 27))
    assert "morning" in d.reason
    # the same date without a morning cut-off is that day
    (d,) = [d for d in dates(pipeline, "The talks ended on June 27, 2018.", pub) if d.resolved]
    assert d.start == date(2018, 6, 27)
