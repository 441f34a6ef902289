"""Helpers for the ingest tests: a local HTTP server on 127.0.0.1, small documents, a WARC writer."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from sitrep.model import Document, Extraction
from sitrep.store.base import SaveResult

ARTICLE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | The Meridian Courier</title>
<meta property="og:site_name" content="The Meridian Courier">
<meta property="article:published_time" content="{published}">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>{title}</h1>
{paragraphs}
</article>
<aside class="related"><h3>Related stories</h3><ul>
<li><a href="/r1">Zebra crossing sign found in a garden shed</a></li>
<li><a href="/r2">Baker wins the regional marmalade contest again</a></li>
</ul></aside>
<footer>Copyright The Meridian Courier. All rights reserved.</footer>
</body></html>
"""

NO_ARTICLE_HTML = """<!doctype html><html><head><title>Index</title></head><body>
<nav><a href="/">Home</a> <a href="/a">Archive</a> <a href="/b">Contact</a></nav>
<ul><li><a href="/1">Page one</a></li><li><a href="/2">Page two</a></li></ul>
</body></html>
"""


def article_html(
    title: str = "Shelling damages market in Kherson",
    published: str = "2023-03-09T08:30:00+02:00",
    paragraphs: list[str] | None = None,
) -> str:
    paras = paragraphs or [
        "Artillery shells struck the central market in Kherson on Thursday morning, "
        "injuring three traders and setting several stalls on fire, the regional governor said.",
        "Firefighters worked for two hours to put out the blaze while residents sheltered "
        "in nearby basements, according to local officials.",
    ]
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    return ARTICLE_HTML.format(title=title, published=published, paragraphs=body)


def sentence_doc(n: int) -> str:
    """A short English text that is distinct for every ``n``."""
    return (
        f"Report number {n}: a drone struck a warehouse near the village of Testivka on {n % 28 + 1} March, "
        f"and the district administration said that {n} windows were broken in the houses nearby. "
        "Officials said there were no casualties and that repair crews were at work."
    )


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    chunked: bool = False


Route = Reply | Callable[[str], Reply]


class LocalServer:
    """Routes: path -> Reply (or a function of the path returning one)."""

    def __init__(self, routes: dict[str, Route]) -> None:
        self.routes = routes
        self.hits: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server naming)
                server.hits.append(self.path)
                route = server.routes.get(self.path.split("?")[0])
                if route is None:
                    reply = Reply(404, b"not found", {"Content-Type": "text/plain"})
                else:
                    reply = route(self.path) if callable(route) else route
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    for key, value in reply.headers.items():
                        self.send_header(key, value)
                    if reply.chunked:
                        self.send_header("Transfer-Encoding", "chunked")
                        self.end_headers()
                        view = memoryview(reply.body)
                        for start in range(0, len(view), 65536):
                            part = view[start : start + 65536]
                            self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
                        self.wfile.write(b"0\r\n\r\n")
                    else:
                        self.send_header("Content-Length", str(len(reply.body)))
                        self.end_headers()
                        self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (size cap, timeout): expected in these tests

            def log_message(self, format: str, *args: object) -> None:  # silence
                return None

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path


@contextmanager
def local_server(routes: dict[str, Route]) -> Iterator[LocalServer]:
    server = LocalServer(routes)
    server.thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()


def html_reply(html: str, **headers: str) -> Reply:
    return Reply(200, html.encode("utf-8"), {"Content-Type": "text/html; charset=utf-8", **headers})


def write_warc(path: Path, pages: list[tuple[str, str, str]]) -> None:
    """A WARC with one response record per (url, content type, body) and a request record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=path.name.endswith(".gz"))
        for url, content_type, body in pages:
            request = writer.create_warc_record(
                url,
                "request",
                payload=io.BytesIO(b""),
                http_headers=StatusAndHeaders(
                    "GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True
                ),
            )
            writer.write_record(request)
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body.encode("utf-8")), http_headers=headers
            )
            writer.write_record(record)


class FakePipeline:
    """Records what it was asked to extract; finds nothing."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def extract_many(self, documents: Iterator[Document]) -> Iterator[Extraction]:
        for doc in documents:
            self.seen.append(doc.id)
            if not doc.is_english:
                yield Extraction(document=doc, skipped="not English")
            else:
                yield Extraction(document=doc)


class MemoryStore:
    """The slice of the Store protocol that ingest uses, in memory (versions linked by URL)."""

    url = "memory:"

    def __init__(self) -> None:
        self.docs: dict[str, Extraction] = {}
        self.fused: list[list[str]] = []

    def has_document(self, doc_id: str) -> bool:
        return doc_id in self.docs

    def save_extraction(self, extraction: Extraction) -> SaveResult:
        doc = extraction.document
        if doc.id in self.docs:
            return SaveResult(doc.id, "duplicate", doc.external_id)
        earlier = [x.document.id for x in self.docs.values() if doc.url and x.document.url == doc.url]
        self.docs[doc.id] = extraction
        if earlier:
            doc.version_of = earlier[-1]
            return SaveResult(doc.id, "new_version", doc.external_id, earlier[-1])
        return SaveResult(doc.id, "new", doc.external_id)

    def get_extraction(self, doc_id: str) -> Extraction | None:
        return self.docs.get(doc_id)

    def upsert_canonical_events(self, events: list[object]) -> None:
        return None

    def close(self) -> None:
        return None
