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
RTREE_SHARE = 12  # the R*Tree drives a bbox query when the box holds under 1/12 of the events...
RTREE_MIN = 2000  # ...or under this many


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

    def _bbox_condition(self, bbox: tuple[float, float, float, float]) -> tuple[str, list[Any]]:
        """Candidates from the R*Tree, then the exact test on the row, when the box is selective.

        The R*Tree's 32-bit boxes are rounded outwards, so its overlap query is a superset. SQLite
        keeps no statistics, and an R*Tree-driven query costs a row lookup per candidate: a box
        holding more than ``1/RTREE_SHARE`` of the events (the whole map, a country) is answered
        faster by a date-ordered scan (a page) or the covering index (a count), so the tree is
        probed first, reading at most that many entries.
        """
        exact, params = super()._bbox_condition(bbox)
        min_lon, min_lat, max_lon, max_lat = bbox
        box = [min_lon, max_lon, min_lat, max_lat]
        inside = "SELECT rid FROM canonical_rtree WHERE max_lon >= ? AND min_lon <= ? AND max_lat >= ? AND min_lat <= ?"
        with self._lock:
            size = self._execute("SELECT max(rowid) FROM canonical_events").fetchone()[0] or 0
            cap = max(RTREE_MIN, size // RTREE_SHARE)
            hits = self._execute(f"SELECT count(*) FROM ({inside} LIMIT ?)", [*box, cap]).fetchone()[0]
        if hits >= cap:
            return exact, params
        return f"c.rowid IN ({inside}) AND {exact}", [*box, *params]

    def _stats_source(self, flt: EventFilter) -> str:
        # the covering stats index holds every filter column but actor, text and ids: one scan of
        # it beats the row lookups SQLite's planner would otherwise choose for an equality filter
        if flt.actor or (flt.q and flt.q.strip()) or flt.ids is not None:
            return "canonical_events c"
        return "canonical_events c INDEXED BY canonical_stats"

    def _count_source(self, flt: EventFilter, where: list[str]) -> str:
        # a range filter (a box too large for the R*Tree, fatalities, sources) makes SQLite's planner
        # pick that column's index and look up most rows; one scan of the covering index is cheaper
        if any("canonical_rtree" in w for w in where):
            return "canonical_events c"
        if flt.bbox is None and flt.min_fatalities is None and flt.min_sources is None:
            return "canonical_events c"
        return self._stats_source(flt)

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
