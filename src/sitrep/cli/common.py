"""Options and output helpers shared by the verbs: --db, output formats, error translation."""

from __future__ import annotations

import csv
import functools
import json
import os
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from sitrep.errors import ConfigError, SitrepError
from sitrep.settings import Settings

F = TypeVar("F", bound=Callable[..., Any])


def db_option(fn: F) -> F:
    return click.option(
        "--db",
        "db",
        default=None,
        metavar="PATH|URL",
        help="SQLite file or postgresql:// URL (default: sitrep.db in the data dir; env SITREP_DB).",
    )(fn)


def format_options(fn: F) -> F:
    fn = click.option("--table", "fmt", flag_value="table", help="Output an aligned text table.")(fn)
    fn = click.option("--nl", "fmt", flag_value="nl", help="Output newline-delimited JSON.")(fn)
    fn = click.option("--csv", "fmt", flag_value="csv", help="Output CSV.")(fn)
    fn = click.option(
        "--json", "fmt", flag_value="json", default=True, help="Output a JSON array (default)."
    )(fn)
    return fn


def settings_from(db: str | None = None, **overrides: Any) -> Settings:
    return Settings.load(db=db, **overrides)


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite --db names (``sqlite:///`` prefix optional); None for PostgreSQL or memory."""
    from sitrep.store import sqlite_path

    if url.startswith(("postgresql", "postgres://")):
        return None
    path = sqlite_path(url)
    return None if path in ("", ":memory:") else Path(path).expanduser()


def open_existing_store(url: str) -> Any:
    """The store at ``url`` for verbs that read (and fix) a ledger: a SQLite path with no file
    there is an error, so a mistyped --db does not silently create an empty database."""
    from sitrep.store import open_store

    path = sqlite_file(url)
    if path is not None and not path.exists():
        raise ConfigError(
            f"no database at {path}", "store documents first with `sitrep ingest`, or check --db / SITREP_DB"
        )
    return open_store(url)


def check_writable(out: Path, option: str) -> None:
    """Make ``out``'s folder and check a file can go there, before long work whose results it holds;
    ``ConfigError`` naming ``out`` otherwise."""
    try:
        blocked = next((p for p in out.parents if p.exists() and not p.is_dir()), None)
        if blocked is not None:
            raise OSError(f"{blocked} is a file, not a folder")
        out.parent.mkdir(parents=True, exist_ok=True)
        if out.is_dir() or not os.access(out.parent, os.W_OK):
            raise OSError("not a writable file path")
    except OSError as exc:
        raise ConfigError(f"cannot write {out}: {exc.strerror or exc}", f"choose another {option}") from None


def handle_errors(fn: F) -> F:
    """Turn SitrepError into one line on stderr and exit code 2: no tracebacks for expected failures."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except SitrepError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


def emit_rows(rows: Iterable[dict[str, Any]], fmt: str | None, columns: list[str] | None = None) -> None:
    """Write rows to stdout as JSON (array), nl (JSON lines), csv or table."""
    out = sys.stdout
    fmt = fmt or "json"
    if fmt == "nl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        return
    materialised = list(rows)
    if fmt == "json":
        json.dump(materialised, out, ensure_ascii=False, indent=2, default=str)
        out.write("\n")
        return
    cols = columns or (list(materialised[0].keys()) if materialised else [])
    if fmt == "csv":
        from sitrep.export import csv_cell

        writer = csv.DictWriter(out, fieldnames=cols, extrasaction="ignore")
        writer.writeheader()
        for row in materialised:
            writer.writerow({c: csv_cell(_flat(row.get(c))) for c in cols})
        return
    cells = [{c: _visible(_flat(row.get(c))) for c in cols} for row in materialised]
    widths = {c: min(40, max([len(c)] + [len(r[c]) for r in cells])) for c in cols}
    out.write("  ".join(c.ljust(widths[c]) for c in cols).rstrip() + "\n")
    for cell in cells:
        out.write("  ".join(cell[c][: widths[c]].ljust(widths[c]) for c in cols).rstrip() + "\n")


_BREAKS = re.compile(r"[\t\n\r\v\f]+")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _visible(text: str) -> str:
    """A table cell as one line with every control character shown, not sent: untrusted text could
    otherwise move the cursor, clear the screen or retitle the terminal (ESC and OSC sequences)."""
    text = _BREAKS.sub(" ", text)
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _flat(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)
