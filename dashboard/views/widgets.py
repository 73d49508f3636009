"""Pieces that more than one page draws: the year slider, the play control, the headline figures."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import nullcontext

import streamlit as st

from dashboard import content, export, maps, session, ui
from dashboard.contract import RELATIONSHIPS, STATUSES
from dashboard.filters import View, year_range
from dashboard.i18n import Translator
from dashboard.loader import Dataset
from dashboard.markdown import md
from dashboard.options import ATLAS_FOCUS, COLOR_BY
from dashboard.state import next_year, play_start

# Seconds per year while the history plays.
SPEEDS = {"slow": 1.6, "normal": 0.9, "fast": 0.45}


def years_slider(t: Translator, bounds: tuple[int, int], where=st.sidebar) -> None:
    low, high = bounds
    ui.bind(where.slider, "years", key="w_years", label=md(t("filters.years")), min_value=low, max_value=high,
            to_widget=lambda years: tuple(years) if years else (low, high),
            from_widget=lambda value: year_range(value, bounds))


def _start(bounds: tuple[int, int]) -> None:
    ui.update(years=play_start(ui.view().years, bounds))
    mine = session.of(st.session_state)
    mine.playing, mine.last_tick = True, time.monotonic()


def _stop() -> None:
    session.of(st.session_state).playing = False


def play_control(t: Translator, bounds: tuple[int, int], own_row: bool = True) -> None:
    """Play the history: the year range grows a year at a time from the first year to today (the map,
    figures and charts follow, since each step is an ordinary change of the view); pausing leaves the
    range where it is, in the URL. A fragment's timer drives the steps, so nothing blocks the server.

    Drawn as a row of its own, or with `own_row=False` into the horizontal container the caller is in."""
    playing = session.of(st.session_state).playing
    speed = st.session_state.get("w_speed", "normal")
    # One row of items at their natural width (wrapping when the column is narrow); the explanation is
    # the button's tooltip, so the row stays one line high on a projector.
    row = (st.container(horizontal=True, vertical_alignment="center", gap="small", key="play_control") if own_row
           else nullcontext())
    with row:
        if playing:
            st.button(md(t("play.pause")), icon=":material/pause:", on_click=_stop, key="play_button")
        else:
            st.button(md(t("play.play")), icon=":material/play_arrow:", on_click=_start, args=(bounds,), key="play_button",
                      help=md(t("play.help")))
        st.segmented_control(md(t("play.speed")), list(SPEEDS), default="normal", key="w_speed", label_visibility="collapsed",
                             format_func=lambda s: md(t(f"play.speed_{s}")), required=True)
        if playing:
            years = ui.view().years or bounds
            st.caption(md(t("play.where", first=years[0], last=years[1])), width="content")
    if not playing:
        # No timer to run. (A fragment would cost every rerun a deep copy of the page's open containers; a
        # full run, such as the pause click's, cancels the timers of fragments it does not draw again.)
        return
    interval = SPEEDS.get(speed, SPEEDS["normal"])

    @st.fragment(run_every=interval)
    def tick() -> None:
        mine = session.of(st.session_state)
        if not mine.playing:
            return
        now = time.monotonic()
        # The full run that draws the page calls this too; only the timer's calls move the year.
        if now - mine.last_tick < interval * 0.75:
            return
        mine.last_tick = now
        state = ui.view()
        years, done = next_year(state.years, bounds, content.eventful_years(ui.dataset_or_stop(), state.filters))
        ui.update(years=years)
        if done:
            _stop()
        st.rerun(scope="app")

    tick()


def headline(view: View, t: Translator, columns: int = 5) -> None:
    """The figures of the current view: partners, countries, regions, activities, years spanned.

    One row (`ui.PAGE_CSS` lays it out: each figure as wide as it needs, two columns on a phone), or,
    with `columns=1`, one figure under the other."""
    figures = view.headline()
    keys = ("partners", "countries", "regions", "activities", "years")
    with st.container(horizontal=columns > 1, key="headline" if columns > 1 else "headline_stacked"):
        for key in keys:
            st.metric(md(t(f"headline.{key}")), figures[key], width="content" if columns > 1 else "stretch")


def download(where, item: export.Download, t: Translator, **kwargs) -> None:
    """A button for one export file (export.Download), made when it is clicked. A file that cannot be made
    (a figure the renderer cannot draw) gets Streamlit's short error under the button; the log says why."""
    where.download_button(md(t(item.label)), data=item.data, file_name=item.file_name, mime=item.mime,
                          on_click="ignore", icon=item.icon or None, **kwargs)


def table_downloads(job: export.ViewExport, t: Translator) -> None:
    """The view's tables as CSV, and the licence they come under: a CSV has no room for it inside."""
    for column, item in zip(st.columns(2), job.table_downloads()):
        download(column, item, t)
    terms = export.licence_line(t, job.ds.release)
    if terms:
        st.caption(md(t("export.tables_licence", view=terms)))  # ({view}: the contract's placeholder for a phrase)


def figure_downloads(names: list[str], job: export.ViewExport, t: Translator, pack: bool = True) -> None:
    """One figure chosen from a list, downloaded as PNG or SVG, and the seminar pack with them all. Nothing
    is drawn until a button is clicked: `job` (the view's exports, the same that `python -m dashboard
    export` writes) builds the figures once per view; `names` says which there are."""
    if st.session_state.get("w_figure") not in names:
        st.session_state["w_figure"] = names[0]
    choice, png, svg = st.columns([3, 1, 1], vertical_alignment="bottom")
    name = choice.selectbox(md(t("export.figure")), names, key="w_figure", format_func=lambda n: t(f"export.figure_{n}"))
    for column, item, key in zip((png, svg), job.figure_downloads(name), ("png_figure", "svg_figure")):
        download(column, item, t, key=key, width="stretch")
    if pack:
        download(st, job.pack_download(), t, key="seminar_pack", type="primary", help=md(t("export.pack_help")))


def chart(figure: content.Chart, where=st, height: int | dict | None = None) -> None:
    """A chart (a Vega-Lite spec from dashboard.charts) with its one-sentence summary under it; only the
    sentence when the filters leave nothing to draw. The spec's `description` is its accessible name
    (passing `alt=` as well would make Streamlit log a warning on every rerun). `height` sets the plot's
    height in pixels (presentation mode fits a chart to the screen)."""
    spec = figure.page_spec  # (None exactly when figure.spec is)
    if spec is not None:
        if height is not None and "vconcat" not in spec:
            spec = {**spec, "height": height}
        where.vega_lite_chart(spec, width="stretch")
    where.markdown(md(figure.summary))


def map_picker(chart_key: str) -> Callable[[], None]:
    """The map's selection callback. It runs before the rerun: a click on a partner opens its detail (and puts
    it in the URL), a click on the sea closes it; maps.map_click sorts out what Streamlit reports that is
    not a click."""
    def pick() -> None:
        chart_state = st.session_state.get(chart_key)
        mine = session.of(st.session_state)
        action, partner, key = maps.map_click(chart_state.selection if chart_state else None, mine.map_click)
        mine.map_click = key
        if action == "open" and ui.vocabulary().partner(partner):
            ui.update(partner=partner)
        elif action == "clear":
            ui.update(partner=None)
    return pick


def playing() -> bool:
    """Whether the history player runs in this session."""
    return session.of(st.session_state).playing


def map_focus(t: Translator) -> None:
    """The world, or East Asia with every Korean and Japanese partner named."""
    ui.bind(st.segmented_control, "map_focus", key="w_map_focus", label=md(t("map.view")), options=ATLAS_FOCUS,
            format_func=lambda v: md(t(f"map.view_{v}")), label_visibility="collapsed", required=True)


def atlas_filters(t: Translator, bounds: tuple[int, int], sector_ids: tuple[str, ...]) -> None:
    """The atlas's filters and colouring in the sidebar: widgets show the view and write it back."""
    with st.sidebar:
        st.header(md(t("filters.title")))
        years_slider(t, bounds)
        ui.bind(st.multiselect, "sectors", key="w_sectors", label=md(t("filters.sectors")), options=sector_ids,
                format_func=t.sector, placeholder=t("filters.all_sectors"), to_widget=list,
                from_widget=lambda chosen: tuple(s for s in sector_ids if s in chosen))
        ui.bind(st.pills, "relationships", key="w_rel", label=md(t("filters.relationship")), options=RELATIONSHIPS,
                selection_mode="multi", format_func=lambda v: md(t.label("relationship", v)), to_widget=list,
                from_widget=lambda chosen: tuple(r for r in RELATIONSHIPS if r in chosen))
        ui.bind(st.pills, "statuses", key="w_status", label=md(t("filters.status")), options=STATUSES,
                selection_mode="multi", format_func=lambda v: md(t.label("status", v)), help=md(t("filters.status_help")),
                to_widget=list, from_widget=lambda chosen: tuple(s for s in STATUSES if s in chosen))
        ui.bind(st.toggle, "planned", key="w_planned", label=md(t("filters.planned")), help=md(t("filters.planned_help")))
        ui.bind(st.radio, "color_by", key="w_color", label=md(t("filters.color_by")), options=COLOR_BY,
                format_func=lambda v: md(t(f"filters.color_{v}")), horizontal=True)
        st.caption(md(t("filters.rule")))


def own_data_badge(ds: Dataset, t: Translator, where=st.sidebar) -> None:
    """The viewer's own data is shown: a badge naming its home city, what a copied link opens, and the way
    back to the bundled data."""
    box = where.container(key="own_data_badge")
    box.badge(md(t("own.badge", city=ds.home["city_en"])), icon=":material/upload_file:", color="orange")
    box.caption(md(t("own.badge_help")))
    box.button(md(t("own.back")), key="w_own_back", on_click=ui.use_data, args=(None,))
