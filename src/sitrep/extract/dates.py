"""Date mentions resolved against the publication date (``Document.published``).

Candidates are spaCy DATE/TIME entities plus rule-found phrases that NER misses
("overnight", "since August", "over the last 24 hours"). Each phrase is resolved by
``sitrep.extract.date_rules.resolve`` into a day or a range with ACLED's time precision
(1 day, 2 week, 3 month or coarser). Without a publication date a relative phrase stays
unresolved with the reason saying so: the publication date is never used as an event date.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from sitrep.extract.date_rules import (
    FINANCIAL_PHRASES,
    MONTH_PATTERN,
    QUARTER_PHRASES,
    RULE_PHRASES,
    Resolution,
    reporting_quarter,
    resolve,
)
from sitrep.model import DateMention, Span
from sitrep.nlp import doc_text
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
    r"\b(?:now|currently|nowadays|at present|recently|lately|previously|in the past|the past|"
    r"(?:in )?the (?:near |distant )?future|soon|the (?:near|short) term|current|recent|future)\b",
    re.IGNORECASE,
)
# A month and day NER left out ("from Sept. 14 to Oct. 26"); case-sensitive so "may" stays a verb.
_MONTH_DAY = re.compile(
    r"\b"
    + MONTH_PATTERN.replace("?P<month>", "?:")
    + r" \d{1,2}(?:st|nd|rd|th)?(?:, (?:19|20)\d\d)?\b(?!\.\d|,\d)"
)
# Other phrases NER misses: a bare "the weekend", a named quarter, a half-year.
_MORE_PHRASES = re.compile(
    r"\b(?:over )?the weekend\b|"
    r"\b(?:the )?(?:first|second|last) half of (?:(?:19|20)\d\d|the year|this year|next year|last year)\b",
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
    if tok.tag_ == "VB" and any(c.lower_ == "to" for c in tok.children) and tok.head.lemma_ in _FUTURE_LEMMAS:
        return "future"  # "set to resume Monday", "scheduled to close Monday"
    aux = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
    if aux & _FUTURE_AUX or tok.lemma_ in _FUTURE_LEMMAS or tok.tag_ == "MD" and tok.lower_ in _FUTURE_AUX:
        return "future"
    if tok.tag_ in ("VBD", "VBN") or aux & {"was", "were", "had", "did"}:
        return "past"
    if tok.tag_ in ("VBZ", "VBP") and not aux:
        return "present"  # "talks resume Monday": news present for a scheduled event
    return None


# Two dates in one NER span: "Sept. 14 to Thursday", "between 1985 and 1987", "the quarter ended Sept. 30".
_SPLIT = re.compile(
    r"^(?:between |from )?(?P<a>.+?)\s+(?:to|through|until|till|and|ended|ending)\s+(?P<b>.+)$", re.IGNORECASE
)


def _split_span(spans: dict[tuple[int, int], str], text: str, s: int, e: int, published: date | None) -> None:
    """Replace a span naming two dates by one span per date, when both halves resolve on their own."""
    m = _SPLIT.match(text[s:e])
    if m is None:
        return
    a = (s + m.start("a"), s + m.end("a"))
    b = (s + m.start("b"), e)
    if all(resolve(text[x:y], published) is not None for x, y in (a, b)):
        del spans[(s, e)]
        spans[a] = spans[b] = "DATE"


def _add_rule_span(spans: dict[tuple[int, int], str], s: int, e: int) -> None:
    """Add a rule-found phrase unless a span already covers it; it replaces the spans it covers."""
    overlapping = [k for k in spans if k[0] < e and s < k[1]]
    if any(k[0] <= s and e <= k[1] for k in overlapping):
        return
    for k in overlapping:
        if s <= k[0] and k[1] <= e:
            del spans[k]
    if not any(k[0] < e and s < k[1] for k in spans):
        spans[(s, e)] = "RULE"


# "Situation update as of morning, June 27", "Morning briefing at 07:00 July 29": the date is the
# report's cut-off; what it reports happened the day (and night) before.
_MORNING_CUTOFF = re.compile(
    r"(?:as of (?:the |this )?morning|morning (?:briefing|set-up|setup|report|update|summary))\b", re.I
)


def extract_dates(doc: Any, published: date | None) -> list[DateMention]:
    """Every date phrase in ``doc`` (a spaCy Doc), resolved against ``published`` when given."""
    text = doc_text(doc)
    spans: dict[tuple[int, int], str] = {}
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME"):
            spans[(ent.start_char, ent.end_char)] = ent.label_
    focus = reporting_quarter(text, published)
    patterns = [RULE_PHRASES, QUARTER_PHRASES, _MORE_PHRASES, _MONTH_DAY]
    if focus is not None:
        patterns.insert(0, FINANCIAL_PHRASES)  # report-period anaphora only in financial reports
    for pattern in patterns:
        for m in pattern.finditer(text):
            _add_rule_span(spans, m.start(), m.end())
    for m in _VAGUE.finditer(text):
        if not any(k[0] < m.end() and m.start() < k[1] for k in spans):
            spans[(m.start(), m.end())] = "VAGUE"
    for (s0, e), label in list(spans.items()):
        if label == "DATE":
            _split_span(spans, text, s0, e, published)
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
        res = resolve(phrase, published, tense=tense, focus=focus)
        if res is None:
            if label == "TIME":
                continue  # "3 a.m.": a time of day alone says nothing about the date
            out.append(DateMention(Span(s, e, phrase), phrase, resolved=False, kind="unresolved",
                                   reason=f"{label} phrase; no rule resolves it"))  # fmt: skip
            continue
        if res.offset:
            s += res.offset
            phrase = text[s:e]
        if (
            res.start is not None
            and res.kind == "point"
            and _MORNING_CUTOFF.search(text[max(0, s - 40) : s + 6])
        ):
            day = res.start
            res = Resolution(
                day - timedelta(days=1),
                day,
                1,
                "range",
                f"{res.reason}; a report made on the morning of {day.isoformat()} covers the day and night before",
            )
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
