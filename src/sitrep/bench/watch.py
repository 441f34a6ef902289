"""`sitrep bench watch`: delay from an item appearing in a local feed to its alert firing.

A feed is served on 127.0.0.1 by this process; the watcher polls it every ``EVERY`` seconds
(the real loop: due times, conditional requests, pipeline, store, fusion, alert rules). Items
appear at moments unrelated to the polling, so the delay is spread between the processing
time and the interval plus the processing time. Target: under the interval + 5 s.
"""

from __future__ import annotations

import random
import tempfile
import threading
import time
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

EVERY = 5.0
TOWNS = ["Kharkiv", "Odesa", "Kherson", "Dnipro", "Sumy", "Mykolaiv"]


class _Feed:
    def __init__(self) -> None:
        self.items: list[str] = []
        feed = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                if self.path != "/feed.xml":
                    self.send_response(404)
                    self.end_headers()
                    return
                body = (
                    '<?xml version="1.0"?><rss version="2.0"><channel><title>Bench Wire</title>'
                    + "".join(feed.items)
                    + "</channel></rss>"
                ).encode()
                etag = f'"{len(feed.items)}"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/feed.xml"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def add(self, n: int) -> None:
        from datetime import UTC, datetime

        town = TOWNS[n % len(TOWNS)]
        now = datetime.now(UTC)
        text = (
            f"Russian missiles struck {town} before dawn on {now:%A}, killing {n + 2} civilians and "
            f"damaging a power station, the regional governor said. Rescue teams searched the rubble "
            f"of an apartment block for survivors through the morning, and power was cut to thousands "
            f"of homes across the region, according to the local energy company."
        )
        self.items.append(
            f"<item><title>Strike on {town} ({n})</title><guid>bench-{n}</guid>"
            f"<pubDate>{format_datetime(now)}</pubDate><description>{text}</description></item>"
        )


def run(data: Path | None, quick: bool) -> dict[str, Any]:
    from sitrep.settings import Settings
    from sitrep.store import open_store
    from sitrep.watch.alerts import AlertRule
    from sitrep.watch.watcher import Watcher, WatchSource

    rounds = 2 if quick else 5
    feed = _Feed()
    feed.add(0)
    delays: list[float] = []
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-watch-") as tmp:
        store = open_store(str(Path(tmp) / "watch.db"))
        watcher = Watcher(
            [WatchSource(feed.url, "feed", EVERY)],
            store,
            Settings.load(allow_private=True),
            rules=[AlertRule("strikes", event_type="Explosions/Remote violence")],
            state_path=Path(tmp) / "state.json",
            politeness=0.0,
        )
        watcher.poll_once()  # warm: model, gazetteer, first item
        rng = random.Random(7)
        for n in range(1, rounds + 1):
            time.sleep(rng.uniform(0.0, EVERY))  # the item appears at a moment unrelated to polling
            feed.add(n)
            deadline = time.time() + EVERY + 60
            while time.time() < deadline:
                report = watcher.poll_once()
                fired = [a.delay_s for a in report.alerts if a.delay_s is not None]
                if fired:
                    delays.append(max(fired))
                    break
                time.sleep(0.2)
        store.close()
    feed.server.shutdown()
    out: dict[str, Any] = {
        "poll_interval_s": EVERY,
        "delays_s": [round(d, 2) for d in delays],
        "max_delay_s": max(delays) if delays else None,
        "target_s": EVERY + 5,
    }
    lines = [f"poll interval {EVERY:g} s, {len(delays)} of {rounds} items alerted"]
    if delays:
        lines.append(
            f"delay item -> alert: min {min(delays):.2f} s, max {max(delays):.2f} s "
            f"(target < {EVERY + 5:g} s: {'met' if max(delays) < EVERY + 5 else 'missed'})"
        )
    out["table"] = "\n".join(lines)
    return out
