"""The gazetteer index: build, look-ups in any script, supplement, import, bad files."""

from __future__ import annotations

import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from gazetteer_helpers import shared_gazetteer

from sitrep.cli import cli
from sitrep.errors import ResourceError
from sitrep.gazetteer import Gazetteer, get_gazetteer, name_key
from sitrep.gazetteer.build import (
    load_supplement,
    outdated_reason,
    supplement_fingerprint,
    supplement_path,
    write_index,
)
from sitrep.gazetteer.geonames_import import import_dump


def test_name_key_folds_case_accents_apostrophes() -> None:
    assert name_key("Mar’yinka") == name_key("Mar'yinka") == "maryinka"
    assert name_key("Ivano-Frankivsk") == "ivano frankivsk"
    assert name_key("Zürich") == "zurich"
    assert name_key("Бахмут") == "бахмут"


def test_lookup_current_former_and_cyrillic_names() -> None:
    gaz = shared_gazetteer()
    bakhmut = gaz.lookup("Bakhmut")[0]
    assert bakhmut.country_code == "UA" and bakhmut.admin1 == "Donetsk"
    assert abs(bakhmut.latitude - 48.59) < 0.1 and abs(bakhmut.longitude - 38.0) < 0.1  # type: ignore[operator]
    assert bakhmut.id in {e.id for e in gaz.lookup("Artemivsk")}
    assert bakhmut.id in {e.id for e in gaz.lookup("Бахмут")}
    assert gaz.lookup("no such place anywhere") == ()


def test_supplement_overrides_add_names_to_existing_places() -> None:
    gaz = shared_gazetteer()
    assert gaz.lookup("S.C.")[0].admin1 == "South Carolina"
    egypt = [e for e in gaz.lookup("Egypt") if e.feature == "country"][0]
    assert egypt.latitude == 27.0  # the country point, not the mean of its towns


def test_countries_and_subdivisions_are_areas() -> None:
    gaz = shared_gazetteer()
    ukraine = [e for e in gaz.lookup("Ukraine") if e.feature == "country"][0]
    assert ukraine.precision == 3 and ukraine.country_code == "UA" and ukraine.latitude is not None
    oblast = [e for e in gaz.lookup("Donetsk Oblast") if e.feature == "admin1"]
    assert oblast and oblast[0].precision == 3 and oblast[0].admin1 == "Donetsk"


def test_supplement_places_present() -> None:
    gaz = shared_gazetteer()
    for name in ("Klishchiivka", "Robotyne", "Zaporizhzhia Nuclear Power Plant", "Azovstal", "Donbas"):
        hits = [e for e in gaz.lookup(name) if e.source == "supplement"]
        assert hits, name
    npp = gaz.lookup("Zaporizhzhia NPP")[0]
    assert npp.feature == "facility" and npp.admin1 == "Zaporizhzhia"
    assert gaz.lookup("Donbas")[0].precision == 3


def test_supplement_file_is_well_formed() -> None:
    rows = load_supplement(supplement_path())
    ids = [r.id for r in rows]
    assert len(ids) == len(set(ids))
    for r in rows:
        assert r.precision in (1, 2, 3), r.id
        if r.latitude is None and r.id.startswith("admin1:"):
            continue  # adds names (state abbreviations) to an existing region
        assert r.latitude is not None and -90 <= r.latitude <= 90, r.id
        assert r.longitude is not None and -180 <= r.longitude <= 180, r.id


def test_missing_index_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ResourceError, match="sitrep gazetteer build"):
        Gazetteer(tmp_path / "gazetteer.sqlite").check()
    with pytest.raises(ResourceError, match="not found"):
        get_gazetteer(tmp_path, build_if_missing=False)


def test_corrupt_index_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "gazetteer.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(ResourceError, match="corrupt"):
        Gazetteer(bad).lookup("Kyiv")
    empty = tmp_path / "empty.sqlite"
    sqlite3.connect(empty).close()
    with pytest.raises(ResourceError):
        Gazetteer(empty).check()


def test_cli_lookup_reports_corrupt_index_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "gazetteer.sqlite").write_bytes(b"garbage" * 50)
    result = CliRunner().invoke(cli, ["gazetteer", "lookup", "Kyiv", "--data-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "corrupt" in result.output and "Traceback" not in result.output


def test_cli_lookup_in_a_folder_without_an_index_builds_nothing_there(tmp_path: Path) -> None:
    typo = tmp_path / "sitrp"
    result = CliRunner().invoke(cli, ["gazetteer", "lookup", "Kyiv", "--data-dir", str(typo)])
    assert result.exit_code == 2
    assert "no gazetteer index in" in result.output and "sitrep gazetteer build --data-dir" in result.output
    assert not typo.exists()


def test_cli_lookup_limit_must_be_positive(tmp_path: Path) -> None:
    write_index(load_supplement(), tmp_path / "gazetteer.sqlite")
    args = ["gazetteer", "lookup", "Robotyne", "--data-dir", str(tmp_path)]
    assert '"Robotyne"' in CliRunner().invoke(cli, args).output
    result = CliRunner().invoke(cli, [*args, "--limit", "-1"])  # was a slice: all but the last
    assert result.exit_code == 2 and "--limit" in result.output


def _dump_line(gid: int, name: str, alts: str, lat: float, lon: float, fclass: str, fcode: str,
               a1: str, a2: str, pop: int) -> str:  # fmt: skip
    cols = [str(gid), name, name, alts, str(lat), str(lon), fclass, fcode, "UA", "", a1, a2, "", "",
            str(pop), "", "100", "Europe/Kyiv", "2024-01-01"]  # fmt: skip
    return "\t".join(cols) + "\n"


def test_import_geonames_dump_zip(tmp_path: Path) -> None:
    index = tmp_path / "gazetteer.sqlite"
    write_index(load_supplement(), index)
    dump = "".join(
        [
            _dump_line(9000001, "Testove Oblast", "", 48.0, 36.0, "A", "ADM1", "99", "", 0),
            _dump_line(9000002, "Zorianivka", "Зорянівка,Zoryanivka", 48.2, 36.4, "P", "PPL", "99", "", 120),
            _dump_line(9000003, "Some Stream", "", 48.1, 36.1, "H", "STM", "99", "", 0),
        ]
    )
    archive = tmp_path / "UA.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("UA.txt", dump)
        zf.writestr("readme.txt", "GeoNames readme")
    added, updated = import_dump(index, archive)
    assert (added, updated) == (2, 0)
    gaz = Gazetteer(index)
    village = gaz.lookup("Зорянівка")[0]
    assert village.name == "Zorianivka" and village.admin1 == "Testove Oblast" and village.source == "import"
    assert village.feature == "village" and village.precision == 1
    assert gaz.lookup("Some Stream") == ()
    # importing again (plain .txt) replaces the imported rows: no duplicates
    txt = tmp_path / "UA.txt"
    txt.write_text(dump, encoding="utf-8")
    assert import_dump(index, txt) == (2, 0)
    assert len(Gazetteer(index).lookup("Zorianivka")) == 1


def test_import_updates_known_place(tmp_path: Path) -> None:
    index = tmp_path / "gazetteer.sqlite"
    write_index(load_supplement(), index)
    known = Gazetteer(index).lookup("Ukraine")[0]
    gid = int(known.id.split(":")[1])
    txt = tmp_path / "UA.txt"
    txt.write_text(
        _dump_line(gid, "Ukraine", "Ukraina", 49.0, 31.5, "A", "ADM1", "00", "", 0), encoding="utf-8"
    )
    assert import_dump(index, txt) == (0, 1)
    again = Gazetteer(index).lookup("Ukraina")[0]
    assert again.id == known.id and again.longitude == 31.5


def test_cli_import_rejects_bad_dump(tmp_path: Path) -> None:
    index_dir = tmp_path / "data"
    write_index(load_supplement(), index_dir / "gazetteer.sqlite")
    bad = tmp_path / "UA.txt"
    bad.write_text("not\ta\tdump\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["gazetteer", "import", str(bad), "--data-dir", str(index_dir)])
    assert result.exit_code == 2 and "allCountries" in result.output


def test_cli_build_writes_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sitrep.gazetteer as gazetteer_pkg

    def fake_build(path: Path, supplement: Path | None = None, quiet: bool = False) -> int:
        return write_index(load_supplement(supplement), path)

    monkeypatch.setattr(gazetteer_pkg, "build_gazetteer", fake_build)
    result = CliRunner().invoke(cli, ["gazetteer", "build", "--data-dir", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    assert '"places"' in result.output
    assert Gazetteer(tmp_path / "gazetteer.sqlite").lookup("Robotyne")


def _recording_build(calls: list[Path]) -> Callable[..., int]:
    """A stand-in for build_gazetteer (the supplement only, recorded as the real build does) that
    notes each call."""

    def fake_build(path: Path, supplement: Path | None = None, quiet: bool = False) -> int:
        calls.append(path)
        return write_index(load_supplement(supplement), path, {"supplement": supplement_fingerprint()})

    return fake_build


def test_cli_build_if_missing_keeps_a_good_index_and_replaces_a_corrupt_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sitrep.gazetteer as gazetteer_pkg

    calls: list[Path] = []
    monkeypatch.setattr(gazetteer_pkg, "build_gazetteer", _recording_build(calls))
    (tmp_path / "gazetteer.sqlite").write_bytes(b"corrupt" * 20)
    args = ["gazetteer", "build", "--if-missing", "-q", "--data-dir", str(tmp_path)]
    assert CliRunner().invoke(cli, args).exit_code == 0 and len(calls) == 1
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0 and '"built": false' in result.output and len(calls) == 1


def test_an_index_built_from_an_older_supplement_is_rebuilt_by_setup_and_flagged_by_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sitrep.gazetteer as gazetteer_pkg
    from sitrep.cli.check import check_gazetteer
    from sitrep.settings import Settings

    calls: list[Path] = []
    monkeypatch.setattr(gazetteer_pkg, "build_gazetteer", _recording_build(calls))
    index = tmp_path / "gazetteer.sqlite"
    write_index(load_supplement(), index, {"supplement": "0123456789abcdef"})  # an older release's build
    assert outdated_reason(index) and "older version" in outdated_reason(index)  # type: ignore[operator]
    settings = Settings.load(data_dir=str(tmp_path))
    stale = check_gazetteer(settings)
    assert not stale.ok and "older version" in stale.detail and "gazetteer build" in (stale.fix or "")

    args = ["gazetteer", "build", "--if-missing", "-q", "--data-dir", str(tmp_path)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0 and len(calls) == 1
    assert "older version of the bundled places supplement" in result.output
    assert outdated_reason(index) is None and check_gazetteer(settings).ok
    assert '"built": false' in CliRunner().invoke(cli, args).output and len(calls) == 1


def test_an_outdated_index_holding_an_imported_dump_is_kept_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sitrep.gazetteer as gazetteer_pkg

    calls: list[Path] = []
    monkeypatch.setattr(gazetteer_pkg, "build_gazetteer", lambda path, **kw: calls.append(path) or 0)
    index = tmp_path / "gazetteer.sqlite"
    write_index(load_supplement(), index, {"supplement": "0123456789abcdef", "imported": "UA.zip"})
    args = ["gazetteer", "build", "--if-missing", "-q", "--data-dir", str(tmp_path)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0 and not calls and '"built": false' in result.output
    assert "sitrep gazetteer import UA.zip" in result.output


def test_an_index_built_from_a_users_own_supplement_is_not_called_outdated(tmp_path: Path) -> None:
    own = tmp_path / "mine.tsv"
    own.write_text(supplement_path().read_text(encoding="utf-8") + "\n", encoding="utf-8")
    index = tmp_path / "gazetteer.sqlite"
    write_index(
        load_supplement(own),
        index,
        {"supplement": supplement_fingerprint(own), "supplement_source": str(own)},
    )
    assert outdated_reason(index) is None


def test_cli_import_names_each_unreadable_dump_without_a_traceback(tmp_path: Path) -> None:
    index_dir = tmp_path / "data"
    write_index(load_supplement(), index_dir / "gazetteer.sqlite")
    good = _dump_line(9000002, "Zorianivka", "", 48.2, 36.4, "P", "PPL", "99", "", 120)
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes(good.replace("Zorianivka", "Zorianivk\xe4").encode("latin-1"))
    bad_population = tmp_path / "pop.txt"
    bad_population.write_text(good.replace("\t120\t", "\tmany\t"), encoding="utf-8")
    damaged = tmp_path / "UA.zip"
    with zipfile.ZipFile(damaged, "w") as zf:  # stored, so flipping a byte breaks the CRC
        zf.writestr("UA.txt", good * 20)
    raw = bytearray(damaged.read_bytes())
    raw[raw.index(b"Zorianivka") + 3] ^= 0xFF
    damaged.write_bytes(bytes(raw))
    folder = tmp_path / "dumps"
    folder.mkdir()
    expected = {
        latin1: "not valid UTF-8",
        bad_population: "population",
        damaged: "damaged",
        folder: "is a folder",
    }
    for dump, problem in expected.items():
        result = CliRunner().invoke(cli, ["gazetteer", "import", str(dump), "--data-dir", str(index_dir)])
        assert result.exit_code == 2, (dump, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert result.output.startswith(f"error: {dump}") and problem in result.output, result.output
    assert Gazetteer(index_dir / "gazetteer.sqlite").lookup("Zorianivka") == ()


def test_cli_import_of_a_missing_dump_fails_before_building_an_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sitrep.gazetteer as gazetteer_pkg

    calls: list[Path] = []
    monkeypatch.setattr(gazetteer_pkg, "build_gazetteer", _recording_build(calls))
    args = ["gazetteer", "import", str(tmp_path / "UA.zip"), "--data-dir", str(tmp_path / "data")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2 and "not found" in result.output
    assert calls == []
