"""The URL fetcher: schemes, redirects, size cap, content type, timeouts, private addresses."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from ingest_helpers import Reply, article_html, html_reply, local_server

from sitrep.errors import FetchError
from sitrep.ingest import fetch as fetch_module
from sitrep.ingest.fetch import address_problem, check_url, fetch_url, is_url
from sitrep.settings import Settings

OPEN = Settings.load(allow_private=True)


def redirect(to: str) -> Reply:
    return Reply(302, b"", {"Location": to})


def test_page_through_bounded_redirects() -> None:
    routes = {"/a": redirect("/b"), "/b": redirect("/page"), "/page": html_reply(article_html())}
    with local_server(routes) as server:
        fetched = fetch_url(server.url("/a"), OPEN)
    assert fetched.url == server.url("/page") and fetched.content_type == "text/html"
    assert fetched.charset == "utf-8" and b"Artillery shells" in fetched.body


def test_redirect_loop_stops() -> None:
    with local_server({"/loop": redirect("/loop")}) as server:
        with pytest.raises(FetchError, match="more than 3 redirects") as info:
            fetch_url(server.url("/loop"), OPEN.replace(max_redirects=3))
    assert info.value.item == server.url("/loop")
    assert len(server.hits) == 4


def test_malformed_urls_are_fetch_errors_not_crashes() -> None:
    from sitrep.errors import InputError
    from sitrep.ingest import iter_documents

    with pytest.raises(FetchError, match="not a valid URL") as info:
        check_url("http://[::1", OPEN)
    assert info.value.item == "http://[::1"
    with local_server({"/bad": redirect("http://[bad-host/x")}) as server:
        with pytest.raises(FetchError, match="not a valid URL"):
            fetch_url(server.url("/bad"), OPEN)
    results = list(iter_documents(["http://[::1", "https://[oops/page"], OPEN))
    assert [r.item for r in results if isinstance(r, InputError)] == ["http://[::1", "https://[oops/page"]


def test_http_error_status() -> None:
    with local_server({}) as server:
        with pytest.raises(FetchError, match="HTTP 404"):
            fetch_url(server.url("/missing"), OPEN)


def test_timeout() -> None:
    with local_server({"/slow": Reply(200, b"late", {"Content-Type": "text/plain"}, delay=2.0)}) as server:
        with pytest.raises(FetchError, match="timed out after 0.3 s"):
            fetch_url(server.url("/slow"), OPEN.replace(fetch_timeout=0.3))


@pytest.mark.parametrize("chunked", [False, True])
def test_size_cap(chunked: bool) -> None:
    body = b"<html><body>" + b"<p>word </p>" * 20_000 + b"</body></html>"
    reply = Reply(200, body, {"Content-Type": "text/html"}, chunked=chunked)
    with local_server({"/big": reply}) as server:
        with pytest.raises(FetchError, match=r"\(max_bytes\) (is|of) 100,000 bytes"):
            fetch_url(server.url("/big"), OPEN.replace(max_bytes=100_000))
        assert fetch_url(server.url("/big"), OPEN.replace(max_bytes=len(body))).body == body


def test_content_type_is_checked() -> None:
    with local_server({"/img": Reply(200, b"\x89PNG", {"Content-Type": "image/png"})}) as server:
        with pytest.raises(FetchError, match="unsupported content type 'image/png'"):
            fetch_url(server.url("/img"), OPEN)


@pytest.mark.parametrize("url", ["file:///etc/hostname", "ftp://example.org/x", "gopher://example.org/"])
def test_only_http_and_https(url: str) -> None:
    assert is_url(url)
    with pytest.raises(FetchError, match="only http and https"):
        check_url(url, OPEN)


def test_paths_are_not_urls() -> None:
    assert not is_url("folder/file.html") and not is_url("-") and not is_url("C")


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("::ffff:127.0.0.1", "loopback"),
        ("0.0.0.0", "unspecified"),
        ("93.184.216.34", None),
        ("2606:4700::1111", None),
    ],
)
def test_address_problem(address: str, problem: str | None) -> None:
    found = address_problem(address)
    assert (found is None) if problem is None else (found is not None and problem in found)


def test_private_addresses_are_refused_before_any_request() -> None:
    with local_server({"/page": html_reply(article_html())}) as server:
        with pytest.raises(FetchError, match="refused: 127.0.0.1 is a loopback address") as info:
            fetch_url(server.url("/page"), Settings.load(allow_private=False))
        assert server.hits == []
    assert "allow_private" in str(info.value)


def test_hostnames_are_resolved_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetch_module, "resolve", lambda host, port, url: ["10.20.30.40"])
    with pytest.raises(FetchError, match="intranet.test resolves to a private address 10.20.30.40"):
        check_url("http://intranet.test/", Settings.load(allow_private=False))


def test_redirect_to_a_private_address_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    real: Callable[[str, int, str], list[str]] = fetch_module.resolve

    def fake(host: str, port: int, url: str) -> list[str]:
        # "localhost" plays a public host here; the redirect target 127.0.0.1 is checked for real
        return ["93.184.216.34"] if host == "localhost" else real(host, port, url)

    monkeypatch.setattr(fetch_module, "resolve", fake)
    with local_server({}) as server:
        server.routes["/start"] = redirect(server.url("/secret"))
        start = server.url("/start").replace("127.0.0.1", "localhost")
        with pytest.raises(FetchError, match="refused: 127.0.0.1 is a loopback address"):
            fetch_url(start, Settings.load(allow_private=False))
        assert server.hits == ["/start"]
