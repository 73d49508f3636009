"""The presentation's charts for the projector: text sized for the back of the room, fitted to the room."""

from __future__ import annotations

import copy
import json

from dashboard import charts, content, slides
from dashboard.filters import Filters, partner_events


def _font_sizes(node) -> list[float]:
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in slides.FONT_KEYS:
                found.append(value)
            else:
                found += _font_sizes(value)
    elif isinstance(node, list):
        for item in node:
            found += _font_sizes(item)
    return found


def test_the_type_grows_with_the_screen_and_never_goes_below_16_px():
    assert slides.font_px(853) == slides.font_px(1280) == 16
    assert slides.font_px(1920) == 21
    assert slides.font_px(4000) == 24
    assert slides.font_px(None) == 16


def test_every_text_of_every_atlas_chart_is_at_least_the_projector_size_and_the_shared_spec_is_left_alone(dataset):
    specs = content.atlas_charts(dataset, Filters(), "en")
    events = partner_events(dataset, "seoul")
    timeline = charts.timeline_chart(events, dataset, content.translator(dataset, "en"))
    for spec in [*(c.spec for c in specs.values()), timeline]:
        before = json.dumps(spec, sort_keys=True, default=str)
        projected = slides.projector(spec, 18, height=400)
        assert json.dumps(spec, sort_keys=True, default=str) == before  # shared between sessions: not changed
        sizes = _font_sizes(projected)
        assert sizes and all(isinstance(s, (int, float)) and s >= 18 for s in sizes), sizes
        assert "title" not in projected  # the step's title says it


def test_a_chart_fitted_to_the_room_gets_the_height_it_is_given(dataset):
    growth = content.atlas_charts(dataset, Filters(), "en")["growth"].spec
    fitted = slides.projector(growth, 16, height=333)
    assert fitted["height"] == 333 and fitted["autosize"]["type"] == "fit"


def test_the_growth_chart_beside_the_map_leaves_its_legend_to_the_map(dataset):
    growth = content.atlas_charts(dataset, Filters(), "en")["growth"].spec
    assert "legend" in json.dumps(growth)
    no_legend = slides.projector(growth, 16, legends=False)
    legends = [layer["encoding"]["color"].get("legend") for layer in no_legend["layer"]
               if "color" in layer.get("encoding", {})]
    assert legends and all(legend is None for legend in legends)


def test_the_fields_chart_side_by_side_puts_every_field_in_the_height_it_has(dataset):
    fields = content.atlas_charts(dataset, Filters(), "en")["fields"].spec
    rows = slides.row_count(fields)
    assert rows == len(dataset.sectors)
    spec = slides.side_by_side(copy.deepcopy(fields), width=1200, size=16, height=420, rows=rows)
    left, right = spec["hconcat"]
    step = left["height"]["step"]
    assert right["height"]["step"] == step and step >= 16
    assert step * rows + round(4.5 * 16) + 24 <= 420
    assert left["encoding"]["y"]["axis"]["labelFontSize"] == 16 and right["encoding"]["y"]["axis"] is None
    assert left["width"] + right["width"] + 16 * 15 <= 1200


def test_timeline_lanes_are_named_left_of_the_plot(dataset):
    events = partner_events(dataset, "seoul")
    timeline = charts.timeline_chart(events, dataset, content.translator(dataset, "en"))
    axis = slides.lanes_on_the_left(timeline, 20)["encoding"]["y"]["axis"]
    assert axis["labelAlign"] == "right" and axis["labelOffset"] == 0 and axis["labelFontSize"] == 20
