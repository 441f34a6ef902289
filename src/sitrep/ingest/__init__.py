"""Ingest: turning inputs (files, folders, JSONL, feeds, URLs, WARC, stdin) into Documents.

:func:`iter_documents` yields a :class:`~sitrep.model.Document` or an
:class:`~sitrep.errors.InputError` per item, so one bad item never stops a batch. Running the
pipeline over the documents and storing them is :mod:`sitrep.ingest.runner`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from sitrep.errors import InputError, SitrepError
from sitrep.ingest.fetch import FEED_TYPES, TEXT_TYPES, XML_TYPES, fetch_url, is_url
from sitrep.ingest.files import (
    html_document,
    iter_jsonl,
    iter_jsonl_file,
    iter_stdin,
    kind_of,
    markdown_document,
    read_bytes,
    sniff_kind,
    text_document,
    walk,
)
from sitrep.ingest.records import Defaults
from sitrep.ingest.text import decode_bytes
from sitrep.model import Document
from sitrep.settings import Settings

__all__ = ["Defaults", "iter_documents", "read_item"]


def iter_documents(
    items: Iterable[str],
    settings: Settings,
    *,
    defaults: Defaults | None = None,
    as_feed: bool = False,
    stdin: TextIO | None = None,
) -> Iterator[Document | InputError]:
    """Documents from paths, folders, URLs, feeds or "-" (stdin), in order; errors are yielded, not raised."""
    defaults = defaults or Defaults()
    for item in items:
        try:
            yield from read_item(item, settings, defaults, as_feed=as_feed, stdin=stdin)
        except InputError as exc:
            yield exc


def read_item(
    item: str,
    settings: Settings,
    defaults: Defaults,
    *,
    as_feed: bool = False,
    stdin: TextIO | None = None,
) -> Iterator[Document | InputError]:
    if item == "-":
        yield from iter_stdin(stdin if stdin is not None else sys.stdin, settings, defaults)
        return
    if is_url(item) and not Path(item).exists():
        yield from guarded(item, read_url(item, settings, defaults, as_feed=as_feed))
        return
    path = Path(item)
    if path.is_dir():
        found = False
        for child in walk(path):
            found = True
            yield from guarded(str(child), read_file(child, settings, defaults, as_feed=as_feed))
        if not found:
            yield InputError(
                item, "folder holds no files sitrep reads (.html .txt .md .jsonl .xml .rss .warc ...)"
            )
        return
    if not path.exists():
        yield InputError(item, "no such file or directory")
        return
    yield from guarded(item, read_file(path, settings, defaults, as_feed=as_feed))


def guarded(item: str, results: Iterator[Document | InputError]) -> Iterator[Document | InputError]:
    """A reader's results; an unexpected failure inside a third-party parser becomes one InputError
    for the item (reported, counted, exit code 1) instead of ending the whole batch."""
    try:
        yield from results
    except SitrepError:
        raise
    except Exception as exc:  # trafilatura, feedparser, warcio, lxml... on input they cannot handle
        yield InputError(item, f"could not be read ({type(exc).__name__}: {exc})")


def read_file(
    path: Path, settings: Settings, defaults: Defaults, *, as_feed: bool = False
) -> Iterator[Document | InputError]:
    item = str(path)
    kind = "feed" if as_feed else kind_of(path)
    if kind == "warc":
        from sitrep.ingest.warc import iter_warc

        yield from iter_warc(path, settings, defaults)
        return
    if kind == "jsonl":
        yield from iter_jsonl_file(path, settings, defaults)
        return
    try:
        data = read_bytes(path, settings)
    except InputError as exc:
        yield exc
        return
    kind = kind or sniff_kind(data)
    try:
        if kind == "feed":
            from sitrep.ingest.feeds import iter_feed

            yield from iter_feed(data, item, settings, defaults)
        elif kind == "jsonl":
            yield from iter_jsonl(data.splitlines(), item, defaults)
        elif kind == "warc":
            from sitrep.ingest.warc import iter_warc

            yield from iter_warc(path, settings, defaults)
        elif kind == "html":
            yield html_document(data, item=item, defaults=defaults)
        elif kind == "markdown":
            yield markdown_document(data, item=item, defaults=defaults)
        else:
            yield text_document(data, item=item, defaults=defaults)
    except InputError as exc:
        yield exc


def read_url(
    url: str, settings: Settings, defaults: Defaults, *, as_feed: bool = False
) -> Iterator[Document | InputError]:
    """A web page, plain text or a feed (by --feed or by the response's content type)."""
    try:
        fetched = fetch_url(url, settings)
        if as_feed or fetched.content_type in FEED_TYPES or _xml_feed(fetched.content_type, fetched.body):
            from sitrep.ingest.feeds import iter_feed

            yield from iter_feed(fetched.body, url, settings, defaults)
        elif fetched.content_type in TEXT_TYPES:
            try:
                text = decode_bytes(fetched.body, fetched.charset, what="response")
            except ValueError as exc:
                raise InputError(url, str(exc)) from None
            from sitrep.ingest.records import make_document

            yield make_document(text, item=url, defaults=defaults, url=fetched.url)
        else:
            yield html_document(
                fetched.body, item=url, defaults=defaults, url=fetched.url, charset=fetched.charset
            )
    except InputError as exc:
        yield exc


def _xml_feed(content_type: str, body: bytes) -> bool:
    if content_type not in XML_TYPES and content_type:
        return False
    head = body[:2048].lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head
