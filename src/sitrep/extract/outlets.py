"""Outlets read in their own way (``data/outlets.json``): casualty registers and relays.

Relays republish other media's reports (translations, monitoring digests) some days after the
original; :func:`relay_lag` gives that lag so that an event dated only by such a report's
publication date is dated that many days earlier (still at precision 2, with the reason).

Casualty registers: entries that record a death rather than report an event in prose.

A memorial register of fallen soldiers publishes one entry per person: a name, or the settlement
near which the person died, and the day of death. Read as prose such an entry says nothing (no
verb, no cue), yet it is first-hand evidence of one death on one day. Registers are listed in
``data/outlets.json`` (outlets, deaths per entry, the victims' side, a default coding); a
document from one of those outlets whose text is a short name becomes one event:

* fatalities = the register's deaths per entry, as a ``Casualty`` whose source is the register;
* date = the entry's (publication) date at precision 1: the register dates the death itself;
  a register that posts entries some days after the death (``posted_within_days``) dates it
  to that span before the post (precision 2);
* place = the settlement the entry names when it resolves inside the register's country, else
  the country (precision 3); a person's name is never taken for a place abroad;
* event type = the register's default coding, with a reason saying the entry does not tell how.

Longer documents from the same outlets go through the ordinary cue-based extraction, and so
do short ones with a lower-case word from outlets that also publish prose (``also_prose``).
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from sitrep.errors import SitrepError
from sitrep.extract.actors import match_actor
from sitrep.model import Casualty, Event, Place, Span
from sitrep.pipeline import DocContext

MAX_ENTRY_WORDS = 6  # an entry is a name; anything longer is read as prose
# An outlet's name misspelt in a source list still names its register (long names only).
FUZZY_OUTLET_MIN_LEN = 8
FUZZY_OUTLET_RATIO = 90
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)


@dataclass(frozen=True)
class Register:
    name: str
    outlets: tuple[str, ...]
    deaths_per_entry: int
    who: str
    victims: str
    country_code: str
    prefer_admin1: tuple[str, ...]
    event_type: str
    sub_event_type: str
    note: str
    posted_within_days: int = 0  # entries are posted up to this many days after the death
    also_prose: bool = False  # the outlet publishes prose too: an entry is a line of capitalised names


@lru_cache(maxsize=1)
def registers() -> dict[str, Register]:
    """Outlet name (lower case) -> register."""
    raw = _data()
    out: dict[str, Register] = {}
    for r in raw["registers"]:
        reg = Register(
            name=r["name"],
            outlets=tuple(r["outlets"]),
            deaths_per_entry=int(r.get("deaths_per_entry", 1)),
            who=r.get("who", ""),
            victims=r.get("victims", ""),
            country_code=r.get("country_code", ""),
            prefer_admin1=tuple(r.get("prefer_admin1", ())),
            event_type=r["event_type"],
            sub_event_type=r["sub_event_type"],
            note=r.get("note", ""),
            posted_within_days=int(r.get("posted_within_days", 0)),
            also_prose=bool(r.get("also_prose", False)),
        )
        for outlet in reg.outlets:
            out[_outlet_key(outlet)] = reg
    return out


def _outlet_key(outlet: str) -> str:
    """An outlet's name without case, spaces or punctuation ("Memory Book" = "MemoryBook")."""
    return "".join(ch for ch in outlet.lower() if ch.isalnum())


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        resources.files("sitrep.data").joinpath("outlets.json").read_text(encoding="utf-8")
    )
    return data


@lru_cache(maxsize=256)
def relay_lag(outlet: str | None) -> tuple[int, str] | None:
    """(days, note) for an outlet that relays others' reports late, else None."""
    if not outlet:
        return None
    low = outlet.strip().lower()
    for r in _data().get("relays", []):
        if low.startswith(str(r["prefix"]).lower()):
            return int(r["lag_days"]), str(r.get("note", ""))
    return None


@lru_cache(maxsize=1024)
def register_for(outlet: str | None) -> Register | None:
    """The register an outlet's name stands for: case, spaces and punctuation aside, or misspelt by
    a letter or two in a long name ("Memorbook"), as source lists often are."""
    if not outlet:
        return None
    key = _outlet_key(outlet)
    known = registers()
    if key in known:
        return known[key]
    if len(key) >= FUZZY_OUTLET_MIN_LEN:
        for name, reg in known.items():
            if len(name) >= FUZZY_OUTLET_MIN_LEN and fuzz.ratio(key, name) >= FUZZY_OUTLET_RATIO:
                return reg
    return None


def is_entry(text: str, reg: Register | None = None) -> bool:
    """A register entry: a short name (a person or a settlement), one line, no sentence. For a
    register that also publishes prose, every word must be capitalised (a name, not a headline)."""
    t = text.strip()
    if not (bool(t) and "\n" not in t and len(t.split()) <= MAX_ENTRY_WORDS and bool(_LETTERS.search(t))):
        return False
    if reg is not None and reg.also_prose:
        return all(not w[0].isalpha() or w[0].isupper() for w in t.split())
    return True


def entry_event(ctx: DocContext, data_path: Path | None = None) -> Event | None:
    """The one event a register entry records, or None when the document is not such an entry."""
    reg = register_for(ctx.document.outlet)
    text = ctx.document.text
    if reg is None or not is_entry(text, reg):
        return None
    start = len(text) - len(text.lstrip())
    span = Span(start, start + len(text.strip()), text.strip())
    reasons: dict[str, str] = {
        "event_type": f"entry of the casualty register {reg.name}: it records a death, not how it came "
        f"about; coded {reg.sub_event_type} by the register's default. {reg.note}".strip(),
        "status": "a register entry records a death that happened",
    }
    named = _entry_place(ctx.places, reg, span)
    if named is None or (reg.prefer_admin1 and named.admin1 not in reg.prefer_admin1):
        # a settlement of the same name in the register's regions beats the stage's choice
        looked_up = _gazetteer_place(span, reg, data_path)
        if named is None or (looked_up is not None and looked_up.admin1 in reg.prefer_admin1):
            named = looked_up
    if (
        named is not None
        and named.feature != "country"
        and reg.prefer_admin1
        and named.admin1 not in reg.prefer_admin1
    ):
        # no settlement of that name known in the register's regions: a homonym far away is a
        # guess, not a place; say the country instead
        elsewhere = f"{named.canonical or named.name} ({named.admin1})"
        named = _country_level(reg, span)
        if named is not None:
            named = dataclasses.replace(
                named,
                reason=f"no settlement named {span.text!r} known in the register's regions "
                f"({', '.join(reg.prefer_admin1)}); the homonym {elsewhere} is not taken: country level, no point",
            )
    place = named
    reasons["place"] = (
        f"the settlement the entry names ({place.name!r})"
        if place is not None and place.feature != "country"
        else "the entry names no place known in the register's country: the country"
    )
    published = ctx.document.published.date() if ctx.document.published else None
    lag = reg.posted_within_days
    first = published - timedelta(days=lag) if published and lag else published
    if published and lag:
        reasons["date"] = (
            f"{reg.name} posts an entry up to {lag} days after the death: between "
            f"{first.isoformat() if first else ''} and {published.isoformat()} (the post's day)"
        )
    else:
        reasons["date"] = (
            f"the register's entry date {published.isoformat()} (the day of death)"
            if published
            else "the entry has no date"
        )
    n = reg.deaths_per_entry
    casualty = Casualty(
        kind="killed",
        count_min=n,
        who=reg.who or None,
        span=span,
        source=reg.name,
        reason=f"one entry of {reg.name} records {n} death(s)",
    )
    reasons["fatalities"] = casualty.reason
    country = place.country if place is not None else None
    victims = match_actor(reg.victims, country) if reg.victims else None
    if victims is not None:
        victims = dataclasses.replace(victims, reason=f"the register lists the dead of {victims.name}")
        reasons["actor2"] = victims.reason
    reasons["actor1"] = "the entry does not say who killed them"
    return Event(
        id=f"{ctx.document.id}:e1",
        doc_id=ctx.document.id,
        event_type=reg.event_type,
        sub_event_type=reg.sub_event_type,
        evidence=[span],
        event_date=first,
        event_date_end=published,
        time_precision=(2 if lag else 1) if published else None,
        place=place,
        actor2=victims,
        fatalities=n,
        fatalities_min=n,
        fatalities_max=n,
        casualties=[casualty],
        attributed_to=reg.name,
        confidence=0.5,
        reasons=reasons,
    )


def _entry_place(places: list[Place], reg: Register, span: Span) -> Place | None:
    """The settlement named by the entry, only inside the register's country; else that country."""
    inside = [
        p
        for p in places
        if p.resolved
        and p.latitude is not None
        and (not reg.country_code or p.country_code == reg.country_code)
    ]
    towns = [p for p in inside if p.feature != "country"]
    if not towns:
        return None
    p = min(towns, key=lambda p: (p.geo_precision or 3, p.span.start))
    return dataclasses.replace(
        p,
        geo_precision=max(p.geo_precision or 2, 2),
        reason=f"{p.reason}; a register gives the settlement near which the death occurred (precision 2)",
    )


def _gazetteer_place(span: Span, reg: Register, data_path: Path | None) -> Place | None:
    """The entry as a whole is a name: a settlement of the register's country when the gazetteer
    knows it (the most populous of that name there), else the country at precision 3."""
    if data_path is not None:
        try:
            from sitrep.gazetteer.lookup import get_gazetteer

            found = [
                e
                for e in get_gazetteer(data_path, build_if_missing=False).lookup(span.text)
                if e.latitude is not None and (not reg.country_code or e.country_code == reg.country_code)
            ]
        except SitrepError:
            found = []
        if found:
            e = max(found, key=lambda e: (e.admin1 in reg.prefer_admin1, e.population))
            return Place(
                span=span,
                name=span.text,
                canonical=e.name,
                gazetteer_id=e.id,
                country=_country_name(e.country_code or reg.country_code),
                country_code=e.country_code,
                admin1=e.admin1,
                admin2=e.admin2,
                latitude=e.latitude,
                longitude=e.longitude,
                geo_precision=2 if not e.is_area else max(e.precision, 2),
                feature=e.feature,
                population=e.population,
                resolved=True,
                confidence=0.6,
                reason=f"the register entry names {e.name} ({e.admin1 or reg.country_code}); the register "
                "gives the settlement near which the death occurred (precision 2); "
                f"of {len(found)} such name(s) in the register's country, "
                + ("one in the register's regions, then " if reg.prefer_admin1 else "")
                + "the most populous",
            )
    return _country_level(reg, span)


def _country_level(reg: Register, span: Span) -> Place | None:
    if not reg.country_code:
        return None
    country = _country_name(reg.country_code)
    return Place(
        span=span,
        name=country,
        canonical=country,
        country=country,
        country_code=reg.country_code,
        geo_precision=3,
        feature="country",
        resolved=True,
        confidence=0.3,
        reason=f"the register covers {country}; the entry names no place there: country level, no point",
    )


@lru_cache(maxsize=64)
def _country_name(code: str) -> str:
    import pycountry

    c = pycountry.countries.get(alpha_2=code)
    return str(getattr(c, "common_name", None) or c.name) if c else code
