"""Actor normalisation: aliases, demonym + force noun, capitals as actors, inter codes."""

from __future__ import annotations

from typing import Any

import pytest

from sitrep.extract.actors import as_military, find_actors, match_actor
from sitrep.nlp import load_model


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_model("en_core_web_sm")


@pytest.mark.parametrize(
    ("phrase", "name", "inter", "body"),
    [
        ("Russian forces", "Military Forces of Russia", 1, None),
        ("Moscow's troops", "Military Forces of Russia", 1, None),
        ("the occupiers", "Military Forces of Russia", 1, None),
        ("Ukrainian air defence", "Military Forces of Ukraine", 1, "Ukrainian air defence"),
        ("Wagner Group", "Wagner Group", 8, None),
        ("Russian Defence Ministry", "Military Forces of Russia", 1, "Russian Defence Ministry"),
        ("the Kremlin", "Government of Russia", 1, "the Kremlin"),
        ("Kyiv", "Government of Ukraine", 1, "Kyiv"),
        ("police", "Police Forces", 1, None),
        ("protesters", "Protesters", 6, None),
        ("rioters", "Rioters", 5, None),
        ("unknown gunmen", "Unidentified Armed Group", 3, None),
        ("Afghan security forces", "Military Forces of Afghanistan", 1, None),
        ("Taliban fighters", "Taliban", 2, None),
    ],
)
def test_match_actor_normalises(phrase: str, name: str, inter: int, body: str | None) -> None:
    actor = match_actor(phrase)
    assert actor is not None, phrase
    assert (actor.name, actor.inter, actor.body) == (name, inter, body)
    assert actor.reason


def test_country_context_fills_generic_names_and_recodes_foreign_forces() -> None:
    police = match_actor("riot police", country="Kenya")
    assert police is not None and police.name == "Police Forces of Kenya"
    russia = match_actor("Russian troops", country="Ukraine")
    assert russia is not None and russia.inter == 8 and "external" in russia.reason
    at_home = match_actor("Russian troops", country="Russia")
    assert at_home is not None and at_home.inter == 1


def test_match_actor_none_for_non_actors() -> None:
    assert match_actor("the weather in spring") is None
    assert match_actor("") is None


def test_as_military_turns_a_state_into_its_forces() -> None:
    gov = match_actor("the Kremlin")
    assert gov is not None
    assert as_military(gov).name == "Military Forces of Russia"
    police = match_actor("police")
    assert police is not None and as_military(police) is police


def test_find_actors_spans_and_capitals(nlp: Any) -> None:
    doc = nlp(
        "Moscow said its troops shelled the village. Later, residents of Kyiv gathered near the station."
    )
    first, second = list(doc.sents)
    found = find_actors(first)
    assert [a.name for a in found][0] == "Government of Russia"
    for a in found:
        assert a.span is not None and doc.text[a.span.start : a.span.end] == a.span.text
    # "residents of Kyiv": Kyiv is a place here, not an actor
    names = [a.name for a in find_actors(second)]
    assert "Government of Ukraine" not in names
    assert "Civilians" in names


@pytest.mark.parametrize(
    ("adjective", "demonym", "name"),
    [
        ("Ukraine soldiers", "Ukrainian soldiers", "Military Forces of Ukraine"),
        ("Russia troops", "Russian troops", "Military Forces of Russia"),
        ("Kiev forces", "Ukrainian forces", "Military Forces of Ukraine"),
        ("Pakistan police", "Pakistani police", "Police Forces of Pakistan"),
        ("pro-Russia fighters", "pro-Russian fighters", "Pro-Russia Militia"),
    ],
)
def test_a_country_name_used_as_an_adjective_is_its_demonym(adjective: str, demonym: str, name: str) -> None:
    """Headlines write "Ukraine soldiers" as often as "Ukrainian soldiers": one actor, not the
    country's government (the bare name) for one and its forces for the other."""
    a, b = match_actor(adjective), match_actor(demonym)
    assert a is not None and b is not None
    assert a.name == b.name == name
    assert match_actor("Ukraine") is not None and match_actor("Ukraine").name == "Government of Ukraine"  # type: ignore[union-attr]


def test_find_actors_reads_a_country_name_before_a_force_noun(nlp: Any) -> None:
    doc = nlp("Two Ukraine soldiers were killed as Russia troops shelled the village.")
    names = [a.name for a in find_actors(doc[:])]
    assert names == ["Military Forces of Ukraine", "Military Forces of Russia"]
