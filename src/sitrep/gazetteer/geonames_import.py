"""Import a full GeoNames country dump (``UA.zip`` or ``UA.txt``, the allCountries format).

Tab-separated columns: geonameid, name, asciiname, alternatenames, latitude, longitude,
feature class, feature code, country code, cc2, admin1 code, admin2 code, admin3, admin4,
population, elevation, dem, timezone, modification date. Populated places (class P), admin
areas (class A) and a few facility/spot codes (class S) are kept; rows already in the index
are updated in place, new ones added with source ``import``.
"""

from __future__ import annotations

import io
import sqlite3
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from sitrep.errors import InputError, ResourceError
from sitrep.gazetteer.build import PlaceRow, _insert, _keep
from sitrep.gazetteer.lookup import FIX

_S_CODES = {"AIRP", "AIRB", "AIRF", "DAM", "PS", "PSN", "BDG", "MFG", "RSTN", "PRT", "CSTL", "MNMT"}
_ADMIN_CODES = {"ADM1": ("admin1", 3), "ADM2": ("admin2", 2)}


def _lines(path: Path) -> Iterator[str]:
    if path.suffix.lower() == ".zip":
        try:
            zf = zipfile.ZipFile(path)
        except zipfile.BadZipFile as exc:
            raise InputError(
                str(path), f"not a zip file ({exc})", "pass a GeoNames dump such as UA.zip or UA.txt"
            ) from None
        with zf:
            members = [n for n in zf.namelist() if n.endswith(".txt") and not n.lower().startswith("readme")]
            if not members:
                raise InputError(
                    str(path), "no .txt dump inside the zip", "pass a GeoNames dump such as UA.zip"
                )
            with zf.open(members[0]) as raw:
                yield from io.TextIOWrapper(raw, encoding="utf-8")
    else:
        with open(path, encoding="utf-8") as fh:
            yield from fh


def check_dump(dump: Path) -> None:
    """``InputError`` unless ``dump`` is a file (checked before any work on the index)."""
    if not dump.exists():
        raise InputError(str(dump), "file not found")
    if dump.is_dir():
        raise InputError(
            str(dump), "is a folder, not a dump file", "pass a GeoNames dump such as UA.zip or UA.txt"
        )


def parse_dump(path: Path) -> Iterator[tuple[PlaceRow, str, str]]:
    """(row, admin1 code, admin2 code) for each kept line of the dump; ``InputError`` naming the
    file (and line) when it cannot be read."""
    check_dump(path)
    try:
        yield from _parse_lines(path)
    except UnicodeDecodeError as exc:
        raise InputError(
            str(path), f"not valid UTF-8 (byte 0x{exc.object[exc.start]:02x})", "GeoNames dumps are UTF-8"
        ) from None
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise InputError(str(path), f"the zip is damaged ({exc})", "download the dump again") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read it ({exc.strerror or exc})") from None


def _parse_lines(path: Path) -> Iterator[tuple[PlaceRow, str, str]]:
    for n, line in enumerate(_lines(path), start=1):
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 15:
            if line.strip():
                raise InputError(f"{path}:{n}", f"expected 19 tab-separated columns, got {len(cols)}",
                                 "the file must be in GeoNames allCountries format")  # fmt: skip
            continue
        fclass, fcode = cols[6], cols[7]
        try:
            pop = int(cols[14] or 0)
        except ValueError:
            raise InputError(f"{path}:{n}", f"population {cols[14]!r} is not a whole number") from None
        if fclass == "P":
            feature, precision = ("city" if pop >= 100_000 else "town" if pop >= 5_000 else "village"), 1
        elif fclass == "A" and fcode in _ADMIN_CODES:
            feature, precision = _ADMIN_CODES[fcode]
        elif fclass == "S" and fcode in _S_CODES:
            feature, precision = "facility", 1
        else:
            continue
        try:
            lat, lon = float(cols[4]), float(cols[5])
        except ValueError:
            raise InputError(f"{path}:{n}", "latitude/longitude are not numbers") from None
        names = [cols[1], cols[2], *[a for a in cols[3].split(",") if a]]
        row = PlaceRow(
            id=f"geonames:{cols[0]}", name=cols[1], country_code=cols[8] or None, admin1=None, admin2=None,
            admin1_code=f"{cols[8]}.{cols[10]}" if cols[10] else None, latitude=lat, longitude=lon,
            population=pop, feature=feature, precision=precision, source="import", names=names,
        )  # fmt: skip
        yield row, cols[10], cols[11]


def import_dump(index: Path, dump: Path) -> tuple[int, int]:
    """Add or update the dump's places in the index at ``index``; returns (added, updated)."""
    if not index.exists():
        raise ResourceError(f"gazetteer index not found at {index}", FIX)
    rows = list(parse_dump(dump))
    con = sqlite3.connect(index)
    try:
        # admin names: from the dump's own ADM1/ADM2 rows, else from places already indexed.
        adm1 = {(r.country_code, a1): r.name for r, a1, _ in rows if r.feature == "admin1"}
        adm2 = {(r.country_code, a1, a2): r.name for r, a1, a2 in rows if r.feature == "admin2"}
        known1 = dict(
            con.execute(
                "SELECT admin1_code, admin1 FROM places WHERE admin1_code IS NOT NULL AND admin1 IS NOT NULL"
            )
        )
        existing = {r[0] for r in con.execute("SELECT id FROM places WHERE source != 'import'")}
        added = updated = 0
        fresh: list[PlaceRow] = []
        for r, a1, a2 in rows:
            r.admin1 = known1.get(f"{r.country_code}.{a1}") or adm1.get((r.country_code, a1))
            r.admin2 = adm2.get((r.country_code, a1, a2)) if r.feature != "admin1" else None
            if r.feature == "admin1":
                r.admin1 = known1.get(f"{r.country_code}.{a1}") or r.name
            if r.id in existing:
                con.execute(
                    "UPDATE places SET latitude = ?, longitude = ?, population = max(population, ?) WHERE id = ?",
                    (r.latitude, r.longitude, r.population, r.id),
                )
                have = {n for (n,) in con.execute("SELECT name FROM names WHERE place_id = ?", (r.id,))}
                r.names = [n for n in r.names if n not in have and _keep(n)]
                if r.names:
                    from sitrep.gazetteer.lookup import name_key

                    con.executemany(
                        "INSERT INTO names VALUES (?, ?, ?, 2)", [(name_key(n), n, r.id) for n in r.names]
                    )
                updated += 1
            else:
                con.execute("DELETE FROM names WHERE place_id = ?", (r.id,))
                fresh.append(r)
                added += 1
        _insert(con, fresh)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('imported', ?)", (dump.name,))
        con.commit()
    except sqlite3.DatabaseError as exc:
        raise ResourceError(f"gazetteer index {index} is corrupt ({exc})", FIX) from None
    finally:
        con.close()
    return added, updated
