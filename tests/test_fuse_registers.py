"""Casualty figures of events that hold casualty-register entries: each entry is one recorded death,
and an event's entries add up (fixtures written for this project)."""

from __future__ import annotations

from datetime import date, datetime

from fuse_helpers import event, extraction

from sitrep.fuse.canonical import Cluster, cluster_mentions
from sitrep.fuse.mentions import Mention, mention_from_event
from sitrep.fuse.merge import build_canonical
from sitrep.model import Actor, Casualty, Extraction, FigureReport

DAY = date(2015, 7, 4)


def _entry(mid: str, name: str, day: date = DAY, outlet: str = "MemoryBook") -> Extraction:
    ev = event(mid, day=day, where="Ukraine", etype="Battles", sub="Armed clash", killed=1, evidence=name)
    ev.actor2 = Actor(name="Military Forces of Ukraine")
    ev.casualties = [Casualty(kind="killed", count_min=1, who="soldiers", source="MemoryBook")]
    return extraction(name, [ev], outlet=outlet, published=datetime(day.year, day.month, day.day, 12))


def _report(mid: str, text: str, published: datetime, killed: int) -> Extraction:
    ev = event(mid, day=published.date(), where="Ukraine", precision=2, etype="Battles", sub="Armed clash")
    ev.actor1 = Actor(name="Military Forces of Ukraine")
    ev.fatalities = ev.fatalities_min = ev.fatalities_max = killed
    ev.casualties = [Casualty(kind="killed", count_min=killed, who="soldiers")]
    return extraction(text, [ev], outlet="Wire", published=published)


def _views(*xs: Extraction) -> list[Mention]:
    return [mention_from_event(x.events[0], x.document) for x in xs]


def _one_event(*xs: Extraction) -> Cluster:
    """All of ``xs`` as one cluster (as fusion or a user's merge would hold them)."""
    views = _views(*xs)
    return Cluster(views, {m.id: "test" for m in views})


def test_register_entries_of_one_event_add_up() -> None:
    """A report of one death and three entries of that day: three recorded deaths, not the lowest
    single figure; the reason and the history say why the figure is above the report's."""
    report = _report("n1", "Soldier killed in the east", datetime(2015, 7, 4, 18), killed=1)
    entries = [_entry(f"r{i}", name) for i, name in enumerate(["Petrenko", "Kovalenko", "Shevchuk"])]
    ce = build_canonical(_one_event(report, *entries))
    assert ce.event.fatalities == 3
    assert (ce.event.fatalities_min, ce.event.fatalities_max) == (1, 3)
    assert "3 distinct entries of MemoryBook" in ce.event.reasons["fatalities"]
    assert ce.history == ["2015-07-04: killed 3 (first figure, 3 entries of MemoryBook, one death each)"]
    assert sum(1 for f in ce.figures if f.register == "MemoryBook") == 3


def test_reports_above_the_entries_keep_their_conservative_figure() -> None:
    """Five soldiers killed by the reports, two entries found: the reports' figure (entries are
    the deaths a register has recorded so far, not a count of everyone killed)."""
    low = _report("n1", "Four soldiers killed", datetime(2015, 7, 4, 18), killed=4)
    raised = _report("n2", "Toll rises to five soldiers", datetime(2015, 7, 5, 9), killed=5)
    entries = [_entry("r1", "Petrenko"), _entry("r2", "Kovalenko")]
    ce = build_canonical(_one_event(low, raised, *entries))
    assert ce.event.fatalities == 5
    assert "at least the 2 deaths recorded" in ce.event.reasons["fatalities"]
    assert ce.history == [
        "2015-07-04: killed 4 (first figure, Wire)",
        "2015-07-05: killed 4 -> 5 (raised by Wire)",
    ]


def test_an_entry_no_longer_lowers_the_reports_figure_of_its_day() -> None:
    """ "Three soldiers killed" and one entry published that day: three, not the entry's one."""
    report = _report("n1", "Three soldiers killed", datetime(2015, 7, 4, 18), killed=3)
    ce = build_canonical(_one_event(report, _entry("r1", "Petrenko")))
    assert ce.event.fatalities == 3


def test_entries_alone_and_entries_joined_by_fusion() -> None:
    """A lone entry is one death; a report of two deaths published the next day, which fusion gives
    the three entries of its day (up to twice its toll), says three."""
    (alone,) = [build_canonical(c) for c in cluster_mentions(_views(_entry("r0", "Melnyk")))]
    assert alone.event.fatalities == 1 and alone.history == [
        "2015-07-04: killed 1 (first figure, 1 entries of MemoryBook, one death each)"
    ]
    report = _report("n1", "Two soldiers killed in the east", datetime(2015, 7, 5, 9), killed=2)
    entries = [_entry("r1", "Petrenko"), _entry("r2", "Kovalenko"), _entry("r3", "Bondar")]
    events = [build_canonical(c) for c in cluster_mentions(_views(report, *entries))]
    (joined,) = [e for e in events if "n1" in e.mention_ids]
    assert len(joined.mention_ids) == 4
    assert joined.event.fatalities == 3
    assert joined.history == ["2015-07-04: killed 3 (first figure, 3 entries of MemoryBook, one death each)"]


def test_a_figure_keeps_its_register_through_the_store_format() -> None:
    f = FigureReport("killed", 1, 1, "MemoryBook", "d1", "MemoryBook", datetime(2015, 7, 4), "MemoryBook")
    assert FigureReport.from_dict(f.to_dict()) == f
    assert FigureReport.from_dict({k: v for k, v in f.to_dict().items() if k != "register"}).register is None
