"""PostgreSQL backend (psycopg 3): jsonb blobs, a generated tsvector with a GIN index for search."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sitrep.errors import StoreError
from sitrep.settings import redact_url
from sitrep.store.sql import SQLStore

_MIGRATION_LOCK = 7_104_202_601  # pg_advisory_xact_lock key: one migrating process at a time
_PLACEHOLDER = re.compile(r"\?")
COPY_FROM = 200  # rows from which bulk writes go through COPY
ANALYZE_FROM = 10_000  # rows from which a bulk upsert refreshes the planner's statistics


class PostgresStore(SQLStore):
    dialect = "postgres"

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise StoreError("psycopg is not installed", "pip install 'psycopg[binary]'") from exc
        self._psycopg = psycopg
        self._integrity_errors = (psycopg.errors.IntegrityError,)
        self._sql_cache: dict[str, str] = {}
        try:
            self.conn = psycopg.connect(url, autocommit=True)
            # filters are very unequal in selectivity: plan each query for its own values
            self.conn.execute("SET plan_cache_mode = force_custom_plan")
        except psycopg.Error as exc:
            raise StoreError(
                f"cannot connect to PostgreSQL at {_redact(url)}: {str(exc).strip()}",
                "check the URL (postgresql://USER:PASSWORD@HOST:PORT/DBNAME) and that the server is running",
            ) from exc
        self._in_tx = False
        try:
            self._migrate()
        except psycopg.Error as exc:
            raise StoreError(
                f"cannot migrate {_redact(url)}: {exc}", "does the user own the database?"
            ) from exc

    def _sql(self, sql: str) -> str:
        cached = self._sql_cache.get(sql)
        if cached is None:
            cached = self._sql_cache[sql] = _PLACEHOLDER.sub("%s", sql.replace("%", "%%"))
        return cached

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        try:
            return self.conn.execute(self._sql(sql), tuple(params))  # type: ignore[arg-type]
        except self._psycopg.OperationalError as exc:
            raise StoreError(f"{_redact(self.url)}: {exc}", "is the PostgreSQL server reachable?") from exc

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self.conn.cursor() as cur:
            cur.executemany(self._sql(sql), rows)  # type: ignore[arg-type]

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        if self._in_tx:
            yield
            return
        self._in_tx = True
        try:
            with self.conn.transaction():
                yield
        finally:
            self._in_tx = False

    def _bulk_insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        if len(rows) < COPY_FROM:
            super()._bulk_insert(table, columns, rows)
            return
        with self.conn.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def _bulk_upsert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """COPY into a temporary table, then one INSERT ... ON CONFLICT from it (bulk loading)."""
        if len(rows) < COPY_FROM:
            super()._bulk_upsert(table, columns, rows)
            return
        cols = ", ".join(columns)
        staging = f"staging_{table}"
        self._execute(f"CREATE TEMP TABLE IF NOT EXISTS {staging} AS SELECT {cols} FROM {table} WITH NO DATA")
        self._execute(f"TRUNCATE {staging}")
        with self.conn.cursor() as cur, cur.copy(f"COPY {staging} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns[1:])
        self._execute(
            f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {staging}"
            f" ON CONFLICT ({columns[0]}) DO UPDATE SET {updates}"
        )
        self._execute(f"TRUNCATE {staging}")
        if len(rows) >= ANALYZE_FROM:  # the planner needs statistics for what was just loaded
            self._execute(f"ANALYZE {table}")

    def _lock_for_migration(self) -> None:
        self._execute("SELECT pg_advisory_xact_lock(?)", (_MIGRATION_LOCK,))

    def _bbox_condition(self, bbox: tuple[float, float, float, float]) -> tuple[str, list[Any]]:
        # the GiST index over point(longitude, latitude) answers `<@ box` (edges included); the
        # exact column test keeps the result identical to SQLite's
        exact, params = super()._bbox_condition(bbox)
        min_lon, min_lat, max_lon, max_lat = bbox
        return (
            f"point(c.longitude, c.latitude) <@ box(point(?, ?), point(?, ?)) AND {exact}",
            [float(min_lon), float(min_lat), float(max_lon), float(max_lat), *params],
        )

    def _fts_condition(self, q: str) -> tuple[str, list[Any]] | None:
        if not q.strip():
            return None
        return (
            "c.id IN (SELECT s.id FROM canonical_data s WHERE s.search_vector @@ plainto_tsquery('english', ?))",
            [q],
        )

    def close(self) -> None:
        with self._lock:
            self.conn.close()


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    return redact_url(url)
