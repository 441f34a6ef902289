"""Local inputs: files, folders, JSONL (a file or stdin), Markdown with front matter, plain text."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from sitrep.errors import InputError
from sitrep.ingest.html import extract_article
from sitrep.ingest.records import Defaults, make_document
from sitrep.ingest.text import decode_bytes, html_charset
from sitrep.model import Document
from sitrep.settings import Settings

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt", ".text")
MARKDOWN_SUFFIXES = (".md", ".markdown")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
KNOWN_SUFFIXES = (
    HTML_SUFFIXES + TEXT_SUFFIXES + MARKDOWN_SUFFIXES + JSONL_SUFFIXES + FEED_SUFFIXES + WARC_SUFFIXES
)


def kind_of(path: Path) -> str | None:
    """html | text | markdown | jsonl | feed | warc by the file name, or None when unknown."""
    name = path.name.lower()
    for kind, suffixes in (
        ("warc", WARC_SUFFIXES),
        ("html", HTML_SUFFIXES),
        ("text", TEXT_SUFFIXES),
        ("markdown", MARKDOWN_SUFFIXES),
        ("jsonl", JSONL_SUFFIXES),
        ("feed", FEED_SUFFIXES),
    ):
        if name.endswith(suffixes):
            return kind
    return None


def sniff_kind(data: bytes) -> str:
    """The kind of a file whose name says nothing, from its first bytes."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"warc/"):
        return "warc"
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith(b"<"):
        if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
            return "feed"
        return "html"
    if head.startswith(b"---"):
        return "markdown"
    return "text"


def walk(folder: Path) -> Iterator[Path]:
    """Files under ``folder`` that sitrep reads, in a stable order; hidden files are left out."""
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if path.is_file() and kind_of(path) is not None:
            yield path


def read_bytes(path: Path, settings: Settings) -> bytes:
    item = str(path)
    try:
        size = path.stat().st_size
        if size > int(settings.max_bytes):
            raise InputError(
                item,
                f"file is {size:,} bytes; the limit (max_bytes) is {int(settings.max_bytes):,} bytes",
                "raise SITREP_MAX_BYTES to accept it",
            )
        return path.read_bytes()
    except OSError as exc:
        raise InputError(item, f"cannot read ({exc.strerror or exc})") from None


def html_document(
    data: bytes,
    *,
    item: str,
    defaults: Defaults,
    url: str | None = None,
    charset: str | None = None,
    **fields: Any,
) -> Document:
    """A Document from an HTML page's bytes (``fields`` given by the caller win over page metadata)."""
    try:
        html = decode_bytes(data, charset or html_charset(data), what="page")
        article = extract_article(html, url=url)
    except ValueError as exc:
        raise InputError(item, str(exc)) from None
    return make_document(
        article.text,
        item=item,
        defaults=defaults,
        url=url or article.url,
        title=fields.pop("title", None) or article.title,
        outlet=fields.pop("outlet", None) or article.outlet,
        published=fields.pop("published", None) or article.published,
        meta=article.meta,
        **fields,
    )


def text_document(data: bytes, *, item: str, defaults: Defaults) -> Document:
    try:
        text = decode_bytes(data)
    except ValueError as exc:
        raise InputError(item, str(exc)) from None
    return make_document(text, item=item, defaults=defaults)


def markdown_document(data: bytes, *, item: str, defaults: Defaults) -> Document:
    """Markdown with optional YAML front matter: id, url, outlet, title, published, language."""
    import frontmatter

    try:
        raw = decode_bytes(data)
    except ValueError as exc:
        raise InputError(item, str(exc)) from None
    try:
        post = frontmatter.loads(raw, handler=_front_matter_handler())
    except Exception as exc:  # YAML errors come in several types
        # the line where the broken construct opened (else where the parser gave up), counted in the file
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        where = f": {getattr(exc, 'problem', None) or exc}; see line {mark.line + 1}" if mark else ""
        raise InputError(item, f"front matter is not valid YAML ({type(exc).__name__}{where})") from None
    meta = post.metadata
    text, heading = markdown_to_text(post.content)
    return make_document(
        text,
        item=item,
        defaults=defaults,
        external_id=meta.get("id"),
        url=_str(meta.get("url")),
        outlet=_str(meta.get("outlet")),
        title=_str(meta.get("title")) or heading,
        published=meta.get("published") or meta.get("date"),
        language=_str(meta.get("language")),
    )


def _front_matter_handler() -> Any:
    """YAML front matter with dates left as text, so that ``published`` is read by the same rules
    (and fails with the same message, naming the value) as in every other input."""
    import yaml
    from frontmatter.default_handlers import YAMLHandler

    class NoDates(yaml.SafeLoader):
        pass

    NoDates.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    class Handler(YAMLHandler):  # type: ignore[misc]
        def load(self, fm: str, **kwargs: object) -> Any:
            return yaml.load(fm, Loader=NoDates)  # noqa: S506 - a SafeLoader subclass

    return Handler()


_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|`)(?=\S)(.+?)(?<=\S)\1")


def markdown_to_text(markdown: str) -> tuple[str, str | None]:
    """(plain text, first heading): headings, emphasis, images, inline HTML and link syntax removed."""
    lines: list[str] = []
    heading: str | None = None
    for line in markdown.splitlines():
        stripped = line.strip()
        match = re.match(r"#{1,6}\s+(.*)", stripped)
        if match:
            if heading is None and not lines:
                heading = _MD_EMPHASIS.sub(r"\2", match.group(1)).strip()
                continue
            stripped = match.group(1)
        stripped = re.sub(r"^(>\s*|[-*+]\s+)", "", stripped)
        stripped = _HTML_TAG.sub("", _MD_IMAGE.sub("", stripped))
        stripped = _MD_EMPHASIS.sub(r"\2", _MD_LINK.sub(r"\1", stripped))
        lines.append(stripped)
    return "\n".join(lines).strip(), heading


def iter_jsonl(
    lines: Iterable[str | bytes], name: str, defaults: Defaults, max_bytes: int | None = None
) -> Iterator[Document | InputError]:
    """One document per JSON line: id, url, outlet, title, published, language, text or html.

    Lines given as bytes are decoded one by one, so one bad line fails alone; ``max_bytes``
    caps each line, not the file (a JSONL corpus may be far larger than any one page).
    """
    for number, raw in enumerate(lines, start=1):
        item = f"{name}:{number}"
        if isinstance(raw, bytes):
            if max_bytes is not None and len(raw) > max_bytes:
                yield InputError(
                    item, f"line is {len(raw):,} bytes; the limit (max_bytes) is {max_bytes:,} bytes"
                )
                continue
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield InputError(
                    item, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})"
                )
                continue
        else:
            line = raw
        if not line.strip():
            continue
        try:
            yield jsonl_document(line, item, defaults)
        except InputError as exc:
            yield exc


def iter_jsonl_file(path: Path, settings: Settings, defaults: Defaults) -> Iterator[Document | InputError]:
    item = str(path)
    try:
        with path.open("rb") as stream:
            head = stream.read(8192)
            if not head.strip():
                yield InputError(item, "empty file")
                return
            if b"\x00" in head:
                yield InputError(item, "binary file, not text (contains NUL bytes)")
                return
            stream.seek(0)
            yield from iter_jsonl(stream, item, defaults, max_bytes=int(settings.max_bytes))
    except OSError as exc:
        yield InputError(item, f"cannot read ({exc.strerror or exc})")


def jsonl_document(line: str, item: str, defaults: Defaults) -> Document:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(item, f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(row, dict):
        raise InputError(item, f"expected a JSON object, got {type(row).__name__}")
    fields: dict[str, Any] = {
        "external_id": _checked(row, "id", item, whole_numbers=True),
        "url": _str(_checked(row, "url", item)),
        "outlet": _str(_checked(row, "outlet", item)),
        "title": _str(_checked(row, "title", item)),
        "published": row.get("published"),
        "language": _str(_checked(row, "language", item)),
    }
    text, html = _checked(row, "text", item), _checked(row, "html", item)
    if isinstance(text, str) and text.strip():
        return make_document(text, item=item, defaults=defaults, **fields)
    if isinstance(html, str) and html.strip():
        return html_document(html.encode("utf-8"), item=item, defaults=defaults, **fields)
    raise InputError(item, "no 'text' or 'html' field with content")


def iter_stdin(stream: TextIO, settings: Settings, defaults: Defaults) -> Iterator[Document | InputError]:
    """Standard input: JSONL when it starts with '{', else one plain-text document.

    Read as bytes where the stream has a binary buffer, so invalid UTF-8 fails one line only.
    """
    source: Iterable[str | bytes] = getattr(stream, "buffer", None) or stream
    lines = iter(source)
    head: list[str | bytes] = []
    for line in lines:
        head.append(line)
        if line.strip():
            break
    if not head or not head[-1].strip():
        yield InputError("stdin", "empty input")
        return
    first = head[-1]
    if first.lstrip()[:1] in (b"{", "{"):
        yield from iter_jsonl(_chain(head, lines), "stdin", defaults, max_bytes=int(settings.max_bytes))
        return
    rest = list(lines)
    try:
        if isinstance(first, bytes):
            text = decode_bytes(b"".join(x for x in head + rest if isinstance(x, bytes)), what="input")
        else:
            text = "".join(x for x in head + rest if isinstance(x, str))
        yield make_document(text, item="stdin", defaults=defaults)
    except ValueError as exc:
        yield InputError("stdin", str(exc))
    except InputError as exc:
        yield exc


def _chain(head: list[str | bytes], rest: Iterable[str | bytes]) -> Iterator[str | bytes]:
    yield from head
    yield from rest


_JSON_TYPES = {dict: "an object", list: "a list", bool: "true or false", int: "a number", float: "a number"}


def _checked(row: dict[str, Any], key: str, item: str, whole_numbers: bool = False) -> Any:
    """``row[key]`` when it is a string (or a whole number, for ids) or absent; ``InputError``
    naming the field otherwise, rather than storing a list's or an object's Python repr."""
    value = row.get(key)
    if value is None or isinstance(value, str):
        return value
    if whole_numbers and isinstance(value, int) and not isinstance(value, bool):
        return value
    wanted = "a string or a whole number" if whole_numbers else "a string"
    raise InputError(
        item, f"{key}: expected {wanted}, got {_JSON_TYPES.get(type(value), type(value).__name__)}"
    )


def _str(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
