"""A server dies under its viewers: Chromium pages open one view through nginx, the server holding most of
them is killed, and the pages reconnect through nginx to a live server, which draws their view again from
the URL. Shared by the test (which asserts what the pages show) and the benchmark (which reports the time).
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from bench.replicas import COOKIE, Replicas

# A view the URL carries (English, 1960-1999), and what the page shows for it: three partners.
VIEW = "?lang=en&years=1960&years=1999"
PARTNERS_SHOWN = "3"

# The page shows its view: drawn (nothing stale, no connection status), the first figure as the view has
# it, and no error box.
SHOWN = f"""() => !document.querySelector('[data-stale=true]')
  && !document.querySelector('[data-testid=stStatusWidget]')
  && !document.querySelector('[data-testid=stException]')
  && !document.querySelector('[data-testid=stConnectionStatus]')
  && (document.querySelector('[data-testid=stMetricValue]') || {{}}).innerText === '{PARTNERS_SHOWN}'"""


@dataclass
class Viewer:
    page: object
    route: str = ""
    sockets: list = field(default_factory=list)  # the page's websockets, in order
    finished: Counter = field(default_factory=Counter)  # websocket -> script runs it reported finished
    errors: list[str] = field(default_factory=list)

    def back(self, sockets_before: int) -> bool:
        """The page has a new websocket on which the live server has run the page (from its URL: the
        dashboard's reconnect timer, `ui.reconnect_timer`, makes the page ask for that run), and it shows
        its view."""
        socket = self.sockets[-1] if len(self.sockets) > sockets_before else None
        return socket is not None and self.finished[id(socket)] > 0 and self.page.evaluate(SHOWN)

    def to_indonesian(self, timeout: float = 60.0) -> None:
        """Switch the page to Indonesian in the sidebar, and wait for that run to finish and the page to show
        the view (Indonesian is the default language, so the URL then names none)."""
        socket = self.sockets[-1]
        runs = self.finished[id(socket)]
        self.page.locator("[data-testid=stSidebar]").get_by_text("id", exact=True).click()
        self.page.wait_for_function("() => !location.search.includes('lang=')", timeout=timeout * 1000)
        deadline = time.monotonic() + timeout
        while self.finished[id(socket)] == runs and time.monotonic() < deadline:
            self.page.wait_for_timeout(50)
        self.page.wait_for_function(SHOWN, timeout=timeout * 1000)


@dataclass
class Failover:
    seconds: float  # from the kill until the last page moved shows its view again
    moved: int  # pages that were on the killed server
    viewers: list[Viewer]
    texts: list[str]  # each page's text once back
    moved_viewers: list[Viewer] = field(default_factory=list)


def _open(browser, url: str) -> Viewer:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    context = browser.new_context(viewport={"width": 1280, "height": 900})  # its own cookies: one viewer
    viewer = Viewer(context.new_page())

    def on_socket(socket) -> None:
        viewer.sockets.append(socket)

        def on_frame(payload) -> None:
            if isinstance(payload, bytes) and ForwardMsg.FromString(payload).WhichOneof("type") == "script_finished":
                viewer.finished[id(socket)] += 1
        socket.on("framereceived", on_frame)

    viewer.page.on("websocket", on_socket)
    viewer.page.on("pageerror", lambda err: viewer.errors.append(str(err)))
    viewer.page.goto(f"{url}/{VIEW}")
    return viewer


def failover(browser, replicas: Replicas, pages: int = 4, timeout: float = 120.0) -> Failover:
    """Open `pages` viewers in `browser` (Playwright's Chromium, each in its own context: its own cookie),
    kill the server holding most of them, and wait until every page moved shows its view again, connected
    to a live server."""
    viewers = [_open(browser, replicas.url) for _ in range(pages)]
    for viewer in viewers:
        viewer.page.wait_for_function(SHOWN, timeout=timeout * 1000)
        viewer.route = next(c["value"] for c in viewer.page.context.cookies() if c["name"] == COOKIE)
    holders = Counter(replicas.server_of(v.route).pid for v in viewers)
    victim = next(s for s in replicas.servers if s.pid == holders.most_common(1)[0][0])
    moved = [v for v in viewers if replicas.server_of(v.route) is victim]
    before = {id(v): len(v.sockets) for v in moved}
    victim.kill()
    start = time.monotonic()
    waiting = list(moved)
    while waiting and time.monotonic() - start < timeout:
        waiting = [v for v in waiting if not v.back(before[id(v)])]
        if waiting:
            waiting[0].page.wait_for_timeout(50)
    seconds = time.monotonic() - start
    if waiting:
        raise AssertionError(f"{len(waiting)} of {len(moved)} pages did not show their view again within {timeout:.0f} s")
    texts = [v.page.locator("body").inner_text() for v in viewers]
    return Failover(seconds, len(moved), viewers, texts, moved)
