"""Build the pydeck maps from a View: offline country outlines, arcs from Bandung, partner points, labels.

Pure functions (no Streamlit). No basemap service is used (`map_provider=None`), so the map needs no
token and no internet; the bundled Natural Earth outlines are the base layer.
"""

from __future__ import annotations

import json
import math
from collections import Counter

import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from dashboard.filters import View
from dashboard.i18n import Translator

# Okabe–Ito colours: distinguishable for the common forms of colour blindness.
RELATIONSHIP_COLORS = {"sister_city": "#0072B2", "friendship_city": "#CC79A7", "cooperation_mou": "#009E73",
                       "letter_of_intent": "#E69F00", "exploration": "#999999"}
STATUS_COLORS = {"active": "#009E73", "unclear": "#E69F00", "ended": "#000000", "prospective": "#56B4E9",
                 "unverified": "#999999", "disputed": "#D55E00"}
COLOR_BY = ("relationship", "status", "sector")
HOME_COLOR = [200, 16, 46]
SEA = [221, 234, 243]
LAND = [241, 239, 233]
LAND_WITH_PARTNER = [203, 215, 226]
LAND_HOME = [246, 214, 214]
LAYER_IDS = ("sea", "countries", "shaded", "arcs", "partners", "home", "labels")
# The country outlines are served by Streamlit's static file serving (dashboard/static is a link to
# data/geo), so the browser fetches them once and caches them instead of receiving them on every rerun.
BASEMAP_URL = "app/static/countries-110m.geojson"


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation: pydeck indents by two spaces, which doubles what every
    rerun sends to the browser."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))
MAP_ZOOM = 0.9
MAP_CENTRE = (35.0, 12.0)  # longitude, latitude of the opening view: Fort Worth to Melbourne


# pydeck reads a bare string as a column name or expression; constants are written quoted ("'pixels'").


def rgb(hex_color: str, alpha: int = 255) -> list[int]:
    h = hex_color.lstrip("#")
    return [int(h[i: i + 2], 16) for i in (0, 2, 4)] + [alpha]


def main_sector(view: View, partner_id: str, order: dict[str, int]) -> str | None:
    """The field a partner cooperates in most often (activities, then agreements), for colouring."""
    counts = Counter(view.activities.loc[view.activities["partner_id"] == partner_id, "sector"])
    for sectors in view.agreements.loc[view.agreements["partner_id"] == partner_id, "sectors"]:
        counts.update(sectors)
    if view.filters.sectors:
        counts = Counter({s: n for s, n in counts.items() if s in view.filters.sectors})
    if not counts:
        return None
    return min(counts, key=lambda s: (-counts[s], order.get(s, 99)))


def legend(view: View, t: Translator, color_by: str, sector_colors: dict[str, str]) -> list[tuple[str, str]]:
    """(label, colour) pairs of what the map currently shows, in the order of the vocabulary."""
    if color_by == "sector":
        order = {s: i for i, s in enumerate(sector_colors)}
        used = {main_sector(view, pid, order) for pid in view.partners["id"]}
        return [(t.sector(s), c) for s, c in sector_colors.items() if s in used]
    palette = RELATIONSHIP_COLORS if color_by == "relationship" else STATUS_COLORS
    used = set(view.partners[color_by])
    return [(t.label(color_by, value), c) for value, c in palette.items() if value in used]


def partner_colors(view: View, color_by: str, sector_colors: dict[str, str]) -> dict[str, str]:
    order = {s: i for i, s in enumerate(sector_colors)}
    colors = {}
    for row in view.partners.itertuples():
        if color_by == "sector":
            sector = main_sector(view, row.id, order)
            colors[row.id] = sector_colors.get(sector, "#777777") if sector else "#777777"
        elif color_by == "status":
            colors[row.id] = STATUS_COLORS[row.status]
        else:
            colors[row.id] = RELATIONSHIP_COLORS[row.relationship]
    return colors


def tooltip_text(row, t: Translator) -> str:
    """City, country, relationship, since which year: plain text (deck.gl puts it in innerText)."""
    since = t("map.since", year=int(row.first_year)) if row.signed else t("map.no_document")
    return (f"{row.city_en}, {t.country(row.country_iso3)}\n{t.label('relationship', row.relationship)} · "
            f"{t.label('status', row.status)}\n{since}")


def pixel(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """Web Mercator pixel position at a zoom level (512-pixel world at zoom 0, as deck.gl draws it)."""
    size = 512 * 2 ** zoom
    lat = max(min(lat, 85), -85)
    y = (1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2
    return (lon + 180) / 360 * size, y * size


def legible_labels(points: list[dict], zoom: float = MAP_ZOOM, min_dx: float = 80, min_dy: float = 16) -> set[str]:
    """Ids of the points whose names can be written at the opening zoom without overlapping a name
    already placed; points come in priority order (Bandung first, then the oldest partnerships)."""
    placed: list[tuple[float, float]] = []
    chosen = set()
    for point in points:
        x, y = pixel(point["position"][0], point["position"][1], zoom)
        if all(abs(x - px) >= min_dx or abs(y - py) >= min_dy for px, py in placed):
            placed.append((x, y))
            chosen.add(point["id"])
    return chosen


def shaded_countries(basemap: dict, partner_countries: set[int], home_country: int | None) -> dict:
    """Only the countries to shade (the home country, and those with a shown partner), each with its fill;
    they are drawn over the plain outlines."""
    features = []
    for feature in basemap["features"]:
        code = feature["properties"].get("id")
        number = int(code) if code not in (None, "") else None
        if number != home_country and number not in partner_countries:
            continue
        fill = LAND_HOME if number == home_country else LAND_WITH_PARTNER
        features.append({"type": "Feature", "geometry": feature["geometry"],
                         "properties": {"name": feature["properties"].get("name", ""), "fill": fill}})
    return {"type": "FeatureCollection", "features": features}


def build_deck(view: View, home: dict, basemap: dict, t: Translator, sector_colors: dict[str, str],
               color_by: str = "relationship", home_country_numeric: int | None = None,
               selected: str | None = None, view_state: pdk.ViewState | None = None,
               basemap_inline: bool = False) -> pdk.Deck:
    """The atlas map: base layer, great-circle arcs from the home city, partner points and names.

    `basemap_inline` sends the outlines with the map instead of by URL, for a server started without
    static file serving (e.g. from another folder, so .streamlit/config.toml was not read)."""
    colors = partner_colors(view, color_by if color_by in COLOR_BY else "relationship", sector_colors)
    home_pos = [float(home["lon"]), float(home["lat"])]
    points, arcs = [], []
    for row in view.partners.itertuples():
        signed = bool(row.signed)
        color = rgb(colors[row.id])
        tip = tooltip_text(row, t)
        # Signed partnerships are solid; prospective, unverified and disputed ones are hollow and faint.
        points.append({"id": row.id, "city": row.city_en, "position": [float(row.lon), float(row.lat)],
                       "fill": color if signed else [255, 255, 255, 230], "line": color if signed else rgb(colors[row.id], 200),
                       "radius": 9 if row.id == selected else 6, "tooltip": tip, "signed": signed})
        arcs.append({"id": row.id, "from": home_pos, "to": [float(row.lon), float(row.lat)],
                     "color": rgb(colors[row.id], 220 if signed else 90),
                     "width": 3 if row.id == selected else (2 if signed else 1),
                     "tooltip": tip})
    home_point = {"id": home["id"], "city": home["city_en"], "position": home_pos,
                  "tooltip": f"{home['city_en']}, {t.country(home['country_iso3'])}\n{t('map.home')}"}
    ranked = sorted(points, key=lambda p: (not p["signed"], p["id"] != selected))
    names = legible_labels([home_point, *ranked])
    labels = [{"text": p["city"], "position": p["position"]} for p in [home_point, *ranked] if p["id"] in names]
    partner_countries = set(int(n) for n in view.partners["iso_numeric"].dropna())

    layers = [
        pdk.Layer("SolidPolygonLayer", id="sea", data=[{"polygon": [[-180, -85], [180, -85], [180, 85], [-180, 85]]}],
                  get_polygon="polygon", get_fill_color=SEA, pickable=False),
        pdk.Layer("GeoJsonLayer", id="countries", data=basemap if basemap_inline else BASEMAP_URL, filled=True, stroked=True,
                  get_fill_color=LAND, get_line_color=[255, 255, 255], line_width_min_pixels=0.6, pickable=False),
        pdk.Layer("GeoJsonLayer", id="shaded", data=shaded_countries(basemap, partner_countries, home_country_numeric),
                  filled=True, stroked=True, get_fill_color="properties.fill", get_line_color=[255, 255, 255],
                  line_width_min_pixels=0.6, pickable=False),
        pdk.Layer("ArcLayer", id="arcs", data=arcs, get_source_position="from", get_target_position="to",
                  get_source_color="color", get_target_color="color", get_width="width", width_units="'pixels'",
                  great_circle=True, pickable=True, auto_highlight=True),
        pdk.Layer("ScatterplotLayer", id="partners", data=points, get_position="position", get_fill_color="fill",
                  get_line_color="line", get_radius="radius", radius_units="'pixels'", stroked=True, filled=True,
                  line_width_min_pixels=2, pickable=True, auto_highlight=True),
        pdk.Layer("ScatterplotLayer", id="home", data=[home_point], get_position="position",
                  get_fill_color=HOME_COLOR, get_line_color=[255, 255, 255], get_radius=9, radius_units="'pixels'",
                  stroked=True, line_width_min_pixels=2, pickable=True),
        pdk.Layer("TextLayer", id="labels", data=labels, get_position="position", get_text="text", get_size=13,
                  size_units="'pixels'", get_color=[33, 37, 41], get_pixel_offset=[0, -14], character_set="'auto'",
                  font_family="'Source Sans Pro, Helvetica, Arial, sans-serif'", font_weight=600,
                  font_settings={"sdf": True}, outline_width=3, outline_color=[255, 255, 255, 230],
                  pickable=False),
    ]
    state = view_state or pdk.ViewState(longitude=MAP_CENTRE[0], latitude=MAP_CENTRE[1], zoom=MAP_ZOOM, min_zoom=0.4,
                                        max_zoom=9)
    # map_provider=None alone makes pydeck send its "no basemap" sentinel; adding map_style=None would
    # instead drop mapStyle, and Streamlit then fetches CARTO's online style.
    # repeat=True draws copies of the world side by side, so a wide screen shows no empty band and the
    # arcs that cross the Pacific continue on the next copy.
    return CompactDeck(layers=layers, initial_view_state=state, map_provider=None, tooltip={"text": "{tooltip}"},
                    views=[pdk.View("MapView", controller=True, repeat=True)])


def map_alt_text(view: View, t: Translator) -> str:
    """Words for screen readers: what the map shows."""
    if view.empty:
        return t("map.alt_empty")
    cities = ", ".join(view.partners["city_en"])
    return t("map.alt", count=len(view.partners), cities=cities)
