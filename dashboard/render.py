"""What reaches Vega: text made safe for XML and for Vega's expressions, and vl-convert run in a worker
process, so that a renderer which fails takes down nothing but itself.

vl-convert aborts its whole process (a Rust panic that cannot unwind, SIGABRT) on text XML does not allow,
such as U+FFFF or a C0 control: in the server that would be every viewer's connection. Two defences:

- `safe_spec` rewrites every text of a Vega-Lite spec (keys, values, expressions, data) so that XML takes
  it and Vega's expression parser too (U+2028 and U+2029 end a JavaScript string literal: "Unexpected token
  ILLEGAL"). The chart builders (`charts._spec`) and the exports (`dashboard.export`) pass every spec
  through it, whatever the validator lets in.
- `svg`, `png` and `javascript_bundle` run vl-convert in a process of its own (one worker, started on
  first use, jobs one at a time). A worker that dies or overruns its time is replaced; the caller gets a
  `RenderError` with a sentence to show, and the server goes on.

The server itself never imports vl_convert.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import re
import select
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

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


# The same characters in a spec written as JSON (ensure_ascii off) and encoded as UTF-8 (surrogates passed
# through), as bytes; and the escapes JSON writes for control characters (\b, \f, \u00XX). A match may be a
# false alarm (a backslash and a "u" in the text): the spec is then only looked at more closely.
_SUSPECT_UTF8 = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xed[\xa0-\xbf]|\xef\xb7[\x90-\xaf]"
                           rb"|\xef\xbf[\xbe\xbf]|\xe2\x80[\xa8\xa9]|[\xf0-\xf4][\x8f\x9f\xaf\xbf]\xbf[\xbe\xbf]|\\[bfu]")


def safe_spec(value):
    """Every text in a spec (dict keys and values, list items, at any depth) made safe with `safe_text`.
    Returns the very same object when nothing needed a change, and otherwise new containers only where
    something changed: specs are shared (memoised for every session) and never changed in place."""
    try:
        # The usual case, text that needs nothing, is decided by the C encoder and one search of bytes: a walk
        # through every value in Python would cost a new view of the atlas about as much again.
        encoded = json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")
    except (TypeError, ValueError):
        return _safe_values(value)
    return _safe_values(value) if _SUSPECT_UTF8.search(encoded) else value


def _safe_values(value):
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, dict):
        items = [(safe_text(k) if isinstance(k, str) else k, _safe_values(v)) for k, v in value.items()]
        if all(k2 is k and v2 is v for (k2, v2), (k, v) in zip(items, value.items())):
            return value
        return dict(items)
    if isinstance(value, list | tuple):
        items = [_safe_values(v) for v in value]
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
        # The stub marks `snippet` required, but it has a default (the one that sets window.vegaEmbed etc.).
        return vl_convert.javascript_bundle()  # type: ignore[call-arg]
    if kind == "versions":
        return {"vega-lite": vl_convert.get_vegalite_versions(), "vega": vl_convert.get_vega_version()}
    raise ValueError(f"unknown render job {kind!r}")


ROOT = Path(__file__).resolve().parent.parent
# The worker: this module run on its own (nothing else of the dashboard is imported), answering one job at a
# time over its standard input and output.
# It starts in the folder that holds the package, so that `dashboard` imports whether or not it is installed.
_WORKER = "from dashboard.render import _serve; _serve()"


def _send(stream, value) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack(">Q", len(data)) + data)
    stream.flush()


def _read_exactly(fd: int, size: int, deadline: float | None) -> bytes:
    chunks, left = [], size
    while left:
        if deadline is not None:
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([fd], [], [], wait)[0]:
                raise TimeoutError
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _serve() -> None:
    """The worker's loop: read a job, answer ("ok", result) or ("error", message), until its input ends.
    Its own standard output carries the answers only: anything else that would print there goes to
    standard error."""
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    jobs = sys.stdin.buffer.fileno()
    while True:
        try:
            size = struct.unpack(">Q", _read_exactly(jobs, 8, None))[0]
        except EOFError:
            return
        kind, payload, scale = pickle.loads(_read_exactly(jobs, size, None))
        try:
            answer = ("ok", _work(kind, payload, scale))
        except Exception as err:  # vl-convert's own refusal of a spec: an answer, not a crash
            answer = ("error", f"{type(err).__name__}: {err}")
        _send(answers, answer)


class _Renderer:
    """One worker process, started on first use and replaced when it dies or overruns its time. A plain
    child process, not a multiprocessing pool: a pool's workers import the parent's main script again
    (Streamlit's, a user's script, standard input), and a pool whose worker died refuses every later job."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # one job at a time: the worker answers in order
        self._process: subprocess.Popen | None = None

    def _worker(self) -> tuple[subprocess.Popen, IO[bytes], IO[bytes]]:
        """The running worker (started if there is none) and its input and output pipes."""
        if self._process is None or self._process.poll() is not None:
            self._process = subprocess.Popen([sys.executable, "-c", _WORKER], cwd=ROOT, stdin=subprocess.PIPE,
                                             stdout=subprocess.PIPE, stderr=None, close_fds=True)
        process = self._process
        # Both pipes exist: the worker is started with stdin and stdout as PIPE.
        assert process.stdin is not None and process.stdout is not None
        return process, process.stdin, process.stdout

    def _end(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            if process.poll() is None:
                process.kill()
            process.wait()
            for stream in (process.stdin, process.stdout):
                if stream is None:
                    continue
                try:
                    stream.close()
                except OSError:
                    pass

    def run(self, kind: str, payload=None, scale: float = 1.0, timeout: float | None = None):
        limit = TIMEOUT_SECONDS if timeout is None else timeout
        with self._lock:
            _, stdin, stdout = self._worker()
            try:
                _send(stdin, (kind, payload, scale))
                deadline = time.monotonic() + limit
                size = struct.unpack(">Q", _read_exactly(stdout.fileno(), 8, deadline))[0]
                status, value = pickle.loads(_read_exactly(stdout.fileno(), size, deadline))
            except (EOFError, BrokenPipeError, ConnectionError) as err:
                self._end()
                log.error("the figure renderer died while drawing (%s); a new one starts with the next figure", kind)
                raise RenderError("the renderer stopped while drawing this figure") from err
            except TimeoutError as err:
                self._end()
                log.error("the figure renderer overran %s s (%s) and was ended", limit, kind)
                raise RenderError("drawing this figure took too long") from err
        if status != "ok":
            log.warning("a figure could not be drawn (%s): %s", kind, value)
            raise RenderError(f"the figure could not be drawn ({value.split(':')[0]})")
        return value

    def close(self) -> None:
        with self._lock:
            process, self._process = self._process, None
        if process is not None:
            if process.stdin is not None:
                process.stdin.close()  # the worker's loop ends with its input
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if process.stdout is not None:
                process.stdout.close()


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
