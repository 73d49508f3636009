"""A protocol-level Streamlit client for the benchmark: it opens a session over the app's websocket the
way a browser does, asks for a script run, changes a widget and times the rerun, counting the bytes the
server sends. Many of them at once stand for a seminar room opening the same link.

It speaks Streamlit's own protobuf messages (`BackMsg` out, `ForwardMsg` in), so it depends on the
installed Streamlit's protocol; it is a measuring tool, not part of the dashboard.
"""

from __future__ import annotations

import asyncio
import statistics
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

WIDGET_VALUE = {"slider": "double_array_value", "multiselect": "string_array_value"}


@dataclass
class Run:
    seconds: float
    bytes: int
    error: str | None = None


@dataclass
class Session:
    """One viewer: a websocket, the widgets the last run drew (label -> (id, type)), their values."""

    url: str
    query: str = ""
    widgets: dict[str, tuple[str, str]] = field(default_factory=dict)
    states: dict[str, object] = field(default_factory=dict)
    page_hash: str = ""
    socket: object | None = None

    cookie: str = ""

    async def visit(self) -> None:
        """Fetch the page as a browser does first, keeping the cookie it sets (behind nginx, the one that
        pins this viewer to a server)."""
        def fetch() -> str:
            with urllib.request.urlopen(f"{self.url.rstrip('/')}/?{self.query}", timeout=60) as answer:
                answer.read()
                return "; ".join(c.split(";", 1)[0] for c in answer.headers.get_all("Set-Cookie") or [])
        self.cookie = await asyncio.to_thread(fetch)

    async def connect(self) -> None:
        host = self.url.split("://", 1)[1].rstrip("/")
        self.socket = await websockets.connect(f"ws://{host}/_stcore/stream", subprotocols=["streamlit"],
                                               origin=self.url.rstrip("/"), max_size=None, open_timeout=60,
                                               additional_headers={"Cookie": self.cookie} if self.cookie else None)

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()

    async def run(self, changes: dict[str, object] | None = None, timeout: float = 120) -> Run:
        """Ask for a script run (with some widgets changed, by label) and wait for it to finish."""
        for label, value in (changes or {}).items():
            self.states[label] = value
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.page_script_hash = self.page_hash
        for label, value in self.states.items():
            if label not in self.widgets:
                continue
            widget_id, kind = self.widgets[label]
            widget = state.widget_states.widgets.add()
            widget.id = widget_id
            getattr(widget, WIDGET_VALUE[kind]).data.extend(value)
        start = time.perf_counter()
        size = 0
        await self.socket.send(msg.SerializeToString())
        try:
            while True:
                data = await asyncio.wait_for(self.socket.recv(), timeout)
                size += len(data)
                forward = ForwardMsg.FromString(data)
                kind = forward.WhichOneof("type")
                if kind == "new_session":
                    self.page_hash = forward.new_session.page_script_hash or self.page_hash
                elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                    element = forward.delta.new_element
                    widget_kind = element.WhichOneof("type")
                    if widget_kind in WIDGET_VALUE:
                        proto = getattr(element, widget_kind)
                        self.widgets[proto.label] = (proto.id, widget_kind)
                    elif widget_kind == "exception":
                        return Run(time.perf_counter() - start, size, element.exception.message or "exception")
                elif kind == "script_finished":
                    if forward.script_finished in (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR):
                        return Run(time.perf_counter() - start, size,
                                   None if forward.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY else "compile error")
        except (TimeoutError, websockets.ConnectionClosed) as err:
            return Run(time.perf_counter() - start, size, type(err).__name__)


async def _viewer(url: str, query: str, change: dict[str, object], delay: float,
                  everyone: asyncio.Barrier) -> tuple[Run, Run]:
    """One viewer arriving after `delay` s: the page, its first run, one filter change; the page then stays
    open until every viewer has had its turn (a hall keeps its pages open)."""
    session = Session(url, query)
    await asyncio.sleep(delay)
    start = time.perf_counter()
    try:
        try:
            await session.visit()
            await session.connect()
            first = await session.run()
            first.seconds = time.perf_counter() - start
            rerun = await session.run(change) if first.error is None else Run(0.0, 0, "first run failed")
        except (OSError, TimeoutError, websockets.WebSocketException) as err:
            first = rerun = Run(0.0, 0, type(err).__name__)
        await everyone.wait()
        return first, rerun
    finally:
        await session.close()


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def room(url: str, viewers: int, query: str, change: dict[str, object], within: float = 5.0,
         memory: Callable[[], float] | None = None) -> dict[str, float]:
    """`viewers` sessions open the page, one after another over `within` seconds, then each changes a filter
    once; all close when the last has finished. First page: from asking for the page to its first run
    finished. With `memory` (the servers' resident MB), also the memory before, at the peak, and 5 s after
    the sessions closed."""
    peak = [memory()] if memory else [float("nan")]
    before = peak[0]
    sampling = threading.Event()

    def sample() -> None:
        while not sampling.wait(0.1):
            peak[0] = max(peak[0], memory())

    async def main():
        everyone = asyncio.Barrier(viewers)
        return await asyncio.gather(*(_viewer(url, query, change, within * k / viewers, everyone)
                                      for k in range(viewers)))
    sampler = threading.Thread(target=sample, daemon=True) if memory else None
    if sampler:
        sampler.start()
    results = asyncio.run(main())
    if sampler:
        sampling.set()
        sampler.join()
        time.sleep(5)
    firsts = [f.seconds for f, _ in results if f.error is None]
    reruns = [r.seconds for _, r in results if r.error is None]
    errors = sum(1 for f, r in results if f.error or r.error)
    out = {"viewers": viewers, "first page median (s)": statistics.median(firsts) if firsts else float("nan"),
           "first page p95 (s)": percentile(firsts, 0.95),
           "rerun median (s)": statistics.median(reruns) if reruns else float("nan"),
           "rerun p95 (s)": percentile(reruns, 0.95), "errors": errors}
    if memory:
        out |= {"memory before (MB)": before, "memory peak (MB)": peak[0], "memory after (MB)": memory()}
    return out


def one_rerun_bytes(url: str, query: str, change: dict[str, object]) -> tuple[int, int]:
    """Bytes the server sends for the first run and for one rerun after `change`, for one viewer."""
    async def main():
        session = Session(url, query)
        await session.connect()
        try:
            first = await session.run()
            rerun = await session.run(change)
            return first.bytes, rerun.bytes
        finally:
            await session.close()
    return asyncio.run(main())
