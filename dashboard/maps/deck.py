"""The interactive map: deck.gl JSON for st.pydeck_chart, built from one `MapRequest`, and what a click on it
means."""

from __future__ import annotations

import functools
import json
from typing import NamedTuple

import pydeck as pdk

from dashboard import geo
from dashboard.maps.base import (
    DEFAULT_HEIGHT,
    DEFAULT_WIDTH,
    FOCUS_COUNTRIES,
    HOME_RADIUS,
    MARKER_RADIUS,
    MAX_LAYOUT_POINTS,
    PICK_RADIUS,
    RING_RADIUS,
    ROUTE_STEP,
    TRUE_PLACE_RADIUS,
    compact_json,
    frame_basemap,
    label_size,
    rounded,
)
from dashboard.maps.partners import (
    partner_colors,
    partner_rows,
    shaded_country_ids,
    tooltip_texts,
)
from dashboard.maps.places import (
    layout,
    opening_view,
    partner_places,
)
from dashboard.maps.request import MapRequest
from dashboard.options import COLOR_BY
from dashboard.palette import (
    HOME_COLOR,
    INK,
    LAND,
    LAND_HOME,
    LAND_WITH_PARTNER,
    SEA,
    rgb,
)

# The country outlines are served by Streamlit's static file serving (dashboard/static is a link to
# data/geo), so the browser fetches them once and caches them instead of receiving them on every rerun.
# The served file is the bundled outlines already cut at the map's edge (scripts/build_basemap.py).
BASEMAP_URL = "app/static/countries-110m-pacific.geojson"
TARGETS, SEA_TARGET = "partners", "sea"  # ids (before "~") of the two pickable layers
# Tooltips: an HTML template, because with a text template the sea would show the last tooltip again (an
# empty text is skipped); Streamlit escapes the values it puts in. The style rule hides an empty one.
TOOLTIP = {"html": "<style>.deck-tooltip:has(.map-tip:empty){display:none !important}</style>"
                   "<div class='map-tip' style='white-space:pre-line'>{tooltip}</div>"}



def _fill_expression(partner_ids: list[str], home_id: str | None) -> str:
    # Evaluated by deck.gl per country, so the served outlines need not be sent again to shade them.
    expr = str(rgb(LAND)[:3]).replace(" ", "")
    if partner_ids:
        test = " || ".join(f"properties.id == '{c}'" for c in partner_ids)
        expr = f"({test}) ? {str(rgb(LAND_WITH_PARTNER)[:3]).replace(' ', '')} : {expr}"
    if home_id:
        expr = f"properties.id == '{home_id}' ? {str(rgb(LAND_HOME)[:3]).replace(' ', '')} : {expr}"
    return "@@=" + expr



class MapDeck(pdk.Deck):
    """A pydeck Deck whose JSON is made here (compact, with nested layer lists that pydeck's own layer
    objects cannot express); st.pydeck_chart only calls to_json() and reads the tooltip."""

    def __init__(self, spec_json: str, tooltip: dict | None = None):
        self._json = spec_json
        self._tooltip = tooltip or TOOLTIP
        self.layers: list = []
        self.mapbox_key = None
        self.deck_widget = None
        self.width = None

    def to_json(self) -> str:
        return self._json

    def __repr__(self) -> str:
        return f"MapDeck({len(self._json)} characters)"




@functools.lru_cache(maxsize=16384)
def _route_json(home: tuple[float, float], lon: float, lat: float, step: float) -> str:
    # The route as the flat [lon, lat, lon, lat, ...] list the PathLayer reads, rounded, in JSON: the same
    # routes come back on every rerun, and encoding their numbers was most of the cost of a big map.
    return compact_json([v for point in geo.route(home, (lon, lat), step=step)
                         for v in (rounded(point[0], 2), rounded(point[1], 2))])


@functools.lru_cache(maxsize=256, typed=True)
def _small_json(value: str | float) -> str:
    # A colour (given as "#RRGGBB") or a number in JSON: the same few on every map.
    return compact_json(rgb(value) if isinstance(value, str) else value)


class _RowsJSON:
    """Layer rows written straight in JSON. A big map has thousands of routes, points and pick targets,
    and most of their pieces (routes, positions, colours) are the same from one map to the next, so
    they are encoded once and kept. Each list of rows stands in the spec as a placeholder string until
    `fill_in` puts the rows into the encoded spec."""

    def __init__(self):
        self._rows: dict[str, str] = {}

    def add(self, name: str, rows: list[str]) -> str:
        placeholder = f"\x00{name}\x00"  # the data holds no NUL character (the validator refuses them)
        self._rows[compact_json(placeholder)] = "[" + ",".join(rows) + "]"
        return placeholder

    def fill_in(self, text: str) -> str:
        for placeholder, rows in self._rows.items():
            text = text.replace(placeholder, rows, 1)
        return text


class DeckMap(NamedTuple):
    json: str  # the deck.gl JSON, the compact string st.pydeck_chart sends (wrap it in MapDeck)
    named: tuple[str, ...]  # the ids of the cities whose names it writes at its opening view

    def spec(self) -> dict:
        """The deck.gl JSON as a dict."""
        return json.loads(self.json)


def deck_map(request: MapRequest) -> DeckMap:
    """The map, for st.pydeck_chart (as `MapDeck(deck_map(request).json)`): base map, routes from the home
    city, partner points and names; and the cities it names (which the East Asia inset completes)."""
    view, home, t, selected, focus = request.view, request.home, request.t, request.selected, request.focus
    width, height = float(request.width_px or DEFAULT_WIDTH), float(request.height_px or DEFAULT_HEIGHT)
    records = partner_rows(view)
    places = partner_places(records, home)
    state = opening_view(view, home, focus, width, height, places=places) if request.frame_view is None \
        else opening_view(request.frame_view, home, focus, width, height)
    plan = layout(view, home, state, width, height, selected=selected, rows=records, places=places,
                  complete=focus in FOCUS_COUNTRIES)
    colors = partner_colors(view, request.color_by if request.color_by in COLOR_BY else "relationship",
                            request.sector_colors, records)
    tooltips = tooltip_texts(records, t)
    home_real = (float(home["lon"]), float(home["lat"]))
    encoded = _RowsJSON()
    quoted = json.encoder.encode_basestring  # a string in JSON, as json.dumps(ensure_ascii=False) writes it

    solid: list[tuple[str, str, float]] = []  # (path, colour, width) in JSON
    dashed: list[tuple[str, str, float]] = []
    leaders: list[dict] = []
    spots: list[dict] = []
    markers: list[str] = []
    targets: dict[str, str] = {}
    ring: list[str] = []
    step = ROUTE_STEP if len(records) <= MAX_LAYOUT_POINTS else 2 * ROUTE_STEP
    for row, place, p, tooltip in zip(records, places, plan["partners"], tooltips):
        color = _small_json(colors[p["id"]])
        chosen = p["id"] == selected
        # Rows as {"path": [lon, lat, ...], "color": [r, g, b, a], "width": px}, made into JSON below.
        (solid if p["signed"] else dashed).append(
            (_route_json(home_real, float(row.lon), float(row.lat), step), color, 4 if chosen else (2 if p["signed"] else 1.5)))
        if p["moved"]:
            shown = [rounded(v) for v in p["shown"]]
            leaders.append({"path": [*place.drawn, *shown]})
            spots.append({"id": p["id"], "position": list(place.drawn)})
            position = compact_json(shown)
        else:
            position = place.drawn_json
        marker = (f'{{"position":{position},"fill":{color if p["signed"] else _small_json("#FFFFFF")},'
                  f'"line":{color},"width":{_small_json(1.5 if p["signed"] else 2.5)},'
                  f'"radius":{MARKER_RADIUS + (2 if chosen else 0)}}}')
        markers.append(marker)
        if chosen:
            ring.append(marker)
        targets[p["id"]] = f'{{"id":{quoted(p["id"])},"position":{position},"r":{PICK_RADIUS},"tooltip":{quoted(tooltip)}}}'
    # Selected partner drawn last, so its route and point lie on top.
    solid.sort(key=lambda route: route[2])
    dashed.sort(key=lambda route: route[2])
    home_target = {"id": home["id"], "home": True, "position": [rounded(v) for v in plan["home"]["true"]], "r": PICK_RADIUS,
                   "tooltip": f"{home['city_en']}, {t.country(home['country_iso3'])}\n{t('map.home')}"}
    # One target per partner of the data set, always in the same order (hidden ones with radius 0), so
    # a selection's index never points at another partner after a filter change (see map_click).
    ids = list(request.every_partner) if request.every_partner is not None else list(view.partner_sectors or targets)
    known = set(ids)
    ids += [pid for pid in targets if pid not in known]
    target_rows = [compact_json(home_target)] + [targets.get(pid) or f'{{"id":{quoted(pid)},"position":[0,0],"r":0,"tooltip":""}}'
                                           for pid in ids]
    labels = []
    labelled = {p["id"]: p for p in plan["partners"] if p["id"] in plan["labels"]}
    cx, cy = geo.pixel(state[0], state[1], state[2])
    for item_id, spot in plan["labels"].items():
        if item_id == home["id"]:
            pos, name = plan["home"]["true"], home["city_en"]
        else:
            pos, name = labelled[item_id]["shown"], labelled[item_id]["city"]
        at, offset = [rounded(v) for v in pos], spot["offset"]
        if spot.get("leader"):
            # A name written farther out: placed on the map itself (its pixel offset made a position, so that
            # it keeps to its leader when the map is zoomed) and joined to its point by a leader.
            x, y = plan["home"]["xy"] if item_id == home["id"] else labelled[item_id]["xy"]
            at = [rounded(v)
                        for v in geo.unpixel(cx + x + offset[0] - width / 2, cy + y + offset[1] - height / 2, state[2])]
            offset = [0, 0]
            leaders.append({"path": [*(rounded(v) for v in pos), *at]})
        labels.append({"id": item_id, "text": name, "position": at, "anchor": spot["anchor"],
                       "baseline": spot["baseline"], "offset": offset})

    partner_ids, home_id = shaded_country_ids(view, request.home_country_numeric)
    fill = _fill_expression(partner_ids, home_id)
    countries = frame_basemap(request.basemap) if request.basemap_inline else BASEMAP_URL
    sea = {"polygon": [[-180, -85.05], [180, -85.05], [180, 85.05], [-180, 85.05]]}
    base = [
        {"@@type": "SolidPolygonLayer", "id": "sea", "data": [sea],
         "getPolygon": "@@=polygon", "getFillColor": rgb(SEA), "pickable": False},
        {"@@type": "GeoJsonLayer", "id": "countries", "data": countries, "filled": True, "stroked": True,
         "getFillColor": fill, "updateTriggers": {"getFillColor": fill}, "getLineColor": [255, 255, 255],
         "lineWidthMinPixels": 0.6, "pickable": False},
    ]
    path_layer = {"@@type": "PathLayer", "getPath": "@@=path", "positionFormat": "XY", "getColor": "@@=color",
                  "getWidth": "@@=width", "widthUnits": "pixels", "capRounded": True, "jointRounded": True, "pickable": False}

    def route_rows(routes: list[tuple[str, str, float]]) -> list[str]:
        return [f'{{"path":{path},"color":{color},"width":{_small_json(width)}}}' for path, color, width in routes]

    # Each kind of layer costs the browser a shader program to compile before the map first shows (in
    # software WebGL up to half a second for a path or text layer): the leader lines are paths too, and the
    # dashed routes (their own program) are sent only when an unsigned partner is shown.
    routes = [
        {**path_layer, "id": "routes", "data": encoded.add("routes", route_rows(solid))},
        *([{**path_layer, "id": "routes-open", "data": encoded.add("routes-open", route_rows(dashed)),
            "getDashArray": [4, 3], "dashJustified": True,
            "extensions": [{"@@type": "PathStyleExtension", "dash": True}]}] if dashed else []),
        {**path_layer, "id": "leaders", "data": leaders, "getColor": rgb(INK), "getWidth": 1, "capRounded": False,
         "jointRounded": False},
        {"@@type": "ScatterplotLayer", "id": "true-places", "data": spots, "getPosition": "@@=position",
         "getRadius": TRUE_PLACE_RADIUS,
         "radiusUnits": "pixels", "getFillColor": rgb(INK), "pickable": False},
    ]
    # The only top-level and the only pickable layers: the sea and the targets, both invisible. Their ids
    # change with the selected partner, so Streamlit drops a selection once the page has acted on it
    # (see map_click).
    epoch = selected or "-"
    sea_target = {"@@type": "SolidPolygonLayer", "id": f"{SEA_TARGET}~{epoch}", "data": [{**sea, "id": "", "tooltip": ""}],
                  "getPolygon": "@@=polygon", "getFillColor": [0, 0, 0, 255], "opacity": 0, "pickable": True}
    pick = {"@@type": "ScatterplotLayer", "id": f"{TARGETS}~{epoch}", "data": encoded.add("targets", target_rows),
            "getPosition": "@@=position", "getRadius": "@@=r", "radiusUnits": "pixels", "getFillColor": [255, 255, 255, 255],
            "opacity": 0, "pickable": True, "autoHighlight": False}
    overlay = [
        {"@@type": "ScatterplotLayer", "id": "selected-ring", "data": encoded.add("ring", ring), "getPosition": "@@=position",
         "getRadius": RING_RADIUS, "radiusUnits": "pixels", "filled": False, "stroked": True,
         "getLineColor": rgb(INK), "lineWidthUnits": "pixels", "getLineWidth": 2.5, "pickable": False},
        {"@@type": "ScatterplotLayer", "id": "markers", "data": encoded.add("markers", markers), "getPosition": "@@=position",
         "getFillColor": "@@=fill", "getLineColor": "@@=line", "getRadius": "@@=radius", "radiusUnits": "pixels",
         "stroked": True, "filled": True, "lineWidthUnits": "pixels", "getLineWidth": "@@=width", "pickable": False},
        {"@@type": "ScatterplotLayer", "id": "home", "data": [{"position": home_target["position"]}],
         "getPosition": "@@=position", "getFillColor": rgb(HOME_COLOR), "getLineColor": [255, 255, 255],
         "getRadius": HOME_RADIUS, "radiusUnits": "pixels", "stroked": True, "lineWidthUnits": "pixels",
         "getLineWidth": 2, "pickable": False},
        {"@@type": "TextLayer", "id": "labels", "data": labels, "getPosition": "@@=position", "getText": "@@=text",
         "getSize": label_size(width), "sizeUnits": "pixels", "getColor": rgb(INK), "getTextAnchor": "@@=anchor",
         "getAlignmentBaseline": "@@=baseline", "getPixelOffset": "@@=offset", "characterSet": "auto",
         "fontFamily": "Source Sans Pro, Helvetica, Arial, sans-serif", "fontWeight": 600,
         "fontSettings": {"sdf": True}, "outlineWidth": 4, "outlineColor": [255, 255, 255, 255], "pickable": False},
    ]
    lon, lat, zoom = state
    spec = {
        "initialViewState": {"longitude": rounded(lon, 4), "latitude": rounded(lat, 4), "zoom": rounded(zoom, 3),
                             "minZoom": rounded(min(zoom, 0.0) - 0.5, 2), "maxZoom": 9, "pitch": 0, "bearing": 0},
        # Nested lists: drawn in this order, and left alone by Streamlit's selection styling.
        "layers": [base, routes, sea_target, pick, overlay],
        # pydeck's "no basemap" sentinel, which Streamlit draws as nothing (a missing mapStyle would make
        # Streamlit fetch CARTO's online style).
        "mapStyle": "__MAP_STYLE__",
        "views": [{"@@type": "MapView", "controller": {"dragRotate": False, "touchRotate": False}, "repeat": False}],
    }
    return DeckMap(encoded.fill_in(compact_json(spec)), tuple(plan["labels"]))


def pick_layer(spec: dict, kind: str = TARGETS) -> dict | None:
    """A top-level pickable layer of a deck spec: the partner targets, or (kind="sea") the sea."""
    return next((layer for layer in spec["layers"]
                 if isinstance(layer, dict) and layer.get("id", "").split("~")[0] == kind), None)


def shown_partner_ids(spec: dict) -> set[str]:
    """Ids of the partners a deck spec draws (the pick targets with a radius)."""
    layer = pick_layer(spec)
    return {d["id"] for d in layer["data"] if d["r"] > 0 and not d.get("home")} if layer else set()


def map_click(selection, last: str | None = None) -> tuple[str, str | None, str | None]:
    """What a change of st.pydeck_chart's selection means: (action, partner id, key to remember).

    action is "open" (a partner), "clear" (the sea or the home city: close the detail) or "ignore".
    `selection` is the chart's state or its `.selection` ({"indices": ..., "objects": ...}); `last` the
    key this function returned last time (the page keeps it in session state).

    Streamlit 1.67 reports a click on a pickable object as its layer id and data, a click on nothing as
    an empty selection, and a second click on the selected object as an empty selection too (it
    toggles). The sea is a pickable (invisible) layer, so a click on the empty map arrives as the sea, and
    an empty selection is never acted on. The pickable layers' ids end with the selected partner, so once
    the page has acted on a click and drawn the map again, the browser drops that selection (it arrives
    here empty) and the next click on the same partner counts again. When a rerun changes a still
    selected object's data (a filter moves it), the browser quietly sends the selection again: the same
    key as `last`, ignored, so it never overrides a choice made since in the partner list."""
    objects = selection.get("objects", {}) if isinstance(selection, dict) else getattr(selection, "objects", None)
    for layer_id, picked in (objects or {}).items():
        kind = str(layer_id).split("~")[0]
        if kind not in (TARGETS, SEA_TARGET) or not picked or not isinstance(picked[0], dict):
            continue
        pid = picked[0].get("id") or None
        key = f"{layer_id}:{pid or ''}"
        if key == last:
            return "ignore", None, last
        if kind == SEA_TARGET or pid is None or picked[0].get("home"):
            return "clear", None, key
        return "open", pid, key
    return "ignore", None, last
