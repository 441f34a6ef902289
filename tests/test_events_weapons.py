"""Weapon families, named systems with counts, and target kinds."""

from __future__ import annotations

from sitrep.extract.weapons import find_targets, find_weapons


def test_named_systems_take_the_family_and_count() -> None:
    text = "The army fired four Iskander missiles and launched 12 Geran drones at the port."
    found = {(w.family, w.system, w.count) for w in find_weapons(text)}
    assert ("missile", "Iskander", 4) in found
    assert ("drone", "Geran", 12) in found
    for w in find_weapons(text):
        assert w.span is not None and text[w.span.start : w.span.end] == w.span.text


def test_count_on_the_family_word() -> None:
    (w,) = find_weapons("They launched six hypersonic missiles from the Kinzhal system.")
    assert (w.family, w.system, w.count) == ("missile", "Kinzhal", 6)


def test_families_without_a_system() -> None:
    families = {
        w.family for w in find_weapons("Artillery and a roadside bomb hit the convoy; gunmen opened fire.")
    }
    assert {"artillery", "ied/mine", "small arms"} <= families
    assert find_weapons("The council met on Tuesday.") == []


def test_target_kinds() -> None:
    kinds = {
        t.kind
        for t in find_targets(
            "Strikes hit a thermal power plant, a maternity hospital and a railway station."
        )
    }
    assert {"energy infrastructure", "medical", "rail"} <= kinds
    assert find_targets("Talks resumed in the capital.") == []
