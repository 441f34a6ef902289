"""`sitrep bench api` end to end on a tiny store: a server process, every request kind timed."""

from __future__ import annotations

from sitrep.bench.api import measure, synthetic_events


def test_synthetic_events_are_deterministic_and_varied() -> None:
    a = [ce.to_dict() for ce in synthetic_events(50, ["d1", "d2", "d3"])]
    b = [ce.to_dict() for ce in synthetic_events(50, ["d1", "d2", "d3"])]
    assert a == b
    assert len({e["event"]["event_type"] for e in a}) > 2
    assert len({e["event"]["place"]["admin1"] for e in a}) > 2


def test_measure_times_every_request_kind() -> None:
    result = measure(300, reps=3, geo_reps=1, budget_s=60)
    names = [r["request"] for r in result["rows"]]
    assert names[0] == "list page of 100 (filtered)"
    assert {"event detail", "geojson 10k stream", "stats, all events"} <= set(names)
    for row in result["rows"]:
        assert row["n"] >= 1 and 0 < row["p50_ms"] <= row["p95_ms"] and row["bytes"] > 0
    geo = next(r for r in result["rows"] if r["request"] == "geojson 10k stream")
    assert geo["bytes"] > 300 * 100  # every one of the 300 events came back
    assert "| list page of 100 (filtered) |" in result["table"]
