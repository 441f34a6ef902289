"""The optional LLM events back-end, against a local stub of an OpenAI-compatible server.

The stub is written here: it answers /v1/chat/completions with canned JSON and records what it
was sent. No network beyond 127.0.0.1.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest

from sitrep.errors import ConfigError
from sitrep.extract.llm_events import parse_reply
from sitrep.model import Document
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings

PUBLISHED = datetime(2024, 5, 9, 10, 0)  # a Thursday
TEXT = (
    "Russian forces shelled Kharkiv on Tuesday, killing three civilians. "
    "Moscow threatened to strike Kyiv next week."
)
GOOD = {
    "events": [
        {"sentence": 1, "sub_event_type": "Shelling/artillery/missile attack", "status": "occurred",
         "actor1": "Russian forces", "actor2": "civilians", "place": "Kharkiv", "date": "Tuesday",
         "fatalities": 3, "why": "shelling with deaths"},
        {"sentence": 2, "sub_event_type": "Air/drone strike", "status": "not happened", "place": "Kyiv"},
        {"sentence": 1, "sub_event_type": "Bombardment", "status": "occurred"},
        {"sentence": 9, "sub_event_type": "Armed clash", "status": "occurred"},
    ]
}  # fmt: skip


class _Stub(BaseHTTPRequestHandler):
    seen: list[dict[str, Any]] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Stub.seen.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
        user = body["messages"][-1]["content"]
        if "BROKEN" in user:
            content = "Sorry, I cannot help with that."
        else:
            content = "```json\n" + json.dumps(GOOD if "Kharkiv" in user else {"events": []}) + "\n```"
        raw = json.dumps({"choices": [{"message": {"role": "assistant", "content": content}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def stub_url() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _Stub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


def _pipeline(url: str) -> Pipeline:
    settings = Settings.load(events_backend="llm", llm_url=url, llm_model="stub-1", llm_timeout=5)
    return Pipeline(settings, stages=["places", "dates", "events"])


def test_model_events_are_checked_and_grounded_in_sitreps_own_mentions(
    stub_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SITREP_LLM_API_KEY", "k-123")
    _Stub.seen.clear()
    ex = _pipeline(stub_url).extract(Document.create(TEXT, published=PUBLISHED))
    assert ex.error is None
    (ev,) = ex.events  # the threat is not coded; an unknown type and a bad sentence number are dropped
    assert (ev.event_type, ev.sub_event_type) == (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    )
    assert ev.evidence[0].text == "Russian forces shelled Kharkiv on Tuesday, killing three civilians."
    assert ev.place is not None and ev.place.canonical == "Kharkiv" and ev.place.latitude is not None
    assert ev.event_date == date(2024, 5, 7) and ev.time_precision == 1
    assert ev.actor1 is not None and ev.actor1.name == "Military Forces of Russia"
    assert ev.fatalities == 3
    assert "LLM back-end (stub-1)" in ev.reasons["event_type"]
    assert any("Bombardment" in w for w in ex.warnings) and any("names no sentence" in w for w in ex.warnings)
    (req,) = _Stub.seen
    assert req["path"] == "/v1/chat/completions" and req["auth"] == "Bearer k-123"
    assert req["body"]["model"] == "stub-1" and req["body"]["temperature"] == 0
    assert req["body"]["messages"][-1]["content"].startswith("1. Russian forces shelled Kharkiv")


def test_a_reply_that_is_not_json_fails_that_document_only(stub_url: str) -> None:
    docs = [
        Document.create("BROKEN request about shelling in Kharkiv.", published=PUBLISHED),
        Document.create(TEXT, published=PUBLISHED),
    ]
    bad, good = list(_pipeline(stub_url).extract_many(docs))
    assert bad.error is not None and "not the JSON asked for" in bad.error and bad.events == []
    assert good.error is None and len(good.events) == 1


def test_an_unreachable_endpoint_says_which_and_what_to_do() -> None:
    ex = _pipeline("http://127.0.0.1:9/v1").extract(Document.create(TEXT, published=PUBLISHED))
    assert ex.error is not None and "127.0.0.1:9" in ex.error and "events_backend=rules" in ex.error


def test_backend_settings_are_checked_when_the_pipeline_is_built() -> None:
    with pytest.raises(ConfigError, match="llm_url is empty"):
        Pipeline(Settings.load(events_backend="llm", llm_url=""), stages=["places", "dates", "events"])
    with pytest.raises(ConfigError, match="not known"):
        Pipeline(Settings.load(events_backend="magic"), stages=["places", "dates", "events"])


def test_parse_reply_reads_fenced_and_bare_json() -> None:
    def wrap(content: str) -> str:
        return json.dumps({"choices": [{"message": {"content": content}}]})

    assert parse_reply(wrap('{"events": [{"sentence": 1}]}')) == [{"sentence": 1}]
    assert parse_reply(wrap('```json\n[{"sentence": 2}]\n```')) == [{"sentence": 2}]
    assert parse_reply(wrap('{"events": []}')) == []


def test_check_reports_the_backend_and_an_unreachable_endpoint() -> None:
    from sitrep.cli.check import check_llm

    assert check_llm(Settings.load()).ok
    bad = check_llm(Settings.load(events_backend="llm", llm_url="http://127.0.0.1:9/v1"))
    assert not bad.ok and "127.0.0.1:9" in bad.detail and bad.fix
