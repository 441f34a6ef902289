"""The victims' side in fusion: one side's dead and the other's are two events (fixtures written
for this project)."""

from __future__ import annotations

from datetime import date, datetime

from fuse_helpers import event, extraction

from sitrep.fuse.canonical import cluster_mentions
from sitrep.fuse.mentions import Mention, compatible, mention_from_event
from sitrep.fuse.victims import NON_STATE, victim_sides
from sitrep.model import Casualty, Event, Span


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
