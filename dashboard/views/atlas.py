"""The atlas: map, filters, headline figures, partner detail, charts and the table of what the map shows."""

import datetime as dt
from html import escape

import streamlit as st

from dashboard import charts, content, export, maps, probe, ui
from dashboard.contract import RELATIONSHIPS, STATUSES
from dashboard.detail import partner_detail
from dashboard.markdown import md, url
from dashboard.options import ATLAS_FOCUS, COLOR_BY
from dashboard.state import describe
from dashboard.views import widgets

ds, t, state = ui.context()
vocab = ui.vocabulary()
low, high = vocab.bounds
sector_ids = list(ds.sectors["id"])
cities = dict(zip(ds.partners["id"], ds.partners["city_en"]))

filters = state.filters
view = content.view(ds, filters)

# --- Page -------------------------------------------------------------------------------------------------
st.title(md(t("atlas.title")))
st.container(key="atlas_lead").caption(md(t("atlas.lead")))
st.markdown(f"**{md(t('summary.showing'))}:** {md(describe(state, t, vocab.bounds))}")
widgets.headline(view, t)

if view.empty:
    st.info(md(t("atlas.empty")))


def pick_from_map() -> None:
    # Runs before the rerun: a click on a partner opens its detail (and puts it in the URL), a click on
    # the sea closes it; maps.map_click sorts out what Streamlit reports that is not a click.
    chart_state = st.session_state.get("atlas_map")
    action, partner, key = maps.map_click(chart_state.selection if chart_state else None,
                                          st.session_state.get("_map_click"))
    st.session_state["_map_click"] = key
    if action == "open" and vocab.partner(partner):
        ui.update(partner=partner)
    elif action == "clear":
        ui.update(partner=None)


# What the first screen holds besides the map at most (title, lead, summary line, figures and map controls
# above it, the legend under it), so that the map is no taller than the window leaves it with its legend.
FIRST_SCREEN_ROOM = 420
SHORT_SCREEN = 600  # and on a shorter window the head of the page is compact (see ui.PAGE_CSS)
SHORT_SCREEN_ROOM = 280
# The map and, beside it (under it on a phone), the partner list with the chosen partner's summary, and the
# East Asia inset while the world map leaves a partner there unnamed. The side column is wide enough for the
# inset at 1280 px (about 280 px, and the map keeps the width its legend needs on one line); the partner's
# whole detail goes under the map, where it has the page's width.
MAP_SHARE = 2.1
INSET_MIN_WIDTH = 240  # px: a narrower side column leaves the inset to the map's column, under the legend
INSET_SLACK = 12
selected = state.partner
sector_colors = charts.sector_colors(ds)
map_column, side = st.columns([MAP_SHARE, 1], gap="medium")
with map_column:
    with st.container(horizontal=True, vertical_alignment="center", gap="small", key="map_controls"):
        ui.bind(st.segmented_control, "map_focus", key="w_map_focus", label=md(t("map.view")), options=ATLAS_FOCUS,
                format_func=lambda v: md(t(f"map.view_{v}")), label_visibility="collapsed", required=True)
        widgets.play_control(t, vocab.bounds, own_row=False)
    # what the browser reported, read before the map is built
    map_width, viewport = probe.known_width("atlas_map_width"), probe.known_viewport_height("atlas_map_width")
    room = SHORT_SCREEN_ROOM if viewport and viewport <= SHORT_SCREEN else FIRST_SCREEN_ROOM
    map_height = maps.map_height(map_width, viewport - room if viewport else None,
                                 floor=200 if viewport and viewport <= SHORT_SCREEN else maps.MIN_HEIGHT)
    # While the history plays, the frame stays that of the whole period (the network grows inside it).
    map_args = dict(color_by=state.color_by, selected=selected, focus=state.map_focus, width=map_width,
                    height=map_height, inline=ui.basemap_inline(ds.folder), still=st.session_state.get(widgets.PLAYING, False))
    deck = maps.MapDeck(content.deck_json(ds, filters, t.lang, ui.basemap(ds.folder), **map_args))
    st.pydeck_chart(deck, on_select=pick_from_map, selection_mode="single-object", key="atlas_map",
                    height=map_height, alt=maps.map_alt_text(view, t))
    probe.container_width("atlas_map_width")
    # The legend, and a title that ui.PAGE_CSS shows only while the map is fullscreen (both pinned over it then).
    st.html(f"<div class='map-legend'><p class='map-title'><strong>{escape(t('atlas.title'))}</strong> · "
            f"{escape(describe(state, t, vocab.bounds))}</p>{maps.legend_html(view, t, state.color_by, sector_colors)}</div>")

# The browser builds the map sooner when the charts and tables are not yet on the page: on a browser
# session's first run they (the inset among them) wait for the run the width reports bring a moment later.
first_run = probe.map_first("atlas_map_width")
# The side column's width: as the browser reports it, else as the columns share the map column's.
side_width = probe.known_width("atlas_side_width") or (int(map_width / MAP_SHARE) if map_width else None)


def draw_inset(width: int) -> None:
    # (The probe rounds a width to 20 px, up as often as down: the inset keeps clear of the column's edge.)
    spec = content.inset(ds, filters, t.lang, ui.basemap(ds.folder), inset_width=width - INSET_SLACK, **map_args)
    if spec is not None:
        st.container(key="atlas_inset").vega_lite_chart(spec, width="content")


# --- Filters: widgets show the view and write it back; the frame keeps it in the URL. Drawn after the map,
# so that the map reaches the browser first (their values come from the view, not from the order).
with st.sidebar:
    st.header(md(t("filters.title")))
    widgets.years_slider(t, vocab.bounds)
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

# --- Partner detail: the keyboard route to every partner is the list ------------------------------------------
with side:
    st.header(md(t("detail.title")))
    partner_ids = list(ds.partners.sort_values("city_en")["id"])
    ui.bind(st.selectbox, "partner", key="w_partner", label=md(t("detail.pick")), options=partner_ids,
            format_func=lambda pid: cities.get(pid, pid), placeholder=t("detail.placeholder"))
    info = partner_detail(ds, selected, t, sector_ids) if selected else None
    if info:
        with st.container(border=True, key="partner_summary"):
            st.markdown(f"### {info.heading}")
            st.markdown(info.standing)
            st.markdown(info.summary)
            st.markdown(f"[{md(t('map.detail_more'))}](#partner-detail)")
    else:
        st.caption(md(t("detail.hint")))
    if not first_run and side_width and side_width >= INSET_MIN_WIDTH:
        draw_inset(side_width)
    probe.container_width("atlas_side_width")
if not first_run and side_width and side_width < INSET_MIN_WIDTH and map_width:
    with map_column:
        draw_inset(map_width)

if first_run:
    st.stop()

# --- The chosen partner's whole detail, under the map, with the page's width -----------------------------------
WRAPPING_ROWS = 70  # px: rows tall enough (more than 4rem) for Streamlit to wrap a cell's text over three lines
if info:
    st.header(md(t("map.detail_heading", city=cities[selected])), anchor="partner-detail")
    if info.warning:
        st.warning(info.warning)
    if info.note:
        st.info(info.note)
    st.markdown(f"**{md(t('filters.sectors'))}:** {info.sectors}")
    st.markdown(f"### {md(t('detail.agreements'))} ({len(info.agreements)})")
    st.markdown("\n".join(f"- {line}" for line in info.agreements) or md(t("detail.no_agreements")))
    st.markdown(f"### {md(t('detail.activities'))} ({len(info.activities)})")
    if info.activities.empty:
        st.caption(md(t("detail.no_activities")))
    else:
        st.dataframe(info.activities, hide_index=True, row_height=WRAPPING_ROWS, column_config={
            t("table.date"): st.column_config.TextColumn(width=100),
            t("filters.sectors"): st.column_config.TextColumn(width=130),
            t("table.event"): st.column_config.TextColumn(width=360),
            t("table.context"): st.column_config.TextColumn(width=80),
            t("table.confidence"): st.column_config.TextColumn(width=220),
            t("table.source"): st.column_config.LinkColumn(width=200)})
    st.markdown(f"### {md(t('detail.sources'))} ({len(info.sources)})")
    st.markdown("\n".join(f"- [{md(u)}]({url(u)})" for u in info.sources))

# --- Charts -----------------------------------------------------------------------------------------------
st.header(md(t("atlas.charts")))
specs = content.atlas_charts(ds, filters, t.lang, playing=st.session_state.get(widgets.PLAYING, False))
left, right = st.columns(2)
widgets.chart(specs["growth"], left)
widgets.chart(specs["regions"], right)
widgets.chart(specs["fields"])
widgets.chart(specs["activities"])

# --- Table of exactly what the map shows, and its download --------------------------------------------------
st.header(md(t("atlas.table")))
# What a reader compares first (city, fields, relationship, status, year, activities) within the width of a 1280 px
# screen, the fields in a column wide enough, and rows tall enough (more than 4rem) for Streamlit to wrap them over
# three lines; country, region, summary, local name and sources follow to the right.
TABLE_COLUMNS = {  # key: width in pixels
    "table.city": 130, "filters.sectors": 320, "filters.relationship": 120, "filters.status": 80, "table.since": 100,
    "table.activities": 80, "table.country": 110, "table.region": 120, "table.summary": 420, "table.local_name": 110,
    "table.sources": 220}
st.dataframe(content.partner_table_arrow(ds, filters, t.lang), hide_index=True, row_height=WRAPPING_ROWS,
             column_order=[t(key) for key in TABLE_COLUMNS],
             column_config={t(key): st.column_config.Column(width=width) for key, width in TABLE_COLUMNS.items()})

# --- Downloads: the tables as CSV, every figure for slides and papers, and the seminar pack ---------------------
# Drawn when asked for: download buttons cost every rerun something, and most reruns need none.
st.header(md(t("export.title")))
st.markdown(md(t("export.lead")))
if st.toggle(md(t("export.show")), key="w_downloads"):
    # The view's files, made when a button is clicked: the same object `python -m dashboard export` asks.
    job = export.ViewExport(ds, filters, t.lang, describe(state, t, vocab.bounds), dt.date.today(), state.color_by,
                            ui.basemap(ds.folder))
    for column, item in zip(st.columns(2), job.table_downloads()):
        widgets.download(column, item, t)
    shown = ["map", *(name for name, chart in specs.items() if chart.spec is not None)]
    widgets.figure_downloads(shown, job, t)
