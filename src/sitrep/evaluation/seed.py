"""`sitrep eval seed`: the acceptance article against what an analyst extracted from it.

Reads ``article.txt`` and ``expected.json`` from the seed folder, runs the whole pipeline with
the publication date the expected file assumes, and prints, event by event, claim by claim and
quote by quote, what was found and what is missing. An expected event is matched to the first
unused extracted event (reported as having happened) of the same ACLED sub-event type, preferring
one whose place or evidence agrees with the expected one.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sitrep.errors import ConfigError
from sitrep.model import Claim, Document, Event, Extraction, Quote
from sitrep.pipeline import Pipeline


def _words(s: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{4,}", (s or "").lower())}


def _loc_name(exp: dict[str, Any]) -> str:
    loc = exp.get("location") or {}
    return str(loc.get("name") or "")


def _same_name(got: str, want: str) -> bool:
    from rapidfuzz import fuzz

    return fuzz.partial_ratio(got.lower(), want.lower()) >= 85


def _event_score(exp: dict[str, Any], ev: Event) -> float:
    score = 0.0
    name = _loc_name(exp).lower()
    if ev.place and name and (ev.place.canonical or ev.place.name or "").lower() in name:
        score += 1.0
    ev_text = " ".join(s.text for s in ev.evidence)
    want = _words(str(exp.get("evidence") or exp.get("what") or ""))
    if want:
        score += len(want & _words(ev_text)) / len(want)
    return score


def match_events(expected: list[dict[str, Any]], events: list[Event]) -> list[Event | None]:
    """For each expected event, the extracted event it matches (or None)."""
    used: set[str] = set()
    out: list[Event | None] = []
    occurred = [e for e in events if e.status == "occurred"]
    for exp in expected:
        same = [
            e for e in occurred if e.sub_event_type == exp.get("acled_sub_event_type") and e.id not in used
        ]
        best = max(same, key=lambda e: _event_score(exp, e), default=None)
        if best is not None:
            used.add(best.id)
        out.append(best)
    return out


def _check_event(exp: dict[str, Any], ev: Event) -> list[tuple[str, bool, str]]:
    checks: list[tuple[str, bool, str]] = [
        ("event_type", ev.event_type == exp.get("acled_event_type"), ev.event_type)
    ]
    if exp.get("date") and "/" not in str(exp["date"]):
        got = ev.event_date.isoformat() if ev.event_date else ""
        checks.append(("date", got == exp["date"], got))
    name = _loc_name(exp)
    if name:
        got = (ev.place.canonical or ev.place.name) if ev.place else ""
        checks.append(("location", bool(got) and _same_name(got, name), got or ""))
    loc = exp.get("location") or {}
    if loc.get("admin1"):
        got = ev.place.admin1 if ev.place and ev.place.admin1 else ""
        checks.append(("admin1", bool(got) and loc["admin1"].lower()[:6] in got.lower(), got))
    if exp.get("actor1"):
        got = ev.actor1.name if ev.actor1 else ""
        checks.append(("actor1", got == exp["actor1"], got))
    fat = exp.get("fatalities")
    if isinstance(fat, dict) and fat.get("min") is not None:
        checks.append(("fatalities", ev.fatalities == fat["min"], str(ev.fatalities)))
    weapons = " ".join(str(w) for w in exp.get("weapons") or [])
    for system in re.findall(r"\b(Kinzhal|Kalibr|Iskander|Shahed|S-300)\b", weapons):
        checks.append((f"weapon {system}", any(w.system == system for w in ev.weapons), ""))
    return checks


def _claim_found(exp: dict[str, Any], claims: list[Claim]) -> Claim | None:
    speaker = _words(str(exp.get("speaker") or ""))
    content = _words(str(exp.get("content") or ""))
    best, best_score = None, 0.0
    for c in claims:
        src = _words(" ".join(x or "" for x in (c.source.as_written, c.source.name, c.source.body)))
        s_overlap = len(speaker & src) / max(1, len(speaker))
        c_overlap = len(content & _words(c.content.text)) / max(1, len(content))
        score = s_overlap + c_overlap
        if s_overlap > 0 and c_overlap >= 0.25 and score > best_score:
            best, best_score = c, score
    return best


def _quote_found(exp: dict[str, Any], quotes: list[Quote]) -> Quote | None:
    start = str(exp.get("text_starts") or exp.get("text") or "").lower()
    for q in quotes:
        if start and start[:30] in q.text.lower():
            return q
    return None


def evaluate(extraction: Extraction, expected: dict[str, Any]) -> tuple[dict[str, Any], str]:
    lines: list[str] = []
    exp_events = expected.get("events", [])
    matched = match_events(exp_events, extraction.events)
    n_ok = 0
    field_ok = field_all = 0
    for i, (exp, ev) in enumerate(zip(exp_events, matched, strict=True), start=1):
        head = f"event {i}: {exp.get('acled_sub_event_type')} - {str(exp.get('what', ''))[:70]}"
        if ev is None:
            lines.append(f"MISSING {head}")
            continue
        n_ok += 1
        lines.append(f"found   {head}\n        -> {ev.id} conf {ev.confidence}")
        for name, ok, got in _check_event(exp, ev):
            field_all += 1
            field_ok += ok
            lines.append(f"        {'ok ' if ok else 'MISS'} {name}" + ("" if ok else f" (got {got!r})"))
    occurred = [e for e in extraction.events if e.status == "occurred"]
    extra = [e for e in occurred if e not in matched]
    background = [e for e in extraction.events if e.status == "background"]
    for e in extra:
        lines.append(f"extra   {e.id}: {e.sub_event_type} - {e.evidence[0].text[:80] if e.evidence else ''}")
    for e in background:
        lines.append(f"backgr  {e.id}: {e.sub_event_type} - {e.reasons.get('status', '')[:80]}")
    exp_claims = expected.get("claims", [])
    c_ok = 0
    for exp in exp_claims:
        got_c = _claim_found(exp, extraction.claims)
        c_ok += got_c is not None
        lines.append(
            f"{'found  ' if got_c else 'MISSING'} claim {exp.get('speaker')}: {str(exp.get('content'))[:60]}"
        )
    exp_quotes = expected.get("quotes", [])
    q_ok = 0
    for exp in exp_quotes:
        got_q = _quote_found(exp, extraction.quotes)
        q_ok += got_q is not None
        lines.append(
            f"{'found  ' if got_q else 'MISSING'} quote {exp.get('speaker')}: {str(exp.get('text_starts') or exp.get('text'))[:50]}"
        )
    metrics = {
        "events_expected": len(exp_events),
        "events_matched": n_ok,
        "event_fields_ok": field_ok,
        "event_fields_checked": field_all,
        "extra_events": len(extra),
        "background_events": len(background),
        "claims_expected": len(exp_claims),
        "claims_matched": c_ok,
        "quotes_expected": len(exp_quotes),
        "quotes_matched": q_ok,
    }
    return metrics, "\n".join(lines)


def load(path: Path) -> tuple[str, dict[str, Any]]:
    folder = path if path.is_dir() else path.parent
    article, exp = folder / "article.txt", folder / "expected.json"
    if not article.exists() or not exp.exists():
        raise ConfigError(f"seed data not found in {folder}", "pass --data pointing at the evaldata root")
    return article.read_text(encoding="utf-8"), json.loads(exp.read_text(encoding="utf-8"))


def run(path: Path, limit: int | None = None, suite: str = "") -> dict[str, Any]:
    text, expected = load(Path(path))
    published = (expected.get("document") or {}).get("assumed_published") or "2023-03-10"
    pub = datetime.combine(date.fromisoformat(published), datetime.min.time())
    extraction = Pipeline().extract(
        Document.create(text, published=pub, title=(expected.get("document") or {}).get("title"))
    )
    metrics, table = evaluate(extraction, expected)
    summary = (
        f"seed: events {metrics['events_matched']}/{metrics['events_expected']}, "
        f"event fields {metrics['event_fields_ok']}/{metrics['event_fields_checked']}, "
        f"claims {metrics['claims_matched']}/{metrics['claims_expected']}, "
        f"quotes {metrics['quotes_matched']}/{metrics['quotes_expected']}, extra events {metrics['extra_events']}"
    )
    return {"suite": suite or "seed", "metrics": metrics, "table": f"{summary}\n{table}"}
