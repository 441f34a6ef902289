"""Hand-built documents and event mentions for the fusion tests (written for this project)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sitrep.model import Actor, Casualty, Document, Event, Extraction, Place, Span, Target, Weapon

PLACES: dict[str, dict[str, Any]] = {
    "Kharkiv": dict(
        gazetteer_id="geonames:706483", admin1="Kharkiv Oblast", lat=49.98, lon=36.25, prec=1, feature="city"
    ),
    "Kharkiv Oblast": dict(
        gazetteer_id="adm1:UA-63", admin1="Kharkiv Oblast", lat=49.5, lon=36.5, prec=3, feature="admin1"
    ),
    "Bakhmut": dict(
        gazetteer_id="geonames:712451", admin1="Donetsk Oblast", lat=48.59, lon=38.0, prec=1, feature="town"
    ),
    "Donetsk Oblast": dict(
        gazetteer_id="adm1:UA-14", admin1="Donetsk Oblast", lat=48.0, lon=37.8, prec=3, feature="admin1"
    ),
    "Soledar": dict(
        gazetteer_id="geonames:700000", admin1="Donetsk Oblast", lat=48.68, lon=38.09, prec=1, feature="town"
    ),
    "Odesa": dict(
        gazetteer_id="geonames:698740", admin1="Odesa Oblast", lat=46.48, lon=30.73, prec=1, feature="city"
    ),
    "Ukraine": dict(gazetteer_id="country:UA", admin1=None, lat=49.0, lon=32.0, prec=3, feature="country"),
}


def place(name: str) -> Place:
    p = PLACES[name]
    return Place(
        span=Span(0, len(name), name),
        name=name,
        canonical=name,
        gazetteer_id=p["gazetteer_id"],
        country="Ukraine",
        country_code="UA",
        admin1=p["admin1"],
        latitude=p["lat"],
        longitude=p["lon"],
        geo_precision=p["prec"],
        feature=p["feature"],
        reason="test fixture",
    )


def event(
    mid: str,
    *,
    day: date | None = date(2023, 3, 9),
    where: str | None = "Kharkiv",
    etype: str = "Explosions/Remote violence",
    sub: str = "Shelling/artillery/missile attack",
    killed: int | None = None,
    weapon: str | None = None,
    target: str | None = None,
    evidence: str = "",
    actor: str | None = None,
    precision: int = 1,
) -> Event:
    ev = Event(
        id=mid,
        doc_id="",
        event_type=etype,
        sub_event_type=sub,
        evidence=[Span(0, len(evidence), evidence)] if evidence else [],
        event_date=day,
        event_date_end=day,
        time_precision=precision if day else None,
        place=place(where) if where else None,
        actor1=Actor(name=actor) if actor else None,
        weapons=[Weapon(family=weapon)] if weapon else [],
        targets=[Target(kind=target)] if target else [],
    )
    if killed is not None:
        ev.fatalities = ev.fatalities_min = ev.fatalities_max = killed
        ev.casualties = [Casualty(kind="killed", count_min=killed)]
    return ev


def extraction(
    text: str,
    events: list[Event],
    *,
    outlet: str = "Outlet A",
    published: datetime | None = None,
    ext: str | None = None,
) -> Extraction:
    doc = Document.create(
        text,
        outlet=outlet,
        published=published or datetime(2023, 3, 9, 12, 0),
        external_id=ext,
        title=text.split(".")[0],
    )
    for e in events:
        e.doc_id = doc.id
    return Extraction(document=doc, events=events)


def corpus(seed: int = 7, n_docs: int = 40) -> list[Extraction]:
    """A reproducible mixed corpus: repeated reports of a few events plus unrelated ones."""
    import random

    rng = random.Random(seed)
    wheres = ["Kharkiv", "Bakhmut", "Soledar", "Odesa", "Kharkiv Oblast", "Donetsk Oblast", "Ukraine"]
    weapons = [None, "missile", "drone", "artillery"]
    outlets = ["Outlet A", "Outlet B", "Outlet C", "Outlet D"]
    out: list[Extraction] = []
    for i in range(n_docs):
        day = date(2023, 3, 1) + timedelta(days=rng.randrange(6))
        events = []
        for k in range(rng.randrange(1, 3)):
            events.append(
                event(
                    f"m{i:03d}-{k}",
                    day=day,
                    where=rng.choice(wheres),
                    weapon=rng.choice(weapons),
                    killed=rng.choice([None, 2, 3, 5]),
                )
            )
        text = f"Report {i} number {rng.randrange(10**6)} about strikes on {day.isoformat()}."
        pub = datetime(day.year, day.month, day.day, 8) + timedelta(hours=rng.randrange(48))
        out.append(extraction(text, events, outlet=rng.choice(outlets), published=pub, ext=f"doc-{i}"))
    return out
