"""SQLite specifics: file placement, WAL, URL forms, schema versions, FTS query escaping."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import build_extraction

from sitrep.errors import StoreError
from sitrep.store import open_store
from sitrep.store.migrations import LATEST_VERSION, MIGRATIONS
from sitrep.store.postgres import _redact
from sitrep.store.sqlite import SQLiteStore, fts5_query


def test_parent_folders_are_created_and_wal_is_on(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "sitrep.db"
    store = open_store(str(path))
    assert isinstance(store, SQLiteStore) and path.exists()
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()


def test_url_forms(tmp_path: Path) -> None:
    s = open_store(f"sqlite:///{tmp_path}/x.db")
    assert (tmp_path / "x.db").exists()
    s.close()
    memory = open_store(":memory:")
    memory.save_extraction(build_extraction())
    assert memory.count_documents() == 1
    memory.close()


def test_each_migration_is_recorded_once(tmp_path: Path) -> None:
    path = str(tmp_path / "m.db")
    for _ in range(3):
        open_store(path).close()
    rows = sqlite3.connect(path).execute("SELECT version FROM schema_version ORDER BY version").fetchall()
    assert [r[0] for r in rows] == [m.version for m in MIGRATIONS]
    assert rows[-1][0] == LATEST_VERSION


def test_a_database_from_a_newer_sitrep_is_refused(tmp_path: Path) -> None:
    path = str(tmp_path / "new.db")
    open_store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_version VALUES (999, 'future', '2100-01-01')")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        open_store(path)


def test_a_file_that_is_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open"):
        open_store(str(path))


def test_fts5_query_quotes_every_word() -> None:
    assert fts5_query('Bakhmut OR "x" NEAR(') == '"Bakhmut" "OR" "x" "NEAR"'
    assert fts5_query("  -- ") is None


def test_unreachable_postgres_is_a_store_error_without_the_password() -> None:
    with pytest.raises(StoreError) as info:
        open_store("postgresql://user:secret@127.0.0.1:1/nothing?connect_timeout=2")
    assert "secret" not in str(info.value) and "postgresql://" in str(info.value)
    assert _redact("postgresql://u:p@h/db") == "postgresql://u:***@h/db"
    with pytest.raises(StoreError, match="cannot connect"):  # SQLAlchemy spelling: still PostgreSQL
        open_store("postgresql+psycopg://user:secret@127.0.0.1:1/nothing?connect_timeout=2")
