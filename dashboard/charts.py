"""Altair charts built from a View: how the network grew, which fields dominate, where the partners are.

Pure functions returning `alt.Chart` objects, so the same chart can be shown, tested and saved. Every
chart takes its sector colours from the sectors vocabulary (one colour per sector everywhere).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.data import Dataset
from dashboard.filters import View
from dashboard.i18n import Translator
from dashboard.maps import RELATIONSHIP_COLORS

WIDTH = "container"


def sector_colors(ds: Dataset) -> dict[str, str]:
    """Sector id -> colour, in the vocabulary's order."""
    return dict(zip(ds.sectors["id"], ds.sectors["color"]))


def sector_scale(ds: Dataset, t: Translator) -> alt.Scale:
    return alt.Scale(domain=[t.sector(s) for s in ds.sectors["id"]], range=list(ds.sectors["color"]))


def growth_chart(view: View, t: Translator) -> alt.Chart:
    """Cumulative number of partnerships by the year of their first document, one point per new partner."""
    signed = view.partners[view.partners["signed"]].sort_values(["first_year", "city_en"])
    data = pd.DataFrame({"year": signed["first_year"].astype(int).to_numpy(),
                         "city": signed["city_en"].to_numpy(),
                         "relationship": [t.label("relationship", r) for r in signed["relationship"]]})
    data["total"] = range(1, len(data) + 1)
    low, high = view.years
    x = alt.X("year:Q", title=t("chart.year"), scale=alt.Scale(domain=[low, high]), axis=alt.Axis(format="d"))
    y = alt.Y("total:Q", title=t("chart.partnerships_total"), axis=alt.Axis(tickMinStep=1))
    # The running total holds until the end of the range, so the line reaches the right edge.
    line_data = pd.concat([pd.DataFrame({"year": [low], "total": [0]}), data[["year", "total"]],
                           pd.DataFrame({"year": [high], "total": [len(data)]})], ignore_index=True)
    line = alt.Chart(line_data).mark_line(interpolate="step-after", color="#0072B2").encode(x=x, y=y)
    points = alt.Chart(data).mark_circle(size=70, opacity=1).encode(
        x=x, y=y, color=alt.Color("relationship:N", title=t("filters.relationship"),
                                  scale=alt.Scale(domain=[t.label("relationship", r) for r in RELATIONSHIP_COLORS],
                                                  range=list(RELATIONSHIP_COLORS.values()))),
        tooltip=[alt.Tooltip("city:N", title=t("table.city")), alt.Tooltip("year:Q", title=t("chart.year"), format="d"),
                 alt.Tooltip("relationship:N", title=t("filters.relationship"))])
    # Names sit right of the early points and left of the late ones, so none runs off the plot.
    middle = (low + high) / 2
    early = alt.Chart(data[data["year"] < middle]).mark_text(align="left", dx=7, fontSize=11, color="#333")
    late = alt.Chart(data[data["year"] >= middle]).mark_text(align="right", dx=-7, fontSize=11, color="#333")
    names = early.encode(x=x, y=y, text="city:N") + late.encode(x=x, y=y, text="city:N")
    return (line + points + names).properties(title=t("chart.growth_title"), width=WIDTH, height=340).configure_legend(
        orient="bottom", columns=3, labelLimit=220)


def sector_counts(view: View, ds: Dataset, t: Translator) -> pd.DataFrame:
    """Per sector: how many shown partnerships have it, and how many counted activities are in it."""
    chosen = set(view.filters.sectors)
    rows = []
    for sector in ds.sectors["id"]:
        if chosen and sector not in chosen:
            continue
        partners = sum(1 for pid in view.partners["id"] if sector in view.partner_sectors.get(pid, ()))
        activities = int((view.activities["sector"] == sector).sum())
        rows.append({"sector": t.sector(sector), "measure": t("chart.partnerships"), "count": partners})
        rows.append({"sector": t.sector(sector), "measure": t("chart.activities"), "count": activities})
    return pd.DataFrame(rows, columns=["sector", "measure", "count"])


def sectors_chart(view: View, ds: Dataset, t: Translator) -> alt.Chart:
    data = sector_counts(view, ds, t)
    order = [t.sector(s) for s in ds.sectors["id"]]
    return alt.Chart(data).mark_bar().encode(
        y=alt.Y("sector:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("count:Q", title=t("chart.count"), axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("sector:N", scale=sector_scale(ds, t), legend=None),
        column=alt.Column("measure:N", title=None, sort=[t("chart.partnerships"), t("chart.activities")]),
        tooltip=[alt.Tooltip("sector:N", title=t("filters.sectors")), alt.Tooltip("measure:N", title=" "),
                 alt.Tooltip("count:Q", title=t("chart.count"))],
    ).properties(title=t("chart.sectors_title"), width=260, height=alt.Step(20))


def activities_chart(view: View, ds: Dataset, t: Translator) -> alt.Chart:
    """Activities by year, stacked by sector."""
    data = pd.DataFrame({"year": view.activities["year"].astype(int),
                         "sector": [t.sector(s) for s in view.activities["sector"]]})
    data = data.groupby(["year", "sector"], as_index=False).size().rename(columns={"size": "count"})
    low, high = view.years
    first = int(data["year"].min()) if len(data) else low  # the axis starts at the first activity
    return alt.Chart(data).mark_bar().encode(
        x=alt.X("year:O", title=t("chart.year"), scale=alt.Scale(domain=list(range(max(low, first), high + 1)))),
        y=alt.Y("count:Q", title=t("chart.activities"), axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("sector:N", scale=sector_scale(ds, t), title=t("filters.sectors")),
        order=alt.Order("sector:N"),
        tooltip=[alt.Tooltip("year:O", title=t("chart.year")), alt.Tooltip("sector:N", title=t("filters.sectors")),
                 alt.Tooltip("count:Q", title=t("chart.activities"))],
    ).properties(title=t("chart.activities_title"), width=WIDTH, height=300).configure_legend(
        orient="bottom", columns=4, labelLimit=220)


def regions_chart(view: View, t: Translator) -> alt.Chart:
    """Partners by world region, split by relationship."""
    data = pd.DataFrame({"region": [t.label("region", r) for r in view.partners["region"]],
                         "relationship": [t.label("relationship", r) for r in view.partners["relationship"]]})
    data = data.groupby(["region", "relationship"], as_index=False).size().rename(columns={"size": "count"})
    return alt.Chart(data).mark_bar().encode(
        y=alt.Y("region:N", sort="-x", title=None, axis=alt.Axis(labelLimit=200)),
        x=alt.X("sum(count):Q", title=t("chart.partners"), axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("relationship:N", title=t("filters.relationship"),
                        scale=alt.Scale(domain=[t.label("relationship", r) for r in RELATIONSHIP_COLORS],
                                        range=list(RELATIONSHIP_COLORS.values()))),
        tooltip=[alt.Tooltip("region:N", title=t("chart.region")),
                 alt.Tooltip("relationship:N", title=t("filters.relationship")),
                 alt.Tooltip("count:Q", title=t("chart.partners"))],
    ).properties(title=t("chart.regions_title"), width=WIDTH, height=alt.Step(26))


AGREEMENT_COLOR = "#1F2933"


def timeline_chart(events: pd.DataFrame, ds: Dataset, t: Translator, highlight: set[str] | None = None) -> alt.Chart:
    """A dated timeline of one partnership: one lane per sector for activities (in the sector's colour),
    and a lane of its own for the agreements (diamonds), since one document often covers many fields.
    Events outside `highlight` (a set of event ids) fade when a highlight is given."""
    agreement_lane = t("seoul.type_agreement")
    is_agreement = events["type"] == "agreement"
    data = pd.DataFrame({
        "date": pd.to_datetime([d if len(d) > 4 else f"{d}-07-01" for d in events["date"]], format="mixed"),
        "when": events["date"].to_numpy(),
        "lane": [agreement_lane if a else t.sector(s) for a, s in zip(is_agreement, events["sector"])],
        "sectors": [", ".join(t.sector(s) for s in sectors) for sectors in events["sectors"]],
        "what": [event_title(row, t) for row in events.itertuples()],
        "type": [t(f"seoul.type_{k}") for k in events["type"]],
        "highlighted": [highlight is None or i in highlight for i in events["id"]],
    })
    lanes = [agreement_lane, *(t.sector(s) for s in ds.sectors["id"])]
    colors = alt.Scale(domain=lanes, range=[AGREEMENT_COLOR, *ds.sectors["color"]])
    return alt.Chart(data).mark_point(size=150, filled=True).encode(
        x=alt.X("date:T", title=t("chart.year"), axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y("lane:N", title=None, sort=lanes, axis=alt.Axis(labelLimit=240)),
        color=alt.Color("lane:N", scale=colors, legend=None),
        shape=alt.Shape("type:N", title=None, scale=alt.Scale(domain=[t("seoul.type_activity"), agreement_lane],
                                                               range=["circle", "diamond"])),
        opacity=alt.condition("datum.highlighted", alt.value(1.0), alt.value(0.15)),
        tooltip=[alt.Tooltip("when:N", title=t("table.date")), alt.Tooltip("what:N", title=t("table.event")),
                 alt.Tooltip("sectors:N", title=t("filters.sectors"))],
    ).properties(width=WIDTH, height=alt.Step(34))


def event_title(row, t: Translator) -> str:
    """The one-line title of an event: an activity's own title, or the kind of an agreement."""
    if row.type == "agreement":
        return t.label("kind", row.kind)
    return getattr(row, f"title_{t.lang}")
