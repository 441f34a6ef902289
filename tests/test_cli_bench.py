"""`sitrep bench`: names and the --out path are checked before the (long) measuring starts."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitrep.cli import cli


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A stand-in bench suite that records each run instead of measuring."""
    import sitrep.cli.bench as bench

    calls: list[str] = []
    fake = types.SimpleNamespace(run=lambda data, quick: calls.append("quick") or {"table": "fake: 1 doc/s"})
    monkeypatch.setitem(sys.modules, "fake_bench_suite", fake)
    monkeypatch.setattr(bench, "BENCHES", {"fake": "fake_bench_suite", "other": "fake_bench_suite"})
    return calls


def test_out_in_a_new_folder_is_written(tmp_path: Path, runs: list[str]) -> None:
    out = tmp_path / "results" / "bench.json"
    result = CliRunner().invoke(cli, ["bench", "fake", "--quick", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())[0]["bench"] == "fake" and runs == ["quick"]


def test_an_unwritable_out_or_unknown_name_stops_before_measuring(tmp_path: Path, runs: list[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(cli, ["bench", "fake", "--out", str(blocker / "bench.json")])
    assert result.exit_code == 2 and f"error: cannot write {blocker / 'bench.json'}" in result.output
    typo = CliRunner().invoke(cli, ["bench", "fake", "fsuion"])
    assert typo.exit_code == 2 and "fsuion" in typo.output
    assert runs == []
