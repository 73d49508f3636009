"""What only a browser shows: the map is really drawn, the URL follows the widgets, a click on a partner
opens its detail, and no request leaves the local server. Runs `streamlit run` on a free port and drives
Debian's Chromium with Playwright (no browser download); skipped where there is no /usr/bin/chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.localserver import CHROMIUM, CHROMIUM_ARGS, running_app

LOCAL = re.compile(r"^(https?|wss?)://(127\.0\.0\.1|localhost)[:/]")

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


@pytest.fixture(scope="module")
def server():
    with running_app() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    page.outside, page.errors = [], []
    page.on("request", lambda r: page.outside.append(r.url)
            if not LOCAL.match(r.url) and not r.url.startswith(("data:", "blob:")) else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    page.close()


def open_map(page, url: str):
    page.goto(url)
    canvas = page.locator("[data-testid=stDeckGlJsonChart] canvas").first
    canvas.wait_for(timeout=60000)
    page.wait_for_timeout(3000)  # let deck.gl draw its first frames
    return canvas


def colours(png: bytes) -> dict[tuple[int, int, int], int]:
    """How many pixels of each colour a screenshot has (scaled down, so counts are comparable)."""
    import io
    from collections import Counter

    import numpy as np
    from PIL import Image  # Pillow comes with Streamlit
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB").resize((200, 120))).reshape(-1, 3)
    return Counter(map(tuple, pixels.tolist()))


def near(counts, rgb, tolerance=18) -> int:
    return sum(n for c, n in counts.items() if all(abs(a - b) <= tolerance for a, b in zip(c, rgb)))


def test_the_world_the_arcs_and_the_partners_are_drawn_with_no_request_leaving_the_server(server, page):
    canvas = open_map(page, f"{server}/?lang=en")
    counts = colours(canvas.screenshot())
    assert near(counts, (221, 234, 243)) > 3000, "no sea drawn"  # maps.SEA
    assert near(counts, (241, 239, 233)) > 1500, "no land drawn"  # maps.LAND
    assert near(counts, (0, 114, 178), 30) > 20, "no sister-city arcs or points"  # sister-city blue
    assert page.outside == [], page.outside
    assert page.errors == [], page.errors
    assert page.locator("[data-testid=stException]").count() == 0


def test_the_url_follows_the_widgets(server, page):
    open_map(page, f"{server}/?lang=id")
    page.locator("[data-testid=stSidebar]").get_by_text("en", exact=True).click()
    page.wait_for_function("() => location.search.includes('lang=en')", timeout=20000)
    page.get_by_text("Bandung Partnerships Atlas").first.wait_for(timeout=20000)


def test_a_link_opens_the_same_view(server, page):
    open_map(page, f"{server}/?lang=en&years=1960&years=1999")
    page.get_by_text("Partners", exact=True).first.wait_for()
    metric = page.locator("[data-testid=stMetricValue]").first
    assert metric.inner_text().strip() == "3"


def test_a_direct_link_to_the_seoul_page_keeps_the_frame_and_language(server, page):
    page.goto(f"{server}/seoul?lang=en")
    page.get_by_text("The Seoul case: why Bandung chose Seoul").first.wait_for(timeout=60000)
    nav = page.locator("[data-testid=stSidebarNav]").inner_text()
    assert "The Seoul case" in nav and "About the data" in nav and "app" not in nav.split()


def _on_canvas(lon, lat, width, height):
    """Where a place lies on the map canvas at the opening view."""
    from dashboard.maps import MAP_CENTRE, MAP_ZOOM, pixel
    cx, cy = pixel(*MAP_CENTRE, MAP_ZOOM)
    x, y = pixel(lon, lat, MAP_ZOOM)
    return width / 2 + (x - cx), height / 2 + (y - cy)


def test_clicking_a_partner_on_the_map_opens_its_detail(server, page):
    canvas = open_map(page, f"{server}/?lang=en")
    for _ in range(6):  # deck.gl may still be settling on a busy machine: hover until it picks Cuenca
        box = canvas.bounding_box()
        x, y = _on_canvas(-79.0045, -2.9006, box["width"], box["height"])  # Cuenca stands alone
        canvas.hover(position={"x": x, "y": y})
        try:
            page.get_by_text("Cuenca, Ecuador").first.wait_for(timeout=3000)  # the tooltip
        except Exception:
            page.mouse.move(0, 0)
            page.wait_for_timeout(1000)
            continue
        canvas.click(position={"x": x, "y": y})
        break
    page.wait_for_function("() => location.search.includes('partner=')", timeout=20000)
    page.get_by_text("Letter of intent only").first.wait_for(timeout=20000)
    assert "partner=Cuenca" in page.url
