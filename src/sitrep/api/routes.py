"""The API's routes: thin translations between HTTP and the Store API."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from sitrep import export
from sitrep.api.errors import ApiError
from sitrep.api.mapview import iter_events, map_view
from sitrep.api.query import MAX_PAGE, claim_filter, event_filter, filter_query, paged, parse_bbox
from sitrep.api.views import claim_item, document_view, event_detail, event_summary, group_claims
from sitrep.model import Document, Extraction
from sitrep.store.base import ClaimFilter, EventFilter, Store, next_cursor

router = APIRouter(prefix="/api")

EventQuery = Annotated[EventFilter, Depends(event_filter)]
ClaimQuery = Annotated[ClaimFilter, Depends(claim_filter)]
MAX_EXPORT = 1_000_000


def get_store(request: Request) -> Store:
    store: Store = request.app.state.stores.get()
    return store


StoreDep = Annotated[Store, Depends(get_store)]


@router.get("/events", summary="Canonical events, filtered, sorted and paged")
def list_events(
    request: Request,
    store: StoreDep,
    flt: EventQuery,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    after: Annotated[str | None, Query(description="Cursor from the previous page's next link.")] = None,
    offset: Annotated[int, Query(ge=0, description="Rows to skip (ignored when after is given).")] = 0,
) -> dict[str, Any]:
    page = paged(flt, limit, after, offset)
    events = store.list_canonical_events(page)
    # the total is counted for the first page only; later pages (after=) skip that query
    total = None if after else store.count_canonical_events(replace(flt, limit=None, offset=0, after=None))
    cursor = next_cursor(events, page)
    base = filter_query(request)
    sep = "&" if base else ""
    next_link = f"/api/events?{base}{sep}limit={limit}&after={cursor}" if cursor else None
    return {
        "items": [event_summary(ce) for ce in events],
        "count": total,
        "limit": limit,
        "next": next_link,
        "links": {
            "csv": f"/api/events.csv?{base}",
            "geojson": f"/api/events.geojson?{base}",
            "jsonl": f"/api/events.jsonl?{base}",
        },
    }


def _export(store: Store, flt: EventFilter, kind: str, limit: int | None) -> StreamingResponse:
    makers = {
        "csv": (export.iter_acled_csv, "text/csv; charset=utf-8", "sitrep-events.csv"),
        "geojson": (export.iter_geojson, "application/geo+json", "sitrep-events.geojson"),
        "jsonl": (export.iter_jsonl, "application/x-ndjson", "sitrep-events.jsonl"),
    }
    make, media, filename = makers[kind]
    chunks: Iterator[str]
    if kind == "geojson":  # from the stored JSON records: no typed decoding of every event
        records = store.iter_canonical_records(replace(flt, limit=limit or MAX_EXPORT, offset=0, after=None))
        chunks = export.iter_geojson_records(records)
    else:
        chunks = make(iter_events(store, flt, page=1000, limit=limit or MAX_EXPORT))

    def body() -> Iterator[bytes]:
        for chunk in chunks:
            yield chunk.encode("utf-8")

    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return StreamingResponse(body(), media_type=media, headers=headers)


ExportLimit = Annotated[int | None, Query(ge=1, le=MAX_EXPORT, description="At most this many events.")]


@router.get("/events.csv", summary="Export the filtered events as ACLED-compatible CSV (streamed)")
def export_csv(store: StoreDep, flt: EventQuery, limit: ExportLimit = None) -> StreamingResponse:
    return _export(store, flt, "csv", limit)


@router.get("/events.geojson", summary="Export the filtered events as GeoJSON (streamed)")
def export_geojson(store: StoreDep, flt: EventQuery, limit: ExportLimit = None) -> StreamingResponse:
    return _export(store, flt, "geojson", limit)


@router.get("/events.jsonl", summary="Export the filtered events as JSON lines (streamed)")
def export_jsonl(store: StoreDep, flt: EventQuery, limit: ExportLimit = None) -> StreamingResponse:
    return _export(store, flt, "jsonl", limit)


@router.get("/events/{event_id}", summary="One canonical event with reasons, evidence, sources and claims")
def get_event(event_id: str, store: StoreDep) -> dict[str, Any]:
    ce = store.get_canonical_event(event_id)
    if ce is None:
        found = store.canonical_ids_for_mentions([event_id])
        if event_id in found:
            ce = store.get_canonical_event(found[event_id])
    if ce is None:
        raise ApiError(404, f"no event {event_id!r}", "list events with GET /api/events")
    return event_detail(store, ce)


@router.get(
    "/map", summary="Map layer: points when few events are in view, groups made on the server when many are"
)
def get_map(
    request: Request,
    store: StoreDep,
    flt: EventQuery,
    zoom: Annotated[int, Query(ge=0, le=18)] = 5,
    view: Annotated[
        str | None, Query(description="The map's visible bbox: min_lon,min_lat,max_lon,max_lat.")
    ] = None,
) -> dict[str, Any]:
    return map_view(store, flt, zoom, request.app.state.map_cache, parse_bbox(view))


@router.get("/stats", summary="Counts and fatalities per day, event type and admin1 for the filter")
def get_stats(store: StoreDep, flt: EventQuery) -> dict[str, Any]:
    raw = store.stats(replace(flt, limit=None, offset=0, after=None))
    return normalise_stats(raw)


def _rows(value: Any, key: str) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        return [
            {
                key: k,
                "events": v.get("events", v.get("count", 0)) if isinstance(v, dict) else v,
                "fatalities": v.get("fatalities", 0) if isinstance(v, dict) else 0,
            }
            for k, v in value.items()
        ]
    rows = []
    for row in value or []:
        if isinstance(row, dict):
            name = row.get(key, row.get("key", row.get("name", row.get("date"))))
            rows.append(
                {
                    key: name,
                    "events": row.get("events", row.get("count", 0)),
                    "fatalities": row.get("fatalities", 0),
                }
            )
    return rows


def normalise_stats(raw: dict[str, Any]) -> dict[str, Any]:
    """The store's stats in one shape: totals plus rows per day, type and admin1."""
    by_day = _rows(raw.get("by_day", raw.get("per_day", raw.get("days", []))), "date")
    by_type = _rows(raw.get("by_type", raw.get("per_type", raw.get("event_types", []))), "event_type")
    by_admin1 = _rows(raw.get("by_admin1", raw.get("per_admin1", raw.get("admin1", []))), "admin1")
    by_day.sort(key=lambda r: str(r["date"] or ""))
    total = raw.get("events", raw.get("count", raw.get("total", sum(r["events"] for r in by_day))))
    fatalities = raw.get("fatalities", sum(r["fatalities"] for r in by_day))
    return {
        "events": total,
        "fatalities": fatalities,
        "by_day": by_day,
        "by_type": by_type,
        "by_admin1": by_admin1,
    }


@router.get("/claims", summary="Claims (who said what), filtered; grouped by speaker with group=true")
def list_claims(
    store: StoreDep,
    flt: ClaimQuery,
    group: Annotated[bool, Query(description="Group the claims by speaker.")] = False,
) -> dict[str, Any]:
    claims = store.list_claims(flt)
    out: dict[str, Any] = {"items": [claim_item(c) for c in claims], "limit": flt.limit, "offset": flt.offset}
    if group:
        out["groups"] = group_claims(claims)
    if flt.limit is not None and len(claims) == flt.limit:
        out["next_offset"] = flt.offset + flt.limit
    return out


@router.get("/documents/{doc_id}", summary="A document's text with the spans behind every extracted record")
def get_document(doc_id: str, store: StoreDep) -> dict[str, Any]:
    doc = store.get_document(doc_id)
    ex = store.get_extraction(doc.id) if doc else None
    if doc is None or ex is None:
        raise ApiError(404, f"no document {doc_id!r}", "document ids come with each event's sources")
    mention_ids = [e.id for e in ex.events]
    canonical = store.canonical_ids_for_mentions(mention_ids) if mention_ids else {}
    return document_view(ex, canonical)


class DocumentIn(BaseModel):
    text: str = Field(min_length=1, description="The article text.")
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: datetime | None = None
    external_id: str | None = None
    language: str = "en"


def require_token(
    request: Request,
    authorization: Annotated[str | None, Header(description="Bearer TOKEN")] = None,
) -> None:
    token = str(request.app.state.settings.api_token or "")
    if not token:
        raise ApiError(403, "the API is read-only", "start `sitrep serve` with --token to accept documents")
    if not authorization:
        raise ApiError(401, "a token is required", "send the header Authorization: Bearer TOKEN")
    scheme, _, given = authorization.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise ApiError(403, "wrong token", "use the token `sitrep serve --token` was started with")


@router.post(
    "/documents",
    status_code=201,
    dependencies=[Depends(require_token)],
    summary="Ingest one article (only with the configured token): extracted, stored and fused at once",
)
def post_document(
    request: Request,
    body: DocumentIn,
    store: StoreDep,
    fuse: Annotated[bool, Query(description="Fuse it into canonical events now.")] = True,
) -> dict[str, Any]:
    document = Document.create(
        body.text,
        title=body.title,
        url=body.url,
        outlet=body.outlet,
        published=body.published,
        external_id=body.external_id,
        language=body.language,
        source="api",
    )
    extraction = _extract(request, document)
    result = store.save_extraction(extraction)
    canonical: list[str] = []
    if fuse and result.status != "duplicate":
        from sitrep.fuse import fuse_documents

        with request.app.state.pipeline_lock:  # one fusion at a time
            canonical = fuse_documents(store, [result.doc_id], request.app.state.settings)
        request.app.state.map_cache.clear()
    elif result.status == "duplicate":  # already stored: the canonical events it feeds
        canonical = list(store.canonical_ids_for_document(result.doc_id))
    return {
        "doc_id": result.doc_id,
        "status": result.status,
        "canonical_events": canonical,
        "events": len(extraction.events),
        "claims": len(extraction.claims),
        "warnings": list(extraction.warnings),
        "url": f"/api/documents/{result.doc_id}",
    }


class MergeIn(BaseModel):
    ids: list[str] = Field(
        min_length=2, max_length=100, description="Canonical event ids to merge (two or more)."
    )
    note: str = Field(default="", max_length=2000, description="Why (kept with the decision).")


class SplitIn(BaseModel):
    mention_id: str | None = Field(
        default=None, description="Move this mention out; by default every mention is separated."
    )
    mention_ids: list[str] | None = Field(
        default=None, max_length=1000, description="Move these mentions out."
    )
    note: str = Field(default="", max_length=2000, description="Why (kept with the decision).")


def _decided(request: Request, store: Store, kind: str, decide: Any) -> dict[str, Any]:
    with request.app.state.pipeline_lock:  # one fusion at a time
        before = len(store.list_decisions())
        events = decide()
        decisions = store.list_decisions()[before:]
    request.app.state.map_cache.clear()
    return {
        "kind": kind,
        "events": events,
        "urls": [f"/api/events/{e}" for e in events],
        "decisions": [
            {"id": d.id, "kind": d.kind, "mention_ids": d.mention_ids, "note": d.note} for d in decisions
        ],
    }


@router.post(
    "/events/merge",
    dependencies=[Depends(require_token)],
    summary="Merge canonical events (only with the configured token); the decision is kept across re-fusion",
)
def merge(request: Request, body: MergeIn, store: StoreDep) -> dict[str, Any]:
    from sitrep.fuse import merge_events

    return _decided(request, store, "merge", lambda: merge_events(store, list(body.ids), body.note))


@router.post(
    "/events/{event_id}/split",
    dependencies=[Depends(require_token)],
    summary="Split a canonical event (only with the configured token): move mentions out, or separate all",
)
def split(request: Request, event_id: str, store: StoreDep, body: SplitIn | None = None) -> dict[str, Any]:
    from sitrep.fuse import split_event

    body = body or SplitIn()
    moving = [*([body.mention_id] if body.mention_id else []), *(body.mention_ids or [])]
    return _decided(request, store, "split", lambda: split_event(store, event_id, moving or None, body.note))


def _extract(request: Request, document: Document) -> Extraction:
    state = request.app.state
    with state.pipeline_lock:
        if state.pipeline is None:
            from sitrep.pipeline import Pipeline

            state.pipeline = Pipeline(state.settings)
        return state.pipeline.extract(document)  # type: ignore[no-any-return]


@router.get("/health", summary="Liveness and the number of stored documents and events")
def health(request: Request, store: StoreDep) -> dict[str, Any]:
    return {
        "ok": True,
        "documents": store.count_documents(),
        "events": store.count_canonical_events(EventFilter(limit=None)),
        "read_only": not bool(request.app.state.settings.api_token),
    }
