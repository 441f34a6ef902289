"""Storage: :func:`open_store` picks SQLite for a path and PostgreSQL for a postgresql:// URL."""

from __future__ import annotations

from sitrep.store.base import (
    ClaimFilter,
    Decision,
    EventFilter,
    SaveResult,
    Store,
    next_cursor,
)

__all__ = [
    "ClaimFilter",
    "Decision",
    "EventFilter",
    "SaveResult",
    "Store",
    "next_cursor",
    "open_store",
    "sqlite_path",
]


def open_store(url: str) -> Store:
    """Open (creating and migrating as needed) the store at ``url``.

    ``postgresql://...`` or ``postgres://...`` -> PostgreSQL; ``sqlite:///path``, ``:memory:``
    or any other string -> a SQLite file at that path (parent folders are created).
    """
    for prefix in ("postgresql+psycopg://", "postgresql+psycopg2://"):  # SQLAlchemy spellings
        if url.startswith(prefix):
            url = "postgresql://" + url[len(prefix) :]
    if url.startswith(("postgresql://", "postgres://")):
        from sitrep.store.postgres import PostgresStore

        return PostgresStore(url)
    from sitrep.store.sqlite import SQLiteStore

    return SQLiteStore(sqlite_path(url))


def sqlite_path(url: str) -> str:
    """The SQLite path a --db names: ``sqlite:///`` stripped, an empty path in memory."""
    return (url[len("sqlite:///") :] or ":memory:") if url.startswith("sqlite:///") else url
