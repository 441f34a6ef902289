"""Records -> the API's JSON shapes. Reads the store through its interface only."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sitrep.model import CanonicalEvent, Claim, Document, Event, Extraction, Place, Span
from sitrep.store.base import ClaimFilter, Store

MAX_MENTIONS = 50  # event mentions read for one event's detail
MAX_CLAIMS = 200


def precision_label(place: Place | None) -> str:
    """How honest the map can be about where: point, near, region, country or unknown."""
    if place is None or (place.latitude is None and place.feature != "country"):
        return "unknown"
    if place.feature == "country":
        return "country"
    return {1: "point", 2: "near", 3: "region"}.get(place.geo_precision or 3, "region")


def event_summary(ce: CanonicalEvent) -> dict[str, Any]:
    e = ce.event
    p = e.place
    first_evidence = e.evidence[0].text if e.evidence else ""
    return {
        "id": ce.id,
        "event_date": e.event_date.isoformat() if e.event_date else None,
        "event_date_end": e.event_date_end.isoformat() if e.event_date_end else None,
        "time_precision": e.time_precision,
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "actor1": e.actor1.name if e.actor1 else None,
        "actor2": e.actor2.name if e.actor2 else None,
        "location": (p.canonical or p.name) if p else None,
        "admin1": p.admin1 if p else None,
        "admin2": p.admin2 if p else None,
        "country": p.country if p else None,
        "latitude": p.latitude if p else None,
        "longitude": p.longitude if p else None,
        "geo_precision": p.geo_precision if p else None,
        "precision": precision_label(p),
        "fatalities": e.fatalities,
        "injuries": e.injuries,
        "independent_sources": ce.independent_sources,
        "documents": len(ce.doc_ids),
        "outlets": list(ce.outlets),
        "first_reported": ce.first_reported.isoformat() if ce.first_reported else None,
        "summary": first_evidence[:300],
        "url": f"/api/events/{ce.id}",
    }


def speaker_key(claim: Claim) -> str:
    s = claim.source
    return s.name or s.body or s.as_written or "unknown"


def claim_item(claim: Claim) -> dict[str, Any]:
    return {
        "id": claim.id,
        "doc_id": claim.doc_id,
        "stance": claim.stance,
        "cue": claim.cue,
        "content": claim.content.text,
        "content_span": claim.content.to_dict(),
        "direct": claim.direct,
        "speaker": claim.source.to_dict(),
        "event_ids": list(claim.event_ids),
        "confidence": claim.confidence,
        "reason": claim.reason,
    }


def group_claims(claims: Iterable[Claim]) -> list[dict[str, Any]]:
    """Claims grouped by who made them (normalised speaker), stances counted per group."""
    groups: dict[str, dict[str, Any]] = {}
    for claim in claims:
        key = speaker_key(claim)
        group = groups.setdefault(
            key, {"speaker": key, "bodies": [], "as_written": [], "stances": {}, "claims": [], "_seen": {}}
        )
        if claim.source.body and claim.source.body not in group["bodies"]:
            group["bodies"].append(claim.source.body)
        if claim.source.as_written and claim.source.as_written not in group["as_written"]:
            group["as_written"].append(claim.source.as_written)
        group["stances"][claim.stance] = group["stances"].get(claim.stance, 0) + 1
        # the same words with the same stance from copies of one story: one item, counted
        key_text = (claim.stance, " ".join(claim.content.text.lower().split()))
        same = group["_seen"].get(key_text)
        if same is not None:
            if claim.doc_id not in same["doc_ids"]:
                same["doc_ids"].append(claim.doc_id)
            continue
        item = claim_item(claim)
        item["doc_ids"] = [claim.doc_id]
        group["_seen"][key_text] = item
        group["claims"].append(item)
    for group in groups.values():
        del group["_seen"]
    return sorted(groups.values(), key=lambda g: (-sum(g["stances"].values()), g["speaker"]))


def _doc_brief(doc: Document | None, doc_id: str) -> dict[str, Any]:
    if doc is None:
        return {"id": doc_id, "title": None, "outlet": None, "url": None, "published": None}
    return {
        "id": doc.id,
        "external_id": doc.external_id,
        "title": doc.title,
        "outlet": doc.outlet,
        "url": doc.url,
        "published": doc.published.isoformat() if doc.published else None,
    }


def _field_reasons(e: Event) -> dict[str, Any]:
    p = e.place
    return {
        "what": {
            "event_type": e.event_type,
            "sub_event_type": e.sub_event_type,
            "reason": e.reasons.get("event_type", "") or e.reasons.get("type", ""),
        },
        "when": {
            "event_date": e.event_date.isoformat() if e.event_date else None,
            "event_date_end": e.event_date_end.isoformat() if e.event_date_end else None,
            "time_precision": e.time_precision,
            "phrase": e.date.phrase if e.date else None,
            "span": e.date.span.to_dict() if e.date else None,
            "reason": (e.date.reason if e.date else "") or e.reasons.get("date", ""),
        },
        "where": {
            **(p.to_dict() if p else {}),
            "precision": precision_label(p),
            "reason": (p.reason if p else "") or e.reasons.get("place", ""),
        },
        "who": {
            "actor1": e.actor1.to_dict() if e.actor1 else None,
            "actor2": e.actor2.to_dict() if e.actor2 else None,
            "reason": e.reasons.get("actors", "") or e.reasons.get("actor", ""),
        },
    }


def event_detail(store: Store, ce: CanonicalEvent) -> dict[str, Any]:
    """Everything about one canonical event: fields with reasons, evidence, sources, claims, figures."""
    e = ce.event
    docs: dict[str, Document | None] = {d: store.get_document(d) for d in ce.doc_ids[:MAX_MENTIONS]}
    families = {f.id: f for f in store.get_families(list(ce.families))} if ce.families else {}
    family_of: dict[str, str] = {}
    for fam in families.values():
        for member in fam.members:
            family_of[member] = fam.id

    mentions: list[dict[str, Any]] = []
    for mid in ce.mention_ids[:MAX_MENTIONS]:
        m = store.get_event_mention(mid)
        if m is None:
            continue
        doc = docs.get(m.doc_id)
        mentions.append(
            {
                "id": m.id,
                "doc_id": m.doc_id,
                "outlet": doc.outlet if doc else None,
                "title": doc.title if doc else None,
                "event_type": m.event_type,
                "sub_event_type": m.sub_event_type,
                "evidence": [s.to_dict() for s in m.evidence],
                "casualties": [c.to_dict() for c in m.casualties],
                "fatalities": m.fatalities,
                "attributed_to": m.attributed_to,
                "reasons": dict(m.reasons),
            }
        )

    claims = store.list_claims(ClaimFilter(event_id=ce.id, limit=MAX_CLAIMS))
    seen = {c.id for c in claims}
    for mid in ce.mention_ids[:MAX_MENTIONS]:
        for c in store.list_claims(ClaimFilter(event_id=mid, limit=MAX_CLAIMS)):
            if c.id not in seen:
                seen.add(c.id)
                claims.append(c)

    family_rows: list[dict[str, Any]] = [
        {
            "id": fam.id,
            "original": fam.original,
            "reason": fam.reason,
            "documents": [_doc_brief(docs.get(d), d) for d in fam.members if d in docs],
        }
        for fam in families.values()
    ]
    loose = [d for d in ce.doc_ids if d not in family_of]
    for d in loose[:MAX_MENTIONS]:
        family_rows.append(
            {
                "id": None,
                "original": d,
                "reason": "a story of its own",
                "documents": [_doc_brief(docs.get(d), d)],
            }
        )

    return {
        **event_summary(ce),
        "fields": _field_reasons(e),
        "event": e.to_dict(),
        "reasons": {**e.reasons, **ce.reasons},
        "evidence": mentions,
        "casualties": {
            "fatalities": e.fatalities,
            "fatalities_min": e.fatalities_min,
            "fatalities_max": e.fatalities_max,
            "injuries": e.injuries,
            "figures": [f.to_dict() for f in ce.figures],
            "reported": [c.to_dict() for c in e.casualties],
        },
        "weapons": [w.to_dict() for w in e.weapons],
        "targets": [t.to_dict() for t in e.targets],
        "sources": {
            "independent_sources": ce.independent_sources,
            "documents": [_doc_brief(docs.get(d), d) for d in ce.doc_ids[:MAX_MENTIONS]],
            "document_count": len(ce.doc_ids),
            "outlets": list(ce.outlets),
            "families": family_rows,
        },
        "claims": group_claims(claims),
        "history": list(ce.history),
        "mention_ids": list(ce.mention_ids),
        "first_reported": ce.first_reported.isoformat() if ce.first_reported else None,
        "last_reported": ce.last_reported.isoformat() if ce.last_reported else None,
    }


def _span(
    kind: str, span: Span | None, label: str, ref: str | None = None, **extra: Any
) -> dict[str, Any] | None:
    if span is None or span.end <= span.start:
        return None
    return {"kind": kind, "start": span.start, "end": span.end, "label": label, "ref": ref, **extra}


def document_view(ex: Extraction, canonical: dict[str, str]) -> dict[str, Any]:
    """A document's text with every span that produced an event, place, date, claim or quote."""
    d = ex.document
    spans: list[dict[str, Any] | None] = []
    for e in ex.events:
        for s in e.evidence:
            spans.append(
                _span("event", s, f"{e.event_type}: {e.sub_event_type}", e.id, event=canonical.get(e.id))
            )
        for c in e.casualties:
            label = f"{c.kind} {c.qualifier or ''} {c.count_min if c.count_min is not None else ''}"
            spans.append(_span("casualty", c.span, " ".join(label.split()), e.id))
        for w in e.weapons:
            spans.append(_span("weapon", w.span, w.system or w.family, e.id))
        for a in (e.actor1, e.actor2):
            if a is not None:
                spans.append(_span("actor", a.span, a.name, e.id))
    for p in ex.places:
        spans.append(_span("place", p.span, p.canonical or p.name, None, precision=precision_label(p)))
    for dm in ex.dates:
        label = dm.start.isoformat() if dm.start else "unresolved"
        spans.append(_span("date", dm.span, label))
    for cl in ex.claims:
        spans.append(_span("claim", cl.content, f"{speaker_key(cl)} {cl.stance}", cl.id, stance=cl.stance))
        spans.append(_span("speaker", cl.source.span, speaker_key(cl), cl.id))
    for q in ex.quotes:
        for s in q.spans:
            spans.append(
                _span("quote", s, q.speaker.name or q.speaker.as_written if q.speaker else "unknown", q.id)
            )
    kept = sorted(
        (s for s in spans if s is not None and s["end"] <= len(d.text)), key=lambda s: (s["start"], -s["end"])
    )
    return {
        **_doc_brief(d, d.id),
        "language": d.language,
        "version_of": d.version_of,
        "text": d.text,
        "skipped": ex.skipped,
        "warnings": list(ex.warnings),
        "spans": kept,
        "events": sorted({v for v in canonical.values()}),
        "claims": [claim_item(c) for c in ex.claims],
    }
