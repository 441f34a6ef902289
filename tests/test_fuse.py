"""Canonical events: merging rules, distinct events, casualty figures, order independence."""

from __future__ import annotations

import random
from datetime import date, datetime
from pathlib import Path

import pytest
from fuse_helpers import corpus, event, extraction

from sitrep.fuse import fuse_all, fuse_documents
from sitrep.fuse.canonical import cluster_mentions
from sitrep.fuse.mentions import compatible, mention_from_event
from sitrep.model import Event, Extraction
from sitrep.settings import Settings
from sitrep.store import EventFilter, Store, open_store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(str(tmp_path / "fuse.db"))


SETTINGS = Settings.load(embeddings=False)


def ingest(store: Store, extractions: list[Extraction], batch: int = 1000) -> None:
    for i in range(0, len(extractions), batch):
        chunk = extractions[i : i + batch]
        for x in chunk:
            store.save_extraction(x)
        fuse_documents(store, [x.document.id for x in chunk], SETTINGS)


def clusters(store: Store) -> set[frozenset[str]]:
    return {frozenset(ce.mention_ids) for ce in store.list_canonical_events(EventFilter(limit=None))}


def ids(store: Store) -> dict[frozenset[str], str]:
    return {frozenset(ce.mention_ids): ce.id for ce in store.list_canonical_events(EventFilter(limit=None))}


def m(ev, doc_id: str):  # a Mention without a stored document
    ev.doc_id = doc_id
    return mention_from_event(ev, None)


def test_reports_of_one_strike_from_three_outlets_become_one_event(store: Store) -> None:
    xs = [
        extraction(
            "A missile hit Kharkiv. Three killed.",
            [event("a1", killed=3, weapon="missile")],
            outlet="Outlet A",
            ext="x-a",
        ),
        extraction(
            "Kharkiv region struck overnight.",
            [event("b1", where="Kharkiv Oblast", killed=5)],
            outlet="Outlet B",
            ext="x-b",
        ),
        extraction(
            "Strike on Kharkiv, four dead.",
            [event("c1", killed=4, weapon="missile")],
            outlet="Outlet C",
            ext="x-c",
        ),
    ]
    ingest(store, xs)
    events = store.list_canonical_events(EventFilter(limit=None))
    assert len(events) == 1
    ce = events[0]
    assert sorted(ce.mention_ids) == ["a1", "b1", "c1"]
    assert sorted(ce.external_ids) == ["x-a", "x-b", "x-c"]
    assert ce.independent_sources == 3
    assert ce.event.place is not None and ce.event.place.name == "Kharkiv"  # the most precise place
    assert (ce.event.fatalities_min, ce.event.fatalities_max) == (3, 5)
    assert ce.event.fatalities == 3  # lowest credible figure, all reported the same day
    assert len(ce.figures) == 3 and all(f.outlet for f in ce.figures)
    assert all(k.startswith("mention ") for k in ce.reasons) and len(ce.reasons) == 3
    assert "fatalities" in ce.event.reasons and "event_type" in ce.event.reasons


def test_containment_and_distance_rules() -> None:
    bakhmut, region = m(event("a", where="Bakhmut"), "d1"), m(event("b", where="Donetsk Oblast"), "d2")
    assert len(cluster_mentions([bakhmut, region])) == 1
    kharkiv_region = m(event("c", where="Kharkiv Oblast"), "d3")
    assert len(cluster_mentions([bakhmut, kharkiv_region])) == 2
    soledar = m(event("d", where="Soledar"), "d4")  # ~13 km from Bakhmut: beyond the town radius
    assert len(cluster_mentions([bakhmut, soledar])) == 2


def test_distinct_events_same_day_same_city_stay_distinct() -> None:
    cases = [
        (event("a", weapon="drone"), event("b", weapon="artillery")),
        (event("a", target="energy infrastructure"), event("b", target="medical")),
        (
            event("a", evidence="A blast at 5 a.m. hit the city"),
            event("b", evidence="shelling at 9 p.m. hit the city"),
        ),
        (event("a", day=date(2023, 3, 9)), event("b", day=date(2023, 3, 12))),
        (event("a", etype="Protests", sub="Peaceful protest"), event("b")),
    ]
    for a, b in cases:
        ma, mb = m(a, "d1"), m(b, "d2")
        assert len(cluster_mentions([ma, mb])) == 2, (a, b)


def test_mentions_of_one_document_are_never_merged() -> None:
    a, b = m(event("a"), "same"), m(event("b"), "same")
    assert len(cluster_mentions([a, b])) == 2


def test_no_chaining_through_a_coarse_place() -> None:
    # "Donetsk Oblast" fits Bakhmut and a distinct town, but they cannot share one event
    xs = [
        m(event("a", where="Bakhmut"), "d0"),
        m(event("b", where="Donetsk Oblast"), "d1"),
        m(event("c", where="Soledar"), "d2"),
    ]
    out = cluster_mentions(xs)
    assert len(out) == 2
    assert not any({"a", "c"} <= {y.id for y in c.members} for c in out)


def test_later_report_raising_the_toll_updates_and_keeps_history(store: Store) -> None:
    xs = [
        extraction(
            "First report: five killed.",
            [event("a", killed=5)],
            outlet="A",
            published=datetime(2023, 3, 9, 9),
        ),
        extraction(
            "Another says seven.", [event("b", killed=7)], outlet="B", published=datetime(2023, 3, 9, 11)
        ),
        extraction(
            "Toll rises to nine.", [event("c", killed=9)], outlet="C", published=datetime(2023, 3, 10, 9)
        ),
        extraction(
            "A late stale report: five.",
            [event("d", killed=5)],
            outlet="D",
            published=datetime(2023, 3, 11, 8),
        ),
    ]
    ingest(store, xs[:2])
    first = store.list_canonical_events(EventFilter(limit=None))
    assert [e.event.fatalities for e in first] == [5]  # same-day conflict: the lowest figure
    ingest(store, xs[2:])
    (ce,) = store.list_canonical_events(EventFilter(limit=None))
    assert ce.id == first[0].id  # stable id: named after the earliest report
    assert ce.event.fatalities == 9  # a later report raised the toll; a stale one does not lower it
    assert (ce.event.fatalities_min, ce.event.fatalities_max) == (5, 9)
    assert any("5 -> 9" in h for h in ce.history) and len(ce.history) == 2
    assert [f.count_min for f in ce.figures] == [5, 7, 9, 5]
    assert ce.first_reported == datetime(2023, 3, 9, 9) and ce.last_reported == datetime(2023, 3, 11, 8)


def test_shuffled_arrival_gives_the_same_clusters_and_ids(tmp_path: Path) -> None:
    base = corpus(seed=11, n_docs=36)
    results = []
    for k, batch in enumerate((36, 5, 1)):
        shuffled = list(base)
        random.Random(k).shuffle(shuffled)
        s = open_store(str(tmp_path / f"order{k}.db"))
        ingest(s, shuffled, batch=batch)
        results.append(ids(s))
        fuse_all(s, SETTINGS)  # a full re-run agrees with the incremental result
        assert ids(s) == results[-1]
        s.close()
    assert results[0] == results[1] == results[2]
    assert any(len(c) > 1 for c in results[0])  # the corpus does merge something
    assert any(len(c) == 1 for c in results[0])


def test_independent_sources_count_families_and_outlets(store: Store) -> None:
    wire = "Russian missiles struck the Kharkiv power plant on Thursday, killing 3 and leaving 180,000 homes without power, officials said."
    xs = [
        extraction(wire, [event("a", killed=3)], outlet="Wire"),
        extraction(wire + " More soon.", [event("b", killed=3)], outlet="Reprint"),
        extraction(
            "Same outlet, a second story about Kharkiv.",
            [event("c")],
            outlet="Wire",
            published=datetime(2023, 3, 9, 20),
        ),
        extraction("An independent reporter in Kharkiv saw the strike.", [event("d")], outlet="Local"),
    ]
    ingest(store, xs)
    (ce,) = store.list_canonical_events(EventFilter(limit=None))
    assert len(ce.doc_ids) == 4
    assert len(ce.families) == 1
    assert ce.independent_sources == 2  # the wire family (+ its outlet's other story) and the local outlet


def test_undated_mentions_use_the_publication_date() -> None:
    a = mention_from_event(event("a", day=None), extraction("x", []).document)
    assert a.start is not None and a.end is not None and a.start < a.end
    assert "publication" in a.date_reason


def _coarse(
    mid: str,
    text: str,
    published: datetime,
    *,
    etype: str = "Battles",
    sub: str = "Armed clash",
    actor: str | None = "Military Forces of Ukraine",
    killed: int | None = None,
):
    """A report placed only in "Ukraine" and dated only by its publication (precision 2)."""
    ev = event(
        mid,
        day=published.date(),
        where="Ukraine",
        precision=2,
        etype=etype,
        sub=sub,
        actor=actor,
        killed=killed,
        evidence=text,
    )
    doc = extraction(text, [], outlet=f"Outlet {mid}", published=published).document
    ev.doc_id = f"doc-{mid}"
    return mention_from_event(ev, doc)


def test_coarse_reports_merge_only_on_the_same_day_and_type() -> None:
    """ACLED's unit of event (one type, one day, one place at the precision known): two reports
    located only in the country merge when published the same day with the same type and no
    actor, weapon or toll conflict; a report a day later or other actors stay apart. A related
    type (a clash and a shelling) merges only with a shared actor or toll."""
    morning, evening = datetime(2015, 5, 1, 9), datetime(2015, 5, 1, 18)
    next_day = datetime(2015, 5, 2, 9)
    a = _coarse("a", "Soldiers killed in the east", morning)
    same_day = _coarse("b", "Troops killed in fighting", evening)
    later = _coarse("c", "Troops killed in fighting", next_day)
    other_actor = _coarse("d", "Troops killed in fighting", evening, actor="Military Forces of Russia")
    shelling = "Explosions/Remote violence"
    related = _coarse(
        "e", "Troops killed in shelling", evening, etype=shelling, sub="Shelling/artillery/missile attack"
    )
    related_other_actor = _coarse(
        "h",
        "Troops killed in shelling",
        evening,
        etype=shelling,
        sub="Shelling/artillery/missile attack",
        actor="Military Forces of Russia",
    )
    assert len(cluster_mentions([a, same_day])) == 1
    assert len(cluster_mentions([a, later])) == 2
    assert len(cluster_mentions([a, other_actor])) == 2
    assert len(cluster_mentions([a, related])) == 1
    assert len(cluster_mentions([a, related_other_actor])) == 2
    unnamed = _coarse("i", "Troops killed in shelling", evening, etype=shelling, sub="Shelling", actor=None)
    assert len(cluster_mentions([a, unnamed])) == 2  # related type, nothing shared: not enough
    # related types (a clash and an attack) that report the same toll on the same day do merge
    a5 = _coarse("f", "Five killed in the east", morning, killed=5)
    attack5 = _coarse(
        "g", "Five civilians killed", evening, etype="Violence against civilians", sub="Attack", killed=5
    )
    assert len(cluster_mentions([a5, attack5])) == 1


def test_vague_reports_need_shared_words_to_merge() -> None:
    """Country-level reports of different days merge only on shared specific words."""
    specific = [
        event("c", where="Ukraine", evidence="Rebels down army helicopter near the border checkpoint"),
        event(
            "d",
            where="Ukraine",
            day=date(2023, 3, 10),
            evidence="Army helicopter downed at a border checkpoint",
        ),
    ]
    plain = [
        event("a", where="Ukraine", evidence="Soldiers killed in the east"),
        event("b", where="Ukraine", day=date(2023, 3, 10), evidence="Troops killed in fighting"),
    ]
    for evs, expected in ((plain, 2), (specific, 1)):
        ms = [m(e, f"d{i}") for i, e in enumerate(evs)]
        for x in ms:  # day precision 1 with one day of slack: windows overlap, dates differ
            x.start, x.end = date(2023, 3, 8), date(2023, 3, 11)
        ms[1].end = date(2023, 3, 12)
        assert len(cluster_mentions(ms)) == expected, [x.id for x in ms]


def test_a_default_zero_toll_is_not_a_reported_figure(store: Store) -> None:
    silent = event("a")
    silent.fatalities = 0  # the extractor's default when the text gives no toll
    xs = [
        extraction("Strike on Kharkiv.", [silent], outlet="A"),
        extraction("Strike on Kharkiv kills three.", [event("b", killed=3)], outlet="B"),
    ]
    ingest(store, xs)
    (ce,) = store.list_canonical_events(EventFilter(limit=None))
    assert (ce.event.fatalities, ce.event.fatalities_min, ce.event.fatalities_max) == (3, 3, 3)
    assert len(ce.figures) == 1


def _report_dated(mid: str, published: datetime, **kw):
    """A mention dated only by its report (the report day at week precision), as the extractor
    dates an event whose sentences give no date."""
    ev = event(mid, day=published.date(), precision=2, **kw)
    doc = extraction(f"Report {mid}", [], outlet=f"Outlet {mid}", published=published).document
    ev.doc_id = f"doc-{mid}"
    return mention_from_event(ev, doc)


def test_date_windows_stop_at_the_report_day() -> None:
    """Week-precision slack never reaches past publication: reports of 8 and 10 March do not meet
    on the 9th, and no canonical event holds both."""
    a = _report_dated("a", datetime(2023, 3, 8, 18), where="Bakhmut", etype="Battles", sub="Armed clash")
    assert a.end == date(2023, 3, 8) and a.start == date(2023, 3, 7)
    c = _report_dated("c", datetime(2023, 3, 10, 12), where="Bakhmut", etype="Battles", sub="Armed clash")
    assert not compatible(a, c).ok
    # a date the text states is kept even when it follows the publication day
    later = event("x", day=date(2023, 3, 12), precision=2)
    x = mention_from_event(later, extraction("x", [later], published=datetime(2023, 3, 9, 12)).document)
    assert x.end is not None and x.end >= date(2023, 3, 12)


def test_daily_reports_from_one_place_stay_apart_unless_something_specific_is_shared() -> None:
    """Reports dated only by publication on consecutive days: a place and a type recur daily (a
    front-line town), so they merge only on a shared toll, weapon, target, story or specific words."""
    kw: dict = dict(where="Bakhmut", etype="Battles", sub="Armed clash")
    days = [datetime(2023, 3, d, 17) for d in (8, 9, 10)]
    daily = [
        _report_dated(f"d{i}", t, evidence=f"Fighting went on in Bakhmut, report {w}", **kw)
        for i, (t, w) in enumerate(zip(days, ["one", "two", "three"], strict=True))
    ]
    assert len(cluster_mentions(daily)) == 3
    v = compatible(daily[0], daily[1])
    assert v.ok and "different days" in v.reason
    follow = [
        _report_dated("t0", days[0], killed=7, **kw),
        _report_dated("t1", days[1], killed=7, **kw),
    ]
    assert len(cluster_mentions(follow)) == 1
    words = [
        _report_dated("w0", days[0], evidence="Wagner fighters seized the Bakhmut salt mine", **kw),
        _report_dated("w1", days[1], evidence="Wagner says it holds the Bakhmut salt mine", **kw),
    ]
    assert len(cluster_mentions(words)) == 1
    # the same day: the usual rules (same place and type suffice)
    same_day = [_report_dated("s0", days[0], **kw), _report_dated("s1", datetime(2023, 3, 8, 20), **kw)]
    assert len(cluster_mentions(same_day)) == 1


def test_a_rising_toll_over_three_report_days_stays_one_event(store: Store) -> None:
    """6 -> 9 -> 11: follow-up reports ("the toll rises to ...") a day apart, dated only by their
    publication, join the first report; the event keeps the figure history."""
    days = [datetime(2023, 3, 9, 18), datetime(2023, 3, 10, 9), datetime(2023, 3, 11, 9)]
    texts = [
        "Shelling of Kharkiv kills six civilians",
        "Death toll from Kharkiv shelling rises to nine",
        "Kharkiv shelling death toll climbs to 11",
    ]
    xs = [
        extraction(
            text,
            [event(f"t{i}", day=day.date(), precision=2, killed=k, weapon="artillery", evidence=text)],
            outlet=f"Outlet {i}",
            published=day,
        )
        for i, (text, day, k) in enumerate(zip(texts, days, (6, 9, 11), strict=True))
    ]
    xs[2].events[0].place = None  # the last report names no place the gazetteer knows
    ingest(store, xs[:1])
    ingest(store, xs[1:])
    (ce,) = store.list_canonical_events(EventFilter(limit=None))
    assert ce.event.fatalities == 11
    assert [h.split(": ", 1)[1].split(" (")[0] for h in ce.history] == [
        "killed 6",
        "killed 6 -> 9",
        "killed 9 -> 11",
    ]
    # without the follow-up wording, reports of different days with other tolls stay apart
    plain = [
        extraction(
            f"Shelling of Kharkiv kills {k}",
            [
                event(
                    f"p{i}",
                    day=day.date(),
                    precision=2,
                    killed=k,
                    evidence=f"Shelling of Kharkiv kills {k}",
                )
            ],
            outlet=f"Outlet {i}",
            published=day,
        )
        for i, (day, k) in enumerate(zip(days[:2], (6, 9), strict=True))
    ]
    m0, m1 = (mention_from_event(x.events[0], x.document) for x in plain)
    assert compatible(m0, m1).score < 3


def test_a_tally_over_a_period_is_not_one_event() -> None:
    """ "Four killed in shelling over the past week" sums several events: it does not join one of them."""
    tally = event(
        "w", where="Kharkiv", killed=4, evidence="Four killed in Kharkiv shelling over the past week"
    )
    single = event("s", where="Kharkiv", killed=4, evidence="Four killed in Kharkiv shelling")
    v = compatible(m(tally, "d1"), m(single, "d2"))
    assert v.ok and v.score < 3 and "tally" in v.reason


def test_links_are_not_shared_specifics() -> None:
    from sitrep.fuse.mentions import specific_terms

    terms = specific_terms(
        "Two KIA amid shelling in Donbas Read more on UNIAN: https://www.unian.info/war/123.html"
    )
    assert terms == {"#2", "shelling", "donba", "unian"}


def test_civilian_and_military_tolls_of_one_day_are_other_events() -> None:
    """Two reports of the same day and place: "three civilians killed" and "three soldiers killed"
    are two events; the same victims reported twice are one."""
    from sitrep.model import Casualty

    def shelling(mid: str, who: str) -> Event:
        ev = event(mid, killed=3, evidence=f"Shelling killed three {who}")
        ev.casualties = [Casualty(kind="killed", count_min=3, who=who)]
        return ev

    civ, mil, civ2 = shelling("a", "civilians"), shelling("b", "soldiers"), shelling("c", "residents")
    assert len(cluster_mentions([m(civ, "d1"), m(mil, "d2")])) == 2
    assert len(cluster_mentions([m(civ, "d1"), m(civ2, "d3")])) == 1
    assert "other victims" in compatible(m(civ, "d1"), m(mil, "d2")).reason


def _entry(mid: str, name: str, day: date, where: str = "Ukraine") -> Extraction:
    """A casualty register's entry (MemoryBook is listed in data/outlets.json): one death on its day."""
    from sitrep.model import Actor, Casualty

    ev = event(mid, day=day, where=where, etype="Battles", sub="Armed clash", killed=1, evidence=name)
    ev.actor1 = None
    ev.actor2 = Actor(name="Military Forces of Ukraine")
    ev.casualties = [Casualty(kind="killed", count_min=1, who="soldiers", source="MemoryBook")]
    return extraction(name, [ev], outlet="MemoryBook", published=datetime(day.year, day.month, day.day, 12))


def _report(mid: str, text: str, published: datetime, killed: int) -> Extraction:
    from sitrep.model import Casualty

    ev = event(
        mid,
        day=published.date(),
        where="Ukraine",
        precision=2,
        etype="Explosions/Remote violence",
        sub="Remote explosive/landmine/IED",
        killed=killed,
        actor="Military Forces of Ukraine",
        evidence=text,
    )
    ev.casualties = [Casualty(kind="killed", count_min=killed, who="soldiers")]
    return extraction(text, [ev], outlet="Wire", published=published)


def test_register_entries_join_the_report_of_their_day_never_each_other(store: Store) -> None:
    """Each entry of a casualty register records one death. Entries of one day are not one event
    by themselves; a report published that day or the next about the register's dead ("two
    soldiers killed", located no finer than the country) takes them, at most twice its toll, and
    an entry that names a settlement is left to the place rules."""
    day = date(2015, 7, 4)
    entries = [_entry(f"r{i}", name, day) for i, name in enumerate(["Petrenko", "Kovalenko", "Shevchuk"])]
    ingest(store, entries)
    assert len(clusters(store)) == 3  # records alone: three deaths, three events
    report = _report("n1", "Landmine kills two soldiers in the east", datetime(2015, 7, 5, 9), killed=1)
    ingest(store, [report])
    joined = [c for c in clusters(store) if "n1" in c]
    assert len(joined) == 1 and len(joined[0]) == 3  # the report and two entries (twice its toll of one)
    (ce,) = [e for e in store.list_canonical_events(EventFilter(limit=None)) if "n1" in e.mention_ids]
    assert any("register" in why for why in ce.reasons.values())
    town = _entry("r9", "Bakhmut", day, where="Bakhmut")
    m_town = mention_from_event(town.events[0], town.document)
    m_report = mention_from_event(report.events[0], report.document)
    assert m_town.register == "MemoryBook"
    assert compatible(m_town, m_report).score < 3


def test_register_entries_cluster_the_same_in_any_arrival_order(tmp_path: Path) -> None:
    """Entries and reports of two days, shuffled and in batches: the same events as a full run."""
    d1, d2 = date(2015, 7, 4), date(2015, 7, 5)
    base = [_entry(f"r{i}", f"Name{i}", d1 if i < 4 else d2) for i in range(7)]
    base += [
        _report("n1", "Landmine kills two soldiers in the east", datetime(2015, 7, 5, 9), killed=2),
        _report("n2", "One soldier killed in the east", datetime(2015, 7, 6, 9), killed=1),
    ]
    results = []
    for k, batch in enumerate((9, 2, 1)):
        shuffled = list(base)
        random.Random(k).shuffle(shuffled)
        s = open_store(str(tmp_path / f"reg{k}.db"))
        ingest(s, shuffled, batch=batch)
        results.append(ids(s))
        fuse_all(s, SETTINGS)
        assert ids(s) == results[-1]
        s.close()
    assert results[0] == results[1] == results[2]
    assert any(len(c) == 5 and "n1" in c for c in results[0])  # two deaths told: four entries at most


def _wounded_report(mid: str, published: datetime) -> Extraction:
    from sitrep.model import Casualty

    x = _report(mid, "Two soldiers wounded in the east", published, killed=0)
    x.events[0].casualties = [Casualty(kind="injured", count_min=2, who="soldiers")]
    return x


def test_a_report_of_wounded_only_or_of_a_toll_in_double_figures_takes_no_register_entry(
    store: Store,
) -> None:
    """Wounded are no register's dead; a toll of ten or more sums several events of the day (coded by
    place), so an entry that names no place cannot be given to one of them."""
    day = date(2015, 7, 4)
    entries = [_entry("r1", "Petrenko", day), _entry("r2", "Kovalenko", day)]
    wounded = _wounded_report("n1", datetime(2015, 7, 5, 9))
    many = _report("n2", "Twelve soldiers killed in 24 hours", datetime(2015, 7, 5, 10), killed=12)
    ingest(store, [*entries, wounded, many])
    assert {frozenset({"r1"}), frozenset({"r2"})} <= clusters(store)  # the entries stay on their own
    few = _report("n3", "Two soldiers killed in the east", datetime(2015, 7, 5, 11), killed=2)
    views = [mention_from_event(x.events[0], x.document) for x in (*entries, few)]
    (event_,) = cluster_mentions(views)  # the same entries join a report of two deaths
    assert {x.id for x in event_.members} == {"n3", "r1", "r2"}


def _posted_entry(mid: str, name: str, posted: date) -> Extraction:
    """An entry of a register that posts some days after the death (Euromaidan Press in
    data/outlets.json: up to 3 days): the death falls between the post and 3 days before."""
    from datetime import timedelta

    x = _entry(mid, name, posted)
    x.document.outlet = "Euromaidan Press"
    ev = x.events[0]
    ev.event_date, ev.event_date_end, ev.time_precision = posted - timedelta(days=3), posted, 2
    ev.casualties[0].source = "Euromaidan Press"
    return x


def test_entries_posted_after_the_death_join_a_report_of_those_days_up_to_its_toll(store: Store) -> None:
    """A late post could be about any death of the days before it: it joins a report of those days
    about the register's dead, and an event takes no more such entries than its reports' toll."""
    report = _report("n1", "One soldier killed in the east", datetime(2021, 3, 10, 9), killed=1)
    posts = [
        _posted_entry("p1", "Andriy Kovalchuk", date(2021, 3, 12)),
        _posted_entry("p2", "Oleh Bondar", date(2021, 3, 13)),
    ]
    late = _posted_entry("p3", "Ivan Melnyk", date(2021, 3, 20))  # too late for that report
    ingest(store, [report, *posts, late])
    (joined,) = [c for c in clusters(store) if "n1" in c]
    assert len(joined) == 2 and joined & {"p1", "p2"}  # one death told: one entry, not two
    assert frozenset({"p3"}) in clusters(store)
    m_post = mention_from_event(posts[0].events[0], posts[0].document)
    assert m_post.register == "Euromaidan Press"
    assert "register" in compatible(m_post, mention_from_event(report.events[0], report.document)).reason
