"""WARC files as news crawls produce them (warcio): one document per HTML response record."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sitrep.errors import InputError
from sitrep.ingest.fetch import HTML_TYPES
from sitrep.ingest.files import html_document
from sitrep.ingest.records import Defaults
from sitrep.ingest.text import parse_published
from sitrep.model import Document
from sitrep.settings import Settings


def iter_warc(path: Path, settings: Settings, defaults: Defaults) -> Iterator[Document | InputError]:
    """Documents from the 200 OK HTML responses in a WARC; other records are passed over."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    item = str(path)
    limit = int(settings.max_bytes)
    found = 0
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                status = record.http_headers.get_statuscode()
                media, _, params = (record.http_headers.get_header("Content-Type") or "").partition(";")
                if status != "200" or media.strip().lower() not in HTML_TYPES:
                    continue
                found += 1
                uri = record.rec_headers.get_header("WARC-Target-URI") or f"record {found}"
                record_item = f"{item}#{uri}"
                body = record.content_stream().read(limit + 1)
                if len(body) > limit:
                    yield InputError(
                        record_item, f"page is larger than the limit (max_bytes) of {limit:,} bytes"
                    )
                    continue
                charset = _charset(params)
                try:
                    doc = html_document(body, item=record_item, defaults=defaults, url=uri, charset=charset)
                except InputError as exc:
                    yield exc
                    continue
                if doc.published is None or doc.meta.get("published_from", "").startswith("default"):
                    crawled = record.rec_headers.get_header("WARC-Date")
                    if crawled:
                        try:
                            doc.published = parse_published(crawled)
                            doc.meta["published_from"] = "WARC-Date (crawl time)"
                        except ValueError:
                            pass
                yield doc
    except ArchiveLoadFailed as exc:
        yield InputError(item, f"not a readable WARC file ({str(exc).splitlines()[0]})")
        return
    except OSError as exc:
        yield InputError(item, f"cannot read ({exc.strerror or exc})")
        return
    if not found:
        yield InputError(item, "WARC holds no HTML response records")


def _charset(params: str) -> str | None:
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None
