"""Attributions marked by layout rather than by a verb.

* Headline colons: "Zelensky: Bakhmut will hold" (a short capitalised name, a colon, the claim).
* Signature dashes after a quotation: "\u201c...\u201d \u2015 Oksana Petrenko".

Both are common in news pages and invisible to the dependency rules. They run on the text and
map back onto the existing parse (no second parse).
"""

from __future__ import annotations

import re
from typing import Any

from sitrep.extract.attribution import Attribution, doc_text
from sitrep.extract.quotes import QuotePiece

_NAME = r"[A-Z][\w.'’-]*(?:[ \t]+(?:of[ \t]+|the[ \t]+)?[A-Z][\w.'’-]*){0,4}"
_HEADLINE = re.compile(rf"(?m)^[ \t]*({_NAME})[ \t]*:[ \t]+(\S[^\n]{{8,1500}}?)[ \t.]*$")
_SIGNATURE = re.compile(rf"[ \t]*(―|—|–|--)[ \t]*({_NAME})[ \t\u00a0]*(?=$|\n|[.,;])")
_NOT_SOURCES = frozenset(
    "update note photo photos video watch read related source sources correction warning q a "
    "breaking editor's editor live listen see also exclusive analysis opinion comment subscribe "
    "advertisement image credit map timeline".split()
)


def _root(doc: Any, a: int, b: int) -> int | None:
    span = doc.char_span(a, b, alignment_mode="expand")
    return int(span.root.i) if span is not None and len(span) else None


def layout_attributions(doc: Any, quotes: list[QuotePiece]) -> list[Attribution]:
    """Headline-colon and signature-dash attributions in ``doc.text``."""
    text: str = doc_text(doc)
    found: list[Attribution] = []
    for m in _HEADLINE.finditer(text):
        name = m.group(1)
        first = name.split()[0].lower().strip(".")
        if first in _NOT_SOURCES or len(name) < 2:
            continue
        colon = text.index(":", m.end(1))
        a, b = m.start(2), m.end(2)
        found.append(
            Attribution(
                cue=(colon, colon + 1),
                cue_lemma=":",
                stance="asserts",
                content=(a, b),
                source=(m.start(1), m.end(1)),
                source_root=_root(doc, m.start(1), m.end(1)),
                sentence=(m.start(), m.end()),
                direct=False,
                confidence=0.55,
                reasons=[
                    "headline colon 'Name: claim'",
                    "content: rest of the line",
                    "source: before the colon",
                ],
            )
        )
    for q in quotes:
        sig = _SIGNATURE.match(text, q.outer_end)
        if sig is None or sig.group(2).split()[0].lower() in _NOT_SOURCES:
            continue
        m = sig
        found.append(
            Attribution(
                cue=(m.start(1), m.end(1)),
                cue_lemma="dash",
                stance="asserts",
                content=(q.outer_start, q.outer_end),
                source=(m.start(2), m.end(2)),
                source_root=_root(doc, m.start(2), m.end(2)),
                sentence=(q.outer_start, m.end()),
                direct=True,
                confidence=round(0.7 * q.confidence, 3),
                reasons=[
                    "signature dash after a quotation",
                    "content: the quotation",
                    "source: after the dash",
                ],
            )
        )
    return found
