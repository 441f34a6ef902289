"""The fusion scorers on toy data: pairwise, extended B-cubed, over/under-merging, parsing, bench fit."""

from __future__ import annotations

import pytest

from sitrep.bench.fusion import fuse_synthetic, growth_exponent
from sitrep.evaluation.ruwa import purity
from sitrep.evaluation.ucdp_fusion import bcubed, merge_shares, parse_articles, score

A, B, C, D = (("o", "2020-01-01", x) for x in "abcd")


def test_parse_articles_keeps_commas_in_headlines() -> None:
    field = '"Outlet One,2014-05-27,Forty dead, dozens hurt";"Outlet Two,2014-05-28,Calm returns"'
    assert parse_articles(field) == [
        ("Outlet One", "2014-05-27", "Forty dead, dozens hurt"),
        ("Outlet Two", "2014-05-28", "Calm returns"),
    ]
    assert parse_articles('"broken entry"') == []


def test_perfect_and_singleton_predictions() -> None:
    gold = {A: {"e1"}, B: {"e1"}, C: {"e2"}, D: {"e3"}}
    perfect = score({A: {"x"}, B: {"x"}, C: {"y"}, D: {"z"}}, gold)
    assert perfect["pairwise_f1"] == 1.0 and perfect["bcubed_f1"] == pytest.approx(1.0)
    assert perfect["over_merged"] == 0.0 and perfect["under_merged"] == 0.0
    singles = score({A: {"1"}, B: {"2"}, C: {"3"}, D: {"4"}}, gold)
    assert singles["pairwise_recall"] == 0.0 and singles["under_merged"] == 1.0
    assert singles["bcubed_f1"] == pytest.approx(singles["singletons_bcubed_f1"])
    lumped = score({A: {"x"}, B: {"x"}, C: {"x"}, D: {"x"}}, gold)
    assert lumped["pairwise_precision"] == pytest.approx(1 / 6) and lumped["pairwise_recall"] == 1.0
    assert lumped["over_merged"] == 1.0


def test_multi_event_headline_counts_for_each_of_its_events() -> None:
    gold = {A: {"e1", "e2"}, B: {"e1"}, C: {"e2"}}
    pred = {A: {"x", "y"}, B: {"x"}, C: {"y"}}
    s = score(pred, gold)
    assert s["pairwise_f1"] == 1.0 and s["gold_pairs"] == 2.0
    p, r, f = bcubed(pred, gold)
    assert (p, r) == (pytest.approx(1.0), pytest.approx(1.0))
    half = score({A: {"x"}, B: {"x"}, C: {"y"}}, gold)  # A put in only one of its events
    assert half["pairwise_recall"] == 0.5
    assert merge_shares({A: {"x"}, B: {"x"}, C: {"y"}}, gold) == (0.0, 0.5)


def test_purity() -> None:
    assert purity({"f1": ["a", "a", "b"], "f2": ["c"], "f3": ["d", "d"]}) == (pytest.approx(0.8), 5)


def test_growth_exponent_and_small_bench_run() -> None:
    assert growth_exponent([(1000, 1.0), (10000, 10.0), (100000, 100.0)]) == pytest.approx(1.0)
    assert growth_exponent([(1000, 1.0), (10000, 100.0)]) == pytest.approx(2.0)
    r = fuse_synthetic(300)
    assert r["mentions"] == 300 and 0 < r["canonical_events"] < 300
