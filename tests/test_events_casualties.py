"""Casualty figures: qualifiers, ranges, who, vague counts (ACLED conventions) and running tallies."""

from __future__ import annotations

import pytest

from sitrep.extract.casualties import (
    coded_fatalities,
    find_casualties,
    parse_number,
    split_between,
    states_no_casualties,
)


def _one(text: str, kind: str = "killed") -> tuple[int | None, int | None, str | None, str | None, bool]:
    found = [c for c in find_casualties(text) if c.kind == kind]
    assert found, text
    c = found[0]
    assert c.span is not None and text[c.span.start : c.span.end] == c.span.text
    return c.count_min, c.count_max, c.qualifier, c.who, c.aggregate


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The shelling killed at least seven civilians in the market.",
            (7, None, "at least", "civilians", False),
        ),
        ("Officials said 4 soldiers were killed overnight.", (4, None, None, "soldiers", False)),
        ("More than 20 people died when the bridge was hit.", (20, None, "more than", "people", False)),
        ("Between 3 and 5 farmers were killed near the border.", (3, 5, None, "farmers", False)),
        ("Dozens of fighters were killed in the assault.", (12, None, "dozens of", "fighters", False)),
        ("Tens of residents were killed, the mayor said.", (10, None, "tens of", "residents", False)),
        ("The raid left hundreds dead.", (100, None, "hundreds", None, False)),
        ("A drone strike killed a teacher and two pupils.", (3, None, None, "teacher", False)),
        (
            "Since the start of the war, 412 children have been killed in the region.",
            (412, None, None, "children", True),
        ),
    ],
)
def test_killed_figures(
    text: str, expected: tuple[int | None, int | None, str | None, str | None, bool]
) -> None:
    low, high, qual, who, agg = _one(text)
    e_low, e_high, e_qual, e_who, e_agg = expected
    assert (low, qual, who, agg) == (e_low, e_qual, e_who, e_agg)
    if e_high is not None:
        assert high == e_high


def test_injured_and_killed_in_one_sentence() -> None:
    found = find_casualties("Two guards were killed and nine were wounded in the blast.")
    kinds = {(c.kind, c.count_min) for c in found}
    assert kinds == {("killed", 2), ("injured", 9)}


def test_the_attacker_is_not_the_dead() -> None:
    found = find_casualties("A gunman killed 3 worshippers and injured 6 at the mosque.")
    assert {(c.kind, c.count_min) for c in found} == {("killed", 3), ("injured", 6)}


def test_numbers_and_notes_conventions() -> None:
    assert parse_number("twenty-one") == 21
    assert parse_number("1,250") == 1250
    assert parse_number("a hundred") == 100
    assert states_no_casualties("No casualties were reported.")
    assert states_no_casualties("Casualties unknown.")
    assert not states_no_casualties("Five people were hurt.")
    assert coded_fatalities("Unknown fatalities coded as 10.") == 10
    assert coded_fatalities("6 fatalities coded to Pisky event.") == 0
    assert split_between("fatalities split between 3 events") == 3
    assert find_casualties("The convoy of 40 trucks arrived.") == []


@pytest.mark.parametrize(
    ("text", "total"),
    [
        ("Five soldiers, two rebels killed in separatist east", 7),
        ("Three civilians and a soldier were killed when shells hit the town", 4),
        ("Soldier and civilian killed in overnight clashes", 2),
        ("Two troops, one civilian killed after failed talks", 3),
        ("At least 41 soldiers, civilians killed in 24 hours", 41),  # one count for both groups
    ],
)
def test_a_list_of_groups_before_one_verb_is_summed(text: str, total: int) -> None:
    killed = [c for c in find_casualties(text) if c.kind == "killed"]
    assert len(killed) == 1, [(c.count_min, c.reason) for c in killed]
    assert killed[0].count_min == total
    assert (
        killed[0].span is not None and text[killed[0].span.start : killed[0].span.end] == killed[0].span.text
    )


def test_a_list_does_not_swallow_the_wounded() -> None:
    found = find_casualties("Two soldiers killed, five wounded near the airport")
    assert [(c.kind, c.count_min) for c in found] == [("killed", 2), ("injured", 5)]


@pytest.mark.parametrize(
    "text",
    [
        "The republic says 21 people were killed by shelling this year",
        "Shelling of the district kills five in one month",
        "Twelve killed in shelling of the city over the past week",
        "More than 9,000 killed since start of the conflict, the UN says",
        "Since last year 41 soldiers have been killed in the region",
        "The president says 18 servicemen were killed in the east in August",
        "Two civilians killed in shelling in 2020, the republic says",
    ],
)
def test_tallies_over_a_week_month_or_year_are_aggregates(text: str) -> None:
    found = find_casualties(text)
    assert found and all(c.aggregate for c in found)


def test_a_headline_member_killed_is_one_death() -> None:
    assert _one("Militia member killed in shelling of the town")[0] == 1


def test_a_month_followed_by_its_day_is_a_date_not_a_tally() -> None:
    assert _one("Three soldiers were killed in May 12 shelling")[4] is False


def _killed(text: str) -> list[tuple[str, int | None]]:
    found = find_casualties(text)
    for c in found:
        assert c.span is not None and text[c.span.start : c.span.end] == c.span.text, text
    return [(c.kind, c.count_min) for c in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one person, headline style: a title, an "of" phrase, "dead", a hedge
        ("Militia rescuer killed while putting out a fire in the town", [("killed", 1)]),
        ("Sergeant of 54th brigade killed by sniper fire", [("killed", 1)]),
        ("Another soldier of the Armed Forces killed near the village on Monday", [("killed", 1)]),
        ("Militia serviceman dead after overnight shelling, republic says", [("killed", 1)]),
        ("Rebel commander said killed in attack on checkpoint", [("killed", 1)]),
        ("One soldier fatally hit by sniper's bullet near the town", [("killed", 1)]),
        # a named person, with or without an age
        ("27y.o. Petro Ivanenko killed by enemy sniper near the village on May 3, 2021.", [("killed", 1)]),
        ("53-year-old Mykola Sydorenko was killed in shelling of the village.", [("killed", 1)]),
        ("Taras Kovalchuk died of his wounds on March 2.", [("killed", 1)]),
        # the wounded who died
        ("Woman wounded in shelling of the market dies in hospital", [("killed", 1)]),
        ("Three wounded soldiers die in hospital after the attack", [("killed", 3)]),
        ("One soldier sustained injuries incompatible with life, the command said", [("killed", 1)]),
        ("Soldier wounded, civilian dies in overnight shelling", [("injured", 1), ("killed", 1)]),
        ("One man was injured and the other died.", [("injured", 1)]),  # "the other": a second person
        # a death the sentence reports
        ("Republic reports death of militia fighter in shelling", [("killed", 1)]),
        ("Command reports militiaman's death in enemy attack", [("killed", 1)]),
        ("The clash led to the killing of 4 militants near the post.", [("killed", 4)]),
        ("Rebels accuse the army of killing militant near the town", [("killed", 1)]),
        # counts: a quoted count, a raised toll, a typographic apostrophe, "slain"
        ("'Up to five' rebels killed in the town: ministry", [("killed", 5)]),
        ("Ministry raises death toll from weekend attacks in the east to 14", [("killed", 14)]),
        ("Death toll from the army\u2019s shelling of the town rises to two", [("killed", 2)]),
        ("Two Luhansk republic\u2019s servicemen killed in shelling", [("killed", 2)]),
        ("Worst day for the unit: 16 slain in raid", [("killed", 16)]),
    ],
)
def test_headline_and_report_forms_of_deaths(text: str, expected: list[tuple[str, int]]) -> None:
    assert _killed(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Hundreds protested over the killing of a journalist in the city.",  # the cause of a protest
        "Residents rallied against the death of a demonstrator last month.",
        "Border Guards met at the crossing.",
    ],
)
def test_a_killing_named_as_a_cause_or_a_name_without_a_verb_is_not_a_toll(text: str) -> None:
    assert [k for k in _killed(text) if k[0] == "killed"] == []


def test_an_active_killer_is_not_the_dead() -> None:
    # the object pattern reads the dead; the name before the verb is the killer
    assert _killed("Afghan Police killed 3 militants in the district") == [("killed", 3)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an age is not a count; the child is one person
        ("Protest urges troops to leave after armoured vehicle kills 9-year-old", [("killed", 1)]),
        ("11-year-old boy killed in shelling of the suburb", [("killed", 1)]),
        # a person named by an occupation, or after a speech verb
        ("Folk singer killed in frontline town", [("killed", 1)]),
        ("Separatists in the south say commander is killed in a car bombing", [("killed", 1)]),
        # a long "of" phrase with a relative clause before the verb
        ("Driver of van that tried to ram the border checkpoint shot dead", [("killed", 1)]),
        # a death counted by an ordinal, and the body of one person
        ("Army reports first combat death since new truce", [("killed", 1)]),
        ("Rebels hand over body of marine, killed in clashes two days ago", [("killed", 1)]),
    ],
)
def test_headline_forms_of_one_death(text: str, expected: list[tuple[str, int]]) -> None:
    assert _killed(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The clashes that followed led to another death and two wounded.",  # adds to a toll told before
        "Forces swapped two captured fighters and the body of another fighter.",
        "The company was handed a death sentence by regulators.",
        "Leader of the republic says civilians came under fire in the suburb",  # the leader is not the dead
    ],
)
def test_forms_that_add_no_death(text: str) -> None:
    assert [k for k in _killed(text) if k[0] == "killed"] == []


def test_a_comparative_since_is_not_an_aggregate() -> None:
    assert [c.aggregate for c in find_casualties("Four soldiers killed in deadliest day since August")] == [
        False
    ]
    assert [c.aggregate for c in find_casualties("Four soldiers killed since August")] == [True]
