"""The thin verbs over the store: events, show, claims, export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import build_canonical, build_extraction

from sitrep.cli import cli
from sitrep.store import open_store


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = str(tmp_path / "cli.db")
    store = open_store(url)
    ext = build_extraction(external_id="wire-7", url="https://example.org/a", n_claims=2)
    store.save_extraction(ext)
    events = [build_canonical(i) for i in range(12)]
    events[0].mention_ids = [ext.events[0].id]
    store.upsert_canonical_events(events)
    store.close()
    return url


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout  # the data; notes go to stderr


def test_events_default_is_json_lines_with_external_ids(db: str) -> None:
    lines = run("events", "--db", db, "--limit", "5").splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) == 5
    assert all(r["external_ids"] for r in rows)
    dates = [r["event_date"] for r in rows]
    assert dates == sorted(dates, reverse=True)


def test_events_filters_and_formats(db: str) -> None:
    rows = [
        json.loads(x) for x in run("events", "--db", db, "--type", "Battles", "--limit", "0").splitlines()
    ]
    assert rows and {r["event_type"] for r in rows} == {"Battles"}
    out = run("events", "--db", db, "--csv", "--min-fatalities", "9", "--sort", "-fatalities")
    parsed = list(csv.DictReader(io.StringIO(out)))
    assert parsed and all(int(r["fatalities"]) >= 9 for r in parsed)
    assert (
        json.loads(run("events", "--db", db, "--json", "--q", "Bakhmut", "--limit", "0"))[0]["location"]
        == "Bakhmut"
    )
    assert run("events", "--db", db, "--table", "--limit", "1").startswith("id ")
    bbox = run("events", "--db", db, "--bbox", "30,46,33,47", "--limit", "0").splitlines()
    assert {json.loads(x)["location"] for x in bbox} == {"Kherson", "Odesa"}
    full = json.loads(run("events", "--db", db, "--full", "--limit", "1").splitlines()[0])
    assert "event" in full and "mention_ids" in full


def test_show_finds_every_kind_of_record(db: str) -> None:
    doc = json.loads(run("show", "--db", db, "wire-7"))
    assert doc["kind"] == "document" and doc["external_id"] == "wire-7" and doc["text"]
    mention_id = doc["events"][0]["id"]
    assert doc["canonical_ids"] == [build_canonical(0).id]
    mention = json.loads(run("show", "--db", db, mention_id))
    assert mention["kind"] == "event_mention" and mention["canonical_id"] == build_canonical(0).id
    event = json.loads(run("show", "--db", db, build_canonical(0).id))
    assert event["kind"] == "canonical_event" and len(event["claims"]) == 2


def test_show_unknown_id_is_an_error_with_a_hint(db: str) -> None:
    result = CliRunner().invoke(cli, ["show", "--db", db, "no-such-thing"])
    assert result.exit_code == 2
    assert "no event, event mention or document" in result.output


def test_bad_bbox_is_an_error(db: str) -> None:
    result = CliRunner().invoke(cli, ["events", "--db", db, "--bbox", "1,2,3"])
    assert result.exit_code == 2 and "four numbers" in result.output
    upside_down = CliRunner().invoke(cli, ["events", "--db", db, "--bbox", "33,47,30,46"])  # max before min
    assert upside_down.exit_code == 2 and "-90..90" in upside_down.output


def test_claims_filters(db: str) -> None:
    rows = json.loads(run("claims", "--db", db, "--event", build_canonical(0).id))
    assert len(rows) == 2 and {r["external_id"] for r in rows} == {"wire-7"}
    denies = [json.loads(x) for x in run("claims", "--db", db, "--stance", "denies", "--nl").splitlines()]
    assert [r["stance"] for r in denies] == ["denies"]
    assert json.loads(run("claims", "--db", db, "--source", "kremlin")) == []
    assert len(json.loads(run("claims", "--db", db, "--doc", "wire-7"))) == 2


def test_export_formats_to_stdout_and_file(db: str, tmp_path: Path) -> None:
    out = run("export", "--db", db, "--format", "acled-csv", "--type", "Battles")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and {r["event_type"] for r in rows} == {"Battles"}
    target = tmp_path / "events.geojson"
    run("export", "--db", db, "--format", "geojson", "-o", str(target))
    assert len(json.loads(target.read_text())["features"]) == 12
    assert not (tmp_path / "events.geojson.partial").exists()
    lines = run("export", "--db", db, "--format", "jsonl", "--limit", "3").splitlines()
    assert len(lines) == 3 and json.loads(lines[0])["id"]


def test_csv_listings_defuse_formulas_but_keep_numbers(tmp_path: Path) -> None:
    url = str(tmp_path / "formula.db")
    store = open_store(url)
    store.save_extraction(
        build_extraction("=SUM(A1:A9) missiles hit Kharkiv, officials said.", external_id="-2+3")
    )
    event = build_canonical(0)
    event.event.place.canonical = "@Kharkiv"  # type: ignore[union-attr]
    event.event.place.longitude = -0.5  # type: ignore[union-attr]
    store.upsert_canonical_events([event])
    store.close()
    claim = next(csv.DictReader(io.StringIO(run("claims", "--db", url, "--csv"))))
    assert claim["content"].startswith("'=SUM(A1:A9)") and claim["external_id"] == "'-2+3"
    row = next(csv.DictReader(io.StringIO(run("events", "--db", url, "--csv"))))
    assert row["location"] == "'@Kharkiv" and row["longitude"] == "-0.5"


def test_reading_verbs_do_not_create_a_database_at_a_mistyped_path(tmp_path: Path) -> None:
    typo = tmp_path / "sitrep.dbb"
    for verb in (["events"], ["claims"], ["show", "ce-1"], ["export"], ["families"], ["fuse"]):
        result = CliRunner().invoke(cli, [*verb, "--db", str(typo)])
        assert result.exit_code == 2, (verb, result.output)
        assert f"no database at {typo}" in result.output and "sitrep ingest" in result.output
    assert not typo.exists() and list(tmp_path.iterdir()) == []


def test_event_types_and_stances_are_checked_and_their_case_forgiven(db: str) -> None:
    lower = [
        json.loads(x) for x in run("events", "--db", db, "--type", "battles", "--limit", "0").splitlines()
    ]
    assert lower and {r["event_type"] for r in lower} == {"Battles"}
    sub = run("events", "--db", db, "--sub-type", "armed clash", "--limit", "0").splitlines()
    assert {json.loads(x)["sub_event_type"] for x in sub} == {"Armed clash"}
    for args, bad, known in (
        (["events", "--type", "Battle"], "Battle", "Battles"),
        (["export", "--sub-type", "Shelling"], "Shelling", "Armed clash"),
    ):
        result = CliRunner().invoke(cli, [*args, "--db", db])
        assert result.exit_code == 2 and repr(bad) in result.output and known in result.output
    result = CliRunner().invoke(cli, ["claims", "--db", db, "--stance", "claims"])
    assert result.exit_code == 2 and "accuses" in result.output
    assert [r["stance"] for r in json.loads(run("claims", "--db", db, "--stance", "DENIES"))] == ["denies"]


def test_a_listing_cut_short_by_limit_says_so_on_stderr(db: str) -> None:
    cut = CliRunner().invoke(cli, ["events", "--db", db, "--limit", "5", "--csv"])
    assert cut.exit_code == 0 and len(cut.stdout.splitlines()) == 6  # header + 5
    assert "more" in cut.stderr and "--limit 0" in cut.stderr
    whole = CliRunner().invoke(cli, ["events", "--db", db, "--limit", "12"])
    assert whole.exit_code == 0 and len(whole.stdout.splitlines()) == 12 and whole.stderr == ""
    claims = CliRunner().invoke(cli, ["claims", "--db", db, "--limit", "1"])
    assert len(json.loads(claims.stdout)) == 1 and "--limit 0" in claims.stderr
    assert CliRunner().invoke(cli, ["claims", "--db", db, "--limit", "0"]).stderr == ""


def test_table_output_shows_control_characters_instead_of_sending_them_to_the_terminal(
    tmp_path: Path,
) -> None:
    url = str(tmp_path / "escape.db")
    store = open_store(url)
    text = "Missiles hit Kharkiv,\nofficials\x1b]0;owned\x07 said \x1b[2J on Thursday."
    store.save_extraction(build_extraction(text, external_id="id\x1b[31m-1", n_claims=1))
    store.close()
    table = run("claims", "--db", url, "--table")
    assert "\x1b" not in table and "\x07" not in table
    assert "id\\x1b[31m-1" in table
    assert len(table.splitlines()) == 2  # header and one row: the newline in the content is not a row break


def test_export_to_a_new_folder_works_and_an_unwritable_path_is_named(db: str, tmp_path: Path) -> None:
    target = tmp_path / "exports" / "events.csv"
    run("export", "--db", db, "-o", str(target))
    assert len(list(csv.DictReader(target.open(encoding="utf-8")))) == 12
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(cli, ["export", "--db", db, "-o", str(blocker / "events.csv")])
    assert result.exit_code == 2 and f"error: cannot write {blocker / 'events.csv'}: " in result.output
    assert ".partial" not in result.output  # the temporary name is ours, not the user's


def test_from_after_to_is_an_error_as_in_the_api(db: str) -> None:
    result = CliRunner().invoke(cli, ["events", "--db", db, "--from", "2023-03-12", "--to", "2023-03-01"])
    assert result.exit_code == 2 and "--from is after --to" in result.output
