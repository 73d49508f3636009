"""What only the browser knows, brought to the server: the presenter's keys and the room a presentation
step's visual has on the screen. (Streamlit glue; the script is `assets/presenter.js`.)"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

_presenter = st.components.v2.component(
    "atlas_presenter", js=(Path(__file__).parent / "assets" / "presenter.js").read_text(encoding="utf-8"))
ACTIONS = ("next", "previous", "first", "last", "leave")


@dataclass(frozen=True)
class Room:
    """Where a visual starts on the page (`top`, CSS pixels from the top of the page), how wide it is, and
    the window's size, as the browser reported them."""

    top: int
    width: int
    viewport_width: int
    viewport_height: int


def _number(value: object, low: float, high: float) -> int | None:
    """A reported number, or None when it is not a finite number between `low` and `high`."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return int(number) if math.isfinite(number) and low <= number <= high else None


def _room_of(value: object) -> Room | None:
    if not isinstance(value, dict):
        return None
    parts = (_number(value.get("top"), 0, 20000), _number(value.get("width"), 1, 20000),
             _number(value.get("vw"), 1, 20000), _number(value.get("vh"), 1, 20000))
    return Room(*parts) if None not in parts else None  # type: ignore[arg-type]


def presenter(key: str, on_action: Callable[[str], None]) -> Room | None:
    """Mount the presenter's listener at the top of a step's visual: `on_action` gets "next", "previous",
    "first", "last" or "leave" when the presenter presses a key for it (before the rerun). Returns the room
    the browser last reported for this key (None on the first run of a session, until it reports)."""
    def pressed() -> None:
        state = st.session_state.get(key)
        action = state.get("key") if isinstance(state, dict) else getattr(state, "key", None)
        if action in ACTIONS:
            on_action(action)

    result = _presenter(key=key, default={"room": None}, on_room_change=lambda: None, on_key_change=pressed)
    return _room_of(getattr(result, "room", None))


# Streamlit writes <html lang="en"> whatever language the page is in, and screen readers then read the
# Indonesian page with English rules: a tiny script sets the attribute to the chosen language on every run.
_page_language = st.components.v2.component(
    "atlas_page_language",
    js="export default function ({ data }) {\n"
       "  if (data && /^[a-z]{2}$/.test(data.lang)) document.documentElement.lang = data.lang;\n}")
PAGE_LANGUAGE_KEY = "atlas_page_language"


def page_language(lang: str) -> None:
    """Set the page's `lang` attribute to `lang` ("id" or "en") in the browser; draws nothing (its empty
    element is hidden by the CSS rule LANGUAGE_CSS)."""
    _page_language(key=PAGE_LANGUAGE_KEY, data={"lang": lang})


# The element holds no content: hidden, so it adds no gap between the sidebar's widgets.
LANGUAGE_CSS = f"<style>.st-key-{PAGE_LANGUAGE_KEY}{{display:none}}</style>"
