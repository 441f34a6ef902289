"""`sitrep load-extractions`: a Parquet folder from a Ray run into the database, with one error
line per failed row and a clear error for a folder that holds no such output."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import build_extraction

from sitrep.cli import cli
from sitrep.store import open_store

pq = pytest.importorskip("pyarrow.parquet", reason="the ray extra (pyarrow) is not installed")


def write_rows(folder: Path, rows: list[dict[str, str]]) -> None:
    import pyarrow as pa

    folder.mkdir()
    columns = {name: [row[name] for row in rows] for name in ("doc_id", "item", "extraction", "error")}
    pq.write_table(pa.table(columns), folder / "part-0.parquet")


def test_failed_rows_are_named_on_stderr_and_good_rows_stored(tmp_path: Path) -> None:
    good = build_extraction(external_id="pq-1")
    write_rows(
        tmp_path / "out",
        [
            {"doc_id": good.document.id, "item": "batch.jsonl:1", "extraction": good.to_json(), "error": ""},
            {
                "doc_id": "x",
                "item": "batch.jsonl:2",
                "extraction": "",
                "error": "not valid JSON (at column 3)",
            },
            {"doc_id": "y", "item": "batch.jsonl:3", "extraction": '{"cut off', "error": ""},
        ],
    )
    db = str(tmp_path / "loaded.db")
    result = CliRunner().invoke(cli, ["load-extractions", str(tmp_path / "out"), "--db", db, "--no-fuse"])
    assert result.exit_code == 1, result.output
    assert "error: batch.jsonl:2: not valid JSON (at column 3)" in result.stderr
    assert "error: batch.jsonl:3: " in result.stderr
    assert "1 new" in result.stderr and "2 failed" in result.stderr
    store = open_store(db)
    try:
        assert store.count_documents() == 1
    finally:
        store.close()


def test_a_folder_without_parquet_output_is_one_error_line(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "a.txt").write_text("Shelling in Kharkiv on Monday.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["load-extractions", str(folder), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.output.startswith(f"error: {folder}: ") and "Parquet" in result.output
