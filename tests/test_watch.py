"""`sitrep watch` end to end against local HTTP servers the tests start."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from sitrep.settings import Settings
from sitrep.store import open_store
from sitrep.watch.alerts import SIGNATURE_HEADER, AlertRule, jsonl_sink, verify, webhook_sink
from sitrep.watch.watcher import Watcher, WatchSource

TOWNS = ["Kharkiv", "Odesa", "Kherson", "Dnipro"]


def item_xml(n: int, published: datetime) -> str:
    town = TOWNS[n % len(TOWNS)]
    body = (
        f"Russian missiles struck {town} early on {published:%A}, killing {n + 3} civilians and damaging "
        f"a power station, the regional governor said. Rescue teams were still searching the rubble of two "
        f"apartment blocks in the city centre hours after the strike, according to local officials, and "
        f"power was cut to thousands of homes across the region for the rest of the day."
    )
    return (
        f"<item><title>Strike on {town} ({n})</title><link>http://feeds.test/a/{n}</link><guid>item-{n}</guid>"
        f"<pubDate>{format_datetime(published)}</pubDate><description>{body}</description></item>"
    )


class Site:
    """A tiny configurable web site: feeds with ETag support, robots.txt, slow and failing paths."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self.hits: list[str] = []
        self.robots = "User-agent: *\nDisallow: /private/\n"
        self.webhook_failures = 0
        self.webhook_bodies: list[tuple[bytes, str]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                site.hits.append(self.path)
                if self.path == "/robots.txt":
                    return self._send(200, site.robots.encode(), "text/plain")
                if self.path == "/slow.xml":
                    time.sleep(2.5)
                    return self._send(200, b"<rss/>", "application/rss+xml")
                if self.path == "/broken.xml":
                    return self._send(500, b"oops", "text/plain")
                if self.path in ("/feed.xml", "/private/feed.xml"):
                    body = (
                        '<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>'
                        + "".join(site.items)
                        + "</channel></rss>"
                    ).encode()
                    etag = f'"{len(site.items)}"'
                    if self.headers.get("If-None-Match") == etag:
                        return self._send(304, b"", "application/rss+xml", etag)
                    return self._send(200, body, "application/rss+xml", etag)
                self._send(404, b"not found", "text/plain")

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if site.webhook_failures > 0:
                    site.webhook_failures -= 1
                    return self._send(503, b"busy", "text/plain")
                site.webhook_bodies.append((body, self.headers.get(SIGNATURE_HEADER, "")))
                self._send(200, b"ok", "text/plain")

            def _send(self, code: int, body: bytes, ctype: str, etag: str | None = None) -> None:
                self.send_response(code)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                if etag:
                    self.send_header("ETag", etag)
                self.end_headers()
                if code != 304:
                    self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def add_item(self) -> None:
        self.items.append(item_xml(len(self.items), datetime.now(UTC)))


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    yield s
    s.server.shutdown()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.load(allow_private=True, fetch_timeout=1.0)


def make_watcher(site: Site, settings: Settings, tmp_path: Path, sources: list[str], **kw: Any) -> Watcher:
    store = open_store(str(tmp_path / "watch.db"))
    return Watcher(
        [WatchSource(site.url + s, "feed", 60) for s in sources],
        store,
        settings,
        state_path=tmp_path / "state.json",
        politeness=0.0,
        **kw,
    )


def test_feed_that_gains_items_is_stored_once_and_alerts_fire(
    site: Site, settings: Settings, tmp_path: Path
) -> None:
    for _ in range(2):
        site.add_item()
    alerts = tmp_path / "alerts.jsonl"
    errors: list[str] = []
    w = make_watcher(
        site,
        settings,
        tmp_path,
        ["/feed.xml"],
        rules=[AlertRule("strikes", event_type="Explosions/Remote violence")],
        sinks=[jsonl_sink(alerts)],
        on_error=errors.append,
    )
    first = w.poll_once(force=True)
    assert (first.new_items, first.stored) == (2, 2), errors
    assert first.alerts, "a strike killing civilians must match the saved filter"
    assert all(a.kind == "new" for a in first.alerts)
    second = w.poll_once(force=True)
    assert second.not_modified == 1 and second.stored == 0  # conditional request answered 304
    site.add_item()
    third = w.poll_once(force=True)
    assert (third.new_items, third.stored) == (1, 1)
    lines = [json.loads(line) for line in alerts.read_text().splitlines()]
    assert len(lines) == len(first.alerts) + len(third.alerts)
    assert all(line["delay_s"] is not None and line["delay_s"] < 60 + 5 for line in lines)
    assert w.store.count_documents() == 3
    w.store.close()

    # a restart resumes: nothing re-fetched as new, nothing stored twice
    again = make_watcher(site, settings, tmp_path, ["/feed.xml"])
    report = again.poll_once(force=True)
    assert report.new_items == 0 and report.stored == 0
    assert again.store.count_documents() == 3
    again.store.close()


def test_erroring_and_slow_sources_back_off_and_the_rest_goes_on(
    site: Site, settings: Settings, tmp_path: Path
) -> None:
    site.add_item()
    errors: list[str] = []
    w = make_watcher(
        site, settings, tmp_path, ["/broken.xml", "/slow.xml", "/feed.xml"], on_error=errors.append
    )
    report = w.poll_once(force=True)
    assert report.failed == 2 and report.stored == 1
    assert any("/broken.xml" in e and "HTTP 500" in e for e in errors)
    assert any("/slow.xml" in e and "timed out" in e for e in errors)
    broken = w.state[site.url + "/broken.xml"]
    assert broken.failures == 1 and broken.next_poll > time.time() + 60  # backoff beyond the interval
    assert [s.url for s in w.due(time.time())] == []  # nothing due right after a poll
    w.store.close()


def test_robots_txt_is_respected(site: Site, settings: Settings, tmp_path: Path) -> None:
    site.add_item()
    errors: list[str] = []
    w = make_watcher(site, settings, tmp_path, ["/private/feed.xml"], on_error=errors.append)
    report = w.poll_once(force=True)
    assert report.stored == 0 and report.failed == 1
    assert any("robots.txt" in e for e in errors)
    assert "/private/feed.xml" not in site.hits
    w.store.close()


def test_private_addresses_are_refused_unless_allowed(site: Site, tmp_path: Path) -> None:
    site.add_item()
    errors: list[str] = []
    strict = Settings.load(allow_private=False)
    w = make_watcher(site, strict, tmp_path, ["/feed.xml"], on_error=errors.append)
    report = w.poll_once(force=True)
    assert report.failed == 1 and report.stored == 0
    assert any("loopback" in e for e in errors)
    assert site.hits == []  # the request never left
    w.store.close()


def test_webhook_that_fails_twice_then_succeeds_gets_one_signed_alert(
    site: Site, settings: Settings, tmp_path: Path
) -> None:
    site.add_item()
    site.webhook_failures = 2
    problems: list[str] = []
    sink = webhook_sink(site.url + "/hook", "s3cret", backoff=0.05, on_error=problems.append)
    w = make_watcher(
        site,
        settings,
        tmp_path,
        ["/feed.xml"],
        rules=[AlertRule("kharkiv", place="Kharkiv")],
        sinks=[sink],
    )
    report = w.poll_once(force=True)
    assert report.alerts and not problems
    assert len(site.webhook_bodies) == len(report.alerts)
    body, signature = site.webhook_bodies[0]
    assert verify(body, "s3cret", signature)
    assert not verify(body, "wrong", signature)
    assert json.loads(body)["rule"] == "kharkiv"
    w.store.close()


def test_watch_bench_measures_the_delay_from_item_to_alert() -> None:
    from sitrep.bench.watch import run

    result = run(None, quick=True)
    assert len(result["delays_s"]) == 2, result["table"]
    assert all(d >= 0 for d in result["delays_s"])
    assert "delay item -> alert" in result["table"]


def test_a_missing_folder_is_reported_as_one(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from sitrep.cli import cli

    missing = tmp_path / "inbox"
    args = [
        "watch",
        str(missing),
        "--once",
        "--db",
        str(tmp_path / "w.db"),
        "--state",
        str(tmp_path / "s.json"),
    ]
    result = CliRunner().invoke(cli, args)
    assert f"error: {missing}: no such folder" in result.stderr, result.stderr
    assert "URLs are not fetched" not in result.stderr
    assert WatchSource.parse("news.example.org/feed.xml", 60).kind == "folder"
    assert WatchSource.parse("https://news.example.org/feed.xml", 60).kind == "feed"


def test_intervals_and_rounds_must_make_sense(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from sitrep.cli import cli

    base = [
        "watch",
        str(tmp_path),
        "--once",
        "--db",
        str(tmp_path / "w.db"),
        "--state",
        str(tmp_path / "s.json"),
    ]
    for option, value in (("--every", "-1"), ("--every", "0"), ("--iterations", "0"), ("--politeness", "-2")):
        result = CliRunner().invoke(cli, [*base, option, value])  # -1 polled flat out; 0 rounds ran forever
        assert result.exit_code == 2 and option in result.output, (option, value, result.output)


def test_a_broken_configuration_or_state_path_is_one_error_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from sitrep.cli import cli

    cases = {
        'kind = "feed"\n': "[[source]] 1: no url",
        'url = "https://news.example.org/rss.xml"\nevery = "often"\n': "[[source]] 1: every",
        'url = "https://news.example.org/rss.xml"\nkind = "ftp"\n': "[[source]] 1: kind",
    }
    db = ["--db", str(tmp_path / "w.db"), "--state", str(tmp_path / "s.json"), "--once"]
    for n, (body, problem) in enumerate(cases.items()):
        config = tmp_path / f"watch{n}.toml"
        config.write_text("[[source]]\n" + body)
        result = CliRunner().invoke(cli, ["watch", "--config", str(config), *db])
        assert result.exit_code == 2, (body, result.output)
        assert result.output.startswith(f"error: {config}: {problem}"), result.output
    flat = tmp_path / "flat.toml"
    flat.write_text("source = 5\n")
    result = CliRunner().invoke(cli, ["watch", "--config", str(flat), *db])
    assert result.exit_code == 2 and "[[source]]" in result.output, result.output
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for option in ("--state", "--alerts-file"):
        args = ["watch", str(tmp_path), *db, option, str(blocker / "x")]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2 and f"error: cannot write {blocker / 'x'}" in result.output, (
            result.output
        )
