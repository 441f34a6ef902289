"""Saved filters that raise alerts for new or updated canonical events, and where alerts go.

Sinks: stdout (one JSON line per alert), a JSONL file (appended), or a webhook (POST with
retries; the body is signed with HMAC-SHA256 in the ``X-Sitrep-Signature`` header as
``sha256=<hex>`` so the receiver can verify it came from this sitrep).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from sitrep.errors import ConfigError
from sitrep.model import CanonicalEvent

SIGNATURE_HEADER = "X-Sitrep-Signature"


@dataclass
class AlertRule:
    """A saved filter; every given condition must hold (case-insensitive substring for text fields)."""

    name: str
    place: str | None = None  # location, admin1 or country
    event_type: str | None = None  # event type or sub-event type
    actor: str | None = None
    min_fatalities: int | None = None
    text: str | None = None  # in the evidence

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AlertRule:
        known = {"name", "place", "event_type", "type", "actor", "min_fatalities", "text"}
        unknown = set(data) - known
        if unknown:
            raise ConfigError(
                f"alert filter {data.get('name', '?')!r}: unknown keys {sorted(unknown)}",
                f"use {sorted(known)}",
            )
        return cls(
            name=str(data.get("name") or "alert"),
            place=data.get("place"),
            event_type=data.get("event_type") or data.get("type"),
            actor=data.get("actor"),
            min_fatalities=int(data["min_fatalities"]) if data.get("min_fatalities") is not None else None,
            text=data.get("text"),
        )

    def matches(self, ce: CanonicalEvent) -> bool:
        ev = ce.event
        p = ev.place

        def has(needle: str | None, *hay: str | None) -> bool:
            return needle is None or any(h and needle.lower() in h.lower() for h in hay)

        return (
            has(
                self.place,
                p.canonical if p else None,
                p.name if p else None,
                p.admin1 if p else None,
                p.country if p else None,
            )
            and has(self.event_type, ev.event_type, ev.sub_event_type)
            and has(self.actor, ev.actor1.name if ev.actor1 else None, ev.actor2.name if ev.actor2 else None)
            and (self.min_fatalities is None or (ev.fatalities or 0) >= self.min_fatalities)
            and has(self.text, *(s.text for s in ev.evidence))
        )


@dataclass
class Alert:
    rule: str
    event_id: str
    kind: str  # "new" | "updated"
    summary: str
    event: dict[str, Any]
    fired_at: float = field(default_factory=time.time)
    delay_s: float | None = None  # from the item's appearance (its published time) to this alert

    def payload(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "event_id": self.event_id,
            "kind": self.kind,
            "summary": self.summary,
            "fired_at": self.fired_at,
            "delay_s": self.delay_s,
            "event": self.event,
        }


def summarise(ce: CanonicalEvent) -> str:
    ev = ce.event
    where = (ev.place.canonical or ev.place.name) if ev.place else "unknown place"
    when = ev.event_date.isoformat() if ev.event_date else "undated"
    dead = f", {ev.fatalities} killed" if ev.fatalities else ""
    return f"{ev.sub_event_type} in {where} on {when}{dead} ({ce.independent_sources} independent source(s))"


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(body: bytes, secret: str, header: str) -> bool:
    """What a webhook receiver runs to check an alert came from this sitrep."""
    return hmac.compare_digest(sign(body, secret), header)


Sink = Callable[[Alert], None]


def stdout_sink(stream: TextIO | None = None) -> Sink:
    def emit(alert: Alert) -> None:
        out = stream or sys.stdout
        out.write(json.dumps(alert.payload(), ensure_ascii=False, default=str) + "\n")
        out.flush()

    return emit


def jsonl_sink(path: Path) -> Sink:
    def emit(alert: Alert) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(alert.payload(), ensure_ascii=False, default=str) + "\n")

    return emit


def webhook_sink(
    url: str,
    secret: str,
    *,
    retries: int = 4,
    backoff: float = 0.5,
    timeout: float = 10.0,
    on_error: Callable[[str], None] | None = None,
) -> Sink:
    """POST each alert as JSON; retried with exponential backoff on errors and 5xx answers."""
    import httpx

    def emit(alert: Alert) -> None:
        body = json.dumps(alert.payload(), ensure_ascii=False, default=str).encode()
        headers = {"Content-Type": "application/json", SIGNATURE_HEADER: sign(body, secret)}
        problem = ""
        for attempt in range(retries + 1):
            try:
                response = httpx.post(url, content=body, headers=headers, timeout=timeout, trust_env=False)
                if response.status_code < 300:
                    return
                problem = f"HTTP {response.status_code}"
                if 400 <= response.status_code < 500 and response.status_code not in (408, 429):
                    break  # the receiver refuses this alert; retrying will not help
            except httpx.HTTPError as exc:
                problem = f"{type(exc).__name__}: {exc}"
            if attempt < retries:
                time.sleep(backoff * (2**attempt))
        if on_error:
            on_error(f"webhook {url}: alert {alert.event_id} not delivered ({problem})")

    return emit
