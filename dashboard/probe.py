"""The map's width, which the server cannot know otherwise: a tiny st.components.v2 component (its script is
assets/width_probe.js), mounted in the same container as the map, reports the width of that container once,
and again when it changes by 40 px or more (sidebar opened or closed, window resized); the map's opening view
is fitted to it. Rounded to 20 px so small changes cause no rerun. It reports the window's height too."""

from __future__ import annotations

import math
from collections.abc import MutableMapping
from pathlib import Path

import streamlit as st

from dashboard import session

WIDTH_JS = (Path(__file__).parent / "assets" / "width_probe.js").read_text(encoding="utf-8")
_width_probe = st.components.v2.component("atlas_width_probe", js=WIDTH_JS)


def container_width(key: str) -> int | None:
    """Mount the width probe (right after the map, in the same container) and return the container's
    width in pixels as the browser last reported it: None on a session's first run, until it answers.

    The width is also kept in the session's own value (dashboard/session.py), set by the probe's callback
    before the rerun starts, so a page reads it with `known_width(key)` *before* it builds the map."""
    def remember() -> None:
        remember_probe(st.session_state, key)

    result = _width_probe(key=key, default={"width": None, "viewport": None}, on_width_change=remember,
                          on_viewport_change=remember)
    return probe_pixels(getattr(result, "width", None))


# What the browser reports is not trusted: a session can send any value for a component's state.
MAX_PIXELS = 16384


def probe_pixels(value: object) -> int | None:
    """A width or height the probe reported, as whole pixels from 1 to MAX_PIXELS; None for anything else
    (text, a negative or huge number, NaN, infinity, a boolean, a list)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if not math.isfinite(value) or not 1 <= value <= MAX_PIXELS:
        return None
    return int(value)


def remember_probe(state: MutableMapping, key: str) -> None:
    """The probe's callback: keep the width and the viewport height it reported (in the session's own value,
    dashboard/session.py), each only when it is a sound number of pixels (a malformed value leaves what was
    known before). `state`: the session's state (st.session_state)."""
    reported = state.get(key)
    mine = session.of(state)
    for name, kept in (("width", mine.widths), ("viewport", mine.viewports)):
        try:
            value = reported.get(name) if isinstance(reported, dict) else getattr(reported, name, None)
        except Exception:  # noqa: BLE001  (whatever the browser sent, the session goes on)
            continue
        pixels = probe_pixels(value)
        if pixels is not None:
            kept[key] = pixels


def map_first(key: str) -> bool:
    """True on a browser session's first run, until the width probe mounted with `key` has answered: the
    page then draws what comes before and beside its map, and leaves the rest to the probe's rerun (about
    a second later), so that the browser sets up the map first. Once per session: a page switch or any
    other run draws the whole page (also should the probe never answer). Sessions without a browser
    (AppTest, scripts) have no request headers and always get the whole page."""
    mine = session.of(st.session_state)
    if not st.context.headers or known_width(key) is not None or mine.map_first_done:
        return False
    mine.map_first_done = True
    return True


def known_width(key: str) -> int | None:
    """The width the probe mounted with `key` has reported (None until it has)."""
    return session.of(st.session_state).widths.get(key)


def known_viewport_height(key: str) -> int | None:
    """The browser window's inner height as the probe mounted with `key` reported it (None until it has):
    presentation mode sizes its main visual to what the screen leaves."""
    return session.of(st.session_state).viewports.get(key)
