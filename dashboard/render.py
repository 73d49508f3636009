"""What reaches Vega: text made safe for XML and for Vega's expressions, and vl-convert run in a worker
process, so that a renderer which fails takes down nothing but itself.

vl-convert aborts its whole process (a Rust panic that cannot unwind, SIGABRT) on text XML does not allow,
such as U+FFFF or a C0 control: in the server that would be every viewer's connection. Two defences:

- `safe_spec` rewrites every text of a Vega-Lite spec (keys, values, expressions, data) so that XML takes
  it and Vega's expression parser too (U+2028 and U+2029 end a JavaScript string literal: "Unexpected token
  ILLEGAL"). The chart builders (`charts._spec`) and the exports (`dashboard.export`) pass every spec
  through it, whatever the validator lets in.
- `svg`, `png` and `javascript_bundle` run vl-convert in a process of its own (a pool of one worker,
  started on first use). A worker that dies or overruns its time is replaced; the caller gets a
  `RenderError` with a sentence to show, and the server goes on.

The server itself never imports vl_convert.
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import multiprocessing
import os
import re
import threading
from concurrent.futures.process import BrokenProcessPool

log = logging.getLogger("dashboard")

# Characters XML 1.0 does not allow (C0 controls other than tab, line feed and carriage return; lone
# surrogates; U+FFFE and U+FFFF), the C1 controls and DEL, and every other Unicode noncharacter
# (U+FDD0..U+FDEF, and the last two code points of every plane): each becomes U+FFFD, the replacement
# character, so that a reader sees that something was there.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
                      + "".join(chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(1, 17))
                      + "]")
# Line and paragraph separators: a line break to JavaScript, so they end a string literal inside one of
# Vega's expressions (which Vega-Lite writes with the labels in them); a space instead.
_SEPARATORS = re.compile("[\u2028\u2029]")
_UNSAFE = re.compile(_NOT_XML.pattern[:-1] + "\u2028\u2029]")
REPLACEMENT = "\ufffd"


def safe_text(text: str) -> str:
    """The text with what XML or a Vega expression cannot take replaced (the same object when nothing is)."""
    if not _UNSAFE.search(text):
        return text
    return _SEPARATORS.sub(" ", _NOT_XML.sub(REPLACEMENT, text))


def safe_spec(value):
    """Every text in a spec (dict keys and values, list items, at any depth) made safe with `safe_text`.
    Returns the very same object when nothing needed a change, and otherwise new containers only where
    something changed: specs are shared (memoised for every session) and never changed in place."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, dict):
        items = [(safe_text(k) if isinstance(k, str) else k, safe_spec(v)) for k, v in value.items()]
        if all(k2 is k and v2 is v for (k2, v2), (k, v) in zip(items, value.items())):
            return value
        return dict(items)
    if isinstance(value, list | tuple):
        items = [safe_spec(v) for v in value]
        if all(a is b for a, b in zip(items, value)):
            return value
        return items if isinstance(value, list) else tuple(items)
    return value


# --- The worker process --------------------------------------------------------------------------------------

class RenderError(RuntimeError):
    """A figure could not be rendered (the worker died, overran its time or refused the spec)."""


TIMEOUT_SECONDS = float(os.environ.get("ATLAS_RENDER_TIMEOUT", "120"))  # one figure; a busy 2-core machine


def _work(kind: str, payload, scale: float = 1.0):
    """Runs in the worker process: the only place vl_convert is imported. No base URL is allowed, so a
    spec cannot make it fetch anything."""
    import vl_convert

    if kind == "svg":
        return vl_convert.vegalite_to_svg(payload, allowed_base_urls=[])
    if kind == "png":
        return vl_convert.vegalite_to_png(payload, scale=scale, allowed_base_urls=[])
    if kind == "bundle":
        return vl_convert.javascript_bundle()
    if kind == "versions":
        return {"vega-lite": vl_convert.get_vegalite_versions(), "vega": vl_convert.get_vega_version()}
    raise ValueError(f"unknown render job {kind!r}")


class _Renderer:
    """A pool of one worker process that outlives a dead worker: a pool whose worker died (or overran
    its time and was ended) is dropped and the next job starts a fresh one."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool: cf.ProcessPoolExecutor | None = None

    def _current(self) -> cf.ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                # spawn, not fork: the server has threads, and a forked copy of a threaded process may hang.
                self._pool = cf.ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
            return self._pool

    def _drop(self, pool: cf.ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool = None
        # A worker that overran its time is still busy: end it (the pool offers no public way to).
        for process in list(getattr(pool, "_processes", {}).values()):
            if process.is_alive():
                process.kill()
        pool.shutdown(wait=False, cancel_futures=True)

    def run(self, kind: str, payload=None, scale: float = 1.0, timeout: float | None = None):
        pool = self._current()
        try:
            future = pool.submit(_work, kind, payload, scale)
        except RuntimeError:  # another thread dropped this pool a moment ago: once more, on a fresh one
            self._drop(pool)
            pool = self._current()
            future = pool.submit(_work, kind, payload, scale)
        limit = TIMEOUT_SECONDS if timeout is None else timeout
        try:
            return future.result(timeout=limit)
        except BrokenProcessPool as err:
            self._drop(pool)
            log.error("the figure renderer died while drawing (%s); a new one starts with the next figure", kind)
            raise RenderError("the renderer stopped while drawing this figure") from err
        except cf.TimeoutError as err:
            self._drop(pool)
            log.error("the figure renderer overran %s s (%s) and was ended", limit, kind)
            raise RenderError("drawing this figure took too long") from err
        except Exception as err:  # vl-convert's own refusal of a spec, raised in the worker
            log.warning("a figure could not be drawn (%s): %s", kind, err)
            raise RenderError(f"the figure could not be drawn ({type(err).__name__})") from err

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


_renderer = _Renderer()


def run(kind: str, payload=None, scale: float = 1.0, timeout: float | None = None):
    """One job in the worker, as it is (no text made safe: `svg` and `png` do that)."""
    return _renderer.run(kind, payload, scale, timeout)


def svg(spec: dict) -> str:
    """The figure as SVG text, rendered in the worker."""
    return run("svg", safe_spec(spec))


def png(spec: dict, scale: float = 2) -> bytes:
    """The figure as PNG (at `scale` times its size), rendered in the worker."""
    return run("png", safe_spec(spec), scale=scale)


_bundle: list[str] = []


def javascript_bundle() -> str:
    """Vega, Vega-Lite and vega-embed in one script, as vl-convert ships them (worked out once)."""
    if not _bundle:
        _bundle.append(run("bundle"))
    return _bundle[0]


def close() -> None:
    """End the worker (the command line does, once its files are written)."""
    _renderer.close()
