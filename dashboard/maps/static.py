"""The static twin of the map (for PNG, SVG and PDF exports), as a plain Vega-Lite spec."""

from __future__ import annotations

import textwrap
from typing import Any

from dashboard import geo
from dashboard.maps.base import (
    FONT,
)
from dashboard.maps.inset import (
    INSET_MIN_STATIC,
    INSET_SHARE,
    INSET_TITLE,
    INSET_UNDER,
    inset_frame,
    inset_layers,
    inset_place,
    unnamed_east_asian,
)
from dashboard.maps.partners import (
    map_alt_text,
    partner_colors,
    partner_rows,
)
from dashboard.maps.places import (
    focus_points,
    static_plan,
)
from dashboard.maps.request import MapRequest
from dashboard.maps.vega import (
    PIXEL_X,
    PIXEL_Y,
    country_fills,
    point_layers,
)
from dashboard.options import COLOR_BY
from dashboard.palette import (
    INK,
    SEA,
)

STATIC_WORLD_LATS = (-58.0, 84.0)  # the static world map leaves Antarctica out



def _static_frame(points: list[list[float]], focus: str, width: float) -> tuple[float, float, float, float]:
    """Scale, translate x, translate y and height of the Equal Earth picture `width` pixels wide."""
    if focus == "world":
        xs = [geo.equal_earth(-180, 0)[0], geo.equal_earth(180, 0)[0]]
        ys = [geo.equal_earth(0, lat)[1] for lat in STATIC_WORLD_LATS]
        pad = 6.0
    else:
        projected = [geo.equal_earth(*p) for p in points]
        xs, ys = [p[0] for p in projected], [p[1] for p in projected]
        pad = 60.0
    span_x, span_y = max(xs) - min(xs), max(ys) - min(ys)
    scale = (width - 2 * pad) / span_x
    if focus != "world":
        scale = min(scale, (width * 0.62 - 2 * pad) / max(span_y, 1e-6))
    height = round(span_y * scale + 2 * pad)
    tx = width / 2 - scale * (min(xs) + max(xs)) / 2
    ty = height / 2 + scale * (min(ys) + max(ys)) / 2
    return scale, tx, ty, height



def static_map_spec(request: MapRequest, width: int = 960, title: str | None = None, caption: str = "",
                    inset: bool = True) -> dict:
    """The map as a plain Vega-Lite (v5) spec, for a PNG, SVG or PDF export: the bundled outlines in an
    Equal Earth projection centred like the interactive map (Pacific in the middle, cut at 30°W), the
    same great-circle routes, the partner points (fanned out the same way) and their names in Latin
    script, each clearly nearer its own dot than any other. A world map that leaves a Korean, Japanese or
    Chinese partner unnamed gets the East Asia inset (with `inset`), in a free corner or under the map.
    Every piece of data is inline, so it renders offline (vl-convert with no base URL). Of `request`, its view,
    home, base map, language, colours and focus (a static picture rings no chosen partner)."""
    view, home, basemap, t, focus = request.view, request.home, request.basemap, request.t, request.focus
    home_country_numeric = request.home_country_numeric
    records = partner_rows(view)
    colors = partner_colors(view, request.color_by if request.color_by in COLOR_BY else "relationship",
                            request.sector_colors, records)
    home_real = (float(home["lon"]), float(home["lat"]))
    points = focus_points(view, home, focus) if focus != "world" else []
    scale, tx, ty, height = _static_frame(points, focus, float(width))

    def px(lon: float, lat: float) -> tuple[float, float]:
        x, y = geo.equal_earth(lon, lat)
        return tx + scale * x, ty - scale * y

    plan = static_plan(records, home, px, float(width), float(height))
    routes: list[dict[str, Any]] = []
    for r in records:
        for i, (lon, lat) in enumerate(geo.route(home_real, (float(r.lon), float(r.lat)))):
            routes.append({"id": r.id, "i": i, "lon": round(lon, 2), "lat": round(lat, 2), "color": colors[r.id],
                           "dash": "solid" if r.signed else "dashed"})
    projection = {"type": "equalEarth", "scale": round(scale, 4), "translate": [round(tx, 2), round(ty, 2)],
                  "clipExtent": [[0, 0], [int(width), int(height)]]}
    geo_route = {"longitude": {"field": "lon", "type": "quantitative"}, "latitude": {"field": "lat", "type": "quantitative"},
                 "detail": {"field": "id", "type": "nominal"}, "order": {"field": "i", "type": "quantitative"},
                 "color": {"field": "color", "type": "nominal", "scale": None}}
    layers = [
        {"data": {"sphere": True}, "projection": projection, "mark": {"type": "geoshape", "fill": SEA, "stroke": None}},
        {"data": {"values": country_fills(view, home_country_numeric, basemap), "format": {"type": "json"}},
         "projection": projection, "mark": {"type": "geoshape", "stroke": "#FFFFFF", "strokeWidth": 0.5},
         "encoding": {"fill": {"field": "properties.fill", "type": "nominal", "scale": None}}},
    ]
    for dash, pattern, stroke in (("solid", None, 1.6), ("dashed", [4, 3], 1.2)):
        data = [row for row in routes if row["dash"] == dash]
        if data:
            mark = {"type": "line", "strokeWidth": stroke, "clip": True, "strokeCap": "round"}
            if pattern:
                mark["strokeDash"] = pattern
            layers.append({"data": {"values": data}, "projection": projection, "mark": mark, "encoding": geo_route})
    layers += point_layers(plan, home, colors)
    unnamed = unnamed_east_asian(view, [label["id"] for label in plan["labels"]]) if focus == "world" and inset else []
    if unnamed:
        inset_width = round(max(width * INSET_SHARE, INSET_MIN_STATIC))
        most = height * 0.45
        inset_height = inset_frame(view, unnamed, inset_width, most)[3] + INSET_TITLE
        corner = inset_place(plan, [px(row["lon"], row["lat"]) for row in routes], (inset_width, inset_height),
                              float(width), float(height))
        if corner is None:  # under the map (the world cut at its own height: see the projection's clipExtent), wider
            inset_width = round(max(inset_width, min(width - 16, INSET_UNDER)))
            most = inset_width * 0.75
            inset_height = inset_frame(view, unnamed, inset_width, most)[3] + INSET_TITLE
            corner = (float(width - inset_width) / 2, float(height) + 8)
            height = round(height + inset_height + 8)
        inset_part, _, _ = inset_layers(view, home, basemap, t, colors, unnamed, inset_width, origin=corner,
                                           max_height=most, home_country_numeric=home_country_numeric)
        layers += inset_part
    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": int(width), "height": int(height),
            "autosize": {"type": "none"}, "padding": 0, "background": "#FFFFFF",
            "config": {"view": {"stroke": None}}, "layer": layers,
            "description": map_alt_text(view, t)}
    if unnamed:  # where the inset lies (for whatever is added to the picture later, a legend say, to keep clear of)
        assert corner is not None  # (placed above)
        spec["usermeta"] = {"inset": [round(corner[0], 1), round(corner[1], 1), round(corner[0] + inset_width, 1),
                                      round(corner[1] + inset_height, 1)]}
    if title:
        # Drawn as a mark above the map (a Vega-Lite title needs an autosize that would grow the picture
        # round the clipped globe).
        layers.append({"data": {"values": [{"x": 0, "y": -8, "text": title}]},
                       "mark": {"type": "text", "align": "left", "baseline": "bottom", "fontSize": 14, "fontWeight": 600,
                                "font": FONT, "fill": INK},
                       "encoding": {"x": PIXEL_X, "y": PIXEL_Y, "text": {"field": "text", "type": "nominal"}}})
        spec["padding"] = {"top": 28, "left": 0, "right": 0, "bottom": 0}
    if caption:
        # The caption line(s) under the map: data source, filters, date (for a figure taken into slides).
        lines = textwrap.wrap(caption, width=max(40, int(width / 6.2)))
        layers.append({"data": {"values": [{"x": 0, "y": height + 8 + 14 * i, "text": line} for i, line in enumerate(lines)]},
                       "mark": {"type": "text", "align": "left", "baseline": "top", "fontSize": 11, "font": FONT, "fill": INK},
                       "encoding": {"x": PIXEL_X, "y": PIXEL_Y, "text": {"field": "text", "type": "nominal"}}})
        padding = spec["padding"] if isinstance(spec["padding"], dict) else {"top": 0, "left": 0, "right": 0, "bottom": 0}
        spec["padding"] = {**padding, "bottom": 14 * len(lines) + 12}
    return spec
