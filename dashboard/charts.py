"""Charts built from a View: how the network grew, which fields dominate, where the partners are.

Every builder returns a plain Vega-Lite specification (a dict that `json.dumps` takes as it is), or None
when the filters leave nothing to draw. No Altair objects are built at run time: building and
schema-validating them cost more than the rest of a rerun; the tests validate every specification
against the Vega-Lite schema instead. The data in a specification is already counted (one row per year,
sector or region), never the raw rows. Every chart takes its sector colours from the sectors vocabulary
(one colour per sector everywhere), carries a `description` (its accessible name) and has a one-sentence
summary of the same data (`*_summary`), for the page to show beside it or instead of it when empty.

Sizing: widths are "container" (the page stretches them; `for_export` makes them pixels), heights are
the plot area's (`autosize` fit-x), so a legend adds to a chart's height instead of squeezing its plot.
Counts are drawn on axes of whole numbers.

While the history plays, the atlas charts take a `frame`: the view of the whole period under the same
filters. Their axes and legends are those of the frame, so the network grows inside a still picture
instead of every axis re-scaling and every legend gaining entries year by year.
"""

from __future__ import annotations

import copy
import json
import math
import textwrap
from collections import Counter
from collections.abc import Mapping, Sequence

import pandas as pd

from dashboard.contract import HAPPENED
from dashboard.filters import View
from dashboard.i18n import Translator
from dashboard.loader import Dataset
from dashboard.palette import RELATIONSHIP_COLORS
from dashboard.render import safe_spec
from dashboard.words import and_list, counted, each, leaders, non_zero

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
WIDTH = "container"
LINE_COLOR = "#0072B2"
AGREEMENT_COLOR = "#1F2933"
# Text at least 4.5:1 on white (WCAG AA): #333333 is 12.6:1, #595959 is 7.0:1.
TEXT_COLOR = "#333333"
MUTED_COLOR = "#595959"
CANCELLED_COLOR = "#767676"  # 4.5:1 on white: greyed, still visible
FONT_SIZE = 12

# Pixel width of one legend entry (symbol, label up to its limit, padding): legends get as many columns
# as fit the plot's width, one on a phone, so no entry is clipped.
LEGEND_ENTRY_PX = 200
LEGEND_LABEL_LIMIT = 170
# Vega's containerSize() is the page's chart container; it is undefined in an export, which then gets
# the wide layout.
NARROW = "isFinite(containerSize()[0]) && containerSize()[0] < 560"


def sector_colors(ds: Dataset) -> dict[str, str]:
    """Sector id -> colour, in the vocabulary's order."""
    return dict(zip(ds.sectors["id"], ds.sectors["color"]))


def sector_scale(ds: Dataset, t: Translator, present: set[str] | None = None) -> dict:
    """The sectors' colour scale in the current language; with `present` (sector ids), only those, so a
    legend lists the fields the chart shows and each keeps its own colour."""
    chosen = [(s, c) for s, c in zip(ds.sectors["id"], ds.sectors["color"]) if present is None or s in present]
    return {"domain": [t.sector(s) for s, _ in chosen], "range": [c for _, c in chosen]}


def relationship_scale(t: Translator, present: set[str] | None = None) -> dict:
    chosen = [(r, c) for r, c in RELATIONSHIP_COLORS.items() if present is None or r in present]
    return {"domain": [t.label("relationship", r) for r, _ in chosen], "range": [c for _, c in chosen]}


def year_ticks(low: int, high: int) -> list[int]:
    """Round years for a year axis: at most 8 labels (decades over the whole range), so four-digit
    labels never overlap, even on a phone."""
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100) if (high - low) / s <= 7)
    return list(range(math.ceil(low / step) * step, high + 1, step))


def year_axis(low: int, high: int) -> dict:
    # Labels centred on their ticks (not pushed inside at the ends), so the first two never touch.
    return {"format": "d", "values": year_ticks(low, high), "labelFlush": False}


def count_ticks(high: int) -> list[int]:
    """Whole numbers for a count axis from 0 past `high`: at most 8 steps of 1, 2 or 5 times a power of ten
    (left to itself, Vega puts 0.5 between 0 and 1)."""
    high = max(int(high), 1)
    power = 1
    while True:
        for step in (power, 2 * power, 5 * power):
            if high / step <= 8:
                return list(range(0, math.ceil(high / step) * step + 1, step))
        power *= 10


def count_encoding(high: int) -> dict:
    """The scale and axis of a count up to `high`: from 0 to the last whole tick."""
    ticks = count_ticks(high)
    return {"scale": {"domain": [0, ticks[-1]], "nice": False}, "axis": {"values": ticks, "format": "d"}}


def legend(n_entries: int, title: str | None) -> dict:
    return {"title": title, "orient": "bottom", "labelLimit": LEGEND_LABEL_LIMIT,
            "columns": {"expr": f"max(1, min({n_entries}, floor(width / {LEGEND_ENTRY_PX})))"}}


def _spec(description: str, title: str | None = None, rows: tuple[str, list[dict]] | None = None, **rest) -> dict:
    """The parts every chart shares: schema, accessible name, sizing rule and readable text colours.
    `rows` (name, records) become a named dataset: Streamlit hands those to the chart as it is drawn,
    where top-level `data.values` would arrive after a first, empty drawing."""
    spec: dict[str, object] = {"$schema": SCHEMA, "description": description}
    if title is not None:
        spec["title"] = title
    if rows is not None:
        name, records = rows
        spec["datasets"] = {name: records}
        spec["data"] = {"name": name}
    spec.update(rest)
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    spec["config"] = {
        "axis": {"labelColor": TEXT_COLOR, "titleColor": TEXT_COLOR, "labelFontSize": FONT_SIZE,
                 "titleFontSize": FONT_SIZE, "labelOverlap": True},
        "legend": {"labelColor": TEXT_COLOR, "titleColor": TEXT_COLOR, "labelFontSize": FONT_SIZE,
                   "titleFontSize": FONT_SIZE},
        "title": {"color": TEXT_COLOR, "subtitleColor": MUTED_COLOR, "anchor": "start"},
        "text": {"color": TEXT_COLOR},
    }
    # Every text safe for XML and for Vega's expressions, whatever the data holds (see dashboard/render.py).
    return safe_spec(spec)


def _leading(t: Translator, counts: Sequence[tuple[object, int]]) -> tuple[str, str]:
    """The label(s) with the highest count, as a list ('Environment and Culture'), and that count ('16',
    or '16 each' when they tie)."""
    names, top = leaders(counts)
    return and_list(t, names), each(t, top, len(names))


def _translated_counts(counts: Mapping, translate) -> Counter:
    """Counts of values as counts of their translations, in the order of `counts`; values that share a
    translation add up. (Counting first and then translating translates each distinct value once.)"""
    out: Counter = Counter()
    for value, count in counts.items():
        out[translate(value)] += count
    return out


def per_sector(view: View) -> Counter:
    """The counted activities per sector, in the order the sectors first occur in `view.activities`."""
    per_sector: Counter = Counter()
    for (_, sector), count in view.activity_tally.items():
        per_sector[sector] += count
    return per_sector


# --- Growth of the network --------------------------------------------------------------------------------

def growth_points(view: View, t: Translator) -> list[dict]:
    """One record per signed partnership in the order they were signed, with the running total.
    (Plain lists: on frames this small pandas costs more than the work.)"""
    p = view.partners
    is_signed = p["signed"].to_numpy(dtype=bool)
    years = p["first_year"].to_numpy(dtype=float, na_value=float("nan"))[is_signed].astype(int).tolist()
    signed = sorted(zip(years, p["city_en"].to_numpy()[is_signed].tolist(),
                        p["relationship"].to_numpy()[is_signed].tolist()))
    labels = {rel: t.label("relationship", rel) for rel in {rel for _, _, rel in signed}}
    return [{"year": year, "city": city, "relationship": labels[rel], "relationship_id": rel,
             "total": total} for total, (year, city, rel) in enumerate(signed, start=1)]


def milestones(points: list[dict]) -> list[dict]:
    """The partnerships the growth chart names: the first, the first of each decade, and the latest.
    The others are named on hover, so labels stay few and apart."""
    named, decades = [], set()
    for i, point in enumerate(points):
        if point["year"] // 10 not in decades or i == len(points) - 1:
            named.append(point)
        decades.add(point["year"] // 10)
    return named


def _signed_relationships(view: View) -> set[str]:
    return set(view.partners.loc[view.partners["signed"].to_numpy(dtype=bool), "relationship"])


def growth_chart(view: View, t: Translator, frame: View | None = None) -> dict | None:
    """Cumulative number of partnerships by the year of their first document, one point per new partner;
    the first, one per decade and the latest are named. None when no signed partnership is shown.
    With `frame` (the whole period, while the history plays) the axes run over the frame's years and
    total and the legend lists the frame's relationships, while the line ends at the view's last year."""
    data = growth_points(view, t)
    if not data:
        return None
    low, high = (frame or view).years
    reached = min(view.years[1], high)
    total = int(frame.partners["signed"].sum()) if frame is not None else len(data)
    x = {"field": "year", "type": "quantitative", "title": t("chart.year"), "scale": {"domain": [low, high]},
         "axis": year_axis(low, high)}
    counts = count_encoding(max(total, len(data)))
    y = {"field": "total", "type": "quantitative", "title": t("chart.partnerships_total"), **counts}
    # The running total holds until the end of the range (the year reached, while playing), so the line
    # reaches the right edge.
    steps = [{"year": low, "total": 0}, *({"year": d["year"], "total": d["total"]} for d in data),
             {"year": reached, "total": len(data)}]
    records = [{k: d[k] for k in ("year", "city", "relationship", "total")} for d in data]
    present = _signed_relationships(frame) | {d["relationship_id"] for d in data} if frame is not None else \
        {d["relationship_id"] for d in data}
    points = {"data": {"values": records}, "mark": {"type": "circle", "opacity": 1, "size": 70},
              "encoding": {"x": x, "y": y,
                           "color": {"field": "relationship", "type": "nominal",
                                     "scale": relationship_scale(t, present),
                                     "legend": legend(len(present), t("filters.relationship"))},
                           "tooltip": [{"field": "city", "type": "nominal", "title": t("table.city")},
                                       {"field": "year", "type": "quantitative", "title": t("chart.year"), "format": "d"},
                                       {"field": "relationship", "type": "nominal", "title": t("filters.relationship")}]}}
    # A step-after line runs right of each point at its height and rises at the next one, so the space
    # below-right and above-left of a point is always free of it: early names go below-right, late ones
    # above-left, and neither runs off the plot.
    middle = (low + high) / 2
    named = [{k: d[k] for k in ("year", "total", "city")} for d in milestones(data)]
    early = [d for d in named if d["year"] < middle]
    late = [d for d in named if d["year"] >= middle]
    label = {"x": x, "y": y, "text": {"field": "city", "type": "nominal"}}
    layers = [{"data": {"values": steps}, "mark": {"type": "line", "color": LINE_COLOR, "interpolate": "step-after"},
               "encoding": {"x": x, "y": y}},
              points]
    if early:
        layers.append({"data": {"values": early}, "encoding": label,
                       "mark": {"type": "text", "align": "left", "baseline": "top", "dx": 6, "dy": 5,
                                "fontSize": FONT_SIZE, "color": TEXT_COLOR}})
    if late:
        layers.append({"data": {"values": late}, "encoding": label,
                       "mark": {"type": "text", "align": "right", "baseline": "bottom", "dx": -6, "dy": -5,
                                "fontSize": FONT_SIZE, "color": TEXT_COLOR}})
    return _spec(t("chart.growth_alt", first=low, last=high), t("chart.growth_title", year=low),
                 width=WIDTH, height=360, layer=layers)


def growth_summary(view: View, t: Translator) -> str:
    data = growth_points(view, t)
    if not data:
        return t("chart.growth_empty")
    first_year, last_year = data[0]["year"], data[-1]["year"]
    first = [d["city"] for d in data if d["year"] == first_year]
    last = [d["city"] for d in data if d["year"] == last_year]
    if len(data) == 1:
        return t("chart.growth_summary_one", city=first[0], year=first_year)
    if first_year == last_year:
        return t("chart.growth_summary_one_year", total=len(data), year=first_year, cities=and_list(t, first))
    return t("chart.growth_summary", total=len(data), first_year=first_year, last_year=last_year,
             first_city=and_list(t, first), last_city=and_list(t, last))


# --- Partners by world region ------------------------------------------------------------------------------

def region_counts(view: View, t: Translator) -> list[dict]:
    """Partners per world region and relationship (by their names in the page's language), sorted by
    region and then relationship."""
    counts = _translated_counts(Counter(zip(view.partners["region"], view.partners["relationship"])), lambda pair: (
        t.label("region", pair[0]), t.label("relationship", pair[1])))
    return [{"region": region, "relationship": relationship, "count": count}
            for (region, relationship), count in sorted(counts.items())]


def _most_per_region(view: View) -> int:
    return int(view.partners["region"].value_counts().max()) if len(view.partners) else 0


def regions_chart(view: View, t: Translator, frame: View | None = None) -> dict | None:
    """Partners by world region, split by relationship. None when no partner is shown. With `frame` (the
    whole period, while the history plays) the count axis and the legend are the frame's."""
    data = region_counts(view, t)
    if not data:
        return None
    present = set(view.partners["relationship"]) | (set(frame.partners["relationship"]) if frame is not None else set())
    most = max(_most_per_region(view), _most_per_region(frame) if frame is not None else 0)
    return _spec(t("chart.regions_alt"), t("chart.regions_title"), width=WIDTH, height={"step": 26},
                 rows=("regions", data), mark={"type": "bar"}, encoding={
        "y": {"field": "region", "type": "nominal", "sort": "-x", "title": None, "axis": {"labelLimit": 200}},
        "x": {"aggregate": "sum", "field": "count", "type": "quantitative", "title": t("chart.partners"),
              **count_encoding(most)},
        "color": {"field": "relationship", "type": "nominal", "scale": relationship_scale(t, present),
                  "legend": legend(len(present), t("filters.relationship"))},
        "tooltip": [{"field": "region", "type": "nominal", "title": t("chart.region")},
                    {"field": "relationship", "type": "nominal", "title": t("filters.relationship")},
                    {"field": "count", "type": "quantitative", "title": t("chart.partners")}]})


def regions_summary(view: View, t: Translator) -> str:
    if view.partners.empty:
        return t("chart.regions_empty")
    counts = _translated_counts(Counter(view.partners["region"]), lambda region: t.label("region", region))
    total = len(view.partners)
    if total == 1:
        return t("chart.regions_summary_one", region=next(iter(counts)))
    if len(counts) == 1:
        return t("chart.regions_summary_one_region", region=next(iter(counts)), total=total)
    names, count = leaders(list(counts.items()))
    if len(names) == len(counts):
        return t("chart.regions_summary_even", total=total, count=count, regions=len(counts))
    key = "chart.regions_summary" if len(names) == 1 else "chart.regions_summary_tie"
    return t(key, region=and_list(t, names), count=count, total=total, regions=len(counts))


# --- Fields of cooperation ---------------------------------------------------------------------------------

def sector_rows(view: View, ds: Dataset, t: Translator) -> list[dict]:
    """Per sector (the chosen ones, in the vocabulary's order): how many shown partnerships have it, and
    how many counted activities are in it; two records (sector, measure, count) each."""
    chosen = set(view.filters.sectors)
    per_partner, per_activity = view.partners_per_sector, per_sector(view)
    partnerships, activities = t("chart.partnerships"), t("chart.activities")
    rows = []
    for sector in ds.sectors["id"]:
        if chosen and sector not in chosen:
            continue
        rows.append({"sector": t.sector(sector), "measure": partnerships, "count": per_partner.get(sector, 0)})
        rows.append({"sector": t.sector(sector), "measure": activities, "count": per_activity[sector]})
    return rows


def two_lines(labels: list[str], longest: int = 18) -> dict[str, list[str]]:
    """Labels longer than `longest` characters split at the space nearest their middle."""
    out = {}
    for label in labels:
        spaces = [i for i, c in enumerate(label) if c == " "]
        if len(label) > longest and spaces:
            cut = min(spaces, key=lambda i: abs(i - len(label) / 2))
            out[label] = [label[:cut], label[cut + 1:]]
    return out


def sectors_chart(view: View, ds: Dataset, t: Translator, frame: View | None = None) -> dict | None:
    """Partnerships and activities per field: two panels, one above the other, so each gets the whole
    width on a phone as on a projector. None when every count is zero. With `frame` (the whole period,
    while the history plays) each panel's count axis is the frame's."""
    data = sector_rows(view, ds, t)
    if not any(row["count"] for row in data):
        return None
    order = [t.sector(s) for s in ds.sectors["id"]]
    measures = {t("chart.partnerships"): t("chart.count_partnerships"), t("chart.activities"): t("chart.count_activities")}
    most: Counter[str] = Counter()
    for row in data + (sector_rows(frame, ds, t) if frame is not None else []):
        most[row["measure"]] = max(most[row["measure"]], row["count"])
    # On a phone long names take two lines instead of an ellipsis.
    narrow_labels = f"{NARROW} ? ({json.dumps(two_lines(order))}[datum.label] || datum.label) : datum.label"

    def panel(measure: str, count_title: str) -> dict:
        return {"title": {"text": measure, "fontSize": FONT_SIZE + 1}, "width": WIDTH, "height": {"step": 26},
                "transform": [{"filter": {"field": "measure", "equal": measure}}],
                "mark": {"type": "bar"}, "encoding": {
            # Every field named, on a phone too: two lines of 11 px fit a 26 px row, so no label needs to
            # give way to its neighbour (by default Vega hides every other one when their boxes touch).
            "y": {"field": "sector", "type": "nominal", "sort": order, "title": None,
                  "axis": {"labelLimit": 260, "labelFlush": False, "labelLineHeight": 11, "labelOverlap": False,
                           "labelFontSize": {"expr": f"{NARROW} ? 11 : {FONT_SIZE}"},
                           "labelExpr": narrow_labels}},
            "x": {"field": "count", "type": "quantitative", "title": count_title, **count_encoding(most[measure])},
            "color": {"field": "sector", "type": "nominal", "scale": sector_scale(ds, t), "legend": None},
            "tooltip": [{"field": "sector", "type": "nominal", "title": t("chart.field")},
                        {"field": "measure", "type": "nominal", "title": " "},
                        {"field": "count", "type": "quantitative", "title": count_title}]}}

    return _spec(t("chart.sectors_alt"), t("chart.sectors_title"), rows=("sectors", data),
                 vconcat=[panel(m, title) for m, title in measures.items()], spacing=28)


def sectors_summary(view: View, ds: Dataset, t: Translator) -> str:
    """The fields with the most partnerships and activities (ties named together); for a view of one
    field, what that field has."""
    data = sector_rows(view, ds, t)
    if not any(row["count"] for row in data):
        return t("chart.sectors_empty")
    by_measure: dict[str, list[tuple[str, int]]] = {}
    for row in data:
        by_measure.setdefault(row["measure"], []).append((row["sector"], row["count"]))
    partnerships, activities = by_measure[t("chart.partnerships")], by_measure[t("chart.activities")]
    shown = [(sector, p, a) for (sector, p), (_, a) in zip(partnerships, activities) if p or a]
    if len(shown) == 1:
        sector, p, a = shown[0]
        return t("chart.sectors_summary_one", sector=sector, count=and_list(t, non_zero([
            (p, counted(t, "chart.n_partnerships", p)), (a, counted(t, "chart.n_activities", a))])))
    p_sector, p_count = _leading(t, partnerships)
    if not any(count for _, count in activities):
        return t("chart.sectors_summary_no_activities", p_sector=p_sector, p_count=p_count)
    a_sector, a_count = _leading(t, activities)
    return t("chart.sectors_summary", p_sector=p_sector, p_count=p_count, a_sector=a_sector, a_count=a_count)


# --- Activities by year ------------------------------------------------------------------------------------

def activity_counts(view: View, ds: Dataset, t: Translator) -> list[dict]:
    """Activities per year and sector, by year and then in the vocabulary's order (`rank`, the stacking
    order)."""
    rank = {s: i for i, s in enumerate(ds.sectors["id"])}
    counts = view.activity_tally
    return [{"year": year, "year_end": year + 1, "sector": t.sector(sector), "sector_id": sector,
             "rank": rank.get(sector, len(rank)), "count": count}
            for (year, sector), count in sorted(counts.items(), key=lambda kv: (kv[0][0], rank.get(kv[0][1], len(rank))))]


def _most_per_year(view: View) -> int:
    per_year: Counter = Counter()
    for (year, _), count in view.activity_tally.items():
        per_year[year] += count
    return max(per_year.values(), default=0)


def activities_chart(view: View, ds: Dataset, t: Translator, frame: View | None = None) -> dict | None:
    """Activities by year, stacked by sector, on a year axis over the filter's whole range (the same as
    the growth chart's); the legend lists only the sectors shown. None when no activity is counted. With
    `frame` (the whole period, while the history plays) the axes and the legend are the frame's."""
    data = activity_counts(view, ds, t)
    if not data:
        return None
    low, high = (frame or view).years
    present = {d["sector_id"] for d in data}
    most = _most_per_year(view)
    if frame is not None:
        present |= set(frame.activity_sector.tolist())
        most = max(most, _most_per_year(frame))
    return _spec(t("chart.activities_alt", first=low, last=high), t("chart.activities_title"), width=WIDTH,
                 height=280, rows=("activities", [{k: v for k, v in d.items() if k != "sector_id"} for d in data]),
                 # Bars touch (a year is 4 px wide on a phone); a hairline keeps years and sectors apart.
                 mark={"type": "bar", "binSpacing": 0, "stroke": "white", "strokeWidth": 0.5}, encoding={
        # Each bar spans its year (year to year + 1): a continuous axis with round-year ticks.
        "x": {"field": "year", "type": "quantitative", "bin": {"binned": True, "step": 1}, "title": t("chart.year"),
              "scale": {"domain": [low, high + 1]}, "axis": year_axis(low, high)},
        "x2": {"field": "year_end"},
        "y": {"aggregate": "sum", "field": "count", "type": "quantitative", "title": t("chart.activities"),
              **count_encoding(most)},
        "color": {"field": "sector", "type": "nominal", "scale": sector_scale(ds, t, present),
                  # No outline on the key's swatches (the bars' hairline would shrink them).
                  "legend": {**legend(len(present), t("filters.sectors")), "symbolStrokeWidth": 0}},
        "order": {"field": "rank", "type": "quantitative"},
        "tooltip": [{"field": "year", "type": "quantitative", "title": t("chart.year"), "format": "d"},
                    {"field": "sector", "type": "nominal", "title": t("chart.field")},
                    {"field": "count", "type": "quantitative", "title": t("chart.activities")}]})


def activities_summary(view: View, ds: Dataset, t: Translator) -> str:
    """How many activities over which years, the year(s) and field(s) with the most (ties named together,
    'the most in 2014, 2017 and 2019 (3 each)'); a single year, a single field or a single activity get
    sentences of their own."""
    if not view.activity_count:
        return t("chart.activities_empty")
    tally: Counter = Counter()
    for (year, _), count in view.activity_tally.items():
        tally[year] += count
    per_year = dict(sorted(tally.items()))
    counted_sectors = per_sector(view)
    # in the vocabulary's order, so fields that tie are named as every other list names them
    order = {s: i for i, s in enumerate(ds.sectors["id"])}
    sectors = _translated_counts(dict(sorted(counted_sectors.items(), key=lambda kv: order.get(kv[0], len(order)))),
                                 t.sector)
    first, last = min(per_year), max(per_year)
    total = view.activity_count
    if total == 1:
        return t("chart.activities_summary_one", sector=next(iter(sectors)), year=first)
    peak_year, peak_count = _leading(t, list(per_year.items()))
    sector, sector_count = _leading(t, list(sectors.items()))
    values = {"total": total, "first": first, "last": last, "year": first, "peak_year": peak_year,
              "peak_count": peak_count, "sector": sector, "sector_count": sector_count}
    # Every year with the same count: no year stands out, so none is named ("at most 1 a year").
    even = len(per_year) > 1 and len(set(per_year.values())) == 1
    if even:
        values["peak_count"] = next(iter(per_year.values()))
    key = "chart.activities_summary" + ("_one_year" if first == last else "_even" if even else "") + (
        "_one_sector" if len(sectors) == 1 else "")
    return t(key, **values)


# --- A partnership's timeline ------------------------------------------------------------------------------

def event_state(events: pd.DataFrame) -> pd.Series:
    """Each event's `Happened`: it took place (`yes`), is `planned` or was `cancelled`; `yes` where not stated
    (`filters.took_place` is the same rule as a boolean)."""
    if "happened" not in events:
        return pd.Series("yes", index=events.index)
    return events["happened"].astype(object).fillna("yes").replace("", "yes")


def timeline_date(date: str) -> str:
    """A timeline position for an ISO date of any precision: a year is drawn at its middle, a month at its
    first day; local midnight, so the year on the axis is the date's year in every time zone."""
    if len(date) == 4:
        date = f"{date}-07-01"
    elif len(date) == 7:
        date = f"{date}-01"
    return f"{date}T00:00:00"


def timeline_chart(events: pd.DataFrame, ds: Dataset, t: Translator, highlight: set[str] | None = None) -> dict | None:
    """A dated timeline of one partnership: one lane per sector for activities (in the sector's colour),
    and a lane of its own for the agreements (diamonds), since one document often covers many fields.
    Events outside `highlight` (a set of event ids) fade when a highlight is given. Planned events are
    drawn hollow, cancelled ones hollow, grey and dashed, with a legend entry. None without events."""
    if events.empty:
        return None
    agreement_lane = t("seoul.type_agreement")
    is_agreement = events["type"] == "agreement"
    state = event_state(events)
    data = pd.DataFrame({
        "date": [timeline_date(d) for d in events["date"]],
        "when": events["date"].to_numpy(),
        "lane": [agreement_lane if a else t.sector(s) for a, s in zip(is_agreement, events["sector"])],
        "sectors": [", ".join(t.sector(s) for s in sectors) for sectors in events["sectors"]],
        "what": [event_title(row, t) for row in events.itertuples()],
        "type": [t(f"seoul.type_{k}") for k in events["type"]],
        "highlighted": [highlight is None or i in highlight for i in events["id"]],
        "happened": [t(f"chart.happened_{h}") for h in state],
        "cancelled": (state == "cancelled").to_numpy(),
    })
    lanes = [agreement_lane, *(t.sector(s) for s in ds.sectors["id"])]
    lane_colors = {"domain": lanes, "range": [AGREEMENT_COLOR, *ds.sectors["color"]]}
    tooltip = [{"field": "when", "type": "nominal", "title": t("table.date")},
               {"field": "what", "type": "nominal", "title": t("table.event")},
               {"field": "sectors", "type": "nominal", "title": t("filters.sectors")}]
    encoding = {
        # The padding keeps the first and last events whole at the plot's edges.
        "x": {"field": "date", "type": "temporal", "title": t("chart.year"), "scale": {"padding": 12},
              "axis": {"format": "%Y", "tickCount": "year", "grid": True}},
        "y": {"field": "lane", "type": "nominal", "title": None, "sort": lanes, "scale": {"padding": 0.8},
              # Lane names sit above their lane inside the plot, so the dates keep the whole width.
              "axis": {"labelLimit": 360, "labelAlign": "left", "labelBaseline": "bottom", "labelPadding": -4,
                       "labelOffset": -11, "ticks": False, "domain": False}},
        "color": {"field": "lane", "type": "nominal", "scale": lane_colors, "legend": None},
        "shape": {"field": "type", "type": "nominal", "title": None,
                  "scale": {"domain": [t("seoul.type_activity"), agreement_lane], "range": ["circle", "diamond"]},
                  "legend": {"orient": "bottom", "direction": "horizontal", "symbolFillColor": TEXT_COLOR,
                             "symbolOpacity": 1}},
        "opacity": {"condition": {"test": "datum.highlighted", "value": 1.0}, "value": 0.15},
        "tooltip": tooltip,
    }
    years = sorted({int(d[:4]) for d in events["date"]})
    description, height = t("chart.timeline_alt", first=years[0], last=years[-1]), {"step": 40}
    mark = {"type": "point", "filled": True, "size": 150}
    shown_states = [h for h in HAPPENED if h in set(state)]
    if shown_states == ["yes"]:
        return _spec(description, width=WIDTH, height=height,
                     rows=("events", data.drop(columns=["happened", "cancelled"]).to_dict("records")),
                     mark=mark, encoding=encoding)
    # Planned events hollow (an outline in the lane's colour); cancelled ones hollow with a grey dashed
    # outline. (Hollow by fill opacity, not by an unfilled mark, so the shapes' key stays filled.)
    encoding["stroke"] = {"condition": {"test": "datum.cancelled", "value": CANCELLED_COLOR}, "field": "lane",
                          "type": "nominal", "scale": lane_colors, "legend": None}
    encoding["fillOpacity"] = {"condition": {"test": "datum.happened_id != 'yes'", "value": 0}, "value": 1}
    encoding["strokeDash"] = {"condition": {"test": "datum.cancelled", "value": [2, 2]}, "value": [1, 0]}
    tooltip.append({"field": "happened", "type": "nominal", "title": t("chart.happened")})
    x, y = encoding.pop("x"), encoding.pop("y")
    names = [t(f"chart.happened_{h}") for h in shown_states]
    # An invisible layer under the events only carries the key: filled, hollow, dashed.
    key = {"mark": {"type": "point", "filled": True, "size": 150},
           "encoding": {"opacity": {"value": 0}, "tooltip": None,
                        "fill": {"field": "happened", "type": "nominal", "scale": {
                            "domain": names, "range": [TEXT_COLOR if h == "yes" else "white" for h in shown_states]},
                            "legend": {**legend(len(shown_states), t("chart.happened")), "symbolType": "circle",
                                       "symbolStrokeColor": TEXT_COLOR, "symbolStrokeWidth": 2, "symbolOpacity": 1}},
                        "strokeDash": {"field": "happened", "type": "nominal", "scale": {
                            "domain": names, "range": [[2, 2] if h == "cancelled" else [1, 0] for h in shown_states]},
                            "legend": None}}}
    events_layer = {"mark": {**mark, "strokeWidth": 2}, "encoding": encoding}
    data["happened_id"] = state.to_numpy()
    return _spec(description, width=WIDTH, height=height, rows=("events", data.to_dict("records")),
                 encoding={"x": x, "y": y},
                 layer=[key, events_layer], resolve={"scale": {"fill": "independent", "strokeDash": "independent"}})


def timeline_summary(events: pd.DataFrame, t: Translator) -> str:
    """How many dated events over which years, of which kinds, and how many only planned or cancelled
    (a kind or state with none is not named)."""
    if events.empty:
        return t("chart.timeline_empty")
    years = sorted(int(d[:4]) for d in events["date"])
    state = event_state(events)
    agreements, activities = int((events["type"] == "agreement").sum()), int((events["type"] == "activity").sum())
    kinds = and_list(t, non_zero([(agreements, counted(t, "chart.n_agreements", agreements)),
                                  (activities, counted(t, "chart.n_activities", activities))]))
    planned, cancelled = int((state == "planned").sum()), int((state == "cancelled").sum())
    if planned or cancelled:
        kinds = t("chart.timeline_of_which", activities=kinds, planned=and_list(t, non_zero([
            (planned, t("chart.n_planned", count=planned)), (cancelled, t("chart.n_cancelled", count=cancelled))])))
    if len(events) == 1:
        return t("chart.timeline_summary_one", year=years[0], activities=kinds)
    key = "chart.timeline_summary_one_year" if years[0] == years[-1] else "chart.timeline_summary"
    return t(key, count=len(events), first=years[0], last=years[-1], year=years[0], activities=kinds)


def event_title(row, t: Translator) -> str:
    """The one-line title of an event: an activity's own title, or the kind of an agreement."""
    if row.type == "agreement":
        return t.label("kind", row.kind)
    return getattr(row, f"title_{t.lang}")


# --- Export ------------------------------------------------------------------------------------------------

def for_export(spec: dict, width: int = 1200, height: int | None = None, caption: str = "") -> dict:
    """The same chart at a fixed size for a file: "container" widths become `width` pixels (the whole
    image's width, as on the page), `height` (when given) sets the plot height of a single view, and
    `caption` (data source, filters, date) is added under the title, wrapped to the width."""
    out = copy.deepcopy(spec)

    def fix(view: dict) -> None:
        if view.get("width") == WIDTH:
            view["width"] = width
        for child in view.get("vconcat", []) + view.get("hconcat", []) + view.get("layer", []):
            fix(child)

    fix(out)
    if height is not None and "vconcat" not in out:
        out["height"] = height
    if caption:
        lines = textwrap.wrap(caption, width=max(40, int(width / 6.5)))
        title = out.get("title")
        if title is None:
            out["title"] = {"text": lines, "fontSize": FONT_SIZE - 1, "fontWeight": "normal", "color": MUTED_COLOR}
        else:
            title = {"text": title} if isinstance(title, str) else dict(title)
            out["title"] = {**title, "subtitle": lines, "subtitleFontSize": FONT_SIZE - 1}
    out["background"] = "white"
    return out
