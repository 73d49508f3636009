"""The atlas: map, filters, headline figures, partner detail, charts and the table of what the map shows.
What it shows comes from one model (content.atlas_page); this page draws it and binds the widgets."""

import datetime as dt
from html import escape

import streamlit as st

from dashboard import content, probe, ui
from dashboard.markdown import md, url
from dashboard.views import widgets

ds, t, state = ui.context()
vocab = ui.vocabulary()
# what the browser reported, read before the map is built
screen = content.Screen(probe.known_width("atlas_map_width"), probe.known_viewport_height("atlas_map_width"),
                        probe.known_width("atlas_side_width"))
page = content.atlas_page(ds, state, vocab.bounds, ui.map_source(ds), screen,
                          playing=widgets.playing())

# --- Page -------------------------------------------------------------------------------------------------
st.title(md(t("atlas.title")))
st.container(key="atlas_lead").caption(md(t("atlas.lead")))
st.markdown(f"**{md(t('summary.showing'))}:** {md(page.showing)}")
widgets.headline(page.view, t)

if page.view.empty:
    st.info(md(t("atlas.empty")))

map_column, side = st.columns([content.MAP_SHARE, 1], gap="medium")
with map_column:
    with st.container(horizontal=True, vertical_alignment="center", gap="small", key="map_controls"):
        widgets.map_focus(t)
        widgets.play_control(t, vocab.bounds, own_row=False)
    st.pydeck_chart(page.deck, on_select=widgets.map_picker("atlas_map"), selection_mode="single-object",
                    key="atlas_map", height=page.map_height, alt=page.map_alt)
    probe.container_width("atlas_map_width")
    # The legend, and a title that assets/page.css shows only while the map is fullscreen (both pinned over it then).
    st.html(f"<div class='map-legend'><p class='map-title'><strong>{escape(t('atlas.title'))}</strong> · "
            f"{escape(page.showing)}</p>{page.legend_html}</div>")

# The browser builds the map sooner when the charts and tables are not yet on the page: on a browser
# session's first run they (the inset among them) wait for the run the width reports bring a moment later.
first_run = probe.map_first("atlas_map_width")


def draw_inset() -> None:
    spec = page.inset()
    if spec is not None:
        st.container(key="atlas_inset").vega_lite_chart(spec, width="content")


# --- Filters: widgets show the view and write it back; the frame keeps it in the URL. Drawn after the map,
# so that the map reaches the browser first (their values come from the view, not from the order).
widgets.atlas_filters(t, vocab.bounds, page.sector_ids)

# --- Partner detail: the keyboard route to every partner is the list ------------------------------------------
with side:
    st.header(md(t("detail.title")))
    ui.bind(st.selectbox, "partner", key="w_partner", label=md(t("detail.pick")), options=page.partner_choices,
            format_func=lambda pid: page.cities.get(pid, pid), placeholder=t("detail.placeholder"))
    info = page.detail
    if info:
        with st.container(border=True, key="partner_summary"):
            st.markdown(f"### {info.heading}")
            st.markdown(info.standing)
            st.markdown(info.summary)
            st.markdown(f"[{md(t('map.detail_more'))}](#partner-detail)")
    else:
        st.caption(md(t("detail.hint")))
    if not first_run and page.inset_beside:
        draw_inset()
    probe.container_width("atlas_side_width")
if not first_run and not page.inset_beside and page.inset_width:
    with map_column:
        draw_inset()

if first_run:
    st.stop()

# --- The chosen partner's whole detail, under the map, with the page's width -----------------------------------
WRAPPING_ROWS = 70  # px: rows tall enough (more than 4rem) for Streamlit to wrap a cell's text over three lines
if info:
    st.header(md(t("map.detail_heading", city=page.cities.get(state.partner or "", ""))), anchor="partner-detail")
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
specs = page.charts
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
st.dataframe(page.table, hide_index=True, row_height=WRAPPING_ROWS,
             column_order=[t(key) for key in TABLE_COLUMNS],
             column_config={t(key): st.column_config.Column(width=width) for key, width in TABLE_COLUMNS.items()})

# --- Downloads: the tables as CSV, every figure for slides and papers, and the seminar pack ---------------------
# Drawn when asked for: download buttons cost every rerun something, and most reruns need none.
st.header(md(t("export.title")))
st.markdown(md(t("export.lead")))
if st.toggle(md(t("export.show")), key="w_downloads"):
    job = page.export(dt.date.today())
    widgets.table_downloads(job, t)
    shown = ["map", *(name for name, chart in specs.items() if chart.spec is not None)]
    widgets.figure_downloads(shown, job, t)
