"""Replicas for real (issue 21): deploy/nginx.conf, filled in by `bench.replicas`, in front of two atlas
servers. Viewers spread over both and each stays on its own (by a cookie: a hall shares one address); a
server killed under its viewers loses none of their views. Needs Debian's nginx (`.ci/run` installs it)
and, for the pages, Chromium; skipped where they are absent."""

from __future__ import annotations

import asyncio
import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bench import protocol
from bench.failover import PARTNERS_SHOWN, SHOWN, VIEW, failover
from bench.replicas import COMPOSE, COOKIE, check, compose_config, nginx_available, render, running_replicas, streamlit_static
from bench.server import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser  # servers, nginx and Chromium: the browser lane
needs_nginx = pytest.mark.skipif(not nginx_available(), reason="Debian's nginx is not installed")
needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def test_the_compose_configuration_is_the_template_filled_for_four_named_servers():
    assert COMPOSE.read_text(encoding="utf-8") == compose_config(), "run: python -m bench.replicas --compose"
    assert not re.search(r"@[A-Z_]+@", compose_config())  # every place filled


@needs_nginx
def test_the_filled_template_passes_nginx_t():
    done = check(render(["127.0.0.1:1", "127.0.0.1:2"], "127.0.0.1:1", streamlit_static(), "/dev/null"))
    assert done.returncode == 0, done.stderr


def _protocol_viewers(url: str, count: int) -> list[tuple[protocol.Run, protocol.Run]]:
    """`count` viewers at once, each fetching the page (and its cookie), opening the websocket with it, and
    changing a filter."""
    async def one():
        session = protocol.Session(url, "lang=en")
        await session.visit()
        await session.connect()
        try:
            return await session.run(), await session.run({"Years": [1990.0, 2010.0]})
        finally:
            await session.close()

    async def all_of_them():
        return await asyncio.gather(*(one() for _ in range(count)))
    with ThreadPoolExecutor(1) as thread:  # Playwright's own event loop runs in this thread
        return thread.submit(asyncio.run, all_of_them()).result()


def _logged(log: list[str], route: str, request: str) -> bool:
    return any(f"route={route} " in line and request in line for line in log)


@needs_nginx
@needs_chromium
def test_viewers_spread_over_both_servers_and_each_stays_on_its_own(browser):
    with running_replicas(2) as replicas:
        pages = []
        for _ in range(3):
            page = browser.new_context().new_page()  # its own cookies: another viewer
            page.goto(f"{replicas.url}/{VIEW}")
            pages.append(page)
        for page in pages:
            page.wait_for_function(SHOWN, timeout=120000)
        routes = [next(c["value"] for c in page.context.cookies() if c["name"] == COOKIE) for page in pages]
        runs = _protocol_viewers(replicas.url, 16)
        assert all(first.error is None and rerun.error is None for first, rerun in runs), runs
        for page in pages:
            page.context.close()  # nginx logs a websocket when it closes
        for _ in range(100):
            log = replicas.log.read_text(encoding="utf-8").splitlines()
            if all(_logged(log, route, "GET /_stcore/stream") for route in routes):
                break
            time.sleep(0.1)
        served = replicas.routes()
    # every viewer's requests (the page, the health check, the websocket) went to one server ...
    assert all(len(servers) == 1 for servers in served.values()), served
    for route in routes:  # each browser's page and its websocket among them
        assert _logged(log, route, '"GET /?lang=en') and _logged(log, route, "GET /_stcore/stream"), route
    # ... and the viewers are spread over both
    assert set().union(*served.values()) == {s.url.removeprefix("http://") for s in replicas.servers}


@needs_nginx
@needs_chromium
def test_a_server_killed_under_its_viewers_loses_none_of_their_views(browser):
    with running_replicas(2) as replicas:
        result = failover(browser, replicas, pages=4)
        assert result.moved >= 1
        for viewer, text in zip(result.viewers, result.texts):
            assert viewer.page.evaluate(SHOWN)  # its view: drawn, connected, the view's figures, no error box
            assert "Bandung Partnerships Atlas" in text and "1960–1999" in text
            assert "Traceback" not in text and viewer.errors == []
        for viewer in result.moved_viewers:
            assert len(viewer.sockets) >= 2 and viewer.sockets[0].is_closed()
            assert len(replicas.routes()[viewer.route]) == 2  # served by the dead server, then the live one
            # the live server now holds the viewer's session: the first change is kept, the years too
            viewer.to_indonesian()
            assert viewer.page.locator("h1").first.inner_text() == "Atlas Kerja Sama Kota Bandung"
            assert viewer.page.evaluate("location.search") == "?years=1960&years=1999"
            assert viewer.page.locator("[data-testid=stMetricValue]").first.inner_text() == PARTNERS_SHOWN
