"""The pipeline: wiring checked when built, one parse per document, input order kept."""

from __future__ import annotations

import pytest

from sitrep.errors import ConfigError
from sitrep.model import Document
from sitrep.pipeline import STAGES, Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def test_wiring_is_checked_when_the_pipeline_is_built() -> None:
    with pytest.raises(ConfigError, match="needs"):
        Pipeline(stages=("events",))  # events need places and dates first
    with pytest.raises(ConfigError, match="unknown stage"):
        Pipeline(stages=("places", "horoscope"))
    assert set(STAGES) >= {"places", "dates", "events", "claims"}


def test_non_english_documents_are_skipped_with_a_reason(pipeline: Pipeline) -> None:
    doc = Document.create("Les frappes ont touché Kharkiv hier soir.", language="fr")
    ex = pipeline.extract(doc)
    assert ex.skipped and "fr" in ex.skipped
    assert ex.events == [] and ex.places == []


def test_extract_many_keeps_input_order_and_skips_per_document(pipeline: Pipeline) -> None:
    docs = [
        Document.create(f"Report {i}: shelling hit Kharkiv on Monday.", external_id=f"r{i}") for i in range(5)
    ]
    docs.insert(2, Document.create("Неділя була спокійною.", language="uk", external_id="uk"))
    out = list(pipeline.extract_many(docs))
    assert [e.document.external_id for e in out] == [d.external_id for d in docs]
    assert out[2].skipped and not out[0].skipped
    # spans point into the document text
    for ex in out:
        for place in ex.places:
            assert ex.document.text[place.span.start : place.span.end] == place.span.text


def test_a_failing_stage_fails_one_document_not_the_batch(pipeline: Pipeline) -> None:
    class Exploding:
        name = "exploding"
        provides: tuple[str, ...] = ()
        requires: tuple[str, ...] = ()

        def __call__(self, ctx: object) -> None:
            if "boom" in ctx.document.text:  # type: ignore[attr-defined]
                raise ValueError("bad input for this stage")

    p = Pipeline(stages=("places",))
    p.stages.append(Exploding())
    docs = [
        Document.create("Shelling hit Kharkiv."),
        Document.create("boom in Odesa"),
        Document.create("Calm in Lviv."),
    ]
    out = list(p.extract_many(docs))
    assert [e.error is None for e in out] == [True, False, True]
    assert out[1].error and "exploding" in out[1].error and "bad input" in out[1].error


@pytest.mark.parametrize("many", [False, True])
def test_a_wire_slug_does_not_change_how_a_headline_is_read(pipeline: Pipeline, many: bool) -> None:
    """A wire slug ("WRAPUP 3-") before a headline once made the parser hang "killed" under the rebels' denial
    that follows, and the report was lost; the slug is blanked for the parse, and every span
    still points into the stored text."""
    slugged = "WRAPUP 3-Dozens killed in attack on convoy, officials say; rebels deny firing rocket"
    plain = slugged.removeprefix("WRAPUP 3-")
    docs = [Document.create(slugged), Document.create(plain)]
    got = list(pipeline.extract_many(docs)) if many else [pipeline.extract(d) for d in docs]
    with_slug, without = ([e for e in ex.events if e.status == "occurred"] for ex in got)
    assert [(e.sub_event_type, e.fatalities) for e in with_slug] == [
        (e.sub_event_type, e.fatalities) for e in without
    ]
    assert with_slug and with_slug[0].fatalities == 12
    assert got[0].document.text == slugged  # stored as written
    for span in with_slug[0].evidence:
        assert span.text == slugged[span.start : span.end]
        assert span.text.startswith("Dozens killed")
