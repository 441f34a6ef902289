"""The PolNeAR scorer on a tiny BRAT fixture written for this test (no evaldata needed)."""

from __future__ import annotations

from pathlib import Path

from sitrep.evaluation.polnear import Relation, Scores, read_ann, score_document, token_index, tokens_in

TEXT = "The mayor said the dam held. Nobody else spoke."
ANN = (
    "T1\tSource 0 9\tThe mayor\n"
    "T2\tCue 10 14\tsaid\n"
    "T3\tContent 15 27\tthe dam held\n"
    "T4\tAttribution 10 14\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
)


def test_read_ann_and_score(tmp_path: Path) -> None:
    ann = tmp_path / "x_abcd.ann"
    ann.write_text(ANN, encoding="utf-8")
    index = token_index(TEXT)
    (gold,) = read_ann(ann, index)
    assert gold.source == tokens_in([(0, 9)], index) and len(gold.content) == 3
    # a prediction with the right source, a content one word short, the right cue
    pred = Relation(gold.source, gold.cue, tokens_in([(19, 27)], index))
    scores = Scores()
    score_document([pred], [gold], scores)
    c = scores.counts["content"]
    assert (c.exact, c.overlap_gold, c.tok_both, c.tok_gold) == (0, 1, 2, 3)
    assert scores.counts["source"].exact == 1 and scores.cue_agree == 1 and scores.rel_match == 1
