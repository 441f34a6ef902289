"""The web app over the bundled demo corpus, run through the real ingest, extraction and fusion.

Marked ``browser``: Playwright drives Debian's Chromium. One extra hostile article (script and
HTML payloads in its text, title and outlet) goes through the same pipeline.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from test_web_browser import ARGS, CHROMIUM, free_port, list_count, open_app, shot
from web_helpers import build_corpus_store

from sitrep.api import create_app
from sitrep.settings import Settings
from sitrep.store.base import EventFilter, Store

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return build_corpus_store(str(tmp_path_factory.mktemp("corpus") / "demo.db"))


@pytest.fixture(scope="module")
def served(corpus: Store) -> Iterator[str]:
    import threading
    import time

    import uvicorn

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(Settings.load(db=corpus.url)), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page(served: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        ctx = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=True)
        pg = ctx.new_page()
        errors: list[str] = []
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        yield pg
        browser.close()
        assert not errors, errors


def test_corpus_events_show_on_the_map_and_list(page: Any, served: str, corpus: Store) -> None:
    total = corpus.count_canonical_events(EventFilter(limit=None))
    assert total > 10
    open_app(page, served + "/?inview=0")
    page.wait_for_selector(".leaflet-marker-icon")
    assert list_count(page) == total
    open_app(page, served + "/?lat=48.6&lon=34.5&z=6")
    page.wait_for_timeout(500)
    shot(page, "demo-map.png")


def test_best_sourced_event_shows_sources_claims_and_evidence(page: Any, served: str, corpus: Store) -> None:
    [best] = corpus.list_canonical_events(EventFilter(sort="-independent_sources", limit=1))
    assert best.independent_sources >= 2
    open_app(page, served + f"/?inview=0&event={best.id}")
    page.wait_for_selector(f"#drawer[data-loaded='{best.id}']")
    assert f"{best.independent_sources} independent sources" in page.inner_text("#drawer")
    assert page.locator("#drawer mark.hl-event").count() >= 1
    evidence = {
        s.text for m in best.mention_ids[:50] if (e := corpus.get_event_mention(m)) for s in e.evidence
    }
    shown = set(page.locator("#drawer mark.hl-event").all_inner_texts())
    assert shown and shown <= evidence
    assert page.locator("#drawer .claims-grid .speaker").count() >= 2
    shot(page, "demo-event.png")
    page.locator("#drawer .evidence").scroll_into_view_if_needed()
    shot(page, "demo-evidence.png")


def test_hostile_article_stays_inert(page: Any, served: str, corpus: Store) -> None:
    doc = corpus.get_document("xss-1")
    assert doc is not None
    [event_id] = corpus.canonical_ids_for_document(doc.id)
    open_app(page, served + f"/?inview=0&q=market&event={event_id}")
    page.wait_for_selector(f"#drawer[data-loaded='{event_id}']")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None
    assert page.locator("img[src='x'], #drawer script, #drawer b, #drawer i").count() == 0
    drawer = page.inner_text("#drawer")
    assert "<script>window.__xss=1</script>" in drawer and "Hostile <i>Wire</i>" in drawer
