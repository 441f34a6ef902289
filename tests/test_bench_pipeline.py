"""`sitrep bench pipeline` in quick mode on a few demo articles: every figure present and positive.

No timing assertions: the machine may be busy; only the shape and sign of the figures are checked.
"""

from __future__ import annotations

from typing import Any

import pytest

from sitrep.bench import pipeline as bench


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    return bench.run(None, quick=True, limit=3, two_process=False)


def test_rates_are_present_and_positive(result: dict[str, Any]) -> None:
    assert result["corpus"]["documents"] == 3
    assert result["corpus"]["sources"] == {"demo": 3}
    assert result["corpus"]["words"] > 0
    for side in ("bare", "full"):
        for key in ("seconds", "cpu_seconds", "docs_per_s", "words_per_s", "words_per_cpu_s"):
            assert result[side][key] > 0, (side, key)
    assert result["ratio_full_to_bare"] > 0 and result["ratio_full_to_bare_wall"] > 0
    assert result["articles_600w_per_s"] > 0


def test_every_stage_is_timed(result: dict[str, Any]) -> None:
    assert set(result["stages"]) >= {"places", "dates", "events", "claims"}
    for figures in result["stages"].values():
        assert figures["seconds"] >= 0 and figures["cpu_seconds"] >= 0 and figures["share_of_bare"] >= 0
    assert set(result["shares_of_bare"]) == {"places+dates", "events", "claims", "all stages"}
    assert result["shares_of_bare"]["all stages"] > 0


def test_memory_and_table(result: dict[str, Any]) -> None:
    assert result["memory"]["peak_rss_mb"] > 0
    assert result["machine"]["pipes"] and result["machine"]["cpus"]
    table = result["table"]
    for text in ("bare spaCy", "full pipeline", "ratio full/bare", "places+dates", "peak RSS"):
        assert text in table


def test_timed_stages_leave_results_unchanged() -> None:
    from sitrep.demo import iter_demo_documents
    from sitrep.pipeline import Pipeline

    docs = [d for d in iter_demo_documents() if d.is_english][:2]
    plain = Pipeline()
    timed = Pipeline()
    totals: dict[str, bench.Timing] = {}
    timed.stages = [bench.TimedStage(s, totals) for s in timed.stages]
    assert [e.output_line() for e in plain.extract_many(docs)] == [
        e.output_line() for e in timed.extract_many(docs)
    ]
    assert set(totals) == {s.name for s in plain.stages}


def test_evaldata_samples_are_read_at_run_time(tmp_path: Any) -> None:
    isw = tmp_path / "isw-2022"
    isw.mkdir()
    (isw / "2022-01-01-update.md").write_text("---\ntitle: x\n---\n\nTroops moved near the town.\n")
    india = tmp_path / "india-police-events"
    india.mkdir()
    (india / "docs.csv").write_text(",doc_id,doc_text\n0,7,Police detained ten people.\n1,8,\n")
    corpus = bench.load_corpus(tmp_path, quick=True)
    assert corpus.sources["isw-2022"] == 1 and corpus.sources["india-police-events"] == 1
    texts = [d.text for d in corpus.documents]
    assert "Troops moved near the town." in texts and "title: x" not in " ".join(texts)
    big = bench.large_batch(tmp_path, True, corpus)
    assert len(big.documents) == bench.LARGE_BATCH[0]


@pytest.mark.slow
def test_two_process_variant_runs() -> None:
    result = bench.run(None, quick=True, limit=2, two_process=True)
    tp = result["two_process"]
    assert tp["documents"] > 0 and tp["bare_2"]["docs_per_s"] > 0 and tp["full_2"]["docs_per_s"] > 0


@pytest.mark.slow
def test_two_processes_give_the_same_extractions_in_order() -> None:
    from sitrep.demo import iter_demo_documents
    from sitrep.pipeline import Pipeline
    from sitrep.settings import Settings

    docs = list(iter_demo_documents())[:6] + [d for d in iter_demo_documents() if not d.is_english]
    one = [e.output_line() for e in Pipeline(Settings.load(n_process=1)).extract_many(docs)]
    two = [e.output_line() for e in Pipeline(Settings.load(n_process=2)).extract_many(docs)]
    assert one == two
    assert [x["id"] for x in two] == [d.external_id for d in docs]
