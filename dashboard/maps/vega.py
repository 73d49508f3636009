"""Vega-Lite pieces shared by the static map and the East Asia inset: the points and names of a static
plan, and the country outlines with their fills. Plain Vega-Lite drawn in pixels worked out in `places`, so
what a test reads from the spec is what a reader sees."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from dashboard import geo
from dashboard.filters import View
from dashboard.maps.base import (
    FONT,
    STATIC_HOME_RADIUS,
    STATIC_LABEL_SIZE,
    STATIC_RADIUS,
    STATIC_TRUE_RADIUS,
    PerBasemap,
    frame_basemap,
)
from dashboard.maps.partners import (
    shaded_country_ids,
)
from dashboard.palette import (
    HOME_COLOR,
    INK,
    LAND,
    LAND_HOME,
    LAND_WITH_PARTNER,
)

# The bundled outlines as the static pictures draw them (geo.static_outlines of the framed ones).
static_outlines = PerBasemap(lambda basemap: geo.static_outlines(frame_basemap(basemap)))



_ALIGN = {"start": "left", "middle": "center", "end": "right"}
_BASELINE = {"top": "top", "center": "middle", "bottom": "bottom"}
PIXEL_X = {"field": "x", "type": "quantitative", "scale": None, "axis": None}
PIXEL_Y = {"field": "y", "type": "quantitative", "scale": None, "axis": None}


def point_layers(plan: dict, home: Mapping[str, Any], colors: dict[str, str], shift: tuple[float, float] = (0.0, 0.0),
                  tooltips: dict[str, str] | None = None, selected: str | None = None) -> list[dict]:
    """The Vega-Lite layers of a static plan (leaders, true places, points, home, names), moved by `shift`
    pixels; each mark's rows carry the id of the city they stand for, and with `tooltips` ({id: text}) the
    points show the same tooltip as the interactive map."""
    dx, dy = shift

    def xy(x: float, y: float) -> dict:
        return {"x": round(x + dx, 1), "y": round(y + dy, 1)}

    leaders = [{**xy(*true), "x2": round(x + dx, 1), "y2": round(y + dy, 1)} for r, (x, y), true in plan["points"]
               if math.hypot(x - true[0], y - true[1]) > 0.5]
    leaders += [{**xy(*label["from"]), "x2": round(label["x"] + dx, 1), "y2": round(label["y"] + dy, 1)}
                for label in plan["labels"] if label["leader"]]
    true_places = [{**xy(*true), "id": r.id} for r, (x, y), true in plan["points"] if math.hypot(x - true[0], y - true[1]) > 0.5]
    dots = [{**xy(x, y), "id": r.id, "fill": colors[r.id] if r.signed else "#FFFFFF",
             "stroke": "#FFFFFF" if r.signed else colors[r.id], **({"tooltip": tooltips[r.id]} if tooltips else {})}
            for r, (x, y), _ in plan["points"]]
    tooltip = {"tooltip": {"field": "tooltip", "type": "nominal"}} if tooltips else {}
    layers = []
    if leaders:
        layers.append({"data": {"values": leaders}, "mark": {"type": "rule", "color": INK, "strokeWidth": 0.8},
                       "encoding": {"x": PIXEL_X, "y": PIXEL_Y, "x2": {"field": "x2"}, "y2": {"field": "y2"}}})
    if true_places:
        layers.append({"data": {"values": true_places},
                       "mark": {"type": "circle", "size": math.pi * STATIC_TRUE_RADIUS ** 2, "fill": INK,
                                "opacity": 1, "strokeWidth": 0},
                       "encoding": {"x": PIXEL_X, "y": PIXEL_Y}})
    ring = [row for row in dots if row["id"] == selected]
    if ring:
        layers.append({"data": {"values": [{k: ring[0][k] for k in ("x", "y")}]},
                       "mark": {"type": "circle", "size": math.pi * (STATIC_RADIUS + 4) ** 2, "fill": None, "stroke": INK,
                                "strokeWidth": 2, "opacity": 1},
                       "encoding": {"x": PIXEL_X, "y": PIXEL_Y}})
    if dots:
        layers.append({"data": {"values": dots}, "mark": {"type": "circle", "size": math.pi * STATIC_RADIUS ** 2, "opacity": 1,
                                                          "strokeWidth": 1.6},
                       "encoding": {"x": PIXEL_X, "y": PIXEL_Y, "fill": {"field": "fill", "type": "nominal", "scale": None},
                                    "stroke": {"field": "stroke", "type": "nominal", "scale": None}, **tooltip}})
    if plan["home"] is not None:
        row = {**xy(*plan["home"]), "id": home["id"], **({"tooltip": tooltips[home["id"]]} if tooltips else {})}
        layers.append({"data": {"values": [row]},
                       "mark": {"type": "circle", "size": math.pi * STATIC_HOME_RADIUS ** 2, "fill": HOME_COLOR,
                                "stroke": "#FFFFFF", "strokeWidth": 1.6, "opacity": 1},
                       "encoding": {"x": PIXEL_X, "y": PIXEL_Y, **tooltip}})
    groups: dict[tuple[str, str], list[dict]] = {}
    for label in plan["labels"]:
        groups.setdefault((_ALIGN[label["anchor"]], _BASELINE[label["baseline"]]), []).append(
            {**xy(label["x"], label["y"]), "text": label["text"], "id": label["id"]})
    for (align, baseline), rows in sorted(groups.items()):
        for halo in (True, False):  # a white halo under the name, then the name
            mark = {"type": "text", "align": align, "baseline": baseline, "fontSize": STATIC_LABEL_SIZE, "fontWeight": 600,
                    "font": FONT, "fill": INK}
            if halo:
                mark.update({"stroke": "#FFFFFF", "strokeWidth": 3, "strokeJoin": "round", "fill": "#FFFFFF"})
            layers.append({"data": {"values": rows}, "mark": mark,
                           "encoding": {"x": PIXEL_X, "y": PIXEL_Y, "text": {"field": "text", "type": "nominal"}}})
    return layers


def country_fills(view: View, home_country_numeric: int | None, basemap: dict,
                   bounds: tuple[float, float, float, float] | None = None) -> list[dict]:
    """The static outlines with each country's fill; with `bounds` (west, south, east, north in frame
    degrees), only what lies within them (an inset sends a few countries, not the world)."""
    partner_ids, home_id = shaded_country_ids(view, home_country_numeric)
    fills = {c: LAND_WITH_PARTNER for c in partner_ids} | ({home_id: LAND_HOME} if home_id else {})
    features = static_outlines(basemap)["features"] if bounds is None else _clipped_outlines(basemap, bounds)
    return [{"type": "Feature", "geometry": f["geometry"],
             "properties": {"fill": fills.get(f["properties"].get("id") or "", LAND)}} for f in features]


_CLIPPED: dict[tuple, list[dict]] = {}


def _clipped_outlines(basemap: dict, bounds: tuple[float, float, float, float]) -> list[dict]:
    """The static outlines cut to `bounds` (rounded out to whole degrees, so that the few insets a server
    draws share their cuts)."""
    from shapely.geometry import mapping, shape

    west, south, east, north = (math.floor(bounds[0]), math.floor(bounds[1]), math.ceil(bounds[2]), math.ceil(bounds[3]))
    key = (id(basemap), west, south, east, north)
    if key not in _CLIPPED:
        if len(_CLIPPED) > 32:
            _CLIPPED.clear()
        out = []
        for feature in static_outlines(basemap)["features"]:
            geom = shape(feature["geometry"])
            x0, y0, x1, y1 = geom.bounds
            if x1 < west or x0 > east or y1 < south or y0 > north:
                continue
            cut = geom.intersection(_rect(west, south, east, north))
            if cut.is_empty or cut.geom_type not in ("Polygon", "MultiPolygon"):
                continue
            from shapely.geometry.polygon import orient
            parts = [orient(q, sign=-1.0) for q in getattr(cut, "geoms", [cut]) if q.geom_type == "Polygon"]
            coords = [geo._round_polygon(mapping(q)["coordinates"], 2) for q in parts]
            geometry = {"type": "Polygon", "coordinates": coords[0]} if len(coords) == 1 else \
                {"type": "MultiPolygon", "coordinates": coords}
            out.append({"type": "Feature", "geometry": geometry, "properties": dict(feature["properties"])})
        _CLIPPED[key] = out
    return _CLIPPED[key]


def _rect(west: float, south: float, east: float, north: float):
    from shapely.geometry import box
    return box(west, south, east, north)
