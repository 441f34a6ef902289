"""`sitrep eval`: clear errors for a wrong path or suite; timings on stderr that -q silences."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitrep.cli import cli

SEED = Path(__file__).resolve().parents[2] / "shared" / "evaldata" / "seed"


def test_missing_data_and_unknown_suites_say_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["eval", "seed", "--data", str(tmp_path / "nowhere")])
    assert result.exit_code != 0 and "evaluation data not found" in result.output
    result = CliRunner().invoke(cli, ["eval", "no-such-suite", "--data", str(tmp_path)])
    assert result.exit_code != 0 and "known:" in result.output


@pytest.mark.evaldata
@pytest.mark.skipif(not SEED.exists(), reason=f"evaluation data not found at {SEED} (../shared/evaldata)")
def test_a_suite_reports_its_time_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "eval.json"
    result = CliRunner().invoke(cli, ["eval", "seed", "--data", str(SEED), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "seed: done in" in result.stderr
    assert json.loads(out.read_text())[0]["suite"] == "seed"
    quiet = CliRunner().invoke(cli, ["eval", "seed", "-q", "--data", str(SEED), "--out", str(out)])
    assert quiet.exit_code == 0 and quiet.stderr == ""
