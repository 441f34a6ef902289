"""The ingest runner with a fake pipeline and store: counting, de-duplication, batching of fusion."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ingest_helpers import FakePipeline, MemoryStore, sentence_doc

import sitrep.fuse
from sitrep.errors import InputError
from sitrep.ingest.runner import IngestSummary, ingest_items
from sitrep.settings import Settings


@pytest.fixture
def fuse_calls(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    calls: list[list[str]] = []

    def fake(store: Any, doc_ids: Any, settings: Any = None) -> list[str]:
        calls.append(list(doc_ids))
        return []

    monkeypatch.setattr(sitrep.fuse, "fuse_documents", fake)
    return calls


def test_counts_duplicates_versions_and_errors(tmp_path: Path, fuse_calls: list[list[str]]) -> None:
    for n in range(5):
        (tmp_path / f"{n}.txt").write_text(sentence_doc(n))
    (tmp_path / "copy.txt").write_text(sentence_doc(0))
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "uk.txt").write_text("Російські війська обстріляли місто вночі, є загиблі, повідомила влада.")
    store, pipeline = MemoryStore(), FakePipeline()
    errors: list[InputError] = []
    progress: list[int] = []
    summary = ingest_items(
        [str(tmp_path)],
        store,  # type: ignore[arg-type]
        Settings.load(batch_size=2),
        pipeline=pipeline,
        on_error=errors.append,
        on_progress=lambda s: progress.append(s.seen),
        fuse_every=4,
    )
    assert (summary.new, summary.duplicate, summary.skipped_language, summary.failed) == (5, 1, 1, 1)
    assert [e.item for e in errors] == [str(tmp_path / "empty.txt")]
    assert len(pipeline.seen) == 6 == len(set(pipeline.seen))  # the copy is never extracted
    assert progress[-1] == 8 and progress == sorted(progress)
    assert [len(c) for c in fuse_calls] == [4, 2]
    assert sorted(sum(fuse_calls, [])) == sorted(summary.doc_ids)
    fuse_calls.clear()
    (tmp_path / "9.txt").write_text(sentence_doc(9))
    again = ingest_items([str(tmp_path)], store, Settings.load(), pipeline=FakePipeline())  # type: ignore[arg-type]
    assert (again.new, again.duplicate, again.failed) == (1, 7, 1)
    # the new document, then every document already stored (a killed run's last saves get fused)
    (call,) = fuse_calls
    assert call[0] == again.doc_ids[0] and sorted(call[1:]) == sorted(summary.doc_ids)


def test_no_pipeline_is_built_when_nothing_is_new(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sitrep.pipeline

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the pipeline should not be built")

    monkeypatch.setattr(sitrep.pipeline, "Pipeline", refuse)
    summary = ingest_items([str(tmp_path / "missing.txt")], MemoryStore(), Settings.load())  # type: ignore[arg-type]
    assert summary.failed == 1 and summary.seen == 1


def test_summary_line() -> None:
    line = IngestSummary(new=2, duplicate=1, new_version=1, skipped_language=3, failed=4, events=9).line()
    assert line == "2 new, 1 duplicate, 1 new version, 3 skipped (not English), 4 failed; 9 event mentions"
