"""HTML to article text through trafilatura, so navigation, related-article lists and repeated
headlines never reach extraction. Title, date and site name come from the page's metadata."""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field
from datetime import datetime

from sitrep.ingest.text import parse_published, word_count

MIN_ARTICLE_WORDS = 15  # fewer words than this after boilerplate removal: no article on the page
MIN_PARAGRAPH_WORDS = 8  # ... or no line long enough to be a sentence of prose

_BLOCK_TAGS = re.compile(
    r"(?i)</?(p|div|br|li|ul|ol|h[1-6]|blockquote|section|article|tr|table|pre|figure|figcaption)\b[^>]*>"
)


@dataclass
class Article:
    text: str
    title: str | None = None
    url: str | None = None  # the page's canonical URL, from its metadata
    published: datetime | None = None
    outlet: str | None = None
    language: str | None = None
    meta: dict[str, str] = field(default_factory=dict)


def extract_article(html: str, url: str | None = None) -> Article:
    """The article in an HTML page; ``ValueError`` when the page holds no article text."""
    import lxml_html_clean  # noqa: F401  (trafilatura needs it importable; fail here, clearly)
    import trafilatura

    result = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"outputformat": "%Y-%m-%dT%H:%M:%S%z", "original_date": True},
    )
    text = (getattr(result, "text", None) or "").strip() if result is not None else ""
    title = _clean(getattr(result, "title", None))
    text = drop_repeated_title(text, title)
    if not looks_like_article(text):
        raise ValueError(f"no article text found in the HTML page ({word_count(text)} words after cleaning)")
    meta = {"extractor": "trafilatura"}
    published, origin = published_time(html)
    if published is None:
        raw_date = getattr(result, "date", None)
        if raw_date:
            try:
                published, origin = parse_published(raw_date), "trafilatura date"
            except ValueError:
                published = None
    if published is not None:
        meta["published_from"] = origin
    return Article(
        text=text,
        title=title,
        url=_clean(getattr(result, "url", None)),
        published=published,
        outlet=_clean(getattr(result, "sitename", None)),
        language=_clean(getattr(result, "language", None)),
        meta=meta,
    )


_PUBLISHED_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "publishdate",
    "pubdate",
    "dc.date.issued",
    "dcterms.created",
    "parsely-pub-date",
    "sailthru.date",
)
_META_TAG = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_JSON_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
_TIME_TAG = re.compile(r"<time\b[^>]*\bdatetime\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)


def published_time(html: str) -> tuple[datetime | None, str]:
    """The publication time a page declares, with its time of day and zone where given.

    Meta tags (article:published_time and kin) first, then JSON-LD ``datePublished``, then the
    first ``<time datetime>``. (trafilatura's date keeps the day only, and may take it from the URL.)
    """
    head = html[:200_000]
    for tag in _META_TAG.findall(head):
        attrs = {
            m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or "" for m in _ATTR.finditer(tag)
        }
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        if key in _PUBLISHED_KEYS and attrs.get("content"):
            found = _try_date(attrs["content"])
            if found is not None:
                return found, f"<meta {key}>"
    for pattern, origin in ((_JSON_LD_DATE, "JSON-LD datePublished"), (_TIME_TAG, "<time datetime>")):
        match = pattern.search(head)
        if match:
            found = _try_date(match.group(1))
            if found is not None:
                return found, origin
    return None, ""


def _try_date(raw: str) -> datetime | None:
    try:
        return parse_published(html_lib.unescape(raw))
    except ValueError:
        return None


def looks_like_article(text: str) -> bool:
    if word_count(text) < MIN_ARTICLE_WORDS:
        return False
    return any(word_count(line) >= MIN_PARAGRAPH_WORDS for line in text.splitlines())


def drop_repeated_title(text: str, title: str | None) -> str:
    """Remove the headline printed again at the top of the text, with a short kicker ("Ukraine")
    above it: pages often print both, and neither is part of the article."""
    if not title:
        return text
    key = _key(title)
    lines = text.split("\n")
    for index, line in enumerate(lines[:3]):
        if _key(line) == key and all(word_count(x) <= 4 for x in lines[:index]):
            return "\n".join(lines[index + 1 :]).strip()
    return text


def fragment_to_text(fragment: str) -> str:
    """Plain text from an HTML fragment (a feed entry's content): block tags become line breaks."""
    if "<" not in fragment:
        return html_lib.unescape(fragment).strip()
    from lxml import html as lxml_html

    marked = _BLOCK_TAGS.sub("\n", fragment)
    try:
        root = lxml_html.fragment_fromstring(marked, create_parent="div")
        for bad in root.xpath("//script|//style"):
            bad.drop_tree()
        text = root.text_content()
    except Exception:  # lxml raises several types on broken markup; fall back to tag stripping
        text = html_lib.unescape(re.sub(r"<[^>]+>", " ", marked))
    lines = [re.sub(r"[ \t\xa0]+", " ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None
