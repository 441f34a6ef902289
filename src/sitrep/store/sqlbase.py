"""The base both SQL backends share: dialect hooks, migrations, small helpers.

SQL here uses ``?`` placeholders; the PostgreSQL backend rewrites them to ``%s``. Dates and
timestamps are ISO text in both backends (they sort and compare the same way), a missing
event date is ``''`` and missing fatalities ``0`` in the filter columns, so sorting and
keyset paging behave identically everywhere; the JSON blob keeps the exact record.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

from sitrep.errors import StoreError
from sitrep.store.migrations import LATEST_VERSION, MIGRATIONS, SCHEMA_VERSION_TABLE

CHUNK = 500  # ids per IN (...) list


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class SQLStoreBase:
    """Everything but connecting, transactions and full-text search syntax."""

    dialect = "sqlite"
    url: str
    _integrity_errors: tuple[type[Exception], ...] = ()  # the driver's "record rejected" errors

    def __init__(self) -> None:
        self._lock = threading.RLock()

    # -- dialect hooks ------------------------------------------------------------------
    def _sql(self, sql: str) -> str:
        return sql

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        raise NotImplementedError

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        raise NotImplementedError

    def _transaction(self) -> AbstractContextManager[Any]:
        raise NotImplementedError

    def _bulk_insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Insert many rows (inside the caller's transaction); PostgreSQL overrides this with COPY."""
        if rows:
            marks = ", ".join("?" for _ in columns)
            self._executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    def _bulk_upsert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Insert or update many rows keyed by the first column (``id``)."""
        if rows:
            marks = ", ".join("?" for _ in columns)
            updates = ", ".join(f"{c} = excluded.{c}" for c in columns[1:])
            self._executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
                f" ON CONFLICT ({columns[0]}) DO UPDATE SET {updates}",
                rows,
            )

    def _fts_condition(self, q: str) -> tuple[str, list[Any]] | None:
        raise NotImplementedError

    def _json(self, value: Any) -> Any:
        return json.dumps(value, ensure_ascii=False)

    @staticmethod
    def _unjson(value: Any) -> Any:
        return json.loads(value) if isinstance(value, (str, bytes)) else value

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> SQLStoreBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- migrations ---------------------------------------------------------------------
    def _migrate(self) -> None:
        with self._lock, self._transaction():
            self._lock_for_migration()
            self._execute(SCHEMA_VERSION_TABLE[self.dialect])
            current = self._execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0
            if current > LATEST_VERSION:
                raise StoreError(
                    f"{self.url}: schema version {current} is newer than this sitrep knows ({LATEST_VERSION})",
                    "upgrade sitrep, or point --db at another database",
                )
            for migration in MIGRATIONS:
                if migration.version <= current:
                    continue
                statements = migration.sqlite if self.dialect == "sqlite" else migration.postgres
                for statement in statements:
                    self._execute(statement)
                self._execute(
                    "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
                    (migration.version, migration.description, _now()),
                )

    def _lock_for_migration(self) -> None:
        """Serialise concurrent migrations (SQLite: BEGIN IMMEDIATE already does)."""

    def schema_version(self) -> int:
        with self._lock:
            return int(self._execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0)
