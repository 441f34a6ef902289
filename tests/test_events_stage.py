"""The events stage end to end on a project-written article, with places and dates supplied by hand.

The places and dates here are built in the test (not by the places/dates stages), so these
checks depend only on the events code: ids, merging, the place and date fallbacks and their
reasons, casualties with aggregates kept apart, weapons, targets, actors and evidence spans.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from sitrep.extract.events import build_stage
from sitrep.model import DateMention, Document, Place, Span
from sitrep.nlp import load_model
from sitrep.pipeline import DocContext
from sitrep.settings import Settings

ARTICLE = (
    "Russian forces launched a wave of missiles at Kharkiv early on Tuesday, "
    "killing at least four civilians and damaging a power substation and a hospital.\n\n"
    "Ukraine's air force said its air defences shot down 20 of 28 Shahed drones, "
    "but three Kalibr missiles got through.\n\n"
    "The strikes were the heaviest since the start of the war, officials said, "
    "adding that more than 1,200 civilians have been killed in the region since February 2022.\n\n"
    "Separately, Ukrainian troops repelled an assault near Kupiansk.\n\n"
    "Moscow denied shelling civilian areas."
)
PUBLISHED = datetime(2023, 5, 17, 9, 0)


def _place(text: str, name: str, lat: float, lon: float, admin1: str) -> Place:
    start = text.index(name)
    return Place(
        span=Span(start, start + len(name), name),
        name=name,
        canonical=name,
        country="Ukraine",
        country_code="UA",
        admin1=admin1,
        latitude=lat,
        longitude=lon,
        geo_precision=1,
        feature="city",
        reason="test gazetteer",
    )


@pytest.fixture(scope="module")
def events() -> list[Any]:
    nlp = load_model("en_core_web_sm")
    doc = nlp(ARTICLE)
    ctx = DocContext(
        document=Document.create(ARTICLE, published=PUBLISHED), doc=doc, settings=Settings.load()
    )
    ctx.places = [
        _place(ARTICLE, "Kharkiv", 49.99, 36.23, "Kharkiv"),
        _place(ARTICLE, "Kupiansk", 49.71, 37.61, "Kharkiv"),
    ]
    tue = ARTICLE.index("early on Tuesday")
    ctx.dates = [
        DateMention(
            span=Span(tue, tue + len("early on Tuesday"), "early on Tuesday"),
            phrase="early on Tuesday",
            start=date(2023, 5, 16),
            end=date(2023, 5, 16),
            time_precision=1,
        )
    ]
    build_stage(ctx.settings)(ctx)
    return ctx.events


def _one(events: list[Any], sub: str) -> Any:
    found = [e for e in events if e.sub_event_type == sub and e.status == "occurred"]
    assert len(found) == 1, [(e.sub_event_type, e.status) for e in events]
    return found[0]


def test_ids_and_evidence(events: list[Any]) -> None:
    doc_id = Document.create(ARTICLE).id
    assert [e.id for e in events] == [f"{doc_id}:e{i}" for i in range(1, len(events) + 1)]
    for e in events:
        assert e.evidence and all(ARTICLE[s.start : s.end] == s.text for s in e.evidence)
        assert 0.0 < e.confidence <= 1.0
        assert e.reasons["event_type"] and e.reasons["place"] and e.reasons["date"]


def test_missile_strike(events: list[Any]) -> None:
    strike = _one(events, "Shelling/artillery/missile attack")
    assert strike.event_type == "Explosions/Remote violence"
    assert strike.place is not None and strike.place.name == "Kharkiv"
    assert strike.event_date == date(2023, 5, 16) and strike.time_precision == 1
    assert strike.actor1 is not None and strike.actor1.name == "Military Forces of Russia"
    assert (strike.fatalities, strike.fatalities_min) == (4, 4)
    assert strike.fatalities_max is None  # "at least": no upper bound
    assert {t.kind for t in strike.targets} >= {"energy infrastructure", "medical"}
    assert any(w.system == "Kalibr" for w in strike.weapons)
    row = strike.acled_row()
    assert (
        row["event_type"] == "Explosions/Remote violence"
        and row["fatalities"] == 4
        and row["admin1"] == "Kharkiv"
    )


def test_interception_apart_with_inherited_date(events: list[Any]) -> None:
    dwu = _one(events, "Disrupted weapons use")
    assert dwu.actor1 is not None and dwu.actor1.name == "Military Forces of Ukraine"
    assert any(w.system == "Shahed" and w.count == 28 for w in dwu.weapons)
    assert dwu.fatalities == 0


def test_battle_and_negation(events: list[Any]) -> None:
    clash = _one(events, "Armed clash")
    assert clash.place is not None and clash.place.name == "Kupiansk"
    assert "report date" in clash.reasons["date"] and clash.time_precision == 2
    assert clash.event_date == PUBLISHED.date()
    # "Moscow denied shelling civilian areas" is not an event
    assert not any("denied" in s.text for e in events if e.status == "occurred" for s in e.evidence)


def test_aggregate_tally_not_attached(events: list[Any]) -> None:
    for e in events:
        if e.status == "occurred":
            assert (e.fatalities or 0) < 1200


def _dated(text: str, phrase: str, day: date, precision: int = 1) -> DateMention:
    at = text.index(phrase)
    return DateMention(
        span=Span(at, at + len(phrase), phrase), phrase=phrase, start=day, end=day, time_precision=precision
    )


def _run(text: str, dates: list[DateMention]) -> list[Any]:
    ctx = DocContext(
        document=Document.create(text, published=PUBLISHED),
        doc=load_model("en_core_web_sm")(text),
        settings=Settings.load(),
    )
    ctx.places = [
        _place(text, name, lat, lon, "Kharkiv")
        for name, lat, lon in (("Kharkiv", 49.99, 36.23), ("Kupiansk", 49.71, 37.61), ("Izium", 49.21, 37.25))
        if name in text
    ]
    ctx.dates = dates
    build_stage(ctx.settings)(ctx)
    return [e for e in ctx.events if e.status == "occurred"]


def test_a_sentence_without_a_date_takes_the_day_named_earlier_in_its_paragraph() -> None:
    text = (
        "Missiles struck Kharkiv before dawn on Tuesday, killing two people. "
        "Later, Ukrainian troops clashed with Russian units near Kupiansk.\n\n"
        "Separately, a drone hit a fuel depot in Izium."
    )
    got = {
        e.sub_event_type: e for e in _run(text, [_dated(text, "before dawn on Tuesday", date(2023, 5, 16))])
    }
    clash = got["Armed clash"]  # same paragraph, no date of its own: Tuesday
    assert clash.event_date == date(2023, 5, 16) and clash.time_precision == 1
    assert "earlier in the same paragraph" in clash.reasons["date"]
    drone = got["Air/drone strike"]  # another paragraph: the report date, at week precision
    assert drone.event_date == PUBLISHED.date() and drone.time_precision == 2


def test_an_old_or_vague_date_earlier_in_the_paragraph_is_not_taken() -> None:
    text = (
        "Russian missiles struck Kharkiv on 4 May, residents recall. "
        "Ukrainian troops clashed with Russian units near Kupiansk."
    )
    old = _dated(text, "on 4 May", date(2023, 5, 4))  # 13 days before the report: background
    (clash,) = [e for e in _run(text, [old]) if e.sub_event_type == "Armed clash"]
    assert clash.event_date == PUBLISHED.date() and "report date" in clash.reasons["date"]
