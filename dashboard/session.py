"""What one browser session keeps besides the view: never in the URL, never shared. One typed value in the
session's state, so that every page reads and writes the same names.

Plain Python (no Streamlit): `of(st.session_state)` in the Streamlit glue, `of(a_dict)` in a test."""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass, field

KEY = "_session"


@dataclass
class SessionOnly:
    playing: bool = False  # the history player runs
    last_tick: float = 0.0  # time.monotonic() of its last step
    map_click: str | None = None  # the key maps.map_click returned last (what the page has acted on)
    widths: dict[str, int] = field(default_factory=dict)  # a width probe's key -> its container's width, px
    viewports: dict[str, int] = field(default_factory=dict)  # a width probe's key -> the window's height, px
    map_first_done: bool = False  # the first run that drew the map alone has been


def of(session: MutableMapping) -> SessionOnly:
    """The session's value (made on first use)."""
    value = session.get(KEY)
    if not isinstance(value, SessionOnly):
        value = session[KEY] = SessionOnly()
    return value
