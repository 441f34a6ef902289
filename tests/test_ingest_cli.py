"""`sitrep ingest` end to end: stored once, versions linked, summary, and a SIGKILL mid-batch."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from ingest_helpers import sentence_doc

from sitrep.cli import cli
from sitrep.model import Document
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings
from sitrep.store import EventFilter, open_store

REPO = Path(__file__).resolve().parents[1]


def run_ingest(args: list[str], input: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["ingest", *args], input=input, catch_exceptions=False)


def documents(db: Path) -> list[Document]:
    store = open_store(str(db))
    try:
        return list(store.iter_documents())
    finally:
        store.close()


def test_same_content_twice_is_stored_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(sentence_doc(1))
    (tmp_path / "copy.txt").write_text("\n" + sentence_doc(1) + "\n")
    db = tmp_path / "t.db"
    first = run_ingest([str(tmp_path / "a.txt"), str(tmp_path / "copy.txt"), "--db", str(db)])
    assert first.exit_code == 0, first.stderr
    assert "1 new, 1 duplicate" in first.stderr
    again = run_ingest([str(tmp_path / "a.txt"), "--db", str(db)])
    assert again.exit_code == 0 and "0 new, 1 duplicate" in again.stderr
    assert len(documents(db)) == 1


def test_updated_article_at_same_url_is_a_linked_version(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    url = "https://news.example/strike"
    v1 = json.dumps({"id": "v1", "url": url, "published": "2023-03-09T08:00:00", "text": sentence_doc(1)})
    v2 = json.dumps(
        {"id": "v2", "url": url, "published": "2023-03-09T12:00:00", "text": sentence_doc(1) + " Updated."}
    )
    assert run_ingest(["-", "--db", str(db)], input=v1 + "\n").exit_code == 0
    result = run_ingest(["-", "--db", str(db)], input=v2 + "\n")
    assert result.exit_code == 0 and "1 new version" in result.stderr
    by_external = {d.external_id: d for d in documents(db)}
    assert set(by_external) == {"v1", "v2"}
    assert by_external["v2"].version_of == by_external["v1"].id
    assert by_external["v1"].version_of is None


def test_defaults_and_non_english(tmp_path: Path) -> None:
    (tmp_path / "en.txt").write_text(sentence_doc(2))
    (tmp_path / "uk.txt").write_text(
        "Російські війська обстріляли місто вночі, є загиблі, повідомила обласна влада."
    )
    db = tmp_path / "t.db"
    result = run_ingest([str(tmp_path), "--db", str(db), "--published", "2023-03-10", "--outlet", "Desk"])
    assert result.exit_code == 0, result.stderr
    assert "1 new" in result.stderr and "1 skipped (not English)" in result.stderr
    docs = {Path(d.source or "").name: d for d in documents(db)}
    assert docs["en.txt"].outlet == "Desk" and docs["en.txt"].published is not None
    assert docs["en.txt"].published.date().isoformat() == "2023-03-10"
    assert docs["uk.txt"].language == "uk"


def test_bad_published_option_is_one_error_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(sentence_doc(2))
    result = run_ingest([str(tmp_path / "a.txt"), "--db", str(tmp_path / "t.db"), "--published", "soonish"])
    assert result.exit_code == 2
    assert (
        result.stderr.startswith("error: --published: cannot read 'soonish' as a date")
        and len(result.stderr.splitlines()) == 1
    )


def long_doc(n: int) -> str:
    return " ".join(sentence_doc(n * 100 + k) for k in range(2))


@pytest.mark.slow
def test_sigkill_mid_batch_then_rerun_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    total = 60
    for n in range(total):
        (folder / f"doc{n:02d}.txt").write_text(long_doc(n))
    db = tmp_path / "tmp.db"
    env = {**os.environ, "SITREP_BATCH_SIZE": "4", "PYTHONPATH": str(REPO / "src")}
    command = [sys.executable, "-m", "sitrep", "ingest", str(folder), "--db", str(db), "--quiet"]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    at_kill = 0
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if db.exists():
                at_kill = _count(db)
                if at_kill >= 3:
                    break
            time.sleep(0.02)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read() if proc.stderr else ""
    after_kill = _count(db)
    assert 3 <= after_kill < total, "the kill should land mid-batch"

    rerun = subprocess.run(command[:-1], env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{total - after_kill} new, {after_kill} duplicate" in rerun.stderr

    store = open_store(str(db))
    try:
        docs = list(store.iter_documents())
        assert store.count_documents() == total
        assert sorted(Path(d.source or "").name for d in docs) == sorted(p.name for p in folder.iterdir())
        mentions = list(store.iter_event_mentions())
        assert len({m.id for m in mentions}) == len(mentions)
        fresh = {x.document.id: x for x in Pipeline(Settings.load()).extract_many(docs)}
        for doc in docs:
            saved = store.get_extraction(doc.id)
            assert saved is not None
            expected = fresh[doc.id]
            assert [e.id for e in saved.events] == [e.id for e in expected.events]
            assert len(saved.dates) == len(expected.dates) and len(saved.places) == len(expected.places)
            assert sorted(m.id for m in mentions if m.doc_id == doc.id) == sorted(
                e.id for e in expected.events
            )
        # every mention fusion takes is in exactly one canonical event, the last saves before the kill too
        canonical = store.list_canonical_events(EventFilter(limit=None))
        fused = [mid for ce in canonical for mid in ce.mention_ids]
        assert len(fused) == len(set(fused))
        assert set(fused) == {m.id for m in mentions if m.status != "background"}
    finally:
        store.close()


def _count(db: Path) -> int:
    import sqlite3

    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
    except sqlite3.Error:
        return 0  # not created yet, or locked for a moment


def test_engine_ray_is_wired_to_the_ray_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sitrep.engines.ray_engine as ray_engine

    calls: list[dict[str, object]] = []

    def fake_run_ray(items: list[str], settings: Settings, store: object, **kwargs: object) -> object:
        calls.append({"items": items, "store": store, **kwargs})
        on_error = kwargs["on_error"]
        on_error("bad.txt", "empty file")  # type: ignore[operator]
        return ray_engine.RayReport(new=1, failed=1)

    monkeypatch.setattr(ray_engine, "run_ray", fake_run_ray)
    out = tmp_path / "out.parquet"
    result = run_ingest(
        ["a", "b", "--engine", "ray", "--workers", "3", "--parquet-out", str(out), "--outlet", "X"]
    )
    assert result.exit_code == 1
    assert "error: bad.txt: empty file" in result.stderr and "1 new" in result.stderr
    (call,) = calls
    assert call["items"] == ["a", "b"] and call["store"] is None and call["parquet_out"] == out
    assert call["workers"] == 3 and call["defaults"] == {"published": None, "outlet": "X", "title": None}
    refused = run_ingest(["a", "--parquet-out", str(out)])
    assert refused.exit_code == 2 and "--parquet-out needs --engine ray" in refused.stderr


def test_ctrl_c_says_what_was_stored_and_how_to_go_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sitrep.ingest.runner as runner

    def interrupted(items: list[str], store: object, settings: Settings, **kwargs: object) -> object:
        on_progress = kwargs["on_progress"]
        on_progress(runner.IngestSummary(new=3, duplicate=1))  # type: ignore[operator]
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "ingest_items", interrupted)
    result = CliRunner().invoke(cli, ["ingest", "x.jsonl", "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 130
    assert "interrupted after 3 new, 1 duplicate" in result.stderr and "again" in result.stderr
