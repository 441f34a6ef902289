"""Accuracy floors for deaths from UCDP GED headlines (skipped without ../shared/evaldata).

Scored on the first 300 events (docs/accuracy.md has the full-set figures and the command).
A change may raise a floor, never silently lower it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

EVALDATA = Path(__file__).resolve().parents[2] / "shared" / "evaldata"
UCDP = EVALDATA / "ucdp-ukraine-2014-2021"

pytestmark = [
    pytest.mark.evaldata,
    pytest.mark.skipif(not UCDP.exists(), reason=f"evaluation data not found at {UCDP} (../shared/evaldata)"),
]

LIMIT = 300
# pinned 2026-11-25; measured on the first 300 events: deaths in range 0.280 (no event = miss),
# an event found for 0.823, a toll stated for 0.610
FLOORS = {"fatalities_in_range": 0.25, "event_found": 0.78, "fatalities_stated": 0.55}


def test_ucdp_deaths_floors() -> None:
    from sitrep.evaluation.ucdp import run

    m = run(UCDP, limit=LIMIT)["metrics"]
    for name, floor in FLOORS.items():
        assert m[name] >= floor, f"{name} {m[name]:.3f} fell below its floor {floor}"
    # an event with no stated toll counts 0 deaths, never a miss by itself: the share in range
    # over rows with an event is at least the share over all rows
    assert m["fatalities_in_range_with_event"] >= m["fatalities_in_range"]
