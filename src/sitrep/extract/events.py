"""Event mentions (placeholder: none yet). Replaced by the event extractor."""

from __future__ import annotations

from sitrep.pipeline import DocContext
from sitrep.settings import Settings


class EventStage:
    name = "events"
    provides = ("events",)
    requires: tuple[str, ...] = ("places", "dates")

    def __call__(self, ctx: DocContext) -> None:
        return None


def build_stage(settings: Settings) -> EventStage:
    return EventStage()
