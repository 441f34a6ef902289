"""Date mentions (minimal: NER DATE spans, unresolved). Replaced by the date resolver."""

from __future__ import annotations

from sitrep.model import DateMention, Span
from sitrep.pipeline import DocContext
from sitrep.settings import Settings


class DateStage:
    name = "dates"
    provides = ("dates",)
    requires: tuple[str, ...] = ()

    def __call__(self, ctx: DocContext) -> None:
        for ent in ctx.doc.ents:
            if ent.label_ in ("DATE", "TIME"):
                span = Span(ent.start_char, ent.end_char, ent.text)
                ctx.dates.append(
                    DateMention(
                        span=span, phrase=ent.text, resolved=False, kind="unresolved", reason="NER only"
                    )
                )


def build_stage(settings: Settings) -> DateStage:
    return DateStage()
