"""Character-span helpers for attribution: paragraphs and the quotations around a content span."""

from __future__ import annotations

from sitrep.extract.quotes import QuotePiece


def same_paragraph(span: tuple[int, int], pos: int, text: str) -> tuple[int, int]:
    """Clip a content span to the cue's paragraph (the parser sometimes runs sentences across)."""
    a, b = span
    start = text.rfind("\n\n", a, pos)
    if start >= 0:
        a = start + 2
    end = text.find("\n\n", pos, b)
    if end >= 0:
        b = end
    while a < b and text[a].isspace():
        a += 1
    return a, max(a, b)


def widen_to_quotes(span: tuple[int, int], quotes: list[QuotePiece]) -> tuple[tuple[int, int], float]:
    """Widen a content span to whole quotations it runs into; returns (span, quoted share)."""
    a, b = span
    for q in quotes:
        if q.outer_end <= a or q.outer_start >= b:
            continue
        # a quote that starts inside the content but runs past it: take the whole quote
        if q.outer_start < b < q.outer_end or q.outer_start < a < q.outer_end or a <= q.start <= b:
            a, b = min(a, q.outer_start), max(b, q.outer_end)
    quoted = sum(max(0, min(b, q.end) - max(a, q.start)) for q in quotes)
    return (a, b), quoted / max(1, b - a)


def next_quote(pos: int, text: str, quotes: list[QuotePiece]) -> QuotePiece | None:
    """The quotation that starts right after ``pos`` (skipping spaces, commas and colons)."""
    j = pos
    while j < len(text) and j - pos < 6 and text[j] in " \t\n,:—–":
        j += 1
    for q in quotes:
        if q.outer_start == j:
            return q
    return None


def prev_quote(pos: int, text: str, quotes: list[QuotePiece]) -> QuotePiece | None:
    for q in quotes:
        if q.outer_end <= pos and pos - q.outer_end <= 3 and not text[q.outer_end : pos].strip(" \t,"):
            return q
    return None
