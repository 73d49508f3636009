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

import hashlib
import logging
import math
import os
import threading
import time
from collections.abc import Callable, MutableMapping
from datetime import timedelta
from pathlib import Path

import streamlit as st

from dashboard import content
from dashboard.i18n import LANGUAGES, Translator
from dashboard.loader import BASEMAP_FILE, DATA_DIR, DataError, Dataset, fingerprint, load, load_basemap
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
def _cached_load(folder: str, stamp: str) -> tuple[Dataset, Vocabulary]:
    # `stamp` changes when a file changes, so an edited CSV is read again without a restart. A resource,
    # not data: every session shares the one read-only copy instead of unpickling its own on each rerun.
    ds = load(folder)
    return ds, Vocabulary.for_dataset(ds)


@st.cache_resource(show_spinner=False, max_entries=4)
def _basemap(folder: str, stamp: str) -> dict:
    # Shared read-only by every session; the map builder copies what it changes.
    return load_basemap(folder)


def basemap(folder: str) -> dict:
    """The folder's own outlines when it brings them, else the bundled ones; read again when they change."""
    return _basemap(folder, _stamp(Path(folder)))


def basemap_inline(folder: str | Path | None = None) -> bool:
    """True when the map must carry its outlines: the server does not serve dashboard/static, or the data
    folder brings outlines of its own (the served file is the bundled outlines)."""
    if not st.get_option("server.enableStaticServing"):
        return True
    if folder is None:
        return False
    key = (str(folder), _stamp(Path(folder)))  # resolving paths costs ~30 system calls: once per version of the files
    if key not in _own_outlines:
        own = Path(folder) / BASEMAP_FILE
        if len(_own_outlines) > 8:
            _own_outlines.clear()
        _own_outlines[key] = own.is_file() and own.resolve() != (DATA_DIR / BASEMAP_FILE).resolve()
    return _own_outlines[key]


_own_outlines: dict[tuple[str, str], bool] = {}


_stamps: dict[str, tuple[float, str]] = {}
STAMP_SECONDS = 1.0


_stamp_lock = threading.Lock()


def _stamp(folder: Path) -> str:
    """A digest of the folder's fingerprint (sizes, times and a hash of the contents), worked out at most
    once a second by one session at a time: pages ask for the dataset several times per run, many sessions
    run at once, and an edit is still seen within a second. One short string, because Streamlit hashes a
    cached function's arguments on every call."""
    known = _stamps.get(str(folder))
    if known and time.monotonic() - known[0] < STAMP_SECONDS:
        return known[1]
    with _stamp_lock:
        known = _stamps.get(str(folder))  # another session may have just worked it out
        if known and time.monotonic() - known[0] < STAMP_SECONDS:
            return known[1]
        stamp = hashlib.blake2b(repr(fingerprint(folder)).encode(), digest_size=16).hexdigest()
        _stamps[str(folder)] = (time.monotonic(), stamp)
        return stamp


_last_loaded: tuple[str, str, tuple[Dataset, Vocabulary]] | None = None


def _loaded() -> tuple[Dataset, Vocabulary]:
    global _last_loaded
    folder = data_folder()
    stamp = _stamp(folder)
    last = _last_loaded  # one read: another session may replace it meanwhile
    if last is not None and last[0] == str(folder) and last[1] == stamp:
        return last[2]  # the same files as a moment ago: skip the cache's own bookkeeping, asked for ~7 times a run
    try:
        loaded = _cached_load(str(folder), stamp)
        _last_loaded = (str(folder), stamp, loaded)
        return loaded
    except DataError as err:
        # The translation table may be what is broken, so this message is in both languages, in code.
        if err.could_not_read:
            st.error(f"Part of the data in '{md(folder.name)}' could not be read. "
                     f"Sebagian data di '{md(folder.name)}' tidak dapat dibaca.")
        else:
            st.error(f"The data in '{md(folder.name)}' does not follow the data contract (data/README.md): "
                     f"{err.total} problem(s). Data di '{md(folder.name)}' tidak sesuai kontrak data: "
                     f"{err.total} masalah.")
        st.code("\n".join([*(str(p) for p in err.problems), *err.notes]), language=None, wrap_lines=True)
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


@st.fragment(run_every=timedelta(hours=12))
def reconnect_timer() -> None:
    """Draws nothing; its timer is what matters. When its websocket reconnects, Streamlit's page asks the
    server for a run only if the page holds a timer (or a run was under way); otherwise it waits for the
    viewer's next change. Behind nginx, a page whose server died reconnects to another one, which has no
    session for it: without a run there, that server's first run would start from the URL and drop the
    viewer's first change. With the timer, the new server draws the page's view from its URL at once."""


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


def chart(figure: content.Chart, where=st, height: int | dict | None = None) -> None:
    """A chart (a Vega-Lite spec from dashboard.charts) with its one-sentence summary under it; only the
    sentence when the filters leave nothing to draw. The spec's `description` is its accessible name
    (passing `alt=` as well would make Streamlit log a warning on every rerun). `height` sets the plot's
    height in pixels (presentation mode fits a chart to the screen)."""
    if figure.spec is not None:
        spec = figure.page_spec
        if height is not None and "vconcat" not in spec:
            spec = {**spec, "height": height}
        where.vega_lite_chart(spec, width="stretch")
    where.markdown(md(figure.summary))


# --- The map's width, which the server cannot know otherwise -------------------------------------------------
# A tiny st.components.v2 component, mounted in the same container as the map, reports the width of that
# container once, and again when it changes by 40 px or more (sidebar opened or closed, window resized):
# the map's opening view is fitted to it. Rounded to 20 px so small changes cause no rerun.
_WIDTH_JS = """
export default function (component) {
  const { setStateValue, parentElement } = component;
  const host = parentElement.host || parentElement;
  let last = 0, lastViewport = 0, timer = null;
  const report = () => {
    const width = Math.round(host.getBoundingClientRect().width / 20) * 20;
    if (width > 0 && Math.abs(width - last) >= 40) { last = width; setStateValue("width", width); }
    const viewport = Math.round(window.innerHeight / 20) * 20;
    if (viewport > 0 && Math.abs(viewport - lastViewport) >= 40) { lastViewport = viewport; setStateValue("viewport", viewport); }
  };
  const later = () => { clearTimeout(timer); timer = setTimeout(report, 250); };
  const observer = new ResizeObserver(later);
  observer.observe(host);
  window.addEventListener("resize", later);
  report();
  // deck.gl sets up its picking when the pointer first moves over the map, so a first click or tap that
  // comes with no movement before it (a tap on a touch screen, a quick click) used to pick nothing and be
  // lost: once the map's canvas is there, a pointer passes over it (away from the partners) and leaves.
  let tries = 0, warmer = null;
  const pass = (canvas) => {
    const box = canvas.getBoundingClientRect();
    const at = { bubbles: true, cancelable: true, composed: true, view: window, clientX: box.left + box.width / 2,
                 clientY: box.top + 6, pointerType: "mouse", pointerId: 1, isPrimary: true };
    const send = (types) => types.forEach((type) =>
      canvas.dispatchEvent(new (type.startsWith("mouse") ? MouseEvent : PointerEvent)(type, at)));
    send(["pointerover", "pointerenter", "pointermove", "mousemove"]);
    setTimeout(() => send(["pointerout", "pointerleave", "mouseout", "mouseleave"]), 200);
  };
  const warm = () => {
    const block = host.closest('[data-testid="stVerticalBlock"]');
    const canvas = block && block.querySelector('[data-testid="stDeckGlJsonChart"] canvas');
    if (!canvas) { if (tries++ < 120) warmer = setTimeout(warm, 250); return; }
    if (canvas.dataset.warmed) return;
    canvas.dataset.warmed = "1";
    // more than once: the map may still be setting up its layers the first time
    [300, 1200, 2500].forEach((ms) => setTimeout(() => pass(canvas), ms));
  };
  warmer = setTimeout(warm, 300);
  return () => { observer.disconnect(); window.removeEventListener("resize", later); clearTimeout(timer);
                 clearTimeout(warmer); };
}
"""
_width_probe = st.components.v2.component("atlas_width_probe", js=_WIDTH_JS)


def container_width(key: str) -> int | None:
    """Mount the width probe (right after the map, in the same container) and return the container's
    width in pixels as the browser last reported it: None on a session's first run, until it answers.

    The width is also kept in session state under `width_key(key)`, set by the probe's callback before
    the rerun starts, so a page reads it with `known_width(key)` *before* it builds the map."""
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


def remember_probe(session: MutableMapping, key: str) -> None:
    """The probe's callback: keep the width and the viewport height it reported, each only when it is a
    sound number of pixels (a malformed value leaves what was known before)."""
    state = session.get(key)
    for name, target in (("width", width_key(key)), ("viewport", f"{width_key(key)}_viewport")):
        try:
            value = state.get(name) if isinstance(state, dict) else getattr(state, name, None)
        except Exception:  # noqa: BLE001  (whatever the browser sent, the session goes on)
            continue
        pixels = probe_pixels(value)
        if pixels is not None:
            session[target] = pixels


def map_first(key: str) -> bool:
    """True on a browser session's first run, until the width probe mounted with `key` has answered: the
    page then draws what comes before and beside its map, and leaves the rest to the probe's rerun (about
    a second later), so that the browser sets up the map first. Once per session: a page switch or any
    other run draws the whole page (also should the probe never answer). Sessions without a browser
    (AppTest, scripts) have no request headers and always get the whole page."""
    if not st.context.headers or known_width(key) is not None or st.session_state.get(_MAP_FIRST_DONE):
        return False
    st.session_state[_MAP_FIRST_DONE] = True
    return True


_MAP_FIRST_DONE = "_map_first_done"


def width_key(key: str) -> str:
    return f"_width_{key}"


def known_width(key: str) -> int | None:
    """The width the probe mounted with `key` has reported (None until it has)."""
    return st.session_state.get(width_key(key))


def known_viewport_height(key: str) -> int | None:
    """The browser window's inner height as the probe mounted with `key` reported it (None until it has):
    presentation mode sizes its main visual to what the screen leaves."""
    return st.session_state.get(f"{width_key(key)}_viewport")


# Drawn by the frame on every page: a visible focus ring on the map, the page links and the pick lists;
# captions and shortcut hints dark enough to read (4.5:1 and more; Streamlit's own greys are lighter); a
# first screen that holds the title, the headline figures, the map and its legend from a phone to a
# projector (less of Streamlit's empty band over the title: the header it clears is see-through and holds
# buttons only at its ends); headline figures each as wide as they need and never cut short ("1960–2…"),
# in two columns on a phone; and, while the map is fullscreen (Streamlit then shows the chart alone), its
# legend and a title pinned over it.
PAGE_CSS = """<style>
[data-testid="stDeckGlJsonChart"]:has(:focus-visible) { outline: 3px solid #1F2933; outline-offset: 2px; }
[data-testid="stSidebarNav"] a:focus-visible { outline: 3px solid #1F2933; outline-offset: 1px; border-radius: 0.5rem; }
[data-baseweb="select"]:has(input:focus-visible) > div { outline: 3px solid #1F2933; outline-offset: 1px; }
[data-testid="stCaptionContainer"] { opacity: 1 !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #52606D; }
button kbd { color: inherit !important; opacity: 1 !important; }
[data-testid="stMainBlockContainer"] { padding-top: 3.25rem; }
@media (min-width: 864px) { [data-testid="stMainBlockContainer"] { padding-left: 3rem; padding-right: 3rem; } }
[data-testid="stMain"] h1 { font-size: clamp(1.75rem, 1.2rem + 1.6vw, 2.25rem); padding: 0 0 0.25rem 0; }
[data-testid="stMain"] h2 { font-size: clamp(1.35rem, 1rem + 1vw, 1.75rem); }
.st-key-headline { display: grid !important; grid-template-columns: repeat(5, auto); justify-content: space-between;
  gap: 0.25rem 1rem; container-type: inline-size; }
.st-key-headline [data-testid="stMetricValue"] { font-size: clamp(1.5rem, 5cqi, 2.25rem); }
.st-key-headline [data-testid="stMetricValue"] > div { white-space: normal; overflow: visible; text-overflow: clip; }
@media (max-width: 640px) {
  .st-key-headline { grid-template-columns: 1fr 1fr; justify-content: stretch; }
  .st-key-headline [data-testid="stMetricValue"] { font-size: 1.75rem; }
}
.st-key-atlas_map_width, .st-key-present_map_width, .st-key-seoul_map_width { margin-top: -1rem; }
/* A short screen (a projector at 150 % zoom shows 480 CSS pixels): a compact head, so that title, figures,
   map and legend still share the first screen. */
@media (max-height: 600px) and (min-width: 641px) {
  [data-testid="stMainBlockContainer"] { padding-top: 0.75rem; }
  [data-testid="stMain"] [data-testid="stVerticalBlock"] { gap: 0.45rem; }
  [data-testid="stMain"] h1 { font-size: 1.35rem; padding-bottom: 0; }
  .st-key-atlas_lead, .st-key-map_controls .st-key-w_speed { display: none; }
  .st-key-headline [data-testid="stMetricValue"] { font-size: 1.3rem; }
  .st-key-headline [data-testid="stMetricLabel"] p { font-size: 0.8rem; }
}
.map-title { display: none; }
.stElementContainer:has([data-testid="stFullScreenFrame"] [aria-label^="Close fullscreen"]) ~ .stElementContainer .map-legend {
  position: fixed; left: 1.5rem; bottom: 1.5rem; max-width: calc(100vw - 3rem); z-index: 1000060;
  background: rgba(255, 255, 255, 0.94); padding: 0.5rem 0.75rem; border-radius: 0.5rem; }
.stElementContainer:has([data-testid="stFullScreenFrame"] [aria-label^="Close fullscreen"]) ~ .stElementContainer .map-title {
  display: block; position: fixed; top: 0; left: 1.5rem; right: 4rem; margin: 0; line-height: 2.875rem;
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
</style>"""
