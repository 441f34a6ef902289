"""The storage contract: every backend passes the same tests (SQLite always, PostgreSQL with a real server)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from conftest import build_canonical, build_extraction

from sitrep.errors import ConfigError, StoreError
from sitrep.model import StoryFamily
from sitrep.store import ClaimFilter, Decision, EventFilter, Store, next_cursor, open_store
from sitrep.store.migrations import LATEST_VERSION


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, sqlite_url: str) -> str:
    if request.param == "sqlite":
        return sqlite_url
    return str(request.getfixturevalue("pg_fresh_url"))


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = open_store(store_url)
    yield s
    s.close()


# --------------------------------------------------------------------------- documents


def test_save_and_read_back_everything(store: Store) -> None:
    ext = build_extraction(external_id="wire-1", url="https://example.org/a", n_claims=2)
    result = store.save_extraction(ext)
    assert (result.doc_id, result.status, result.external_id) == (ext.document.id, "new", "wire-1")
    assert store.get_extraction(ext.document.id) == ext
    assert store.get_document("wire-1") == ext.document  # by external id
    assert store.get_document(ext.document.id) == ext.document
    assert store.has_document(ext.document.id) and not store.has_document("nope")
    assert store.get_document("nope") is None and store.get_extraction("nope") is None
    assert store.count_documents() == 1
    assert list(store.iter_documents()) == [ext.document]
    assert list(store.iter_event_mentions()) == ext.events
    assert store.get_event_mention(ext.events[0].id) == ext.events[0]
    assert store.list_claims(ClaimFilter()) == ext.claims


def test_same_content_is_stored_once(store: Store) -> None:
    ext = build_extraction(external_id="a")
    assert store.save_extraction(ext).status == "new"
    again = build_extraction(external_id="b")
    result = store.save_extraction(again)
    assert result.status == "duplicate" and result.external_id == "a"
    assert store.count_documents() == 1
    assert len(list(store.iter_event_mentions())) == 1


def test_changed_article_at_same_url_is_a_new_version(store: Store) -> None:
    first = build_extraction("Version one of the story.", url="https://example.org/x")
    second = build_extraction("Version two of the story, updated.", url="https://example.org/x")
    third = build_extraction("Version three.", url="https://example.org/x")
    store.save_extraction(first)
    result = store.save_extraction(second)
    assert result.status == "new_version" and result.version_of == first.document.id
    assert store.save_extraction(third).version_of == second.document.id
    stored = store.get_document(second.document.id)
    assert stored is not None and stored.version_of == first.document.id
    assert store.count_documents() == 3


def test_changed_text_under_a_stored_external_id_is_a_new_version(store: Store) -> None:
    """A feed that re-sends item "w-1" with corrected text (and no URL) updates it: the second text
    is a version of the first, and the id names the latest."""
    first = build_extraction("Shelling hit the depot on Monday, officials said.", external_id="w-1")
    second = build_extraction("Shelling hit the fuel depot on Monday, officials said.", external_id="w-1")
    other = build_extraction("A drone struck a bridge on Tuesday.", external_id="w-2")
    store.save_extraction(first)
    result = store.save_extraction(second)
    assert result.status == "new_version" and result.version_of == first.document.id
    assert store.save_extraction(other).status == "new"
    latest = store.get_document("w-1")
    assert latest is not None and latest.id == second.document.id
    assert store.count_documents() == 3


def test_documents_by_publication_day(store: Store) -> None:
    """Incremental fusion reads only the documents published around a batch."""
    days = [datetime(2023, 3, d, h) for d, h in ((1, 23), (5, 0), (9, 12), (10, 9))]
    stored = [build_extraction(f"Report number {i}.", published=p) for i, p in enumerate(days)]
    undated = build_extraction("An undated report.", published=None)
    aware = build_extraction("A report with a zone.", published=datetime(2023, 3, 9, 22, tzinfo=UTC))
    for ext in [*stored, undated, aware]:
        store.save_extraction(ext)

    def ids(first: date, last: date, undated: bool = False) -> list[str]:
        return [d.id for d in store.iter_documents_published(first, last, undated=undated)]

    assert ids(date(2023, 3, 5), date(2023, 3, 9)) == [
        stored[1].document.id,
        stored[2].document.id,
        aware.document.id,
    ]
    assert ids(date(2023, 3, 1), date(2023, 3, 1)) == [stored[0].document.id]  # 23:00 is still that day
    assert ids(date(2023, 3, 2), date(2023, 3, 4)) == []
    assert ids(date(2023, 3, 10), date(2023, 3, 31), undated=True) == [
        stored[3].document.id,
        undated.document.id,
    ]
    assert list(store.iter_documents_published(date(2023, 3, 9), date(2023, 3, 9)))[0] == stored[2].document


def test_failure_mid_save_leaves_nothing(store: Store) -> None:
    ext = build_extraction(n_claims=2)
    ext.claims[1].id = ext.claims[0].id  # the second claim row violates the primary key
    with pytest.raises(StoreError, match="nothing was stored"):
        store.save_extraction(ext)
    assert store.count_documents() == 0
    assert list(store.iter_event_mentions()) == []
    assert store.list_claims(ClaimFilter()) == []
    ok = build_extraction("Another article entirely.")
    assert store.save_extraction(ok).status == "new"  # the store is still usable
    assert store.count_documents() == 1


def test_nul_characters_are_refused_the_same_way_everywhere(store: Store) -> None:
    with pytest.raises(StoreError, match="NUL"):
        store.save_extraction(build_extraction("A report with a \x00 in it."))
    bad_title = build_extraction("A clean report.")
    bad_title.document.title = "title\x00"
    with pytest.raises(StoreError, match="NUL"):
        store.save_extraction(bad_title)
    assert store.count_documents() == 0


def test_replace_extraction_rewrites_children(store: Store) -> None:
    ext = build_extraction(n_events=2)
    store.save_extraction(ext)
    ext.events = ext.events[:1]
    assert store.replace_extraction(ext).status == "replaced"
    assert len(list(store.iter_event_mentions())) == 1


def test_claim_filters(store: Store) -> None:
    ext = build_extraction(n_claims=3, external_id="claims-doc")
    store.save_extraction(ext)
    store.save_extraction(build_extraction("Other text, nobody said anything.", n_claims=0))
    assert [c.stance for c in store.list_claims(ClaimFilter(stance="denies"))] == ["denies"]
    assert len(store.list_claims(ClaimFilter(source="REGIONAL admin"))) == 3
    assert store.list_claims(ClaimFilter(source="kremlin")) == []
    assert len(store.list_claims(ClaimFilter(event_id=ext.events[0].id))) == 3
    assert len(store.list_claims(ClaimFilter(q="kharkiv"))) == 3
    assert len(store.list_claims(ClaimFilter(doc_id=ext.document.id, limit=2))) == 2
    assert len(store.list_claims(ClaimFilter(doc_id="claims-doc"))) == 3  # by external id
    ce = build_canonical(1, mention_ids=[ext.events[0].id])
    store.upsert_canonical_events([ce])
    assert len(store.list_claims(ClaimFilter(event_id=ce.id))) == 3
    assert store.list_claims(ClaimFilter(event_id="ce-unknown")) == []


# --------------------------------------------------------------------------- canonical events


def test_canonical_round_trip_and_upsert(store: Store) -> None:
    events = [build_canonical(i) for i in range(10)]
    store.upsert_canonical_events(events)
    assert store.get_canonical_event(events[3].id) == events[3]
    changed = dataclasses.replace(events[3], independent_sources=9, mention_ids=["m-new"])
    store.upsert_canonical_events([changed])
    assert store.get_canonical_event(events[3].id) == changed
    assert store.count_canonical_events(EventFilter()) == 10
    assert store.canonical_ids_for_mentions(["m-new", "m-3-a", "m-4-a"]) == {
        "m-new": events[3].id,
        "m-4-a": events[4].id,
    }
    assert store.canonical_ids_for_document("doc-5") == [events[5].id]
    store.delete_canonical_events([events[0].id, events[1].id])
    assert store.count_canonical_events(EventFilter()) == 8
    assert store.get_canonical_event(events[0].id) is None
    assert store.canonical_ids_for_mentions(["m-0-a"]) == {}


def _ids(store: Store, **kw: object) -> list[str]:
    return [e.id for e in store.list_canonical_events(EventFilter(limit=None, **kw))]  # type: ignore[arg-type]


def test_filters_match_a_plain_python_filter(store: Store) -> None:
    events = [build_canonical(i) for i in range(60)]
    store.upsert_canonical_events(events)

    def expect(pred) -> set[str]:  # type: ignore[no-untyped-def]
        return {e.id for e in events if pred(e)}

    lo, hi = date(2023, 3, 1), date(2023, 6, 30)
    assert set(_ids(store, date_from=lo, date_to=hi)) == expect(lambda e: lo <= e.event.event_date <= hi)
    assert set(_ids(store, event_type="Battles")) == expect(lambda e: e.event.event_type == "Battles")
    assert set(_ids(store, sub_event_type="Attack")) == expect(lambda e: e.event.sub_event_type == "Attack")
    assert set(_ids(store, admin1="Donetska")) == expect(lambda e: e.event.place.admin1 == "Donetska")
    assert set(_ids(store, country="Ukraine")) == expect(lambda e: e.event.place.country == "Ukraine")
    # a name typed in another case means the stored one
    assert set(_ids(store, country="ukraine")) == expect(lambda e: e.event.place.country == "Ukraine")
    assert set(_ids(store, admin1="DONETSKA")) == expect(lambda e: e.event.place.admin1 == "Donetska")
    assert _ids(store, country="Ukrain") == []
    assert set(_ids(store, min_fatalities=8)) == expect(lambda e: e.event.fatalities >= 8)
    assert set(_ids(store, min_sources=4)) == expect(lambda e: e.independent_sources >= 4)
    assert set(_ids(store, actor="civilians")) == expect(lambda e: e.event.actor2 is not None)
    bbox = (30.0, 46.0, 33.0, 47.0)  # Kherson and Odesa, not the events without coordinates
    assert set(_ids(store, bbox=bbox)) == expect(lambda e: e.event.place.name in ("Kherson", "Odesa"))
    assert set(_ids(store, ids=[events[1].id, events[2].id, "missing"])) == {events[1].id, events[2].id}
    assert _ids(store, ids=[]) == []
    assert store.count_canonical_events(EventFilter(event_type="Battles")) == len(
        expect(lambda e: e.event.event_type == "Battles")
    )


def test_bbox_filter_stays_exact_through_moves_and_deletes(store: Store) -> None:
    """The spatial index behind the bbox filter follows upserts (moves, lost coordinates) and deletes."""
    import random

    rnd = random.Random(3)
    events = [build_canonical(i) for i in range(200)]
    for ce in events:
        place = ce.event.place
        assert place is not None
        if place.latitude is not None:  # spread over 45..51 N, 29..39 E; some exactly on grid lines
            place.latitude = rnd.choice((47.0, 48.5, round(rnd.uniform(45, 51), 6)))
            place.longitude = rnd.choice((31.0, 35.25, round(rnd.uniform(29, 39), 6)))
    store.upsert_canonical_events(events)
    boxes = [
        (31.0, 47.0, 35.25, 48.5),
        (29.0, 45.0, 39.0, 51.0),
        (33.3, 46.1, 36.7, 49.9),
        (40.0, 40.0, 41.0, 41.0),
    ]

    def check() -> None:
        for box in boxes:
            min_lon, min_lat, max_lon, max_lat = box
            want = {
                ce.id
                for ce in events
                if ce.event.place is not None
                and ce.event.place.latitude is not None
                and ce.event.place.longitude is not None
                and min_lat <= ce.event.place.latitude <= max_lat
                and min_lon <= ce.event.place.longitude <= max_lon
            }
            assert set(_ids(store, bbox=box)) == want, box
            assert store.count_canonical_events(EventFilter(bbox=box)) == len(want)
            heavy = {ce.id for ce in events if ce.id in want and (ce.event.fatalities or 0) >= 3}
            assert set(_ids(store, bbox=box, min_fatalities=3)) == heavy
            assert store.count_canonical_events(EventFilter(bbox=box, min_fatalities=3)) == len(heavy)

    check()
    moved = []
    for ce in events[:60]:  # move some, drop the coordinates of others
        ce = dataclasses.replace(ce, event=dataclasses.replace(ce.event))
        place = ce.event.place
        assert place is not None
        ce.event.place = dataclasses.replace(
            place,
            latitude=None if len(moved) % 3 == 0 else 49.0,
            longitude=None if len(moved) % 3 == 0 else 36.0,
        )
        moved.append(ce)
    store.upsert_canonical_events(moved)
    events = moved + events[60:]
    check()
    store.delete_canonical_events([ce.id for ce in events[60:120]])
    events = events[:60] + events[120:]
    check()
    assert set(_ids(store, bbox=(35.9, 48.9, 36.1, 49.1))) >= {ce.id for ce in moved[1:3]}


def test_full_text_search_over_evidence(store: Store) -> None:
    store.upsert_canonical_events([build_canonical(i) for i in range(10)])
    assert set(_ids(store, q="Bakhmut")) == {build_canonical(i).id for i in (1, 6)}
    assert set(_ids(store, q="drone")) == {build_canonical(i).id for i in range(10)}  # stemmed: drones
    assert _ids(store, q="Bakhmut Odesa") == []  # every word must match
    assert _ids(store, q='"); DROP TABLE canonical_events; --') == []
    assert store.count_canonical_events(EventFilter()) == 10


@pytest.mark.parametrize("sort", ["-event_date", "event_date", "-fatalities", "independent_sources"])
def test_keyset_and_offset_paging_agree_with_full_sort(store: Store, sort: str) -> None:
    events = [build_canonical(i) for i in range(45)]
    store.upsert_canonical_events(events)
    full = _ids(store, sort=sort)
    assert len(full) == 45
    name = sort.lstrip("-")
    values = [store.get_canonical_event(i) for i in full]
    keys = [
        (getattr(v.event, name, None) if name != "independent_sources" else v.independent_sources)
        for v in values
    ]  # type: ignore[union-attr]
    assert keys == sorted(keys, reverse=sort.startswith("-"))
    paged: list[str] = []
    flt = EventFilter(sort=sort, limit=10)
    while True:
        page = store.list_canonical_events(flt)
        paged += [e.id for e in page]
        cursor = next_cursor(page, flt)
        if cursor is None:
            break
        flt = dataclasses.replace(flt, after=cursor)
    assert paged == full
    by_offset = [
        e.id
        for off in range(0, 45, 10)
        for e in store.list_canonical_events(EventFilter(sort=sort, limit=10, offset=off))
    ]
    assert by_offset == full


def test_bad_sort_and_cursor_are_config_errors(store: Store) -> None:
    with pytest.raises(ConfigError):
        store.list_canonical_events(EventFilter(sort="title"))
    with pytest.raises(ConfigError):
        store.list_canonical_events(EventFilter(after="not-a-cursor"))


def test_stats(store: Store) -> None:
    events = [build_canonical(i) for i in range(20)]
    undated = build_canonical(99)
    undated.event.event_date = None
    store.upsert_canonical_events([*events, undated])
    assert store.stats(EventFilter())["by_day"][-1] == {
        "date": None,
        "events": 1,
        "fatalities": undated.event.fatalities,
    }
    store.delete_canonical_events([undated.id])
    stats = store.stats(EventFilter(event_type="Battles"))
    battles = [e for e in events if e.event.event_type == "Battles"]
    assert stats["events"] == len(battles)
    assert stats["fatalities"] == sum(e.event.fatalities or 0 for e in battles)
    assert sum(row["events"] for row in stats["by_day"]) == len(battles)
    assert {row["event_type"] for row in stats["by_type"]} == {"Battles"}
    assert sum(row["fatalities"] for row in stats["by_admin1"]) == stats["fatalities"]
    for flt in (
        EventFilter(q="Bakhmut"),
        EventFilter(actor="ukraine", min_sources=2),
        EventFilter(bbox=(30, 46, 33, 47)),
    ):
        assert store.stats(flt)["events"] == store.count_canonical_events(flt) > 0
    assert store.stats(EventFilter(event_type="nothing")) == {
        "events": 0,
        "fatalities": 0,
        "by_day": [],
        "by_type": [],
        "by_admin1": [],
    }


# --------------------------------------------------------------------------- families, decisions, schema


def test_families_by_id(store: Store) -> None:
    fam = [StoryFamily(id=f"f{i}", original=f"d{i}", members=[f"d{i}", f"e{i}"]) for i in range(5)]
    store.replace_families(fam)
    assert store.get_families(["f3", "nope", "f1", "f3"]) == [fam[1], fam[3]]
    assert store.get_families([]) == []


def test_canonical_records_are_the_stored_dicts_page_by_page(store: Store) -> None:
    events = [build_canonical(i) for i in range(25)]
    store.upsert_canonical_events(events)
    for flt in (
        EventFilter(limit=None),
        EventFilter(limit=7, sort="-fatalities"),
        EventFilter(limit=None, event_type="Battles", sort="independent_sources"),
        EventFilter(limit=5, offset=3, sort="event_date"),
    ):
        want = [ce.to_dict() for ce in store.iter_canonical_events(flt, page_size=4)]
        got = list(store.iter_canonical_records(flt, page_size=4))
        assert got == want and got


def test_families_are_replaced_whole(store: Store) -> None:
    fam = [StoryFamily(id="f1", original="d1", members=["d1", "d2"], reason="rewrite")]
    store.replace_families(fam)
    assert store.list_families() == fam
    store.replace_families([StoryFamily(id="f2", original="d3", members=["d3"])])
    assert [f.id for f in store.list_families()] == ["f2"]


def test_decisions_persist(store_url: str) -> None:
    with open_store(store_url) as s:  # type: ignore[attr-defined]
        d = s.add_decision(Decision(kind="split", mention_ids=["m1", "m2"], note="different days"))
        assert d.id is not None
    with open_store(store_url) as s:  # type: ignore[attr-defined]
        assert s.list_decisions() == [Decision("split", ["m1", "m2"], "different days", d.id)]


def test_migrations_are_idempotent(store_url: str) -> None:
    first = open_store(store_url)
    first.save_extraction(build_extraction())
    first.close()
    again = open_store(store_url)
    assert again.schema_version() == LATEST_VERSION
    assert again.count_documents() == 1
    again.close()


def test_iter_canonical_events_pages_through_everything(store: Store) -> None:
    store.upsert_canonical_events([build_canonical(i) for i in range(25)])
    everything = [e.id for e in store.iter_canonical_events(EventFilter(limit=None), page_size=7)]
    assert everything == _ids(store)
    capped = [e.id for e in store.iter_canonical_events(EventFilter(limit=9, offset=3), page_size=4)]
    assert capped == everything[3:12]
    battles = list(store.iter_canonical_events(EventFilter(limit=None, event_type="Battles"), page_size=2))
    assert {e.event.event_type for e in battles} == {"Battles"} and len(battles) == 6


def test_bulk_upsert_of_many_events_inserts_then_updates(store: Store) -> None:
    events = [build_canonical(i) for i in range(300)]  # above the PostgreSQL COPY threshold
    odd = "tab\there, new\nline, back\\slash, quote \" and ' , NUL-free unicode: Київ, 💥, \\N"
    events[7].event.evidence[0].text = odd
    events[7].outlets = [odd]
    store.upsert_canonical_events(events)
    assert store.get_canonical_event(events[7].id) == events[7]
    assert store.count_canonical_events(EventFilter()) == 300
    changed = [dataclasses.replace(e, independent_sources=7, mention_ids=[f"x-{e.id}"]) for e in events]
    store.upsert_canonical_events(changed + [build_canonical(999)])
    assert store.count_canonical_events(EventFilter(min_sources=7)) == 300
    assert store.get_canonical_event(events[123].id) == changed[123]
    assert store.canonical_ids_for_mentions([f"x-{events[5].id}", "m-5-a"]) == {
        f"x-{events[5].id}": events[5].id
    }
    assert set(_ids(store, q="Bakhmut")) >= {events[1].id, events[6].id}  # search sees the update path


def test_map_rows_are_light_rows_with_honest_precision(store: Store) -> None:
    events = [build_canonical(i) for i in range(10)]
    events[2].event.place.feature = "country"  # type: ignore[union-attr]
    events[2].event.place.latitude = events[2].event.place.longitude = None  # type: ignore[union-attr]
    store.upsert_canonical_events(events)
    points = {p["id"]: p for p in store.map_rows(EventFilter(limit=None))}  # type: ignore[attr-defined]
    assert len(points) == 10
    assert points[events[0].id]["precision"] == "point" and points[events[0].id]["lat"] == 49.98
    assert points[events[4].id]["precision"] == "unknown" and points[events[4].id]["lat"] is None
    assert points[events[2].id]["precision"] == "country"
    battles = list(store.map_rows(EventFilter(event_type="Battles", limit=1)))  # type: ignore[attr-defined]
    assert len(battles) == 1 and battles[0]["event_type"] == "Battles"


def test_concurrent_writers_each_commit_whole(store_url: str) -> None:
    """Several connections (threads standing in for processes) save at once; same content once."""
    import threading

    stores = [open_store(store_url) for _ in range(3)]
    errors: list[BaseException] = []

    def work(k: int) -> None:
        try:
            for i in range(8):
                stores[k].save_extraction(build_extraction(f"Article {i} from writer {k}.", n_claims=2))
                stores[k].save_extraction(build_extraction(f"Shared wire story number {i}."))
        except BaseException as exc:  # noqa: BLE001 - re-raised below in the main thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert stores[0].count_documents() == 3 * 8 + 8
    assert len(stores[0].list_claims(ClaimFilter(limit=None))) == 3 * 8 * 2 + 8
    for s in stores:
        s.close()


@pytest.mark.postgres
def test_postgres_bbox_filter_can_use_the_gist_index(pg_fresh_url: str) -> None:
    """The bbox condition is written so PostgreSQL's GiST index over point(longitude, latitude) fits it."""
    store = open_store(pg_fresh_url)
    try:
        store.upsert_canonical_events([build_canonical(i) for i in range(50)])
        flt = EventFilter(bbox=(30.0, 46.0, 33.0, 47.0))
        where, params = store._event_where(flt)  # type: ignore[attr-defined]
        store._execute("SET enable_seqscan = off")  # type: ignore[attr-defined]
        plan = store._execute(  # type: ignore[attr-defined]
            "EXPLAIN SELECT count(*) FROM canonical_events c WHERE " + " AND ".join(where), params
        ).fetchall()
        assert "canonical_geo" in " ".join(str(row[0]) for row in plan)
        assert store.count_canonical_events(flt) == 20
    finally:
        store.close()
