"""What the pages share: the cached dataset, the one view value and its URL, and widgets bound to it.

The one Streamlit-aware module besides the pages; everything it calls is plain Python.

The view (language, filters, partner, finding, colouring, presentation step) lives in one value in the
session (`state.ViewState`). Widgets do not own it: each widget is drawn with the view's value and its
change callback writes the view back. The frame writes the view into the URL on every run, as ids and only
what differs from the defaults, so navigation between pages, a reload or a copied link never loses it.
(Streamlit's `bind="query-params"` writes displayed labels and drops parameters on a page switch, which
is why the URL is kept here instead.)
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from dashboard.data import DATA_DIR, DataError, Dataset, fingerprint, load, load_basemap
from dashboard.i18n import LANGUAGES, Translator
from dashboard.markdown import md
from dashboard.state import ViewState, Vocabulary, parse, same_params, to_params

LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}
STATE_KEY = "_view"
URL_KEY = "_view_url"
log = logging.getLogger("dashboard")


def data_folder() -> Path:
    """The bundled data, or another folder named by ATLAS_DATA_DIR (validated the same way)."""
    return Path(os.environ.get("ATLAS_DATA_DIR") or DATA_DIR)


@st.cache_resource(show_spinner=False, max_entries=4)
def _cached_load(folder: str, stamp: tuple) -> tuple[Dataset, Vocabulary]:
    # `stamp` changes when a file changes, so an edited CSV is read again without a restart. A resource,
    # not data: every session shares the one read-only copy instead of unpickling its own on each rerun.
    ds = load(folder)
    return ds, Vocabulary.for_dataset(ds)


@st.cache_resource(show_spinner=False)
def basemap(folder: str) -> dict:
    # Shared read-only by every session; the map builder copies what it changes.
    return load_basemap(folder)


def basemap_inline() -> bool:
    """True when the server does not serve dashboard/static, so the map must carry its outlines."""
    return not st.get_option("server.enableStaticServing")


def _loaded() -> tuple[Dataset, Vocabulary]:
    folder = data_folder()
    try:
        return _cached_load(str(folder), fingerprint(folder))
    except DataError as err:
        st.error(f"The data in '{folder.name}' does not follow the data contract (data/README.md). "
                 f"Data di '{folder.name}' tidak sesuai kontrak data.")
        st.code("\n".join(str(p) for p in err.problems), language=None, wrap_lines=True)
        st.stop()


def dataset_or_stop() -> Dataset:
    """The validated dataset; on bad data, a plain list of the problems and nothing else."""
    return _loaded()[0]


def vocabulary() -> Vocabulary:
    return _loaded()[1]


# --- The view and the URL ----------------------------------------------------------------------------------


def _url_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def view() -> ViewState:
    """The current view. The URL is read when the session starts, and again when it no longer shows what
    was last written (the reader went back in the browser's history); a page switch, which empties the
    URL, keeps the view."""
    incoming = _url_params()
    if STATE_KEY not in st.session_state or (incoming and not same_params(incoming, st.session_state.get(URL_KEY, {}))):
        st.session_state[STATE_KEY] = parse(incoming, vocabulary())
        st.session_state[URL_KEY] = incoming
    return st.session_state[STATE_KEY]


def update(**changes) -> None:
    """Change the view (from a widget's callback, before the rerun draws it)."""
    st.session_state[STATE_KEY] = view().with_(**changes)


def write_url() -> None:
    """Put the current view in the address bar, so a reload or a copied link reproduces it."""
    params = to_params(view(), vocabulary())
    if not same_params(_url_params(), params):
        st.query_params.from_dict(params)
    st.session_state[URL_KEY] = params


def translator() -> Translator:
    return Translator.for_dataset(dataset_or_stop(), view().lang)


def context() -> tuple[Dataset, Translator, ViewState]:
    """The dataset, a translator in the view's language, and the view: what every page starts with."""
    return dataset_or_stop(), translator(), view()


def bind(draw: Callable, field: str, *, key: str, to_widget: Callable = lambda v: v,
         from_widget: Callable = lambda v: v, **kwargs):
    """Draw a widget showing the view's `field`; its changes write the field back.

    The widget's own state is set from the view before it is drawn, so it shows the view in whatever
    language it is drawn in, on whichever page."""
    st.session_state[key] = to_widget(getattr(view(), field))

    def changed() -> None:
        update(**{field: from_widget(st.session_state[key])})

    return draw(key=key, on_change=changed, **kwargs)


def language_switch(t: Translator) -> None:
    """The switch between Indonesian and English, in the sidebar of every page."""
    bind(st.sidebar.segmented_control, "lang", key="w_lang", label="Bahasa / Language", options=LANGUAGES,
         required=True, help=" · ".join(f"{c}: {n}" for c, n in LANGUAGE_NAMES.items()))


def presentation_switch(t: Translator) -> None:
    bind(st.sidebar.toggle, "mode", key="w_mode", label=t("present.switch"), help=t("present.switch_help"),
         to_widget=lambda mode: mode == "present",
         from_widget=lambda on: "present" if on else "explore")


def report_unexpected(t: Translator, err: Exception) -> None:
    """A page failed on something unforeseen: a short message for the reader, the details in the log."""
    log.exception("a page failed", exc_info=err)
    st.error(t("common.unexpected"))


def chart(spec: dict | None, summary: str, where=st) -> None:
    """A chart (a Vega-Lite spec from dashboard.charts) with its one-sentence summary under it; only the
    sentence when the filters leave nothing to draw. The spec's `description` is its accessible name
    (passing `alt=` as well would make Streamlit log a warning on every rerun)."""
    if spec is not None:
        where.vega_lite_chart(spec, width="stretch")
    where.markdown(md(summary))
