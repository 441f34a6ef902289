"""The places stage: recognition (matcher + NER + dateline) and resolution with context."""

from __future__ import annotations

from pathlib import Path

import pytest
from gazetteer_helpers import by_name, places, places_pipeline

from sitrep.model import Document
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return places_pipeline()


def test_front_line_places_resolve_with_reasons(pipeline: Pipeline) -> None:
    found = places(
        pipeline,
        "Russian forces shelled Avdiivka and Klishchiivka, while Ukrainian troops advanced in Robotyne.",
    )
    for name, admin1 in (("Avdiivka", "Donetsk"), ("Klishchiivka", "Donetsk"), ("Robotyne", "Zaporizhzhia")):
        p = by_name(found, name)
        assert p.resolved and p.country_code == "UA" and p.admin1 == admin1, p
        assert p.geo_precision == 1 and p.reason
        assert p.span.text == name


def test_offsets_match_text(pipeline: Pipeline) -> None:
    text = "Explosions were heard in Kharkiv and Odesa overnight."
    for p in places(pipeline, text):
        assert text[p.span.start : p.span.end] == p.span.text == p.name


def test_region_qualifier_gives_admin1_precision_3(pipeline: Pipeline) -> None:
    p = by_name(places(pipeline, "Shelling continued in the Donetsk region, the governor said."), "Donetsk")
    assert p.feature == "admin1" and p.geo_precision == 3 and p.admin1 == "Donetsk"
    assert "qualifier" in p.reason


def test_relative_phrases_keep_anchor_with_precision_2(pipeline: Pipeline) -> None:
    found = places(pipeline, "Fighting raged near Bakhmut. A drone struck 15 km north of Kherson on Friday.")
    bakhmut = by_name(found, "Bakhmut")
    assert bakhmut.relation == "near" and bakhmut.geo_precision == 2 and bakhmut.canonical == "Bakhmut"
    kherson = by_name(found, "Kherson")
    assert kherson.relation == "15 km north of" and kherson.geo_precision == 2
    assert abs(kherson.latitude - 46.64) < 0.2  # type: ignore[operator]


def test_country_is_never_town_precision(pipeline: Pipeline) -> None:
    found = places(pipeline, "Ukraine and Russia exchanged prisoners, Turkey said.")
    for name in ("Ukraine", "Russia"):
        p = by_name(found, name)
        assert p.feature == "country" and p.geo_precision == 3


def test_dateline_is_a_place(pipeline: Pipeline) -> None:
    found = places(pipeline, "KYIV, March 10 (Reuters) - Air defences were active across the country.")
    p = found[0]
    assert p.span.start == 0 and p.name == "KYIV" and p.canonical == "Kyiv" and p.country_code == "UA"
    assert "dateline" in p.reason


def test_comma_context_and_country_focus_pick_the_right_alexandria(pipeline: Pipeline) -> None:
    p = by_name(places(pipeline, "A fire broke out in Alexandria, Louisiana, on Sunday."), "Alexandria")
    assert p.country_code == "US" and p.admin1 == "Louisiana"


def test_former_name_resolves(pipeline: Pipeline) -> None:
    p = by_name(places(pipeline, "The battle for Artemivsk lasted months."), "Artemivsk")
    assert p.canonical == "Bakhmut"


def test_unknown_name_does_not_drop_the_others(pipeline: Pipeline) -> None:
    found = places(pipeline, "Troops left Zzyzxograd and moved to Kramatorsk, in Ukraine.")
    assert by_name(found, "Kramatorsk").resolved
    unknown = [p for p in found if p.name == "Zzyzxograd"]
    for p in unknown:
        assert not p.resolved and "not in the gazetteer" in p.reason


def test_facility_resolves(pipeline: Pipeline) -> None:
    found = places(pipeline, "Shelling cut power to the Zaporizhzhia Nuclear Power Plant again.")
    p = by_name(found, "Zaporizhzhia Nuclear Power Plant")
    assert p.feature == "facility" and p.gazetteer_id == "supplement:zaporizhzhia-npp"


def test_many_places_and_long_document(pipeline: Pipeline) -> None:
    names = ["Kharkiv", "Odesa", "Lviv", "Dnipro", "Mykolaiv", "Sumy", "Poltava", "Chernihiv"]
    text = " ".join(f"Sirens sounded in {n} and {m}." for n in names for m in names) * 3
    found = places(pipeline, text)
    assert len(found) >= len(names) * len(names) * 2 * 3 * 0.9
    assert all(p.country_code == "UA" for p in found if p.resolved)


def test_non_latin_script_and_empty_text(pipeline: Pipeline) -> None:
    found = places(pipeline, "Обстріл Бахмут тривав. Shelling hit Бахмут again.")
    assert any(p.canonical == "Bakhmut" for p in found)
    assert places(pipeline, "") == []


def test_missing_gazetteer_keeps_ner_spans_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sitrep.gazetteer.lookup as lookup

    def refuse(data_dir: Path, build_if_missing: bool = True) -> None:
        from sitrep.errors import ResourceError

        raise ResourceError("gazetteer index not found", lookup.FIX)

    monkeypatch.setattr("sitrep.extract.places.get_gazetteer", refuse)
    pipe = Pipeline(Settings.load(data_dir=str(tmp_path)), stages=["places"])
    ex = pipe.extract(Document.create("Missiles hit Kyiv and London."))
    assert any("gazetteer unavailable" in w for w in ex.warnings)
    assert all(not p.resolved for p in ex.places)


def test_own_name_beats_a_larger_place_that_lists_it_as_an_alternate() -> None:
    from collections import Counter

    from sitrep.extract.places import Mention, _Context, _score
    from sitrep.gazetteer.lookup import Entry

    def entry(id_: str, name: str, population: int) -> Entry:
        return Entry(id_, name, "US", "Ohio", None, 40.0, -82.0, population, "town", 1, "test")

    own = entry("1", "Millbrook", 4_000)  # named Millbrook
    alias = entry("2", "Eastfield", 16_000)  # lists "Millbrook" among its alternate names
    m = Mention(0, 9, "Millbrook", "matcher", candidates=(own, alias))
    ctx = _Context(countries=Counter(), admin1s=set(), resolved={}, admin1_votes={})
    assert _score(own, m, ctx, ())[0] > _score(alias, m, ctx, ())[0]
