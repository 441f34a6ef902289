"""Sentence-level classification into ACLED's taxonomy, and what must not be coded as having happened."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from sitrep.extract.events import EventStage, build_stage
from sitrep.extract.taxonomy import EVENT_TYPES, SUB_TO_TYPE, Context, classify, find_cues
from sitrep.model import Document
from sitrep.nlp import load_model
from sitrep.pipeline import DocContext, Stage
from sitrep.settings import Settings


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_model("en_core_web_sm")


def events_of(nlp: Any, text: str, published: datetime | None = None) -> list[Any]:
    doc = nlp(text)
    ctx = DocContext(document=Document.create(text, published=published), doc=doc, settings=Settings.load())
    build_stage(ctx.settings)(ctx)
    return ctx.events


def test_taxonomy_has_acled_shape() -> None:
    assert len(EVENT_TYPES) == 6
    assert sum(len(v) for v in EVENT_TYPES.values()) == 25
    assert SUB_TO_TYPE["Disrupted weapons use"] == "Strategic developments"


def test_stage_protocol() -> None:
    stage = build_stage(Settings.load())
    assert isinstance(stage, Stage) and isinstance(stage, EventStage)
    assert stage.requires == ("places", "dates") and stage.provides == ("events",)


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        (
            "Separatist gunners shelled the outskirts of the town with mortars on Tuesday.",
            "Shelling/artillery/missile attack",
        ),
        ("Government troops clashed with rebels near the river crossing.", "Armed clash"),
        ("The attackers were repulsed after a two-hour firefight at the checkpoint.", "Armed clash"),
        ("Warplanes carried out airstrikes on a market, killing 12 people.", "Air/drone strike"),
        ("A kamikaze drone hit a fuel depot outside the port.", "Air/drone strike"),
        ("A roadside bomb exploded under a police vehicle on the highway.", "Remote explosive/landmine/IED"),
        ("A suicide bomber blew himself up at the entrance of the ministry.", "Suicide bomb"),
        ("Militants lobbed a grenade at a patrol in the bazaar.", "Grenade"),
        ("Air defence units shot down eleven drones over the region overnight.", "Disrupted weapons use"),
        ("Sappers defused an explosive device found under the bridge.", "Disrupted weapons use"),
        (
            "Army units recaptured the village after heavy clashes with insurgents.",
            "Government regains territory",
        ),
        (
            "Rebel fighters seized control of the district headquarters.",
            "Non-state actor overtakes territory",
        ),
        ("Gunmen abducted two aid workers from their car.", "Abduction/forced disappearance"),
        ("Unknown assailants shot dead a shopkeeper in the old town.", "Attack"),
        ("Hundreds of teachers protested outside parliament demanding higher wages.", "Peaceful protest"),
        (
            "Police fired tear gas to disperse students protesting against fee increases.",
            "Protest with intervention",
        ),
        (
            "Security forces opened fire on protesters, killing three demonstrators.",
            "Excessive force against protesters",
        ),
        (
            "Rioters torched cars and pelted police with stones during the demonstration.",
            "Violent demonstration",
        ),
        ("A mob lynched a man accused of theft in the village.", "Mob violence"),
        ("Police arrested six suspects in a raid on the hideout.", "Arrests"),
        ("Fighters looted shops and burned houses after entering the town.", "Looting/property destruction"),
        ("The two parties signed a ceasefire agreement in the capital.", "Agreement"),
        ("Around 300 civilians were evacuated from the besieged town.", "Other"),
        ("Troops established a new military base near the border.", "Headquarters or base established"),
    ],
)
def test_sentence_sub_event_type(nlp: Any, text: str, sub: str) -> None:
    events = [e for e in events_of(nlp, text) if e.status == "occurred"]
    assert events, text
    assert events[0].sub_event_type == sub, (text, events[0].reasons)
    assert events[0].event_type == SUB_TO_TYPE[sub]


@pytest.mark.parametrize(
    "text",
    [
        "The commander warned that his forces could strike the capital within days.",
        "The ministry denied shelling the residential district.",
        "The rebels vowed to attack the airport if talks failed.",
        "Officials said the army will not bomb civilian areas.",
        "Analysts fear the militia may launch an offensive next month.",
    ],
)
def test_negated_or_hypothetical_not_coded(nlp: Any, text: str) -> None:
    assert [e for e in events_of(nlp, text) if e.status == "occurred"] == [], text


def test_background_kept_apart(nlp: Any) -> None:
    text = (
        "On Monday, rebels attacked an army post near the dam, the army said. "
        "The dam has been the scene of heavy fighting since August."
    )
    events = events_of(nlp, text, published=datetime(2023, 11, 20))
    occurred = [e for e in events if e.status == "occurred"]
    background = [e for e in events if e.status == "background"]
    assert len(occurred) == 1 and occurred[0].sub_event_type == "Armed clash"
    assert background, [e.reasons for e in events]
    assert "since" in background[0].reasons["status"] or "background" in background[0].reasons["status"]


def test_classify_precedence_rules() -> None:
    # missiles fired during a battle stay a battle
    d = classify({"battle", "shelling"}, Context(text="clashes and missile fire"))
    assert d is not None and d.sub_event_type == "Armed clash"
    # a manned aircraft shot down is not a disrupted weapon
    d = classify({"interception"}, Context(text="they shot down a fighter jet"))
    assert d is not None and d.sub_event_type == "Shelling/artillery/missile attack"
    # who took control decides the territory sub-type
    state = classify(
        {"territory_capture"},
        Context(text="took control", actor1_inter=1, actor1_country="Mali", country="Mali"),
    )
    rebels = classify({"territory_capture"}, Context(text="took control", actor1_inter=2, country="Mali"))
    assert state is not None and state.sub_event_type == "Government regains territory"
    assert rebels is not None and rebels.sub_event_type == "Non-state actor overtakes territory"
    assert classify({"protest_intervention"}, Context()) is None


def test_find_cues_turns_an_attempted_capture_into_fighting() -> None:
    labels = {c.label for c in find_cues("Troops tried to capture the hill but were pushed back.")}
    assert "territory_capture" not in labels and "battle" in labels


def test_protest_escalates_across_sentences(nlp: Any) -> None:
    text = (
        "Hundreds of farmers marched to the governor's office on Monday, demanding crop subsidies. "
        "Police later used tear gas to disperse the crowd."
    )
    events = [e for e in events_of(nlp, text) if e.status == "occurred"]
    assert len(events) == 1, [(e.sub_event_type, e.evidence) for e in events]
    assert events[0].sub_event_type == "Protest with intervention"
    assert len(events[0].evidence) == 2
    assert events[0].actor1 is not None and events[0].actor1.inter == 6


def test_toll_sentence_joins_the_event_before(nlp: Any) -> None:
    text = "Artillery fire hit the market in the morning. Three civilians were killed and five were wounded."
    events = [e for e in events_of(nlp, text) if e.status == "occurred"]
    assert len(events) == 1
    assert (events[0].fatalities, events[0].injuries) == (3, 5)
    assert events[0].sub_event_type == "Shelling/artillery/missile attack"
