"""The data model: JSON round trip for every record type, ids from normalised content."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep.model import (
    ALL_RECORDS,
    CanonicalEvent,
    Claim,
    Document,
    Event,
    Extraction,
    Place,
    Record,
    Source,
    Span,
    content_hash,
)

text = st.text(max_size=30)
small_int = st.integers(min_value=0, max_value=10_000)
dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))
datetimes = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
)
floats = st.floats(allow_nan=False, allow_infinity=False, width=32)

st.register_type_strategy(str, text)
st.register_type_strategy(int, small_int)
st.register_type_strategy(float, floats)
st.register_type_strategy(date, dates)
st.register_type_strategy(datetime, datetimes)


@pytest.mark.parametrize("cls", ALL_RECORDS, ids=lambda c: c.__name__)
def test_every_record_round_trips_through_json(cls: type[Record]) -> None:
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.from_type(cls))
    def check(record: Record) -> None:
        encoded = record.to_json()
        json.loads(encoded)  # valid JSON
        assert cls.from_json(encoded) == record

    check()


def test_document_id_is_hash_of_normalised_content() -> None:
    a = Document.create("Kyiv came under  attack\n overnight.")
    b = Document.create("Kyiv came under attack overnight. ")
    c = Document.create("Kharkiv came under attack overnight.")
    assert a.id == b.id == content_hash("Kyiv came under attack overnight.")
    assert a.id != c.id


def test_nested_records_decode_to_their_types() -> None:
    doc = Document.create(
        "Shelling hit Bakhmut.", external_id="wire-1", published=datetime(2023, 3, 10, tzinfo=UTC)
    )
    event = Event(
        id=f"{doc.id}:e1",
        doc_id=doc.id,
        sub_event_type="Shelling/artillery/missile attack",
        event_type="Explosions/Remote violence",
        evidence=[Span(0, 21, "Shelling hit Bakhmut.")],
        event_date=date(2023, 3, 9),
        place=Place(
            span=Span(13, 20, "Bakhmut"), name="Bakhmut", latitude=48.6, longitude=38.0, geo_precision=1
        ),
    )
    claim = Claim(
        id=f"{doc.id}:c1",
        doc_id=doc.id,
        source=Source("Kyiv", name="Government of Ukraine"),
        cue="said",
        content=Span(0, 21, "Shelling hit Bakhmut."),
    )
    ex = Extraction(document=doc, events=[event], claims=[claim])
    back = Extraction.from_json(ex.to_json())
    assert back == ex
    assert isinstance(back.events[0].place, Place)
    assert back.events[0].event_date == date(2023, 3, 9)
    assert back.document.published == datetime(2023, 3, 10, tzinfo=UTC)
    line = ex.output_line()
    assert line["id"] == "wire-1" and line["doc_id"] == doc.id
    assert {"events", "places", "dates", "claims", "quotes"} <= set(line)


def test_acled_row_uses_acled_column_names() -> None:
    ev = Event(id="x:e1", doc_id="x", event_type="Battles", sub_event_type="Armed clash", fatalities=3)
    row = ev.acled_row()
    for column in (
        "event_date",
        "event_type",
        "sub_event_type",
        "actor1",
        "inter1",
        "admin1",
        "latitude",
        "geo_precision",
        "fatalities",
        "notes",
    ):
        assert column in row
    assert row["fatalities"] == 3


def test_canonical_event_keeps_merged_event() -> None:
    ev = Event(id="x:e1", doc_id="x", event_type="Battles", sub_event_type="Armed clash")
    ce = CanonicalEvent(id="ce1", event=ev, mention_ids=["x:e1"], independent_sources=1)
    assert CanonicalEvent.from_dict(ce.to_dict()).event.sub_event_type == "Armed clash"
