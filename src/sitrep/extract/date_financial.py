"""Financial-report periods: named quarters, and "the quarter" / "a year ago" read against the
quarter a financial report is about (the newswire convention TimeBank follows)."""

from __future__ import annotations

import re
from datetime import date

from sitrep.extract.date_resolution import Resolution, quarter

ORDINAL_QUARTER = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_ORD_Q = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"
# A named quarter: "the third quarter", "fiscal second-quarter", "the 1988 fourth quarter".
QUARTER_PHRASES = re.compile(
    r"\b(?:(?:the|its|this|last|next) )?(?:(?:last|this|next) year's |(?:19|20)\d\d )?(?:fiscal[ -])?"
    + _ORD_Q
    + r"[ -](?:fiscal[ -])?quarter(?: of (?:19|20)\d\d)?\b",
    re.I,
)
# Words that mark a text as a financial report (then its "quarter" and "year-ago" are report periods).
_FINANCIAL_CUE = re.compile(
    r"\b(?:quarterly|year-(?:ago|earlier)|fiscal (?:19|20)\d\d|per share)\b|(?:cents|\d) a share\b", re.I
)
# Report-period anaphora, only looked for in financial reports (see reporting_quarter).
FINANCIAL_PHRASES = re.compile(
    r"\b(?:(?:the|a|its) )?(?:comparable |corresponding |same )?year-(?:ago|earlier)(?: "
    + _ORD_Q
    + r")?(?: fiscal)?(?: quarter| period)?|\b(?:the|that|its) (?:latest |most recent |fiscal |same )?"
    r"(?:quarter|period)\b(?! of)|\bthe (?:19|20)\d\d (?:quarter|period)\b|"
    r"\b(?:a|one) year (?:ago|earlier)|\b(?:the )?(?:same |corresponding |comparable )?(?:quarter|period) (?:a year (?:ago|earlier)|last year)"
    r"|\blast year's (?:" + _ORD_Q + r" )?quarter",
    re.I,
)
_YEAR_AGO = re.compile(
    r"(?:(?:comparable|corresponding|same) )?(?:year-(?:ago|earlier)(?: (?P<q>"
    + _ORD_Q[3:-1]
    + r"))?(?: fiscal)?(?: quarter| period)?|(?:a|one) year (?:ago|earlier)|(?:(?:same|corresponding|comparable) )?"
    r"(?:quarter|period) (?:a year (?:ago|earlier)|last year)|last year's quarter|(?P<y>(?:19|20)\d\d) (?:quarter|period))"
)
_REPORT_PERIOD = re.compile(
    r"(?:(?:that|its) )?(?:latest |most recent |fiscal |same )?(?:quarter|period)|(?P<y>(?:19|20)\d\d) (?:quarter|period)"
)


def financial(low: str, pub: date | None, focus: tuple[int, int] | None) -> Resolution | None:
    """Report-period anaphora of financial news, read against the report's quarter ``focus``."""
    if focus is None:
        return None
    year, q = focus
    m = _YEAR_AGO.fullmatch(low)
    if m:
        q = ORDINAL_QUARTER.get(m["q"] or "", q)
        y = int(m["y"]) if m["y"] else year - 1
        why = f"the report's quarter in {y}" if m["y"] else "the report's quarter a year earlier"
        return quarter(y, q, f"{why} (Q{q} {y}; financial-news convention)")
    m = _REPORT_PERIOD.fullmatch(low)
    if m:
        y = int(m["y"]) if m["y"] else year
        return quarter(y, q, f"the quarter the report is about (Q{q} {y})")
    return None


def reporting_quarter(text: str, pub: date | None) -> tuple[int, int] | None:
    """(year, quarter) a financial report is about: its first explicit quarter ("the third quarter"),
    else the last quarter ended before publication when the text speaks of quarters or year-ago figures;
    None for other texts (and without a publication date)."""
    if pub is None:
        return None
    for m in QUARTER_PHRASES.finditer(text):
        if re.search(r"year-(?:ago|earlier)|\b(?:last|next|previous|past) ", m.group(0), re.I):
            continue
        from sitrep.extract.date_rules import resolve  # the general rules read the quarter itself

        res = resolve(m.group(0), pub)
        if res is not None and res.start is not None and abs(res.start.year - pub.year) <= 1:
            return res.start.year, (res.start.month - 1) // 3 + 1
    if not _FINANCIAL_CUE.search(text):
        return None
    q = (pub.month - 1) // 3 - 1
    return pub.year + q // 4, q % 4 + 1
