"""The East Asia inset: a small map that names the Korean, Japanese and Chinese partners a world map is too
small to name."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from dashboard import geo
from dashboard.filters import View
from dashboard.i18n import Translator
from dashboard.maps.base import (
    FONT,
    STATIC_LABEL_SIZE,
)
from dashboard.maps.partners import (
    partner_colors,
    partner_rows,
    tooltip_texts,
)
from dashboard.maps.places import (
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

INSET_SPREADS = (12, 16, 20)  # px between two points fanned out in the inset: the first that names every one
# The East Asia inset: where the world map is too small for the cluster of Korean, Japanese and Chinese partners
# to be named, a second small map frames Korea, Japan (to Tokyo) and north-east China, and whichever partners of
# those countries the world map left unnamed beyond that.
INSET_COUNTRIES = ("KOR", "JPN", "CHN")
INSET_BOX = ((121.0, 33.0), (140.0, 41.0))  # real (lon, lat) of its south-west and north-east corners
INSET_SHARE = 0.3  # of a static world map's width
INSET_MIN_STATIC = 320  # px, and at least this wide (every name there fits)
INSET_UNDER = 480  # px: an inset under the map (no corner of it free) may be this wide
INSET_TITLE = 18  # px, the band at the top of an inset that holds its title



def unnamed_east_asian(view: View, named: Sequence[str]) -> list[str]:
    """Ids of the view's partners in Korea, Japan and China that a map did not name (`named`: the ids it
    names): the partners the East Asia inset is there for."""
    names = set(named)
    return [pid for pid, iso3 in zip(view.partners["id"].tolist(), view.partners["country_iso3"].tolist())
            if iso3 in INSET_COUNTRIES and pid not in names]


def inset_frame(view: View, unnamed: Sequence[str], width: float, max_height: float | None = None
                 ) -> tuple[float, float, float, float]:
    """Scale, translate x, translate y and height of the inset's Mercator map `width` pixels wide (its title
    band aside): INSET_BOX, the view's partners in it, and every partner in `unnamed` outside it, with room
    east of the easternmost partner for its name (the inset is wide for the ground it covers, and names
    elsewhere can go left, right, above or below their points)."""
    (w, s), (e, n) = INSET_BOX
    partners = view.partners
    lon, lat = partners["lon"].astype(float), partners["lat"].astype(float)
    inside = partners["id"].isin(list(unnamed)) | (lon.between(w, e) & lat.between(s, n))
    lons = [geo.frame_lon(w), geo.frame_lon(e), *(geo.frame_lon(x) for x in lon[inside])]
    lats = [s, n, *lat[inside]]
    xs = [geo.mercator(x, 0)[0] for x in lons]
    ys = [geo.mercator(0, y)[1] for y in lats]
    pad = 14.0
    span_x, span_y = max(xs) - min(xs), max(ys) - min(ys)
    scale = (width - 2 * pad) / span_x
    if len(xs) > 2:  # the easternmost partner's name fits to the right of its point
        east = max(range(2, len(xs)), key=xs.__getitem__)
        name = geo.text_width(partners["city_en"][inside].iloc[east - 2], STATIC_LABEL_SIZE) + 10
        scale = min(scale, (width - 2 * pad - name) / max(xs[east] - min(xs), 1e-6))
    if max_height:
        scale = min(scale, (max_height - 2 * pad) / max(span_y, 1e-6))
    height = round(span_y * scale + 2 * pad)
    tx = pad - scale * min(xs)
    ty = height / 2 + scale * (min(ys) + max(ys)) / 2
    return scale, tx, ty, height


def inset_layers(view: View, home: Mapping[str, Any], basemap: dict, t: Translator, colors: dict[str, str],
                 unnamed: Sequence[str], width: float, origin: tuple[float, float] = (0.0, 0.0), max_height: float | None = None,
                  home_country_numeric: int | None = None, selected: str | None = None,
                  tooltips: bool = False) -> tuple[list[dict], float, dict]:
    """The inset's layers at `origin` (its top left corner, in the picture's pixels), its height, and its
    plan (as static_plan gives it, in the inset's own pixels below its title band)."""
    scale, tx, ty, map_height = inset_frame(view, unnamed, width, max_height)
    ox, oy = origin
    top = oy + INSET_TITLE
    height = map_height + INSET_TITLE

    def px(lon: float, lat: float) -> tuple[float, float]:
        x, y = geo.mercator(lon, lat)
        return tx + scale * x, ty - scale * y

    def unproject(x: float, y: float) -> tuple[float, float]:
        return math.degrees((x - tx) / scale), math.degrees(2 * math.atan(math.exp((ty - y) / scale)) - math.pi / 2)

    records = partner_rows(view)
    # Points fanned out a little, or further when that leaves a name out (more room beside each point).
    plan: dict | None = None
    for spread in INSET_SPREADS:
        tried = static_plan(records, home, px, width, map_height, selected=selected, edge=2, complete=True, spread=spread)
        if plan is None or len(tried["labels"]) > len(plan["labels"]):
            plan = tried
        if len(plan["labels"]) == len(plan["points"]):
            break
    assert plan is not None  # (INSET_SPREADS is not empty)
    # What the inset shows, in frame degrees (its title band included), and a little more.
    west, north = unproject(0, -INSET_TITLE)
    east, south = unproject(width, map_height)
    bounds = (west - 1, south - 1, east + 1, north + 1)
    projection = {"type": "mercator", "scale": round(scale, 4), "translate": [round(tx + ox, 2), round(ty + top, 2)],
                  "clipExtent": [[ox, oy], [ox + width, oy + height]]}
    frame = {"x": ox, "y": oy, "x2": ox + width, "y2": oy + height}
    layers = [
        {"data": {"values": [frame]}, "mark": {"type": "rect", "fill": SEA, "stroke": None},
         "encoding": {"x": PIXEL_X, "y": PIXEL_Y, "x2": {"field": "x2"}, "y2": {"field": "y2"}}},
        {"data": {"values": country_fills(view, home_country_numeric, basemap, bounds), "format": {"type": "json"}},
         "projection": projection, "mark": {"type": "geoshape", "stroke": "#FFFFFF", "strokeWidth": 0.6},
         "encoding": {"fill": {"field": "properties.fill", "type": "nominal", "scale": None}}},
    ]
    # The routes' ends: each drawn partner's route from home, as far as it lies in the inset.
    home_real = (float(home["lon"]), float(home["lat"]))
    routes: list[dict[str, Any]] = []
    for r, _, _ in plan["points"]:
        route = geo.route_points(home_real, (float(r.lon), float(r.lat)))
        path = [(x, y + INSET_TITLE) for x, y in (px(lon, lat) for lon, lat in route)]
        for k, part in enumerate(geo.clip_polyline(path, (0, 0, width, height))):
            routes += [{"id": r.id, "part": k, "i": i, "x": round(x + ox, 1), "y": round(y + oy, 1), "color": colors[r.id],
                        "dash": "solid" if r.signed else "dashed"} for i, (x, y) in enumerate(part)]
    for dash, pattern, stroke in (("solid", None, 1.6), ("dashed", [4, 3], 1.2)):
        data = [row for row in routes if row["dash"] == dash]
        if data:
            mark = {"type": "line", "strokeWidth": stroke, "strokeCap": "round"}
            if pattern:
                mark["strokeDash"] = pattern
            layers.append({"data": {"values": data}, "mark": mark,
                           "encoding": {"x": PIXEL_X, "y": PIXEL_Y,
                                        "detail": [{"field": "id", "type": "nominal"}, {"field": "part", "type": "nominal"}],
                                        "order": {"field": "i", "type": "quantitative"},
                                        "color": {"field": "color", "type": "nominal", "scale": None}}})
    texts = None
    if tooltips:
        texts = dict(zip((r.id for r in records), tooltip_texts(records, t)))
        texts[home["id"]] = f"{home['city_en']}, {t.country(home['country_iso3'])}\n{t('map.home')}"
    layers += point_layers(plan, home, colors, shift=(ox, top), tooltips=texts, selected=selected)
    layers.append({"data": {"values": [{"x": ox + 6, "y": oy + 4, "text": t("map.inset_title")}]},
                   "mark": {"type": "text", "align": "left", "baseline": "top", "fontSize": STATIC_LABEL_SIZE,
                            "fontWeight": 600, "font": FONT, "fill": INK},
                   "encoding": {"x": PIXEL_X, "y": PIXEL_Y, "text": {"field": "text", "type": "nominal"}}})
    layers.append({"data": {"values": [frame]}, "mark": {"type": "rect", "fill": None, "stroke": INK, "strokeWidth": 1},
                   "encoding": {"x": PIXEL_X, "y": PIXEL_Y, "x2": {"field": "x2"}, "y2": {"field": "y2"}}})
    return layers, height, plan


def inset_spec(request: MapRequest, unnamed: Sequence[str], width: int = 300, max_height: int | None = None) -> dict:
    """The East Asia inset as a Vega-Lite spec `width` pixels wide: Korea, Japan and north-east China (and
    every partner of `unnamed` beyond them) at a scale where each partner there is named, with the routes'
    ends, the chosen partner ringed, and the same tooltips as the interactive map. `unnamed`: the ids of the
    partners the map beside it leaves unnamed (`unnamed_east_asian`). Of `request`, its view, home, base map,
    language, colours and the chosen partner."""
    view, t = request.view, request.t
    records = partner_rows(view)
    colors = partner_colors(view, request.color_by if request.color_by in COLOR_BY else "relationship",
                            request.sector_colors, records)
    layers, height, plan = inset_layers(view, request.home, request.basemap, t, colors, unnamed, float(width),
                                        max_height=max_height, home_country_numeric=request.home_country_numeric,
                                        selected=request.selected, tooltips=True)
    named = [label["text"] for label in plan["labels"]]
    return {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": int(width), "height": int(math.ceil(height)),
            "autosize": {"type": "none"}, "padding": 0, "background": "#FFFFFF", "config": {"view": {"stroke": None}},
            "layer": layers, "description": t("map.inset_alt", cities=", ".join(named))}


def inset_place(plan: dict, routes: list[tuple[float, float]], box_size: tuple[float, float], width: float, height: float
                 ) -> tuple[float, float] | None:
    """Where, in a corner of the world picture, an inset of `box_size` covers no point and no name (and as few
    route points as may be); None when no corner is free."""
    w, h = box_size
    gap = 8.0
    corners = [(gap, height - h - gap), (width - w - gap, height - h - gap), (gap, gap), (width - w - gap, gap)]
    dots = [xy for _, xy, _ in plan["points"]] + ([plan["home"]] if plan["home"] is not None else [])
    best = None
    for x, y in corners:
        box = (x - 6, y - 6, x + w + 6, y + h + 6)
        if any(box[0] <= px <= box[2] and box[1] <= py <= box[3] for px, py in dots):
            continue
        if any(lb[0] < box[2] and box[0] < lb[2] and lb[1] < box[3] and box[1] < lb[3]
               for lb in (label["box"] for label in plan["labels"])):
            continue
        crossed = sum(box[0] <= px <= box[2] and box[1] <= py <= box[3] for px, py in routes)
        if best is None or crossed < best[0]:
            best = (crossed, (x, y))
    return best[1] if best else None
