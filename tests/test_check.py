"""`sitrep check`: ok/FAIL per dependency, with the fix, and an exit code that sums up."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from sitrep.cli import cli


def run_check(monkeypatch: pytest.MonkeyPatch, data_dir: Path, db: Path) -> tuple[int, str]:
    monkeypatch.setenv("SITREP_DATA_DIR", str(data_dir))
    result = CliRunner().invoke(cli, ["check", "--db", str(db)])
    return result.exit_code, result.output


def test_missing_gazetteer_fails_with_the_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = run_check(monkeypatch, tmp_path, tmp_path / "t.db")
    assert code == 1
    assert "ok    NLP model" in out
    assert "ok    database" in out and "not created yet" in out
    assert not (tmp_path / "t.db").exists()  # checking never creates the database
    assert "FAIL  gazetteer index: missing" in out
    assert "fix: sitrep gazetteer build" in out


def test_an_existing_database_is_opened_and_counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sitrep.store import open_store

    open_store(str(tmp_path / "t.db")).close()
    code, out = run_check(monkeypatch, tmp_path, tmp_path / "t.db")
    assert "ok    database" in out and "0 documents" in out


def test_corrupt_gazetteer_is_reported_not_raised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "gazetteer.sqlite").write_bytes(b"this is not a database" * 100)
    code, out = run_check(monkeypatch, tmp_path, tmp_path / "t.db")
    assert code == 1
    assert "FAIL  gazetteer index" in out and "Traceback" not in out


def test_all_required_checks_pass_on_a_set_up_machine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sitrep.settings import Settings

    default_index = Settings.load().data_path / "gazetteer.sqlite"
    if not default_index.exists():
        from sitrep.gazetteer import build_gazetteer

        build_gazetteer(default_index)
    monkeypatch.delenv("SITREP_DATA_DIR", raising=False)
    result = CliRunner().invoke(cli, ["check", "--db", str(tmp_path / "t.db")])
    assert result.exit_code == 0, result.output
    assert "FAIL" not in result.output


def test_no_verb_prints_a_database_password(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    import sitrep.cli.ingest as ingest_cli
    import sitrep.cli.serve as serve_cli
    import sitrep.ingest.runner as runner
    import sitrep.store

    url = "postgresql://analyst:hunter2secret@127.0.0.1:1/ledger"  # nothing listens on port 1
    checked = CliRunner().invoke(cli, ["check", "--db", url])
    assert "FAIL  database" in checked.output and "hunter2secret" not in checked.output

    class Closed:
        def close(self) -> None:
            pass

    # as if the server were there: the summary and the banner name the database
    monkeypatch.setattr(ingest_cli, "open_store", lambda u: Closed())
    monkeypatch.setattr(runner, "ingest_items", lambda *a, **k: runner.IngestSummary(new=1))
    ingested = CliRunner().invoke(cli, ["ingest", "a.txt", "--db", url])
    assert (
        ingested.exit_code == 0
        and "ingested into postgresql://analyst:***@127.0.0.1:1/ledger" in ingested.stderr
    )
    monkeypatch.setattr(sitrep.store, "open_store", lambda u: Closed())
    monkeypatch.setattr("sitrep.api.create_app", lambda settings: object())
    monkeypatch.setattr(serve_cli, "check_address", lambda host, port: None)
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)
    served = CliRunner().invoke(cli, ["serve", "--db", url])
    assert "database postgresql://analyst:***@127.0.0.1:1/ledger" in served.output, served.output


def test_the_llm_check_hides_a_password_in_its_url(monkeypatch: pytest.MonkeyPatch) -> None:
    from sitrep.cli.check import check_llm
    from sitrep.settings import Settings

    settings = Settings.load(
        events_backend="llm", llm_url="http://svc:topsecret@127.0.0.1:1/v1", llm_timeout=1
    )
    result = check_llm(settings)
    assert not result.ok and "topsecret" not in result.detail and "svc:***@127.0.0.1:1" in result.detail
