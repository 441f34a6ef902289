"""A name that is no place's own name goes to the place whose own name it spells differently.

GeoNames lists "Sloviansk" among the alternate names of two cities of about the same size:
Slovyansk itself and Nikopol. The one whose own name is another transliteration of the written
name is the place meant; where some place has the written name as its own, it keeps the edge.
"""

from __future__ import annotations

import pytest

from sitrep.model import Document
from sitrep.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(stages=["places"])


def _resolved(pipeline: Pipeline, text: str) -> dict[str, tuple[str | None, str | None]]:
    return {
        p.name: (p.canonical, p.admin1) for p in pipeline.extract(Document.create(text)).places if p.resolved
    }


def test_a_transliteration_beats_a_place_that_only_lists_the_spelling(pipeline: Pipeline) -> None:
    assert _resolved(pipeline, "Shelling hit a checkpoint near Sloviansk on Monday.")["Sloviansk"] == (
        "Slovyansk",
        "Donetsk",
    )


def test_a_place_with_the_written_name_as_its_own_keeps_its_edge(pipeline: Pipeline) -> None:
    # Newtown is a near spelling of Newton, but Newton is somebody's own name
    canonical, _ = _resolved(pipeline, "The council met in Newton, New Jersey, on Monday.")["Newton"]
    assert canonical == "Newton"
