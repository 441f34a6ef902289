"""The store benchmark runs end to end on a small store (figures are printed, never asserted)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitrep.store.bench import QUERIES, main


def test_bench_reports_every_query(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(tmp_path / "b.db"), "--events", "300", "--repeat", "2"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["events"] == 300 and report["upsert_events_per_s"] > 0
    assert set(QUERIES) <= set(report["queries"])
    assert all(q["p95_ms"] >= q["p50_ms"] >= 0 for q in report["queries"].values())
