"""Rules that turn one date phrase into a day or a range, given the publication date.

Returns a :class:`Resolution` (start, end, ACLED time precision, kind, reason) or None when no
rule applies. Weekdays resolve to the most recent such day on or before publication (the same
weekday as publication is the publication day), or the next one when the sentence speaks of
the future. dateparser is only the fallback for explicit dates the rules below do not read.
"""

from __future__ import annotations

import calendar
import functools
import re
from datetime import date, timedelta

from sitrep.extract.date_financial import (
    FINANCIAL_PHRASES,
    ORDINAL_QUARTER,
    QUARTER_PHRASES,
    financial,
    reporting_quarter,
)
from sitrep.extract.date_resolution import Resolution, month_end, unresolved, week

__all__ = [
    "FINANCIAL_PHRASES",
    "MONTH_PATTERN",
    "QUARTER_PHRASES",
    "RULE_PHRASES",
    "Resolution",
    "reporting_quarter",
    "resolve",
]

MONTHS = (
    {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
    | {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
    | {"sept": 9}
)
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
MONTH_PATTERN = _MONTH  # for other modules (group name "month")
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
            "ten": 10, "a": 1, "an": 1, "twenty-four": 24, "twenty four": 24, "48": 48}  # fmt: skip
# Phrases NER tends to miss; found by regex over the text and merged with NER DATE spans.
RULE_PHRASES = re.compile(
    r"\b(?:overnight|last night|yesterday|today|tonight|this morning|this afternoon|this evening|"
    r"earlier this (?:week|month|year)|later this (?:week|month)|"
    r"(?:over|in|during) (?:the )?(?:last|past) (?:(?:\d+|twenty[- ]four|24|48|few|several) (?:hours|days|weeks)|day)|"
    r"since (?:early |late |mid-)?" + _MONTH.replace("?P<month>", "?:") + r"(?: \d{1,2})?(?:,? \d{4})?|"
    r"(?:just )?(?:before|after) (?:dawn|dusk|midnight|noon) on "
    + _WEEKDAY.replace("?P<weekday>", "?:")
    + r"|"
    r"(?:on |last |this |next )?"
    + _WEEKDAY.replace("?P<weekday>", "?:")
    + r"(?: (?:morning|afternoon|evening|night))?)\b",
    re.IGNORECASE,
)


def _past_year_for(month: int, day: int | None, pub: date) -> int:
    """The year that puts month/day on or before the publication date (a week's grace)."""
    y = pub.year
    try:
        candidate = date(y, month, day or 1)
    except ValueError:
        return y
    return y - 1 if candidate > pub + timedelta(days=7) else y


def _nearest_year(month: int, day: int | None, pub: date, tense: str | None) -> int:
    """The year putting month/day nearest the publication date; past tense penalises dates after it
    (and future tense dates before it) by 240 days, so "on Dec. 30" said in January is last year's."""
    best_year, best_cost = pub.year, 10**6
    for y in (pub.year - 1, pub.year, pub.year + 1):
        try:
            d = date(y, month, min(day or 15, calendar.monthrange(y, month)[1]))
        except ValueError:
            continue
        cost = abs((d - pub).days)
        if tense == "past" and d > pub + timedelta(days=7):
            cost += 240
        elif tense == "future" and d < pub - timedelta(days=7):
            cost += 240
        if cost < best_cost:
            best_year, best_cost = y, cost
    return best_year


def _explicit(p: str, pub: date | None, tense: str | None = None) -> Resolution | None:
    m = re.fullmatch(r"(?:on |in |of )?(?:the )?(\d{4})-(\d{2})-(\d{2})", p)
    if m:
        d = date(int(m[1]), int(m[2]), int(m[3]))
        return Resolution(d, d, 1, "point", "ISO date")
    m = re.fullmatch(r"(?:on |in )?(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", p)
    if m:
        y = int(m[3]) + (1900 if len(m[3]) == 2 and int(m[3]) > 30 else 2000 if len(m[3]) == 2 else 0)
        try:
            d = date(y, int(m[1]), int(m[2]))  # month/day/year (US newswire)
        except ValueError:
            d = date(y, int(m[2]), int(m[1]))
        return Resolution(d, d, 1, "point", "numeric date")
    day = month = year = None
    m = re.fullmatch(r"(?:on |in |of |by |until )?(?:the )?(?:" + _WEEKDAY + r",? )?" + _MONTH + r",? (?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,? (?P<year>\d{4}))?", p, re.I)  # fmt: skip
    if not m:
        m = re.fullmatch(r"(?:on |in |of |by |until )?(?:the )?(?:" + _WEEKDAY + r",? )?(?P<day>\d{1,2})(?:st|nd|rd|th)?(?: of)? " + _MONTH + r",?(?: (?P<year>\d{4}))?", p, re.I)  # fmt: skip
    if m:
        month, day = MONTHS[m["month"].lower().rstrip(".")], int(m["day"])
        year = int(m["year"]) if m["year"] else None
    else:
        m = re.fullmatch(r"(?:in |of |by |until |early |late |mid-|the end of |the beginning of )*" + _MONTH + r",?(?: (?:of )?(?P<year>\d{4}))?", p, re.I)  # fmt: skip
        if m:
            month = MONTHS[m["month"].lower().rstrip(".")]
            year = int(m["year"]) if m["year"] else None
        else:
            m = re.fullmatch(
                r"(?:in |of |by |until |the year |early |late |mid-)*(?P<year>(?:19|20)\d{2})", p, re.I
            )
            if m:
                y = int(m["year"])
                return Resolution(date(y, 1, 1), date(y, 12, 31), 3, "range", "a year")
            return None
    if month is None:
        return None
    if year is None:
        if pub is None:
            return unresolved(p, "date without a year")
        year = _nearest_year(month, day, pub, "past" if re.match(r"(?:since|early|late|mid-)", p) else tense)
        how = f"year {year}: the nearest such date to publication" + (f" ({tense} tense)" if tense else "")
    else:
        how = "explicit date"
    if day is None:
        return Resolution(date(year, month, 1), month_end(year, month), 3, "range", f"a month; {how}")
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    return Resolution(d, d, 1, "point", how)


def resolve(
    phrase: str, pub: date | None, tense: str | None = None, focus: tuple[int, int] | None = None
) -> Resolution | None:
    """Resolve one date phrase against the publication date ``pub`` (None: relative phrases stay unresolved).

    ``tense`` ('past', 'present', 'future' or None) is the tense of the verb governing the phrase: it picks
    the direction for weekdays and for dates without a year. ``focus`` is the (year, quarter) a financial
    report is about (see :func:`reporting_quarter`): with it "the quarter", "the latest period" name that
    quarter and "a year ago", "year-earlier" the same quarter a year before (the newswire convention).
    """
    res = _resolve(phrase, pub, tense, focus)
    if res is None:
        # "d'etat last year", "the six months ended Oct. 1": retry on the phrase's trailing words.
        for m in list(re.finditer(r"\S+", phrase))[1:8]:
            res = _resolve(phrase[m.start() :], pub, tense, focus)
            if res is not None:
                res.offset = m.start()
                break
    return res


def _resolve(
    phrase: str, pub: date | None, tense: str | None, focus: tuple[int, int] | None = None
) -> Resolution | None:
    p = re.sub(r"\s+", " ", phrase.strip().strip(".,;:")).replace("’", "'")
    p = re.sub(r"'s$", "", p)
    p = re.sub(r",? or so$", "", p)
    low = _spelled_years(p.lower())
    low = re.sub(r"^(?:on|in|during|by|from|as of|as early as|until|till|at|of) ", "", low)
    low = (
        re.sub(r"^the ", "", low)
        if not low.startswith("the last") and not low.startswith("the past")
        else low
    )
    fin = financial(low, pub, focus)
    if fin is not None:
        return fin
    exp = _explicit(low, pub, tense)
    if exp is not None:
        return exp
    if re.fullmatch(r"(?:earlier |later )?(?:today|tonight|this (?:morning|afternoon|evening)|now)", low):
        if pub is None:
            return unresolved(p, "relative day")
        return Resolution(pub, pub, 1, "point", "the publication day")
    if re.fullmatch(r"tomorrow(?: (?:morning|afternoon|evening|night))?", low):
        if pub is None:
            return unresolved(p, "relative day")
        d = pub + timedelta(days=1)
        return Resolution(d, d, 1, "point", "the day after publication")
    if re.fullmatch(r"(?:yesterday|last night)(?: (?:morning|afternoon|evening))?", low):
        if pub is None:
            return unresolved(p, "relative day")
        d = pub - timedelta(days=1)
        return Resolution(d, d, 1, "point", "the day before publication")
    if low in ("overnight", "the night", "during the night", "overnight into today"):
        if pub is None:
            return unresolved(p, "relative day")
        return Resolution(pub - timedelta(days=1), pub, 1, "range", "the night before publication")
    m = re.search(r"(?:(?P<rel>last|this|next|past|coming) )?" + _WEEKDAY, low, re.I)
    if m and re.fullmatch(
        r"(?:(?:just |shortly )?(?:before|after) (?:dawn|dusk|midnight|noon) on |early |late )?(?:(?:last|this|next|past|coming) )?[a-z]+day(?:,)?(?: (?:morning|afternoon|evening|night|overnight))?",
        low,
    ):
        if pub is None:
            return unresolved(p, "weekday")
        target = WEEKDAYS[m["weekday"]]
        rel = m["rel"]
        back = (pub.weekday() - target) % 7
        if rel in ("next", "coming") or (tense == "future" and rel not in ("last", "past")):
            ahead = (target - pub.weekday()) % 7 or 7
            d = pub + timedelta(days=ahead)
            why = "next such weekday after publication (future context)"
        else:
            if rel in ("last", "past") and back == 0:
                back = 7
            d = pub - timedelta(days=back)
            why = (
                "same weekday as publication: the publication day"
                if back == 0
                else "most recent such weekday before publication"
            )
        return Resolution(d, d, 1, "point", why)
    if low in ("weekend", "the weekend", "over the weekend"):
        if pub is None:
            return unresolved(p, "weekend")
        if tense == "future":
            s0 = pub + timedelta(days=(5 - pub.weekday()) % 7 or 7)
            why = "the next weekend after publication (future context)"
        else:
            s0 = pub - timedelta(days=(pub.weekday() - 5) % 7)
            why = "the most recent weekend on or before publication"
        return Resolution(s0, s0 + timedelta(days=1), 1, "range", why)
    if re.fullmatch(r"(?:(?:over|in|during|for|within) (?:the )?(?:last|past)|(?:the )?past) day", low):
        if pub is None:
            return unresolved(p, "relative period")
        return Resolution(pub - timedelta(days=1), pub, 1, "range", "the past day: the day up to publication")
    m = re.fullmatch(
        r"(?:over |in |during |for |within )?(?:the )?(?:last|past) (?P<n>\d+|[a-z -]+?) (?P<unit>hours|days|weeks|months)",
        low,
    )
    if m:
        if pub is None:
            return unresolved(p, "relative period")
        n = (
            int(m["n"])
            if m["n"].isdigit()
            else _NUMBERS.get(m["n"], 3 if m["n"] in ("few", "several") else 2)
        )
        days = {"hours": max(1, n // 24), "days": n, "weeks": 7 * n, "months": 30 * n}[m["unit"]]
        prec = 1 if days <= 1 else 2 if days <= 7 else 3
        return Resolution(
            pub - timedelta(days=days), pub, prec, "range", f"the {days} day(s) up to publication"
        )
    m = re.fullmatch(
        r"(?:(?:nearly|about|some|almost|more than) )?(?P<n>\d+|[a-z]+) (?P<unit>days?|weeks?|months?|years?) (?:ago|earlier|before)",
        low,
    )
    if m:
        if pub is None:
            return unresolved(p, "relative date")
        if not m["n"].isdigit() and m["n"] not in _NUMBERS:
            return Resolution(None, None, None, "unresolved", f"vague quantity '{m['n']}' before 'ago'")
        n = int(m["n"]) if m["n"].isdigit() else _NUMBERS[m["n"]]
        unit = m["unit"].rstrip("s")
        if unit == "day":
            d = pub - timedelta(days=n)
            return Resolution(d, d, 1, "point", f"{n} day(s) before publication")
        if unit == "week":
            s, e = week(pub - timedelta(days=7 * n))
            return Resolution(s, e, 2, "range", f"the week {n} week(s) before publication")
        if unit == "month":
            y, mo = divmod(pub.year * 12 + pub.month - 1 - n, 12)
            return Resolution(
                date(y, mo + 1, 1), month_end(y, mo + 1), 3, "range", f"{n} month(s) before publication"
            )
        y = pub.year - n
        return Resolution(date(y, 1, 1), date(y, 12, 31), 3, "range", f"{n} year(s) before publication")
    m = re.fullmatch(
        r"(?P<rel>last|this|next|earlier this|later this|past|previous|the previous|the past|the last|the coming|the next) (?P<unit>week|month|year|weekend)",
        low,
    )
    if m:
        if pub is None:
            return unresolved(p, "relative period")
        rel = m["rel"].replace("the ", "")
        unit = m["unit"]
        if rel in ("past", "last") and m["rel"].startswith("the") and unit == "week":
            return Resolution(pub - timedelta(days=7), pub, 2, "range", "the 7 days up to publication")
        shift = -1 if rel in ("last", "past", "previous") else 1 if rel in ("next", "coming") else 0
        if unit in ("week", "weekend"):
            s, e = week(pub + timedelta(days=7 * shift))
            if unit == "weekend":
                s = s + timedelta(days=5)
                return Resolution(s, e, 1, "range", f"the weekend ({rel})")
            if rel == "earlier this":
                e = pub
            return Resolution(s, e, 2, "range", f"{rel} week relative to publication")
        if unit == "month":
            y, mo = divmod(pub.year * 12 + pub.month - 1 + shift, 12)
            s, e = date(y, mo + 1, 1), month_end(y, mo + 1)
            if rel == "earlier this":
                e = pub
            return Resolution(s, e, 3, "range", f"{rel} month relative to publication")
        y = pub.year + shift
        return Resolution(
            date(y, 1, 1),
            date(y, 12, 31) if rel != "earlier this" else pub,
            3,
            "range",
            f"{rel} year relative to publication",
        )
    m = re.fullmatch(r"since (?P<rest>.+)", low)
    if m:
        inner = resolve(m["rest"], pub, "past")
        if inner is None or inner.start is None:
            return inner if inner is not None else None
        end = pub if pub is not None else None
        return Resolution(inner.start, end, inner.precision, "since", f"since: range starts {inner.start} ({inner.reason})"
                          + ("" if end else "; open end (no publication date)"))  # fmt: skip
    m = re.fullmatch(
        r"(?:the )?(?:(?P<rel>last|this|next) year's |(?P<y1>\d{4}) |(?P<rel2>last|this|next) )?(?:fiscal[ -])?"
        r"(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)[ -]quarter(?: of (?P<year>\d{4}))?",
        low,
    )
    if m:
        year = int(m["year"] or m["y1"] or 0) or None
        if year is None:
            if pub is None:
                return unresolved(p, "quarter without a year")
            year = pub.year + {"last": -1, "next": 1}.get(m["rel"] or m["rel2"] or "", 0)
        q = ORDINAL_QUARTER[m["q"]]
        return Resolution(
            date(year, 3 * q - 2, 1), month_end(year, 3 * q), 3, "range", f"quarter {q} of {year}"
        )
    m = re.fullmatch(r"(?P<rel>last|this|next|early|late) " + _MONTH, low, re.I)
    if m:
        if pub is None:
            return unresolved(p, "month without a year")
        mo = MONTHS[m["month"].lower().rstrip(".")]
        rel = m["rel"].lower()
        y = pub.year
        if rel == "last" and mo >= pub.month:
            y -= 1
        elif rel == "next" and mo <= pub.month:
            y += 1
        elif rel in ("early", "late"):
            y = _past_year_for(mo, None, pub) if tense == "past" else pub.year
        return Resolution(
            date(y, mo, 1), month_end(y, mo), 3, "range", f"{rel} {calendar.month_name[mo]}: {y}"
        )
    m = re.fullmatch(r"(?:the )?(?:early |late |mid-)?(?P<dec>(?:1[0-9]|20)[0-9]0)'?s", low)
    if m:
        y = int(m["dec"])
        return Resolution(date(y, 1, 1), date(y + 9, 12, 31), 3, "range", "a decade")
    m = re.fullmatch(r"(?:the )?(?:(?:early|late|mid|first|second|last) half of the )?'(?P<dec>[0-9]0)s", low)
    if m:
        y = 1900 + int(m["dec"])
        return Resolution(date(y, 1, 1), date(y + 9, 12, 31), 3, "range", "a decade (20th century assumed)")
    m = re.fullmatch(
        r"(?:the )?(?P<h>first|second|last|latter) (?:half|two quarters|six months) of (?P<y>\d{4}|the year|this year|next year|last year)",
        low,
    )
    if m:
        if m["y"].isdigit():
            y = int(m["y"])
        elif pub is None:
            return unresolved(p, "half-year")
        else:
            y = pub.year + {"next year": 1, "last year": -1}.get(m["y"], 0)
        first = m["h"] == "first"
        return Resolution(date(y, 1 if first else 7, 1), month_end(y, 6 if first else 12), 3, "range",
                          f"the {'first' if first else 'second'} half of {y}")  # fmt: skip
    m = re.fullmatch(
        r"(?:the )?(?:early |late |mid-)?(?P<dec>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)",
        low,
    )
    if m:
        y = 1900 + _TENS[m["dec"][:-3] + "y"]
        return Resolution(date(y, 1, 1), date(y + 9, 12, 31), 3, "range", "a decade (20th century assumed)")
    m = re.fullmatch(
        r"(?:the |a |an )?(?:early |late |mid-)?(?P<c>1[0-9]|2[01])(?:st|nd|rd|th)[ -]century", low
    )
    if m:
        y = (int(m["c"]) - 1) * 100
        return Resolution(date(y, 1, 1), date(y + 99, 12, 31), 3, "range", "a century")
    m = re.fullmatch(_MONTH + r" (?P<rel>last|this|next) year", low, re.I)
    if m and pub is not None:
        y = pub.year + {"last": -1, "this": 0, "next": 1}[m["rel"]]
        mo = MONTHS[m["month"].rstrip(".")]
        return Resolution(date(y, mo, 1), month_end(y, mo), 3, "range", f"a month of {y}")
    m = re.fullmatch(r"(?:the )?(?P<rel>latest|last|past|previous|current|this|next|coming)? ?quarter", low)
    if m and (m["rel"] or focus is not None):  # a bare "the quarter" of a town is no date
        if pub is None:
            return unresolved(p, "quarter")
        q = (pub.month - 1) // 3 + {"current": 0, "this": 0, "next": 1, "coming": 1}.get(m["rel"] or "", -1)
        y, q = pub.year + (q // 4), q % 4 + 1
        why = "the quarter before publication (last reported)" if not m["rel"] else f"{m['rel']} quarter"
        return Resolution(date(y, 3 * q - 2, 1), month_end(y, 3 * q), 3, "range", f"{why}: Q{q} {y}")
    if re.fullmatch(
        r"(?:the |this )?(?:current |full |fiscal |current fiscal )?year|(?:earlier|later) in the year|"
        r"(?:the )?(?:first|last) (?:\w+ )?months of the year|(?:the )?end of the year|year[- ]end|year's end",
        low,
    ):
        if pub is None:
            return unresolved(p, "this year")
        return Resolution(date(pub.year, 1, 1), date(pub.year, 12, 31), 3, "range", "the publication year")
    season = _season(low, pub)
    if season is not None:
        return season
    return _fallback(p, pub)


_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
          "seventeen": 17, "eighteen": 18, "nineteen": 19}  # fmt: skip
_SPELLED_YEAR = re.compile(
    r"\b(?P<c>nineteen|twenty)[ -](?:(?P<t>twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[ -](?P<u>one|two|three|four|five|six|seven|eight|nine))?|(?P<teen>"
    + "|".join(_TEENS)
    + r"))\b"
)
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11), "winter": (12, 2)}


def _spelled_years(low: str) -> str:
    """'nineteen ninety-six' -> '1996' (broadcast transcripts spell years out)."""

    def sub(m: re.Match[str]) -> str:
        century = 1900 if m["c"] == "nineteen" else 2000
        rest = _TEENS[m["teen"]] if m["teen"] else _TENS[m["t"]] + (_UNITS[m["u"]] if m["u"] else 0)
        return str(century + rest)

    low = low.replace("two thousand", "2000")
    return _SPELLED_YEAR.sub(sub, low) if "nineteen" in low or "twenty" in low else low


def _season(low: str, pub: date | None) -> Resolution | None:
    m = re.fullmatch(
        r"(?:(?P<rel>this|last|next|early|late) )?(?P<s>spring|summer|fall|autumn|winter)(?: of)?(?: (?P<y>\d{4}))?",
        low,
    )
    if not m:
        return None
    first, last = _SEASONS[m["s"]]
    if m["y"]:
        year = int(m["y"])
    elif pub is None:
        return unresolved(low, "season without a year")
    else:
        year = pub.year + {"last": -1, "next": 1}.get(m["rel"] or "", 0)
    end_year = year + 1 if last < first else year
    return Resolution(date(year, first, 1), month_end(end_year, last), 3, "range", f"{m['s']} {year}")


_MONTH_WORD = re.compile(r"\b" + _MONTH.replace("?P<month>", "?:"), re.I)


@functools.lru_cache(maxsize=4096)
def _dateparse(p: str) -> date | None:
    """dateparser's reading of an explicit day, month and year (cached: it costs milliseconds a call)."""
    try:
        import dateparser
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    parsed = dateparser.parse(
        p, languages=["en"], settings={"REQUIRE_PARTS": ["day", "month", "year"], "STRICT_PARSING": True}
    )
    if parsed is None:
        return None
    d = parsed.date()
    return d if 1800 <= d.year <= 2200 else None


def _fallback(p: str, pub: date | None) -> Resolution | None:
    """dateparser for explicit dates the rules missed; only with a day, month and year it read."""
    if len(p) > 40 or not (
        re.search(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}", p) or (re.search(r"\d", p) and _MONTH_WORD.search(p))
    ):
        return None
    d = _dateparse(p)
    if d is None:
        return None
    return Resolution(d, d, 1, "point", "explicit date (dateparser)")
