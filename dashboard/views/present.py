"""Presentation mode (`?mode=present&step=N`): the presenter's story, one step per screen, sized for a
projector (1280x720 and 1920x1080) with large type and no sidebar. Each step has its own URL; the
filters and the language of the view stay as they are across steps."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, content, maps, seoul, story, ui
from dashboard.data import Dataset
from dashboard.filters import View, known_partner
from dashboard.i18n import Translator
from dashboard.markdown import md
from dashboard.state import ViewState, describe
from dashboard.views import widgets

# Larger type for the back of the room (body 20 px, figures larger), and no spare margins.
PRESENT_CSS = """<style>
html { font-size: 20px; }
header[data-testid="stHeader"] { display: none; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1rem; }
[data-testid="stMainBlockContainer"] { padding: 1rem 2.5rem 0.5rem 2.5rem; max-width: 100%; }
[data-testid="stMetricValue"] { font-size: 1.9rem; line-height: 1.15; }
[data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p { font-size: inherit; }
.st-key-story_figures [data-testid="stVerticalBlock"] { gap: 0.55rem; }
.st-key-story_takeaway p { font-size: 1.3rem; line-height: 1.35; }
h1 { font-size: 2rem !important; padding: 0 !important; }
</style>"""
MAP_HEIGHT = 430


def _go(step: int) -> None:
    ui.update(step=step)


def _leave() -> None:
    ui.update(mode="explore")


def _navigation(t: Translator, number: int, total: int) -> None:
    # Room enough for the longer Indonesian labels ("Keluar dari presentasi") at 1280 px.
    where, back, forward, leave = st.columns([2.4, 2.2, 2.2, 2.6], vertical_alignment="center")
    dots = " ".join("●" if i == number else "○" for i in range(1, total + 1))
    where.markdown(f"**{md(t('present.step', number=number, total=total))}** &nbsp; {dots}")
    back.button(md(t("present.previous")), icon=":material/arrow_back:", on_click=_go, args=(number - 1,),
                disabled=number <= 1, key="present_previous", shortcut="PageUp", width="stretch")
    forward.button(md(t("present.next")), icon=":material/arrow_forward:", on_click=_go, args=(number + 1,),
                   disabled=number >= total, key="present_next", shortcut="PageDown", type="primary", width="stretch")
    leave.button(md(t("present.leave")), icon=":material/close:", on_click=_leave, key="present_leave", width="stretch")


def _map(ds: Dataset, view: View, t: Translator, state: ViewState, room: int = 360) -> None:
    """The world map, as tall as the screen leaves under the step's title and takeaway (`room` pixels),
    fitted to the width its column has."""
    viewport = ui.known_viewport_height("present_map_width")
    height = max(300, (viewport or 720) - room)
    deck = maps.MapDeck(content.deck_json(ds, state.filters(), t.lang, ui.basemap(ds.folder), color_by=state.color_by,
                                          selected=known_partner(ds, state.partner), focus=state.map_focus,
                                          width=ui.known_width("present_map_width"), height=height,
                                          inline=ui.basemap_inline(ds.folder)))
    st.pydeck_chart(deck, key="present_map", height=height, alt=maps.map_alt_text(view, t))
    ui.container_width("present_map_width")
    st.html(maps.legend_html(view, t, state.color_by, charts.sector_colors(ds)))


def side_by_side(spec: dict, width: int = 1080, step: int = 20) -> dict:
    """The fields chart's two panels (partnerships, activities) side by side instead of one above the
    other, so both fit a projector's screen; the second panel shares the first one's field names."""
    left, right = (dict(panel) for panel in spec["vconcat"])
    label_room = 210
    left["width"], right["width"] = (width - label_room) // 2, (width - label_room) // 2
    left["height"] = right["height"] = {"step": step}
    right["encoding"] = {**right["encoding"], "y": {**right["encoding"]["y"], "axis": None}}
    # Every field named on one line (the page's chart shortens and wraps them for a phone).
    left["encoding"] = {**left["encoding"], "y": {**left["encoding"]["y"], "axis": {
        "labelLimit": label_room - 10, "labelFontSize": 13, "labelOverlap": False, "labelFlush": False}}}
    out = {key: value for key, value in spec.items() if key != "vconcat"}
    out.update(hconcat=[left, right], autosize={"type": "pad"})
    return out


def render(ds: Dataset, t: Translator, state: ViewState) -> None:
    st.html(PRESENT_CSS)
    total = story.step_count(ds)
    number = min(max(state.step, 1), total)
    filters = state.filters()
    view = content.view(ds, filters)
    current = story.step(ds, number, view, t)
    _navigation(t, number, total)
    st.title(md(current.title))
    st.container(key="story_takeaway").markdown(md(current.takeaway))
    if current.id in ("network", "growth", "fields"):  # the steps the filters act on
        st.caption(f"{md(t('summary.showing'))}: {md(describe(state, t, ui.vocabulary().bounds))}")

    if current.id == "network":
        figures, visual = st.columns([1, 4.2])
        with figures.container(key="story_figures"):
            widgets.headline(view, t, columns=1)
        with visual.container(key="story_visual"):
            _map(ds, view, t, state)
    elif current.id == "growth":
        widgets.play_control(t, ui.vocabulary().bounds)
        left, right = st.columns([1, 1])
        # The plot as tall as the screen leaves under the title, takeaway, player and the chart's legend.
        viewport = ui.known_viewport_height("present_map_width") or 720
        ui.chart(content.atlas_charts(ds, filters, t.lang)["growth"], left, height=max(180, viewport - 560))
        with right.container(key="story_visual"):
            _map(ds, view, t, state, room=450)
    elif current.id == "fields":
        fields = content.atlas_charts(ds, filters, t.lang)["fields"]
        if fields.spec is not None:
            st.vega_lite_chart(side_by_side(fields.page_spec), width="content")
        st.markdown(md(fields.summary))
    elif current.id == "seoul":
        case = ds.seoul
        # The takeaway already asks the thesis' question: the findings on one line, then the timeline.
        st.markdown(f"**{md(t('seoul.findings'))}:** " + " · ".join(
            f"**{md(t.pick(f, 'title'))}** ({md(', '.join(t.sector(s) for s in f.sectors))})"
            for f in case.findings.itertuples()))
        ui.chart(content.timeline(ds, seoul.PARTNER, t.lang, None), height={"step": 30})
    elif current.id == "open":
        questions = ds.seoul.open_questions
        for row_start in range(0, len(questions), 2):
            for column, question in zip(st.columns(2), questions.iloc[row_start: row_start + 2].itertuples()):
                with column.container(border=True):
                    st.markdown(f"**{md(t.pick(question, 'title'))}**")
