"""`sitrep events` (canonical events, filtered) and `sitrep show ID` (any record by id)."""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import click

from sitrep.cli.common import db_option, emit_rows, handle_errors, open_existing_store, settings_from
from sitrep.errors import ConfigError, NotFound
from sitrep.store.base import ClaimFilter, EventFilter, Store

F = TypeVar("F", bound=Callable[..., Any])

SUMMARY_COLUMNS = [
    "id",
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "location",
    "admin1",
    "country",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "independent_sources",
    "outlets",
    "external_ids",
    "doc_ids",
]


def open_store(db: str | None) -> Store:
    """The existing store named by --db (or the default); an error when there is none."""
    store: Store = open_existing_store(settings_from(db).db_url)
    return store


def parse_bbox(raw: str | None) -> tuple[float, float, float, float] | None:
    if not raw:
        return None
    try:
        parts = tuple(float(x) for x in raw.split(","))
    except ValueError:
        parts = ()
    if len(parts) != 4:
        raise ConfigError(f"--bbox {raw!r}: expected four numbers", "give MIN_LON,MIN_LAT,MAX_LON,MAX_LAT")
    min_lon, min_lat, max_lon, max_lat = parts
    if not (-90 <= min_lat <= max_lat <= 90) or not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180):
        raise ConfigError(  # the API's rule: an upside-down box matched nothing
            f"--bbox {raw!r}: out of range", "latitudes in -90..90 (min first), longitudes in -180..180"
        )
    return parts  # type: ignore[return-value]


def event_filter_options(fn: F) -> F:
    """The filters shared by `sitrep events` and `sitrep export` (same names as the API's)."""
    day = click.DateTime(formats=["%Y-%m-%d"])
    options = [
        click.option(
            "--from",
            "date_from",
            type=day,
            default=None,
            metavar="YYYY-MM-DD",
            help="First event date (YYYY-MM-DD).",
        ),
        click.option(
            "--to",
            "date_to",
            type=day,
            default=None,
            metavar="YYYY-MM-DD",
            help="Last event date (YYYY-MM-DD).",
        ),
        click.option("--type", "event_type", default=None, help="ACLED event type, e.g. Battles."),
        click.option("--sub-type", "sub_event_type", default=None, help="ACLED sub-event type."),
        click.option("--actor", default=None, help="Part of an actor's name (actor1 or actor2)."),
        click.option("--country", default=None, help="Country name (any case)."),
        click.option("--admin1", default=None, help="First-level region name (any case)."),
        click.option(
            "--min-fatalities", type=click.IntRange(min=0), default=None, help="At least this many killed."
        ),
        click.option(
            "--min-sources",
            type=click.IntRange(min=0),
            default=None,
            help="At least this many independent sources.",
        ),
        click.option(
            "--q", "q", default=None, help="Full-text search over the evidence (every word must match)."
        ),
        click.option("--bbox", default=None, metavar="MIN_LON,MIN_LAT,MAX_LON,MAX_LAT", help="Bounding box."),
        click.option(
            "--sort",
            default="-event_date",
            show_default=True,
            help="event_date, fatalities or independent_sources; '-' for descending.",
        ),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def taxonomy_name(value: str | None, option: str) -> str | None:
    """An ACLED event type or sub-event type as the ledger spells it (any case); an error naming
    the known ones when it is neither, since a misspelt type would silently match nothing."""
    if not value:
        return None
    from sitrep.extract.taxonomy import EVENT_TYPES, SUB_TO_TYPE, spelled_as_acled

    name = spelled_as_acled(value, sub=option != "--type")
    if name is None:
        known = list(EVENT_TYPES) if option == "--type" else list(SUB_TO_TYPE)
        raise ConfigError(
            f"{option} {value!r}: not an ACLED event {option[2:]}", f"one of: {'; '.join(known)}"
        )
    return name


def event_filter_from(opts: dict[str, Any], limit: int | None, offset: int = 0) -> EventFilter:
    def as_date(value: datetime | None) -> Any:
        return value.date() if value else None

    date_from, date_to = as_date(opts.get("date_from")), as_date(opts.get("date_to"))
    if date_from and date_to and date_from > date_to:
        raise ConfigError("--from is after --to", "swap the two dates")
    return EventFilter(
        date_from=date_from,
        date_to=date_to,
        bbox=parse_bbox(opts.get("bbox")),
        event_type=taxonomy_name(opts.get("event_type"), "--type"),
        sub_event_type=taxonomy_name(opts.get("sub_event_type"), "--sub-type"),
        actor=opts.get("actor"),
        country=opts.get("country"),
        admin1=opts.get("admin1"),
        min_fatalities=opts.get("min_fatalities"),
        min_sources=opts.get("min_sources"),
        q=opts.get("q"),
        sort=opts.get("sort") or "-event_date",
        limit=limit,
        offset=offset,
    )


def note_more(limit: int, what: str) -> None:
    """Say on stderr that a listing stopped at --limit, so a cut-off list is not taken for all."""
    click.echo(f"note: the first {limit} {what} shown, there are more (--limit 0 for all)", err=True)


def list_format_options(default: str) -> Callable[[F], F]:
    def decorate(fn: F) -> F:
        for flag, text in (
            ("table", "an aligned text table"),
            ("csv", "CSV"),
            ("json", "a JSON array"),
            ("nl", "newline-delimited JSON"),
        ):
            suffix = " (default)" if flag == default else ""
            extra: dict[str, Any] = {"default": True} if flag == default else {}
            fn = click.option(f"--{flag}", "fmt", flag_value=flag, help=f"Output {text}{suffix}.", **extra)(
                fn
            )
        return fn

    return decorate


@click.command("events")
@db_option
@event_filter_options
@click.option(
    "--limit", type=click.IntRange(min=0), default=100, show_default=True, help="At most this many (0: all)."
)
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many first.")
@click.option("--full", is_flag=True, help="Whole canonical event records instead of summary rows (JSON/nl).")
@list_format_options("nl")
@handle_errors
def events(db: str | None, limit: int, offset: int, full: bool, fmt: str, **filters: Any) -> None:
    """List canonical events (one JSON line each by default), with the documents behind each."""
    from sitrep.export import event_summary

    flt = event_filter_from(filters, limit + 1 if limit else None, offset)  # one more: are there others?
    store = open_store(db)
    try:
        found = store.iter_canonical_events(flt)
        rows = (ce.to_dict() if full else event_summary(ce) for ce in itertools.islice(found, limit or None))
        emit_rows(rows, fmt, None if full else SUMMARY_COLUMNS)
        more = limit and next(found, None) is not None
    finally:
        store.close()
    if more:
        note_more(limit, "events")


def find_record(store: Store, key: str) -> dict[str, Any]:
    """A canonical event, an event mention or a document (by id or external id), tagged with its kind."""
    ce = store.get_canonical_event(key)
    if ce is not None:
        claims = store.list_claims(ClaimFilter(event_id=ce.id, limit=None))
        return {"kind": "canonical_event", **ce.to_dict(), "claims": [c.to_dict() for c in claims]}
    mention = store.get_event_mention(key)
    if mention is not None:
        canonical = store.canonical_ids_for_mentions([mention.id]).get(mention.id)
        return {"kind": "event_mention", **mention.to_dict(), "canonical_id": canonical}
    extraction = store.get_extraction(key)
    if extraction is not None:
        line = extraction.output_line()
        line["text"] = extraction.document.text
        line["version_of"] = extraction.document.version_of
        line["canonical_ids"] = store.canonical_ids_for_document(extraction.document.id)
        return {"kind": "document", **line}
    raise NotFound(f"no event, event mention or document with id {key!r}", "list ids with `sitrep events`")


@click.command("show")
@click.argument("key", metavar="ID")
@db_option
@handle_errors
def show(key: str, db: str | None) -> None:
    """Show one canonical event, event mention or document (id or external id) as JSON."""
    store = open_store(db)
    try:
        record = find_record(store, key)
    finally:
        store.close()
    json.dump(record, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
