"""The page "Use your own data" in Chromium: files chosen with the browser's own file picker
(set_input_files), a Surabaya folder explored on the atlas, a broken folder's problems at their cells, the
data of one viewer never seen by another, and no serious or critical axe finding on the page."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.server import CHROMIUM
from tests import surabaya
from tests.test_browser import browser, page, server, settle  # noqa: F401  (fixtures)
from tests.test_upload import data_digest

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")]
ROOT = Path(__file__).resolve().parent.parent
# The README's screenshot of the problems table is taken by this test; it is written into docs/ only when
# asked (ATLAS_WRITE_SCREENSHOTS=1), so that running the tests changes no file of the project.
SCREENSHOT = ROOT / "docs" / "screenshots" / "own-data-problems-en.png"


def open_upload_page(page, server: str, lang: str = "en") -> None:  # noqa: F811
    page.goto(f"{server}/own-data?lang={lang}")
    page.locator("[data-testid=stFileUploaderDropzoneInput]").wait_for(state="attached", timeout=60000)
    settle(page)


def choose(page, paths: list[Path]) -> None:  # noqa: F811
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files([str(p) for p in paths])
    page.wait_for_timeout(1500)
    settle(page)


def go_to(page, name: str) -> None:  # noqa: F811
    """Follow a link of the navigation (the same session: a new address would start a new one)."""
    page.locator("[data-testid=stSidebarNav]").get_by_text(name, exact=True).click()
    page.locator("[data-testid=stMain] h1").first.wait_for(timeout=60000)
    settle(page)


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    root = tmp_path_factory.mktemp("upload")
    good = surabaya.write(root / "surabaya")
    broken = surabaya.write(root / "broken", surabaya.broken_files())
    return sorted(good.iterdir()), sorted(broken.iterdir())


@pytest.fixture(scope="module", autouse=True)
def bundled_data_unchanged():
    before = data_digest()
    yield
    assert data_digest() == before


def test_a_surabaya_folder_shows_on_the_atlas_and_a_broken_one_keeps_it(server, page, browser, folders,  # noqa: F811
                                                                         tmp_path):
    good, broken = folders
    open_upload_page(page, server)
    choose(page, good)
    page.get_by_text("Your data is in use: Surabaya, 5 partner cities").wait_for(timeout=60000)
    go_to(page, "Atlas")
    page.get_by_text("Surabaya Partnerships Atlas").first.wait_for(timeout=60000)
    sidebar = page.locator("[data-testid=stSidebar]")
    assert sidebar.get_by_text("Your data: Surabaya").count() == 1
    page.locator("[data-testid=stDeckGlJsonChart] canvas").first.wait_for(timeout=60000)
    # the map's description names the home city and the partners
    page.wait_for_function("() => [...document.querySelectorAll('[aria-label], [alt]')].some(e => "
                           "/Surabaya to 5 partner cities.*Kitakyushu/.test(e.getAttribute('aria-label') || e.alt))",
                           timeout=60000)

    # another viewer, at the same time, sees the bundled data
    other = browser.new_page(viewport={"width": 1200, "height": 900})
    other.goto(f"{server}/?lang=en")
    other.get_by_text("Bandung Partnerships Atlas").first.wait_for(timeout=60000)
    assert other.get_by_text("Surabaya").count() == 0
    other.close()

    go_to(page, "Use your own data")
    page.get_by_text("Your data is in use: Surabaya").wait_for(timeout=60000)
    # a page left behind forgets its widgets: the picker is empty again, the upload still in use
    assert page.locator("[data-testid=stFileChipDeleteBtn]").count() == 0
    choose(page, broken)
    page.get_by_text("3 problems: your data was not loaded").wait_for(timeout=60000)
    table = page.locator("[data-testid=stDataFrame]").first
    table.scroll_into_view_if_needed()
    page.wait_for_timeout(1000)
    assert table.is_visible()
    shot = SCREENSHOT if os.environ.get("ATLAS_WRITE_SCREENSHOTS") == "1" else tmp_path / SCREENSHOT.name
    page.locator("[data-testid=stMain]").screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000  # a picture of the page, not an empty frame
    assert page.outside == [], page.outside
    assert page.locator("[data-testid=stException]").count() == 0

    go_to(page, "Atlas")  # the broken upload changed nothing: Surabaya is still shown
    page.get_by_text("Surabaya Partnerships Atlas").first.wait_for(timeout=60000)


def test_axe_finds_no_serious_or_critical_violation_on_the_page_with_problems(server, page, folders):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe
    _, broken = folders
    open_upload_page(page, server, "id")
    choose(page, broken)
    page.get_by_text("3 masalah").first.wait_for(timeout=60000)
    violations = Axe().run(page).response["violations"]
    bad = [f"{v['id']} ({len(v['nodes'])})" for v in violations if v["impact"] in ("serious", "critical")]
    assert bad == []
