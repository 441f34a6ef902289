"""Shared fixtures: record factories, a SQLite store, and a real PostgreSQL server started here.

PostgreSQL tests (marker ``postgres``) need the server binaries (Debian package ``postgresql``);
``scripts/test`` installs them. The server runs as the ``postgres`` user when the suite runs
as root (initdb refuses root), on a free port on 127.0.0.1, with its socket in a temp folder.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from sitrep.model import (
    Actor,
    CanonicalEvent,
    Claim,
    Document,
    Event,
    Extraction,
    Place,
    Quote,
    Source,
    Span,
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true", default=False, help="also run tests marked slow")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --run-slow (scripts/test does)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


# --------------------------------------------------------------------------- record factories


def build_extraction(
    text: str = "Missiles hit Kharkiv on Thursday, killing three civilians, officials said.",
    *,
    external_id: str | None = None,
    url: str | None = None,
    outlet: str | None = "Test Wire",
    published: datetime | None = datetime(2023, 3, 10, 9, 0),
    n_events: int = 1,
    n_claims: int = 1,
    event_type: str = "Explosions/Remote violence",
    sub_event_type: str = "Shelling/artillery/missile attack",
    event_date: date | None = date(2023, 3, 9),
) -> Extraction:
    doc = Document.create(
        text, external_id=external_id, url=url, outlet=outlet, title=text[:30], published=published
    )
    evidence = Span(0, min(len(text), 40), text[:40])
    events = [
        Event(
            id=f"{doc.id}-e{i}",
            doc_id=doc.id,
            event_type=event_type,
            sub_event_type=sub_event_type,
            evidence=[evidence],
            event_date=event_date,
            time_precision=1,
            place=Place(
                span=Span(13, 20, "Kharkiv"),
                name="Kharkiv",
                canonical="Kharkiv",
                country="Ukraine",
                country_code="UA",
                admin1="Kharkivska",
                latitude=49.98,
                longitude=36.25,
                geo_precision=1,
                reason="gazetteer hit",
            ),
            actor1=Actor(name="Military Forces of Russia", as_written="Russian forces", inter=8),
            fatalities=3,
            reasons={"event_type": "cue 'missiles hit'"},
        )
        for i in range(n_events)
    ]
    claims = [
        Claim(
            id=f"{doc.id}-c{i}",
            doc_id=doc.id,
            source=Source(
                as_written="officials", name="Government of Ukraine", body="Kharkiv regional administration"
            ),
            cue="said",
            content=Span(0, 20, text[:20]),
            stance="asserts" if i % 2 == 0 else "denies",
            event_ids=[events[0].id] if events else [],
        )
        for i in range(n_claims)
    ]
    quotes = [Quote(id=f"{doc.id}-q0", doc_id=doc.id, text=text[:10], spans=[Span(0, 10, text[:10])])]
    return Extraction(document=doc, events=events, claims=claims, quotes=quotes)


def build_canonical(
    n: int,
    *,
    start: date = date(2023, 1, 1),
    prefix: str = "ce",
    **overrides: Any,
) -> CanonicalEvent:
    """The n-th synthetic canonical event: dates, types, places and figures vary with n."""
    types = [
        ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
        ("Battles", "Armed clash"),
        ("Violence against civilians", "Attack"),
        ("Explosions/Remote violence", "Air/drone strike"),
    ]
    places = [
        ("Kharkiv", "Kharkivska", 49.98, 36.25),
        ("Bakhmut", "Donetska", 48.59, 38.0),
        ("Kherson", "Khersonska", 46.64, 32.61),
        ("Odesa", "Odeska", 46.48, 30.72),
        ("Somewhere", None, None, None),
    ]
    event_type, sub_event_type = types[n % len(types)]
    name, admin1, lat, lon = places[n % len(places)]
    day = date.fromordinal(start.toordinal() + (n * 7) % 365)
    event = Event(
        id=f"{prefix}-{n}",
        doc_id="",
        event_type=event_type,
        sub_event_type=sub_event_type,
        evidence=[Span(0, 30, f"Report {n}: strike near {name} with drones")],
        event_date=day,
        time_precision=1,
        place=Place(
            span=Span(0, len(name), name),
            name=name,
            canonical=name,
            country="Ukraine" if admin1 else None,
            admin1=admin1,
            latitude=lat,
            longitude=lon,
            geo_precision=1 if lat is not None else 3,
        ),
        actor1=Actor(name="Military Forces of Russia" if n % 2 == 0 else "Military Forces of Ukraine"),
        actor2=Actor(name="Civilians (Ukraine)") if n % 3 == 0 else None,
        fatalities=n % 11,
    )
    ce = CanonicalEvent(
        id=f"{prefix}-{n:06d}",
        event=event,
        mention_ids=[f"m-{n}-a", f"m-{n}-b"],
        doc_ids=[f"doc-{n}"],
        external_ids=[f"ext-{n}"],
        outlets=["Test Wire"],
        independent_sources=1 + n % 4,
        first_reported=datetime(2023, 3, 10, 9, 0),
    )
    for key, value in overrides.items():
        setattr(ce, key, value)
    return ce


@pytest.fixture
def make_extraction() -> Callable[..., Extraction]:
    return build_extraction


@pytest.fixture
def make_canonical() -> Callable[..., CanonicalEvent]:
    return build_canonical


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return str(tmp_path / "data" / "sitrep.db")


# --------------------------------------------------------------------------- PostgreSQL server

from sitrep.store.pgserver import PostgresServer, find_pg_bin  # noqa: E402


def _create_database(server_url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server_url}/{name}"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The URL of a running PostgreSQL server (no database part); skipped without binaries."""
    bin_dir = find_pg_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) not found: run scripts/test, which installs them")
    try:
        server = PostgresServer(bin_dir)
        url = server.start()
    except RuntimeError as exc:
        pytest.skip(f"cannot start a PostgreSQL server ({exc}): run scripts/test")
    try:
        yield url
    finally:
        server.stop()


_db_counter = itertools.count(1)


@pytest.fixture(scope="session")
def pg_url(pg_server: str) -> str:
    """A postgresql:// URL of one database shared by the session."""
    return _create_database(pg_server, "sitrep_session")


@pytest.fixture(scope="session")
def _pg_schemas_db(pg_server: str) -> str:
    return _create_database(pg_server, "sitrep_schemas")


@pytest.fixture
def pg_fresh_url(_pg_schemas_db: str) -> str:
    """A postgresql:// URL whose search_path is a new, empty schema: a fresh store for one test."""
    import psycopg

    name = f"t_{next(_db_counter)}"
    with psycopg.connect(_pg_schemas_db, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    return f"{_pg_schemas_db}?options=-csearch_path%3D{name}"
