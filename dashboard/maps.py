"""Build the maps from a View: offline country outlines, great-circle routes from Bandung, partner points
and names; the interactive deck.gl map (pydeck JSON) and its static twin (Vega-Lite) from one geometry.

Pure functions (no Streamlit). No basemap service is used (no map style, no token, no internet).

What the map does, and why (see dashboard/geo.py for the geometry):
- One world copy cut in the Atlantic (30°W), so every route from Bandung, including those across the
  Pacific to the Americas, is drawn whole and no city appears twice. Routes are great-circle polylines
  computed here (PathLayer), so a test can check that none crosses the map's edge.
- The opening view is fitted to the shown partners for the map's size in pixels (`fit_view`).
- Points closer than a pick target are fanned out just enough to be hovered and clicked one by one; a
  thin leader line joins a moved point to a small dot at its true place. Names are placed around their
  points without overlapping each other or any point, Bandung first, then the oldest partnerships.
- Streamlit restyles every top-level layer of a selectable chart once something is selected: the
  selected object at full opacity, every other object at 40 % (that is what faded the whole map). It
  leaves nested lists of layers alone, so everything visible is drawn in nested lists, and the only
  top-level, pickable layers are invisible (opacity 0): the sea, so that a click on the empty map is
  reported as one, and the pick targets, one per partner of the data set in a fixed order, larger than
  the points. See `map_click` for the rest.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import textwrap
from collections import Counter
from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np
import pydeck as pdk

from dashboard import geo
from dashboard.filters import View
from dashboard.i18n import Translator
from dashboard.markdown import escape

# Okabe–Ito colours (distinguishable for the common forms of colour blindness), darkened where needed so
# that every point and route stands out at least 3:1 against the sea and every land colour (a test checks).
RELATIONSHIP_COLORS = {"sister_city": "#0072B2", "friendship_city": "#9F5E82", "cooperation_mou": "#00835F",
                       "letter_of_intent": "#9A6B00", "exploration": "#737373"}
STATUS_COLORS = {"active": "#00835F", "unclear": "#9A6B00", "ended": "#000000", "prospective": "#3A7A9E",
                 "unverified": "#737373", "disputed": "#BE5400"}
COLOR_BY = ("relationship", "status", "sector")
FOCUS = ("world", "east_asia", "korea")
HOME_COLOR = "#C8102E"
SEA = "#DDEAF3"
LAND = "#F1EFE9"
LAND_WITH_PARTNER = "#CBD7E2"
LAND_HOME = "#F6D6D6"
BACKGROUNDS = (SEA, LAND, LAND_WITH_PARTNER, LAND_HOME)
MIN_CONTRAST = 3.0
INK = "#1F2933"  # names, leader lines, the ring round the selected partner
NO_SECTOR = "#737373"
# The country outlines are served by Streamlit's static file serving (dashboard/static is a link to
# data/geo), so the browser fetches them once and caches them instead of receiving them on every rerun.
# The served file is the bundled outlines already cut at the map's edge (scripts/build_basemap.py).
BASEMAP_URL = "app/static/countries-110m-pacific.geojson"
TARGETS, SEA_TARGET = "partners", "sea"  # ids (before "~") of the two pickable layers
# Tooltips: an HTML template, because with a text template the sea would show the last tooltip again (an
# empty text is skipped); Streamlit escapes the values it puts in. The style rule hides an empty one.
TOOLTIP = {"html": "<style>.deck-tooltip:has(.map-tip:empty){display:none !important}</style>"
                   "<div class='map-tip' style='white-space:pre-line'>{tooltip}</div>"}

MARKER_RADIUS = 6  # px, a partner's point
HOME_RADIUS = 8
RING_RADIUS = MARKER_RADIUS + 6  # px, the ring round the chosen partner's point
TRUE_PLACE_RADIUS = 2  # px, the small dot at a moved point's true place
PICK_RADIUS = 10  # px, the invisible target the pointer hovers and clicks; points are fanned out to 2x this
LABEL_SIZE = 13
SMALL_LABEL_SIZE = 12  # on a map narrower than SMALL_MAP (a phone), where names crowd each other
SMALL_MAP = 520
DEFAULT_WIDTH = 1100  # px, until the page knows the map's real width
DEFAULT_HEIGHT = 520
MIN_HEIGHT = 280  # px, below this the world is too small to read
MAX_LAYOUT_POINTS = 100  # beyond this many points on screen, no fan-out (a big data set: zoom in instead)
# Partners whose names are written whenever they are on the map, as the chosen partner's: the partner of the
# Seoul case (dashboard.seoul.PARTNER, which a test checks), the dashboard's subject.
FEATURED = ("seoul",)
# A regional view (East Asia, Korea) of up to COMPLETE_NAMING partners names every one: its points are fanned
# out FOCUS_SPREAD px apart (more room beside each), geo.place_labels searches for an arrangement that names
# them all, and names are also tried farther out (NAME_REACH, px past a point's rim; beyond 10 with a leader).
COMPLETE_NAMING = 16
FOCUS_SPREAD = 34
NAME_REACH = {False: (0, 10), True: (0, 10, 20, 30)}  # by whether the view is such a view
MAX_LABELS = 60  # names tried, in order of priority; more would not fit on any screen anyway
ROUTE_STEP = 2.5  # degrees of arc between two points of a route; twice that beyond MAX_LAYOUT_POINTS routes
ZOOM_LIMITS = {"world": 5.0, "east_asia": 6.0, "korea": 6.0}
# Where each focus looks when the view shows none of its partners (frame longitudes, as geo.frame_lon).
FOCUS_COUNTRIES = {"east_asia": ("KOR", "JPN", "CHN"), "korea": ("KOR",)}
# The region a focus always shows, round its partners: all of South Korea; and Korea, central Japan and eastern
# China from Liaoning (Yingkou) to Guangxi (Liuzhou).
FOCUS_BOXES = {"east_asia": ((108.5, 23.0), (141.0, 41.5)), "korea": ((125.8, 34.3), (129.6, 38.4))}


def label_size(width: float) -> int:
    """The names' size in pixels on a map this wide."""
    return SMALL_LABEL_SIZE if width < SMALL_MAP else LABEL_SIZE


def rgb(hex_color: str, alpha: int = 255) -> list[int]:
    h = hex_color.lstrip("#")
    return [int(h[i: i + 2], 16) for i in (0, 2, 4)] + [alpha]


def map_color(hex_color: str) -> str:
    """The colour darkened (same hue) just enough to stand out 3:1 against the sea and every land colour:
    the sector palette comes from the data and may hold light colours."""
    base = [int(hex_color.lstrip("#")[i: i + 2], 16) for i in (0, 2, 4)]
    k = 1.0
    while k > 0:
        color = [round(c * k) for c in base]
        if min(geo.contrast(color, b) for b in BACKGROUNDS) >= MIN_CONTRAST + 0.15:
            return "#{:02X}{:02X}{:02X}".format(*color)
        k -= 0.02
    return "#000000"


def main_sector(view: View, partner_id: str, order: dict[str, int]) -> str | None:
    """The field a partner cooperates in most often (activities, then agreements), for colouring."""
    counts = view.sector_counts_by_partner.get(partner_id, Counter())
    if view.filters.sectors:
        counts = Counter({s: n for s, n in counts.items() if s in view.filters.sectors})
    if not counts:
        return None
    return min(counts, key=lambda s: (-counts[s], order.get(s, 99)))


def legend(view: View, t: Translator, color_by: str, sector_colors: dict[str, str]) -> list[tuple[str, str]]:
    """(label, colour) pairs of what the map currently shows, in the order of the vocabulary, in the
    colours the map draws them."""
    if color_by == "sector":
        order = {s: i for i, s in enumerate(sector_colors)}
        used = {main_sector(view, pid, order) for pid in view.partners["id"]}
        return [(t.sector(s), map_color(c)) for s, c in sector_colors.items() if s in used]
    palette = RELATIONSHIP_COLORS if color_by == "relationship" else STATUS_COLORS
    used = set(view.partners[color_by])
    return [(t.label(color_by, value), c) for value, c in palette.items() if value in used]


def legend_html(view: View, t: Translator, color_by: str, sector_colors: dict[str, str]) -> str:
    """The legend under the map as HTML (for st.html): a filled dot per colour, then the open point with
    its dashed route when unsigned partners are shown, and the home city. Same colours as the map."""
    dot = ("<span style='display:inline-block;width:12px;height:12px;border-radius:50%;{}margin-right:6px;"
           "vertical-align:middle'></span>")
    items = [dot.format(f"background:{c};") + escape(label) for label, c in legend(view, t, color_by, sector_colors)]
    items.append(dot.format(f"background:{HOME_COLOR};") + escape(t("map.home")))
    if not view.partners.empty and not view.partners["signed"].all():
        items.append(dot.format(f"background:#fff;border:2.5px solid {INK};box-sizing:border-box;")
                     + f"<span style='display:inline-block;width:22px;border-top:2px dashed {INK};margin-right:6px;"
                       f"vertical-align:middle'></span>" + escape(t("map.open_marker")))
    return ("<div style='display:flex;flex-wrap:wrap;gap:6px 12px;font-size:0.9rem;line-height:1.4'>"
            + "".join(f"<span>{item}</span>" for item in items) + "</div>")


class MapPartner(NamedTuple):
    """What the maps use of a shown partner (the columns of view.partners of the same names)."""
    id: str
    city_en: str
    country_iso3: str
    lon: float
    lat: float
    relationship: str
    status: str
    signed: bool
    first_year: int | None  # pd.NA when unsigned


def _rows(view: View) -> list[MapPartner]:
    # Plain records, read column by column: pandas' itertuples and to_dict("records") box every value of
    # every column (about 20 ms for 2,800 partners).
    columns = [view.partners[name].tolist() for name in MapPartner._fields]
    return list(itertools.starmap(MapPartner, zip(*columns)))


def partner_colors(view: View, color_by: str, sector_colors: dict[str, str], rows: list | None = None) -> dict[str, str]:
    order = {s: i for i, s in enumerate(sector_colors)}
    colors = {}
    for row in rows if rows is not None else _rows(view):
        if color_by == "sector":
            sector = main_sector(view, row.id, order)
            colors[row.id] = map_color(sector_colors.get(sector, NO_SECTOR)) if sector else NO_SECTOR
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


class _RememberedWords:
    """A Translator's answers remembered for one map: thousands of partners share a handful of
    relationships, statuses, countries and years, and each lookup costs more than the tooltip itself."""

    def __init__(self, t: Translator):
        self._call = functools.cache(t)
        self.country = functools.cache(t.country)
        self.label = functools.cache(t.label)

    def __call__(self, key: str, **values: object) -> str:
        return self._call(key, **values)


def tooltip_texts(rows: Sequence, t: Translator) -> list[str]:
    """`tooltip_text` of each row."""
    words = _RememberedWords(t)
    return [tooltip_text(row, words) for row in rows]


def shaded_country_ids(view: View, home_country_numeric: int | None) -> tuple[list[str], str | None]:
    """The base map's ids (ISO numeric, three digits) of the countries with a shown partner, and the
    home country's."""
    partner = sorted({f"{int(n):03d}" for n in view.partners["iso_numeric"].dropna()})
    home = f"{int(home_country_numeric):03d}" if home_country_numeric is not None else None
    return [c for c in partner if c != home], home


def _fill_expression(partner_ids: list[str], home_id: str | None) -> str:
    # Evaluated by deck.gl per country, so the served outlines need not be sent again to shade them.
    expr = str(rgb(LAND)[:3]).replace(" ", "")
    if partner_ids:
        test = " || ".join(f"properties.id == '{c}'" for c in partner_ids)
        expr = f"({test}) ? {str(rgb(LAND_WITH_PARTNER)[:3]).replace(' ', '')} : {expr}"
    if home_id:
        expr = f"properties.id == '{home_id}' ? {str(rgb(LAND_HOME)[:3]).replace(' ', '')} : {expr}"
    return "@@=" + expr


# --- Layout: which points, where, with which names ---------------------------------------------------------

class _Place(NamedTuple):
    """Where a partner lies on the map, whatever else is shown: worked out once per position (the same
    partners come back on every filter change)."""
    lon: float  # frame longitude
    lat: float
    drawn: tuple[float, float]  # (lon, lat) rounded as the map's JSON gives them
    drawn_json: str  # the same in JSON
    # geo.pixel(lon, lat, 0), its pixel at zoom 0. At zoom z, geo.pixel gives exactly x0 * 2 ** z (and
    # y0 * 2 ** z): it rounds u * (512 * 2 ** z) once, and x0 = u * 512 is exact (512 is a power of two).
    x0: float
    y0: float
    route_extent: tuple[float, float, float, float]  # geo.pixel_extent of the route from home (focus_points')


@functools.lru_cache(maxsize=16384)
def _place(home: tuple[float, float], lon: float, lat: float) -> _Place:
    frame = geo.frame_lon(lon)
    drawn = (_r(frame), _r(lat))
    route = geo.route_points(home, (lon, lat))
    return _Place(frame, lat, drawn, _dumps(list(drawn)), *geo.pixel(frame, lat, 0),
                  geo.pixel_extent([p[0] for p in route], [p[1] for p in route]))


def _places(rows: Sequence, home: dict) -> list[_Place]:
    home_real = (float(home["lon"]), float(home["lat"]))
    return [_place(home_real, float(row.lon), float(row.lat)) for row in rows]


def focus_points(view: View, home: dict, focus: str) -> list[list[float]]:
    """Frame (lon, lat) points the opening view must show."""
    partners = view.partners
    if focus in FOCUS_COUNTRIES:
        partners = partners[partners["country_iso3"].isin(FOCUS_COUNTRIES[focus])]
        points = [[geo.frame_lon(lon), float(lat)] for lon, lat in zip(partners["lon"], partners["lat"])]
        (w, s), (e, n) = FOCUS_BOXES[focus]
        return points + [[geo.frame_lon(w), s], [geo.frame_lon(e), n]]
    home_real = (float(home["lon"]), float(home["lat"]))
    points = [[geo.frame_lon(home_real[0]), home_real[1]]]
    for lon, lat in zip(partners["lon"], partners["lat"]):
        points += geo.route_points(home_real, (float(lon), float(lat)))  # the whole route, not just its end
    if len(points) < 2:  # nothing shown: the whole world, Antarctica aside
        points += [[-180.0, -50.0], [180.0, 72.0]]
    return points


def map_height(width_px: float | None, space_px: float | None = None, floor: int = MIN_HEIGHT) -> int:
    """A good height in pixels for the world map at this width: 520, or square on a narrow screen (the
    MapView never shows past the poles, so a tall narrow map could only show a small part of the world).

    `space_px`, when known, is the height the page leaves the map on the first screen (the window's
    height less what the page draws above and below the map): the map is no taller, so that it and its
    legend are seen together, but never lower than `floor` (MIN_HEIGHT, less on a short screen)."""
    height = DEFAULT_HEIGHT if not width_px or width_px >= 640 else int(max(MIN_HEIGHT, min(DEFAULT_HEIGHT, 0.85 * width_px)))
    if space_px:
        height = int(max(floor, min(height, space_px)))
    return height


def opening_view(view: View, home: dict, focus: str = "world", width_px: float | None = None,
                 height_px: float | None = None, places: list[_Place] | None = None) -> tuple[float, float, float]:
    """(frame lon, lat, zoom) of the map's opening view for its size in pixels.

    The world view shows every shown partner and, where the canvas allows, their whole routes; on a
    wide canvas it rather fills the width with the world than leave blank bands beside it, as long
    as every point stays in view (a route's far bend may then leave the canvas). `places`: the view's
    partners' _places, when the caller has them already."""
    width = float(width_px or DEFAULT_WIDTH)
    height = float(height_px or DEFAULT_HEIGHT)
    limit = ZOOM_LIMITS.get(focus, 5.0)
    if places is None:
        places = _places(_rows(view), home)
    if focus in FOCUS_COUNTRIES or not places:
        state = geo.fit_view(focus_points(view, home, focus), width, height, max_zoom=limit)
    else:
        # What fit_view(focus_points(...)) gives, from each route's extent instead of its every point (the
        # routes are worked out once; each starts at home, so home is in their extent).
        extents = np.array([p.route_extent for p in places])
        extent = (extents[:, 0].min(), extents[:, 1].max(), extents[:, 2].min(), extents[:, 3].max())
        state = geo.fit_extent(tuple(map(float, extent)), width, height, max_zoom=limit)
    fill = math.log2(width / geo.TILE)
    if focus == "world" and state[2] < fill and not view.empty:
        home_lon, home_lat = geo.frame_lon(home["lon"]), float(home["lat"])
        ends = geo.pixel_extent([home_lon, *(p.lon for p in places)], [home_lat, *(p.lat for p in places)])
        lon, lat, zoom = geo.fit_extent(ends, width, height, max_zoom=limit)
        if zoom > state[2]:
            zoom = min(zoom, fill)
            # Keep the routes' middle in view as far as the points allow.
            lat = geo.unpixel(0, geo.pixel(0, state[1], zoom)[1], zoom)[1]
            # The highest and lowest of home and the partners at this zoom (scaling keeps their order, and
            # their pixels, see _Place).
            y0s = [geo.pixel(home_lon, home_lat, 0)[1], *(p.y0 for p in places)]
            top, bottom = min(y0s) * 2 ** zoom, max(y0s) * 2 ** zoom
            cy = min(max(geo.pixel(0, lat, zoom)[1], bottom - height / 2 + 24), top + height / 2 - 24)
            state = geo.constrain_view(lon, geo.unpixel(0, cy, zoom)[1], zoom, width, height)
    return state


def _name_item(p: dict, chosen: bool) -> dict:
    """A partner's name as geo.place_labels takes it: it prefers the side its point was fanned out to."""
    away = (p["xy"][0] - p["true_xy"][0], p["xy"][1] - p["true_xy"][1])
    norm = math.hypot(*away)
    return {"id": p["id"], "text": p["city"], "x": p["xy"][0], "y": p["xy"][1],
            "r": MARKER_RADIUS + (9 if chosen else 2), "away": (away[0] / norm, away[1] / norm) if norm > 1 else (0.0, 0.0),
            "insist": chosen}


def _obstacles_and_dots(home_item: dict, partners: list[dict], xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, dict]:
    """geo.place_labels' obstacles, (x, y, radius) of home, of every partner's drawn point and of the true
    places of moved points (no name covers any of them), and its keyword `dots`: every dot a reader could
    take a name for, with the city it stands for."""
    moved = [p for p in partners if p["moved"]]
    obstacles = np.column_stack([np.concatenate([[home_item["x"]], xs, [p["true_xy"][0] for p in moved]]),
                                 np.concatenate([[home_item["y"]], ys, [p["true_xy"][1] for p in moved]]),
                                 np.concatenate([[HOME_RADIUS + 2], np.full(len(partners), MARKER_RADIUS + 2),
                                                 np.full(len(moved), TRUE_PLACE_RADIUS + 1)])])
    dots = [(home_item["x"], home_item["y"], home_item["id"], HOME_RADIUS)]
    # (The chosen partner's dot is as large as the ring round it.)
    dots += [(x, y, p["id"], RING_RADIUS if p["chosen"] else MARKER_RADIUS)
             for p, x, y in zip(partners, xs.tolist(), ys.tolist())]
    dots += [(*p["true_xy"], p["id"], TRUE_PLACE_RADIUS) for p in moved]
    return obstacles, {"dots": dots}


CALL_OUT = (24, 34, 46, 60, 76, 95, 118, 145)  # px from its true place that a chosen partner's point may be drawn at
CALL_OUT_TRIES = 4  # places where its name fits, of which the one leaving the map the most names is taken
CALL_OUT_WEIGHED = 40  # (on a map of at most this many points)


def _call_out(partners: list[dict], chosen: int, before: list[int], home_item: dict, xs: np.ndarray, ys: np.ndarray,
              width: float, height: float, size: float, kept: dict[str, dict] | None = None,
              score: Callable[[], int] | None = None) -> bool:
    """Make room for the name of a partner whose name must be written (the chosen one, the Seoul case's),
    after those of `before` (theirs are written first). In a dense cluster its fanned-out point may lie among
    others, where any spot for its name lies nearer another city's dot; then its point is drawn farther
    out (with the leader to its true place), as near as it can, on the emptiest side (then the side it was
    fanned out to), clear of every other point and where its name fits. With `kept` (names already placed, as
    geo.place_labels gives them), those stay where they are and the moved point must leave each of them
    clearly its own. `score`: how many names the whole map writes (with the point where it is now); of the
    first few places where the name fits, the one leaving the most names is taken. Changes `partners` and
    `xs`, `ys`; returns whether the name then fits."""
    p = partners[chosen]
    earlier = [_name_item(partners[i], True) for i in before]
    owners = {home_item["id"]: (home_item["x"], home_item["y"])} | {q["id"]: q["xy"] for q in partners}
    radius = RING_RADIUS if p["chosen"] else MARKER_RADIUS

    def keeps_others(x: float, y: float) -> bool:
        # The moved point covers no name already written, and leaves each of them clearly its own.
        for pid, spot in (kept or {}).items():
            box = spot["box"]
            near = geo.box_distance(x, y, box)
            if near < radius + 2 or near < geo.box_distance(*owners[pid], box) + radius + 0.5:
                return False
        return True

    # Every other point's obstacle and dot, worked out once; each place tried adds the moved point's own.
    obstacles, dots = _obstacles_and_dots(home_item, [q for i, q in enumerate(partners) if i != chosen],
                                          np.delete(xs, chosen), np.delete(ys, chosen))
    dots = dots["dots"]

    def named(x: float, y: float) -> bool:
        if kept is not None and not keeps_others(x, y):
            return False
        old = p["xy"], p["moved"], xs[chosen], ys[chosen]
        p["xy"], p["moved"], xs[chosen], ys[chosen] = (x, y), math.hypot(x - p["true_xy"][0], y - p["true_xy"][1]) > 0.5, x, y
        own_obstacles, own_dots = _obstacles_and_dots(home_item, [p], xs[chosen:chosen + 1], ys[chosen:chosen + 1])
        these = np.vstack([obstacles, own_obstacles[1:]])  # (home is in both)
        these_dots = {"dots": [*dots, *own_dots["dots"][1:]]}
        if kept is None:
            wanted = [*earlier, _name_item(p, True)]
            found = geo.place_labels([home_item, *wanted], these, width, height, size=size, **these_dots).keys() \
                >= {item["id"] for item in wanted}
        else:
            found = p["id"] in geo.place_labels([_name_item(p, True)], these, width, height, size=size,
                                                reach=NAME_REACH[True], taken=[s["box"] for s in kept.values()],
                                                **these_dots)
        if not found:
            p["xy"], p["moved"], xs[chosen], ys[chosen] = old
        return found

    if named(*p["xy"]):
        return True
    start = p["xy"], p["moved"], xs[chosen], ys[chosen]
    fits: list[tuple] = []  # (-names on the map, order, x, y) of the places where the name fits
    x0, y0 = p["true_xy"]
    away = (p["xy"][0] - x0, p["xy"][1] - y0)
    heading = math.atan2(away[1], away[0]) if math.hypot(*away) > 0.5 else -math.pi / 2
    others = np.array([(home_item["x"], home_item["y"])] + [q["xy"] for i, q in enumerate(partners) if i != chosen]
                      + [q["true_xy"] for i, q in enumerate(partners) if i != chosen and q["moved"]], dtype=float)
    for distance in CALL_OUT:
        # The 16 directions round its true place, the emptiest first (the open side of the cluster, where its
        # name takes no other's room), then nearest the side it was fanned out to.
        spots = []
        for k in range(16):
            angle = heading + k * math.pi / 8
            x, y = x0 + distance * math.cos(angle), y0 + distance * math.sin(angle)
            if not (PICK_RADIUS <= x <= width - PICK_RADIUS and PICK_RADIUS <= y <= height - PICK_RADIUS):
                continue
            if len(others) and np.hypot(others[:, 0] - x, others[:, 1] - y).min() < 2 * PICK_RADIUS:
                continue
            # Names run sideways: a point beside this place at the same height needs the room it would take.
            room = float(np.hypot((others[:, 0] - x) / 3, others[:, 1] - y).min()) if len(others) else math.inf
            spots.append((-min(room, 2 * distance) // 8, min(k, 16 - k), x, y))
        for *_, x, y in sorted(spots):
            if len(fits) == CALL_OUT_TRIES:
                break
            if named(x, y):
                if score is None:
                    return True
                fits.append((-score(), len(fits), x, y))
                p["xy"], p["moved"], xs[chosen], ys[chosen] = start
    if fits:
        *_, x, y = min(fits)
        p["xy"], p["moved"], xs[chosen], ys[chosen] = (x, y), True, x, y
        return True
    return False


def layout(view: View, home: dict, view_state: tuple[float, float, float], width: float, height: float,
           selected: str | None = None, rows: list | None = None, places: list[_Place] | None = None,
           complete: bool = False, featured: Sequence[str] = FEATURED) -> dict:
    """Screen layout of the points at the opening view: each partner's displayed (fanned-out) frame
    position, and the names that fit.

    Returns {"home": {...}, "partners": [{"id", "city", "true": [lon, lat], "shown": [lon, lat], "xy": (x, y),
    "true_xy": (x, y), "moved", "signed"}...], "labels": {id: placement}} (placement as geo.place_labels
    gives it). `rows` and `places`: the view's partners' _rows and _places, when the caller has them.
    `complete`: search for an arrangement that names every point (a regional view's dozen names; see
    geo.place_labels). The names of the selected partner and of the `featured` ones are always written
    when their points are on the map (see _call_out)."""
    rows = rows if rows is not None else _rows(view)
    places = places if places is not None else _places(rows, home)
    zoom = view_state[2]
    home_pos = [geo.frame_lon(home["lon"]), float(home["lat"])]
    home_xy = geo.on_screen(*home_pos, view_state, width, height)
    # geo.on_screen of every partner at once, with the same arithmetic (see _Place).
    cx, cy = geo.pixel(view_state[0], view_state[1], zoom)
    scale = 2 ** zoom
    xs = width / 2 + np.array([p.x0 for p in places], dtype=float) * scale - cx
    ys = height / 2 + np.array([p.y0 for p in places], dtype=float) * scale - cy
    partners = []
    for row, place, xy in zip(rows, places, zip(xs.tolist(), ys.tolist())):
        true = [place.lon, place.lat]
        partners.append({"id": row.id, "city": row.city_en, "true": true, "signed": bool(row.signed),
                         "true_xy": xy, "xy": xy, "moved": False, "shown": true, "chosen": row.id == selected})
    margin = 60
    visible = np.flatnonzero((xs >= -margin) & (xs <= width + margin) & (ys >= -margin) & (ys <= height + margin))
    complete = complete and len(visible) <= COMPLETE_NAMING
    if 0 < len(visible) <= MAX_LAYOUT_POINTS:
        spread = geo.fan_out([home_xy, *[partners[i]["true_xy"] for i in visible]],
                             FOCUS_SPREAD if complete else 2 * PICK_RADIUS, fixed=[True] + [False] * len(visible))
        for i, (x, y) in zip(visible.tolist(), spread[1:]):
            p = partners[i]
            p["xy"] = (x, y)
            xs[i], ys[i] = x, y  # from here on, xs and ys are every partner's "xy"
            p["moved"] = math.hypot(x - p["true_xy"][0], y - p["true_xy"][1]) > 0.5
            if p["moved"]:
                p["shown"] = list(geo.unpixel(cx + x - width / 2, cy + y - height / 2, zoom))
    # Names: Bandung, then the selected partner, the featured ones, then signed partnerships oldest first,
    # then the rest (view.partners is already in that order).
    first = [selected, *(pid for pid in featured if pid != selected)] if selected else list(featured)
    rank = {pid: k for k, pid in enumerate(first)}
    order = sorted((i for i, p in enumerate(partners) if p["id"] in rank), key=lambda i: rank[partners[i]["id"]])
    order += [i for i, p in enumerate(partners) if p["signed"] and p["id"] not in rank]
    order += [i for i, p in enumerate(partners) if not p["signed"] and p["id"] not in rank]
    on_screen = [i for i in order if 0 <= partners[i]["xy"][0] <= width and 0 <= partners[i]["xy"][1] <= height]
    # The home city is always named: on a crowded map, farther out with a leader if need be.
    home_item = {"id": home["id"], "text": home["city_en"], "x": home_xy[0], "y": home_xy[1], "r": HOME_RADIUS + 1,
                 "insist": True}

    def place(search: bool = complete) -> dict[str, dict]:
        items = [home_item] + [_name_item(partners[i], partners[i]["id"] in rank)
                               for i in itertools.islice(on_screen, MAX_LABELS)]
        obstacles, dots = _obstacles_and_dots(home_item, partners, xs, ys)
        return geo.place_labels(items, obstacles, width, height, size=label_size(width), complete=search,
                                reach=NAME_REACH[complete], **dots)

    insisted = [i for i in on_screen if partners[i]["id"] in rank]
    for k, i in enumerate(insisted):
        # (Weighing where to put it costs a placement of every name per place tried: on a crowded map, a large data
        # set's, the first place that fits is taken.)
        _call_out(partners, i, insisted[:k], home_item, xs, ys, width, height, label_size(width),
                  score=(lambda: len(place(search=False))) if len(on_screen) <= CALL_OUT_WEIGHED else None)
        if partners[i]["moved"]:
            x, y = partners[i]["xy"]
            partners[i]["shown"] = list(geo.unpixel(cx + x - width / 2, cy + y - height / 2, zoom))
    labels = place()
    if complete:
        # A regional view names every partner: one left out is drawn farther out, as a chosen one would be,
        # where its name fits beside the names already written.
        for i in on_screen[:MAX_LABELS]:
            if partners[i]["id"] in labels:
                continue
            if _call_out(partners, i, [], home_item, xs, ys, width, height, label_size(width), kept=labels):
                x, y = partners[i]["xy"]
                partners[i]["shown"] = list(geo.unpixel(cx + x - width / 2, cy + y - height / 2, zoom))
                obstacles, dots = _obstacles_and_dots(home_item, partners, xs, ys)
                labels |= geo.place_labels([_name_item(partners[i], True)], obstacles, width, height,
                                           size=label_size(width), reach=NAME_REACH[True],
                                           taken=[s["box"] for s in labels.values()], **dots)
    return {"home": {"id": home["id"], "city": home["city_en"], "true": home_pos, "xy": home_xy},
            "partners": partners, "labels": labels}


# --- The interactive map -----------------------------------------------------------------------------

class MapDeck(pdk.Deck):
    """A pydeck Deck whose JSON is made here (compact, with nested layer lists that pydeck's own layer
    objects cannot express); st.pydeck_chart only calls to_json() and reads the tooltip."""

    def __init__(self, spec_json: str, tooltip: dict | None = None):
        self._json = spec_json
        self._tooltip = tooltip or TOOLTIP
        self.layers = []
        self.mapbox_key = None
        self.deck_widget = None
        self.width = None

    def to_json(self) -> str:
        return self._json

    def __repr__(self) -> str:
        return f"MapDeck({len(self._json)} characters)"


def _r(value: float, digits: int = 3) -> float:
    return round(float(value), digits) + 0.0


def _dumps(value) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


@functools.lru_cache(maxsize=16384)
def _route_json(home: tuple[float, float], lon: float, lat: float, step: float) -> str:
    # The route as the flat [lon, lat, lon, lat, ...] list the PathLayer reads, rounded, in JSON: the same
    # routes come back on every rerun, and encoding their numbers was most of the cost of a big map.
    return _dumps([v for point in geo.route(home, (lon, lat), step=step) for v in (_r(point[0], 2), _r(point[1], 2))])


@functools.lru_cache(maxsize=256, typed=True)
def _small_json(value: str | float) -> str:
    # A colour (given as "#RRGGBB") or a number in JSON: the same few on every map.
    return _dumps(rgb(value) if isinstance(value, str) else value)


class _RowsJSON:
    """Layer rows written straight in JSON. A big map has thousands of routes, points and pick targets,
    and most of their pieces (routes, positions, colours) are the same from one map to the next, so
    they are encoded once and kept. Each list of rows stands in the spec as a placeholder string until
    `fill_in` puts the rows into the encoded spec."""

    def __init__(self):
        self._rows: dict[str, str] = {}

    def add(self, name: str, rows: list[str]) -> str:
        placeholder = f"\x00{name}\x00"  # the data holds no NUL character (the validator refuses them)
        self._rows[_dumps(placeholder)] = "[" + ",".join(rows) + "]"
        return placeholder

    def fill_in(self, text: str) -> str:
        for placeholder, rows in self._rows.items():
            text = text.replace(placeholder, rows, 1)
        return text


def deck_spec(view: View, home: dict, basemap: dict, t: Translator, sector_colors: dict[str, str],
              color_by: str = "relationship", home_country_numeric: int | None = None, selected: str | None = None,
              focus: str = "world", width_px: float | None = None, height_px: float | None = None,
              basemap_inline: bool = False, every_partner: Sequence[str] | None = None,
              frame_view: View | None = None) -> dict:
    """The deck.gl JSON of the map as a dict (see deck_json)."""
    return json.loads(deck_json(view, home, basemap, t, sector_colors, color_by, home_country_numeric, selected, focus,
                                width_px, height_px, basemap_inline, every_partner, frame_view))


def deck_json(view: View, home: dict, basemap: dict, t: Translator, sector_colors: dict[str, str],
              color_by: str = "relationship", home_country_numeric: int | None = None, selected: str | None = None,
              focus: str = "world", width_px: float | None = None, height_px: float | None = None,
              basemap_inline: bool = False, every_partner: Sequence[str] | None = None,
              frame_view: View | None = None) -> str:
    """The map's deck.gl JSON as the compact string st.pydeck_chart sends (same arguments as build_deck);
    a page may cache it per view and pass `MapDeck(json_string)` to st.pydeck_chart."""
    return deck_map(view, home, basemap, t, sector_colors, color_by, home_country_numeric, selected, focus, width_px,
                    height_px, basemap_inline, every_partner, frame_view).json


class DeckMap(NamedTuple):
    json: str  # the deck.gl JSON (see deck_json)
    named: tuple[str, ...]  # the ids of the cities whose names it writes at its opening view


def deck_map(view: View, home: dict, basemap: dict, t: Translator, sector_colors: dict[str, str],
             color_by: str = "relationship", home_country_numeric: int | None = None, selected: str | None = None,
             focus: str = "world", width_px: float | None = None, height_px: float | None = None,
             basemap_inline: bool = False, every_partner: Sequence[str] | None = None,
             frame_view: View | None = None) -> DeckMap:
    """The map's deck.gl JSON and the cities it names (which the East Asia inset completes).

    `frame_view`: the view whose partners the opening view is fitted to, when not `view`'s own: the
    history player passes the view without its year limit, so that the network grows inside a still
    frame."""
    width, height = float(width_px or DEFAULT_WIDTH), float(height_px or DEFAULT_HEIGHT)
    records = _rows(view)
    places = _places(records, home)
    state = opening_view(view, home, focus, width, height, places=places) if frame_view is None \
        else opening_view(frame_view, home, focus, width, height)
    plan = layout(view, home, state, width, height, selected=selected, rows=records, places=places,
                  complete=focus in FOCUS_COUNTRIES)
    colors = partner_colors(view, color_by if color_by in COLOR_BY else "relationship", sector_colors, records)
    tooltips = tooltip_texts(records, t)
    home_real = (float(home["lon"]), float(home["lat"]))
    encoded = _RowsJSON()
    quoted = json.encoder.encode_basestring  # a string in JSON, as json.dumps(ensure_ascii=False) writes it

    solid, dashed, leaders, spots, markers, targets, ring = [], [], [], [], [], {}, []
    step = ROUTE_STEP if len(records) <= MAX_LAYOUT_POINTS else 2 * ROUTE_STEP
    for row, place, p, tooltip in zip(records, places, plan["partners"], tooltips):
        color = _small_json(colors[p["id"]])
        chosen = p["id"] == selected
        # Rows as {"path": [lon, lat, ...], "color": [r, g, b, a], "width": px}, made into JSON below.
        (solid if p["signed"] else dashed).append(
            (_route_json(home_real, float(row.lon), float(row.lat), step), color, 4 if chosen else (2 if p["signed"] else 1.5)))
        if p["moved"]:
            shown = [_r(v) for v in p["shown"]]
            leaders.append({"path": [*place.drawn, *shown]})
            spots.append({"id": p["id"], "position": list(place.drawn)})
            position = _dumps(shown)
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
    home_target = {"id": home["id"], "home": True, "position": [_r(v) for v in plan["home"]["true"]], "r": PICK_RADIUS,
                   "tooltip": f"{home['city_en']}, {t.country(home['country_iso3'])}\n{t('map.home')}"}
    # One target per partner of the data set, always in the same order (hidden ones with radius 0), so
    # a selection's index never points at another partner after a filter change (see map_click).
    ids = list(every_partner) if every_partner is not None else list(view.partner_sectors or targets)
    known = set(ids)
    ids += [pid for pid in targets if pid not in known]
    target_rows = [_dumps(home_target)] + [targets.get(pid) or f'{{"id":{quoted(pid)},"position":[0,0],"r":0,"tooltip":""}}'
                                           for pid in ids]
    labels = []
    labelled = {p["id"]: p for p in plan["partners"] if p["id"] in plan["labels"]}
    cx, cy = geo.pixel(state[0], state[1], state[2])
    for item_id, spot in plan["labels"].items():
        if item_id == home["id"]:
            pos, name = plan["home"]["true"], home["city_en"]
        else:
            pos, name = labelled[item_id]["shown"], labelled[item_id]["city"]
        position, offset = [_r(v) for v in pos], spot["offset"]
        if spot.get("leader"):
            # A name written farther out: placed on the map itself (its pixel offset made a position, so that
            # it keeps to its leader when the map is zoomed) and joined to its point by a leader.
            x, y = plan["home"]["xy"] if item_id == home["id"] else labelled[item_id]["xy"]
            position = [_r(v) for v in geo.unpixel(cx + x + offset[0] - width / 2, cy + y + offset[1] - height / 2, state[2])]
            offset = [0, 0]
            leaders.append({"path": [*(_r(v) for v in pos), *position]})
        labels.append({"id": item_id, "text": name, "position": position, "anchor": spot["anchor"],
                       "baseline": spot["baseline"], "offset": offset})

    partner_ids, home_id = shaded_country_ids(view, home_country_numeric)
    fill = _fill_expression(partner_ids, home_id)
    countries = frame_basemap(basemap) if basemap_inline else BASEMAP_URL
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
        "initialViewState": {"longitude": _r(lon, 4), "latitude": _r(lat, 4), "zoom": _r(zoom, 3),
                             "minZoom": _r(min(zoom, 0.0) - 0.5, 2), "maxZoom": 9, "pitch": 0, "bearing": 0},
        # Nested lists: drawn in this order, and left alone by Streamlit's selection styling.
        "layers": [base, routes, sea_target, pick, overlay],
        # pydeck's "no basemap" sentinel, which Streamlit draws as nothing (a missing mapStyle would make
        # Streamlit fetch CARTO's online style).
        "mapStyle": "__MAP_STYLE__",
        "views": [{"@@type": "MapView", "controller": {"dragRotate": False, "touchRotate": False}, "repeat": False}],
    }
    return DeckMap(encoded.fill_in(_dumps(spec)), tuple(plan["labels"]))


def build_deck(view: View, home: dict, basemap: dict, t: Translator, sector_colors: dict[str, str],
               color_by: str = "relationship", home_country_numeric: int | None = None, selected: str | None = None,
               focus: str = "world", width_px: float | None = None, height_px: float | None = None,
               basemap_inline: bool = False, every_partner: Sequence[str] | None = None,
               frame_view: View | None = None) -> MapDeck:
    """The map, for st.pydeck_chart: base map, routes from the home city, partner points and names.

    `focus` is "world" (every shown partner), "east_asia" (Korea, Japan and China) or "korea" (the Seoul page);
    `width_px` x `height_px` is the map's size on the page, which the opening view is fitted to (the
    width from the page's width probe; DEFAULT_WIDTH until it is known). `basemap_inline` sends the
    outlines with the map instead of by URL, for a server started without static file serving or a data
    folder with outlines of its own. `every_partner`: the data set's partner ids in a fixed order (the
    default, the order of `view.partner_sectors`, is the data set's)."""
    return MapDeck(deck_json(view, home, basemap, t, sector_colors, color_by=color_by,
                             home_country_numeric=home_country_numeric, selected=selected, focus=focus,
                             width_px=width_px, height_px=height_px, basemap_inline=basemap_inline,
                             every_partner=every_partner, frame_view=frame_view))


_FRAMED: dict[int, tuple[dict, dict]] = {}


def frame_basemap(basemap: dict) -> dict:
    """geo.frame_basemap, remembered for the few base maps a server holds (it takes about 0.1 s)."""
    key = id(basemap)
    if key not in _FRAMED or _FRAMED[key][0] is not basemap:
        if len(_FRAMED) > 4:
            _FRAMED.clear()
        _FRAMED[key] = (basemap, geo.frame_basemap(basemap))
    return _FRAMED[key][1]


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


def map_alt_text(view: View, t: Translator) -> str:
    """Words for screen readers: what the map shows."""
    if view.empty:
        return t("map.alt_empty")
    cities = ", ".join(view.partners["city_en"])
    return t("map.alt", count=len(view.partners), cities=cities)


# --- The static twin (for exports) and the East Asia inset -----------------------------------------------------
# Both are plain Vega-Lite drawn in pixels worked out here: the points fanned out and named by the same code
# as the interactive map (geo.fan_out, geo.place_labels with its rule that a name lies clearly nearer its own
# dot than any other), so what a test reads from the spec is what a reader sees.

_STATIC_OUTLINES: dict[int, tuple[dict, dict]] = {}
STATIC_WORLD_LATS = (-58.0, 84.0)  # the static world map leaves Antarctica out
STATIC_RADIUS = 4.5  # px, a partner's point in a static picture
STATIC_HOME_RADIUS = 6
STATIC_TRUE_RADIUS = 2
INSET_SPREADS = (12, 16, 20)  # px between two points fanned out in the inset: the first that names every one
STATIC_REACH = (0, 8, 16, 24)  # px past a point's rim where its name is tried (beyond 10, with a leader)
STATIC_LABEL_SIZE = 11
FONT = "Helvetica, Arial, sans-serif"
# The East Asia inset: where the world map is too small for the cluster of Korean, Japanese and Chinese partners
# to be named, a second small map frames Korea, Japan (to Tokyo) and north-east China, and whichever partners of
# those countries the world map left unnamed beyond that.
INSET_COUNTRIES = ("KOR", "JPN", "CHN")
INSET_BOX = ((121.0, 33.0), (140.0, 41.0))  # real (lon, lat) of its south-west and north-east corners
INSET_SHARE = 0.3  # of a static world map's width
INSET_MIN_STATIC = 320  # px, and at least this wide (every name there fits)
INSET_UNDER = 480  # px: an inset under the map (no corner of it free) may be this wide
INSET_TITLE = 18  # px, the band at the top of an inset that holds its title


def static_outlines(basemap: dict) -> dict:
    key = id(basemap)
    if key not in _STATIC_OUTLINES or _STATIC_OUTLINES[key][0] is not basemap:
        if len(_STATIC_OUTLINES) > 4:
            _STATIC_OUTLINES.clear()
        _STATIC_OUTLINES[key] = (basemap, geo.static_outlines(frame_basemap(basemap)))
    return _STATIC_OUTLINES[key][1]


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


def _static_plan(records: Sequence[MapPartner], home: dict, px, width: float, height: float,
                 selected: str | None = None, edge: float = 0.0, complete: bool = False, spread: float = 12) -> dict:
    """Where a static picture `width` x `height` pixels draws home and the partners, fanned out, and which
    names it writes where. `px` takes a frame (lon, lat) to the picture's pixel; partners outside the picture
    (less `edge` pixels at each side) are left out; `spread`: how far apart points are fanned out. With
    `complete` (the inset's few names), geo.place_labels searches for an arrangement that names every point,
    and a point still left unnamed is drawn farther out, with its leader, where its name fits. Returns
    {"home": (x, y) or None, "points": [(row, (x, y) drawn, (x, y) true)], "labels": [{"id", "text", "x", "y",
    "anchor", "baseline", "leader", "from", "box"}]}."""
    home_xy = px(geo.frame_lon(home["lon"]), float(home["lat"]))

    def inside(x: float, y: float) -> bool:
        return edge <= x <= width - edge and edge <= y <= height - edge

    home_in = inside(*home_xy)
    kept = [(r, xy) for r in records if inside(*(xy := px(geo.frame_lon(r.lon), float(r.lat))))]
    drawn = [xy for _, xy in kept]
    if 0 < len(kept) <= MAX_LAYOUT_POINTS:
        drawn = geo.fan_out([home_xy, *drawn], spread, fixed=[True] + [False] * len(kept))[1:]
        lo, hi_x, hi_y = STATIC_RADIUS + 1, width - STATIC_RADIUS - 1, height - STATIC_RADIUS - 1
        drawn = [(min(max(x, lo), hi_x), min(max(y, lo), hi_y)) for x, y in drawn]
    points = [[r, xy, true] for (r, true), xy in zip(kept, drawn)]
    home_item = [{"id": home["id"], "text": home["city_en"], "x": home_xy[0], "y": home_xy[1], "r": STATIC_HOME_RADIUS}] \
        if home_in else []

    def moved(point) -> bool:
        return math.hypot(point[1][0] - point[2][0], point[1][1] - point[2][1]) > 0.5

    def item(point) -> dict:
        r, (x, y), (x0, y0) = point
        norm = math.hypot(x - x0, y - y0)
        return {"id": r.id, "text": r.city_en, "x": x, "y": y, "r": STATIC_RADIUS + 1.5,
                "away": ((x - x0) / norm, (y - y0) / norm) if norm > 1 else (0.0, 0.0),
                "insist": r.id == selected or r.id in FEATURED}

    def geometry() -> tuple[list, list]:
        obstacles = [(h["x"], h["y"], STATIC_HOME_RADIUS) for h in home_item] \
            + [(x, y, STATIC_RADIUS + 1) for _, (x, y), _ in points] + [(x, y, 2.5) for _, _, (x, y) in filter(moved, points)]
        dots = [(h["x"], h["y"], h["id"], STATIC_HOME_RADIUS) for h in home_item] \
            + [(x, y, r.id, STATIC_RADIUS) for r, (x, y), _ in points] \
            + [(x, y, r.id, STATIC_TRUE_RADIUS) for r, _, (x, y) in filter(moved, points)]
        return obstacles, dots

    # Bandung, the chosen partner, the featured ones, signed partnerships (oldest first), the rest.
    ranked = sorted(points, key=lambda p: (p[0].id != selected, p[0].id not in FEATURED, not p[0].signed))
    obstacles, dots = geometry()
    placed = geo.place_labels([*home_item, *map(item, ranked)], obstacles, float(width), float(height),
                              size=STATIC_LABEL_SIZE, gap=2, dots=dots, reach=STATIC_REACH, complete=complete)
    if complete:
        for point in ranked:
            if point[0].id not in placed:
                _static_call_out(point, points, home_item, placed, item, geometry, width, height, spread)
    labels = []
    for it in [*home_item, *map(item, ranked)]:
        spot = placed.get(it["id"])
        if spot:
            labels.append({"id": it["id"], "text": it["text"], "x": it["x"] + spot["offset"][0],
                           "y": it["y"] + spot["offset"][1], "anchor": spot["anchor"], "baseline": spot["baseline"],
                           "leader": spot["leader"], "from": (it["x"], it["y"]), "box": spot["box"]})
    return {"home": home_xy if home_in else None, "points": [tuple(p) for p in points], "labels": labels}


def _static_call_out(point: list, points: list, home_item: list, placed: dict, item, geometry, width: float,
                     height: float, spread: float) -> None:
    """_call_out for a static picture: the point of a name left out drawn farther from its true place, on the
    emptiest side first, where its name fits beside those already written (which stay clearly their own)."""
    x0, y0 = point[2]
    owners = {h["id"]: (h["x"], h["y"]) for h in home_item} | {p[0].id: p[1] for p in points}
    others = [owners[pid] for pid in owners if pid != point[0].id] + [p[2] for p in points if p is not point]
    original = point[1]
    for distance in (16, 24, 34, 46, 60):
        spots = []
        for k in range(16):
            angle = k * math.pi / 8
            x, y = x0 + distance * math.cos(angle), y0 + distance * math.sin(angle)
            if not (STATIC_RADIUS + 1 <= x <= width - STATIC_RADIUS - 1 and STATIC_RADIUS + 1 <= y <= height - STATIC_RADIUS - 1):
                continue
            room = min((math.dist((x, y), o) for o in others), default=math.inf)
            if room >= spread:
                spots.append((-min(room, 3 * distance) // 6, k, x, y))
        for *_, x, y in sorted(spots):
            if any(geo.box_distance(x, y, spot["box"]) < max(STATIC_RADIUS + 2, geo.box_distance(*owners[pid], spot["box"])
                                                               + STATIC_RADIUS + 0.5) for pid, spot in placed.items()):
                continue
            point[1] = (x, y)
            obstacles, dots = geometry()
            found = geo.place_labels([item(point)], obstacles, float(width), float(height), size=STATIC_LABEL_SIZE, gap=2,
                                     dots=dots, reach=STATIC_REACH, taken=[spot["box"] for spot in placed.values()])
            if found:
                placed |= found
                return
            point[1] = original


_ALIGN = {"start": "left", "middle": "center", "end": "right"}
_BASELINE = {"top": "top", "center": "middle", "bottom": "bottom"}
_PIXEL_X = {"field": "x", "type": "quantitative", "scale": None, "axis": None}
_PIXEL_Y = {"field": "y", "type": "quantitative", "scale": None, "axis": None}


def _point_layers(plan: dict, home: dict, colors: dict[str, str], shift: tuple[float, float] = (0.0, 0.0),
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
                       "encoding": {"x": _PIXEL_X, "y": _PIXEL_Y, "x2": {"field": "x2"}, "y2": {"field": "y2"}}})
    if true_places:
        layers.append({"data": {"values": true_places},
                       "mark": {"type": "circle", "size": math.pi * STATIC_TRUE_RADIUS ** 2, "fill": INK,
                                "opacity": 1, "strokeWidth": 0},
                       "encoding": {"x": _PIXEL_X, "y": _PIXEL_Y}})
    ring = [row for row in dots if row["id"] == selected]
    if ring:
        layers.append({"data": {"values": [{k: ring[0][k] for k in ("x", "y")}]},
                       "mark": {"type": "circle", "size": math.pi * (STATIC_RADIUS + 4) ** 2, "fill": None, "stroke": INK,
                                "strokeWidth": 2, "opacity": 1},
                       "encoding": {"x": _PIXEL_X, "y": _PIXEL_Y}})
    if dots:
        layers.append({"data": {"values": dots}, "mark": {"type": "circle", "size": math.pi * STATIC_RADIUS ** 2, "opacity": 1,
                                                          "strokeWidth": 1.6},
                       "encoding": {"x": _PIXEL_X, "y": _PIXEL_Y, "fill": {"field": "fill", "type": "nominal", "scale": None},
                                    "stroke": {"field": "stroke", "type": "nominal", "scale": None}, **tooltip}})
    if plan["home"] is not None:
        row = {**xy(*plan["home"]), "id": home["id"], **({"tooltip": tooltips[home["id"]]} if tooltips else {})}
        layers.append({"data": {"values": [row]},
                       "mark": {"type": "circle", "size": math.pi * STATIC_HOME_RADIUS ** 2, "fill": HOME_COLOR,
                                "stroke": "#FFFFFF", "strokeWidth": 1.6, "opacity": 1},
                       "encoding": {"x": _PIXEL_X, "y": _PIXEL_Y, **tooltip}})
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
                           "encoding": {"x": _PIXEL_X, "y": _PIXEL_Y, "text": {"field": "text", "type": "nominal"}}})
    return layers


def _country_fills(view: View, home_country_numeric: int | None, basemap: dict,
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


def unnamed_east_asian(view: View, named: Sequence[str]) -> list[str]:
    """Ids of the view's partners in Korea, Japan and China that a map did not name (`named`: the ids it
    names): the partners the East Asia inset is there for."""
    names = set(named)
    return [pid for pid, iso3 in zip(view.partners["id"].tolist(), view.partners["country_iso3"].tolist())
            if iso3 in INSET_COUNTRIES and pid not in names]


def _inset_frame(view: View, unnamed: Sequence[str], width: float, max_height: float | None = None
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


def _inset_layers(view: View, home: dict, basemap: dict, t: Translator, colors: dict[str, str], unnamed: Sequence[str],
                  width: float, origin: tuple[float, float] = (0.0, 0.0), max_height: float | None = None,
                  home_country_numeric: int | None = None, selected: str | None = None,
                  tooltips: bool = False) -> tuple[list[dict], float, dict]:
    """The inset's layers at `origin` (its top left corner, in the picture's pixels), its height, and its
    plan (as _static_plan gives it, in the inset's own pixels below its title band)."""
    scale, tx, ty, map_height = _inset_frame(view, unnamed, width, max_height)
    ox, oy = origin
    top = oy + INSET_TITLE
    height = map_height + INSET_TITLE

    def px(lon: float, lat: float) -> tuple[float, float]:
        x, y = geo.mercator(lon, lat)
        return tx + scale * x, ty - scale * y

    def unproject(x: float, y: float) -> tuple[float, float]:
        return math.degrees((x - tx) / scale), math.degrees(2 * math.atan(math.exp((ty - y) / scale)) - math.pi / 2)

    records = _rows(view)
    # Points fanned out a little, or further when that leaves a name out (more room beside each point).
    plan = None
    for spread in INSET_SPREADS:
        tried = _static_plan(records, home, px, width, map_height, selected=selected, edge=2, complete=True, spread=spread)
        if plan is None or len(tried["labels"]) > len(plan["labels"]):
            plan = tried
        if len(plan["labels"]) == len(plan["points"]):
            break
    # What the inset shows, in frame degrees (its title band included), and a little more.
    west, north = unproject(0, -INSET_TITLE)
    east, south = unproject(width, map_height)
    bounds = (west - 1, south - 1, east + 1, north + 1)
    projection = {"type": "mercator", "scale": round(scale, 4), "translate": [round(tx + ox, 2), round(ty + top, 2)],
                  "clipExtent": [[ox, oy], [ox + width, oy + height]]}
    frame = {"x": ox, "y": oy, "x2": ox + width, "y2": oy + height}
    layers = [
        {"data": {"values": [frame]}, "mark": {"type": "rect", "fill": SEA, "stroke": None},
         "encoding": {"x": _PIXEL_X, "y": _PIXEL_Y, "x2": {"field": "x2"}, "y2": {"field": "y2"}}},
        {"data": {"values": _country_fills(view, home_country_numeric, basemap, bounds), "format": {"type": "json"}},
         "projection": projection, "mark": {"type": "geoshape", "stroke": "#FFFFFF", "strokeWidth": 0.6},
         "encoding": {"fill": {"field": "properties.fill", "type": "nominal", "scale": None}}},
    ]
    # The routes' ends: each drawn partner's route from home, as far as it lies in the inset.
    home_real = (float(home["lon"]), float(home["lat"]))
    routes = []
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
                           "encoding": {"x": _PIXEL_X, "y": _PIXEL_Y,
                                        "detail": [{"field": "id", "type": "nominal"}, {"field": "part", "type": "nominal"}],
                                        "order": {"field": "i", "type": "quantitative"},
                                        "color": {"field": "color", "type": "nominal", "scale": None}}})
    texts = None
    if tooltips:
        texts = dict(zip((r.id for r in records), tooltip_texts(records, t)))
        texts[home["id"]] = f"{home['city_en']}, {t.country(home['country_iso3'])}\n{t('map.home')}"
    layers += _point_layers(plan, home, colors, shift=(ox, top), tooltips=texts, selected=selected)
    layers.append({"data": {"values": [{"x": ox + 6, "y": oy + 4, "text": t("map.inset_title")}]},
                   "mark": {"type": "text", "align": "left", "baseline": "top", "fontSize": STATIC_LABEL_SIZE,
                            "fontWeight": 600, "font": FONT, "fill": INK},
                   "encoding": {"x": _PIXEL_X, "y": _PIXEL_Y, "text": {"field": "text", "type": "nominal"}}})
    layers.append({"data": {"values": [frame]}, "mark": {"type": "rect", "fill": None, "stroke": INK, "strokeWidth": 1},
                   "encoding": {"x": _PIXEL_X, "y": _PIXEL_Y, "x2": {"field": "x2"}, "y2": {"field": "y2"}}})
    return layers, height, plan


def inset_spec(view: View, home: dict, basemap: dict, t: Translator, sector_colors: dict[str, str],
               unnamed: Sequence[str], color_by: str = "relationship", home_country_numeric: int | None = None,
               selected: str | None = None, width: int = 300, max_height: int | None = None) -> dict:
    """The East Asia inset as a Vega-Lite spec `width` pixels wide: Korea, Japan and north-east China (and
    every partner of `unnamed` beyond them) at a scale where each partner there is named, with the routes'
    ends, the chosen partner ringed, and the same tooltips as the interactive map. `unnamed`: the ids of the
    partners the map beside it leaves unnamed (`unnamed_east_asian`)."""
    records = _rows(view)
    colors = partner_colors(view, color_by if color_by in COLOR_BY else "relationship", sector_colors, records)
    layers, height, plan = _inset_layers(view, home, basemap, t, colors, unnamed, float(width), max_height=max_height,
                                         home_country_numeric=home_country_numeric, selected=selected, tooltips=True)
    named = [label["text"] for label in plan["labels"]]
    return {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": int(width), "height": int(math.ceil(height)),
            "autosize": {"type": "none"}, "padding": 0, "background": "#FFFFFF", "config": {"view": {"stroke": None}},
            "layer": layers, "description": t("map.inset_alt", cities=", ".join(named))}


def _inset_place(plan: dict, routes: list[tuple[float, float]], box_size: tuple[float, float], width: float, height: float
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


def static_map_spec(view: View, home: dict, basemap: dict, t: Translator, sector_colors: dict[str, str],
                    color_by: str = "relationship", home_country_numeric: int | None = None, focus: str = "world",
                    width: int = 960, title: str | None = None, caption: str = "", inset: bool = True) -> dict:
    """The map as a plain Vega-Lite (v5) spec, for a PNG, SVG or PDF export: the bundled outlines in an
    Equal Earth projection centred like the interactive map (Pacific in the middle, cut at 30°W), the
    same great-circle routes, the partner points (fanned out the same way) and their names in Latin
    script, each clearly nearer its own dot than any other. A world map that leaves a Korean, Japanese or
    Chinese partner unnamed gets the East Asia inset (with `inset`), in a free corner or under the map.
    Every piece of data is inline, so it renders offline (vl-convert with no base URL)."""
    records = _rows(view)
    colors = partner_colors(view, color_by if color_by in COLOR_BY else "relationship", sector_colors, records)
    home_real = (float(home["lon"]), float(home["lat"]))
    points = focus_points(view, home, focus) if focus != "world" else []
    scale, tx, ty, height = _static_frame(points, focus, float(width))

    def px(lon: float, lat: float) -> tuple[float, float]:
        x, y = geo.equal_earth(lon, lat)
        return tx + scale * x, ty - scale * y

    plan = _static_plan(records, home, px, float(width), float(height))
    routes = []
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
        {"data": {"values": _country_fills(view, home_country_numeric, basemap), "format": {"type": "json"}},
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
    layers += _point_layers(plan, home, colors)
    unnamed = unnamed_east_asian(view, [label["id"] for label in plan["labels"]]) if focus == "world" and inset else []
    if unnamed:
        inset_width = round(max(width * INSET_SHARE, INSET_MIN_STATIC))
        most = height * 0.45
        inset_height = _inset_frame(view, unnamed, inset_width, most)[3] + INSET_TITLE
        corner = _inset_place(plan, [px(row["lon"], row["lat"]) for row in routes], (inset_width, inset_height),
                              float(width), float(height))
        if corner is None:  # under the map (the world cut at its own height: see the projection's clipExtent), wider
            inset_width = round(max(inset_width, min(width - 16, INSET_UNDER)))
            most = inset_width * 0.75
            inset_height = _inset_frame(view, unnamed, inset_width, most)[3] + INSET_TITLE
            corner = (float(width - inset_width) / 2, float(height) + 8)
            height = round(height + inset_height + 8)
        inset_layers, _, _ = _inset_layers(view, home, basemap, t, colors, unnamed, inset_width, origin=corner,
                                           max_height=most, home_country_numeric=home_country_numeric)
        layers += inset_layers
    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": int(width), "height": int(height),
            "autosize": {"type": "none"}, "padding": 0, "background": "#FFFFFF",
            "config": {"view": {"stroke": None}}, "layer": layers,
            "description": map_alt_text(view, t)}
    if unnamed:  # where the inset lies (for whatever is added to the picture later, a legend say, to keep clear of)
        spec["usermeta"] = {"inset": [round(corner[0], 1), round(corner[1], 1), round(corner[0] + inset_width, 1),
                                      round(corner[1] + inset_height, 1)]}
    if title:
        # Drawn as a mark above the map (a Vega-Lite title needs an autosize that would grow the picture
        # round the clipped globe).
        layers.append({"data": {"values": [{"x": 0, "y": -8, "text": title}]},
                       "mark": {"type": "text", "align": "left", "baseline": "bottom", "fontSize": 14, "fontWeight": 600,
                                "font": FONT, "fill": INK},
                       "encoding": {"x": _PIXEL_X, "y": _PIXEL_Y, "text": {"field": "text", "type": "nominal"}}})
        spec["padding"] = {"top": 28, "left": 0, "right": 0, "bottom": 0}
    if caption:
        # The caption line(s) under the map: data source, filters, date (for a figure taken into slides).
        lines = textwrap.wrap(caption, width=max(40, int(width / 6.2)))
        layers.append({"data": {"values": [{"x": 0, "y": height + 8 + 14 * i, "text": line} for i, line in enumerate(lines)]},
                       "mark": {"type": "text", "align": "left", "baseline": "top", "fontSize": 11, "font": FONT, "fill": INK},
                       "encoding": {"x": _PIXEL_X, "y": _PIXEL_Y, "text": {"field": "text", "type": "nominal"}}})
        padding = spec["padding"] if isinstance(spec["padding"], dict) else {"top": 0, "left": 0, "right": 0, "bottom": 0}
        spec["padding"] = {**padding, "bottom": 14 * len(lines) + 12}
    return spec
