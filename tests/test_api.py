"""The JSON API over a hand-built demo store: filters, paging, detail, documents, errors, auth, limits."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from fuse_helpers import event, extraction
from web_helpers import XSS, Demo, build_demo_store

from sitrep import export
from sitrep.api import create_app, mapview
from sitrep.fuse import fuse_all, fuse_documents
from sitrep.model import Document, Event, Extraction, Place, Span
from sitrep.settings import Settings
from sitrep.store import EventFilter, Store, open_store

ERROR_KEYS = {"status", "code", "message", "hint"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    return build_demo_store(str(tmp_path_factory.mktemp("api") / "demo.db"))


@pytest.fixture(scope="module")
def client(demo: Demo) -> TestClient:
    return TestClient(create_app(Settings.load(db=demo.store.url), store=demo.store))


def ids(body: dict[str, Any]) -> list[str]:
    return [e["id"] for e in body["items"]]


def assert_envelope(resp: Any, status: int) -> dict[str, Any]:
    assert resp.status_code == status
    assert resp.headers["content-type"].startswith("application/json")
    body = resp.json()
    assert set(body) == {"error"}
    assert ERROR_KEYS <= set(body["error"])
    assert body["error"]["status"] == status
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return dict(body["error"])


# --------------------------------------------------------------------------- listing


def test_list_counts_and_pages_through_every_event(client: TestClient, demo: Demo) -> None:
    first = client.get("/api/events", params={"limit": 7}).json()
    assert first["count"] == demo.total
    seen = ids(first)
    nxt = first["next"]
    while nxt:
        page = client.get(nxt).json()
        seen += ids(page)
        nxt = page["next"]
    assert len(seen) == len(set(seen)) == demo.total
    dates = [e["event_date"] for e in first["items"]]
    assert dates == sorted(dates, reverse=True)


def test_next_link_keeps_the_filter(client: TestClient) -> None:
    body = client.get("/api/events", params={"type": "Battles", "limit": 2}).json()
    assert body["next"] and "type=Battles" in body["next"]
    page = client.get(body["next"]).json()
    assert page["items"] and all(e["event_type"] == "Battles" for e in page["items"])
    lower = client.get("/api/events", params={"type": "battles", "limit": 2}).json()
    assert [e["id"] for e in lower["items"]] == [e["id"] for e in body["items"]]  # any case, as in the CLI


@pytest.mark.parametrize(
    ("params", "must", "must_not"),
    [
        ({"type": "Protests"}, {"ce-country"}, {"ce-kharkiv"}),
        ({"sub_type": "Air/drone strike"}, {"ce-odesa"}, {"ce-kharkiv"}),
        ({"bbox": "35.5,49.5,37,50.5"}, {"ce-kharkiv"}, {"ce-odesa", "ce-donetsk"}),
        ({"min_sources": 2}, {"ce-kharkiv"}, {"ce-odesa"}),
        ({"min_fatalities": 3}, {"ce-kharkiv", "ce-donetsk"}, {"ce-odesa"}),
        ({"date_from": "2024-03-04", "date_to": "2024-03-05"}, {"ce-odesa", "ce-donetsk"}, {"ce-kharkiv"}),
        ({"admin1": "Kharkiv Oblast"}, {"ce-kharkiv"}, {"ce-odesa"}),
        ({"actor": "Protesters (Ukraine)"}, {"ce-country"}, {"ce-kharkiv"}),
        ({"q": "drone"}, {"ce-odesa"}, {"ce-kharkiv"}),
    ],
)
def test_filters(client: TestClient, params: dict[str, Any], must: set[str], must_not: set[str]) -> None:
    body = client.get("/api/events", params={**params, "limit": 1000}).json()
    got = set(ids(body))
    assert must <= got
    assert not (must_not & got)
    assert body["count"] == len(got)


def test_sort_by_fatalities(client: TestClient) -> None:
    items = client.get("/api/events", params={"sort": "-fatalities", "limit": 1000}).json()["items"]
    deaths = [e["fatalities"] or 0 for e in items]
    assert deaths == sorted(deaths, reverse=True)


def test_summary_is_honest_about_precision(client: TestClient) -> None:
    items = {e["id"]: e for e in client.get("/api/events", params={"limit": 1000}).json()["items"]}
    assert items["ce-kharkiv"]["precision"] == "point"
    assert items["ce-odesa"]["precision"] == "near"
    assert items["ce-donetsk"]["precision"] == "region"
    assert items["ce-country"]["precision"] == "country"


# --------------------------------------------------------------------------- detail


def test_event_detail_has_reasons_sources_claims_and_figures(client: TestClient, demo: Demo) -> None:
    ev = client.get(f"/api/events/{demo.kharkiv}").json()
    assert ev["fields"]["where"]["reason"].startswith("Kharkiv: gazetteer hit")
    assert ev["fields"]["when"]["phrase"] == "Sunday"
    assert ev["sources"]["independent_sources"] == 2
    assert ev["sources"]["document_count"] == 3
    fams = {f["id"]: f for f in ev["sources"]["families"]}
    assert {d["outlet"] for d in fams["fam-kharkiv"]["documents"]} == {"Kyiv Independent", "Reuters"}
    assert [d["outlet"] for f in fams.values() if f["id"] is None for d in f["documents"]] == [
        "Associated Press"
    ]
    groups = {g["speaker"]: g for g in ev["claims"]}
    assert set(groups) == {"Government of Ukraine", "Government of Russia"}
    assert groups["Government of Russia"]["stances"] == {"denies": 2}
    assert groups["Government of Ukraine"]["stances"] == {"asserts": 2, "confirms": 1}
    [denial] = groups["Government of Russia"]["claims"]  # one claim, reported by two copies
    assert denial["content"] == "targeting civilians" and len(denial["doc_ids"]) == 2
    figures = ev["casualties"]["figures"]
    assert {(f["count_min"], f["source"], f["outlet"]) for f in figures} == {
        (5, "regional governor", "Kyiv Independent"),
        (6, "mayor", "Associated Press"),
    }
    assert ev["history"] and ev["weapons"][0]["family"] == "missile"
    assert len(ev["evidence"]) == 3


def test_event_detail_evidence_spans_point_into_the_text(client: TestClient, demo: Demo) -> None:
    ev = client.get(f"/api/events/{demo.kharkiv}").json()
    for mention in ev["evidence"]:
        doc = client.get(f"/api/documents/{mention['doc_id']}").json()
        for span in mention["evidence"]:
            assert doc["text"][span["start"] : span["end"]] == span["text"]


def test_event_by_mention_id_resolves_to_its_canonical_event(client: TestClient, demo: Demo) -> None:
    assert client.get("/api/events/m-kharkiv-ap").json()["id"] == demo.kharkiv


def test_document_spans(client: TestClient, demo: Demo) -> None:
    doc = client.get(f"/api/documents/{demo.doc_ids['kyiv']}").json()
    kinds = {s["kind"] for s in doc["spans"]}
    assert {"event", "place", "date", "claim", "casualty", "speaker"} <= kinds
    for s in doc["spans"]:
        assert 0 <= s["start"] < s["end"] <= len(doc["text"])
    assert doc["events"] == [demo.kharkiv]
    event_span = next(s for s in doc["spans"] if s["kind"] == "event")
    assert event_span["event"] == demo.kharkiv


def test_claims_filter_and_group(client: TestClient) -> None:
    body = client.get("/api/claims", params={"stance": "denies", "group": "true"}).json()
    assert body["items"] and all(c["stance"] == "denies" for c in body["items"])
    assert [g["speaker"] for g in body["groups"]] == ["Government of Russia"]


def test_stats_add_up(client: TestClient, demo: Demo) -> None:
    stats = client.get("/api/stats").json()
    assert stats["events"] == demo.total
    assert sum(r["events"] for r in stats["by_day"]) == demo.total
    assert sum(r["events"] for r in stats["by_type"]) == demo.total
    assert stats["fatalities"] == sum(r["fatalities"] for r in stats["by_day"])
    battles = client.get("/api/stats", params={"type": "Battles"}).json()
    assert [r["event_type"] for r in battles["by_type"]] == ["Battles"]


# --------------------------------------------------------------------------- map


def test_map_points_keep_country_level_events_off_the_map(client: TestClient, demo: Demo) -> None:
    body = client.get("/api/map").json()
    assert body["mode"] == "points" and body["total"] == demo.total
    assert body["unplaced_count"] == 1
    assert [p["id"] for p in body["unplaced"]] == [demo.country]
    assert demo.country not in {p["id"] for p in body["points"]}
    assert len(body["points"]) == demo.total - 1
    odesa = next(p for p in body["points"] if p["id"] == demo.odesa)
    assert odesa["precision"] == "near"


def test_map_view_limits_the_points(client: TestClient, demo: Demo) -> None:
    body = client.get("/api/map", params={"view": "35.5,49.5,37,50.5"}).json()
    assert [p["id"] for p in body["points"]] == [demo.kharkiv]
    assert body["total"] == demo.total and body["in_view"] == 1


def test_map_grid_clusters_on_the_server_when_many_match(
    client: TestClient, demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real store's ``map_rows`` light rows feed a server-side grid that follows the zoom."""
    monkeypatch.setattr(mapview, "POINT_LIMIT", 5)
    calls: list[Any] = []
    real = type(demo.store).map_rows

    def counting(self: Any, flt: Any) -> Any:
        calls.append(flt)
        return real(self, flt)

    monkeypatch.setattr(type(demo.store), "map_rows", counting)
    monkeypatch.setattr(type(demo.store), "list_canonical_events", None)  # no record decoding at all
    coarse = client.get("/api/map", params={"zoom": 3}).json()
    assert coarse["mode"] == "clusters" and calls
    assert "points" not in coarse
    assert sum(c["count"] for c in coarse["clusters"]) == demo.total - 1  # the country-level one has no pin
    assert coarse["unplaced_count"] == 1
    fine = client.get("/api/map", params={"zoom": 12}).json()
    assert len(fine["clusters"]) > len(coarse["clusters"])
    kharkiv = [c for c in fine["clusters"] if abs(c["lat"] - 49.99) < 0.01 and abs(c["lon"] - 36.23) < 0.01]
    assert [c["count"] for c in kharkiv] == [1] and kharkiv[0]["id"] == demo.kharkiv
    n = len(calls)
    assert client.get("/api/map", params={"zoom": 12}).json() == fine  # cached: no new scan
    assert len(calls) == n


class RecordsOnlyStore:
    """The demo store without ``map_rows``: a minimal store the map must still serve."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def __getattr__(self, name: str) -> Any:
        if name == "map_rows":
            raise AttributeError(name)
        return getattr(self.inner, name)


def test_map_groups_by_region_for_a_store_without_map_rows(
    demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mapview, "POINT_LIMIT", 5)
    store = RecordsOnlyStore(demo.store)
    api = TestClient(create_app(Settings.load(db=demo.store.url), store=store))  # type: ignore[arg-type]
    body = api.get("/api/map", params={"zoom": 3}).json()
    assert body["mode"] == "regions"
    assert sum(c["count"] for c in body["clusters"]) == demo.total - 1
    kharkiv = next(c for c in body["clusters"] if c["admin1"] == "Kharkiv Oblast")
    assert kharkiv["count"] == 1 and abs(kharkiv["lat"] - 49.99) < 0.01


# --------------------------------------------------------------------------- exports


def test_exports_follow_the_filter(client: TestClient) -> None:
    n = client.get("/api/events", params={"type": "Battles"}).json()["count"]
    geo = client.get("/api/events.geojson", params={"type": "Battles"})
    assert geo.status_code == 200 and "attachment" in geo.headers["content-disposition"]
    features = json.loads(geo.text)["features"]
    assert len(features) == n
    lines = client.get("/api/events.jsonl", params={"type": "Battles"}).text.strip().splitlines()
    assert len(lines) == n
    csv_text = client.get("/api/events.csv", params={"type": "Battles"}).text
    assert "event_id_cnty" in csv_text.splitlines()[0]
    assert len(csv_text.strip().splitlines()) == n + 1


@pytest.mark.parametrize("params", [{}, {"type": "Battles"}, {"sort": "-fatalities", "limit": 3}])
def test_geojson_from_stored_records_equals_the_typed_export(
    client: TestClient, demo: Demo, params: dict[str, Any]
) -> None:
    """The API streams GeoJSON from the stored JSON without typed decoding: the same features."""
    flt = EventFilter(
        event_type=params.get("type"), sort=params.get("sort", "-event_date"), limit=params.get("limit")
    )
    want = json.loads("".join(export.iter_geojson(demo.store.iter_canonical_events(flt, page_size=2))))
    got = json.loads(client.get("/api/events.geojson", params=params).text)
    assert got == want and got["features"]
    assert any(f["geometry"] is None for f in want["features"]) or params


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("method", "path", "params", "status"),
    [
        ("GET", "/api/events/nope", {}, 404),
        ("GET", "/api/documents/nope", {}, 404),
        ("GET", "/api/no-such-route", {}, 404),
        ("GET", "/api/events", {"bbox": "1,2"}, 400),
        ("GET", "/api/events", {"date_from": "2024-03-05", "date_to": "2024-03-01"}, 400),
        ("GET", "/api/events", {"sort": "colour"}, 400),
        ("GET", "/api/events", {"type": "Battle"}, 400),
        ("GET", "/api/events.csv", {"sub_type": "shelling"}, 400),
        ("GET", "/api/events", {"after": "!!not-a-cursor"}, 400),
        ("GET", "/api/events", {"limit": 0}, 422),
        ("GET", "/api/events", {"date_from": "yesterday"}, 422),
        ("DELETE", "/api/events", {}, 405),
    ],
)
def test_every_error_is_one_envelope(
    client: TestClient, method: str, path: str, params: dict[str, Any], status: int
) -> None:
    assert_envelope(client.request(method, path, params=params), status)


def test_error_envelope_shape_is_pinned(client: TestClient) -> None:
    body = client.get("/api/events/nope").json()
    assert body == {
        "error": {
            "status": 404,
            "code": "not_found",
            "message": "no event 'nope'",
            "hint": "list events with GET /api/events",
        }
    }


def test_unexpected_failure_is_an_envelope_too(demo: Demo) -> None:
    class Broken:
        def __getattr__(self, name: str) -> Any:
            raise RuntimeError("boom")

    app = create_app(Settings.load(db=demo.store.url), store=Broken())  # type: ignore[arg-type]
    err = assert_envelope(TestClient(app, raise_server_exceptions=False).get("/api/events"), 500)
    assert "boom" not in err["message"]


# --------------------------------------------------------------------------- writing


class StubPipeline:
    def extract(self, document: Document) -> Extraction:
        return Extraction(document=document, warnings=["stub pipeline"])


@pytest.fixture()
def writable(tmp_path: Path) -> TestClient:
    settings = Settings.load(db=str(tmp_path / "w.db"), api_token="s3cret", max_request_bytes=2000)
    return TestClient(create_app(settings, pipeline=StubPipeline()))


def test_post_needs_a_configured_token(client: TestClient) -> None:
    err = assert_envelope(client.post("/api/documents", json={"text": "x"}), 403)
    assert "read-only" in err["message"]


def test_post_without_token_is_401_and_wrong_token_403(writable: TestClient) -> None:
    assert_envelope(writable.post("/api/documents", json={"text": "hello"}), 401)
    assert_envelope(
        writable.post("/api/documents", json={"text": "hello"}, headers={"Authorization": "Bearer nope"}), 403
    )
    assert_envelope(
        writable.post("/api/documents", json={"text": "hello"}, headers={"Authorization": "Basic s3cret"}),
        403,
    )


def test_post_with_the_token_stores_the_document(writable: TestClient) -> None:
    text = f"Shelling was reported. {XSS}"
    resp = writable.post(
        "/api/documents", json={"text": text, "outlet": "Test"}, headers={"Authorization": "Bearer s3cret"}
    )
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert body["status"] == "new"
    doc = writable.get(body["url"]).json()
    assert doc["text"] == text and doc["warnings"] == ["stub pipeline"]
    again = writable.post("/api/documents", json={"text": text}, headers={"Authorization": "Bearer s3cret"})
    assert again.json()["status"] == "duplicate"


class EventPipeline:
    """Extracts one hand-made event, so the POST -> extract -> store -> fuse path runs without spaCy."""

    def extract(self, document: Document) -> Extraction:
        text = document.text
        start = text.index("Kherson")
        place = Place(
            span=Span(start, start + 7, "Kherson"),
            name="Kherson",
            canonical="Kherson",
            country="Ukraine",
            admin1="Kherson Oblast",
            latitude=46.635,
            longitude=32.617,
            geo_precision=1,
            feature="city",
        )
        event = Event(
            id=f"{document.id}:e1",
            doc_id=document.id,
            sub_event_type="Shelling/artillery/missile attack",
            event_type="Explosions/Remote violence",
            evidence=[Span(0, len(text), text)],
            event_date=date(2024, 3, 5),
            time_precision=1,
            place=place,
            fatalities=2,
        )
        return Extraction(document=document, events=[event], places=[place])


def test_posted_document_is_fused_into_a_canonical_event(tmp_path: Path) -> None:
    settings = Settings.load(db=str(tmp_path / "f.db"), api_token="s3cret")
    api = TestClient(create_app(settings, pipeline=EventPipeline()))
    assert api.get("/api/events").json()["count"] == 0
    resp = api.post(
        "/api/documents",
        json={"text": "Russian forces shelled Kherson on Tuesday.", "published": "2024-03-05T10:00:00Z"},
        headers={"Authorization": "Bearer s3cret"},
    )
    assert resp.status_code == 201, resp.text
    [canonical] = resp.json()["canonical_events"]
    listed = api.get("/api/events").json()["items"]
    assert [e["id"] for e in listed] == [canonical]
    assert listed[0]["location"] == "Kherson" and listed[0]["fatalities"] == 2
    assert api.get("/api/map").json()["points"][0]["id"] == canonical
    again = api.post(
        "/api/documents",
        json={"text": "Russian forces shelled Kherson on Tuesday.", "published": "2024-03-05T10:00:00Z"},
        headers={"Authorization": "Bearer s3cret"},
    )
    assert again.json()["status"] == "duplicate"
    assert again.json()["canonical_events"] == [canonical]  # where the stored copy already is


def test_post_validates_the_body(writable: TestClient) -> None:
    headers = {"Authorization": "Bearer s3cret"}
    assert_envelope(writable.post("/api/documents", json={"title": "no text"}, headers=headers), 422)
    assert_envelope(writable.post("/api/documents", content=b"{not json", headers=headers), 422)


def test_request_size_limit(writable: TestClient) -> None:
    headers = {"Authorization": "Bearer s3cret"}
    err = assert_envelope(writable.post("/api/documents", json={"text": "x" * 5000}, headers=headers), 413)
    assert "max_request_bytes" in err["hint"]

    def chunks() -> Any:  # no Content-Length: counted while streaming
        for _ in range(10):
            yield b"x" * 500

    assert_envelope(writable.post("/api/documents", content=chunks(), headers=headers), 413)


# --------------------------------------------------------------------------- merge and split


def fill(store: Store) -> None:
    xs = [
        extraction("Strike on Kharkiv, three dead.", [event("a", killed=3)], outlet="A"),
        extraction("Kharkiv hit again.", [event("b", killed=3)], outlet="B"),
        extraction("Kharkiv shelling reported.", [event("c")], outlet="C"),
        extraction("Odesa port attacked.", [event("d", where="Odesa", day=date(2023, 3, 20))], outlet="D"),
    ]
    for x in xs:
        store.save_extraction(x)
    fuse_documents(store, [x.document.id for x in xs], Settings.load(embeddings=False))


@pytest.fixture()
def fused(tmp_path: Path) -> tuple[TestClient, Store]:
    """Four articles fused into two canonical events (mentions a, b, c and d), a token configured."""
    store = open_store(str(tmp_path / "fused.db"))
    fill(store)
    settings = Settings.load(db=store.url, api_token="s3cret", embeddings=False)
    return TestClient(create_app(settings, store=store)), store


def groups(store: Store) -> set[frozenset[str]]:
    return {frozenset(ce.mention_ids) for ce in store.list_canonical_events(EventFilter(limit=None))}


def holding(store: Store, mention: str) -> str:
    found = store.canonical_ids_for_mentions([mention])
    return found[mention]


AUTH = {"Authorization": "Bearer s3cret"}


@pytest.mark.parametrize(
    ("path", "body"), [("/api/events/merge", {"ids": ["x", "y"]}), ("/api/events/x/split", {})]
)
def test_merge_and_split_need_a_configured_token(client: TestClient, path: str, body: dict[str, Any]) -> None:
    err = assert_envelope(client.post(path, json=body), 403)
    assert "read-only" in err["message"]


def test_merge_and_split_without_token_401_wrong_token_403_and_nothing_changes(
    fused: tuple[TestClient, Store],
) -> None:
    api, store = fused
    abc, d = holding(store, "a"), holding(store, "d")
    for path, body in (
        ("/api/events/merge", {"ids": [abc, d]}),
        (f"/api/events/{abc}/split", {"mention_id": "c"}),
    ):
        assert_envelope(api.post(path, json=body), 401)
        assert_envelope(api.post(path, json=body, headers={"Authorization": "Bearer nope"}), 403)
    assert store.list_decisions() == []
    assert groups(store) == {frozenset("abc"), frozenset("d")}


def test_split_with_the_token_persists_across_re_fusion(fused: tuple[TestClient, Store]) -> None:
    api, store = fused
    abc = holding(store, "a")
    resp = api.post(f"/api/events/{abc}/split", json={"mention_id": "c", "note": "another day"}, headers=AUTH)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["kind"] == "split" and body["decisions"] and body["decisions"][0]["note"] == "another day"
    assert groups(store) == {frozenset("ab"), frozenset("c"), frozenset("d")}
    assert set(body["events"]) == {holding(store, "a"), holding(store, "c")}
    kept = store.list_decisions()  # c stays apart from a and from b
    assert sorted(sorted(d.mention_ids) for d in kept) == [["a", "c"], ["b", "c"]]
    assert {d.kind for d in kept} == {"split"} and len(body["decisions"]) == 2
    fuse_all(store, Settings.load(embeddings=False))
    assert groups(store) == {frozenset("ab"), frozenset("c"), frozenset("d")}
    detail = api.get(f"/api/events/{holding(store, 'c')}").json()
    assert detail["mention_ids"] == ["c"]


def test_merge_with_the_token_persists_across_re_fusion(fused: tuple[TestClient, Store]) -> None:
    api, store = fused
    resp = api.post(
        "/api/events/merge", json={"ids": [holding(store, "a"), holding(store, "d")]}, headers=AUTH
    )
    assert resp.status_code == 200, resp.text
    assert groups(store) == {frozenset("abcd")}
    assert resp.json()["events"] == [holding(store, "d")]
    assert [d.kind for d in store.list_decisions()] == ["merge"]
    fuse_all(store, Settings.load(embeddings=False))
    assert groups(store) == {frozenset("abcd")}
    listed = api.get("/api/events").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == holding(store, "a")


def test_merge_and_split_errors_are_envelopes(fused: tuple[TestClient, Store]) -> None:
    api, store = fused
    abc, d = holding(store, "a"), holding(store, "d")
    assert_envelope(api.post("/api/events/merge", json={"ids": [abc]}, headers=AUTH), 422)
    assert_envelope(api.post("/api/events/merge", json={"ids": [abc, abc]}, headers=AUTH), 400)
    assert_envelope(api.post("/api/events/merge", json={"ids": [abc, "nope"]}, headers=AUTH), 404)
    assert_envelope(api.post("/api/events/nope/split", json={}, headers=AUTH), 404)
    assert_envelope(api.post(f"/api/events/{abc}/split", json={"mention_id": "d"}, headers=AUTH), 404)
    assert_envelope(api.post(f"/api/events/{d}/split", json={}, headers=AUTH), 400)  # a single mention
    assert store.list_decisions() == []
    assert groups(store) == {frozenset("abc"), frozenset("d")}


# --------------------------------------------------------------------------- shell


def test_web_app_and_openapi_are_served(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "sitrep" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert client.get("/static/app.js").status_code == 200
    spec = client.get("/openapi.json").json()
    assert {
        "/api/events",
        "/api/events/{event_id}",
        "/api/documents/{doc_id}",
        "/api/claims",
        "/api/stats",
    } <= set(spec["paths"])
    assert client.get("/docs").status_code == 200


def test_serve_binds_loopback_by_default() -> None:
    from sitrep.cli.serve import serve

    host = next(p for p in serve.params if p.name == "host")
    assert host.default == "127.0.0.1"
