"""Outlets read in their own way: casualty-register entries and relays (data/outlets.json).

Written for this project: the names below are real places and invented people.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from sitrep.extract.outlets import is_entry, register_for, relay_lag
from sitrep.pipeline import Pipeline

PUBLISHED = datetime(2015, 5, 5, 9, 0)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(stages=["places", "dates", "events"])


def _extract(pipeline: Pipeline, text: str, outlet: str) -> list:  # type: ignore[type-arg]
    from sitrep.model import Document

    return pipeline.extract(Document.create(text, title=text, outlet=outlet, published=PUBLISHED)).events


def test_register_outlets_are_matched_case_insensitively() -> None:
    assert register_for("MemoryBook") is not None
    assert register_for("  memorybook ") is not None
    assert register_for("Reuters") is None and register_for(None) is None


@pytest.mark.parametrize(
    ("text", "entry"),
    [("Debaltseve", True), ("Petrenko Oleksandr", True), ("-", False), ("", False),
     ("Two soldiers were killed near the town when their positions came under heavy fire", False),
     ("Debaltseve\nShyrokyne", False)],
)  # fmt: skip
def test_an_entry_is_a_short_name(text: str, entry: bool) -> None:
    assert is_entry(text) is entry


def test_a_register_entry_naming_a_village_is_one_death_there_on_its_date(pipeline: Pipeline) -> None:
    (ev,) = _extract(pipeline, "Shyrokyne", "MemoryBook")
    assert ev.fatalities == 1 and ev.fatalities_min == 1
    assert ev.casualties[0].source == "MemoryBook" and ev.casualties[0].kind == "killed"
    assert ev.event_date == date(2015, 5, 5) and ev.time_precision == 1
    assert ev.place is not None and ev.place.country_code == "UA" and ev.place.admin1 == "Donetsk"
    assert ev.place.geo_precision == 2  # a register names the settlement near which the death occurred
    assert ev.actor2 is not None and ev.actor2.name == "Military Forces of Ukraine"
    assert "register" in ev.reasons["event_type"] and "not how" in ev.reasons["event_type"]


def test_a_register_entry_naming_a_person_is_placed_in_the_country_only(pipeline: Pipeline) -> None:
    (ev,) = _extract(pipeline, "Hrytsenkovasyl", "MemoryBook")
    assert ev.fatalities == 1
    assert ev.place is not None and ev.place.feature == "country" and ev.place.geo_precision == 3
    assert ev.place.latitude is None  # never a point for a person's name


def test_a_bare_name_from_an_ordinary_outlet_is_no_event(pipeline: Pipeline) -> None:
    assert _extract(pipeline, "Shyrokyne", "Daily Bugle") == []


def test_prose_from_a_register_outlet_is_read_as_prose(pipeline: Pipeline) -> None:
    evs = _extract(pipeline, "Shelling kills 3 soldiers near Avdiivka", "MemoryBook")
    assert len(evs) == 1 and evs[0].fatalities == 3
    assert "register" not in evs[0].reasons["event_type"]


def test_a_relay_dates_an_undated_event_by_its_usual_lag(pipeline: Pipeline) -> None:
    assert relay_lag("BBC Monitoring Ukraine & Baltics") is not None and relay_lag("Reuters") is None
    (relayed,) = _extract(
        pipeline, "Shelling kills 3 soldiers near Avdiivka", "BBC Monitoring Ukraine & Baltics"
    )
    (direct,) = _extract(pipeline, "Shelling kills 3 soldiers near Avdiivka", "Daily Bugle")
    assert direct.event_date == date(2015, 5, 5)
    assert relayed.event_date == date(2015, 5, 4) and relayed.time_precision == 2
    assert "relays" in relayed.reasons["date"]
    # a date the text gives wins over the lag
    (dated,) = _extract(
        pipeline, "Shelling killed 3 soldiers near Avdiivka on Sunday", "BBC Monitoring Ukraine"
    )
    assert dated.event_date == date(2015, 5, 3)


def test_a_register_prefers_a_settlement_in_its_own_regions(pipeline: Pipeline) -> None:
    # two villages are named Pisky in the gazetteer, the larger one in Poltava region
    (ev,) = _extract(pipeline, "Pisky", "MemoryBook")
    assert ev.place is not None and ev.place.admin1 == "Donetsk"


def test_a_name_known_only_far_from_the_registers_regions_is_not_pinned_there(pipeline: Pipeline) -> None:
    (ev,) = _extract(pipeline, "Stepanivka", "MemoryBook")  # villages of that name in Sumy, Odesa...
    assert ev.place is not None and ev.place.feature == "country" and ev.place.latitude is None
    assert "not taken" in ev.place.reason


def test_register_outlets_match_without_spacing_or_a_small_misspelling() -> None:
    book = register_for("MemoryBook")
    assert book is not None
    assert register_for("Memory Book") is book and register_for("Memorbook") is book
    assert register_for("Memo") is None  # short names must match exactly
    late = register_for("Euromaidan Press")
    assert late is not None and late is not book and late.posted_within_days > 0 and late.also_prose


def test_a_register_that_posts_after_the_death_dates_it_to_the_days_before_the_post(
    pipeline: Pipeline,
) -> None:
    (ev,) = _extract(pipeline, "Andriy Kovalchuk", "Euromaidan Press")  # an invented soldier
    assert ev.fatalities == 1 and ev.casualties[0].source == "Euromaidan Press"
    assert ev.event_date == date(2015, 5, 2) and ev.event_date_end == date(2015, 5, 5)
    assert ev.time_precision == 2 and "after the death" in ev.reasons["date"]


def test_an_outlet_that_also_publishes_prose_has_entries_only_of_capitalised_names(
    pipeline: Pipeline,
) -> None:
    reg = register_for("Euromaidan Press")
    assert is_entry("Andriy Kovalchuk", reg) and is_entry("Avdiivka", reg)
    assert not is_entry("Soldier killed near Avdiivka", reg)
    assert is_entry(
        "Soldier killed near Avdiivka", register_for("MemoryBook")
    )  # a register's line is an entry
    evs = _extract(pipeline, "Soldier killed near Avdiivka", "Euromaidan Press")
    assert len(evs) == 1 and "register" not in evs[0].reasons["event_type"]
    # a headline in title case is capitalised throughout, but its cues make it a report first
    (titled,) = _extract(pipeline, "Two Soldiers Killed Near Avdiivka", "Euromaidan Press")
    assert titled.fatalities == 2 and "register" not in titled.reasons["event_type"]
