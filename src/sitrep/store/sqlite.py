"""SQLite backend (stdlib sqlite3): one file, WAL journal, FTS5 for full-text search."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sitrep.errors import StoreError
from sitrep.store.base import EventFilter
from sitrep.store.sql import SQLStore

_TOKEN = re.compile(r"\w+", re.UNICODE)


def fts5_query(q: str) -> str | None:
    """User text -> an FTS5 query: every word must occur (quoted, so no operator syntax leaks in)."""
    tokens = _TOKEN.findall(q)
    return " ".join(f'"{t}"' for t in tokens) if tokens else None


class SQLiteStore(SQLStore):
    dialect = "sqlite"
    _integrity_errors = (sqlite3.IntegrityError,)

    def __init__(self, path: str) -> None:
        super().__init__()
        self.url = path
        if path != ":memory:":
            try:
                Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot create the folder for {path}: {exc}", "choose another --db path"
                ) from exc
        try:
            self.conn = sqlite3.connect(
                str(Path(path).expanduser()) if path != ":memory:" else path,
                isolation_level=None,
                check_same_thread=False,
                timeout=30.0,
            )
            self.conn.execute("PRAGMA foreign_keys = ON")
            if path != ":memory:":
                self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA busy_timeout = 30000")
            self._in_tx = False
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"cannot open SQLite database {path}: {exc}", "check the path, or move a damaged file aside"
            ) from exc

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        try:
            return self.conn.execute(sql, tuple(params))
        except sqlite3.OperationalError as exc:
            raise StoreError(f"{self.url}: {exc}", "is another process holding the database?") from exc

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.conn.executemany(sql, rows)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        if self._in_tx:  # nested: the outer transaction decides
            yield
            return
        self._execute("BEGIN IMMEDIATE")
        self._in_tx = True
        try:
            yield
        except BaseException:
            self._in_tx = False
            self.conn.execute("ROLLBACK")
            raise
        self._in_tx = False
        self.conn.execute("COMMIT")

    def _fts_condition(self, q: str) -> tuple[str, list[Any]] | None:
        match = fts5_query(q)
        if match is None:
            return None
        return "c.rowid IN (SELECT rowid FROM canonical_fts WHERE canonical_fts MATCH ?)", [match]

    def _stats_source(self, flt: EventFilter) -> str:
        # the covering stats index holds every filter column but actor, text and ids: one scan of
        # it beats the row lookups SQLite's planner would otherwise choose for an equality filter
        if flt.actor or (flt.q and flt.q.strip()) or flt.ids is not None:
            return "canonical_events c"
        return "canonical_events c INDEXED BY canonical_stats"

    def _upsert_canonical_data(self, rows: list[tuple[str, str, Any]]) -> None:
        # canonical_data.rid = canonical_events.rowid, so a search hit is a rowid of the filter table
        self._executemany(
            "INSERT INTO canonical_data (rid, id, search, data) SELECT rowid, id, ?, ? FROM canonical_events"
            " WHERE id = ? ON CONFLICT (id) DO UPDATE SET search = excluded.search, data = excluded.data",
            [(search, data, event_id) for event_id, search, data in rows],
        )

    def close(self) -> None:
        with self._lock:
            self.conn.close()
