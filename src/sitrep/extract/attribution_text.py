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
_HEADLINE = re.compile(rf"(?m)^[ \t]*[\"“]?({_NAME})[ \t]*:[ \t]+(\S[^\n]{{8,1500}}?)[ \t.]*$")
_SIGNATURE = re.compile(rf"[ \t]*(―|—|–|--)[ \t]*({_NAME})[ \t\u00a0]*(?=$|\n|[.,;]|[ \t\u00a0]+[“\"])")
# a whole line quoted and signed: "“... “hell” ...” ― Adriana Rodarte" (inner quotes allowed)
_SIGNED_LINE = re.compile(
    rf"(?m)^[ \t]*[\"“”]([^\n]{{8,1500}}?)[\"”][ \t]*(―|—|–|--)[ \t\u00a0]*({_NAME})[ \t.]*$"
)
# a wire headline that names its source at the end: "Death toll rises to 28: ministry",
# "One officer killed - interior minister" (no full stop; a short source after a colon or dash)
_TAIL_SOURCE = re.compile(
    r"(?m)^[ \t]*(\S[^\n]{10,300}?)[ \t]*(?:(:)|[ \t](―|—|–|--|-))[ \t]+([\w'’. -]{2,60}?)[ \t]*$"
)
_NOT_SOURCES = frozenset(
    "update note photo photos video watch read related source sources correction warning q a "
    "breaking editor's editor live listen see also exclusive analysis opinion comment subscribe "
    "advertisement image credit map timeline".split()
)


def _root(doc: Any, a: int, b: int) -> int | None:
    span = doc.char_span(a, b, alignment_mode="expand")
    return int(span.root.i) if span is not None and len(span) else None


def _names_someone(doc: Any, a: int, b: int) -> bool:
    """A speaker, not a headline's title phrase ("The Latest: ...", "Stealth Over Health: ...")."""
    span = doc.char_span(a, b, alignment_mode="expand")
    if span is None:
        return True
    words = [t for t in span if not t.is_punct and not t.is_space]
    if any(t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") for t in words):
        return True
    # transcript speakers ("WALLACE:") and one-word sources ("Sanders: ...", "Poll: ..."); a
    # title phrase is a phrase ("The Latest", "Stealth Over Health")
    return len(words) == 1 and words[0].text[:1].isupper()


def layout_attributions(doc: Any, quotes: list[QuotePiece]) -> list[Attribution]:
    """Headline-colon and signature-dash attributions in ``doc.text``."""
    text: str = doc_text(doc)
    found: list[Attribution] = []
    for m in _HEADLINE.finditer(text):
        name = m.group(1)
        first = name.split()[0].lower().strip(".")
        if first in _NOT_SOURCES or len(name) < 2:
            continue
        named = _names_someone(doc, m.start(1), m.end(1))
        colon = text.index(":", m.end(1))
        a, b = m.start(2), m.end(2)
        found.append(
            Attribution(
                cue=(colon, colon + 1),
                cue_lemma=":",
                stance="asserts",
                content=(a, b),
                source=(m.start(1), m.end(1)) if named else None,
                source_root=_root(doc, m.start(1), m.end(1)) if named else None,
                sentence=(m.start(), m.end()),
                direct=False,
                confidence=0.55 if named else 0.3,
                reasons=[
                    "headline colon 'Name: claim'",
                    "content: rest of the line",
                    "source: before the colon" if named else "source: none (a title phrase before the colon)",
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
    found.extend(_tail_sources(doc, text))
    signed = {a.cue for a in found}
    for m in _SIGNED_LINE.finditer(text):
        if (m.start(2), m.end(2)) in signed or m.group(3).split()[0].lower() in _NOT_SOURCES:
            continue
        found.append(
            Attribution(
                cue=(m.start(2), m.end(2)),
                cue_lemma="dash",
                stance="asserts",
                content=(m.start(1), m.end(1)),
                source=(m.start(3), m.end(3)),
                source_root=_root(doc, m.start(3), m.end(3)),
                sentence=(m.start(), m.end()),
                direct=True,
                confidence=0.6,
                reasons=["signed quotation line", "content: the quoted line", "source: after the dash"],
            )
        )
    return found


def _tail_sources(doc: Any, text: str) -> list[Attribution]:
    """A headline (the first line) ending in its source: "Ukraine death toll rises to 28: ministry"."""
    from sitrep.extract.attribution import load_cues

    roles = load_cues().role_nouns
    out: list[Attribution] = []
    first_line = text.lstrip().split("\n", 1)[0]
    for m in _TAIL_SOURCE.finditer(text, 0, len(text) - len(text.lstrip()) + len(first_line)):
        src_a, src_b = m.start(4), m.end(4)
        words = m.group(4).split()
        if not 1 <= len(words) <= 4 or m.group(1).rstrip()[-1:] in '.!?"”':
            continue
        lows = {w.lower().strip(".") for w in words}
        span = doc.char_span(src_a, src_b, alignment_mode="expand")
        named = span is not None and any(t.ent_type_ in ("PERSON", "ORG", "NORP") for t in span)
        if not (named or lows & roles or {w.rstrip("s") for w in lows} & roles):
            continue
        cue = m.start(2) if m.group(2) else m.start(3)
        cue_end = m.end(2) if m.group(2) else m.end(3)
        out.append(
            Attribution(
                cue=(cue, cue_end),
                cue_lemma=":",
                stance="asserts",
                content=(m.start(1), m.end(1)),
                source=(src_a, src_b),
                source_root=_root(doc, src_a, src_b),
                sentence=(m.start(), m.end()),
                direct=False,
                confidence=0.5,
                reasons=[
                    "headline ending in its source",
                    "content: the headline",
                    "source: after the colon or dash",
                ],
            )
        )
    return out
