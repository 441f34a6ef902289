"""Place mentions (minimal: NER GPE/LOC spans, unresolved). Replaced by the geoparser."""

from __future__ import annotations

from sitrep.model import Place, Span
from sitrep.pipeline import DocContext
from sitrep.settings import Settings


class PlaceStage:
    name = "places"
    provides = ("places",)
    requires: tuple[str, ...] = ()

    def __call__(self, ctx: DocContext) -> None:
        for ent in ctx.doc.ents:
            if ent.label_ in ("GPE", "LOC", "FAC"):
                span = Span(ent.start_char, ent.end_char, ent.text)
                ctx.places.append(Place(span=span, name=ent.text, resolved=False, reason="NER only"))


def build_stage(settings: Settings) -> PlaceStage:
    return PlaceStage()
