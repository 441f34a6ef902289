"""The claims stage: attributed claims, denials and quotes, linked to the events they are about.

Runs last, on the parse the pipeline already has (``ctx.doc``): quotation marks are scanned
(``quotes``), attribution relations read off the dependency tree (``attribution``), sources
normalised and pronouns resolved (``attribution_sources``), then claims are linked to
``ctx.events`` and the events credited to their sources (``attribution_links``).
Ids: ``{doc_id}:c{n}`` for claims, ``{doc_id}:q{n}`` for quotes, in text order.
"""

from __future__ import annotations

from typing import Any

from sitrep.extract.attribution import Attribution, content_stance, doc_text, find_attributions, load_cues
from sitrep.extract.attribution_links import link_events
from sitrep.extract.attribution_sources import SourceResolver
from sitrep.extract.attribution_text import layout_attributions
from sitrep.extract.quotes import QuotePiece, find_quotes, group_pieces
from sitrep.model import Claim, Quote, Source, Span
from sitrep.pipeline import DocContext
from sitrep.settings import Settings


def extract_claims(doc: Any, doc_id: str) -> tuple[list[Claim], list[Quote]]:
    """Claims and quotes from one parsed document (no events needed)."""
    text: str = doc_text(doc)
    pieces = find_quotes(text)
    attrs = _drop_nested(
        _merge(find_attributions(doc, pieces), layout_attributions(doc, pieces)), text, pieces
    )
    lex = load_cues()
    groups = group_pieces(text, pieces)
    for a in attrs:
        # an interrupted quote is one statement: "“...,” he said. “There is no military site.”"
        said = [text[a.content[0] : a.content[1]]] + [
            text[p.start : p.end]
            for g in groups
            if any(p.start < a.content[1] and a.content[0] < p.end for p in g)
            for p in g
        ]
        stance, phrase = content_stance(a.stance, a.cue_lemma, " ".join(said), lex)
        if phrase is not None:
            a.stance = stance
            a.reasons.append(f"content '{phrase}' -> {stance}")
    resolver = SourceResolver(doc)
    claims: list[Claim] = []
    for n, a in enumerate(attrs, start=1):
        source = resolver.resolve(a)
        claims.append(_claim(a, source, text, f"{doc_id}:c{n}", doc_id))
    quotes = _quotes(text, pieces, attrs, claims, doc_id)
    return claims, quotes


def _merge(parsed: list[Attribution], layout: list[Attribution]) -> list[Attribution]:
    """Layout attributions that the parse did not already find, all in text order."""
    out = list(parsed)
    for a in layout:
        size = a.content[1] - a.content[0]
        overlapping = [
            b for b in parsed if min(a.content[1], b.content[1]) - max(a.content[0], b.content[0]) > size / 2
        ]
        # a layout frame ("PENCE: ... I think ...", "“...” ― Name") wins over cues nested inside it
        if all(a.content[0] <= b.cue[0] < a.content[1] for b in overlapping):
            out.append(a)
    return sorted(out, key=lambda a: (a.cue[0], a.content[0]))


def _drop_nested(attrs: list[Attribution], text: str, pieces: list[QuotePiece]) -> list[Attribution]:
    """Drop a cue inside a quotation that another claim reports directly ("I think ..." in a quote).

    The quoted speaker's own "I think" / "we want" is part of what they said, not a second
    attribution; keeping it would split one quote into two claims.
    """
    outer = [a for a in attrs if a.direct and a.source is not None]
    frames = [a for a in attrs if a.cue_lemma in (":", "dash") and a.source is not None]
    if not outer and not frames:
        return attrs
    out = []
    groups = group_pieces(text, pieces)
    for a in attrs:
        group = next((g for g in groups if any(p.start <= a.cue[0] < p.end for p in g)), None)
        inside = group is not None and any(
            b is not a and any(b.content[0] < p.end and p.start < b.content[1] for p in group) for b in outer
        )
        inside = inside or any(b is not a and b.content[0] <= a.cue[0] < b.content[1] for b in frames)
        if not inside:
            out.append(a)
    return out


def _claim(a: Attribution, source: Source, text: str, cid: str, doc_id: str) -> Claim:
    cs, ce = a.content
    return Claim(
        id=cid,
        doc_id=doc_id,
        source=source,
        cue=text[a.cue[0] : a.cue[1]],
        content=Span(cs, ce, text[cs:ce]),
        stance=a.stance,
        cue_span=Span(a.cue[0], a.cue[1], text[a.cue[0] : a.cue[1]]),
        direct=a.direct,
        confidence=a.confidence,
        reason="; ".join(a.reasons + ([source.reason] if source.reason else [])),
    )


def _speaker_for(
    group: list[QuotePiece], attrs: list[Attribution], claims: list[Claim], text: str
) -> tuple[Source | None, float, str]:
    lo, hi = group[0].outer_start, group[-1].outer_end
    # 1. a claim whose content covers the quote (direct speech or a scare quote inside it)
    best: tuple[int, int] | None = None
    for i, a in enumerate(attrs):
        overlap = min(hi, a.content[1]) - max(lo, a.content[0])
        if overlap > 0 and claims[i].source.as_written and (best is None or overlap > best[0]):
            best = (overlap, i)
    if best is not None:
        c = claims[best[1]]
        return c.source, 0.9, f"inside the content of claim {c.id} ('{c.cue}')"
    # 2. a cue in the interruption of a split quote, or in the same sentence
    for i, a in enumerate(attrs):
        if lo <= a.cue[0] <= hi or a.sentence[0] <= lo < a.sentence[1]:
            if claims[i].source.as_written:
                return claims[i].source, 0.75, f"cue '{claims[i].cue}' in the same sentence"
    # 3. the most recent speaker in the same paragraph (recency)
    para_start = text.rfind("\n\n", 0, lo)
    for i in range(len(attrs) - 1, -1, -1):
        a = attrs[i]
        if para_start <= a.cue[0] < lo and claims[i].source.as_written:
            return claims[i].source, 0.5, f"most recent speaker in the paragraph ('{claims[i].cue}')"
    return None, 0.3, "no speaker found"


def _quotes(
    text: str, pieces: list[QuotePiece], attrs: list[Attribution], claims: list[Claim], doc_id: str
) -> list[Quote]:
    quotes: list[Quote] = []
    for group in group_pieces(text, pieces):
        spans = [Span(p.start, p.end, text[p.start : p.end]) for p in group]
        if not any(s.text.strip() for s in spans):
            continue
        speaker, conf, why = _speaker_for(group, attrs, claims, text)
        piece_conf = min(p.confidence for p in group)
        reasons = [p.reason for p in group][:1] + [why]
        if len(group) > 1:
            reasons.append(f"{len(group)} parts (interrupted or multi-paragraph)")
        quotes.append(
            Quote(
                id=f"{doc_id}:q{len(quotes) + 1}",
                doc_id=doc_id,
                text=" ".join(s.text.strip() for s in spans),
                spans=spans,
                speaker=speaker,
                confidence=round(conf * piece_conf, 3),
                reason="; ".join(reasons),
            )
        )
    return quotes


class ClaimStage:
    name = "claims"
    provides = ("claims", "quotes")
    requires: tuple[str, ...] = ("events",)

    def __call__(self, ctx: DocContext) -> None:
        if ctx.doc is None:
            return None
        claims, quotes = extract_claims(ctx.doc, ctx.document.id)
        link_events(claims, ctx.events)
        ctx.claims.extend(claims)
        ctx.quotes.extend(quotes)
        return None


def build_stage(settings: Settings) -> ClaimStage:
    return ClaimStage()
