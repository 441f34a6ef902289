"""Bad input: one stderr line per failed item naming it, the batch goes on, nothing stored, exit 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from ingest_helpers import NO_ARTICLE_HTML, Reply, html_reply, local_server, sentence_doc

from sitrep.cli import cli
from sitrep.store import open_store


def run_ingest(args: list[str], **env: str) -> Result:
    return CliRunner(env=env).invoke(cli, ["ingest", *args], catch_exceptions=False)


def error_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error: ")]


def stored(db: Path) -> list[str]:
    store = open_store(str(db))
    try:
        return sorted(d.source or "" for d in store.iter_documents())
    finally:
        store.close()


@pytest.fixture
def bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """name -> (path, expected problem text)"""
    folder = tmp_path / "in"
    folder.mkdir()
    cases: dict[str, tuple[Path, str]] = {}

    def add(name: str, data: bytes, problem: str) -> None:
        path = folder / name
        path.write_bytes(data)
        cases[name] = (path, problem)

    add("empty.txt", b"", "empty file")
    add("blank.html", b"  \n\n ", "empty")
    add("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file")
    add("latin1.txt", "Kämpfe in der Stadt, sagte der Bürgermeister.".encode("latin-1"), "not valid UTF-8")
    add("noarticle.html", NO_ARTICLE_HTML.encode(), "no article text")
    add("notafeed.rss", b"this is a plain sentence, not XML at all", "not an RSS or Atom feed")
    big = b"<html><body><article>" + b"<p>" + b"word " * 10_485_760 + b"</p></article></body></html>"
    add("huge.html", big, "limit (max_bytes)")
    assert len(big) > 50_000_000
    return cases


def test_bad_files_each_fail_alone(tmp_path: Path, bad_files: dict[str, tuple[Path, str]]) -> None:
    good = tmp_path / "good.txt"
    good.write_text(sentence_doc(1))
    jsonl = tmp_path / "batch.jsonl"
    jsonl.write_text(
        json.dumps({"id": "j1", "text": sentence_doc(2)})
        + '\n{"id": "j2", "text": "unterminated\n'
        + json.dumps({"id": "j3"})
        + "\n"
        + json.dumps({"id": "j4", "text": sentence_doc(4)})
        + "\n"
    )
    db = tmp_path / "t.db"
    items = [str(p) for p, _ in bad_files.values()] + [str(good), str(jsonl), str(tmp_path / "missing.txt")]
    result = run_ingest([*items, "--db", str(db), "--quiet"])
    assert result.exit_code == 1
    lines = error_lines(result)
    expected = {str(p): problem for p, problem in bad_files.values()}
    expected[f"{jsonl}:2"] = "not valid JSON"
    expected[f"{jsonl}:3"] = "no 'text' or 'html' field"
    expected[str(tmp_path / "missing.txt")] = "no such file"
    assert len(lines) == len(expected), result.stderr
    for item, problem in expected.items():
        matching = [line for line in lines if line.startswith(f"error: {item}: ")]
        assert len(matching) == 1, (item, result.stderr)
        assert problem in matching[0]
    assert stored(db) == sorted([str(good), f"{jsonl}:1", f"{jsonl}:4"])


def test_folder_with_bad_files_goes_on(tmp_path: Path, bad_files: dict[str, tuple[Path, str]]) -> None:
    folder = next(iter(bad_files.values()))[0].parent
    (folder / "ok.txt").write_text(sentence_doc(3))
    db = tmp_path / "t.db"
    result = run_ingest([str(folder), "--db", str(db)])
    assert result.exit_code == 1
    assert len(error_lines(result)) == len(bad_files)
    assert "1 new" in result.stderr and f"{len(bad_files)} failed" in result.stderr
    assert stored(db) == [str(folder / "ok.txt")]


def test_bad_urls_each_fail_alone(tmp_path: Path) -> None:
    routes = {
        "/ok": Reply(200, sentence_doc(5).encode(), {"Content-Type": "text/plain; charset=utf-8"}),
        "/slow": Reply(200, b"late", {"Content-Type": "text/plain"}, delay=2.0),
        "/loop": Reply(302, b"", {"Location": "/loop"}),
        "/huge": Reply(200, b"<p>" + b"x" * 300_000, {"Content-Type": "text/html"}, chunked=True),
        "/nav": html_reply(NO_ARTICLE_HTML),
        "/notfeed": html_reply("<html><body><p>hello</p></body></html>"),
    }
    db = tmp_path / "t.db"
    with local_server(routes) as server:
        expected = {
            server.url("/missing"): "HTTP 404",
            server.url("/slow"): "timed out",
            server.url("/loop"): "more than 5 redirects",
            server.url("/huge"): "max_bytes",
            server.url("/nav"): "no article text",
            "file:///etc/hostname": "only http and https",
        }
        result = run_ingest(
            [server.url("/ok"), *expected, "--db", str(db), "--allow-private", "--quiet"],
            SITREP_FETCH_TIMEOUT="0.5",
            SITREP_MAX_BYTES="200000",
        )
        feed_result = run_ingest(
            [server.url("/notfeed"), "--feed", "--db", str(db), "--allow-private", "--quiet"]
        )
    assert result.exit_code == 1
    lines = error_lines(result)
    assert len(lines) == len(expected), result.stderr
    for item, problem in expected.items():
        (line,) = [line for line in lines if line.startswith(f"error: {item}: ")]
        assert problem in line
    assert feed_result.exit_code == 1
    assert error_lines(feed_result) == [f"error: {server.url('/notfeed')}: not an RSS or Atom feed"]
    assert stored(db) == [server.url("/ok")]


def test_private_address_refused_without_allow_private(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    with local_server({"/ok": html_reply("<p>never fetched</p>")}) as server:
        result = run_ingest([server.url("/ok"), "--db", str(db)], SITREP_ALLOW_PRIVATE="false")
        assert server.hits == []
    assert result.exit_code == 1
    (line,) = error_lines(result)
    assert line.startswith(f"error: {server.url('/ok')}: refused: 127.0.0.1 is a loopback address")
    assert stored(db) == []


def test_all_good_exits_zero(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(sentence_doc(9))
    result = run_ingest([str(path), "--db", str(tmp_path / "t.db"), "--quiet"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
