"""Claims and quotes (placeholder: none yet). Replaced by the attribution extractor."""

from __future__ import annotations

from sitrep.pipeline import DocContext
from sitrep.settings import Settings


class ClaimStage:
    name = "claims"
    provides = ("claims", "quotes")
    requires: tuple[str, ...] = ("events",)

    def __call__(self, ctx: DocContext) -> None:
        return None


def build_stage(settings: Settings) -> ClaimStage:
    return ClaimStage()
