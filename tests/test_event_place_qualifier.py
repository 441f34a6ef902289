"""A region named after a town ("Makiivka, Donetsk") says where the town is; it is not the event's place."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sitrep.model import Document
from sitrep.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("On 4 May, Ukrainian forces shelled Makiivka, Donetsk. Casualties unknown.", "Makiivka"),
        ("On 4 May, Russian forces shelled near Kupiansk, Kharkiv. Casualties unknown.", "Kupiansk"),
    ],
)
def test_the_town_not_its_region_is_the_event_place(pipeline: Pipeline, text: str, town: str) -> None:
    ex = pipeline.extract(Document.create(text, published=datetime(2022, 5, 10, tzinfo=UTC)))
    events = [e for e in ex.events if e.status == "occurred"]
    assert events, "a shelling is an event"
    place = events[0].place
    assert place is not None and place.name == town, place
    assert place.admin1 and place.admin1 in text


def test_a_town_missing_from_the_gazetteer_puts_the_event_in_its_region_not_at_the_capital(
    pipeline: Pipeline,
) -> None:
    text = "On 13 October, Russian forces shelled near Zolota Nyva, Donetsk. Casualties unknown."
    ex = pipeline.extract(Document.create(text, published=datetime(2022, 10, 14, tzinfo=UTC)))
    place = next(e.place for e in ex.events if e.status == "occurred" and e.place)
    assert place.geo_precision == 2 and place.feature == "admin1", place
    assert "Zolota Nyva" in place.reason


def test_a_sentence_opening_word_is_not_taken_for_a_town(pipeline: Pipeline) -> None:
    text = "Meanwhile, Donetsk was shelled on Monday, local officials said."
    ex = pipeline.extract(Document.create(text, published=datetime(2022, 10, 14, tzinfo=UTC)))
    place = next(e.place for e in ex.events if e.place)
    assert place.geo_precision == 1 and place.feature == "city", place


def test_a_name_read_as_a_person_before_its_region_is_the_event_place(pipeline: Pipeline) -> None:
    text = "On 2 March, Russian forces shelled near Staryi Burluk, Kharkiv region. Casualties unknown."
    ex = pipeline.extract(Document.create(text, published=datetime(2022, 3, 4, tzinfo=UTC)))
    place = next(e.place for e in ex.events if e.status == "occurred" and e.place)
    assert place.name == "Staryi Burluk" and place.admin1 == "Kharkiv", place


def test_a_city_and_its_district_is_the_event_place(pipeline: Pipeline) -> None:
    text = "On 2 March, Ukrainian forces shelled positions in Donetsk - Kyivskyi. Casualties unknown."
    ex = pipeline.extract(Document.create(text, published=datetime(2022, 3, 4, tzinfo=UTC)))
    place = next(e.place for e in ex.events if e.place)
    # the city, or the city district where the gazetteer knows it
    assert place.admin1 == "Donetsk" and place.country_code == "UA" and place.geo_precision == 1, place


def test_the_place_an_acled_note_says_the_event_is_coded_to(pipeline: Pipeline) -> None:
    text = (
        "On 2 March, Russian forces shelled the Kupianskyi district of the Kharkiv region "
        "(coded to Kupiansk). Casualties unknown."
    )
    ex = pipeline.extract(Document.create(text, published=datetime(2022, 3, 4, tzinfo=UTC)))
    place = next(e.place for e in ex.events if e.place)
    assert place.name == "Kupiansk" and place.geo_precision == 1, place
    assert "coded to" in place.reason
