"""Readers: every input kind becomes Documents with the right fields; errors are yielded, not raised."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from ingest_helpers import article_html, html_reply, local_server, sentence_doc, write_warc

from sitrep.errors import InputError
from sitrep.ingest import Defaults, iter_documents
from sitrep.ingest.text import detect_language, parse_published
from sitrep.model import Document
from sitrep.settings import Settings


def read(items: list[str], settings: Settings | None = None, **kwargs: object) -> list[Document | InputError]:
    return list(iter_documents(items, settings or Settings.load(), **kwargs))  # type: ignore[arg-type]


def docs_only(results: list[Document | InputError]) -> list[Document]:
    errors = [r for r in results if isinstance(r, InputError)]
    assert not errors, errors
    return [r for r in results if isinstance(r, Document)]


def test_html_file_loses_boilerplate_and_keeps_metadata(tmp_path: Path) -> None:
    page = tmp_path / "kherson.html"
    page.write_text(article_html())
    (doc,) = docs_only(read([str(page)]))
    assert doc.text.startswith("Artillery shells struck the central market")
    assert "Related stories" not in doc.text and "marmalade" not in doc.text and "Home" not in doc.text
    assert "Shelling damages market" not in doc.text  # the repeated headline is dropped
    assert doc.title == "Shelling damages market in Kherson"
    assert doc.outlet == "The Meridian Courier"
    assert doc.published is not None and doc.published.date().isoformat() == "2023-03-09"
    assert doc.language == "en" and doc.source == str(page)


def test_text_file_uses_defaults(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text(sentence_doc(1))
    defaults = Defaults(published=datetime(2023, 3, 10), outlet="Wire", title="T")
    (doc,) = docs_only(read([str(path)], defaults=defaults))
    assert doc.published == datetime(2023, 3, 10, tzinfo=UTC)
    assert (doc.outlet, doc.title, doc.external_id) == ("Wire", "T", None)
    assert doc.meta["published_from"].startswith("default")


def test_markdown_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text(
        "---\nid: md-7\nurl: https://news.example/md-7\noutlet: Lantern Post\n"
        "published: 2023-03-09T10:00:00+00:00\n---\n# Strike on depot\n\n"
        f"**Breaking:** {sentence_doc(7)} See [the map](https://x.example/map).\n\n<excerpt/>\n![a photo](https://x.example/p.jpg)\n"
    )
    (doc,) = docs_only(read([str(path)], defaults=Defaults(outlet="ignored")))
    assert doc.external_id == "md-7" and doc.url == "https://news.example/md-7"
    assert doc.outlet == "Lantern Post" and doc.title == "Strike on depot"
    assert doc.published is not None and doc.published.isoformat() == "2023-03-09T10:00:00+00:00"
    assert "**" not in doc.text and "See the map." in doc.text and "#" not in doc.text
    assert "excerpt" not in doc.text and "photo" not in doc.text


def test_markdown_front_matter_errors_say_what_and_where(tmp_path: Path) -> None:
    unclosed = tmp_path / "unclosed.md"
    unclosed.write_text(f"---\nid: md-8\ntitle: [Strike on depot\n---\n{sentence_doc(8)}\n")
    bad_day = tmp_path / "bad_day.md"
    bad_day.write_text(f"---\nid: md-9\npublished: 2023-02-30\n---\n{sentence_doc(9)}\n")
    first, second = read([str(unclosed), str(bad_day)])
    assert isinstance(first, InputError) and isinstance(second, InputError)
    assert first.item == str(unclosed) and "not valid YAML" in first.problem and "line 3" in first.problem
    assert second.item == str(bad_day)
    assert "2023-02-30" in second.problem and "not valid YAML" not in second.problem


def test_jsonl_fields_of_the_wrong_type_are_named(tmp_path: Path) -> None:
    path = tmp_path / "types.jsonl"
    rows = [
        {"id": {"wire": 7}, "text": sentence_doc(1)},
        {"id": "t-2", "text": sentence_doc(2), "outlet": ["Wire A", "Wire B"]},
        {"id": "t-3", "text": sentence_doc(3), "url": 12},
        {"id": "t-4", "text": sentence_doc(4), "language": 5},
        {"id": "t-5", "text": 12345},
        {"id": 6, "text": sentence_doc(6), "title": "Six"},
    ]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    results = read([str(path)])
    problems = [(r.item, r.problem) for r in results if isinstance(r, InputError)]
    assert problems == [
        (f"{path}:1", "id: expected a string or a whole number, got an object"),
        (f"{path}:2", "outlet: expected a string, got a list"),
        (f"{path}:3", "url: expected a string, got a number"),
        (f"{path}:4", "language: expected a string, got a number"),
        (f"{path}:5", "text: expected a string, got a number"),
    ]
    (doc,) = [r for r in results if isinstance(r, Document)]
    assert doc.external_id == "6" and doc.title == "Six"


def test_jsonl_fields_text_and_html(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text(
        '{"id": 41, "url": "https://a.example/1", "outlet": "A", "title": "One", '
        f'"published": "2023-03-09", "text": "{sentence_doc(41)}"}}\n'
        "\n" + json.dumps({"id": "h-2", "html": article_html(), "outlet": "Given Outlet"}) + "\n"
    )
    first, second = docs_only(read([str(path)]))
    assert first.external_id == "41" and first.url == "https://a.example/1" and first.title == "One"
    assert first.published == datetime(2023, 3, 9, tzinfo=UTC) and first.source == f"{path}:1"
    assert second.external_id == "h-2" and second.outlet == "Given Outlet"
    assert second.text.startswith("Artillery shells") and second.source == f"{path}:3"


def test_jsonl_lines_fail_alone_and_are_capped_per_line(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    good = json.dumps({"id": "g", "text": sentence_doc(1)}).encode()
    path.write_bytes(
        good
        + b"\n"
        + '{"id": "b", "text": "Kämpfe"}'.encode("latin-1")
        + b"\n"
        + good.replace(b'"g"', b'"h"')
    )
    results = read([str(path)], Settings.load(max_bytes=len(good) + 1))
    assert [r.external_id if isinstance(r, Document) else r.item for r in results] == ["g", f"{path}:2", "h"]
    assert "not valid UTF-8 (byte 0xe4" in str(results[1])
    capped = read([str(path)], Settings.load(max_bytes=len(good) - 1))
    assert all(isinstance(r, InputError) and "limit (max_bytes)" in r.problem for r in capped[::2])


def test_stdin_bytes_are_decoded_per_line() -> None:
    raw = io.BytesIO(json.dumps({"id": "s", "text": sentence_doc(2)}).encode() + b'\n{"text": "\xff"}\n')
    results = read(["-"], stdin=io.TextIOWrapper(raw))
    assert isinstance(results[0], Document) and isinstance(results[1], InputError)
    assert results[1].item == "stdin:2" and "not valid UTF-8" in results[1].problem


def test_stdin_jsonl_and_plain_text() -> None:
    stream = io.StringIO(
        f'\n{{"id": "s1", "text": "{sentence_doc(1)}"}}\n{{"id": "s2", "text": "{sentence_doc(2)}"}}\n'
    )
    docs = docs_only(read(["-"], stdin=stream))
    assert [d.external_id for d in docs] == ["s1", "s2"]
    assert [d.source for d in docs] == ["stdin:2", "stdin:3"]
    (plain,) = docs_only(read(["-"], stdin=io.StringIO(sentence_doc(3))))
    assert plain.text == sentence_doc(3) and plain.source == "stdin"


def test_folder_is_walked_in_order_skipping_hidden_and_unknown(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(sentence_doc(2))
    (tmp_path / "a.txt").write_text(sentence_doc(1))
    (tmp_path / ".hidden.txt").write_text(sentence_doc(3))
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    docs = docs_only(read([str(tmp_path)]))
    assert [Path(d.source or "").name for d in docs] == ["a.txt", "2.txt"]


def test_same_text_same_id_whatever_the_whitespace(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text(sentence_doc(5))
    (tmp_path / "y.txt").write_text("  " + sentence_doc(5).replace(" ", "  \n", 3) + "\n")
    a, b = docs_only(read([str(tmp_path / "x.txt"), str(tmp_path / "y.txt")]))
    assert a.id == b.id


def test_feed_file_entries(tmp_path: Path) -> None:
    long_summary = " ".join([sentence_doc(8)] * 2)
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Gazette</title>'
        "<item><guid>g-1</guid><title>First</title><link>https://h.example/1</link>"
        f"<pubDate>Thu, 09 Mar 2023 07:00:00 +0200</pubDate><description>&lt;p&gt;{long_summary}&lt;/p&gt;</description></item>"
        f"<item><guid>g-2</guid><title>Second</title><description>{sentence_doc(9)}</description></item>"
        "<item><guid>g-3</guid><title>Empty</title></item>"
        "</channel></rss>"
    )
    results = read([str(feed)])
    first, second, third = results
    assert isinstance(first, Document) and isinstance(second, Document)
    assert (
        first.external_id == "g-1"
        and first.outlet == "Harbour Gazette"
        and first.url == "https://h.example/1"
    )
    assert first.published is not None and first.published.isoformat() == "2023-03-09T07:00:00+02:00"
    assert "<p>" not in first.text and second.text == sentence_doc(9)
    assert isinstance(third, InputError) and third.item == f"{feed}#3"


def test_feed_entry_with_only_a_link_is_fetched(tmp_path: Path) -> None:
    with local_server({"/story": html_reply(article_html(title="Linked story"))}) as server:
        feed = tmp_path / "links.atom"
        feed.write_text(
            '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            "<title>Atom Wire</title><id>urn:w</id><updated>2023-03-09T00:00:00Z</updated>"
            f'<entry><id>urn:e1</id><title>Linked story</title><link href="{server.url("/story")}"/>'
            "<updated>2023-03-09T06:00:00Z</updated><summary>Teaser only.</summary></entry></feed>"
        )
        (doc,) = docs_only(read([str(feed)], Settings.load(allow_private=True)))
    assert doc.text.startswith("Artillery shells") and doc.external_id == "urn:e1"
    assert doc.outlet == "Atom Wire" and doc.meta["text_from"] == "linked page"
    assert server.hits == ["/story"]


def test_url_page_and_url_feed() -> None:
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>'
        f"<item><guid>u1</guid><description>{sentence_doc(11)}</description></item></channel></rss>"
    )
    routes = {
        "/page": html_reply(article_html()),
        "/feed": html_reply(feed, **{"Content-Type": "application/rss+xml"}),
    }
    with local_server(routes) as server:
        page, entry = docs_only(
            read([server.url("/page"), server.url("/feed")], Settings.load(allow_private=True))
        )
    assert page.url == server.url("/page") and page.text.startswith("Artillery shells")
    assert entry.external_id == "u1" and entry.text == sentence_doc(11)


def test_warc_html_responses(tmp_path: Path) -> None:
    warc = tmp_path / "crawl.warc.gz"
    write_warc(
        warc,
        [
            ("https://c.example/a", "text/html; charset=utf-8", article_html()),
            ("https://c.example/logo.png", "image/png", "not html"),
            ("https://c.example/empty", "text/html", "<html><body><nav>Home</nav></body></html>"),
        ],
    )
    results = read([str(warc)])
    assert len(results) == 2
    doc, error = results
    assert isinstance(doc, Document) and doc.url == "https://c.example/a" and doc.text.startswith("Artillery")
    assert isinstance(error, InputError) and error.item == f"{warc}#https://c.example/empty"
    assert "no article" in error.problem


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (sentence_doc(1), "en"),
        ("Російські війська обстріляли місто вночі, є загиблі та поранені, повідомила обласна влада.", "uk"),
        (
            "Российские войска обстреляли город ночью, есть погибшие и раненые, сообщили власти области, объём.",
            "ru",
        ),
        (
            "Les forces russes ont bombardé la ville pendant la nuit et le gouverneur a dit que les secours "
            "sont sur place avec des équipes qui cherchent des survivants dans les décombres de la maison.",
            "fr",
        ),
        ("Short headline", "en"),
    ],
)
def test_language_detection(text: str, expected: str) -> None:
    assert detect_language(text)[0] == expected


def test_non_english_document_is_flagged(tmp_path: Path) -> None:
    path = tmp_path / "uk.txt"
    path.write_text(
        "Російські війська обстріляли місто вночі, є загиблі та поранені, повідомила обласна влада."
    )
    (doc,) = docs_only(read([str(path)]))
    assert doc.language == "uk" and not doc.is_english
    assert "Cyrillic" in doc.meta["language_from"]


def test_parse_published_forms() -> None:
    assert parse_published("2023-03-10") == datetime(2023, 3, 10, tzinfo=UTC)
    assert parse_published("2023-03-10T01:30:00+02:00").isoformat() == "2023-03-10T01:30:00+02:00"  # type: ignore[union-attr]
    assert parse_published("Thu, 09 Mar 2023 07:00:00 GMT").isoformat() == "2023-03-09T07:00:00+00:00"  # type: ignore[union-attr]
    assert parse_published(None) is None
    with pytest.raises(ValueError, match="cannot read"):
        parse_published("the day after tomorrow-ish")


def test_numeric_dates_are_read_only_when_the_order_is_certain() -> None:
    """ "10/03/2023" is 10 March in Kyiv and 3 October in New York: refused, never guessed."""
    for ambiguous in ("10/03/2023", "03.10.2023", "4-5-23 09:00"):
        with pytest.raises(ValueError, match="ambiguous.*ISO 8601"):
            parse_published(ambiguous)
    assert parse_published("25/03/2023") == datetime(2023, 3, 25, tzinfo=UTC)  # day first: 25 > 12
    assert parse_published("03/25/2023") == datetime(2023, 3, 25, tzinfo=UTC)  # month first
    assert parse_published("7/7/2023") == datetime(2023, 7, 7, tzinfo=UTC)  # either way the same day


def test_parser_crash_fails_one_file_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sitrep.ingest.files as files_module

    def broken(html: str, url: str | None = None) -> None:
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(files_module, "extract_article", broken)
    (tmp_path / "a.html").write_text(article_html())
    (tmp_path / "b.txt").write_text(sentence_doc(1))
    error, doc = read([str(tmp_path)])
    assert isinstance(error, InputError) and error.item == str(tmp_path / "a.html")
    assert "RuntimeError: parser exploded" in error.problem
    assert isinstance(doc, Document)


def test_html_in_a_declared_legacy_charset(tmp_path: Path) -> None:
    ukrainian = (
        "Російські війська вночі обстріляли місто ракетами, є загиблі та поранені серед мирних жителів, "
        "повідомила обласна військова адміністрація у своєму телеграм-каналі в п'ятницю вранці."
    )
    page = article_html(paragraphs=[ukrainian, ukrainian.replace("вночі", "вдень")]).replace(
        '<meta charset="utf-8">', '<meta charset="windows-1251">'
    )
    path = tmp_path / "uk.html"
    path.write_bytes(page.encode("cp1251"))
    (doc,) = docs_only(read([str(path)]))
    assert doc.text.startswith("Російські війська") and doc.language == "uk"


def test_kicker_and_repeated_headline_are_dropped() -> None:
    from sitrep.ingest.html import drop_repeated_title

    text = "World\nShelling damages market\nArtillery shells struck the market."
    assert drop_repeated_title(text, "Shelling damages market") == "Artillery shells struck the market."
    body = "A long first sentence that is not a kicker at all, really.\nShelling damages market\nMore."
    assert drop_repeated_title(body, "Shelling damages market") == body


@pytest.mark.parametrize(
    ("head", "expected", "origin"),
    [
        (
            '<meta property="article:published_time" content="2023-03-09T08:30:00+02:00">',
            "2023-03-09T08:30:00+02:00",
            "meta",
        ),
        ("<meta name='pubdate' content='2023-03-09'>", "2023-03-09T00:00:00+00:00", "meta"),
        (
            '<script type="application/ld+json">{"datePublished": "2023-03-09T05:00:00Z"}</script>',
            "2023-03-09T05:00:00+00:00",
            "JSON-LD",
        ),
        (
            '<p>By staff <time datetime="2023-03-09T10:15:00+01:00">9 March</time></p>',
            "2023-03-09T10:15:00+01:00",
            "time",
        ),
    ],
)
def test_published_time_from_page_metadata(head: str, expected: str, origin: str) -> None:
    from sitrep.ingest.html import published_time

    found, how = published_time(f"<html><head>{head}</head><body></body></html>")
    assert found is not None and found.isoformat() == expected and origin in how


def test_canonical_url_from_the_page(tmp_path: Path) -> None:
    page = article_html().replace(
        "<title>", '<link rel="canonical" href="https://courier.example/2023/03/09/market"><title>'
    )
    (tmp_path / "p.html").write_text(page)
    (doc,) = docs_only(read([str(tmp_path / "p.html")]))
    assert doc.url == "https://courier.example/2023/03/09/market"
    assert doc.meta["published_from"] == "<meta article:published_time>"
    assert doc.published is not None and doc.published.isoformat() == "2023-03-09T08:30:00+02:00"


def test_feed_links_to_private_addresses_are_refused(tmp_path: Path) -> None:
    with local_server({"/story": html_reply(article_html())}) as server:
        feed = tmp_path / "hostile.rss"
        feed.write_text(
            '<?xml version="1.0"?><rss version="2.0"><channel><title>H</title>'
            f"<item><title>x</title><link>{server.url('/story')}</link></item></channel></rss>"
        )
        (error,) = read([str(feed)], Settings.load(allow_private=False))
        assert server.hits == []
    assert isinstance(error, InputError)
    assert error.item == f"{feed}#1 ({server.url('/story')})" and error.problem.startswith(
        "refused: 127.0.0.1"
    )
