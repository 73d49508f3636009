"""Presentation mode (`?mode=present&step=N`): the presenter's story, one step per screen, sized for a
projector (1280x720 and 1920x1080, and 853x480, what a 1280x720 screen at 150 % zoom shows) with large
type and no sidebar. Each step has its own URL; the filters and the language of the view stay as they
are across steps. No step scrolls: its main visual takes the height the browser reports is left under
the title and the takeaway (`browser.presenter`), and the charts' text is sized for the back of the room
(`slides`)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import browser, content, maps, slides, ui
from dashboard.i18n import LANGUAGES, Translator
from dashboard.loader import Dataset
from dashboard.markdown import md
from dashboard.state import ViewState
from dashboard.views import widgets

PRESENT_CSS = "<style>" + (Path(__file__).parent.parent / "assets" / "present.css").read_text(encoding="utf-8") + "</style>"
ROOM_KEY = "present_room"
# Until the browser has reported the room (the first run of a session): a 1280x720 screen, and the visual
# starting about a third of the way down.
GUESS = browser.Room(top=250, width=1200, viewport_width=1280, viewport_height=720)
SHORT = 600  # px: a window this low (a projector at 150 % zoom) gets the compact layouts
BOTTOM = 34  # px kept free under the visual: the gap above it, the page's bottom padding, a little air


def _go(step: int) -> None:
    ui.update(step=step)


def _leave() -> None:
    ui.update(mode="explore")


def _key_pressed(action: str, number: int, total: int) -> None:
    if action == "leave":
        _leave()
    else:
        target = {"next": number + 1, "previous": number - 1, "first": 1, "last": total}[action]
        _go(min(max(target, 1), total))


def _navigation(t: Translator, number: int, total: int) -> None:
    """Where the talk is, the language, Previous, Next and Leave on one row; on a narrow screen the
    buttons keep only their icons and keys (see assets/present.css)."""
    with st.container(horizontal=True, vertical_alignment="center", gap="small", key="present_nav"):
        dots = " ".join("●" if i == number else "○" for i in range(1, total + 1))
        st.markdown(f"**{md(t('present.step', number=number, total=total))}** &nbsp; {dots}", width="content")
        st.space("stretch")
        ui.bind(st.segmented_control, "lang", key="present_lang", label="Bahasa / Language", options=LANGUAGES,
                required=True, label_visibility="collapsed", width="content")
        st.button(md(t("present.previous")), icon=":material/arrow_back:", on_click=_go, args=(number - 1,),
                  disabled=number <= 1, key="present_previous", shortcut="PageUp", help=md(t("present.keys")))
        st.button(md(t("present.next")), icon=":material/arrow_forward:", on_click=_go, args=(number + 1,),
                  disabled=number >= total, key="present_next", shortcut="PageDown", type="primary",
                  help=md(t("present.keys")))
        st.button(md(t("present.leave")), icon=":material/close:", on_click=_leave, key="present_leave",
                  help=md(t("present.leave_key")))


def _map(page: content.StepPage, height: int, width: int | None, still: bool = False) -> None:
    """The world map, `height` pixels tall, fitted to the width its column has; `still`: its frame that of
    every year (while the history plays)."""
    part = page.map(height, width, still)
    st.pydeck_chart(part.deck, key="present_map", height=height, alt=part.alt)
    # Laid over the map's lower left corner (assets/present.css), so the map takes all the height there is.
    st.html(f"<div class='present-legend'>{part.legend_html}</div>")


def render(ds: Dataset, t: Translator, state: ViewState) -> None:
    st.html(PRESENT_CSS)
    bounds = ui.vocabulary().bounds
    page = content.present_page(ds, state, bounds, ui.map_source(ds),
                                playing=widgets.playing())
    number, total, current = page.number, page.total, page.step
    _navigation(t, number, total)
    st.title(md(current.title))
    st.container(key="story_takeaway").markdown(md(current.takeaway))
    if page.showing is not None:
        st.container(key="story_showing").caption(f"{md(t('summary.showing'))}: {md(page.showing)}")
    if current.id == "growth":
        widgets.play_control(t, bounds)
    elif page.findings_line:
        st.markdown(page.findings_line)

    # Everything above is drawn: the room left for the visual is what the browser reports under it.
    room = browser.presenter(ROOM_KEY, lambda action: _key_pressed(action, number, total)) or GUESS
    space = max(160, room.viewport_height - room.top - BOTTOM)
    size = slides.font_px(room.viewport_width)
    phone = room.viewport_width < 640
    if current.id == "network" and (phone or room.viewport_height <= SHORT):
        # A short or narrow screen: the figures in a row above the map, which takes the whole width.
        widgets.headline(page.view, t)
        with st.container(key="story_visual"):
            figures_row = 0 if phone else 84
            _map(page, maps.map_height(room.width) if phone else space - figures_row, room.width)
    elif current.id == "network":
        figures, visual = st.columns([1, 4.2])
        map_width = round(room.width * 4.2 / 5.2)
        with figures.container(key="story_figures"):
            widgets.headline(page.view, t, columns=1)
        with visual.container(key="story_visual"):
            _map(page, space, map_width)
    elif current.id == "growth":
        left, right = st.columns([1, 1])
        with left:
            # (The map's legend beside it explains the same colours.)
            growth = page.growth_spec(size, space, legends=phone)
            if growth is None:
                st.markdown(md(page.growth().summary))
            else:
                st.vega_lite_chart(growth, width="stretch")
        with right.container(key="story_visual"):
            width = room.width if phone else room.width // 2
            _map(page, maps.map_height(width) if phone else space, width, still=page.playing)
    elif current.id == "fields":
        fields = page.fields_spec(room.width, size, space)
        if fields is None:
            st.markdown(md(page.fields().summary))
        else:
            st.vega_lite_chart(fields, width="content")
    elif current.id == "seoul":
        timeline = page.timeline_spec(size, space)
        if timeline is None:
            st.markdown(md(page.timeline().summary))
        else:
            st.vega_lite_chart(timeline, width="stretch")
    elif current.id == "open":
        # Every question with what the sources say, in two columns of a list (cards would not fit).
        st.container(key="story_cards").markdown("\n".join(page.open_questions()))
