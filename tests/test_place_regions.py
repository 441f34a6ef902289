"""'Town, Region': the region written after a name decides where the name lies.

A candidate outside the region loses; with none inside it the name is placed in the region at
precision 2 (never at a homonym elsewhere, nor at the regional capital); the whole capitalised
phrase before the comma is the name. Lists of well-known places are left alone.
"""

from __future__ import annotations

import pytest
from gazetteer_helpers import by_name, places, places_pipeline

from sitrep.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return places_pipeline()


def test_a_homonym_outside_the_named_region_loses_to_the_region(pipeline: Pipeline) -> None:
    # Pavlivka exists in several oblasts, none of them Chernihiv
    found = places(pipeline, "Artillery hit fields near Pavlivka, Chernihiv region, on Tuesday.")
    p = by_name(found, "Pavlivka")
    assert p.resolved and p.admin1 == "Chernihiv" and p.geo_precision == 2 and p.feature == "admin1", p
    assert "Chernihiv" in p.reason and "precision 2" in p.reason
    region = by_name(found, "Chernihiv")
    assert region.feature == "admin1" and region.geo_precision == 3, region


def test_the_candidate_inside_the_region_beats_a_larger_one_elsewhere(pipeline: Pipeline) -> None:
    # the city of Kamianske lies in Dnipropetrovsk; a village of that name lies in Zaporizhzhia
    p = by_name(places(pipeline, "Drones struck a farm in Kamianske, Zaporizhzhia region."), "Kamianske")
    assert p.admin1 == "Zaporizhzhia" and p.feature == "village", p
    assert "the region written after it" in p.reason


def test_a_region_named_like_a_foreign_town_is_read_as_the_region(pipeline: Pipeline) -> None:
    # "Donetsk" is also a town in Rostov oblast; here it is the oblast of a mine the gazetteer lacks
    found = places(pipeline, "Mortars were fired at a position near Shakhta Pivnichna, Donetsk.")
    mine = by_name(found, "Shakhta Pivnichna")
    assert mine.country_code == "UA" and mine.admin1 == "Donetsk" and mine.geo_precision == 2, mine
    assert "not in the gazetteer" in mine.reason
    assert by_name(found, "Donetsk").feature == "admin1"


def test_the_whole_capitalised_phrase_is_the_name(pipeline: Pipeline) -> None:
    # the gazetteer knows "Hora" (elsewhere) and "Krasna Hora" (a small village in Donetsk oblast)
    found = places(pipeline, "Troops repelled an assault near Krasna Hora, Donetsk, on Friday.")
    p = by_name(found, "Krasna Hora")
    assert p.canonical == "Krasna Hora" and p.admin1 == "Donetsk", p
    assert not [x for x in found if x.name == "Hora"]


def test_an_unknown_village_before_a_region_is_placed_in_the_region(pipeline: Pipeline) -> None:
    found = places(pipeline, "Shelling damaged houses in Verkhnia Tykhivka, Kharkiv region.")
    p = by_name(found, "Verkhnia Tykhivka")
    assert p.resolved and p.admin1 == "Kharkiv" and p.geo_precision == 2, p
    assert by_name(found, "Kharkiv").geo_precision == 3


def test_a_town_its_district_and_its_region(pipeline: Pipeline) -> None:
    p = by_name(places(pipeline, "Shells fell on Yakovlivka, Bakhmutskyi district, Donetsk."), "Yakovlivka")
    assert p.admin1 == "Donetsk", p


def test_a_district_before_its_region_is_not_a_point(pipeline: Pipeline) -> None:
    found = places(pipeline, "Rockets were fired at Huliaipole district, Zaporizhzhia region.")
    p = by_name(found, "Huliaipole district")
    assert p.admin1 == "Zaporizhzhia" and p.geo_precision == 2, p
    assert "names a district" in p.reason


@pytest.mark.parametrize(
    ("text", "name", "admin1"),
    [
        ("Missiles hit Moscow, Kyiv and Lviv overnight.", "Moscow", "Moskva"),
        ("The company moved to Atlanta, Georgia, last year.", "Atlanta", "Georgia"),
        ("Flights from Kharkiv, Sumy and Poltava were cancelled.", "Kharkiv", "Kharkiv"),
    ],
)
def test_lists_and_countries_are_not_the_convention(
    pipeline: Pipeline, text: str, name: str, admin1: str
) -> None:
    p = by_name(places(pipeline, text), name)
    assert p.admin1 == admin1 and p.geo_precision == 1, p


def test_one_z_spelling_of_zaporizhzhia(pipeline: Pipeline) -> None:
    found = places(pipeline, "Shelling hit Orikhiv, Zaporizhia region, on Sunday.")
    assert by_name(found, "Orikhiv").admin1 == "Zaporizhzhia"
    assert by_name(found, "Zaporizhia").feature == "admin1"
    assert by_name(places(pipeline, "Sirens sounded in Zaporizhia at dawn."), "Zaporizhia").feature == "city"


def test_a_regional_capital_alone_is_the_city_and_with_region_the_region(pipeline: Pipeline) -> None:
    # GeoNames spells the city "Mykolayiv" and the region "Mykolaiv"
    assert by_name(places(pipeline, "Rockets hit Mykolaiv at night."), "Mykolaiv").feature == "city"
    assert by_name(places(pipeline, "Rockets hit the Mykolaiv region."), "Mykolaiv").feature == "admin1"


def test_a_city_and_its_district_written_with_a_spaced_hyphen(pipeline: Pipeline) -> None:
    p = by_name(places(pipeline, "Artillery hit positions in Donetsk - Kyivskyi on Monday."), "Donetsk")
    assert p.feature == "city" and p.admin1 == "Donetsk", p


def test_another_transliteration_of_a_town_in_the_region(pipeline: Pipeline) -> None:
    # GeoNames spells it Siversk and lists no "Syversk"
    p = by_name(places(pipeline, "Shells landed in Syversk, Donetsk region, overnight."), "Syversk")
    assert p.canonical == "Siversk" and p.admin1 == "Donetsk" and p.geo_precision == 1, p
    assert "spelled alike" in p.reason


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Mortars hit Trostianets territorial community, Sumy region, at night.",
            "Trostianets territorial community",
        ),
        ("Mortars hit Okhtyrska hromada, Sumy region, at night.", "Okhtyrska hromada"),
    ],
)
def test_a_community_is_placed_at_its_town_as_an_area(pipeline: Pipeline, text: str, name: str) -> None:
    p = by_name(places(pipeline, text), name)
    assert p.admin1 == "Sumy" and p.feature in ("city", "town") and p.geo_precision == 2, p


def test_a_bare_name_after_its_region_is_the_city(pipeline: Pipeline) -> None:
    found = places(pipeline, "Drones flew over the Poltava region; debris fell in Poltava itself.")
    assert [p.feature for p in found if p.name == "Poltava"] == ["admin1", "city"]


def test_a_district_named_by_its_towns_adjective(pipeline: Pipeline) -> None:
    found = places(pipeline, "A depot in the Kupianskyi district of the Kharkiv region was destroyed.")
    p = by_name(found, "Kupianskyi district")
    assert p.canonical == "Kupyansk" and p.admin1 == "Kharkiv" and p.geo_precision == 2, p
    assert "names a district" in p.reason


def test_a_district_of_a_city_is_not_read_as_a_town(pipeline: Pipeline) -> None:
    # "Iziumskyi district" elsewhere is the district of the town of Izium
    found = places(pipeline, "One man was hurt in the Iziumskyi district of the city on Monday.")
    assert not [p for p in found if p.name == "Iziumskyi district" and p.resolved], found
    p = by_name(
        places(pipeline, "Shells hit the Iziumskyi district of the Kharkiv region."), "Iziumskyi district"
    )
    assert p.canonical == "Izyum" and p.geo_precision == 2, p


def test_a_name_with_other_consonants_is_not_taken_for_a_spelling(pipeline: Pipeline) -> None:
    # "Silversk" is one letter from Siversk, but a letter no transliteration drops: not the same town
    p = by_name(places(pipeline, "Shells landed in Silversk, Donetsk region, overnight."), "Silversk")
    assert p.feature == "admin1" and p.geo_precision == 2, p


def test_a_person_and_their_regional_office_is_not_a_town(pipeline: Pipeline) -> None:
    found = places(pipeline, "Two houses burned, said Petro Ivanenko, Kharkiv region governor.")
    assert not [p for p in found if p.name == "Petro Ivanenko" and p.resolved], found
