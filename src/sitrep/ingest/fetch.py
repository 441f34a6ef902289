"""Fetching one URL safely: http/https only, bounded redirects, a size cap, a timeout, a
content-type check, and no private, loopback or link-local addresses unless allowed.

Every hop of a redirect chain is checked again. (The address check resolves the host before
the request; a DNS server that answers differently a moment later is not defended against.)
"""

from __future__ import annotations

import ipaddress
import re
import socket
from dataclasses import dataclass
from urllib.parse import SplitResult, urljoin, urlsplit

from sitrep.errors import FetchError
from sitrep.settings import Settings

HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")
XML_TYPES = ("application/xml", "text/xml")
TEXT_TYPES = ("text/plain", "text/markdown")
ACCEPTED_TYPES = HTML_TYPES + FEED_TYPES + XML_TYPES + TEXT_TYPES
REDIRECT_CODES = (301, 302, 303, 307, 308)


@dataclass
class Fetched:
    url: str  # the final URL, after redirects
    content_type: str  # media type, lower case, no parameters
    charset: str | None
    body: bytes


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+:")


def is_url(item: str) -> bool:
    """Does ``item`` look like a URL (any scheme) rather than a local path? (Malformed URLs too:
    fetching them gives the error.)"""
    return _SCHEME.match(item) is not None


def split_url(url: str, item: str | None = None) -> SplitResult:
    """``urlsplit``, with ``FetchError`` (naming ``item``, else the URL) for a malformed URL."""
    try:
        return urlsplit(url)
    except ValueError as exc:
        raise FetchError(item or url, f"not a valid URL ({exc})") from None


def check_url(url: str, settings: Settings) -> None:
    """``FetchError`` unless the URL is http(s) and (unless allowed) reaches only public addresses."""
    parts = split_url(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(url, f"{parts.scheme}: URLs are not fetched; only http and https")
    host = parts.hostname
    if not host:
        raise FetchError(url, "URL has no host")
    if settings.allow_private:
        return
    for address in resolve(host, parts.port or (443 if parts.scheme == "https" else 80), url):
        problem = address_problem(address)
        if problem:
            where = f"{host} is {problem}" if host == address else f"{host} resolves to {problem} {address}"
            raise FetchError(
                url,
                f"refused: {where}",
                "set allow_private (--allow-private or SITREP_ALLOW_PRIVATE=true) to fetch from your own network",
            )


def resolve(host: str, port: int, url: str) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(url, f"cannot resolve host {host!r} ({exc})") from None
    return sorted({str(info[4][0]) for info in infos})


def address_problem(address: str) -> str | None:
    """What makes an address off limits ("a loopback address"...), or None for a public address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for attr, label in (
        ("is_loopback", "a loopback address"),
        ("is_unspecified", "an unspecified address"),
        ("is_link_local", "a link-local address"),
        ("is_private", "a private address"),
        ("is_multicast", "a multicast address"),
        ("is_reserved", "a reserved address"),
    ):
        if getattr(ip, attr):
            return label
    if not ip.is_global:
        return "a non-global address"
    return None


def fetch_url(url: str, settings: Settings, accept: tuple[str, ...] = ACCEPTED_TYPES) -> Fetched:
    """GET ``url`` under the limits in ``settings``; ``FetchError`` names the URL and the problem."""
    import httpx

    timeout = float(settings.fetch_timeout)
    limit = int(settings.max_bytes)
    headers = {"User-Agent": str(settings.user_agent), "Accept": ", ".join(accept) + ", */*;q=0.1"}
    current = url
    with httpx.Client(timeout=timeout, follow_redirects=False, headers=headers, trust_env=False) as client:
        for _hop in range(int(settings.max_redirects) + 1):
            check_url(current, settings)
            try:
                with client.stream("GET", current) as response:
                    if response.status_code in REDIRECT_CODES and "location" in response.headers:
                        current = join_location(current, response.headers["location"], url)
                        continue
                    if response.status_code >= 400:
                        raise FetchError(url, f"HTTP {response.status_code} {response.reason_phrase}".strip())
                    if response.status_code != 200:
                        raise FetchError(url, f"unexpected HTTP status {response.status_code}")
                    content_type, charset = _content_type(response.headers.get("content-type", ""))
                    if content_type and content_type not in accept:
                        raise FetchError(url, f"unsupported content type {content_type!r}")
                    declared = response.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > limit:
                        raise FetchError(url, _too_big(int(declared), limit))
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body.extend(chunk)
                        if len(body) > limit:
                            raise FetchError(url, _too_big(None, limit))
                    return Fetched(str(response.url), content_type, charset, bytes(body))
            except httpx.TimeoutException:
                raise FetchError(url, f"timed out after {timeout:g} s", "raise fetch_timeout") from None
            except httpx.HTTPError as exc:
                raise FetchError(url, f"fetch failed: {type(exc).__name__}: {exc}") from None
    raise FetchError(url, f"more than {settings.max_redirects} redirects (last: {current})")


def join_location(current: str, location: str, item: str) -> str:
    """The URL a redirect points to; ``FetchError`` naming ``item`` when it is malformed."""
    try:
        return urljoin(current, location)
    except ValueError as exc:
        raise FetchError(item, f"redirect to a URL that is not a valid URL ({exc})") from None


def _content_type(header: str) -> tuple[str, str | None]:
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return media.strip().lower(), charset


def _too_big(size: int | None, limit: int) -> str:
    if size is None:
        return f"response is over the limit (max_bytes) of {limit:,} bytes"
    return f"response is {size:,} bytes; the limit (max_bytes) is {limit:,} bytes"
