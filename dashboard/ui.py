"""What the pages share: the cached dataset, the language switch, and small display helpers.

The one Streamlit-aware module besides the pages; everything it calls is plain Python.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

import streamlit as st

from dashboard.data import BASEMAP_FILE, DATA_DIR, DataError, Dataset, fingerprint, load, load_basemap
from dashboard.i18n import LANGUAGES, Translator, language

LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}


def data_folder() -> Path:
    """The bundled data, or another folder named by ATLAS_DATA_DIR (validated the same way)."""
    return Path(os.environ.get("ATLAS_DATA_DIR") or DATA_DIR)


@st.cache_data(show_spinner=False, max_entries=4)
def _cached_load(folder: str, stamp: tuple) -> Dataset:
    # `stamp` changes when a file changes, so an edited CSV is read again without a restart.
    return load(folder)


@st.cache_resource(show_spinner=False)
def basemap(folder: str) -> dict:
    # Shared read-only by every session; the map builder copies what it changes.
    return load_basemap(folder)


def basemap_inline(folder: str | Path | None = None) -> bool:
    """True when the map must carry its outlines: the server does not serve dashboard/static, or the data
    folder brings outlines of its own (the served file is the bundled outlines)."""
    if not st.get_option("server.enableStaticServing"):
        return True
    if folder is None:
        return False
    own = Path(folder) / BASEMAP_FILE
    return own.is_file() and own.resolve() != (DATA_DIR / BASEMAP_FILE).resolve()


def dataset_or_stop() -> Dataset:
    """The validated dataset; on bad data, a plain list of the problems and nothing else."""
    folder = data_folder()
    try:
        return _cached_load(str(folder), fingerprint(folder))
    except DataError as err:
        st.error(f"The data in '{folder.name}' does not follow the data contract (data/README.md). "
                 f"Data di '{folder.name}' tidak sesuai kontrak data.")
        st.code("\n".join(str(p) for p in err.problems), language=None, wrap_lines=True)
        st.stop()


def language_switch() -> str:
    """The sidebar switch between Indonesian and English, kept in the URL as ?lang=id or ?lang=en.

    No format_func: Streamlit writes a bound widget's displayed labels into the URL, and the codes
    themselves are what a link should carry."""
    if "lang" not in st.session_state:
        # A page drawn after another keeps the language chosen there (widget state is per page).
        st.session_state["lang"] = language(st.query_params.get("lang") or st.session_state.get("_language"))
    choice = language(st.sidebar.segmented_control(
        "Bahasa / Language", LANGUAGES, required=True, key="lang", bind="query-params",
        help=" · ".join(f"{c}: {n}" for c, n in LANGUAGE_NAMES.items())))
    st.session_state["_language"] = choice
    return choice


def seed_from_url(key: str, options: list, labels: Iterable[Callable[[object], str]], default,
                  multiple: bool = True) -> None:
    """Give a URL-bound widget its first value from the link, accepting ids as well as labels.

    Streamlit puts a bound widget's displayed labels in the URL (``?sectors=Environment``), which
    change with the language; links written by hand or by an earlier language carry ids or other
    labels (``?sectors=environment``). Both are turned into options here, once per session, before
    the widget is drawn; values that match nothing are dropped, so an odd link never fails the page."""
    if key in st.session_state:
        return
    by_label = {str(label(option)): option for label in labels for option in options}
    found = []
    for value in st.query_params.get_all(key):
        option = value if value in options else by_label.get(value)
        if option is not None and option not in found:
            found.append(option)
    if multiple:
        st.session_state[key] = found or list(default)
    else:
        st.session_state[key] = found[0] if found else default


def current_language() -> str:
    """The language before the page's switch is drawn: the switch's state, else the URL's ?lang=."""
    return language(st.session_state.get("lang") or st.query_params.get("lang") or st.session_state.get("_language"))


def context() -> tuple[Dataset, Translator]:
    """The dataset and a translator in the current language, for a page; draws the language switch.

    The switch is drawn by each page, not by the frame, because Streamlit keeps a URL parameter across
    navigation only when a widget of the page itself is bound to it."""
    ds = dataset_or_stop()
    return ds, Translator.for_dataset(ds, language_switch())


# --- The map's width, which the server cannot know otherwise -------------------------------------------------
# A tiny st.components.v2 component, mounted in the same container as the map, reports the width of that
# container once, and again when it changes by 40 px or more (sidebar opened or closed, window resized):
# the map's opening view is fitted to it. Rounded to 20 px so small changes cause no rerun.
_WIDTH_JS = """
export default function (component) {
  const { setStateValue, parentElement } = component;
  const host = parentElement.host || parentElement;
  let last = 0, timer = null;
  const report = () => {
    const width = Math.round(host.getBoundingClientRect().width / 20) * 20;
    if (width > 0 && Math.abs(width - last) >= 40) { last = width; setStateValue("width", width); }
  };
  const observer = new ResizeObserver(() => { clearTimeout(timer); timer = setTimeout(report, 250); });
  observer.observe(host);
  report();
  return () => { observer.disconnect(); clearTimeout(timer); };
}
"""
_width_probe = st.components.v2.component("atlas_width_probe", js=_WIDTH_JS)


def container_width(key: str) -> int | None:
    """Mount the width probe (right after the map, in the same container) and return the container's
    width in pixels as the browser last reported it: None on a session's first run, until it answers.

    The width is also kept in session state under `width_key(key)`, set by the probe's callback before
    the rerun starts, so a page reads it with `known_width(key)` *before* it builds the map."""
    def remember() -> None:
        state = st.session_state.get(key)
        width = state.get("width") if isinstance(state, dict) else getattr(state, "width", None)
        st.session_state[width_key(key)] = int(width) if width else None

    result = _width_probe(key=key, default={"width": None}, on_width_change=remember)
    width = getattr(result, "width", None)
    return int(width) if width else None


def width_key(key: str) -> str:
    return f"_width_{key}"


def known_width(key: str) -> int | None:
    """The width the probe mounted with `key` has reported (None until it has)."""
    return st.session_state.get(width_key(key))


MAP_FOCUS_CSS = """<style>
[data-testid="stDeckGlJsonChart"]:has(:focus-visible) { outline: 3px solid #1F2933; outline-offset: 2px; }
</style>"""
