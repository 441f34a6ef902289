"""Precision fixes on project-written text: anaphoric "the attack", match reports, tolls of a strike
campaign, the campaign's doer, datelines, and place names that are ordinary words or foreign aliases."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

import pytest
from gazetteer_helpers import gazetteer_dir

from sitrep.extract.events import sports_report
from sitrep.extract.places import Mention, _Context, _foreign_alternates_only
from sitrep.extract.taxonomy import find_cues
from sitrep.gazetteer.lookup import Entry
from sitrep.model import Document
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(Settings.load(data_dir=str(gazetteer_dir())), stages=["places", "dates", "events"])


def _extract(pipeline: Pipeline, text: str) -> Any:
    return pipeline.extract(Document.create(text, published=datetime(2023, 3, 9, 12, 0)))


def test_anaphoric_attack_is_not_a_new_event() -> None:
    for text in (
        "Residents, used to such attacks, queued at water trucks.",
        "One widely shared post about the attack was removed by moderators.",
        "Such pictures help the enemy adjust its next attack, he said.",
    ):
        assert not [c for c in find_cues(text) if c.label == "kill"], text
    assert [c.text for c in find_cues("Gunmen attacked a village on Monday.") if c.label == "kill"] == [
        "attacked"
    ]
    assert [c.text for c in find_cues("An attack on a market killed two.") if c.label == "kill"] == [
        "attack",
        "killed",
    ]


MATCH = (
    "The visitors took the lead after 17 minutes when their captain fired a low strike past the goalkeeper. "
    "The home side bombarded the penalty area with crosses, and a defender equalised from a corner in the "
    '62nd minute. "I just attacked the ball," the striker said after the match. The coach praised the '
    "referee and said the league title was still open."
)


def test_match_report_has_no_events(pipeline: Pipeline) -> None:
    assert sports_report(MATCH)
    assert _extract(pipeline, MATCH).events == []
    war = (
        "Russian missiles struck a football stadium in Kharkiv on Thursday, killing two civilians. "
        "The league suspended the match; troops and police cordoned off the area, the military said."
    )
    assert not sports_report(war)


def test_toll_elsewhere_in_a_strike_report_is_a_strike(pipeline: Pipeline) -> None:
    text = (
        "Russia launched a missile barrage against Kharkiv on Thursday, killing two people.\n\n"
        "One more person was killed in Zolochiv, officials there said."
    )
    events = [e for e in _extract(pipeline, text).events if e.status == "occurred"]
    assert [e.sub_event_type for e in events] == ["Shelling/artillery/missile attack"] * 2, [
        (e.sub_event_type, e.reasons) for e in events
    ]
    assert all(e.actor1 is not None and e.actor1.name == "Military Forces of Russia" for e in events)


def test_dateline_city_is_not_the_actor(pipeline: Pipeline) -> None:
    text = (
        "KYIV, March 9 (Test Wire) - Russia launched one of its largest missile barrages against Kharkiv "
        "early on Thursday, killing at least six people.\n\n"
        "A missile struck homes in a village in the Zolochiv district, killing five people."
    )
    events = [e for e in _extract(pipeline, text).events if e.status == "occurred"]
    assert events and all(e.actor1 is not None for e in events)
    assert [e.actor1.name for e in events] == ["Military Forces of Russia"] * len(events), [
        (e.actor1.name, e.actor1.reason) for e in events
    ]


def test_dateline_city_gives_way_to_the_place_the_sentence_names(pipeline: Pipeline) -> None:
    text = (
        "KYIV, March 9 (Test Wire) - Russian troops pressed their assault on the town of Bakhmut "
        "on Thursday, Ukrainian commanders said."
    )
    events = [e for e in _extract(pipeline, text).events if e.status == "occurred"]
    assert [(e.sub_event_type, e.place.name if e.place else None) for e in events] == [
        ("Armed clash", "Bakhmut")
    ]
    # the same city in the dateline and in the sentence: the sentence's mention places the event
    alone = "KHARKIV, March 9 (Test Wire) - Missiles struck Kharkiv before dawn, the governor said."
    events = [e for e in _extract(pipeline, alone).events if e.status == "occurred"]
    assert events and all(e.place is not None and e.place.name.lower() == "kharkiv" for e in events)


def test_reporting_authorities_are_not_the_doer(pipeline: Pipeline) -> None:
    text = "Russian shelling killed three civilians in Kherson on Saturday, regional authorities said."
    (event,) = [e for e in _extract(pipeline, text).events if e.status == "occurred"]
    assert event.actor1 is not None and event.actor1.name == "Military Forces of Russia"


def test_capitalised_common_word_is_not_a_place(pipeline: Pipeline) -> None:
    text = "Shelling hit Kherson on Friday.\n\nFree evacuation trains to western Ukraine continue to leave Kherson."
    names = [p.name for p in _extract(pipeline, text).places]
    assert "Free" not in names and "Kherson" in names


def test_village_of_keeps_a_name_ner_read_as_a_person(pipeline: Pipeline) -> None:
    text = (
        "Russian shelling killed three civilians in the Kherson region on Saturday, including an elderly "
        "couple in the village of Bilozerka, regional authorities said."
    )
    places = _extract(pipeline, text).places
    hit = [p for p in places if p.name == "Bilozerka"]
    assert hit and hit[0].resolved and hit[0].admin1 == "Kherson"


def test_foreign_alternate_name_is_left_unresolved() -> None:
    def entry(id_: str, name: str, cc: str, population: int) -> Entry:
        return Entry(id_, name, cc, "X", None, 40.0, 7.0, population, "city", 1, "test")

    bonn = entry("1", "Bonn", "DE", 330_000)  # lists "Boni" among its alternates
    m = Mention(0, 4, "Boni", "matcher", candidates=(bonn,))
    mali = _Context(countries=Counter({"ML": 5}), admin1s=set(), resolved={}, admin1_votes={})
    assert _foreign_alternates_only(m, mali)
    germany = _Context(countries=Counter({"ML": 5, "DE": 1}), admin1s=set(), resolved={}, admin1_votes={})
    assert not _foreign_alternates_only(m, germany)
    own = Mention(0, 4, "Bonn", "matcher", candidates=(bonn,))
    assert not _foreign_alternates_only(own, mali)


def test_regional_governor_names_the_region_and_the_town_is_the_location(pipeline: Pipeline) -> None:
    text = (
        "The Lviv regional governor said a missile struck homes in a village in the Zolochiv district on "
        "Thursday, killing five people."
    )
    ext = _extract(pipeline, text)
    lviv = [p for p in ext.places if p.name == "Lviv"]
    assert lviv and lviv[0].feature == "admin1"
    (event,) = [e for e in ext.events if e.status == "occurred"]
    assert event.place is not None and event.place.name == "Zolochiv"


def test_launch_site_and_yardstick_are_not_the_location() -> None:
    from sitrep.extract.event_places import metonyms
    from sitrep.model import Place, Span

    text = "Kalibr missiles launched from ships in the Black Sea hit Odesa, Europe's largest port."

    def place(name: str) -> Place:
        start = text.index(name)
        return Place(span=Span(start, start + len(name), name), name=name, resolved=True)

    spans = {s.text for s in metonyms([place("Black Sea"), place("Odesa"), place("Europe")], text, 0)}
    assert spans == {"Black Sea", "Europe"}
    # two launch areas joined by "and from": both are where the missiles left from
    text = "The missiles were fired from bombers over the Caspian Sea and from ships in the Black Sea."
    spans = {s.text for s in metonyms([place("Caspian Sea"), place("Black Sea")], text, 0)}
    assert spans == {"Caspian Sea", "Black Sea"}
    # "and" without a second "from" starts another clause: Toretsk is where the shells fell
    text = "Troops fired from positions near Horlivka and shelled homes in Toretsk."
    spans = {s.text for s in metonyms([place("Horlivka"), place("Toretsk")], text, 0)}
    assert spans == {"Horlivka"}


def test_month_march_is_not_a_protest() -> None:
    for text in ("Armed men crossed the border on 2 March.", "The talks stalled in early March."):
        assert not [c for c in find_cues(text) if c.label == "protest"], text
    assert [c.text for c in find_cues("Thousands marched in Paris.") if c.label == "protest"] == ["marched"]


def test_adjectival_trained_is_not_a_change_to_a_group() -> None:
    assert not [c for c in find_cues("They send poorly trained recruits.") if c.label == "change_group"]
    assert [c.text for c in find_cues("Instructors trained 200 fighters.") if c.label == "change_group"] == [
        "trained"
    ]


def test_since_clause_is_background(pipeline: Pipeline) -> None:
    text = (
        "The Zaporizhzhia plant lost its last power line on Thursday, the sixth such blackout since "
        "Russian troops captured it."
    )
    events = _extract(pipeline, text).events
    assert not [e for e in events if e.status == "occurred" and "territory" in e.sub_event_type], [
        (e.sub_event_type, e.status) for e in events
    ]
    assert [e for e in events if e.status == "background"], [(e.sub_event_type, e.status) for e in events]


@pytest.mark.parametrize(
    "text",
    [
        "Air raid sirens wailed across the region for two hours before dawn.",
        "The air raid alert in the capital lasted for almost three hours.",
        "Dockers in the port city extended a strike over pay into its second week, their union said.",
        "Bins overflowed in the old town as refuse collectors kept up a strike that began on Monday.",
        "The flat farmland between the two lines has turned into a killing field, the report said.",
        '"Thank God nobody was killed," a neighbour said.',
    ],
)
def test_warnings_walkouts_figures_of_speech_and_nobody_killed_are_no_events(
    pipeline: Pipeline, text: str
) -> None:
    assert [e.sub_event_type for e in _extract(pipeline, text).events if e.status == "occurred"] == []


def test_nobody_killed_in_a_strike_still_tells_the_strike_with_no_toll(pipeline: Pipeline) -> None:
    evs = [
        e
        for e in _extract(
            pipeline, "No one was killed in the missile strike on Kharkiv, officials said."
        ).events
        if e.status == "occurred"
    ]
    assert [(e.sub_event_type, e.fatalities) for e in evs] == [("Shelling/artillery/missile attack", 0)]
    # and a real air raid or a strike is still an event
    for text in (
        "An air raid destroyed a fuel depot near Kharkiv.",
        "A Russian missile strike hit a school in Kharkiv.",
    ):
        assert [e for e in _extract(pipeline, text).events if e.status == "occurred"], text


def test_months_of_shelling_is_background(pipeline: Pipeline) -> None:
    evs = _extract(pipeline, "The town has been largely destroyed by months of shelling.").events
    assert evs and all(e.status == "background" for e in evs)


def test_speakers_seat_abroad_is_not_the_place_but_officials_in_a_city_are_placed_there(
    pipeline: Pipeline,
) -> None:
    text = (
        "Russian missiles hit Kharkiv and Odesa on Thursday, killing six people. The Russian embassy in "
        "Washington said Moscow was striking military targets and that reports of attacks on civilians were lies."
    )
    events = [e for e in _extract(pipeline, text).events if e.status == "occurred"]
    assert events and all(e.place is not None and e.place.country == "Ukraine" for e in events), [
        (e.sub_event_type, e.place and e.place.name) for e in events
    ]
    # "officials in Kharkiv said": Kharkiv is a place, not a capital speaking for its state
    ex = _extract(pipeline, "Officials in Kharkiv said two people were killed when a missile hit a school.")
    assert [(e.sub_event_type, e.place and e.place.name) for e in ex.events if e.status == "occurred"] == [
        ("Shelling/artillery/missile attack", "Kharkiv")
    ]
