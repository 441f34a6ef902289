"""`sitrep eval ucdp-sources`: headline claim sources against UCDP's source_original."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from sitrep.evaluation.ucdp_sources import agrees, content_words, run
from sitrep.model import Claim, Source, Span
from sitrep.settings import Settings


def claim(as_written: str, name: str = "", body: str = "") -> Claim:
    return Claim(
        id="t:c1",
        doc_id="t",
        source=Source(as_written=as_written, name=name, body=body),
        cue="said",
        content=Span(0, 4, "text"),
        stance="asserts",
    )


def test_content_words_stem_and_drop_filler() -> None:
    assert content_words("the Ukrainian military") == content_words("Ukraine's military")
    assert "said" not in " ".join(content_words("officials said"))


@pytest.mark.parametrize(
    ("written", "name", "gold", "expected"),
    [
        ("ministry", "", "Ukraine's health ministry", True),
        ("Kiev", "Government of Ukraine", "Ukrainian military spokesman Andriy Lysenko", True),
        ("OSCE", "", "JFO; OSCE", True),
        ("rebels", "", "Ukrainian police", False),
        ("", "", "Ukrainian police", False),
    ],
)
def test_agrees(written: str, name: str, gold: str, expected: bool) -> None:
    assert agrees(claim(written, name), gold) is expected


@pytest.fixture(scope="module")
def nlp_ready() -> Any:
    from sitrep.nlp import load_model

    try:
        return load_model(Settings.load().model)
    except Exception as exc:  # pragma: no cover - model missing on this machine
        pytest.skip(f"spaCy model not installed: {exc}")


def test_run_on_a_small_csv(tmp_path: Path, nlp_ready: Any) -> None:
    rows = [
        (
            "Reuters,2015-01-02,Three soldiers killed in the east - military spokesman",
            "Ukrainian military spokesman",
        ),
        ("AP,2015-01-03,Rebels say two dead as shelling hits Donetsk suburb", "Ukrainian military"),
        ("AFP,2015-01-04,Two killed in Luhansk shelling", "OSCE"),
        ("AFP,2015-01-05,Mine blast kills farmer", ""),
    ]
    path = tmp_path / "ucdp.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "source_article", "source_original"])
        for i, (article, original) in enumerate(rows):
            w.writerow([i, article, original])
    result = run(tmp_path)
    m = result["metrics"]
    assert m["rows"] == 3  # the row without a source_original is not scored
    assert 0 < m["source_found"] <= 1
    assert m["source_agrees"] < 1  # "rebels" is not the Ukrainian military
    assert "source_original" in result["table"]
