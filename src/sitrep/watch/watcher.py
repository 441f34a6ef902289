"""Polling sources on an interval: RSS/Atom feeds, sitemaps (incl. news sitemaps) and folders.

Per source: conditional requests (ETag / Last-Modified), backoff after errors, a politeness
delay per host, robots.txt respected, a byte cap (``max_bytes``), and the server-side request
rules of :mod:`sitrep.ingest.fetch` (no private addresses unless allowed). New items go through
the pipeline into the store and fusion; alert rules run over the canonical events they touch.
State (validators, items seen, backoff) is kept in a JSON file, so a restart resumes without
re-fetching or re-processing what is already stored.
"""

from __future__ import annotations

import json
import os
import time
import urllib.robotparser
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree

from sitrep.errors import ConfigError, FetchError, InputError
from sitrep.ingest.fetch import REDIRECT_CODES, check_url, join_location
from sitrep.ingest.records import Defaults
from sitrep.model import Document
from sitrep.settings import Settings
from sitrep.watch.alerts import Alert, AlertRule, Sink, summarise

SEEN_LIMIT = 5000  # item keys remembered per source
MAX_BACKOFF = 3600.0


@dataclass
class WatchSource:
    url: str  # feed or sitemap URL, or a folder path
    kind: str = "feed"  # feed | sitemap | folder
    every: float = 300.0  # seconds between polls

    @classmethod
    def parse(cls, spec: str, every: float) -> WatchSource:
        """``URL``, ``feed:URL``, ``sitemap:URL`` or a folder path."""
        for kind in ("feed", "sitemap", "folder"):
            if spec.startswith(kind + ":") and not spec.startswith(kind + "://"):
                return cls(spec[len(kind) + 1 :], kind, every)
        from sitrep.ingest.fetch import is_url

        if Path(spec).is_dir() or not is_url(spec):  # not a URL: a folder (perhaps not there yet)
            return cls(spec, "folder", every)
        if "sitemap" in spec.lower():
            return cls(spec, "sitemap", every)
        return cls(spec, "feed", every)


@dataclass
class SourceState:
    etag: str | None = None
    last_modified: str | None = None
    seen: list[str] = field(default_factory=list)
    failures: int = 0
    next_poll: float = 0.0
    last_error: str | None = None


@dataclass
class PollReport:
    polled: int = 0
    not_modified: int = 0
    new_items: int = 0
    stored: int = 0
    failed: int = 0
    alerts: list[Alert] = field(default_factory=list)


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict[str, str]


class Watcher:
    def __init__(
        self,
        sources: list[WatchSource],
        store: Any,
        settings: Settings,
        *,
        rules: list[AlertRule] | None = None,
        sinks: list[Sink] | None = None,
        state_path: Path | None = None,
        politeness: float = 1.0,
        on_error: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not sources:
            raise ConfigError("nothing to watch", "give at least one feed, sitemap URL or folder")
        self.sources = sources
        self.store = store
        self.settings = settings
        self.rules = rules or []
        self.sinks = sinks or []
        self.state_path = state_path
        self.politeness = politeness
        self.on_error = on_error or (lambda message: None)
        self.clock = clock
        self.sleep = sleep
        self.state: dict[str, SourceState] = self._load_state()
        self._last_hit: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._pipeline: Any = None

    # state ---------------------------------------------------------------------------
    def _load_state(self) -> dict[str, SourceState]:
        if self.state_path is None or not self.state_path.exists():
            return {}
        try:
            raw = json.loads(self.state_path.read_text())
            return {k: SourceState(**v) for k, v in raw.items()}
        except (ValueError, TypeError) as exc:
            self.on_error(f"{self.state_path}: unreadable watch state ({exc}); starting afresh")
            return {}

    def _save_state(self) -> None:
        if self.state_path is None:
            return
        self.state_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.state_path.with_suffix(".tmp")
        tmp.write_text(json.dumps({k: asdict(v) for k, v in self.state.items()}, indent=1))
        os.replace(tmp, self.state_path)

    # HTTP ----------------------------------------------------------------------------
    def _polite(self, url: str) -> None:
        host = urlsplit(url).netloc
        wait = self._last_hit.get(host, -1e9) + self.politeness - self.clock()
        if wait > 0:
            self.sleep(wait)
        self._last_hit[host] = self.clock()

    def get(self, url: str, headers: dict[str, str] | None = None) -> Response:
        """GET under the fetch rules (checked on every redirect hop), the byte cap and a timeout."""
        import httpx

        limit = int(self.settings.max_bytes)
        current = url
        base = {"User-Agent": str(self.settings.user_agent), **(headers or {})}
        with httpx.Client(
            timeout=float(self.settings.fetch_timeout), trust_env=False, headers=base
        ) as client:
            for _ in range(int(self.settings.max_redirects) + 1):
                check_url(current, self.settings)
                self._polite(current)
                try:
                    with client.stream("GET", current) as r:
                        if r.status_code in REDIRECT_CODES and "location" in r.headers:
                            current = join_location(current, r.headers["location"], url)
                            continue
                        body = bytearray()
                        for chunk in r.iter_bytes():
                            body.extend(chunk)
                            if len(body) > limit:
                                raise FetchError(url, f"response larger than max_bytes ({limit:,} bytes)")
                        return Response(
                            r.status_code, bytes(body), {k.lower(): v for k, v in r.headers.items()}
                        )
                except httpx.TimeoutException:
                    raise FetchError(url, f"timed out after {self.settings.fetch_timeout:g} s") from None
                except httpx.HTTPError as exc:
                    raise FetchError(url, f"fetch failed: {type(exc).__name__}: {exc}") from None
        raise FetchError(url, f"more than {self.settings.max_redirects} redirects")

    def allowed(self, url: str) -> bool:
        """robots.txt of the URL's host allows us (an unreachable or missing robots.txt allows all)."""
        try:
            parts = urlsplit(url)
        except ValueError:  # malformed: fetching it reports the error
            return True
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self._robots:
            parser: urllib.robotparser.RobotFileParser | None = None
            try:
                r = self.get(root + "/robots.txt")
                if r.status == 200:
                    parser = urllib.robotparser.RobotFileParser()
                    parser.parse(r.body.decode("utf-8", "replace").splitlines())
            except FetchError:
                parser = None
            self._robots[root] = parser
        parser = self._robots[root]
        return parser is None or parser.can_fetch(str(self.settings.user_agent), url)

    # polling -------------------------------------------------------------------------
    def due(self, now: float) -> list[WatchSource]:
        return [s for s in self.sources if self.state.setdefault(s.url, SourceState()).next_poll <= now]

    def poll_once(self, force: bool = False) -> PollReport:
        """Poll every due source (all of them with ``force``), store new items, fire alerts."""
        report = PollReport()
        now = self.clock()
        touched: set[str] = set()
        published: dict[str, float] = {}
        fresh: set[str] = set()
        for source in self.sources if force else self.due(now):
            st = self.state.setdefault(source.url, SourceState())
            report.polled += 1
            try:
                docs = list(self._poll_source(source, st, report))
            except (FetchError, InputError) as exc:
                st.failures += 1
                st.last_error = str(exc)
                st.next_poll = self.clock() + min(MAX_BACKOFF, source.every * (2**st.failures))
                report.failed += 1
                self.on_error(
                    f"{source.url}: {exc.problem if isinstance(exc, InputError) else exc} "
                    f"(retry in {st.next_poll - self.clock():.0f} s)"
                )
                continue
            st.failures, st.last_error = 0, None
            st.next_poll = self.clock() + source.every
            for doc in docs:
                fresh.add(doc.id)
                if doc.published:
                    published[doc.id] = doc.published.timestamp()
            touched |= self._ingest(docs, report)
            self._save_state()
        report.alerts = self._alert(touched, fresh, published)
        self._save_state()
        return report

    def _poll_source(self, source: WatchSource, st: SourceState, report: PollReport) -> Iterator[Document]:
        if source.kind == "folder":
            yield from self._poll_folder(source, st, report)
            return
        if not self.allowed(source.url):
            raise FetchError(source.url, "disallowed by robots.txt")
        headers = {}
        if st.etag:
            headers["If-None-Match"] = st.etag
        if st.last_modified:
            headers["If-Modified-Since"] = st.last_modified
        r = self.get(source.url, headers)
        if r.status == 304:
            report.not_modified += 1
            return
        if r.status >= 400:
            raise FetchError(source.url, f"HTTP {r.status}")
        st.etag = r.headers.get("etag") or st.etag
        st.last_modified = r.headers.get("last-modified") or st.last_modified
        if source.kind == "sitemap":
            yield from self._poll_sitemap(source, st, r.body, report)
        else:
            yield from self._poll_feed(source, st, r.body, report)

    def _remember(self, st: SourceState, key: str) -> bool:
        """True when ``key`` is new for this source (and remember it)."""
        if key in st.seen:
            return False
        st.seen.append(key)
        del st.seen[:-SEEN_LIMIT]
        return True

    def _poll_feed(
        self, source: WatchSource, st: SourceState, body: bytes, report: PollReport
    ) -> Iterator[Document]:
        from sitrep.ingest.feeds import entry_document, parse_feed

        parsed = parse_feed(body, source.url)
        title = (parsed.feed.get("title") or "").strip() or None
        for number, entry in enumerate(parsed.entries, start=1):
            key = entry.get("id") or entry.get("link") or f"{entry.get('title')}#{number}"
            if key in st.seen:
                continue
            link = entry.get("link")
            if link and not self.allowed(link):
                self.on_error(f"{link}: disallowed by robots.txt")
                self._remember(st, key)
                continue
            try:
                if link:
                    self._polite(link)
                doc = entry_document(entry, f"{source.url}#{number}", title, self.settings, Defaults())
            except InputError as exc:
                report.failed += 1
                self.on_error(str(exc))
                self._remember(st, key)
                continue
            self._remember(st, key)
            report.new_items += 1
            yield doc

    def _poll_sitemap(
        self, source: WatchSource, st: SourceState, body: bytes, report: PollReport
    ) -> Iterator[Document]:
        from sitrep.ingest import read_url

        try:
            root = ElementTree.fromstring(body)
        except ElementTree.ParseError as exc:
            raise InputError(source.url, f"not a sitemap ({exc})") from None
        for url_el in root.iter():
            if not url_el.tag.endswith("}loc") and url_el.tag != "loc":
                continue
            loc = (url_el.text or "").strip()
            if not loc or loc in st.seen:
                continue
            self._remember(st, loc)
            if not self.allowed(loc):
                self.on_error(f"{loc}: disallowed by robots.txt")
                continue
            self._polite(loc)
            yield from self._count(read_url(loc, self.settings, Defaults()), report)

    def _poll_folder(self, source: WatchSource, st: SourceState, report: PollReport) -> Iterator[Document]:
        from sitrep.ingest import read_file
        from sitrep.ingest.files import walk

        folder = Path(source.url)
        if not folder.is_dir():
            raise InputError(
                source.url, "no such folder (a feed or sitemap needs its http:// or https:// URL)"
            )
        for path in walk(folder):
            stat = path.stat()
            key = f"{path}:{stat.st_mtime_ns}:{stat.st_size}"
            if not self._remember(st, key):
                continue
            yield from self._count(read_file(path, self.settings, Defaults()), report)

    def _count(self, found: Iterator[Document | InputError], report: PollReport) -> Iterator[Document]:
        """Documents pass through and are counted; failed items are reported and counted."""
        for got in found:
            if isinstance(got, InputError):
                report.failed += 1
                self.on_error(str(got))
            else:
                report.new_items += 1
                yield got

    # pipeline, store, alerts -----------------------------------------------------------
    def _ingest(self, docs: list[Document], report: PollReport) -> set[str]:
        from sitrep.fuse import fuse_documents
        from sitrep.ingest.runner import ingest_documents

        if not docs:
            return set()
        if self._pipeline is None:
            from sitrep.pipeline import Pipeline

            self._pipeline = Pipeline(self.settings)
        summary = ingest_documents(docs, self.store, self.settings, pipeline=self._pipeline, fuse=False)
        report.stored += len(summary.doc_ids)
        if not summary.doc_ids:
            return set()
        return set(fuse_documents(self.store, summary.doc_ids, self.settings))

    def _alert(self, touched: set[str], fresh: set[str], published: dict[str, float]) -> list[Alert]:
        alerts: list[Alert] = []
        if not touched or not self.rules:
            return alerts
        for event_id in sorted(touched):
            ce = self.store.get_canonical_event(event_id)
            if ce is None:
                continue
            appeared = [published[d] for d in ce.doc_ids if d in published]
            kind = "new" if set(ce.doc_ids) <= fresh else "updated"
            for rule in self.rules:
                if not rule.matches(ce):
                    continue
                alert = Alert(rule.name, ce.id, kind, summarise(ce), ce.to_dict())
                if appeared:
                    alert.delay_s = round(alert.fired_at - max(appeared), 3)
                alerts.append(alert)
                for sink in self.sinks:
                    sink(alert)
        return alerts

    def run(self, iterations: int | None = None, tick: float = 1.0) -> None:
        """Poll until interrupted (or ``iterations`` polls), sleeping between due times."""
        done = 0
        while iterations is None or done < iterations:
            self.poll_once()
            done += 1
            if iterations is not None and done >= iterations:
                break
            next_due = min(self.state[s.url].next_poll for s in self.sources)
            self.sleep(max(0.0, min(tick * 60, next_due - self.clock())))
