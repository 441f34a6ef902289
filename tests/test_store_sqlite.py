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


def test_rtree_follows_the_events_and_both_bbox_paths_agree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The R*Tree holds exactly the placed events; a selective box uses it, a large one the scans."""
    import dataclasses

    from conftest import build_canonical

    import sitrep.store.sqlite as sqlite_store
    from sitrep.store import EventFilter

    store = open_store(str(tmp_path / "r.db"))
    assert isinstance(store, SQLiteStore)
    events = [build_canonical(i) for i in range(100)]
    for i, ce in enumerate(events):  # edges that 32-bit floats cannot hold exactly
        if ce.event.place and ce.event.place.latitude is not None and i % 7 == 0:
            ce.event.place.latitude, ce.event.place.longitude = 46.1, 30.7
    store.upsert_canonical_events(events)
    moved = dataclasses.replace(events[0], event=dataclasses.replace(events[0].event))
    moved.event.place = dataclasses.replace(events[0].event.place, latitude=None, longitude=None)  # type: ignore[arg-type]
    store.upsert_canonical_events([moved])
    store.delete_canonical_events([events[1].id])
    placed = store.count_canonical_events(EventFilter(limit=None, bbox=(-180, -90, 180, 90)))
    assert store.conn.execute("SELECT count(*) FROM canonical_rtree").fetchone()[0] == placed
    orphans = "SELECT count(*) FROM canonical_rtree WHERE rid NOT IN (SELECT rowid FROM canonical_events)"
    assert store.conn.execute(orphans).fetchone()[0] == 0

    edge = (30.7, 46.1, 30.7, 46.1)
    small = store._bbox_condition(edge)[0]
    assert "canonical_rtree" in small
    answers = []
    for share, least in ((10**9, 10**9), (10**9, 0)):  # R*Tree always, then never
        monkeypatch.setattr(sqlite_store, "RTREE_SHARE", share)
        monkeypatch.setattr(sqlite_store, "RTREE_MIN", least)
        uses_tree = "canonical_rtree" in store._bbox_condition(edge)[0]
        assert uses_tree == (least > 0)
        boxes = [edge, (30.0, 46.0, 33.0, 47.0), (-180.0, -90.0, 180.0, 90.0)]
        answers.append(
            [
                (
                    sorted(e.id for e in store.list_canonical_events(EventFilter(limit=None, bbox=box))),
                    store.count_canonical_events(EventFilter(bbox=box, min_fatalities=2)),
                )
                for box in boxes
            ]
        )
    assert answers[0] == answers[1]
    assert len(answers[0][0][0]) == len(
        [e for i, e in enumerate(events) if i % 7 == 0 and i > 1 and e.event.place.latitude == 46.1]
    )  # type: ignore[union-attr]
    store.close()
