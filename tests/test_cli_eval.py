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


def test_a_suite_without_data_is_reported_and_the_others_still_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sitrep.cli.evaluate as evaluate
    from sitrep.errors import ConfigError

    def fake_run(name: str, path: Path, limit: int | None = None) -> dict[str, object]:
        if name == "polnear":
            raise ConfigError(f"PolNeAR data not found under {path}", "pass --data")
        return {"suite": name, "table": f"{name}: fine", "metrics": {"f1": 0.5}}

    monkeypatch.setattr(evaluate, "run_suite", fake_run)
    out = tmp_path / "eval.json"
    args = ["eval", "seed", "polnear", "timebank", "--data", str(tmp_path), "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert "error: polnear: PolNeAR data not found" in result.stderr
    assert [r["suite"] for r in json.loads(out.read_text())] == ["seed", "timebank"]
    alone = CliRunner().invoke(cli, ["eval", "polnear", "--data", str(tmp_path), "--out", str(out)])
    assert alone.exit_code == 1 and len(json.loads(out.read_text())) == 2  # earlier results kept
    typo = CliRunner().invoke(cli, ["eval", "seed", "polnaer", "--data", str(tmp_path), "--out", str(out)])
    assert typo.exit_code == 2 and "polnaer" in typo.output and "seed: fine" not in typo.output


def test_limit_must_be_positive(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["eval", "seed", "--limit", "-3", "--data", str(tmp_path)])
    assert result.exit_code == 2 and "--limit" in result.output


def test_an_unwritable_out_stops_before_any_suite_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sitrep.cli.evaluate as evaluate

    ran: list[str] = []
    monkeypatch.setattr(evaluate, "run_suite", lambda name, path, limit=None: ran.append(name) or {})
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    out = blocker / "eval.json"
    result = CliRunner().invoke(cli, ["eval", "seed", "--data", str(tmp_path), "--out", str(out)])
    assert result.exit_code == 2 and f"error: cannot write {out}" in result.output and ran == []


def test_a_folder_of_the_wrong_data_is_an_error_not_a_row_of_zeros(tmp_path: Path) -> None:
    from sitrep.cli.evaluate import run_suite
    from sitrep.errors import ConfigError

    (tmp_path / "events.csv").write_text("id,location,count\n1,Kharkiv,3\n", encoding="utf-8")
    (tmp_path / "headlines.zip").write_bytes(b"this is not a zip archive")
    for suite in ("acled-ukraine", "ucdp", "ucdp-sources", "ruwa"):
        with pytest.raises(ConfigError, match="--data"):
            run_suite(suite, tmp_path, limit=5)
    for body in ('{"not": "rows"}', "[1, 2", '[{"notes": "x"}, "y"]'):
        (tmp_path / "acled.json").write_text(body, encoding="utf-8")
        with pytest.raises(ConfigError, match="--data"):
            run_suite("acled-ukraine", tmp_path / "acled.json", limit=5)
