"""Regenerate the README's screenshots: `python scripts/screenshots.py` (needs Debian's chromium).

Starts the app on a free port, opens each view in headless Chromium (WebGL through SwiftShader), and
saves PNGs under docs/screenshots/. Look at them before committing: a blank map is a bug.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from dashboard.localserver import CHROMIUM, CHROMIUM_ARGS, running_app  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
# (file, URL path and query, viewport height, part of the page to keep: top and bottom in pixels)
SHOTS = [
    ("atlas-en.png", "/?lang=en", 1150, (0, 1150)),
    ("atlas-id-detail.png", "/?lang=id&partner=seoul&years=2010&years=2026", 2300, (0, 2300)),
    ("seoul-en.png", "/seoul?lang=en&finding=smart_city", 4200, (1150, 2900)),
]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with running_app() as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, query, height, (top, bottom) in SHOTS:
            page = browser.new_page(viewport={"width": 1440, "height": height})
            page.goto(f"{base}{query}")
            page.locator("[data-testid=stDeckGlJsonChart] canvas").first.wait_for(timeout=60000)
            page.wait_for_timeout(4000)
            page.screenshot(path=str(OUT / name), clip={"x": 0, "y": top, "width": 1440, "height": bottom - top})
            print(OUT / name)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
