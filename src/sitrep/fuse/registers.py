"""Casualty registers in fusion: when a register's entry and a report tell of the same death.

A register (``data/outlets.json``; see :mod:`sitrep.extract.outlets`) records one death per entry,
with no prose to compare. An entry that names no settlement can only join an event through a report
of its day about the register's dead (:func:`register_and_report`); how many entries one event
takes is bounded by the toll its reports give (``sitrep.fuse.canonical``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sitrep.fuse.mentions import Mention

# A register entry without a settlement and a report of its day about the register's dead: bonus.
REGISTER_REPORT = 2.0
# A report published up to this many days after the register's day of death can be about it.
REGISTER_REPORT_LAG = 1
# A report of this many deaths or more sums several events (UCDP and ACLED code the deaths of a day
# by place): register entries, which say no place, do not join it.
REGISTER_MAX_TOLL = 10


def register_and_report(a: Mention, b: Mention) -> bool:
    """A register entry that names no settlement and a report of its day about the register's dead:
    the report (published that day or the next, or dated that day; for a register that posts some
    days after the death, any day from the earliest possible death to the day after the post)
    places the deaths no finer than a region, its victims are armed men, it tells of deaths (not
    only wounded), fewer than ``REGISTER_MAX_TOLL``, and it names the side the register lists."""
    r, n = (a, b) if a.register else (b, a)
    if not r.register or n.register or r.start is None or r.end is None:
        return False
    if (r.place_key and not r.coarse) or (n.place_key and not n.coarse):
        return False
    if (n.event.fatalities or 0) >= REGISTER_MAX_TOLL:
        return False  # a toll in double figures sums several events of the day: which one is unknown
    if n.victims != "armed" or n.event.fatalities == 0 or (n.actors and not r.actors & n.actors):
        return False  # a report of wounded only tells no register's death
    # the entry's day of death, or the days before its post for a register that posts late
    if n.report_dated:
        return n.published is not None and r.start <= n.published.date() <= r.end + timedelta(
            days=REGISTER_REPORT_LAG
        )
    day = n.event.event_date
    return day is not None and r.start <= day <= r.end and (n.event.time_precision or 1) == 1
