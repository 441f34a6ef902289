"""The web app end to end in Debian's Chromium (Playwright), against the API serving the demo store.

Marked ``browser``. Set SITREP_SCREENSHOTS=docs/img to save the main views as PNG files.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from web_helpers import Demo, build_demo_store

from sitrep.api import create_app
from sitrep.settings import Settings

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("SITREP_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = os.environ.get("SITREP_SCREENSHOTS")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    return build_demo_store(str(tmp_path_factory.mktemp("web") / "demo.db"))


@pytest.fixture(scope="module")
def base_url(demo: Demo) -> Iterator[str]:
    import uvicorn

    static = Path(__file__).resolve().parents[1] / "src/sitrep/web/static/vendor/leaflet/leaflet.js"
    if not static.exists():
        pytest.fail("web vendor files missing: run scripts/build-web")
    port = free_port()
    app = create_app(Settings.load(db=demo.store.url))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    # bypass_csp: Playwright's waits evaluate strings; it also means the XSS test checks that
    # escaping alone keeps payloads inert, with the Content-Security-Policy as a second line only.
    context = browser.new_context(
        viewport={"width": 1400, "height": 900}, accept_downloads=True, bypass_csp=True
    )
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert not errors, errors


def shot(pg: Any, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(Path(SHOTS) / name))


def open_app(pg: Any, url: str) -> None:
    pg.goto(url)
    pg.wait_for_selector("body[data-ready='1']")
    pg.wait_for_selector("#event-list .ev-item")


def list_count(pg: Any) -> int:
    return int(pg.inner_text("#list-count"))


def test_map_shows_markers_and_the_list(page: Any, base_url: str, demo: Demo) -> None:
    open_app(page, base_url + "/")
    page.wait_for_selector(".leaflet-marker-icon")
    assert page.locator(".leaflet-marker-icon").count() > 0
    page.wait_for_selector(".leaflet-overlay-pane path", state="attached")  # basemap countries
    assert page.locator(".leaflet-overlay-pane path").count() > 100
    assert page.locator("path.ev-area").count() == 2  # "near Odesa" circle, Donetsk Oblast area
    assert list_count(page) > 0
    assert page.inner_text("#unplaced-count") == "1"  # the country-level event has no pin
    shot(page, "map.png")


def test_brushing_the_timeline_filters_the_list(page: Any, base_url: str) -> None:
    open_app(page, base_url + "/?inview=0")
    before = list_count(page)
    box = page.locator("#timeline").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.05, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.3, y, steps=5)
    page.mouse.up()
    page.wait_for_function(f"Number(document.getElementById('list-count').textContent) !== {before}")
    after = list_count(page)
    assert 0 < after < before
    assert "date_from=" in page.url and "date_to=" in page.url
    date_from = page.input_value("#f-date_from")
    dates = page.locator(".ev-meta").all_inner_texts()
    assert all(d[:10] >= date_from for d in dates)


def test_clicking_a_marker_opens_the_event_with_evidence_and_claims(
    page: Any, base_url: str, demo: Demo
) -> None:
    open_app(page, base_url + "/?lat=49.99&lon=36.23&z=10")
    marker = page.locator(f".leaflet-marker-icon[data-event-id='{demo.kharkiv}']")
    marker.wait_for()
    page.hover(f"#event-list [data-event-id='{demo.kharkiv}']")  # the list and the map in step
    assert "hover" in (marker.get_attribute("class") or "")
    marker.click()
    page.wait_for_selector(f"#drawer[data-loaded='{demo.kharkiv}']")
    assert "Kharkiv" in page.inner_text("#drawer-title")
    assert f"event={demo.kharkiv}" in page.url
    assert "selected" in (
        page.locator(f".leaflet-marker-icon[data-event-id='{demo.kharkiv}']").get_attribute("class") or ""
    )
    marks = page.locator("#drawer mark.hl-event").all_inner_texts()
    assert "Russian forces struck Kharkiv with missiles on Sunday" in marks
    speakers = page.locator("#drawer .claims-grid .speaker")
    assert speakers.count() == 2
    a, b = speakers.nth(0).bounding_box(), speakers.nth(1).bounding_box()
    assert abs(a["y"] - b["y"]) < 2 and a["x"] != b["x"]  # side by side, not stacked
    assert page.locator("#drawer .stance-denies").count() >= 1
    assert "2 independent sources" in page.inner_text("#drawer")
    shot(page, "event.png")
    page.locator("#drawer .claims-grid").scroll_into_view_if_needed()
    shot(page, "claims-evidence.png")
    page.keyboard.press("Escape")
    page.wait_for_selector("#drawer", state="hidden")


def test_keyboard_opens_an_event_from_the_list(page: Any, base_url: str) -> None:
    open_app(page, base_url + "/?inview=0")
    first = page.locator("#event-list .ev-button").first
    first.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#drawer[data-loaded]")
    assert page.evaluate("document.activeElement.id") == "drawer"


def test_export_downloads_the_filtered_events(page: Any, base_url: str) -> None:
    open_app(page, base_url + "/?type=Battles&inview=0")
    with page.expect_download() as info:
        page.click("#export-geojson")
    path = info.value.path()
    features = json.loads(Path(path).read_text())["features"]
    assert features and len(features) == list_count(page)


def test_shared_url_restores_the_view(page: Any, browser: Any, base_url: str, demo: Demo) -> None:
    open_app(page, base_url + "/?inview=0")
    page.select_option("#f-type", "Battles")
    page.wait_for_function("location.search.includes('type=Battles')")
    page.locator(f"#event-list [data-event-id='{demo.donetsk}'] button").click()
    page.wait_for_selector(f"#drawer[data-loaded='{demo.donetsk}']")
    page.wait_for_timeout(300)
    shared = page.url
    centre = page.evaluate("Sitrep.MapView.view()")

    other = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=True).new_page()
    open_app(other, shared)
    other.wait_for_selector(f"#drawer[data-loaded='{demo.donetsk}']")
    assert other.input_value("#f-type") == "Battles"
    assert other.inner_text("#list-count") == page.inner_text("#list-count")
    restored = other.evaluate("Sitrep.MapView.view()")
    assert restored["z"] == centre["z"]
    assert abs(float(restored["lat"]) - float(centre["lat"])) < 0.01
    assert abs(float(restored["lon"]) - float(centre["lon"])) < 0.01
    other.context.close()


def test_xss_payloads_stay_inert(page: Any, base_url: str, demo: Demo) -> None:
    open_app(page, base_url + f"/?inview=0&event={demo.xss}")
    page.wait_for_selector(f"#drawer[data-loaded='{demo.xss}']")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None
    assert page.locator("img[src='x'], img[src='y'], #drawer script, #event-list script").count() == 0
    assert "<img src=y" in page.inner_text("#drawer-title")  # shown as text
    assert "<script>window.__xss=1</script>" in page.inner_text("#drawer .evidence")


def test_phone_layout_has_no_sideways_scroll(browser: Any, base_url: str) -> None:
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, bypass_csp=True)
    pg = ctx.new_page()
    open_app(pg, base_url + "/?inview=0")
    assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert pg.locator("#filters").is_hidden()
    shot(pg, "phone.png")
    pg.click("#toggle-filters")
    assert pg.locator("#filters").is_visible()
    ctx.close()


def test_page_runs_under_its_content_security_policy(browser: Any, base_url: str) -> None:
    ctx = browser.new_context(viewport={"width": 1200, "height": 800})  # the policy enforced
    pg = ctx.new_page()
    problems: list[str] = []
    pg.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    pg.on("pageerror", lambda exc: problems.append(str(exc)))
    open_app(pg, base_url + "/")
    pg.wait_for_selector(".leaflet-marker-icon")
    pg.locator("#event-list .ev-button").first.click()
    pg.wait_for_selector("#drawer[data-loaded]")
    assert not problems, problems
    ctx.close()
