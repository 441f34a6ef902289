"""A place name that names a side, a speaker or a unit stays a mention but is not a location."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from gazetteer_helpers import gazetteer_dir

from sitrep.model import Document, Place
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings


@pytest.fixture(scope="module")
def places_only() -> Pipeline:
    return Pipeline(Settings.load(data_dir=str(gazetteer_dir())), stages=["places"])


def _places(pipeline: Pipeline, text: str) -> list[Place]:
    return pipeline.extract(Document.create(text, published=datetime(2015, 3, 8, tzinfo=UTC))).places


def _named(found: list[Place], name: str) -> Place:
    hits = [p for p in found if p.name == name]
    assert hits, f"{name} not found in {[p.name for p in found]}"
    return hits[0]


@pytest.mark.parametrize(
    ("text", "name", "why"),
    [
        ("Pro-Russia militants attacked a checkpoint near Sloviansk on Friday.", "Russia", "side"),
        ("Shelling by Russia-backed fighters hit Avdiivka overnight.", "Russia", "backs, leads"),
        ("Two soldiers died as Moscow-led units stormed Pisky.", "Moscow", "backs, leads"),
        ("Kyiv says three soldiers were killed near Mariupol.", "Kyiv", "speaker"),
        ("The mayor blamed Russia for the shelling of Kramatorsk.", "Russia", "blamed"),
        ("Kramatorsk officials blamed the deaths on Russia.", "Russia", "blamed"),
        ("Three civilians died in Russia's war near Bakhmut, officials said.", "Russia", "aggressor"),
        ("Shelling of Horlivka was raised at the Moscow peace talks.", "Moscow", "negotiation"),
        ("Fighters of the Azov battalion held positions near Mariupol.", "Azov", "unit"),
    ],
)
def test_a_side_speaker_or_unit_is_a_mention_but_not_a_location(
    places_only: Pipeline, text: str, name: str, why: str
) -> None:
    found = _places(places_only, text)
    p = _named(found, name)
    assert not p.resolved, p
    assert p.latitude is not None, "kept with its coordinates: geoparsing gold counts such modifiers"
    assert why in p.reason and "left unresolved as an event location" in p.reason, p.reason
    others = [q for q in found if q.name != name and q.resolved]
    assert others and all(q.country_code == "UA" for q in others), others


def test_a_pair_of_states_is_neither_place(places_only: Pipeline) -> None:
    found = _places(places_only, "Talks on the Russia-Ukraine border crossing stalled on Monday.")
    for name in ("Russia", "Ukraine"):
        p = _named(found, name)
        assert not p.resolved and "pair of states" in p.reason, p


def test_a_country_as_its_own_speaker_or_a_city_as_a_place_stays_resolved(places_only: Pipeline) -> None:
    found = _places(places_only, "Ukraine says two soldiers were killed in Russia's Belgorod region.")
    assert _named(found, "Ukraine").resolved  # the country's own name still says which country
    found = _places(places_only, "Four troops reported killed in Ukraine's war-torn east.")
    assert _named(found, "Ukraine").resolved
    found = _places(places_only, "Two soldiers were killed, a day before new Ukraine peace talks.")
    assert _named(found, "Ukraine").resolved  # talks about the country, not named after a venue
    found = _places(places_only, "Protesters gathered in Moscow on Sunday.")
    assert _named(found, "Moscow").resolved


def test_a_self_proclaimed_republic_is_its_region(places_only: Pipeline) -> None:
    found = _places(places_only, "Two civilians were killed in shelling of the Donetsk People's Republic.")
    p = _named(found, "Donetsk")
    assert p.resolved and p.feature == "admin1" and p.geo_precision == 3, p


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def test_pro_russia_rebels_do_not_place_the_event_in_russia(pipeline: Pipeline) -> None:
    text = "Some 15 pro-Russia separatists died during clashes near the eastern front"
    ex = pipeline.extract(Document.create(text, published=datetime(2014, 7, 2, tzinfo=UTC)))
    assert ex.events
    for e in ex.events:
        assert e.place is None or e.place.country_code != "RU", e.place
