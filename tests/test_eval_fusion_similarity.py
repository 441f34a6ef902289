"""`sitrep eval ucdp-fusion` with embeddings on: the pairs fusion left apart, by headline cosine.

A stand-in embedder (two-dimensional vectors chosen per headline) keeps the test free of the
``embeddings`` extra; the bucketing, the day window and the count of same-event pairs are real.
"""

from __future__ import annotations

from sitrep.evaluation.ucdp_fusion_similarity import apart_pairs, similarity_bands, table

A = ("Wire", "2015-03-01", "Two soldiers killed near Shyrokyne")
B = ("Paper", "2015-03-02", "Shyrokyne clash leaves two troops dead")
C = ("Wire", "2015-03-02", "Talks on prisoner exchange resume in Minsk")
D = ("Wire", "2015-03-05", "Two soldiers killed near Shyrokyne, army says")
E = ("Radio", "2015-03-01", "Army says two killed at Shyrokyne")

VECTORS = {A[2]: [1.0, 0.0], B[2]: [0.9, 0.1], C[2]: [0.0, 1.0], D[2]: [1.0, 0.0], E[2]: [1.0, 0.05]}


class StandIn:
    def encode(self, texts: list[str]) -> list[list[float]]:
        return [VECTORS[t] for t in texts]


def test_only_pairs_within_a_day_and_in_no_common_event_are_counted() -> None:
    pred = {A: {"ev1"}, E: {"ev1"}, B: {"ev2"}, C: {"ev3"}, D: {"ev4"}}
    pairs = {frozenset(p) for p in apart_pairs(pred)}
    # A and E share a predicted event; D is four days from everything else
    assert pairs == {frozenset(p) for p in [(A, B), (A, C), (E, B), (E, C), (B, C)]}


def test_bands_count_pairs_and_those_ucdp_calls_one_event() -> None:
    pred = {A: {"ev1"}, E: {"ev1"}, B: {"ev2"}, C: {"ev3"}, D: {"ev4"}}
    gold = {A: {"u1"}, E: {"u1"}, B: {"u1"}, C: {"u2"}, D: {"u3"}}
    bands = dict((band, (n, same)) for band, n, same in similarity_bands(pred, gold, StandIn()))
    assert bands[0.8] == (2, 2)  # A-B and E-B: similar and one UCDP event
    assert bands[0.0] == (3, 0)  # the Minsk talks against the rest
    assert bands[0.6] == bands[0.4] == (0, 0)
    text = table(similarity_bands(pred, gold, StandIn()), 0.5)
    assert "0.8-1.0" in text and "0.250" in text
