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
    assert "partner=cuenca" in page.evaluate("location.search")


# --- Seminar use: the view survives navigation, presentation steps, the history player ---------------------


def search(page) -> str:
    # Playwright's page.url can lag behind history.replaceState; the document knows.
    return page.evaluate("location.search")


def test_the_seoul_page_reached_from_the_sidebar_keeps_the_language_and_the_url(server, page):
    open_map(page, f"{server}/?lang=en&sectors=culture")
    page.locator("[data-testid=stSidebarNav] a").nth(1).click()
    page.get_by_text("The Seoul case: why Bandung chose Seoul").first.wait_for(timeout=30000)
    page.wait_for_function("() => location.pathname.endsWith('/seoul') && location.search.includes('lang=en')",
                           timeout=20000)
    assert "sectors=culture" in search(page)
    page.reload()
    page.get_by_text("The Seoul case: why Bandung chose Seoul").first.wait_for(timeout=30000)
    assert page.errors == [] and page.outside == []


def test_every_presentation_step_draws_with_no_request_leaving_the_server(server, page):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{server}/?mode=present&lang=en")
    page.get_by_text("Step 1 of 5").first.wait_for(timeout=60000)
    page.locator("[data-testid=stDeckGlJsonChart] canvas").first.wait_for(timeout=60000)
    for step in range(2, 6):
        page.get_by_role("button", name="Next").click()
        page.get_by_text(f"Step {step} of 5").first.wait_for(timeout=30000)
        page.wait_for_function(f"() => location.search.includes('step={step}')", timeout=20000)
        if step in (2, 3, 4):  # a chart is drawn
            page.locator("[data-testid=stVegaLiteChart] svg, [data-testid=stVegaLiteChart] canvas").first.wait_for(
                timeout=30000)
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.errors == [] and page.outside == [], (page.errors, page.outside)
    # the sidebar is collapsed and the type is large
    assert page.locator("[data-testid=stSidebar]").get_attribute("data-collapsed") == "true"
    sizes = page.evaluate("[...document.querySelectorAll('[data-testid=stMain] [data-testid=stMarkdownContainer] p')]"
                          ".map(p => parseFloat(getComputedStyle(p).fontSize))")
    assert sizes and min(sizes) >= 20, sizes


def test_the_play_control_grows_the_year_range_and_stops_where_it_is(server, page):
    open_map(page, f"{server}/?lang=en")
    page.locator("[data-testid=stMain]").get_by_text("Fast", exact=True).click()
    page.get_by_role("button", name="Play the history").click()
    page.wait_for_function("() => /years=\\d+&years=\\d+/.test(location.search)", timeout=30000)
    first = search(page)
    page.wait_for_timeout(3000)
    page.get_by_role("button", name="Pause").click()
    page.get_by_role("button", name="Play the history").wait_for(timeout=30000)
    page.wait_for_timeout(2000)
    paused = search(page)
    assert paused != first, (first, paused)
    page.wait_for_timeout(2500)
    assert search(page) == paused  # pausing leaves the range where it is
    high = [int(v) for v in re.findall(r"years=(\d+)", paused)]
    assert high[0] < high[1] < 2026
