"""Each value a page shows (the view, its charts, the map, the tables, the figures), worked out once per
dataset and inputs and kept in the dataset's memo under a key naming every input (see the package's doc).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Literal

import pandas as pd
import pyarrow as pa

from dashboard import charts, export, maps, memo
from dashboard.filters import Filters, View, apply, every_partner, partner_events, placed_year
from dashboard.i18n import Translator
from dashboard.loader import Dataset
from dashboard.memo import Key, Same
from dashboard.options import ColorBy, Focus


@dataclass(frozen=True)
class Chart:
    spec: dict | None  # None when the filters leave nothing to draw
    summary: str

    @functools.cached_property
    def page_spec(self) -> dict | None:
        """The spec as the page sends it: each named dataset already in Arrow's stream format, which
        st.vega_lite_chart passes on as it is instead of converting the rows on every rerun."""
        if self.spec is None or not self.spec.get("datasets"):
            return self.spec
        return {**self.spec, "datasets": {name: arrow_bytes(rows) for name, rows in self.spec["datasets"].items()}}


# --- The memo's keys: one frozen dataclass per kind of value, every input a field --------------------------


@dataclass(frozen=True)
class TranslatorKey(Key):
    lang: str


@dataclass(frozen=True)
class ViewKey(Key):
    filters: Filters


@dataclass(frozen=True)
class EventfulYearsKey(Key):
    filters: Filters  # with years=None: the player's stops do not depend on the years shown


@dataclass(frozen=True)
class ChartsKey(Key):
    filters: Filters
    lang: str
    playing: bool


@dataclass(frozen=True)
class TimelineKey(Key):
    partner_id: str
    lang: str
    highlight: frozenset[str] | None


@dataclass(frozen=True)
class PartnerIdsKey(Key):
    """The data set's partner ids, in order (one pick target each on every map)."""


@dataclass(frozen=True)
class MapKey(Key):
    """A map of this dataset: its request names every input (the base map included, which the JSON carries
    when inline)."""

    request: maps.MapRequest


@dataclass(frozen=True)
class InsetKey(Key):
    request: maps.MapRequest
    inset_width: int


@dataclass(frozen=True)
class EveryPartnerTableKey(Key):
    lang: str
    include_planned: bool


TableKind = Literal["partner table", "partner table arrow", "partners csv", "activities csv"]


@dataclass(frozen=True)
class TableKey(Key):
    kind: TableKind
    filters: Filters
    lang: str


@dataclass(frozen=True)
class FiguresKey(Key):
    filters: Filters
    lang: str
    basemap: Same[dict]
    description: str
    today: dt.date
    color_by: str


@dataclass(frozen=True)
class SeoulTimelineKey(Key):
    lang: str
    today: dt.date
    finding: str | None


def arrow_bytes(rows: list[dict]) -> bytes:
    """Rows as an Arrow IPC stream (the format Streamlit sends chart data in)."""
    table = pa.Table.from_pylist(rows) if rows else pa.table({})
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def translator(ds: Dataset, lang: str) -> Translator:
    return memo.of(ds).get(TranslatorKey(lang), lambda: Translator.for_dataset(ds, lang))


def view(ds: Dataset, filters: Filters) -> View:
    return memo.of(ds).get(ViewKey(filters), lambda: apply(ds, filters))


def eventful_years(ds: Dataset, filters: Filters) -> frozenset[int]:
    """The years in which a partner the filters show (whatever their years) is placed on the map: what the
    history player stops on."""
    def build() -> frozenset[int]:
        every_year = view(ds, replace(filters, years=None))
        return frozenset(int(y) for y in placed_year(every_year.partners).dropna())
    return memo.of(ds).get(EventfulYearsKey(replace(filters, years=None)), build)


def atlas_charts(ds: Dataset, filters: Filters, lang: str, playing: bool = False) -> MappingProxyType[str, Chart]:
    """The atlas's four charts and their one-sentence summaries. `playing`: the history player is running,
    so the charts keep the axes and legends of the whole period (the same filters, every year)."""
    def build() -> MappingProxyType[str, Chart]:
        v, t = view(ds, filters), translator(ds, lang)
        frame = view(ds, replace(filters, years=None)) if playing else None
        return MappingProxyType({"growth": Chart(charts.growth_chart(v, t, frame), charts.growth_summary(v, t)),
                "regions": Chart(charts.regions_chart(v, t, frame), charts.regions_summary(v, t)),
                "fields": Chart(charts.sectors_chart(v, ds, t, frame), charts.sectors_summary(v, ds, t)),
                "activities": Chart(charts.activities_chart(v, ds, t, frame), charts.activities_summary(v, ds, t))})
    return memo.of(ds).get(ChartsKey(filters, lang, playing), build)


def timeline(ds: Dataset, partner_id: str, lang: str, highlight: frozenset[str] | None) -> Chart:
    def build() -> Chart:
        events, t = partner_events(ds, partner_id), translator(ds, lang)
        return Chart(charts.timeline_chart(events, ds, t, set(highlight) if highlight is not None else None),
                     charts.timeline_summary(events, t))
    return memo.of(ds).get(TimelineKey(partner_id, lang, highlight), build)


def home_country_numeric(ds: Dataset) -> int | None:
    """The ISO numeric code of the home city's country (None when the countries table lacks it)."""
    # A plain scan of a small table: a pandas selection costs more than many steps of a small map.
    home = ds.home["country_iso3"]
    return next((int(n) for iso3, n in zip(ds.countries["iso3"].tolist(), ds.countries["iso_numeric"].tolist())
                 if iso3 == home), None)


def map_request(ds: Dataset, filters: Filters, lang: str, basemap: dict, *, color_by: ColorBy, selected: str | None,
                focus: Focus, width: int | None, height: int | None, inline: bool, still: bool = False) -> maps.MapRequest:
    """The map of a view, as the map builders take it. `still`: the opening view fitted to the view's partners
    of every year, not only of its years (the history player passes session.of(...).playing, so that
    the network grows inside a frame that does not move)."""
    frame = view(ds, dataclasses.replace(filters, years=None)) if still and filters.years is not None else None
    return maps.MapRequest(view(ds, filters), ds.home, basemap, translator(ds, lang), charts.sector_colors(ds),
                           color_by=color_by, home_country_numeric=home_country_numeric(ds), selected=selected,
                           focus=focus, width_px=width, height_px=height, basemap_inline=inline,
                           every_partner=partner_ids(ds), frame_view=frame)


def partner_ids(ds: Dataset) -> tuple[str, ...]:
    """The data set's partner ids, in its order."""
    return memo.of(ds).get(PartnerIdsKey(), lambda: tuple(ds.partners["id"]))


def deck(request: maps.MapRequest, ds: Dataset) -> maps.DeckMap:
    """The map's deck.gl JSON (wrap `.json` in maps.MapDeck for st.pydeck_chart) and the cities it names."""
    return memo.of(ds).get(MapKey(request), lambda: maps.deck_map(request))


def deck_json(ds: Dataset, filters: Filters, lang: str, basemap: dict, *, color_by: ColorBy, selected: str | None,
              focus: Focus, width: int | None, height: int | None, inline: bool, still: bool = False) -> str:
    """The map's deck.gl JSON, as st.pydeck_chart sends it (wrap it in maps.MapDeck); see map_request."""
    request = map_request(ds, filters, lang, basemap, color_by=color_by, selected=selected, focus=focus, width=width,
                          height=height, inline=inline, still=still)
    return deck(request, ds).json


def inset(ds: Dataset, filters: Filters, lang: str, basemap: dict, *, color_by: ColorBy, selected: str | None,
          focus: Focus, width: int | None, height: int | None, inline: bool, still: bool = False,
          inset_width: int) -> dict | None:
    """The East Asia inset (a Vega-Lite spec `inset_width` pixels wide) for the map that deck_json draws
    with the same arguments, when that map leaves a Korean, Japanese or Chinese partner unnamed; else None."""
    request = map_request(ds, filters, lang, basemap, color_by=color_by, selected=selected, focus=focus, width=width,
                          height=height, inline=inline, still=still)

    def build() -> dict | None:
        if focus != "world":
            return None
        unnamed = maps.unnamed_east_asian(request.view, deck(request, ds).named)
        return maps.inset_spec(request, unnamed, width=inset_width) if unnamed else None
    return memo.of(ds).get(InsetKey(request, inset_width), build)


def _every_partner_table(ds: Dataset, lang: str, v: View) -> tuple[pd.DataFrame, pa.Table | None]:
    """The partner table of every partner, in the order views list them, with the sectors as `v` counts
    them (only whether planned activities count changes them), as a frame (with `id`) and as the page's
    Arrow table (None when a part of it could not be cut out as it is; see below). A view's table is its
    rows of these with its own activity counts (here 0): translating and converting a view's rows costs
    far more than cutting them out."""
    def build() -> tuple[pd.DataFrame, pa.Table | None]:
        every = every_partner(ds).assign(activity_count=0)
        frame = export.partner_table_of(every, v.partner_sectors, translator(ds, lang))
        arrow = pa.Table.from_pandas(frame.drop(columns="id"), preserve_index=False)
        # Arrow gives a text column of nothing but missing values no type, so a few rows of a column with
        # missing values might not convert to this column's type; the loader leaves none in these columns.
        if any(column.null_count and not pa.types.is_integer(column.type) for column in arrow.columns):
            arrow = None
        return frame, arrow
    return memo.of(ds).get(EveryPartnerTableKey(lang, v.filters.include_planned), build)


def partner_table(ds: Dataset, filters: Filters, lang: str) -> pd.DataFrame:
    """The table of exactly what the map shows, in the page's language (with an `id` column). A copy (a
    cheap one: pandas copies on write), so that a caller changing it changes nobody else's table."""
    def build() -> pd.DataFrame:
        v, t = view(ds, filters), translator(ds, lang)
        if v.empty or v.partner_rows is None:  # (an empty table's columns have no type to cut out)
            return export.partner_table(v, t)
        table = _every_partner_table(ds, lang, v)[0].take(v.partner_rows).reset_index(drop=True)
        table[t("table.activities")] = v.partners["activity_count"].to_numpy()
        return table
    return memo.of(ds).get(TableKey("partner table", filters, lang), build).copy(deep=False)


def partner_table_arrow(ds: Dataset, filters: Filters, lang: str) -> pa.Table:
    """The same table, as shown on the page (no id), already in Arrow: st.dataframe sends it as it is."""
    def build() -> pa.Table:
        v = view(ds, filters)
        every = None if v.empty or v.partner_rows is None else _every_partner_table(ds, lang, v)[1]
        if every is None:
            return pa.Table.from_pandas(partner_table(ds, filters, lang).drop(columns="id"), preserve_index=False)
        table = every.take(v.partner_rows)
        activities = table.schema.get_field_index(translator(ds, lang)("table.activities"))
        return table.set_column(activities, table.field(activities),
                                pa.array(v.partners["activity_count"].to_numpy(), type=table.field(activities).type))
    return memo.of(ds).get(TableKey("partner table arrow", filters, lang), build)


def partners_csv(ds: Dataset, filters: Filters, lang: str) -> bytes:
    return memo.of(ds).get(TableKey("partners csv", filters, lang), lambda: export.to_csv(partner_table(ds, filters, lang)))


def activities_csv(ds: Dataset, filters: Filters, lang: str) -> bytes:
    return memo.of(ds).get(TableKey("activities csv", filters, lang),
                           lambda: export.to_csv(export.activity_table(view(ds, filters), translator(ds, lang))))


def figures(ds: Dataset, filters: Filters, lang: str, basemap: dict, description: str, today: dt.date,
            color_by: str) -> tuple[export.Figure, ...]:
    """Every figure of the view for slides, with its caption (built when a download is asked for)."""
    def build() -> tuple[export.Figure, ...]:
        return tuple(export.figures(view(ds, filters), ds, basemap, translator(ds, lang), description, today,
                                    color_by=color_by, home_country_numeric=home_country_numeric(ds)))
    return memo.of(ds).get(FiguresKey(filters, lang, Same(basemap), description, today, color_by), build)


def seoul_timeline(ds: Dataset, lang: str, today: dt.date, finding: str | None = None) -> export.Figure | None:
    """The Seoul page's timeline figure, worked out once per dataset, language, day and chosen finding."""
    return memo.of(ds).get(SeoulTimelineKey(lang, today, finding),
                           lambda: export.timeline_figure(ds, translator(ds, lang), today, finding))
