"""Look-ups in the gazetteer index (opened lazily, read-only, one connection per process)."""

from __future__ import annotations

import re
import sqlite3
import sys
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from sitrep.errors import ResourceError

GAZETTEER_FILE = "gazetteer.sqlite"
SCHEMA_VERSION = "1"
FIX = "run `sitrep gazetteer build` (or scripts/setup) to rebuild it"

_DROP = str.maketrans("", "", "’'`ʼ‘")
_SEPARATORS = re.compile(r"[\s\-‐–]+")


def name_key(name: str) -> str:
    """Look-up key: accents and apostrophes dropped, hyphens as spaces, case folded."""
    if not name.isascii():
        decomposed = unicodedata.normalize("NFKD", name)
        name = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", name.translate(_DROP)).strip().casefold()


@dataclass(frozen=True)
class Entry:
    """One gazetteer place."""

    id: str
    name: str
    country_code: str | None
    admin1: str | None
    admin2: str | None
    latitude: float | None
    longitude: float | None
    population: int
    feature: str
    precision: int
    source: str

    @property
    def is_area(self) -> bool:
        return self.feature in ("country", "admin1", "admin2", "region")


_COLUMNS = "p.id, p.name, p.country_code, p.admin1, p.admin2, p.latitude, p.longitude, p.population, p.feature, p.precision, p.source"


class Gazetteer:
    """Read access to the index file; opening is deferred to the first query."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._con: sqlite3.Connection | None = None
        self._cache: dict[str, tuple[Entry, ...]] = {}
        self._region_cache: dict[str, dict[str, tuple[Entry, ...]]] = {}
        self._lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        if self._con is not None:
            return self._con
        if not self.path.exists():
            raise ResourceError(f"gazetteer index not found at {self.path}", FIX)
        try:
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            row = con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise ResourceError(
                f"gazetteer index {self.path} is unreadable or corrupt ({exc})", FIX
            ) from None
        if row is None or row[0] != SCHEMA_VERSION:
            con.close()
            raise ResourceError(
                f"gazetteer index {self.path} has schema {row[0] if row else 'none'}, expected {SCHEMA_VERSION}",
                FIX,
            )
        self._con = con
        return con

    def check(self) -> int:
        """Open the index and count its places (raises ResourceError when missing or corrupt)."""
        try:
            return int(self._connect().execute("SELECT count(*) FROM places").fetchone()[0])
        except sqlite3.DatabaseError as exc:
            raise ResourceError(f"gazetteer index {self.path} is corrupt ({exc})", FIX) from None

    def _query(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        con = self._connect()
        try:
            with self._lock:
                return con.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise ResourceError(f"gazetteer index {self.path} is corrupt ({exc})", FIX) from None

    def lookup(self, name: str) -> tuple[Entry, ...]:
        """Every place with this name (any script, accents and case ignored), most populous first."""
        key = name_key(name)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        rows = self._query(
            f"SELECT DISTINCT {_COLUMNS} FROM names n JOIN places p ON p.id = n.place_id WHERE n.key = ? "
            "ORDER BY p.population DESC LIMIT 200",
            (key,),
        )
        entries = tuple(_entry(r) for r in rows)
        if len(self._cache) > 50_000:
            self._cache.clear()
        self._cache[key] = entries
        return entries

    def settlements_in(self, country_code: str, admin1: str) -> dict[str, tuple[Entry, ...]]:
        """Look-up key -> the cities, towns and villages of one first-level region bearing that name
        (own or alternate; Latin-script keys only), for spelling variants within a region."""
        ck = f"\x00{country_code}\x00{admin1}"
        hit = self._region_cache.get(ck)
        if hit is not None:
            return hit
        rows = self._query(
            # CROSS JOIN keeps this order: the region's places first, then their names by index
            f"SELECT DISTINCT n.key, {_COLUMNS} FROM places p CROSS JOIN names n ON n.place_id = p.id "
            "WHERE p.country_code = ? AND p.admin1 = ? AND p.feature IN ('city', 'town', 'village')",
            (country_code, admin1),
        )
        out: dict[str, list[Entry]] = {}
        for r in rows:
            key = str(r[0])
            if key.isascii():
                out.setdefault(key, []).append(_entry(r[1:]))
        result = {k: tuple(v) for k, v in out.items()}
        self._region_cache[ck] = result
        return result

    def get(self, place_id: str) -> Entry | None:
        rows = self._query(f"SELECT {_COLUMNS} FROM places p WHERE p.id = ?", (place_id,))
        return _entry(rows[0]) if rows else None

    def surface_names(self, min_population: int = 1000, alternates_from: int = 20_000) -> dict[str, int]:
        """Names worth matching in text -> the largest population among places bearing them.

        Countries, admin areas and supplement places always count (population given a floor);
        towns and villages only from ``min_population`` up, and their alternate
        names only from ``alternates_from`` up.
        """
        rows = self._query(
            "SELECT n.name, max(CASE WHEN p.feature IN ('country', 'admin1', 'region', 'facility') "
            "OR p.source IN ('supplement', 'import') THEN max(p.population, 1000000) ELSE p.population END) "
            "FROM names n JOIN places p ON p.id = n.place_id "
            "WHERE p.feature IN ('country', 'admin1', 'region', 'facility') "
            "OR p.source IN ('supplement', 'import') "
            "OR (p.population >= ? AND (n.kind = 0 OR p.population >= ?)) "
            "OR (p.feature = 'admin2' AND n.kind = 0 AND (n.name LIKE '% County' OR n.name LIKE '% Parish' "
            "OR n.name LIKE '% Raion' OR n.name LIKE '% District')) GROUP BY n.name",
            (min_population, alternates_from),
        )
        return {str(name): int(pop) for name, pop in rows}  # type: ignore[call-overload]

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None


def _entry(row: tuple[object, ...]) -> Entry:
    return Entry(
        id=str(row[0]),
        name=str(row[1]),
        country_code=row[2] if isinstance(row[2], str) else None,
        admin1=row[3] if isinstance(row[3], str) else None,
        admin2=row[4] if isinstance(row[4], str) else None,
        latitude=float(row[5]) if isinstance(row[5], (int, float)) else None,
        longitude=float(row[6]) if isinstance(row[6], (int, float)) else None,
        population=int(row[7]) if isinstance(row[7], int) else 0,
        feature=str(row[8]),
        precision=int(row[9]) if isinstance(row[9], int) else 1,
        source=str(row[10]),
    )


_OPEN: dict[Path, Gazetteer] = {}
_OPEN_LOCK = threading.Lock()


def get_gazetteer(data_dir: Path, build_if_missing: bool = True) -> Gazetteer:
    """The process-wide gazetteer for ``data_dir``; built (with a note on stderr) when missing."""
    path = Path(data_dir) / GAZETTEER_FILE
    with _OPEN_LOCK:
        gaz = _OPEN.get(path)
        if gaz is not None:
            return gaz
        if not path.exists():
            if not build_if_missing:
                raise ResourceError(f"gazetteer index not found at {path}", FIX)
            from sitrep.gazetteer.build import build_gazetteer

            print(f"sitrep: gazetteer index missing; building it now at {path} (once)", file=sys.stderr)
            build_gazetteer(path)
        gaz = Gazetteer(path)
        gaz.check()
        _OPEN[path] = gaz
        return gaz
