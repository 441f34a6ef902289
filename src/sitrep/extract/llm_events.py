"""Optional events back-end: an OpenAI-compatible chat endpoint codes the events.

Off by default (``events_backend = "rules"``). With ``events_backend = "llm"`` and ``llm_url``
set (any server that speaks the OpenAI ``/v1/chat/completions`` protocol: a hosted model, or a
local one behind llama.cpp, vLLM or Ollama), the events stage sends each document's sentences,
numbered, and asks for a JSON list of events in ACLED's taxonomy, each naming the sentence it
comes from. sitrep keeps control of everything it can check:

* sub-event types must be one of ACLED's 25 (the event type follows from the sub-type); an
  unknown one is dropped with a warning naming it;
* only events reported as having happened are coded; ``background`` ones are kept apart;
  threatened, planned, hypothetical and denied ones are dropped, as by the rules;
* evidence is the sentence the model names (its exact character span), never model text;
* place and date come from the places and dates stages: the model names a place and a date as
  written, and sitrep uses its own resolved mention of that name (else the sentence's, else the
  dominant country / the report date at precision 2, as the rules back-end does);
* actors are normalised through the same alias table; weapons and targets are read by the
  same lexicons from the evidence sentence.

A network error, a timeout or a reply that is not the JSON asked for fails that document only
(the pipeline records the error and the batch goes on). The API key, when the server needs one,
is read from ``SITREP_LLM_API_KEY`` (never stored in the settings file or the database).
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

from sitrep.errors import ConfigError, ResourceError
from sitrep.extract.actors import match_actor
from sitrep.extract.event_fields import dominant_country, published_date
from sitrep.extract.taxonomy import SUB_TO_TYPE
from sitrep.extract.weapons import find_targets, find_weapons
from sitrep.model import Casualty, DateMention, Event, Place, Span
from sitrep.pipeline import DocContext
from sitrep.settings import Settings

MAX_SENTENCES = 400  # a longer document is sent in its first 400 sentences; a warning says so

PROMPT = (
    "You code armed-conflict events in ACLED's taxonomy. Read the numbered sentences of one news "
    "report and list every event it reports. Answer with JSON only, of the form "
    '{"events": [{"sentence": <number of the sentence that reports it>, '
    '"sub_event_type": <one of: SUBTYPES>, '
    '"status": "occurred" | "background" | "not happened", '
    '"actor1": <who acted, as written, or null>, "actor2": <who was targeted, as written, or null>, '
    '"place": <the place where it happened, as written, or null>, '
    '"date": <the date phrase, as written, or null>, '
    '"fatalities": <people killed, a number, 0 if none stated>, "injuries": <number or null>, '
    '"why": <a short reason>}]}. '
    'Use "background" for events told as history (before this report\'s news) and "not happened" '
    "for threats, plans, possibilities and denials. Missiles fired during a battle stay Armed "
    "clash; interceptions by air defence are Disrupted weapons use; 'dozens' = 12 deaths, 'tens' = 10, "
    "'hundreds' = 100. No events: {\"events\": []}."
)


class LLMEventStage:
    name = "events"
    provides = ("events",)
    requires: tuple[str, ...] = ("places", "dates")

    def __init__(self, settings: Settings) -> None:
        if not settings.llm_url:
            raise ConfigError(
                "events_backend is 'llm' but llm_url is empty",
                "set SITREP_LLM_URL to an OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1",
            )
        self.settings = settings
        self.url = _completions_url(settings.llm_url)
        self._client: Any = None

    def __getstate__(self) -> dict[str, Any]:  # worker processes open their own connection
        return {"settings": self.settings, "url": self.url, "_client": None}

    def __call__(self, ctx: DocContext) -> None:
        from sitrep.extract.events import segments

        sents = segments(ctx.doc)
        if len(sents) > MAX_SENTENCES:
            ctx.warnings.append(
                f"events (llm): only the first {MAX_SENTENCES} of {len(sents)} sentences sent"
            )
            sents = sents[:MAX_SENTENCES]
        if not sents:
            return
        reply = self._ask("\n".join(f"{i + 1}. {s.text.strip()}" for i, s in enumerate(sents)))
        ctx.events.extend(events_from_reply(ctx, sents, reply, self.settings.llm_model or "llm"))

    def _ask(self, numbered: str) -> list[dict[str, Any]]:
        import httpx

        if self._client is None:
            key = os.environ.get("SITREP_LLM_API_KEY", "")
            headers = {"Authorization": f"Bearer {key}"} if key else {}
            self._client = httpx.Client(timeout=self.settings.llm_timeout, headers=headers)
        body = {
            "model": self.settings.llm_model or "default",
            "temperature": 0,
            "messages": [
                {"role": "system", "content": PROMPT.replace("SUBTYPES", ", ".join(sorted(SUB_TO_TYPE)))},
                {"role": "user", "content": numbered},
            ],
        }
        try:
            resp = self._client.post(self.url, json=body)
        except httpx.HTTPError as exc:
            raise ResourceError(
                f"LLM endpoint {self.url}: {type(exc).__name__}: {exc}",
                "check llm_url and that the server is running, or set events_backend=rules",
            ) from exc
        if resp.status_code != 200:
            raise ResourceError(
                f"LLM endpoint {self.url} answered HTTP {resp.status_code}: {resp.text[:200]!r}",
                "check llm_url, llm_model and SITREP_LLM_API_KEY",
            )
        return parse_reply(resp.text)


def _completions_url(base: str) -> str:
    base = base.rstrip("/")
    if base.endswith("/chat/completions"):
        return base
    return f"{base}/chat/completions" if base.endswith("/v1") else f"{base}/v1/chat/completions"


_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$")


def parse_reply(raw: str) -> list[dict[str, Any]]:
    """The events list from an OpenAI-style chat completion; ResourceError when it is not there."""
    try:
        content = json.loads(raw)["choices"][0]["message"]["content"]
        data = json.loads(_FENCE.sub("", str(content).strip()))
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise ResourceError(
            f"LLM reply is not the JSON asked for ({type(exc).__name__}: {str(exc)[:120]}); reply began {raw[:120]!r}",
            "use a model that follows JSON instructions, or set events_backend=rules",
        ) from exc
    events = data.get("events") if isinstance(data, dict) else data
    if not isinstance(events, list):
        raise ResourceError("LLM reply has no 'events' list", "use a model that follows JSON instructions")
    return [e for e in events if isinstance(e, dict)]


def _int(value: Any) -> int | None:
    try:
        n = int(value)
    except (TypeError, ValueError):
        return None
    return n if n >= 0 else None


def _named(mentions: list[Any], written: str | None, start: int, end: int) -> Any:
    """The stage's own mention of a name the model gave: inside the sentence first, then anywhere."""
    if not written:
        return None
    w = written.strip().lower()
    found = [m for m in mentions if m.span.text.lower() == w or (w in m.span.text.lower() and len(w) > 2)]
    found += [m for m in mentions if m not in found and m.span.text.lower() in w and len(m.span.text) > 2]
    inside = [m for m in found if start <= m.span.start < end]
    return (inside or found or [None])[0]


def events_from_reply(
    ctx: DocContext, sents: list[Any], items: list[dict[str, Any]], model: str
) -> list[Event]:
    out: list[Event] = []
    dominant = dominant_country(ctx.places)
    published = published_date(ctx)
    for item in items:
        sub = str(item.get("sub_event_type") or "")
        n = _int(item.get("sentence"))
        status = str(item.get("status") or "occurred").lower()
        if sub not in SUB_TO_TYPE:
            ctx.warnings.append(f"events (llm): unknown sub_event_type {sub!r} dropped")
            continue
        if n is None or not 1 <= n <= len(sents):
            ctx.warnings.append(
                f"events (llm): {sub} names no sentence of the document ({item.get('sentence')!r}); dropped"
            )
            continue
        if status not in ("occurred", "background"):
            continue  # threatened, planned, hypothetical or denied: not coded
        sent = sents[n - 1]
        s0, e0 = sent.start_char, sent.end_char
        evidence = Span(s0, e0, ctx.document.text[s0:e0])
        why = str(item.get("why") or "").strip()[:200]
        reasons = {"event_type": f"LLM back-end ({model}), sentence {n}" + (f": {why}" if why else "")}
        reasons["status"] = "reported as having happened" if status == "occurred" else "told as background"
        place = _pick_place(ctx, item.get("place"), s0, e0, dominant, reasons)
        date_m = _named([d for d in ctx.dates if d.resolved and d.start], item.get("date"), s0, e0)
        ev_date, ev_end, precision = _pick_date(date_m, published, reasons)
        country = place.country if place else None
        actor1 = match_actor(str(item["actor1"]), country) if item.get("actor1") else None
        actor2 = match_actor(str(item["actor2"]), country) if item.get("actor2") else None
        for key, actor in (("actor1", actor1), ("actor2", actor2)):
            reasons[key] = (
                f"named by the model as {item.get(key)!r}; {actor.reason}" if actor else "not named"
            )
        killed = _int(item.get("fatalities")) or 0
        injured = _int(item.get("injuries"))
        casualties = [
            Casualty(kind="killed", count_min=killed, span=evidence, reason=f"model figure ({model})")
        ]
        if injured:
            casualties.append(
                Casualty(kind="injured", count_min=injured, span=evidence, reason=f"model figure ({model})")
            )
        reasons["fatalities"] = f"the model's figure for sentence {n}: {killed}"
        out.append(
            Event(
                id=f"{ctx.document.id}:e{len(out) + 1}",
                doc_id=ctx.document.id,
                event_type=SUB_TO_TYPE[sub],
                sub_event_type=sub,
                evidence=[evidence],
                event_date=ev_date,
                event_date_end=ev_end,
                time_precision=precision,
                date=date_m,
                place=place,
                actor1=actor1,
                actor2=actor2,
                fatalities=killed,
                fatalities_min=killed,
                fatalities_max=killed,
                injuries=injured,
                casualties=casualties,
                weapons=find_weapons(evidence.text, s0),
                targets=find_targets(evidence.text, s0),
                status=status,
                confidence=0.6 if status == "occurred" else 0.45,
                reasons=reasons,
            )
        )
    return out


def _pick_place(
    ctx: DocContext, written: Any, s0: int, e0: int, dominant: Place | None, reasons: dict[str, str]
) -> Place | None:
    resolved = [p for p in ctx.places if p.resolved]
    place = _named(resolved, str(written) if written else None, s0, e0)
    if place is not None:
        reasons["place"] = f"the model names {written!r}: sitrep's own resolution of it"
        return place  # type: ignore[no-any-return]
    in_sentence = [p for p in resolved if s0 <= p.span.start < e0 and p.feature != "country"]
    if in_sentence:
        reasons["place"] = "the model named no place sitrep resolved: the first place in the sentence"
        return in_sentence[0]
    reasons["place"] = (
        "no place resolved for the event: the document's dominant country" if dominant else "no place"
    )
    return dominant


def _pick_date(
    mention: DateMention | None, published: Any, reasons: dict[str, str]
) -> tuple[Any, Any, int | None]:
    if mention is not None:
        reasons["date"] = f"the model names {mention.span.text!r}: {mention.reason}"
        return mention.start, mention.end, mention.time_precision
    if published is not None:
        reasons["date"] = f"no date phrase named: the report date {published.isoformat()} (precision 2)"
        return published, published, 2
    reasons["date"] = "no date phrase named and no publication date"
    return None, None, None
