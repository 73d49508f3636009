"""The page models: what each page shows for the whole view, as one frozen value per page and step, built
from the memoized values of `content.values`, so that a page is a short list of st.* calls over its model."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd
import pyarrow as pa

from dashboard import charts, export, maps, memo, seoul, slides, story
from dashboard.content.values import (
    Chart,
    InsetKey,
    atlas_charts,
    deck,
    map_request,
    partner_table_arrow,
    timeline,
    translator,
    view,
)
from dashboard.contract import STATUSES
from dashboard.detail import PartnerDetail, partner_detail
from dashboard.filters import Filters, View, partner_events
from dashboard.i18n import Translator
from dashboard.loader import Dataset, SeoulContent
from dashboard.markdown import inert, md
from dashboard.state import ViewState, describe

# The atlas's first screen: what it holds besides the map at most (title, lead, summary line, figures and map
# controls above it, the legend under it), so that the map is no taller than the window leaves it with its legend.
FIRST_SCREEN_ROOM = 420
SHORT_SCREEN = 600  # and on a shorter window the head of the page is compact (see assets/page.css)
SHORT_SCREEN_ROOM = 280
# The map and, beside it (under it on a phone), the partner list with the chosen partner's summary, and the
# East Asia inset while the world map leaves a partner there unnamed. The side column is wide enough for the
# inset at 1280 px (about 280 px, and the map keeps the width its legend needs on one line); the partner's
# whole detail goes under the map, where it has the page's width.
MAP_SHARE = 2.1
INSET_MIN_WIDTH = 240  # px: a narrower side column leaves the inset to the map's column, under the legend
INSET_SLACK = 12  # px: the probe rounds a width to 20 px, up as often as down; the inset keeps clear of the edge


@dataclass(frozen=True)
class Screen:
    """What the browser reported of the page (None until it has): the map's column's width, the window's
    height and the side column's width, in pixels."""

    map_width: int | None = None
    viewport: int | None = None
    side_width: int | None = None


@dataclass(frozen=True)
class MapSource:
    """Where the map's outlines come from: the base map, and whether the map carries it (see loading)."""

    basemap: dict = dataclasses.field(compare=False)
    inline: bool = False


@dataclass(frozen=True, eq=False)
class AtlasPage:
    """Everything the atlas shows for one view. The charts, the table, the inset and the downloads are worked
    out when the page asks for them (a first visit's first run draws the map alone)."""

    ds: Dataset
    state: ViewState
    t: Translator
    filters: Filters
    view: View
    showing: str  # the view in words (state.describe)
    headline: MappingProxyType[str, int | str]
    map_request: maps.MapRequest
    map_height: int
    map_alt: str
    legend_html: str
    detail: PartnerDetail | None
    partner_choices: tuple[str, ...]  # ids, by city name
    cities: MappingProxyType[str, str]  # id -> city
    sector_ids: tuple[str, ...]
    inset_width: int | None  # None: no room for the inset
    inset_beside: bool  # in the side column (else under the map)
    playing: bool

    @property
    def deck(self) -> maps.MapDeck:
        return maps.MapDeck(deck(self.map_request, self.ds).json)

    def inset(self) -> dict | None:
        """The East Asia inset (Vega-Lite) for this map, when it leaves a partner there unnamed and there is room."""
        request, width = self.map_request, self.inset_width
        if width is None or request.focus != "world":
            return None

        def build() -> dict | None:
            unnamed = maps.unnamed_east_asian(request.view, deck(request, self.ds).named)
            return maps.inset_spec(request, unnamed, width=width) if unnamed else None
        return memo.of(self.ds).get(InsetKey(request, width), build)

    @functools.cached_property
    def charts(self) -> MappingProxyType[str, Chart]:
        return atlas_charts(self.ds, self.filters, self.t.lang, playing=self.playing)

    @functools.cached_property
    def table(self) -> pa.Table:
        return partner_table_arrow(self.ds, self.filters, self.t.lang)

    def export(self, today: dt.date) -> export.ViewExport:
        """The view's files, made when a button is clicked: the same object `python -m dashboard export` asks."""
        return export.ViewExport(self.ds, self.filters, self.t.lang, self.showing, today, self.state.color_by,
                                 self.map_request.basemap)


def atlas_page(ds: Dataset, state: ViewState, bounds: tuple[int, int], source: MapSource, screen: Screen,
               playing: bool = False) -> AtlasPage:
    """The atlas for a view. `bounds`: the data's years; `playing`: the history player runs (the map and the
    charts keep the frame of the whole period, so that the network grows inside it)."""
    t, filters = translator(ds, state.lang), state.filters
    v = view(ds, filters)
    viewport, short = screen.viewport, bool(screen.viewport and screen.viewport <= SHORT_SCREEN)
    room = SHORT_SCREEN_ROOM if short else FIRST_SCREEN_ROOM
    height = maps.map_height(screen.map_width, viewport - room if viewport else None,
                             floor=200 if short else maps.MIN_HEIGHT)
    request = map_request(ds, filters, state.lang, source.basemap, color_by=state.color_by, selected=state.partner,
                          focus=state.map_focus, width=screen.map_width, height=height, inline=source.inline,
                          still=playing)
    sector_ids = tuple(ds.sectors["id"])
    # The side column's width: as the browser reports it, else as the columns share the map column's.
    side = screen.side_width or (int(screen.map_width / MAP_SHARE) if screen.map_width else None)
    beside = bool(side and side >= INSET_MIN_WIDTH)
    inset_room = side if beside else screen.map_width if side else None
    return AtlasPage(
        ds=ds, state=state, t=t, filters=filters, view=v, showing=describe(state, t, bounds),
        headline=MappingProxyType(v.headline()), map_request=request, map_height=height,
        map_alt=maps.map_alt_text(v, t), legend_html=maps.legend_html(v, t, state.color_by, charts.sector_colors(ds)),
        detail=partner_detail(ds, state.partner, t, list(sector_ids)) if state.partner else None,
        partner_choices=tuple(ds.partners.sort_values("city_en")["id"]),
        cities=MappingProxyType(dict(zip(ds.partners["id"], ds.partners["city_en"]))), sector_ids=sector_ids,
        inset_width=inset_room - INSET_SLACK if inset_room else None, inset_beside=beside, playing=playing)


@dataclass(frozen=True, eq=False)
class MapPart:
    """A map as a page draws it: the deck for st.pydeck_chart, its words for screen readers, its legend."""

    deck: maps.MapDeck
    alt: str
    legend_html: str


@dataclass(frozen=True, eq=False)
class StepPage:
    """One step of presentation mode for a view: where the talk is, the step's title and takeaway, the
    Showing line (on the steps the filters act on), and its visual, sized when the page knows the room the
    browser reports under the head (see the methods)."""

    ds: Dataset
    state: ViewState
    t: Translator
    source: MapSource
    view: View
    number: int
    total: int
    step: story.Step
    showing: str | None  # None on the steps the filters do not act on
    findings_line: str | None  # the Seoul step's findings, each with its fields (Markdown)
    playing: bool

    def map(self, height: int, width: int | None, still: bool = False) -> MapPart:
        """The world map, `height` pixels tall, fitted to `width`; `still`: its frame that of every year."""
        request = map_request(self.ds, self.state.filters, self.t.lang, self.source.basemap,
                              color_by=self.state.color_by, selected=self.state.partner, focus=self.state.map_focus,
                              width=width, height=height, inline=self.source.inline, still=still)
        return MapPart(maps.MapDeck(deck(request, self.ds).json), maps.map_alt_text(self.view, self.t),
                       maps.legend_html(self.view, self.t, self.state.color_by, charts.sector_colors(self.ds)))

    def growth(self) -> Chart:
        return atlas_charts(self.ds, self.state.filters, self.t.lang, playing=self.playing)["growth"]

    def growth_spec(self, size: int, height: int, legends: bool) -> dict | None:
        """The growth chart for the projector, `height` pixels tall, type `size` pixels."""
        chart = self.growth()
        return None if chart.page_spec is None else slides.projector(chart.page_spec, size, height=height,
                                                                     legends=legends)

    def fields(self) -> Chart:
        return atlas_charts(self.ds, self.state.filters, self.t.lang)["fields"]

    def fields_spec(self, width: int, size: int, height: int) -> dict | None:
        chart = self.fields()
        if chart.spec is None or chart.page_spec is None:
            return None
        return slides.side_by_side(chart.page_spec, width, size, height, slides.row_count(chart.spec))

    def timeline(self) -> Chart:
        return timeline(self.ds, seoul.PARTNER, self.t.lang, None)

    def timeline_spec(self, size: int, height: int) -> dict | None:
        chart = self.timeline()
        return None if chart.page_spec is None else slides.lanes_on_the_left(
            slides.projector(chart.page_spec, size, height=height), size)

    def open_questions(self) -> list[str]:
        """Every open question with what the sources say, as Markdown list items."""
        return [f"- **{md(question.title)}** {inert(question.answer)}" for question in story.open_questions(self.ds, self.t)]


FILTERED_STEPS = ("network", "growth", "fields")  # the steps the filters act on


def present_page(ds: Dataset, state: ViewState, bounds: tuple[int, int], source: MapSource,
                 playing: bool = False) -> StepPage:
    """The presentation step the view is at (clamped to the story's steps)."""
    t = translator(ds, state.lang)
    total = story.step_count(ds)
    number = min(max(state.step, 1), total)
    v = view(ds, state.filters)
    current = story.step(ds, number, v, t, playing=playing)
    findings = None
    if current.id == "seoul":
        # The takeaway asks the thesis' question; the findings, each with its fields, on one line.
        findings = f"**{md(t('seoul.findings'))}:** " + " · ".join(
            f"**{md(t.pick(f, 'title'))}** ({md(', '.join(t.sector(s) for s in f.sectors))})"
            for f in ds.seoul.findings.itertuples())
    return StepPage(ds=ds, state=state, t=t, source=source, view=v, number=number, total=total, step=current,
                    showing=describe(state, t, bounds) if current.id in FILTERED_STEPS else None,
                    findings_line=findings, playing=playing)


SEOUL_MAP_HEIGHT = 460  # px


@dataclass(frozen=True, eq=False)
class SeoulPage:
    """The Seoul page for a view: the case's texts, the findings (the view's chosen one highlighted on the
    timeline), the timeline and its table, the focus map of Korea, the citation and the reading list."""

    ds: Dataset
    t: Translator
    case: SeoulContent
    texts: seoul.Texts
    finding: str | None  # the chosen finding
    finding_ids: tuple[str, ...]
    event_count: int
    highlight_count: int | None  # None: no finding chosen
    timeline: Chart
    timeline_table: pd.DataFrame
    map: MapPart
    citation_fields: tuple[tuple[str, str, bool], ...]
    keywords: str
    reading_lines: tuple[str, ...]

    def finding_title(self, finding_id: str) -> str:
        return seoul.finding_title(self.case, finding_id, self.t.lang)

    def downloads(self, today: dt.date) -> list[export.Download]:
        """The timeline for slides and papers (the chosen finding's events highlighted, as on the page)."""
        return export.seoul_downloads(self.ds, self.t.lang, today, self.finding)

    def citation(self, values: dict[str, str]) -> str:
        return seoul.citation_text(values, self.t)


def seoul_page(ds: Dataset, state: ViewState, source: MapSource, map_width: int | None) -> SeoulPage:
    """The Seoul page; `map_width`: the focus map's width as the browser reported it (None until it has)."""
    t, case = translator(ds, state.lang), ds.seoul
    events = partner_events(ds, seoul.PARTNER)
    highlight = seoul.highlighted(events, case, state.finding)
    korean = Filters(statuses=STATUSES, countries=("KOR",))
    korea = view(ds, korean)
    request = map_request(ds, korean, state.lang, source.basemap, color_by="relationship", selected=seoul.PARTNER,
                          focus="korea", width=map_width, height=SEOUL_MAP_HEIGHT, inline=source.inline)
    focus = MapPart(maps.MapDeck(deck(request, ds).json), maps.map_alt_text(korea, t),
                    maps.legend_html(korea, t, "relationship", charts.sector_colors(ds)))
    return SeoulPage(
        ds=ds, t=t, case=case, texts=seoul.Texts(case, t.lang), finding=state.finding,
        finding_ids=tuple(case.findings["id"]), event_count=len(events),
        highlight_count=len(highlight) if highlight is not None else None,
        timeline=timeline(ds, seoul.PARTNER, t.lang, frozenset(highlight) if highlight is not None else None),
        timeline_table=seoul.timeline_table(events, t, highlight), map=focus,
        citation_fields=tuple(seoul.citation_fields(case)), keywords=seoul.keywords(case, t.lang),
        reading_lines=tuple(seoul.reading_line(r) for r in case.reading_list.itertuples()))
