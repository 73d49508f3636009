"""A protocol-level Streamlit client for the benchmark: it opens a session over the app's websocket the
way a browser does, asks for a script run, changes a widget and times the rerun, counting the bytes the
server sends. Many of them at once stand for a seminar room opening the same link.

It speaks Streamlit's own protobuf messages (`BackMsg` out, `ForwardMsg` in), so it depends on the
installed Streamlit's protocol; it is a measuring tool, not part of the dashboard.
"""

from __future__ import annotations

import asyncio
import statistics
import time
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

    async def connect(self) -> None:
        host = self.url.split("://", 1)[1].rstrip("/")
        self.socket = await websockets.connect(f"ws://{host}/_stcore/stream", subprotocols=["streamlit"],
                                               origin=self.url.rstrip("/"), max_size=None, open_timeout=60)

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


async def _viewer(url: str, query: str, change: dict[str, object], start_gate: asyncio.Event) -> tuple[Run, Run]:
    session = Session(url, query)
    await start_gate.wait()
    try:
        await session.connect()
        first = await session.run()
        rerun = await session.run(change) if first.error is None else Run(0.0, 0, "first run failed")
        return first, rerun
    except OSError as err:
        return Run(0.0, 0, type(err).__name__), Run(0.0, 0, type(err).__name__)
    finally:
        await session.close()


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def room(url: str, viewers: int, query: str, change: dict[str, object]) -> dict[str, float]:
    """`viewers` sessions open the page at the same moment, then each changes a filter once."""
    async def main():
        gate = asyncio.Event()
        tasks = [asyncio.create_task(_viewer(url, query, change, gate)) for _ in range(viewers)]
        gate.set()
        return await asyncio.gather(*tasks)
    results = asyncio.run(main())
    firsts = [f.seconds for f, _ in results if f.error is None]
    reruns = [r.seconds for _, r in results if r.error is None]
    errors = sum(1 for f, r in results if f.error or r.error)
    return {"viewers": viewers, "first run median (s)": statistics.median(firsts) if firsts else float("nan"),
            "first run p95 (s)": percentile(firsts, 0.95),
            "rerun median (s)": statistics.median(reruns) if reruns else float("nan"),
            "rerun p95 (s)": percentile(reruns, 0.95), "errors": errors}


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
