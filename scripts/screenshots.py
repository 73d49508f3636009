"""Regenerate the README's screenshots: `python scripts/screenshots.py` (needs Debian's chromium).

Starts the app on a free port, opens each view in headless Chromium (WebGL through SwiftShader), and
saves PNGs under docs/screenshots/. Look at them before committing: a blank map is a bug.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.server import CHROMIUM, CHROMIUM_ARGS, running_app

ROOT = Path(__file__).resolve().parent.parent

OUT = ROOT / "docs" / "screenshots"
# (file, URL path and query, viewport width and height, part of the page to keep: top and bottom in pixels)
SHOTS = [
    ("atlas-en.png", "/?lang=en", 1440, 900, (0, 900)),
    ("atlas-id-detail.png", "/?lang=id&partner=seoul&map=east_asia", 1440, 900, (0, 900)),
    ("seoul-en.png", "/seoul?lang=en&finding=smart_city", 1440, 4200, (1150, 2900)),
    ("present-en.png", "/?mode=present&lang=en", 1280, 720, (0, 720)),
    ("atlas-inset-en.png", "/?lang=en", 1280, 720, (0, 720)),
]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with running_app() as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, query, width, height, (top, bottom) in SHOTS:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(f"{base}{query}")
            page.locator("[data-testid=stDeckGlJsonChart] canvas").first.wait_for(timeout=60000)
            page.wait_for_timeout(3000)
            # until Streamlit has finished (the map's width is reported once, then the view is fitted to it)
            page.wait_for_function("() => !document.querySelector('[data-stale=true]') && "
                                   "!document.querySelector('[data-testid=stStatusWidget]')", timeout=60000)
            page.wait_for_timeout(2500)
            page.screenshot(path=str(OUT / name), clip={"x": 0, "y": top, "width": width, "height": bottom - top})
            print(OUT / name)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
