"""Accuracy gate for attribution on PolNeAR dev (first 20 articles, to stay fast).

Floors sit a little below the figures measured when they were pinned (docs/accuracy.md,
"Claims and quotes"). A change may raise them; lowering one needs a reason in the docs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "shared" / "evaldata" / "polnear" / "dev"

pytestmark = pytest.mark.evaldata

FLOORS = {
    "content_overlap_f1": 0.75,
    "content_token_f1": 0.86,
    "source_overlap_f1": 0.74,
    "cue_overlap_f1": 0.70,
    "cue_accuracy": 0.76,
    "relation_f1": 0.66,
}


@pytest.fixture(scope="module")
def metrics() -> dict[str, float]:
    if not DATA.is_dir():
        pytest.skip(f"PolNeAR data not found at {DATA} (needs ../shared/evaldata)")
    from sitrep.evaluation.polnear import run

    result = run(DATA, limit=20)
    return result["metrics"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_floor(metrics: dict[str, float], name: str) -> None:
    assert metrics[name] >= FLOORS[name], f"{name} = {metrics[name]} fell below its floor {FLOORS[name]}"


def test_scored_what_it_read(metrics: dict[str, float]) -> None:
    assert metrics["documents"] == 20
