"""Negation is a negation word, not whatever the parser tags ``neg``.

The small English model sometimes tags a curly possessive ("military’s") as ``neg``; the event
must survive that, while real negations still drop it. Sentences written for this project.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from sitrep.extract.events import build_stage
from sitrep.model import Document
from sitrep.nlp import load_model
from sitrep.pipeline import DocContext
from sitrep.settings import Settings


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_model("en_core_web_sm")


def _events(nlp: Any, text: str) -> list[Any]:
    ctx = DocContext(
        document=Document.create(text, published=datetime(2016, 4, 2)),
        doc=nlp(text),
        settings=Settings.load(),
    )
    build_stage(ctx.settings)(ctx)
    return [e for e in ctx.events if e.status == "occurred"]


@pytest.mark.parametrize(
    "text",
    [
        "Ukrainian military\u2019s shelling of the village kills one, leaves three wounded",
        "The army\u2019s shelling of the village killed one man on Friday.",
    ],
)
def test_a_curly_possessive_is_not_a_negation(nlp: Any, text: str) -> None:
    (ev,) = _events(nlp, text)
    assert ev.sub_event_type == "Shelling/artillery/missile attack" and ev.fatalities == 1


@pytest.mark.parametrize(
    "text",
    ["The army did not shell the village on Friday.", "The army never shelled the village, officials said."],
)
def test_real_negations_still_drop_the_event(nlp: Any, text: str) -> None:
    assert _events(nlp, text) == []
