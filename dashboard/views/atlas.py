"""The atlas: map, filters, headline figures, partner detail, charts and the table of what the map shows."""

import streamlit as st

from dashboard import charts, export, maps, ui
from dashboard.data import RELATIONSHIPS, SIGNED_STATUSES, STATUSES
from dashboard.detail import partner_detail
from dashboard.filters import Filters, apply, known_partner, year_bounds
from dashboard.markdown import md

ds, t = ui.context()
low, high = year_bounds(ds)
sector_ids = list(ds.sectors["id"])
partner_ids = list(ds.partners.sort_values("city_en")["id"])
cities = dict(zip(ds.partners["id"], ds.partners["city_en"]))

# --- Filters (each one lives in the URL, so a link opens the same view) --------------------------------
with st.sidebar:
    st.header(t("filters.title"))
    years = st.slider(t("filters.years"), low, high, (low, high), key="years", bind="query-params")
    ui.seed_from_url("sectors", sector_ids, [tr.sector for tr in t.every_language()], ())
    sectors = st.multiselect(t("filters.sectors"), sector_ids, key="sectors", bind="query-params",
                             format_func=t.sector, placeholder=t("filters.all_sectors"))
    ui.seed_from_url("rel", list(RELATIONSHIPS), [lambda v, tr=tr: tr.label("relationship", v) for tr in t.every_language()],
                     RELATIONSHIPS)
    relationships = st.pills(t("filters.relationship"), RELATIONSHIPS, selection_mode="multi", key="rel",
                             bind="query-params", format_func=lambda v: t.label("relationship", v))
    ui.seed_from_url("status", list(STATUSES), [lambda v, tr=tr: tr.label("status", v) for tr in t.every_language()],
                     SIGNED_STATUSES)
    statuses = st.pills(t("filters.status"), STATUSES, selection_mode="multi", key="status", bind="query-params",
                        format_func=lambda v: t.label("status", v), help=t("filters.status_help"))
    color_by = st.radio(t("filters.color_by"), maps.COLOR_BY, key="color",
                        format_func=lambda v: t(f"filters.color_{v}"), horizontal=True)
    st.caption(t("filters.rule"))

view = apply(ds, Filters(years=tuple(years), sectors=tuple(sectors), relationships=tuple(relationships),
                         statuses=tuple(statuses)))

# --- Page -------------------------------------------------------------------------------------------------
st.title(t("atlas.title"))
st.caption(t("atlas.lead"))
figures = view.headline()
for column, key in zip(st.columns(5), ("partners", "countries", "regions", "activities", "years")):
    column.metric(t(f"headline.{key}"), figures[key])

if view.empty:
    st.info(t("atlas.empty"))


def pick_from_map() -> None:
    # Runs before the rerun: a click on a partner opens its detail (and puts it in the URL), a click on
    # the sea closes it; maps.map_click sorts out what Streamlit reports that is not a click.
    state = st.session_state.get("atlas_map")
    action, partner, key = maps.map_click(state.selection if state else None, st.session_state.get("_map_click"))
    st.session_state["_map_click"] = key
    if action == "open" and partner in partner_ids:
        st.session_state["partner"] = partner
    elif action == "clear":
        st.session_state["partner"] = None


selected = known_partner(ds, st.session_state.get("partner"))
home_country = ds.countries.loc[ds.countries["iso3"] == ds.home["country_iso3"], "iso_numeric"]
sector_colors = charts.sector_colors(ds)
focus = st.segmented_control(t("map.view"), maps.FOCUS[:2], default="world", key="map_focus",
                             format_func=lambda v: t(f"map.view_{v}"), label_visibility="collapsed") or "world"
map_width = ui.known_width("atlas_map_width")
map_height = maps.map_height(map_width)
deck = maps.build_deck(view, ds.home, ui.basemap(ds.folder), t, sector_colors, color_by=color_by,
                       home_country_numeric=int(home_country.iloc[0]) if len(home_country) else None,
                       selected=selected, focus=focus, width_px=map_width, height_px=map_height,
                       basemap_inline=ui.basemap_inline(ds.folder), every_partner=list(ds.partners["id"]))
st.html(ui.MAP_FOCUS_CSS)
st.pydeck_chart(deck, on_select=pick_from_map, selection_mode="single-object", key="atlas_map", height=map_height,
                alt=maps.map_alt_text(view, t))
ui.container_width("atlas_map_width")
st.html(maps.legend_html(view, t, color_by, sector_colors))

# --- Partner detail ---------------------------------------------------------------------------------------
st.subheader(t("detail.title"))
ui.seed_from_url("partner", partner_ids, [cities.get], None, multiple=False)
choice = st.selectbox(t("detail.pick"), partner_ids, index=None, key="partner", bind="query-params",
                      format_func=lambda pid: cities.get(pid, pid), placeholder=t("detail.placeholder"))
partner_id = known_partner(ds, choice)
if partner_id:
    info = partner_detail(ds, partner_id, t, sector_ids)
    with st.container(border=True):
        st.markdown(f"### {info.heading}")
        st.markdown(info.standing)
        st.markdown(info.summary)
        if info.warning:
            st.warning(info.warning)
        if info.note:
            st.info(info.note)
        st.markdown(f"**{t('filters.sectors')}:** {info.sectors}")
        st.markdown(f"#### {t('detail.agreements')} ({len(info.agreements)})")
        st.markdown("\n".join(f"- {line}" for line in info.agreements) or t("detail.no_agreements"))
        st.markdown(f"#### {t('detail.activities')} ({len(info.activities)})")
        if info.activities.empty:
            st.caption(t("detail.no_activities"))
        else:
            st.dataframe(info.activities, hide_index=True,
                         column_config={t("table.source"): st.column_config.LinkColumn()})
        st.markdown(f"#### {t('detail.sources')} ({len(info.sources)})")
        st.markdown("\n".join(f"- [{md(u)}]({u})" for u in info.sources))

# --- Charts -----------------------------------------------------------------------------------------------
st.subheader(t("atlas.charts"))
left, right = st.columns(2)
left.altair_chart(charts.growth_chart(view, t), width="stretch")
right.altair_chart(charts.regions_chart(view, t), width="stretch")
st.altair_chart(charts.sectors_chart(view, ds, t))
st.altair_chart(charts.activities_chart(view, ds, t), width="stretch")

# --- Table of exactly what the map shows, and its download --------------------------------------------------
st.subheader(t("atlas.table"))
table = export.partner_table(view, t)
st.dataframe(table.drop(columns="id"), hide_index=True)
one, two = st.columns(2)
one.download_button(t("atlas.download_partners"), export.to_csv(table), export.file_name("bandung-partners", view),
                    mime="text/csv", on_click="ignore")
two.download_button(t("atlas.download_activities"), export.to_csv(export.activity_table(view, t)),
                    export.file_name("bandung-activities", view), mime="text/csv", on_click="ignore")
