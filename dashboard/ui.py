"""What the pages share: the cached dataset, the language switch, and small display helpers.

The one Streamlit-aware module besides the pages; everything it calls is plain Python.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

import streamlit as st

from dashboard.data import DATA_DIR, DataError, Dataset, fingerprint, load, load_basemap
from dashboard.i18n import LANGUAGES, Translator, language
from dashboard.markdown import md

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


def basemap_inline() -> bool:
    """True when the server does not serve dashboard/static, so the map must carry its outlines."""
    return not st.get_option("server.enableStaticServing")


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


def chart(spec: dict | None, summary: str, where=st) -> None:
    """A chart (a Vega-Lite spec from dashboard.charts) with its one-sentence summary under it; only the
    sentence when the filters leave nothing to draw. The spec's `description` is its accessible name
    (passing `alt=` as well would make Streamlit log a warning on every rerun)."""
    if spec is not None:
        where.vega_lite_chart(spec, width="stretch")
    where.markdown(md(summary))
