"""Query parameters -> EventFilter / ClaimFilter, declared once so every route and export shares them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Query, Request

from sitrep.api.errors import ApiError
from sitrep.store.base import ClaimFilter, EventFilter

MAX_PAGE = 1000


def parse_bbox(raw: str | None) -> tuple[float, float, float, float] | None:
    if not raw:
        return None
    try:
        parts = [float(x) for x in raw.split(",")]
    except ValueError:
        parts = []
    if len(parts) != 4:
        raise ApiError(400, f"invalid bbox {raw!r}", "give min_lon,min_lat,max_lon,max_lat as four numbers")
    min_lon, min_lat, max_lon, max_lat = parts
    if not (-90 <= min_lat <= max_lat <= 90) or not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180):
        raise ApiError(
            400, f"invalid bbox {raw!r}", "latitudes in -90..90 (min first), longitudes in -180..180"
        )
    return (min_lon, min_lat, max_lon, max_lat)


def acled_name(value: str | None, parameter: str) -> str | None:
    """``type``/``sub_type`` as ACLED spells it (any case); 400 naming the known ones otherwise."""
    if not value:
        return None
    from sitrep.extract.taxonomy import EVENT_TYPES, SUB_TO_TYPE, spelled_as_acled

    name = spelled_as_acled(value, sub=parameter == "sub_type")
    if name is None:
        known = EVENT_TYPES if parameter == "type" else SUB_TO_TYPE
        raise ApiError(400, f"unknown {parameter} {value!r}", f"one of: {'; '.join(known)}")
    return name


def event_filter(
    date_from: Annotated[date | None, Query(description="First event date (YYYY-MM-DD), inclusive.")] = None,
    date_to: Annotated[date | None, Query(description="Last event date (YYYY-MM-DD), inclusive.")] = None,
    bbox: Annotated[str | None, Query(description="min_lon,min_lat,max_lon,max_lat")] = None,
    event_type: Annotated[str | None, Query(alias="type", description="ACLED event type.")] = None,
    sub_event_type: Annotated[
        str | None, Query(alias="sub_type", description="ACLED sub-event type.")
    ] = None,
    actor: Annotated[str | None, Query(description="Actor name (actor1 or actor2).")] = None,
    country: Annotated[str | None, Query(description="Country name (any case).")] = None,
    admin1: Annotated[str | None, Query(description="First-level region name (any case).")] = None,
    min_fatalities: Annotated[int | None, Query(ge=0, description="At least this many killed.")] = None,
    min_sources: Annotated[
        int | None, Query(ge=0, description="At least this many independent sources.")
    ] = None,
    q: Annotated[str | None, Query(max_length=500, description="Full-text search over the evidence.")] = None,
    sort: Annotated[
        str, Query(description="event_date, fatalities or independent_sources; '-' for descending.")
    ] = "-event_date",
) -> EventFilter:
    if date_from and date_to and date_from > date_to:
        raise ApiError(400, "date_from is after date_to", "swap the two dates")
    return EventFilter(
        date_from=date_from,
        date_to=date_to,
        bbox=parse_bbox(bbox),
        event_type=acled_name(event_type, "type"),
        sub_event_type=acled_name(sub_event_type, "sub_type"),
        actor=actor or None,
        country=country or None,
        admin1=admin1 or None,
        min_fatalities=min_fatalities,
        min_sources=min_sources,
        q=(q or "").strip() or None,
        sort=sort,
    )


def claim_filter(
    event_id: Annotated[str | None, Query(description="Canonical event id or event mention id.")] = None,
    doc_id: Annotated[str | None, Query(description="Document id.")] = None,
    source: Annotated[str | None, Query(description="Part of the speaker's name, body or words.")] = None,
    stance: Annotated[
        str | None, Query(description="asserts, denies, confirms, disputes or accuses.")
    ] = None,
    q: Annotated[str | None, Query(max_length=500, description="Text search over the claim content.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> ClaimFilter:
    return ClaimFilter(
        event_id=event_id, doc_id=doc_id, source=source, stance=stance, q=q, limit=limit, offset=offset
    )


FILTER_PARAMS = (
    "date_from",
    "date_to",
    "bbox",
    "type",
    "sub_type",
    "actor",
    "country",
    "admin1",
    "min_fatalities",
    "min_sources",
    "q",
    "sort",
)


def filter_query(request: Request, **override: str | int | None) -> str:
    """The request's filter parameters (and overrides) as a query string, for next/export links."""
    params: dict[str, str] = {k: v for k, v in request.query_params.items() if k in FILTER_PARAMS and v != ""}
    for key, value in override.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return urlencode(params)


def paged(flt: EventFilter, limit: int, after: str | None, offset: int) -> EventFilter:
    return replace(flt, limit=limit, after=after or None, offset=offset)
