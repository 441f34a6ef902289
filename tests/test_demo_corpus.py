"""The bundled demo corpus parses and hangs together (no extraction here: fast)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import datetime
from html.parser import HTMLParser

import pytest

from sitrep.demo import demo_path, iter_demo_documents, iter_demo_rows, load_expected

ROWS = list(iter_demo_rows())
IDS = [r["id"] for r in ROWS]


def test_corpus_size_and_unique_ids() -> None:
    assert len(ROWS) >= 30
    assert len(set(IDS)) == len(IDS)
    assert len({d.id for d in iter_demo_documents()}) == len(ROWS)  # no two texts alike


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_article_fields(row: dict) -> None:
    assert row["outlet"] and row["title"] and row["url"].startswith("https://")
    published = datetime.fromisoformat(row["published"])
    assert published.tzinfo is not None
    assert "2023-03-08" <= published.date().isoformat() <= "2023-03-12"
    words = len(row["text"].split())
    assert 140 <= words <= 400, words


def test_corpus_mix() -> None:
    outlets = {r["outlet"] for r in ROWS}
    languages = {r["language"] for r in ROWS}
    assert len(outlets) >= 8
    assert {"en", "uk", "fr"} <= languages
    xss = [r for r in ROWS if "<script>alert(1)</script>" in r["title"]]
    assert xss and "<img src=x onerror=alert(1)>" in xss[0]["text"]


def test_documents_carry_metadata() -> None:
    for doc in iter_demo_documents():
        assert doc.external_id in IDS
        assert doc.outlet and doc.published is not None


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta" and a.get("property"):
            self.meta[str(a["property"])] = a.get("content") or ""

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_pages_parse_and_match_jsonl() -> None:
    rows = {r["id"]: r for r in ROWS}
    pages = sorted((demo_path() / "html").glob("*.html"))
    assert len(pages) >= 5
    for page in pages:
        assert page.stem in rows
        parser = _Collector()
        parser.feed(page.read_text(encoding="utf-8"))
        row = rows[page.stem]
        assert parser.meta["og:title"] == row["title"]
        assert parser.meta["og:site_name"] == row["outlet"]
        assert parser.meta["article:published_time"] == row["published"]
        text = " ".join("".join(parser.text).split())
        first_paragraph = " ".join(row["text"].split("\n\n")[0].split())
        assert first_paragraph in text
        assert "Related articles" in text  # boilerplate that extraction must drop


def test_feed_parses() -> None:
    root = ET.parse(demo_path() / "feed.xml").getroot()
    items = root.findall("./channel/item")
    assert len(items) >= 3
    rows = {r["id"]: r for r in ROWS}
    content = "{http://purl.org/rss/1.0/modules/content/}encoded"
    for item in items:
        guid = item.findtext("guid")
        assert guid in rows
        assert item.findtext("pubDate")
        assert rows[guid]["title"] == item.findtext("title")
        assert len(item.findtext(content) or "") > 500


def test_feed_parses_with_feedparser() -> None:
    feedparser = pytest.importorskip("feedparser")
    parsed = feedparser.parse((demo_path() / "feed.xml").read_bytes())
    assert not parsed.bozo
    assert all(e.get("content") for e in parsed.entries)


def test_expected_references_existing_ids() -> None:
    expected = load_expected()
    ids = set(IDS)
    assert set(expected["articles"]) == ids
    for family in expected["story_families"]:
        assert family["original"] in family["members"]
        assert set(family["members"]) <= ids
    for group in expected["same_event"]:
        assert set(group["members"]) | set(group.get("also_non_english", [])) <= ids
    for group in expected["distinct_events"]:
        assert set(group["docs"]) <= ids
    for key in ("non_english", "not_conflict", "xss", "html", "feed"):
        assert set(expected[key]) <= ids
    html_ids = {p.stem for p in (demo_path() / "html").glob("*.html")}
    assert set(expected["html"]) == html_ids


def test_expected_events_are_well_formed() -> None:
    acled = {
        "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
        "Explosions/Remote violence": {
            "Chemical weapon",
            "Air/drone strike",
            "Suicide bomb",
            "Shelling/artillery/missile attack",
            "Remote explosive/landmine/IED",
            "Grenade",
        },
        "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
        "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
        "Riots": {"Violent demonstration", "Mob violence"},
        "Strategic developments": {
            "Agreement",
            "Arrests",
            "Change to group/activity",
            "Disrupted weapons use",
            "Headquarters or base established",
            "Looting/property destruction",
            "Non-violent transfer of territory",
            "Other",
        },
    }
    stances = {"asserts", "denies", "confirms", "disputes", "accuses"}
    expected = load_expected()
    for art_id, art in expected["articles"].items():
        for ev in art["events"]:
            assert ev["sub_event_type"] in acled[ev["event_type"]], art_id
            assert ev["location"] and ev["date"][:4] == "2023"
            assert ev["fatalities"]["min"] is not None
        for claim in art["claims"]:
            assert claim["stance"] in stances and claim["speaker"], art_id
        for quote in art["quotes"]:
            rows = {r["id"]: r for r in ROWS}
            assert quote["text_starts"] in rows[art_id]["text"], (art_id, quote)
    assert json.dumps(expected)  # plain JSON all through
