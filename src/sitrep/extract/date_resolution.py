"""The result of resolving one date phrase, and small calendar helpers shared by the date rules."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass
class Resolution:
    start: date | None
    end: date | None
    precision: int | None
    kind: str  # point | range | since | unresolved
    reason: str
    offset: int = 0  # characters dropped from the phrase's start ("the six months ended Oct. 1")


def month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def week(d: date) -> tuple[date, date]:
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6)


def unresolved(phrase: str, what: str) -> Resolution:
    return Resolution(
        None, None, None, "unresolved", f"{what} '{phrase}': no publication date to resolve it against"
    )


def quarter(year: int, q: int, why: str) -> Resolution:
    return Resolution(date(year, 3 * q - 2, 1), month_end(year, 3 * q), 3, "range", why)
