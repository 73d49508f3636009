"""The chart builders, inspected through the Vega-Lite specifications they return and, where the layout
matters, through the scene Vega draws from them (vl-convert, offline)."""

from __future__ import annotations

import json
import re

import jsonschema
import pandas as pd
import pytest
import vl_convert as vlc
from altair.vegalite.v6.schema import core

from dashboard import charts
from dashboard.filters import Filters, apply, first_year, partner_events, year_bounds
from dashboard.palette import RELATIONSHIP_COLORS

EMPTY = Filters(years=(1960, 1965), sectors=("disaster_management",))
SCHEMA = jsonschema.Draft7Validator(core.load_schema())


def atlas_specs(dataset, t, filters: Filters | None = None) -> dict[str, dict | None]:
    view = apply(dataset, filters or Filters())
    return {"growth": charts.growth_chart(view, t), "regions": charts.regions_chart(view, t),
            "sectors": charts.sectors_chart(view, dataset, t), "activities": charts.activities_chart(view, dataset, t)}


def seoul_events(dataset, planned: dict[int, str] | None = None) -> pd.DataFrame:
    events = partner_events(dataset, "seoul")
    events["happened"] = "yes"  # the bundled timeline has planned events; each test says which it wants
    for position, state in (planned or {}).items():
        events.loc[events.index[position], "happened"] = state
    return events


def rows(spec: dict) -> list[dict]:
    """The records a chart (or one of its layers) draws, inline or from a named dataset."""
    data = spec["data"]
    return data["values"] if "values" in data else spec["datasets"][data["name"]]


def layer_with(spec: dict, mark: str) -> list[dict]:
    return [layer for layer in spec["layer"] if layer["mark"]["type"] == mark]


def scene(spec: dict, width: int) -> dict:
    """The root group Vega draws for the chart exported at `width` pixels: its `width` is the plot's,
    `image_width` and `origin` those of the whole picture."""
    drawn = vlc.vegalite_to_scenegraph(charts.for_export(spec, width=width))
    return {**drawn["scenegraph"]["items"][0], "image_width": drawn["width"], "origin": drawn["origin"]}


def marks(group: dict, role: str | None = None, name: str | None = None) -> list[dict]:
    """Every mark in the scene below `group` with the given role or name (depth first)."""
    found = []
    for item in group.get("items", []):
        if "marktype" in item and (item.get("role") == role or (name and item.get("name") == name)):
            found.append(item)
        found.extend(marks(item, role, name))
    return found


def text_box(item: dict, offset=(0.0, 0.0)) -> tuple[float, float, float, float]:
    """A generous box (x0, y0, x1, y1) around a text item: 0.62 em per character, one em high."""
    size = item.get("fontSize", 11)
    width, height = 0.62 * size * len(item["text"]), size
    x = item["x"] + item.get("dx", 0) + offset[0]
    y = item["y"] + item.get("dy", 0) + offset[1]
    x0 = {"left": x, "center": x - width / 2, "right": x - width}[item.get("align", "left")]
    y0 = {"top": y, "middle": y - height / 2, "bottom": y - height, "alphabetic": y - height}[item.get("baseline", "alphabetic")]
    return x0, y0, x0 + width, y0 + height


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_every_spec_is_valid_vega_lite_and_plain_json(dataset, t_en, t_id):
    specs = [*atlas_specs(dataset, t_en).values(), *atlas_specs(dataset, t_id, Filters(sectors=("culture",))).values(),
             charts.timeline_chart(seoul_events(dataset), dataset, t_en),
             charts.timeline_chart(seoul_events(dataset, {-1: "planned", -2: "cancelled"}), dataset, t_id, {"x"})]
    for spec in specs:
        errors = [f"{list(e.absolute_path)}: {e.message[:200]}" for e in SCHEMA.iter_errors(spec)]
        assert not errors, errors
        assert json.loads(json.dumps(spec, allow_nan=False)) == spec  # no numpy numbers, dates or NaN


def test_specs_differ_when_the_filters_or_the_language_differ(dataset, t_en, t_id):
    default = atlas_specs(dataset, t_en)
    assert atlas_specs(dataset, t_en) == default  # the same state gives the same specs (cacheable)
    for other in (atlas_specs(dataset, t_en, Filters(years=(2000, 2026))),
                  atlas_specs(dataset, t_en, Filters(sectors=("culture", "education")))):
        assert all(json.dumps(other[k]) != json.dumps(default[k]) for k in default)
    indonesian = atlas_specs(dataset, t_id)
    assert all(json.dumps(indonesian[k]) != json.dumps(default[k]) for k in default)
    assert indonesian["growth"]["title"] == "Pertumbuhan jejaring sejak 1960"


# --- Growth ----------------------------------------------------------------------------------------------

def test_the_growth_chart_counts_partnerships_cumulatively_one_point_per_partner(dataset, t_en):
    view = apply(dataset, Filters())
    spec = charts.growth_chart(view, t_en)
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["line", "circle", "text", "text"]
    line, points = spec["layer"][0], spec["layer"][1]
    records = rows(points)
    assert [row["total"] for row in records] == list(range(1, len(view.partners) + 1))
    assert records[0] == {"year": 1960, "city": "Braunschweig", "relationship": "Sister city", "total": 1}
    assert points["mark"] == {"type": "circle", "opacity": 1, "size": 70}
    # the step line starts at 0 at the first year and holds the total to the end of the range
    steps = rows(line)
    assert steps[0] == {"year": 1960, "total": 0} and steps[-1] == {"year": view.years[1], "total": len(records)}
    assert line["mark"] == {"type": "line", "color": charts.LINE_COLOR, "interpolate": "step-after"}
    x, y = points["encoding"]["x"], points["encoding"]["y"]
    assert (x["field"], x["type"], x["scale"]["domain"]) == ("year", "quantitative", list(view.years))
    assert (y["field"], y["type"], y["title"]) == ("total", "quantitative", "Partnerships (cumulative)")
    assert [tip["field"] for tip in points["encoding"]["tooltip"]] == ["city", "year", "relationship"]


def test_the_growth_chart_names_only_the_first_partner_one_per_decade_and_the_latest(dataset, t_en):
    spec = charts.growth_chart(apply(dataset, Filters()), t_en)
    named = [row["city"] for layer in layer_with(spec, "text") for row in rows(layer)]
    assert named == ["Braunschweig", "Fort Worth", "Liuzhou", "Hamamatsu", "Daegu"]
    early, late = layer_with(spec, "text")
    assert (early["mark"]["align"], early["mark"]["baseline"]) == ("left", "top")  # below-right
    assert (late["mark"]["align"], late["mark"]["baseline"]) == ("right", "bottom")  # above-left


@pytest.mark.parametrize("width", [340, 600, 1200, 1800])
def test_growth_labels_neither_collide_nor_sit_on_the_step_line_nor_leave_the_plot(dataset, t_en, width):
    root = scene(charts.growth_chart(apply(dataset, Filters()), t_en), width)
    labels = [item for mark in marks(root, name="layer_2_marks") + marks(root, name="layer_3_marks")
              for item in mark["items"]]
    boxes = [text_box(item) for item in labels]
    assert len(boxes) == 5
    assert not any(overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    vertices = [(p["x"], p["y"]) for p in marks(root, name="layer_0_marks")[0]["items"]]
    # step-after: horizontal to the next x, then vertical; a segment as a thin box
    segments = []
    for (x0, y0), (x1, y1) in zip(vertices, vertices[1:]):
        segments += [(min(x0, x1), y0 - 1, max(x0, x1), y0 + 1), (x1 - 1, min(y0, y1), x1 + 1, max(y0, y1))]
    assert not any(overlap(box, seg) for box in boxes for seg in segments)
    assert all(box[0] >= 0 and box[2] <= root["width"] for box in boxes)


def test_one_first_year_for_slider_axis_title_and_headline(dataset, t_en):
    view = apply(dataset, Filters())
    assert first_year(dataset) == year_bounds(dataset)[0] == 1960 == view.years[0]
    spec = charts.growth_chart(view, t_en)
    assert spec["title"] == "Growth of the network since 1960"
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"][0] == 1960
    assert view.headline()["years"].startswith("1960")
    assert charts.activities_chart(view, dataset, t_en)["encoding"]["x"]["scale"]["domain"][0] == 1960
    later = charts.growth_chart(apply(dataset, Filters(years=(2000, 2026))), t_en)
    assert later["title"] == "Growth of the network since 2000"


@pytest.mark.parametrize("width", [340, 600, 1200, 1800])
def test_year_axes_show_every_round_year_label_without_overlap(dataset, t_en, width):
    view = apply(dataset, Filters())
    for spec in (charts.growth_chart(view, t_en), charts.activities_chart(view, dataset, t_en)):
        root = scene(spec, width)
        x_labels = next(m for m in marks(root, role="axis-label") if m["items"][0]["text"] == "1960")["items"]
        assert [label["text"] for label in x_labels] == ["1960", "1970", "1980", "1990", "2000", "2010", "2020"]
        assert all(label.get("opacity", 1) == 1 for label in x_labels)
        boxes = [text_box(label) for label in x_labels]
        assert all(a[2] + 2 <= b[0] for a, b in zip(boxes, boxes[1:]))


def test_year_ticks_are_round_and_few():
    assert charts.year_ticks(1960, 2026) == [1960, 1970, 1980, 1990, 2000, 2010, 2020]
    assert charts.year_ticks(2014, 2026) == [2014, 2016, 2018, 2020, 2022, 2024, 2026]
    assert charts.year_ticks(2020, 2022) == [2020, 2021, 2022]
    assert len(charts.year_ticks(1900, 2026)) <= 8


# --- Regions, sectors, activities --------------------------------------------------------------------------

def test_the_region_chart_counts_partners_by_region_and_relationship(dataset, t_en):
    view = apply(dataset, Filters())
    spec = charts.regions_chart(view, t_en)
    counts = rows(spec)
    assert sum(row["count"] for row in counts) == len(view.partners)
    assert {"region": "East Asia", "relationship": "Sister city", "count": 3} in counts  # Suwon, Liuzhou, Yingkou
    assert spec["mark"] == {"type": "bar"}
    enc = spec["encoding"]
    assert (enc["y"]["field"], enc["y"]["sort"]) == ("region", "-x")
    assert (enc["x"]["aggregate"], enc["x"]["field"], enc["x"]["type"]) == ("sum", "count", "quantitative")
    assert spec["height"] == {"step": 26}


def test_legends_list_only_what_the_chart_shows_in_the_vocabulary_colours(dataset, t_en):
    view = apply(dataset, Filters(relationships=("sister_city", "letter_of_intent")))
    for spec in (charts.regions_chart(view, t_en), charts.growth_chart(view, t_en)["layer"][1]):
        scale = spec["encoding"]["color"]["scale"]
        assert scale == {"domain": ["Sister city", "Letter of intent only"],
                         "range": [RELATIONSHIP_COLORS["sister_city"], RELATIONSHIP_COLORS["letter_of_intent"]]}
    culture = charts.activities_chart(apply(dataset, Filters(sectors=("culture", "health"))), dataset, t_en)
    assert culture["encoding"]["color"]["scale"] == {"domain": ["Culture", "Health"],
                                                     "range": [charts.sector_colors(dataset)["culture"],
                                                               charts.sector_colors(dataset)["health"]]}


def test_every_sector_colour_comes_from_the_sector_vocabulary(dataset, t_en):
    view = apply(dataset, Filters())
    colors = list(dataset.sectors["color"])
    labels = [t_en.sector(s) for s in dataset.sectors["id"]]
    for panel in charts.sectors_chart(view, dataset, t_en)["vconcat"]:
        assert panel["encoding"]["color"]["scale"] == {"domain": labels, "range": colors}
    activities = charts.activities_chart(view, dataset, t_en)["encoding"]["color"]["scale"]
    assert dict(zip(activities["domain"], activities["range"])).items() <= dict(zip(labels, colors)).items()
    spec = charts.timeline_chart(seoul_events(dataset), dataset, t_en)
    # with planned events on the timeline the events are the last of two layers (the first carries the key)
    timeline = (spec["layer"][-1] if "layer" in spec else spec)["encoding"]["color"]["scale"]
    assert timeline["range"][1:] == colors and timeline["domain"][1:] == labels  # after the agreements' lane


def test_the_sector_chart_counts_partnerships_and_activities_in_two_stacked_panels(dataset, t_en):
    view = apply(dataset, Filters(sectors=("environment",)))
    counts = pd.DataFrame(charts.sector_rows(view, dataset, t_en), columns=["sector", "measure", "count"])
    assert set(counts["sector"]) == {"Environment"}
    assert counts.set_index("measure").loc["Activities", "count"] == len(view.activities)
    assert counts.set_index("measure").loc["Partnerships", "count"] == len(view.partners)
    spec = charts.sectors_chart(view, dataset, t_en)
    assert rows(spec) == counts.to_dict("records")
    assert [panel["title"]["text"] for panel in spec["vconcat"]] == ["Partnerships", "Activities"]
    assert [panel["transform"] for panel in spec["vconcat"]] == [[{"filter": {"field": "measure", "equal": m}}]
                                                                  for m in ("Partnerships", "Activities")]
    for panel in spec["vconcat"]:
        assert panel["mark"] == {"type": "bar"} and panel["width"] == "container"
        assert (panel["encoding"]["y"]["field"], panel["encoding"]["x"]["field"]) == ("sector", "count")


def test_activities_are_counted_per_year_and_sector_on_a_continuous_year_axis(dataset, t_en):
    view = apply(dataset, Filters())
    spec = charts.activities_chart(view, dataset, t_en)
    counts = rows(spec)
    assert sum(row["count"] for row in counts) == len(view.activities)
    assert len(counts) == len({(row["year"], row["sector"]) for row in counts})  # counts, not rows
    assert all(row["year_end"] == row["year"] + 1 for row in counts)
    x = spec["encoding"]["x"]
    assert (x["type"], x["bin"], x["scale"]["domain"]) == ("quantitative", {"binned": True, "step": 1}, [1960, 2027])
    assert spec["encoding"]["y"]["aggregate"] == "sum" and spec["mark"]["type"] == "bar"
    assert spec["height"] >= 250 and spec["autosize"]["type"] == "fit-x"  # a legend does not squeeze the plot


@pytest.mark.parametrize("width", [340, 1200])
def test_legends_fit_the_chart_width(dataset, t_en, width):
    view = apply(dataset, Filters())
    for spec in (charts.activities_chart(view, dataset, t_en), charts.growth_chart(view, t_en),
                 charts.regions_chart(view, t_en)):
        root = scene(spec, width)
        legend = marks(root, role="legend")[0]["items"][0]
        assert root["image_width"] <= width + 1  # nothing pushes the picture wider than asked
        assert root["origin"][0] + legend["x"] + legend["width"] <= root["image_width"]
        assert legend["width"] <= root["width"] + 1  # and the legend is no wider than the plot


def test_empty_filters_give_no_chart_and_a_sentence_instead(dataset, t_en, t_id):
    specs = atlas_specs(dataset, t_en, EMPTY)
    assert specs == {"growth": None, "regions": None, "sectors": None, "activities": None}
    view = apply(dataset, EMPTY)
    assert charts.growth_summary(view, t_en) == "No signed partnership matches these filters."
    assert charts.regions_summary(view, t_id) == "Tidak ada mitra yang cocok dengan filter ini."
    assert charts.sectors_summary(view, dataset, t_en) == "No partnership or activity in these fields matches the filters."
    assert charts.activities_summary(view, dataset, t_en) == "No activity matches these filters."
    assert charts.timeline_chart(seoul_events(dataset).iloc[0:0], dataset, t_en) is None


# --- Summaries and accessible names ------------------------------------------------------------------------

def test_summaries_state_the_data_in_one_sentence_in_the_page_language(dataset, t_en, t_id):
    view = apply(dataset, Filters())
    assert charts.growth_summary(view, t_en) == ("16 partnerships were signed from 1960 to 2022: "
                                                 "the first with Braunschweig, the latest with Daegu.")
    assert charts.growth_summary(view, t_id) == ("16 kerja sama ditandatangani dari 1960 hingga 2022: "
                                                 "yang pertama dengan Braunschweig, yang terbaru dengan Daegu.")
    assert charts.regions_summary(view, t_en) == "East Asia has the most partners (9 of 16), across 6 world regions."
    acts = view.activities
    peak = acts["year"].value_counts()
    summary = charts.activities_summary(view, dataset, t_en)
    assert summary.startswith(f"{len(acts)} activities from {acts['year'].min()} to {acts['year'].max()}, "
                              f"the most in {peak.idxmax()} ({peak.max()})")
    # (number-neutral, so a tie reads as well: "the most activities in Environment and Culture (16 each)")
    assert charts.sectors_summary(view, dataset, t_en) == (
        "The most partnerships are in Trade and economy (14), the most activities in Governance and diplomacy (34).")
    one = charts.growth_summary(apply(dataset, Filters(years=(1960, 1980))), t_en)
    assert one == "One partnership was signed, with Braunschweig in 1960."
    events = seoul_events(dataset)
    assert charts.timeline_summary(events, t_en).startswith(f"{len(events)} dated events from 2014 to ")


def test_every_chart_has_a_descriptive_accessible_name(dataset, t_en, t_id):
    for t in (t_en, t_id):
        specs = [*atlas_specs(dataset, t).values(), charts.timeline_chart(seoul_events(dataset), dataset, t)]
        names = [spec["description"] for spec in specs]  # the accessible name the browser reads out
        assert len(set(names)) == len(names)
        assert all(len(name) > 40 and "Vega" not in name for name in names)
    low, high = year_bounds(dataset)
    assert f"{low}–{high}" in charts.growth_chart(apply(dataset, Filters()), t_en)["description"]


def contrast(foreground: str) -> float:
    def luminance(hex_color: str) -> float:
        channels = [int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance(foreground) + 0.05)


def test_every_text_colour_reads_on_white(dataset, t_en):
    spec = charts.growth_chart(apply(dataset, Filters()), t_en)
    config = spec["config"]
    colors = [config["axis"]["labelColor"], config["axis"]["titleColor"], config["legend"]["labelColor"],
              config["legend"]["titleColor"], config["title"]["color"], config["title"]["subtitleColor"],
              config["text"]["color"], *(layer["mark"]["color"] for layer in layer_with(spec, "text"))]
    assert all(contrast(c) >= 4.5 for c in colors), [(c, round(contrast(c), 2)) for c in colors]
    assert contrast(charts.CANCELLED_COLOR) >= 4.5


# --- Timeline ----------------------------------------------------------------------------------------------

def test_the_timeline_draws_each_event_in_its_lane(dataset, t_en):
    events = seoul_events(dataset)
    spec = charts.timeline_chart(events, dataset, t_en, highlight={events["id"].iloc[0]})
    drawn = rows(spec)
    assert len(drawn) == len(events) and spec["mark"] == {"type": "point", "filled": True, "size": 150}
    agreements = [row for row in drawn if row["type"] == "Agreement"]
    assert agreements and all(row["lane"] == "Agreement" for row in agreements)
    assert [row["highlighted"] for row in drawn].count(True) == 1
    assert spec["encoding"]["opacity"] == {"condition": {"test": "datum.highlighted", "value": 1.0}, "value": 0.15}
    assert spec["encoding"]["shape"]["scale"] == {"domain": ["Activity", "Agreement"], "range": ["circle", "diamond"]}
    # a year-only date sits mid-year, at local midnight so the axis shows its own year everywhere
    assert charts.timeline_date("2014") == "2014-07-01T00:00:00"
    assert charts.timeline_date("2015-04") == "2015-04-01T00:00:00"
    assert "happened" not in json.dumps(spec)  # no key for planned events when there are none


def test_planned_events_are_hollow_and_cancelled_ones_grey_and_dashed_with_a_key(dataset, t_en):
    events = seoul_events(dataset, {-1: "planned", -2: "cancelled"})
    spec = charts.timeline_chart(events, dataset, t_en)
    key, drawn = spec["layer"]
    by_state = {row["happened_id"]: row for row in rows(spec)}
    assert set(by_state) == {"yes", "planned", "cancelled"} and by_state["cancelled"]["cancelled"] is True
    assert drawn["encoding"]["fillOpacity"] == {"condition": {"test": "datum.happened_id != 'yes'", "value": 0},
                                                "value": 1}
    assert drawn["encoding"]["stroke"]["condition"] == {"test": "datum.cancelled", "value": charts.CANCELLED_COLOR}
    assert drawn["encoding"]["stroke"]["scale"] == drawn["encoding"]["color"]["scale"]  # outline in the lane's colour
    assert drawn["encoding"]["strokeDash"]["condition"]["test"] == "datum.cancelled"
    assert key["encoding"]["fill"]["scale"]["domain"] == ["Took place", "Planned", "Cancelled"]
    assert key["encoding"]["fill"]["legend"]["title"] == "Event status"
    svg = vlc.vegalite_to_svg(charts.for_export(spec, width=900), allowed_base_urls=[])
    assert "Planned" in svg and "Cancelled" in svg
    assert charts.timeline_summary(events, t_en).endswith("of which 1 planned and 1 cancelled.")
    # without the column every event took place
    assert (charts.event_state(events.drop(columns="happened")) == "yes").all()


# --- Export ------------------------------------------------------------------------------------------------

def test_an_export_has_a_fixed_size_a_caption_and_renders_offline_with_its_labels(dataset, t_en):
    view = apply(dataset, Filters())
    caption = "Source: Bandung Partnerships Atlas (data/partners.csv) · all sectors, 1960–2026 · 2026-05-01"
    specs = {**atlas_specs(dataset, t_en), "timeline": charts.timeline_chart(seoul_events(dataset), dataset, t_en)}
    expected = {"growth": ["Braunschweig", "Daegu", "1990"], "regions": ["East Asia", "Oceania"],
                "sectors": ["Governance and diplomacy", "Activities"], "activities": ["2010", "Culture"],
                "timeline": ["Smart city and e-government", "2016"]}
    for name, spec in specs.items():
        out = charts.for_export(spec, width=1000, caption=caption)
        assert '"container"' not in json.dumps(out)
        assert spec != out and '"container"' in json.dumps(spec)  # the page's spec is left as it was
        title = out["title"]
        lines = title.get("subtitle") or title["text"]
        assert " ".join(lines) == caption
        svg = vlc.vegalite_to_svg(out, allowed_base_urls=[])
        assert 'width="10' in svg  # about 1000 px wide
        for text in [*expected[name], "2026-05-01"]:
            assert text in svg, (name, text)
        png = vlc.vegalite_to_png(out, scale=2, allowed_base_urls=[])
        assert png.startswith(b"\x89PNG")
    tall = charts.for_export(charts.growth_chart(view, t_en), width=800, height=500, caption="x")
    assert tall["height"] == 500 and tall["width"] == 800


# --- Sentences on narrow views, whole-number axes, one word for fields ------------------------------------------

def test_summaries_name_ties_together_and_say_one_year_once(dataset, t_en, t_id):
    def summaries(filters: Filters, t) -> list[str]:
        view = apply(dataset, filters)
        return [charts.growth_summary(view, t), charts.regions_summary(view, t), charts.sectors_summary(view, dataset, t),
                charts.activities_summary(view, dataset, t)]

    growth, _, sectors, _ = summaries(Filters(years=(2015, 2019)), t_en)
    assert growth == ("9 partnerships were signed from 2015 to 2019: the first with Petaling Jaya and Seoul, "
                      "the latest with Melbourne and Seongdong-gu (Seoul).")
    assert sectors.startswith("The most partnerships are in Trade and economy, and Governance and diplomacy (7 each), ")
    growth, regions, _, activities = summaries(Filters(years=(2017, 2017)), t_en)
    assert growth == "4 partnerships were signed in 2017, with Cotabato City, Cuenca, Namur and Toyota City."
    assert regions == "4 partners spread evenly across 4 world regions (1 each)."
    assert activities == "9 activities in 2017, the most in Governance and diplomacy (3)."
    _, _, _, activities = summaries(Filters(years=(2015, 2015)), t_en)
    assert activities == ("3 activities in 2015, the most in Smart city and e-government, Culture, and Governance and "
                          "diplomacy (1 each).")
    growth, regions, sectors, activities = summaries(Filters(years=(1960, 1960)), t_en)
    assert (growth, regions) == ("One partnership was signed, with Braunschweig in 1960.",
                                 "The only partner in this view is in Europe.")
    assert activities == "No activity matches these filters."
    _, _, sectors, activities = summaries(Filters(sectors=("environment",)), t_en)
    assert sectors == "Environment: 8 partnerships and 17 activities."
    assert activities == "17 activities from 2007 to 2023, all in Environment, the most in 2014 and 2019 (3 each)."
    _, _, sectors, activities = summaries(Filters(sectors=("environment",)), t_id)
    assert sectors == "Lingkungan hidup: 8 kerja sama dan 17 kegiatan."
    assert activities == ("17 kegiatan dari 2007 hingga 2023, semuanya di bidang Lingkungan hidup, terbanyak pada 2014 "
                          "dan 2019 (masing-masing 3).")
    # every year with one activity: no year is "the most"
    assert summaries(Filters(sectors=("education",)), t_en)[3] == (
        "7 activities from 1985 to 2024, all in Education, at most 1 a year.")
    assert summaries(Filters(sectors=("transport",)), t_en)[2:] == ["Transport: 2 partnerships and one activity.",
                                                                    "One activity, in Transport, in 2016."]


def axis_labels(spec: dict, width: int = 600) -> list[str]:
    root = scene(spec, width)
    return [label if isinstance(label, str) else " ".join(label)
            for mark in marks(root, role="axis-label") for label in (item["text"] for item in mark["items"])]


@pytest.mark.parametrize("filters", [Filters(years=(2016, 2016)), Filters(sectors=("health",)), Filters(years=(1960, 1990)),
                                     Filters()])
def test_count_axes_show_whole_numbers_only(dataset, t_en, filters):
    labels = [label for spec in atlas_specs(dataset, t_en, filters).values() if spec for label in axis_labels(spec)]
    numbers = [label for label in labels if label[:1].isdigit()]
    assert numbers and all(label.isdigit() for label in numbers), numbers
    assert charts.count_ticks(1) == [0, 1] and charts.count_ticks(16) == [0, 2, 4, 6, 8, 10, 12, 14, 16]
    assert charts.count_ticks(33) == [0, 5, 10, 15, 20, 25, 30, 35]


def test_the_fields_chart_names_what_its_axes_count(dataset, t_en, t_id):
    for t, titles in ((t_en, ["Number of partnerships", "Number of activities"]),
                      (t_id, ["Jumlah kerja sama", "Jumlah kegiatan"])):
        spec = charts.sectors_chart(apply(dataset, Filters()), dataset, t)
        assert [panel["encoding"]["x"]["title"] for panel in spec["vconcat"]] == titles
        assert '"title": "Number"' not in json.dumps(spec) and '"title": "Jumlah"' not in json.dumps(spec)


def test_every_field_is_named_on_a_phone(dataset, t_en):
    spec = charts.sectors_chart(apply(dataset, Filters()), dataset, t_en)
    for panel in spec["vconcat"]:
        assert panel["encoding"]["y"]["axis"]["labelOverlap"] is False  # Vega hides none of them...
    # ...and none needs hiding: at a phone's width (the page's narrow layout), two-line names fit their rows.
    phone = json.loads(json.dumps(spec).replace(json.dumps(charts.NARROW)[1:-1], "true"))
    root = scene(phone, 340)
    names = [mark["items"] for mark in marks(root, role="axis-label") if not mark["items"][0]["text"][:1].isdigit()]
    assert len(names) == 2
    for labels in names:
        assert len(labels) == len(dataset.sectors) and all(label.get("opacity", 1) == 1 for label in labels)
        assert any(isinstance(label["text"], list) for label in labels)  # long names on two lines
        boxes = []
        for label in labels:
            lines = label["text"] if isinstance(label["text"], list) else [label["text"]]
            height = len(lines) * label.get("lineHeight", label["fontSize"])
            boxes.append((label["y"] - height / 2, label["y"] + height / 2))
        assert all(a[1] <= b[0] + 0.5 for a, b in zip(boxes, boxes[1:])), boxes


def test_one_word_for_fields_in_every_sentence_of_the_interface(dataset):
    for column, word in (("en", "sector"), ("id", "sektor")):
        leaks = [key for key, text in zip(dataset.i18n["key"], dataset.i18n[column])
                 if word in re.sub(r"\{\w+\}|\b\w+\.csv\b", "", text).lower()]  # (placeholders and file names are not read)
        assert not leaks, leaks
    t = {row.key: row.en for row in dataset.i18n.itertuples()}
    assert (t["filters.sectors"], t["summary.all_fields"], t["chart.activities_title"], t["export.figure_activities"]) == (
        "Fields", "all fields", "Activities by year and field", "Activities by year and field")
    assert "dated records" in t["headline.years"]


# --- The history player: a still frame ----------------------------------------------------------------------

def test_while_the_history_plays_the_charts_keep_the_frame_of_the_whole_period(dataset, t_en):
    frame = apply(dataset, Filters())
    low, high = year_bounds(dataset)
    growth, activities, regions, fields = [], [], [], []
    for year in (1960, 1985, 2005, 2017, high):
        view = apply(dataset, Filters(years=(low, year)))
        spec = charts.growth_chart(view, t_en, frame)
        line, points = spec["layer"][0], spec["layer"][1]
        assert rows(line)[-1] == {"year": year, "total": len(view.partners)}  # the line ends at the year reached
        growth.append((points["encoding"]["x"]["scale"], points["encoding"]["y"]["scale"],
                       points["encoding"]["color"]["scale"], points["encoding"]["color"]["legend"]))
        chart = charts.activities_chart(view, dataset, t_en, frame)
        if chart:
            activities.append((chart["encoding"]["x"]["scale"], chart["encoding"]["y"]["scale"],
                               chart["encoding"]["color"]["scale"]))
        chart = charts.regions_chart(view, t_en, frame)
        regions.append((chart["encoding"]["x"]["scale"], chart["encoding"]["color"]["scale"]))
        chart = charts.sectors_chart(view, dataset, t_en, frame)
        fields.append([panel["encoding"]["x"]["scale"] for panel in chart["vconcat"]])
    for frames in (growth, activities, regions, fields):
        assert len(frames) >= 4 and all(f == frames[0] for f in frames), frames
    x, y, color, _ = growth[0]
    assert x["domain"] == [low, high] and y["domain"] == [0, 16]
    assert color["domain"] == ["Sister city", "Friendship city", "Cooperation MoU", "Letter of intent only"]
    # without a frame the same view re-scales to its own years and legend
    alone = charts.growth_chart(apply(dataset, Filters(years=(low, 1985))), t_en)["layer"][1]["encoding"]
    assert alone["x"]["scale"]["domain"] == [low, 1985] and alone["color"]["scale"]["domain"] == ["Sister city"]


def test_the_atlas_charts_take_the_frame_when_the_page_says_the_history_plays(dataset):
    from dashboard import content
    low, high = year_bounds(dataset)
    playing = content.atlas_charts(dataset, Filters(years=(low, 1985)), "en", playing=True)
    still = content.atlas_charts(dataset, Filters(years=(low, 1985)), "en")
    assert playing["growth"].spec["layer"][1]["encoding"]["x"]["scale"]["domain"] == [low, high]
    assert still["growth"].spec["layer"][1]["encoding"]["x"]["scale"]["domain"] == [low, 1985]
    assert playing["growth"].summary == still["growth"].summary
