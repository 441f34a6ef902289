"""Date mentions resolved against the publication date (``Document.published``).

Candidates are spaCy DATE/TIME entities plus rule-found phrases that NER misses
("overnight", "since August", "over the last 24 hours"). Each phrase is resolved by
``sitrep.extract.date_rules.resolve`` into a day or a range with ACLED's time precision
(1 day, 2 week, 3 month or coarser). Without a publication date a relative phrase stays
unresolved with the reason saying so: the publication date is never used as an event date.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from sitrep.extract.date_rules import RULE_PHRASES, resolve
from sitrep.model import DateMention, Span
from sitrep.pipeline import DocContext
from sitrep.settings import Settings

# Durations and ages are not dates: "three years", "for two weeks", "45-year-old".
_NOT_A_DATE = re.compile(
    r"^(?:for\s+|of\s+|a\s+|an\s+|the\s+)?(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|several|few|many|some|a few|a couple of)[\s-]+(?:days?|weeks?|months?|years?|hours?|"
    r"minutes?|decades?)(?:[\s-]+old)?$|\b(?:year|month|day|week)s?[\s-]old\b|^(?:daily|weekly|monthly|annual|"
    r"yearly|quarterly|the day|a day|each day|every day|the year|the season|one day|some day)$",
    re.IGNORECASE,
)


# Time references with no date in them, kept (unresolved, kind "vague") so readers see them.
_VAGUE = re.compile(
    r"\b(?:now|currently|nowadays|at present|recently|lately|previously|in the past|the past|in the future|the future|soon)\b",
    re.IGNORECASE,
)
# A determiner NER left out of the span: "[This] year", "[last] week".
_EXTEND = re.compile(r"\b(?:this|last|next|early|late|the past|the last|the coming)\s+$", re.IGNORECASE)


class DateStage:
    name = "dates"
    provides = ("dates",)
    requires: tuple[str, ...] = ()

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings

    def __call__(self, ctx: DocContext) -> None:
        published = ctx.document.published
        ctx.dates.extend(
            extract_dates(ctx.doc, published.date() if isinstance(published, datetime) else published)
        )


def build_stage(settings: Settings) -> DateStage:
    return DateStage(settings)


_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "going"})
_FUTURE_LEMMAS = frozenset({"schedule", "plan", "expect", "due", "intend", "aim", "hope", "set"})


def _tense(doc: Any, start_char: int, end_char: int) -> str | None:
    """'future', 'past' or None: the tense of the verb governing the phrase (from the parse)."""
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None or not len(span) or not doc.has_annotation("DEP"):
        return None
    tok = span.root.head
    for _ in range(4):
        if tok.pos_ in ("VERB", "AUX") or tok.dep_ == "ROOT":
            break
        tok = tok.head
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    aux = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
    if aux & _FUTURE_AUX or tok.lemma_ in _FUTURE_LEMMAS or tok.tag_ == "MD" and tok.lower_ in _FUTURE_AUX:
        return "future"
    if tok.tag_ in ("VBD", "VBN") or aux & {"was", "were", "had", "did"}:
        return "past"
    if tok.tag_ in ("VBZ", "VBP") and not aux:
        return "present"  # "talks resume Monday": news present for a scheduled event
    return None


def extract_dates(doc: Any, published: date | None) -> list[DateMention]:
    """Every date phrase in ``doc`` (a spaCy Doc), resolved against ``published`` when given."""
    text: str = doc.text
    spans: dict[tuple[int, int], str] = {}
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME"):
            spans[(ent.start_char, ent.end_char)] = ent.label_
    for m in RULE_PHRASES.finditer(text):
        s, e = m.start(), m.end()
        overlapping = [k for k in spans if k[0] < e and s < k[1]]
        if any(k[0] <= s and e <= k[1] for k in overlapping):
            continue
        for k in overlapping:
            if s <= k[0] and k[1] <= e:
                del spans[k]
        if not any(k[0] < e and s < k[1] for k in spans):
            spans[(s, e)] = "RULE"
    for m in _VAGUE.finditer(text):
        if not any(k[0] < m.end() and m.start() < k[1] for k in spans):
            spans[(m.start(), m.end())] = "VAGUE"
    out: list[DateMention] = []
    for (s0, e), label in sorted(spans.items()):
        s = s0
        before = text[max(0, s - 12) : s]
        grow = _EXTEND.search(before)
        if grow and label != "VAGUE":
            s -= len(grow.group(0))
        phrase = text[s:e]
        if label == "VAGUE":
            out.append(DateMention(Span(s, e, phrase), phrase, resolved=False, kind="vague",
                                   reason="vague time reference: no date"))  # fmt: skip
            continue
        if _NOT_A_DATE.search(phrase.strip()):
            continue
        tense = _tense(doc, s, e) if published is not None else None
        res = resolve(phrase, published, tense=tense)
        if res is None:
            if label == "TIME":
                continue  # "3 a.m.": a time of day alone says nothing about the date
            out.append(DateMention(Span(s, e, phrase), phrase, resolved=False, kind="unresolved",
                                   reason=f"{label} phrase; no rule resolves it"))  # fmt: skip
            continue
        if res.offset:
            s += res.offset
            phrase = text[s:e]
        out.append(
            DateMention(
                span=Span(s, e, phrase),
                phrase=phrase,
                start=res.start,
                end=res.end,
                time_precision=res.precision,
                kind=res.kind,
                resolved=res.start is not None,
                reason=res.reason,
            )
        )
    return out
