"""Headline-style input: a document that is only a headline is read as the report itself.

Written for this project (no third-party text). Places and dates are left empty so the checks
depend only on the events code: cues in headline tense ("kills", "die"), headline tolls, and
the rule that a headline-like line is skipped only where a body follows it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from sitrep.evaluation.ucdp import predicted_fatalities
from sitrep.extract.events import build_stage
from sitrep.model import Document, Extraction
from sitrep.nlp import load_model
from sitrep.pipeline import DocContext
from sitrep.settings import Settings

PUBLISHED = datetime(2016, 4, 2, 12, 0)


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_model("en_core_web_sm")


def _events(nlp: Any, text: str) -> list[Any]:
    ctx = DocContext(
        document=Document.create(text, published=PUBLISHED), doc=nlp(text), settings=Settings.load()
    )
    build_stage(ctx.settings)(ctx)
    return ctx.events


@pytest.mark.parametrize(
    ("headline", "sub", "deaths"),
    [
        ("Artillery fire kills 4 in frontline village", "Shelling/artillery/missile attack", 4),
        ("Gunmen kill two police officers at roadblock", "Armed clash", 2),
        ("Two soldiers die in mine blast", "Remote explosive/landmine/IED", 2),
        ("Border guard killed in cross-border raid", "Armed clash", 1),
        ("Mortar Shelling Kills Three Farmers", "Shelling/artillery/missile attack", 3),
        ("Two KIA, one WIA as frontline attacks go on", "Armed clash", 2),
        ("Shellings leave 6 dead in eastern suburbs", "Shelling/artillery/missile attack", 6),
    ],
)
def test_a_headline_alone_is_an_event_with_its_toll(nlp: Any, headline: str, sub: str, deaths: int) -> None:
    evs = [e for e in _events(nlp, headline) if e.status == "occurred"]
    assert len(evs) == 1, (headline, [(e.sub_event_type, e.status) for e in evs])
    assert evs[0].sub_event_type == sub
    assert evs[0].fatalities == deaths


def test_a_headline_over_a_body_is_not_counted_twice(nlp: Any) -> None:
    text = "Shelling kills 3 in frontline town\n\nShelling killed three people in the town on Friday, officials said."
    evs = _events(nlp, text)
    assert len(evs) == 1
    assert evs[0].evidence[0].text.startswith("Shelling killed three")


def test_headlines_without_violence_yield_nothing(nlp: Any) -> None:
    assert _events(nlp, "Leaders meet to discuss grain exports") == []
    assert _events(nlp, "Soldier died of natural causes at base") == []


def test_a_headline_event_without_a_toll_reports_zero_deaths(nlp: Any) -> None:
    def extraction(text: str) -> Extraction:
        return Extraction(document=Document.create(text, published=PUBLISHED), events=_events(nlp, text))

    assert predicted_fatalities(extraction("Rebels attack army positions overnight")) == (0, False)
    assert predicted_fatalities(extraction("Rocket attack kills 5 near the airport")) == (5, True)
    assert predicted_fatalities(extraction("Leaders meet to discuss grain exports")) == (None, False)


def _place(text: str, name: str) -> Any:
    from sitrep.model import Place, Span

    start = text.index(name)
    return Place(
        span=Span(start, start + len(name), name),
        name=name,
        canonical=name,
        country="Ukraine",
        country_code="UA",
        admin1=name,
        latitude=48.0,
        longitude=37.0,
        geo_precision=1,
        feature="city",
        resolved=True,
        reason="test gazetteer",
    )


@pytest.mark.parametrize(
    ("headline", "names", "expected"),
    [
        ("Three soldiers killed in clashes near Bakhmut: Kyiv military", ["Bakhmut", "Kyiv"], "Bakhmut"),
        ("Two soldiers killed in clashes - Kyiv", ["Kyiv"], None),
        ("Kyiv troops shell village, killing two", ["Kyiv"], None),
        ("Clashes kill 12 on the eve of Minsk peace talks", ["Minsk"], None),
        ("Shelling kills 3 in Kyiv", ["Kyiv"], "Kyiv"),
    ],
)
def test_a_place_naming_an_actor_or_the_source_is_not_the_location(
    nlp: Any, headline: str, names: list[str], expected: str | None
) -> None:
    ctx = DocContext(
        document=Document.create(headline, published=PUBLISHED), doc=nlp(headline), settings=Settings.load()
    )
    ctx.places = [_place(headline, n) for n in names]
    build_stage(ctx.settings)(ctx)
    (ev,) = [e for e in ctx.events if e.status == "occurred"]
    got = ev.place.name if ev.place and ev.place.feature != "country" else None
    assert got == expected


@pytest.mark.parametrize(
    ("text", "kind", "count", "who"),
    [
        ("Border guard killed at crossing", "killed", 1, "guard"),
        ("Mortar fire kills militia fighter near airport", "killed", 1, "fighter"),
        ("Volunteer medic fatally wounded in the north", "killed", 1, "medic"),
        ("Three rescuers die as shells hit depot", "killed", 3, "rescuers"),
        ("Blast at depot claims 12 lives", "killed", 12, None),
        ("UPDATE 3-Dozens killed as fighting spreads", "killed", 12, None),
        ("Two KIA, one WIA as attacks go on", "injured", 1, "servicemen"),
        ("Death toll from port shelling rises to nine", "killed", 9, None),
        ("Market strike death toll climbs to 11, officials say", "killed", 11, None),
        ("The toll has risen to 14", "killed", 14, None),
    ],
)
def test_headline_tolls(text: str, kind: str, count: int, who: str | None) -> None:
    from sitrep.extract.casualties import find_casualties

    found = [c for c in find_casualties(text) if c.kind == kind]
    assert found, text
    assert (found[0].count_min, found[0].who) == (count, who)
    assert found[0].span is not None and text[found[0].span.start : found[0].span.end] == found[0].span.text


def test_a_one_line_report_with_a_full_stop_takes_its_calendar_date(nlp: Any) -> None:
    """A register-style line ("X killed ... on Dec 1, 2021.") ends with a full stop but is still a
    headline: the one calendar date it names is the event's, not its publication day."""
    from sitrep.extract.dates import extract_dates

    text = "22y.o. Ivan Sample killed by enemy sniper near a frontline village on Mar 29, 2016."
    ctx = DocContext(
        document=Document.create(text, published=PUBLISHED), doc=nlp(text), settings=Settings.load()
    )
    ctx.dates = extract_dates(ctx.doc, PUBLISHED.date())
    build_stage(ctx.settings)(ctx)
    (ev,) = [e for e in ctx.events if e.status == "occurred"]
    assert (ev.event_date, ev.time_precision) == (datetime(2016, 3, 29).date(), 1)


@pytest.mark.parametrize(
    ("headline", "sub"),
    [
        # present-tense fire on positions, a plural subject with "shell", "came under fire", "down"
        (
            "Rebel forces fire on army positions 14 times over past 24 hours",
            "Shelling/artillery/missile attack",
        ),
        ("Government troops shell separatist town four times in a day", "Shelling/artillery/missile attack"),
        ("Army convoy comes under fire near the border village", "Armed clash"),
        ("Patrol came under fire outside the town", "Armed clash"),
        ("Separatists down army helicopter near the city", None),
    ],
)
def test_headline_cues_without_a_toll(nlp: Any, headline: str, sub: str | None) -> None:
    evs = [e for e in _events(nlp, headline) if e.status == "occurred"]
    assert len(evs) == 1, (headline, [(e.sub_event_type, e.status) for e in evs])
    assert sub is None or evs[0].sub_event_type == sub
    assert evs[0].fatalities in (0, None)


@pytest.mark.parametrize(
    "headline",
    [
        "Bank shares came under heavy fire from investors",  # a figure of speech: no armed subject
        "Army denies shelling the town",
        "Rebels could strike the city, army warns",
        "Army vows to punish rebels",
    ],
)
def test_headline_cues_keep_metaphor_denial_and_threat_out(nlp: Any, headline: str) -> None:
    assert [e for e in _events(nlp, headline) if e.status == "occurred"] == []


def test_a_denial_after_a_semicolon_answers_the_headline_report(nlp: Any) -> None:
    # in a headline the denial is the other side's claim: the report stands
    evs = _events(nlp, "Dozens killed in attack on bus, army says; separatists deny firing rocket")
    assert [e.status for e in evs] == ["occurred"]
    assert evs[0].fatalities == 12
    # in running text the clause may retell an event told before: the denial still holds
    text = "Officials said two civilians were killed in that raid; the army denied any involvement."
    assert [e for e in _events(nlp, text) if e.status == "occurred"] == []


def test_a_comparative_since_is_no_running_tally(nlp: Any) -> None:
    # "bloodiest day since March" compares: the toll is this event's
    evs = [
        e for e in _events(nlp, "Five soldiers killed in bloodiest day since March") if e.status == "occurred"
    ]
    assert [e.fatalities for e in evs] == [5]
    # "killed since March" is a running tally: no event of its own
    assert [e for e in _events(nlp, "Five soldiers killed since March") if e.status == "occurred"] == []


@pytest.mark.parametrize(
    ("headline", "deaths"),
    [
        ("Death toll from market bombing rises to 7: police", 7),
        ("Civilian toll from weekend raid tops 30, governor says", 30),
        ("Many dead at crash site of downed cargo plane", None),
    ],
)
def test_a_toll_that_rises_is_a_report_of_the_event(nlp: Any, headline: str, deaths: int | None) -> None:
    evs = [e for e in _events(nlp, headline) if e.status == "occurred"]
    assert len(evs) == 1, headline
    if deaths is not None:
        assert evs[0].fatalities == deaths


@pytest.mark.parametrize(
    "headline",
    [
        "Death toll in eastern conflict rises to 6,000, UN says",
        "Death toll since the war began tops 9,000",
        "Highway toll rises to 3 euros for trucks",
    ],
)
def test_a_war_wide_tally_or_a_road_toll_is_no_event(nlp: Any, headline: str) -> None:
    assert [e for e in _events(nlp, headline) if e.status == "occurred"] == []
