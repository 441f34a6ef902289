"""`sitrep extract`: JSONL (or any ingest input) in, one JSON line per document out, in input order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from ingest_helpers import article_html, sentence_doc

from sitrep.cli import cli

EVALDATA = Path(__file__).resolve().parents[2] / "shared" / "evaldata"
KEYS = {
    "schema",
    "id",
    "doc_id",
    "external_id",
    "published",
    "language",
    "skipped",
    "events",
    "places",
    "dates",
    "claims",
    "quotes",
}


def run_extract(args: list[str], input: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["extract", *args], input=input, catch_exceptions=False)


def lines(result: Result) -> list[dict[str, object]]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_stdin_jsonl_in_input_order_with_errors_on_stderr() -> None:
    rows = [
        json.dumps({"id": "z-last", "text": sentence_doc(1), "published": "2023-03-09"}),
        "{not json",
        json.dumps(
            {"id": "uk-1", "text": "Російські війська обстріляли місто вночі, є загиблі, повідомила влада."}
        ),
        json.dumps({"id": 7, "html": article_html(), "outlet": "Given"}),
    ]
    result = run_extract([], input="\n".join(rows) + "\n")
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("error:")] == [
        "error: stdin:2: not valid JSON (Expecting property name enclosed in double quotes at column 2)"
    ]
    out = lines(result)
    assert [o["id"] for o in out] == ["z-last", "uk-1", "7"]
    assert all(KEYS <= set(o) for o in out)
    assert out[0]["published"] == "2023-03-09T00:00:00+00:00" and out[0]["skipped"] is None
    assert out[1]["language"] == "uk" and "not supported" in str(out[1]["skipped"]) and out[1]["events"] == []
    assert out[2]["outlet"] == "Given" and out[2]["title"] == "Shelling damages market in Kherson"


def test_files_with_published_and_title(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(sentence_doc(3))
    result = run_extract([str(path), "--published", "2023-03-10", "--title", "My title", "--outlet", "Desk"])
    assert result.exit_code == 0, result.stderr
    (out,) = lines(result)
    assert (
        out["published"] == "2023-03-10T00:00:00+00:00"
        and out["title"] == "My title"
        and out["outlet"] == "Desk"
    )
    assert out["external_id"] is None and out["id"] == out["doc_id"]
    assert any(d["phrase"] for d in out["dates"])  # type: ignore[union-attr]


def test_offsets_point_into_the_text(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    text = sentence_doc(4)
    path.write_text(json.dumps({"id": "o", "text": text}) + "\n")
    (out,) = lines(run_extract([str(path)]))
    for mention in out["dates"] + out["places"]:  # type: ignore[operator]
        span = mention["span"]
        assert text[span["start"] : span["end"]] == span["text"]


@pytest.mark.evaldata
def test_seed_article() -> None:
    article = EVALDATA / "seed" / "article.txt"
    if not article.exists():
        pytest.skip(f"evaluation data not found at {EVALDATA} (see ../shared/evaldata/README.md)")
    result = run_extract([str(article), "--published", "2023-03-10"])
    assert result.exit_code == 0, result.stderr
    (out,) = lines(result)
    assert out["published"] == "2023-03-10T00:00:00+00:00" and out["language"] == "en"
    assert out["places"], "the seed article names places"


def test_reading_a_terminal_says_so_instead_of_waiting_silently(monkeypatch: pytest.MonkeyPatch) -> None:
    import sitrep.cli.ingest as ingest_cli

    monkeypatch.setattr(ingest_cli, "stdin_is_terminal", lambda: True)
    result = CliRunner().invoke(cli, ["extract"], input="")
    assert "reading from standard input" in result.stderr and "Ctrl-D" in result.stderr
    monkeypatch.setattr(ingest_cli, "stdin_is_terminal", lambda: False)
    piped = CliRunner().invoke(cli, ["extract"], input="")
    assert "reading from standard input" not in piped.stderr
