"""What the pages share: the one view value and its URL, widgets bound to it, the page's stylesheet, and
the pages' door to the dataset and base map (dashboard/loading.py reads and caches them).

With loading.py and probe.py (the map's width probe), the Streamlit-aware modules besides the pages.

The view (language, filters, partner, finding, colouring, presentation step) lives in one value in the
session (`state.ViewState`). Widgets do not own it: each widget is drawn with the view's value and its
change callback writes the view back. The frame writes the view into the URL on every run, as ids and only
what differs from the defaults, so navigation between pages, a reload or a copied link never loses it.
(Streamlit's `bind="query-params"` writes displayed labels and drops parameters on a page switch, which
is why the URL is kept here instead.)
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import streamlit as st

from dashboard import content
from dashboard.i18n import LANGUAGES, Translator
from dashboard.loader import Dataset
from dashboard.loading import OWN_DATA_KEY
from dashboard.loading import basemap as basemap  # the pages' door to the data (re-exported)
from dashboard.loading import basemap_inline as basemap_inline
from dashboard.loading import bundled as bundled
from dashboard.loading import dataset_or_stop as dataset_or_stop
from dashboard.loading import own_data as own_data
from dashboard.loading import vocabulary as vocabulary
from dashboard.markdown import md
from dashboard.state import ViewState, Vocabulary, parse, same_params, to_params

LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}
STATE_KEY = "_view"
URL_KEY = "_view_url"
# While the viewer's own data is shown, the URL says so (`data=own`): the data itself never travels with a
# link. A session that starts from such a URL without the upload (a copied link, or a page moved to another
# server after its own stopped) says that it shows the bundled data instead of doing so silently.
OWN_DATA_PARAM = "data"
OWN_DATA_LOST_KEY = "_own_data_lost"
log = logging.getLogger("dashboard")


def use_data(ds: Dataset | None) -> None:
    """Show the viewer's own dataset from now on in this session (None: the bundled data again). The view
    starts afresh in the same language: partners and fields of one dataset mean nothing in another."""
    lang = view().lang
    st.session_state.pop(OWN_DATA_LOST_KEY, None)
    if ds is None:
        st.session_state.pop(OWN_DATA_KEY, None)
    else:
        st.session_state[OWN_DATA_KEY] = (ds, Vocabulary.for_dataset(ds))
    st.session_state[STATE_KEY] = parse({"lang": [lang]}, vocabulary())
    st.session_state[URL_KEY] = _url_params()


# --- The view and the URL ----------------------------------------------------------------------------------


def _url_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def view() -> ViewState:
    """The current view. The URL is read when the session starts, and again when it no longer shows what
    was last written (the reader went back in the browser's history); a page switch, which empties the
    URL, keeps the view."""
    incoming = _url_params()
    if STATE_KEY not in st.session_state and incoming.get(OWN_DATA_PARAM) == ["own"] and own_data() is None:
        st.session_state[OWN_DATA_LOST_KEY] = True
    if STATE_KEY not in st.session_state or (incoming and not same_params(incoming, st.session_state.get(URL_KEY, {}))):
        st.session_state[STATE_KEY] = parse(incoming, vocabulary())
        st.session_state[URL_KEY] = incoming
    state: ViewState = st.session_state[STATE_KEY]
    if state.partner is not None and vocabulary().partner(state.partner) != state.partner:
        # Checked once, under the link's rule, however the partner came (a link, the list, a click), and again
        # when the data changed under a session (the partner may be gone).
        state = st.session_state[STATE_KEY] = state.with_(partner=None)
    return state


def update(**changes) -> None:
    """Change the view (from a widget's callback, before the rerun draws it)."""
    st.session_state[STATE_KEY] = view().with_(**changes)


def write_url() -> None:
    """Put the current view in the address bar, so a reload or a copied link reproduces it."""
    params = to_params(view(), vocabulary())
    if own_data() is not None:
        params[OWN_DATA_PARAM] = "own"
    if not same_params(_url_params(), params):
        st.query_params.from_dict(params)
    st.session_state[URL_KEY] = params


@st.fragment(run_every=timedelta(hours=12))
def reconnect_timer() -> None:
    """Draws nothing; its timer is what matters. When its websocket reconnects, Streamlit's page asks the
    server for a run only if the page holds a timer (or a run was under way); otherwise it waits for the
    viewer's next change. Behind nginx, a page whose server died reconnects to another one, which has no
    session for it: without a run there, that server's first run would start from the URL and drop the
    viewer's first change. With the timer, the new server draws the page's view from its URL at once."""


def own_data_lost() -> bool:
    """This session began at a link made while uploaded data was shown, and has no upload of its own."""
    return bool(st.session_state.get(OWN_DATA_LOST_KEY)) and own_data() is None


def translator() -> Translator:
    return content.translator(dataset_or_stop(), view().lang)


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
    bind(st.sidebar.toggle, "mode", key="w_mode", label=md(t("present.switch")), help=md(t("present.switch_help")),
         to_widget=lambda mode: mode == "present",
         from_widget=lambda on: "present" if on else "explore")


def report_unexpected(t: Translator, err: Exception) -> None:
    """A page failed on something unforeseen: a short message for the reader, the details in the log."""
    log.exception("a page failed", exc_info=err)
    st.error(md(t("common.unexpected")))


# The page's stylesheet (assets/page.css, sent on every run: no comment in it beyond what a rule needs), drawn by
# the frame on every page: a visible focus ring on the map, the page links and the pick lists; captions and
# shortcut hints dark enough to read (4.5:1 and more; Streamlit's own greys are lighter); a first screen that
# holds the title, the headline figures, the map and its legend from a phone to a projector (less of
# Streamlit's empty band over the title: the header it clears is see-through and holds buttons only at its
# ends); headline figures each as wide as they need and never cut short ("1960–2…"), in two columns on a
# phone; and, while the map is fullscreen (Streamlit then shows the chart alone), its legend and a title
# pinned over it.
PAGE_CSS = "<style>\n" + (Path(__file__).parent / "assets" / "page.css").read_text(encoding="utf-8") + "</style>"


def map_source(ds: Dataset) -> content.MapSource:
    """The data folder's base map, and whether the map must carry it (see loading.basemap_inline)."""
    return content.MapSource(basemap(ds.folder), basemap_inline(ds.folder))
