"""The victims' side in fusion: one side's dead and the other's are two events (fixtures written
for this project)."""

from __future__ import annotations

from datetime import date, datetime

from fuse_helpers import event, extraction

from sitrep.fuse.canonical import cluster_mentions
from sitrep.fuse.mentions import Mention, compatible, mention_from_event
from sitrep.fuse.victims import NON_STATE, victim_sides
from sitrep.model import Actor, Casualty, Event, Span


def _dead(mid: str, phrase: str, who: str, killed: int = 1) -> Event:
    ev = event(mid, day=date(2020, 3, 10), where="Ukraine", precision=2, etype="Battles", sub="Armed clash")
    ev.fatalities = ev.fatalities_min = ev.fatalities_max = killed
    ev.casualties = [Casualty(kind="killed", count_min=killed, who=who, span=Span(0, len(phrase), phrase))]
    return ev


def _m(ev: Event, text: str) -> Mention:
    """A report of that day (published the same day, located only in the country)."""
    x = extraction(text, [ev], published=datetime(2020, 3, 10, 12))
    return mention_from_event(ev, x.document)


def test_the_side_is_read_only_when_the_phrase_names_it() -> None:
    assert victim_sides(_dead("a", "One Ukrainian soldier killed", "soldier")) == {"forces of Ukraine"}
    assert victim_sides(_dead("b", "Ukraine soldier killed", "soldier")) == {"forces of Ukraine"}
    assert victim_sides(_dead("b2", "One Ukrainian serviceman killed", "serviceman")) == {"forces of Ukraine"}
    assert victim_sides(_dead("c", "DPR militiaman killed", "militiaman")) == {NON_STATE}
    assert victim_sides(_dead("d", "rebel killed", "rebel")) == {NON_STATE}
    assert victim_sides(_dead("e", "Two soldiers killed", "soldiers")) == frozenset()
    civilians = _dead("f", "Two Ukrainian civilians killed", "civilians")
    assert victim_sides(civilians) == frozenset()


def test_one_sides_dead_and_the_others_are_two_events() -> None:
    """The same day, both located only in the country: "Ukrainian soldier killed" and "militiaman
    killed" stay apart; "Ukraine soldier killed" (the country's name as an adjective) and a report
    that names no side join the first."""
    ours = _m(_dead("a", "One Ukrainian soldier killed", "soldier"), "Report one")
    theirs = _m(_dead("b", "DPR militiaman killed", "militiaman"), "Report two")
    same = _m(_dead("c", "Ukraine soldier killed", "soldier"), "Report three")
    unsaid = _m(_dead("d", "Soldier killed", "soldier"), "Report four")
    verdict = compatible(ours, theirs)
    assert not verdict.ok and "other side's dead" in verdict.reason
    assert compatible(ours, same).ok and compatible(ours, unsaid).ok
    groups = {frozenset(m.id for m in c.members) for c in cluster_mentions([ours, theirs, same])}
    assert groups == {frozenset({"a", "c"}), frozenset({"b"})}


def test_the_same_toll_of_the_same_sides_dead_a_day_apart_is_one_event() -> None:
    """Two reports published a day apart, both located only in the country, both of two Ukrainian
    soldiers killed (one writes "Ukraine servicemen"), with the same actor: a shared fact, enough to
    merge. Without a named side ("two soldiers killed") the same toll a day apart is not (such tolls
    recur daily)."""

    def report(mid: str, phrase: str, who: str, day: int) -> Mention:
        ev = _dead(mid, phrase, who, killed=2)
        ev.event_date = ev.event_date_end = date(2020, 3, day)
        ev.actor1 = Actor(name="Military Forces of Ukraine")
        x = extraction(phrase + f" ({mid})", [ev], published=datetime(2020, 3, day, 12))
        return mention_from_event(ev, x.document)

    first = report("a", "Two Ukrainian soldiers killed", "soldiers", 10)
    next_day = report("b", "Two Ukraine servicemen killed", "servicemen", 11)
    verdict = compatible(first, next_day)
    assert verdict.ok and verdict.score >= 3.0 and "same side's dead" in verdict.reason, verdict.reason
    plain = [
        report("c", "Two soldiers killed", "soldiers", 10),
        report("d", "Two soldiers killed", "soldiers", 11),
    ]
    assert compatible(*plain).score < 3.0
