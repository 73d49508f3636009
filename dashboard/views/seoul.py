"""The Seoul case: the thesis' question, method, concepts and findings beside the sourced timeline."""

import datetime as dt

import streamlit as st

from dashboard import charts, content, export, maps, probe, seoul, ui
from dashboard.contract import STATUSES
from dashboard.filters import Filters, partner_events
from dashboard.markdown import inert, links, md
from dashboard.views import widgets

ds, t, state = ui.context()
case = ds.seoul
texts = seoul.Texts(case, t.lang)

st.title(md(texts["title"]))
st.markdown(inert(texts["lead"]))

# --- Question and method --------------------------------------------------------------------------------
left, right = st.columns(2)
with left.container(border=True):
    st.markdown(f"## {md(t('seoul.question'))}")
    st.markdown(inert(texts["question"]))
with right.container(border=True):
    st.markdown(f"## {md(t('seoul.method'))}")
    st.markdown(inert(texts["method"]))

# --- Concepts ---------------------------------------------------------------------------------------------
st.header(md(t("seoul.concepts")))
st.markdown(inert(texts["concepts_intro"]))
if case.concepts.empty:
    st.caption(md(t("common.none_yet")))
for column, concept in zip(st.columns(max(len(case.concepts), 1)), case.concepts.itertuples()):
    with column.container(border=True):
        st.markdown(f"### {md(t.pick(concept, 'name'))}")
        st.markdown(inert(t.pick(concept, "text")))
        st.caption(f"{md(t('detail.sources'))}: {links(concept.source_urls, t('detail.source'))}")
with st.expander(md(t("seoul.legal_path"))):
    st.markdown(inert(texts["legal_path"]))

# --- Findings: choosing one highlights its events on the timeline -------------------------------------------
st.header(md(t("seoul.findings")))
st.info(inert(texts["abstract_note"]))
st.markdown(inert(texts["findings_intro"]))
finding_ids = list(case.findings["id"])
chosen = ui.bind(st.segmented_control, "finding", key="w_finding", label=md(t("seoul.choose_finding")),
                 options=finding_ids, format_func=lambda fid: md(seoul.finding_title(case, fid, t.lang)))
if case.findings.empty:
    st.caption(md(t("common.none_yet")))
for column, finding in zip(st.columns(max(len(case.findings), 1)), case.findings.itertuples()):
    with column.container(border=True):
        marker = "▶ " if finding.id == chosen else ""
        st.markdown(f"### {marker}{md(t.pick(finding, 'title'))}")
        st.caption(md(t("seoul.thesis_finding")))
        st.markdown(inert(t.pick(finding, "text")))
        st.markdown(f"**{md(t('seoul.evidence'))}:** {inert(t.pick(finding, 'evidence'))}")
        st.markdown(f"**{md(t('filters.sectors'))}:** " + ", ".join(md(t.sector(s)) for s in finding.sectors))
        st.caption(f"{md(t('detail.sources'))}: {links(finding.source_urls, t('detail.source'))}")

# --- Timeline ---------------------------------------------------------------------------------------------
st.header(md(t("seoul.timeline")))
st.markdown(inert(texts["timeline_intro"]))
events = partner_events(ds, seoul.PARTNER)
highlight = seoul.highlighted(events, case, chosen)
if chosen:
    st.caption(md(t("seoul.highlight_count", count=len(highlight), total=len(events))))
widgets.chart(content.timeline(ds, seoul.PARTNER, t.lang, frozenset(highlight) if highlight is not None else None))
st.dataframe(seoul.timeline_table(events, t, highlight), hide_index=True,
             column_config={t("table.source"): st.column_config.LinkColumn(),
                            t("table.second_report"): st.column_config.LinkColumn(),
                            t("table.event"): st.column_config.TextColumn(width="large"),
                            t("filters.sectors"): st.column_config.TextColumn(width="medium")})
# The timeline for slides and papers (the chosen finding's events highlighted, as above).
downloads = export.seoul_downloads(ds, t.lang, dt.date.today(), chosen)
if downloads:
    st.caption(md(t("export.seoul_downloads")))
    for column, item in zip(st.columns(len(downloads)), downloads):
        widgets.download(column, item, t, key=f"seoul_{item.file_name.rsplit('.', 1)[1]}")

# --- Focus map: Bandung, Seoul, and the other Korean partners ---------------------------------------------
st.header(md(t("seoul.map")))
st.markdown(inert(texts["map_intro"]))
korean = Filters(statuses=STATUSES, countries=("KOR",))
korea = content.view(ds, korean)
focus = maps.MapDeck(content.deck_json(ds, korean, t.lang, ui.basemap(ds.folder), color_by="relationship",
                                       selected=seoul.PARTNER, focus="korea", width=probe.known_width("seoul_map_width"),
                                       height=460, inline=ui.basemap_inline(ds.folder)))
st.pydeck_chart(focus, key="seoul_map", height=460, alt=maps.map_alt_text(korea, t))
probe.container_width("seoul_map_width")
st.html(maps.legend_html(korea, t, "relationship", charts.sector_colors(ds)))

# --- What the sources leave open ----------------------------------------------------------------------------
st.header(md(t("seoul.open")))
st.markdown(inert(texts["open_intro"]))
for question in case.open_questions.itertuples():
    with st.container(border=True):
        st.markdown(f"**{md(t.pick(question, 'title'))}**")
        st.markdown(inert(t.pick(question, "text")))
        st.caption(f"{md(t('detail.sources'))}: {links(question.source_urls, t('detail.source'))}")

# --- How to cite ------------------------------------------------------------------------------------------
st.header(md(t("seoul.cite")))
st.markdown(inert(texts["cite_intro"]))
fields = seoul.citation_fields(case)
values = {}
cols = st.columns(2)
for i, (name, value, editable) in enumerate(fields):
    if editable:
        values[name] = cols[i % 2].text_input(md(t(f"seoul.field_{name}")), value=value, key=f"cite_{name}",
                                              placeholder=t("seoul.field_empty"))
    else:
        values[name] = value
st.markdown(f"**{md(t('seoul.keywords'))}:** {md(seoul.keywords(case, t.lang))}")
st.code(seoul.citation_text(values, t), language=None, wrap_lines=True)

st.header(md(t("seoul.reading")))
st.markdown(inert(texts["reading_intro"]))
st.markdown("\n".join(seoul.reading_line(r) for r in case.reading_list.itertuples()))
