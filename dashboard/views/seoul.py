"""The Seoul case: the thesis' question, method, concepts and findings beside the sourced timeline. What it
shows comes from one model (content.seoul_page); this page draws it."""

import datetime as dt

import streamlit as st

from dashboard import content, probe, ui
from dashboard.markdown import inert, links, md
from dashboard.views import widgets

ds, t, state = ui.context()
page = content.seoul_page(ds, state, ui.map_source(ds), probe.known_width("seoul_map_width"))
case, texts = page.case, page.texts

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
chosen = ui.bind(st.segmented_control, "finding", key="w_finding", label=md(t("seoul.choose_finding")),
                 options=page.finding_ids, format_func=lambda fid: md(page.finding_title(fid)))
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
if page.highlight_count is not None:
    st.caption(md(t("seoul.highlight_count", count=page.highlight_count, total=page.event_count)))
widgets.chart(page.timeline)
st.dataframe(page.timeline_table, hide_index=True,
             column_config={t("table.source"): st.column_config.LinkColumn(),
                            t("table.second_report"): st.column_config.LinkColumn(),
                            t("table.event"): st.column_config.TextColumn(width="large"),
                            t("filters.sectors"): st.column_config.TextColumn(width="medium")})
# The timeline for slides and papers (the chosen finding's events highlighted, as above).
downloads = page.downloads(dt.date.today())
if downloads:
    st.caption(md(t("export.seoul_downloads")))
    for column, item in zip(st.columns(len(downloads)), downloads):
        widgets.download(column, item, t, key=f"seoul_{item.file_name.rsplit('.', 1)[1]}")

# --- Focus map: Bandung, Seoul, and the other Korean partners ---------------------------------------------
st.header(md(t("seoul.map")))
st.markdown(inert(texts["map_intro"]))
st.pydeck_chart(page.map.deck, key="seoul_map", height=content.SEOUL_MAP_HEIGHT, alt=page.map.alt)
probe.container_width("seoul_map_width")
st.html(page.map.legend_html)

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
values = {}
cols = st.columns(2)
for i, (name, value, editable) in enumerate(page.citation_fields):
    if editable:
        values[name] = cols[i % 2].text_input(md(t(f"seoul.field_{name}")), value=value, key=f"cite_{name}",
                                              placeholder=t("seoul.field_empty"))
    else:
        values[name] = value
st.markdown(f"**{md(t('seoul.keywords'))}:** {md(page.keywords)}")
st.code(page.citation(values), language=None, wrap_lines=True)

st.header(md(t("seoul.reading")))
st.markdown(inert(texts["reading_intro"]))
st.markdown("\n".join(page.reading_lines))
