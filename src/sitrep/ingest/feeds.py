"""RSS and Atom feeds (feedparser): one document per entry, from its content, its summary, or
(when the entry carries only a teaser or a link) the linked page, fetched under the URL rules."""

from __future__ import annotations

from calendar import timegm
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from sitrep.errors import FetchError, InputError
from sitrep.ingest.fetch import HTML_TYPES, TEXT_TYPES, fetch_url
from sitrep.ingest.files import html_document
from sitrep.ingest.html import fragment_to_text
from sitrep.ingest.records import Defaults, make_document
from sitrep.ingest.text import decode_bytes, parse_published, word_count
from sitrep.model import Document
from sitrep.settings import Settings

MIN_SUMMARY_WORDS = 40  # a shorter summary is a teaser: fetch the linked article instead


def parse_feed(data: bytes, item: str) -> Any:
    """The parsed feed; ``InputError`` when the bytes are not an RSS or Atom feed."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        detail = f" ({type(reason).__name__})" if reason else ""
        raise InputError(item, f"not an RSS or Atom feed{detail}")
    return parsed


def iter_feed(
    data: bytes, item: str, settings: Settings, defaults: Defaults
) -> Iterator[Document | InputError]:
    try:
        parsed = parse_feed(data, item)
    except InputError as exc:
        yield exc
        return
    if not parsed.entries:
        yield InputError(item, "feed has no entries")
        return
    feed_title = (parsed.feed.get("title") or "").strip() or None
    for number, entry in enumerate(parsed.entries, start=1):
        entry_item = f"{item}#{number}"
        try:
            yield entry_document(entry, entry_item, feed_title, settings, defaults)
        except InputError as exc:
            yield exc


def entry_document(
    entry: Any, item: str, feed_title: str | None, settings: Settings, defaults: Defaults
) -> Document:
    link = entry.get("link") or None
    if link and not link.lower().startswith(("http://", "https://")):
        link = None  # an RSS guid that feedparser took for a permalink
    fields: dict[str, Any] = {
        "external_id": entry.get("id") or None,
        "url": link,
        "title": (entry.get("title") or "").strip() or None,
        "outlet": feed_title,
        "published": _entry_date(entry),
    }
    content = " ".join(c.get("value", "") for c in entry.get("content", []) if c.get("value"))
    summary = entry.get("summary") or ""
    meta = {"feed": item.rsplit("#", 1)[0]}
    for body, origin in ((content, "content"), (summary, "summary")):
        text = fragment_to_text(body) if body else ""
        if text and (origin == "content" or word_count(text) >= MIN_SUMMARY_WORDS or not link):
            meta["text_from"] = f"feed entry {origin}"
            return make_document(text, item=item, defaults=defaults, meta=meta, **fields)
    if not link:
        raise InputError(item, "feed entry has no content, summary or link")
    try:
        fetched = fetch_url(link, settings, accept=HTML_TYPES + TEXT_TYPES)
    except FetchError as exc:
        raise FetchError(f"{item} ({link})", exc.problem, exc.hint or None) from None
    if fetched.content_type in TEXT_TYPES:
        try:
            text = decode_bytes(fetched.body, fetched.charset, what="response")
        except ValueError as exc:
            raise InputError(link, str(exc)) from None
        return make_document(text, item=link, defaults=defaults, meta=meta, **fields)
    fields["url"] = fetched.url
    doc = html_document(fetched.body, item=link, defaults=defaults, charset=fetched.charset, **fields)
    doc.meta.update(meta, text_from="linked page")
    return doc


def _entry_date(entry: Any) -> datetime | None:
    """The entry's own date (keeps its time zone); feedparser's UTC reading as a fallback."""
    for key in ("published", "updated", "created"):
        if entry.get(key):
            try:
                return parse_published(entry.get(key))
            except ValueError:
                continue
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return datetime.fromtimestamp(timegm(parsed), tz=UTC)
    return None
