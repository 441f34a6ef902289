"""Accuracy gate for fusion: floors pinned slightly below the measured figures (docs/accuracy.md).

A change may raise these floors but must not silently lower them. Subsets keep the gate fast; the
full UCDP set runs with the slow tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

EVALDATA = Path(__file__).resolve().parents[2] / "shared" / "evaldata"
UCDP = EVALDATA / "ucdp-ukraine-2014-2021"
RUWA = EVALDATA / "ruwa-headlines"

pytestmark = pytest.mark.evaldata

UCDP_LIMIT = 400  # first 400 UCDP events (~600 headline items)
# measured 0.206 / 0.734 when pinned; raised 2026-11-25 after headline extraction and the
# same-day coarse-place rule (measured 0.314 / 0.733); raised again 2026-11-25 after casualty
# register entries joined the reports of their day (measured 0.625 / 0.822; 0.615 / 0.814 on
# 2026-12-04 after the register changes that lifted the full set; 0.619 / 0.813 merged with main at
# ae8837f); raised 2026-12-04 after the country name read as a demonym and the victims' side
# (measured 0.636 / 0.820); raised 2026-12-04 after place names naming a side or a speaker
# ("pro-Russia rebels", "Russia-backed", "Moscow says") stopped placing events (measured 0.641 / 0.822);
# raised 2026-12-04 after wire slugs were blanked for the parse and rising tolls became cues
# (measured 0.645 / 0.823)
UCDP_FLOORS = {"pairwise_f1": 0.64, "pairwise_precision": 0.80}
# all 2,922 events (2014-2021, ~25 s): pinned 2026-12-04 when Euromaidan Press's memorial posts were
# read as a register and register entries left reports of wounded or of ten or more deaths
# (measured 0.470 / 0.544, B-cubed 0.844 vs 0.824 for all singletons; 0.473 / 0.543 merged with
# main at ae8837f); raised 2026-12-04 after the country name read as a demonym and the victims'
# side (measured 0.489 / 0.551, B-cubed 0.847); raised 2026-12-04 after place names naming a side
# or a speaker stopped placing events (measured 0.494 / 0.553, B-cubed 0.848); raised 2026-12-04
# after wire slugs were blanked for the parse and rising tolls became cues (measured 0.496 / 0.554)
UCDP_FULL_FLOORS = {"pairwise_f1": 0.49, "pairwise_precision": 0.55}
RUWA_LIMIT = 4000
RUWA_PURITY_FLOOR = 0.88  # measured 0.917


def _need(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"evaluation data not found at {path} (../shared/evaldata is absent on this machine)")


def test_ucdp_fusion_floors() -> None:
    _need(UCDP)
    from sitrep.evaluation.ucdp_fusion import run

    m = run(UCDP, limit=UCDP_LIMIT)["metrics"]
    for name, floor in UCDP_FLOORS.items():
        assert m[name] >= floor, f"{name} {m[name]:.3f} fell below its floor {floor}"
    # merging must not cost B-cubed against merging nothing
    assert m["bcubed_f1"] > m["singletons_bcubed_f1"]  # measured 0.783 vs 0.607


@pytest.mark.slow
def test_ucdp_fusion_full_set_floors() -> None:
    """The whole UCDP set, 2020-2021 included, where the first 400 events (2014-2015) say nothing."""
    _need(UCDP)
    from sitrep.evaluation.ucdp_fusion import run

    m = run(UCDP)["metrics"]
    for name, floor in UCDP_FULL_FLOORS.items():
        assert m[name] >= floor, f"{name} {m[name]:.3f} fell below its floor {floor}"
    assert m["bcubed_f1"] > m["singletons_bcubed_f1"]


def test_ruwa_story_purity_floor() -> None:
    _need(RUWA)
    from sitrep.evaluation.ruwa import run

    m = run(RUWA, limit=RUWA_LIMIT)["metrics"]
    assert m["family_purity"] >= RUWA_PURITY_FLOOR
    assert m["family_purity"] > m["lump_all_purity"]
