"""The map's geometry, free of any drawing library: the Pacific-centred frame, great-circle routes, Web
Mercator pixels, fitting a view, fanning out points that sit on each other, placing labels, contrast.

The frame. Bandung's partners lie from Europe eastwards across Asia to the Americas. A map cut at the
180th meridian splits that network (the routes to Fort Worth or Cuenca leave one edge and come back at
the other), so the map is cut in the Atlantic instead, at WEST = 30°W: one world copy from 30°W
eastwards round to 30°W again, Asia in the middle and the Americas east of the Pacific. deck.gl's
MapView only keeps longitudes in [-180, 180], so everything drawn is given in *frame longitudes*:
``frame_lon(lon) = ((lon - WEST) mod 360) - 180``, i.e. real 30°W is the frame's -180, real 150°E its 0.
Country outlines are cut at the frame edge (`frame_basemap`) and no route ever crosses it.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence

import numpy as np

WEST = -30.0  # real longitude of the frame's west (and east) edge: the middle of the Atlantic
TILE = 512  # deck.gl's Web Mercator world is 512 pixels wide at zoom 0
MAX_LAT = 85.0511


def frame_lon(lon: float) -> float:
    """Real longitude (degrees east) -> frame longitude in [-180, 180)."""
    return (float(lon) - WEST) % 360.0 - 180.0


# --- Routes -------------------------------------------------------------------------------------------------

def _vector(lon: float, lat: float) -> np.ndarray:
    lam, phi = math.radians(lon), math.radians(lat)
    return np.array([math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi)])


def central_angle(a: Sequence[float], b: Sequence[float]) -> float:
    """Great-circle distance between two (lon, lat) points, in degrees."""
    dot = float(np.clip(_vector(*a) @ _vector(*b), -1.0, 1.0))
    return math.degrees(math.acos(dot))


def crosses_edge(path: Sequence[Sequence[float]]) -> bool:
    """True when a polyline in frame coordinates leaves the frame or jumps across its edge."""
    lons = [p[0] for p in path]
    return any(not -180.0 <= x <= 180.0 for x in lons) or any(abs(b - a) > 180.0 for a, b in zip(lons, lons[1:]))


def route(a: Sequence[float], b: Sequence[float], step: float = 2.5, min_points: int = 8) -> list[list[float]]:
    """The great-circle route from real (lon, lat) `a` to `b` as a polyline in frame coordinates.

    One point every `step` degrees of arc (at least `min_points`), so the line looks curved at any zoom
    and the same geometry serves the interactive map and the static picture. The rare route whose great
    circle would cross the frame's edge (from Asia to eastern South America, say) is drawn instead as
    the line between its ends inside the frame, so it never leaves one edge and comes back at the other."""
    return [list(p) for p in _route(float(a[0]), float(a[1]), float(b[0]), float(b[1]), float(step), int(min_points))]


def route_points(a: Sequence[float], b: Sequence[float], step: float = 2.5, min_points: int = 8) -> tuple:
    """The same route as `route`, as the cached tuple of (lon, lat) tuples (shared: never changed)."""
    return _route(float(a[0]), float(a[1]), float(b[0]), float(b[1]), float(step), int(min_points))


@functools.lru_cache(maxsize=8192)
def _route(lon0: float, lat0: float, lon1: float, lat1: float, step: float, min_points: int) -> tuple:
    # Cached: the same routes are drawn on every rerun.
    a, b = (lon0, lat0), (lon1, lat1)
    angle = central_angle(a, b)
    n = max(min_points, math.ceil(angle / step) + 1)
    va, vb = _vector(*a), _vector(*b)
    omega = math.radians(angle)
    f = np.linspace(0.0, 1.0, n)[:, None]
    if omega < 1e-9:
        v = np.repeat(va[None, :], n, axis=0)
    else:
        v = (np.sin((1 - f) * omega) * va + np.sin(f * omega) * vb) / math.sin(omega)
    lats = np.degrees(np.arctan2(v[:, 2], np.hypot(v[:, 0], v[:, 1])))
    lons = (np.degrees(np.arctan2(v[:, 1], v[:, 0])) - WEST) % 360.0 - 180.0
    points = [[float(x), float(y)] for x, y in zip(lons, lats)]
    # The ends are exact; in between, a point on the far side of the edge means the route crosses it.
    points[0] = [frame_lon(lon0), lat0]
    points[-1] = [frame_lon(lon1), lat1]
    if crosses_edge(points):
        (x0, y0), (x1, y1) = points[0], points[-1]
        points = [[x0 + (x1 - x0) * i / (n - 1), y0 + (y1 - y0) * i / (n - 1)] for i in range(n)]
    return tuple(tuple(p) for p in points)


# --- Web Mercator pixels (as deck.gl's MapView draws them) ---------------------------------------------

def pixel(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """Pixel position of a frame (lon, lat) in the world image at a zoom level (512 px wide at zoom 0)."""
    size = TILE * 2 ** zoom
    phi = math.radians(max(min(lat, MAX_LAT), -MAX_LAT))
    y = (math.pi - math.log(math.tan(math.pi / 4 + phi / 2))) / (2 * math.pi)
    return (lon + 180.0) / 360.0 * size, y * size


def unpixel(x: float, y: float, zoom: float) -> tuple[float, float]:
    """Inverse of `pixel`: frame (lon, lat) of a world pixel."""
    size = TILE * 2 ** zoom
    lon = x / size * 360.0 - 180.0
    lat = math.degrees(2 * math.atan(math.exp(math.pi - 2 * math.pi * y / size)) - math.pi / 2)
    return lon, lat


def on_screen(lon: float, lat: float, view: tuple[float, float, float], width: float, height: float) -> tuple[float, float]:
    """Where a frame (lon, lat) lies on a `width` x `height` canvas showing `view` = (lon, lat, zoom)."""
    clon, clat, zoom = view
    cx, cy = pixel(clon, clat, zoom)
    x, y = pixel(lon, lat, zoom)
    return width / 2 + x - cx, height / 2 + y - cy


def pixel_extent(lons: Sequence[float] | np.ndarray, lats: Sequence[float] | np.ndarray) -> tuple[float, float, float, float]:
    """(min x, max x, min y, max y) of frame (lon, lat) points in zoom-0 pixels: all that `fit_view` uses
    of them. Vectorised `pixel(lon, lat, 0)`: a world map may hold every point of thousands of routes."""
    lons = np.asarray(lons, dtype=float)
    lats = np.clip(np.asarray(lats, dtype=float), -MAX_LAT, MAX_LAT)
    xs = (lons + 180.0) / 360.0 * TILE
    ys = (math.pi - np.log(np.tan(math.pi / 4 + np.radians(lats) / 2))) / (2 * math.pi) * TILE
    return float(xs.min()), float(xs.max()), float(ys.min()), float(ys.max())


def fit_view(points: Iterable[Sequence[float]], width_px: float, height_px: float, padding: float = 24,
             label_room: float | None = None, min_zoom: float = -1.0, max_zoom: float = 6.0) -> tuple[float, float, float]:
    """(lon, lat, zoom) of the view that shows every frame (lon, lat) point on a canvas of this size.

    `padding` keeps points off the canvas edge; `label_room` more pixels on the left and right leave
    room for the names of the outermost points (by default 7 % of the width, at most 70 px). The zoom is
    capped at `max_zoom` (one point, or points close together, would otherwise zoom in to street level)."""
    pts = [(float(p[0]), float(p[1])) for p in points]
    if not pts:
        return 0.0, 15.0, max(min_zoom, math.log2(max(width_px, 1) / TILE))
    extent = pixel_extent([p[0] for p in pts], [p[1] for p in pts])
    return fit_extent(extent, width_px, height_px, padding, label_room, min_zoom, max_zoom)


def fit_extent(extent: tuple[float, float, float, float], width_px: float, height_px: float, padding: float = 24,
               label_room: float | None = None, min_zoom: float = -1.0, max_zoom: float = 6.0) -> tuple[float, float, float]:
    """`fit_view` of points given by their `pixel_extent` (the extents of several sets of points combine
    by min and max, so a caller may keep each set's extent instead of its points)."""
    if label_room is None:
        label_room = min(70.0, 0.07 * width_px)
    x_min, x_max, y_min, y_max = extent
    span_x, span_y = x_max - x_min, y_max - y_min
    room_x = max(width_px - 2 * (padding + label_room), width_px * 0.4)
    room_y = max(height_px - 2 * padding, height_px * 0.4)
    zooms = [max_zoom]
    if span_x > 0:
        zooms.append(math.log2(room_x / span_x))
    if span_y > 0:
        zooms.append(math.log2(room_y / span_y))
    zoom = max(min_zoom, min(zooms))
    lon, lat = unpixel((x_min + x_max) / 2, (y_min + y_max) / 2, 0)
    return constrain_view(lon, lat, zoom, width_px, height_px)


def constrain_view(lon: float, lat: float, zoom: float, width_px: float, height_px: float) -> tuple[float, float, float]:
    """The view as deck.gl's MapView shows it, with no blank band beside the one world copy.

    deck.gl never shows past the poles: the zoom is at least log2(height / 512) and the centre latitude
    keeps the canvas's top and bottom inside the world (math.gl's normalizeViewportProps). Past the
    frame's east and west edges there is nothing to draw, so the centre longitude is moved (never the
    zoom) until the canvas shows as little beyond them as it can."""
    floor = math.log2(max(height_px, 1) / TILE)
    if zoom <= floor:
        zoom, lat = floor, 0.0
    else:
        half = height_px / 2 / 2 ** zoom  # half the canvas height, in zoom-0 pixels
        lat = min(max(lat, unpixel(0, TILE - half, 0)[1]), unpixel(0, half, 0)[1])
    half_lon = width_px / 2 / (TILE * 2 ** zoom) * 360.0
    lon = 0.0 if half_lon >= 180.0 else min(max(lon, -180.0 + half_lon), 180.0 - half_lon)
    return lon, lat, zoom


# --- Fan-out ----------------------------------------------------------------------------------------------

def fan_out(xy: Sequence[Sequence[float]], min_distance: float, fixed: Sequence[bool] | None = None,
            iterations: int = 400) -> list[tuple[float, ...]]:
    """Pixel positions moved apart just enough that every two are at least `min_distance` apart.

    Points closer than that push each other away along the line between them (points on the same spot
    in a fixed, evenly spread direction), a little at a time, until none overlap; points marked `fixed`
    (the home city) do not move. Deterministic: the same input gives the same layout."""
    p = np.array(xy, dtype=float).reshape(-1, 2)
    n = len(p)
    if n < 2:
        return [tuple(q) for q in p]
    movable = np.ones(n) if fixed is None else 1.0 - np.asarray(fixed, dtype=float)
    goal = float(min_distance) * 1.05  # push a little further than needed, so it settles in few rounds
    spread = np.array([[math.cos(2.4 * i), math.sin(2.4 * i)] for i in range(n)])  # golden-angle directions
    share = movable[None, :] + movable[:, None]
    # Each pair shares the overlap; a fixed point's share goes to the other one.
    weight = np.where(share > 0, movable[:, None] / np.where(share > 0, share, 1), 0.0)
    apart = spread[:, None, :] - spread[None, :, :]  # the direction two points on the same spot part in
    diagonal = np.diag_indices(n)
    for _ in range(iterations):
        delta = p[:, None, :] - p[None, :, :]
        dist = np.hypot(delta[..., 0], delta[..., 1])
        dist[diagonal] = np.inf
        if dist.min() >= min_distance:
            break
        close = dist < goal
        same = dist < 1e-6
        unit = np.where(same[..., None], apart, delta)
        norm = np.hypot(unit[..., 0], unit[..., 1])
        unit = unit / np.where(norm > 0, norm, 1)[..., None]
        overlap = np.where(close, goal - np.where(same, 0.0, dist), 0.0)
        p = p + (unit * (overlap * weight)[..., None]).sum(axis=1)
    return [tuple(map(float, q)) for q in p]


def min_distance(xy: Sequence[Sequence[float]]) -> float:
    """The smallest distance between two of the points (inf for fewer than two)."""
    p = np.array(xy, dtype=float).reshape(-1, 2)
    if len(p) < 2:
        return math.inf
    delta = p[:, None, :] - p[None, :, :]
    dist = np.hypot(delta[..., 0], delta[..., 1])
    np.fill_diagonal(dist, np.inf)
    return float(dist.min())


# --- Labels ---------------------------------------------------------------------------------------------

_NARROW = set("iljtfr.,'’ -()|:;!")
_WIDE = set("mwMW@")


def text_width(text: str, size: float) -> float:
    """A generous estimate of the width in pixels of `text` in a semi-bold sans serif at `size` px."""
    em = 0.0
    for ch in text:
        if ch in _NARROW:
            em += 0.32
        elif ch in _WIDE:
            em += 0.88
        elif ch.isupper() or ord(ch) > 0x2E80:  # capitals, and CJK / Hangul glyphs are a full em
            em += 0.68 if ord(ch) < 0x2E80 else 1.0
        else:
            em += 0.56
    return em * size * 1.06 + 2


# (text anchor, baseline, unit direction, shift) of the candidate spots around a point, in order of
# preference: right, left, above, below, the four diagonals, then above and below again shifted sideways by
# `shift` times the name's width, for a point between two others that a centred name would reach.
SPOTS = (("start", "center", (1, 0), 0), ("end", "center", (-1, 0), 0), ("middle", "bottom", (0, -1), 0),
         ("middle", "top", (0, 1), 0), ("start", "bottom", (0.7, -0.7), 0), ("start", "top", (0.7, 0.7), 0),
         ("end", "bottom", (-0.7, -0.7), 0), ("end", "top", (-0.7, 0.7), 0),
         *((anchor, baseline, (0, up), shift) for shift in (-0.2, 0.2, -0.35, 0.35)
           for anchor, baseline, up in (("middle", "bottom", -1), ("middle", "top", 1))))

# How much of a label's width (height) lies left of (above) its point, by text anchor (baseline).
_ANCHOR_SHARE = {"start": 0.0, "middle": 0.5, "end": 1.0}
_BASELINE_SHARE = {"top": 0.0, "center": 0.5, "bottom": 1.0}


def label_box(x: float, y: float, width: float, height: float, anchor: str, baseline: str,
              offset: tuple[float, float]) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of a label drawn at point (x, y) shifted by `offset` pixels."""
    ax, ay = x + offset[0], y + offset[1]
    left = ax - width * _ANCHOR_SHARE[anchor]
    top = ay - height * _BASELINE_SHARE[baseline]
    return left, top, left + width, top + height


def _hits_any_disc(box, discs: list) -> bool:
    """Whether a box touches any of the (x, y, radius) discs. Plain Python: place_labels passes only the
    few discs near a name, and on lists this small numpy costs more than the arithmetic."""
    left, top, right, bottom = box
    for x, y, r in discs:
        dx = (left if x < left else right if x > right else x) - x
        dy = (top if y < top else bottom if y > bottom else y) - y
        if dx * dx + dy * dy < r * r:
            return True
    return False


def box_distance(x: float, y: float, box: Sequence[float]) -> float:
    """Distance in pixels from the point (x, y) to a (left, top, right, bottom) box; 0 inside it."""
    left, top, right, bottom = box
    dx = left - x if x < left else x - right if x > right else 0.0
    dy = top - y if y < top else y - bottom if y > bottom else 0.0
    return math.hypot(dx, dy)


# How much nearer a name must lie to its own dot than to any other city's dot. A name is read as the name of
# the dot nearest to it, so it must not be a close call: the other dot, rim included, lies farther from the
# name than the centre of its own dot (a margin of the other dot's radius: 6 px for a partner's point on the
# map, 8 px for the home city), and never less than MIN_CLEARANCE farther (the 2 px dots at moved points'
# true places).
MIN_CLEARANCE = 3.0
LEADER_AFTER = 10  # px past the point's rim beyond which a name is joined to its point by a leader


def _misread(box, x: float, y: float, others: list) -> bool:
    """Whether another city's dot lies nearer the box than the own dot (x, y) plus its margin. `others` are
    (x, y, margin) of the other cities' dots near the name (the owner's other dots, its true place, do not
    count): the margin is the dot's radius, at least MIN_CLEARANCE, and half a pixel more, which the rounding
    of positions in the map's JSON cannot eat up."""
    left, top, right, bottom = box
    ox = left - x if x < left else x - right if x > right else 0.0
    oy = top - y if y < top else y - bottom if y > bottom else 0.0
    own = math.sqrt(ox * ox + oy * oy)
    for dx, dy, margin in others:
        ex = left - dx if dx < left else dx - right if dx > right else 0.0
        ey = top - dy if dy < top else dy - bottom if dy > bottom else 0.0
        limit = own + margin
        if ex * ex + ey * ey < limit * limit:
            return True
    return False


def _near(array: np.ndarray, rows: list, x: float, y: float, reach_x: float, reach_y: float) -> list:
    """The rows (of `array`'s first two columns) within reach of (x, y): a name's spots are tested against
    these few only."""
    if len(rows) <= 64:  # (on lists this small, plain Python is quicker than numpy)
        return [row for row in rows if abs(row[0] - x) <= reach_x and abs(row[1] - y) <= reach_y]
    keep = np.flatnonzero((np.abs(array[:, 0] - x) <= reach_x) & (np.abs(array[:, 1] - y) <= reach_y))
    return [rows[i] for i in keep.tolist()]


def place_labels(items: Sequence[dict], obstacles: Sequence[tuple[float, float, float]] | np.ndarray, width: float, height: float,
                 size: float = 13, gap: float = 4, margin: float = 2,
                 dots: Sequence[tuple[float, float, str, float]] | None = None, reach: Sequence[float] = (0, 10),
                 far_reach: Sequence[float] = (20, 30, 40, 55, 70), complete: bool = False,
                 taken: Sequence[Sequence[float]] = ()) -> dict[str, dict]:
    """Where to write each name so that no two names overlap, no name covers a point, and every name lies
    clearly nearer its own dot than any other dot (it cannot be read as another city's name).

    `items` come in priority order, each {"id", "text", "x", "y", "r", "away": (dx, dy)}: the canvas
    pixel of the point, its drawn radius, and the direction it was fanned out in (its name prefers that
    side); an item with "insist": True (the partner the reader chose) may also be written farther out,
    `far_reach` pixels past the usual spot, joined to its point by a leader. `obstacles` are (x, y, radius)
    discs of every point drawn; `dots` are (x, y, id, radius) of every dot a reader could take a name for,
    with the id of the city it stands for (by default the items' own points): a spot where a dot of another
    city lies less than its radius (at least MIN_CLEARANCE) farther from the name than its own dot is
    refused. `reach`: how far past the point's rim (r + gap) a name is tried. Names are placed one after the
    other in priority order; with `complete` (a small map that should name every point, a dozen names at
    most), the most constrained names first and, should that leave one out, a short search for an
    arrangement that names more. `taken`: boxes of names already written (no new name overlaps them).
    Returns, for each placed name, {"anchor", "baseline", "offset": [dx, dy], "box": (left, top, right,
    bottom), "leader": bool} (a leader for a name written more than LEADER_AFTER pixels past the rim); a name
    with no such spot inside the canvas is left out (its point still has a tooltip)."""
    # Discs and dots on the same spot count once: the tests below ask only whether any of them is in the way
    # (a large data set has many cities drawn on the same pixel, each of which would be tested again).
    every_disc = list(dict.fromkeys(map(tuple, np.array(obstacles, dtype=float).reshape(-1, 3).tolist())))
    discs = np.array(every_disc, dtype=float).reshape(-1, 3)
    widest = float(discs[:, 2].max()) if len(discs) else 0.0
    if dots is None:
        dots = [(item["x"], item["y"], item["id"], item["r"]) for item in items]
    every_dot = [(float(x), float(y), str(who), float(radius)) for x, y, who, radius in dots]
    clearance = max([MIN_CLEARANCE, *(d[3] for d in every_dot)]) + 0.5
    # (x, y, margin, owner) of the dots by spot and margin (see _misread); owner None: dots of several cities,
    # at least one of which is another city's whichever name is placed.
    spot_owner: dict[tuple[float, float, float], str | None] = {}
    for x, y, who, radius in every_dot:
        spot = (x, y, (radius if radius > MIN_CLEARANCE else MIN_CLEARANCE) + 0.5)
        spot_owner[spot] = who if spot_owner.get(spot, who) == who else None
    dot_spots = [(*spot, who) for spot, who in spot_owner.items()]
    dot_xy = np.array([(x, y) for x, y, _, _ in dot_spots], dtype=float).reshape(-1, 2)
    height_px = size * 1.25

    def spots(item: dict, boxes: list | None = None):
        """The item's spots, in order of preference, that lie inside the canvas, cover no point and are
        nearer its own dot than any other (and, with `boxes`, overlap none of those names)."""
        x, y, r = item["x"], item["y"], item["r"]
        if not (0 <= x <= width and 0 <= y <= height):
            return
        w = text_width(item["text"], size)
        extras = [*reach, *(far_reach if item.get("insist") else ())]
        furthest = r + gap + max(extras)
        # Only the points near this name's spots are tested: a spot's box lies within the name's size and
        # `furthest` of the point; a dot that could compete for it within the same distance more.
        near = _near(discs, every_disc, x, y, w + furthest + widest + 1, height_px + furthest + widest + 1)
        owner = item["id"]
        others = [(dx, dy, margin) for dx, dy, margin, who in
                  _near(dot_xy, dot_spots, x, y, w + 2 * furthest + clearance + 1, height_px + 2 * furthest + clearance + 1)
                  if who != owner]
        away = item.get("away") or (0.0, 0.0)
        if away == (0.0, 0.0):
            order = list(range(len(SPOTS)))
        else:
            order = sorted(range(len(SPOTS)), key=lambda i: -(SPOTS[i][2][0] * away[0] + SPOTS[i][2][1] * away[1]))
        if boxes is not None:  # (only the names written near this one can be in its way)
            reach_x, reach_y = w + furthest + 3, height_px + furthest + 2
            boxes = [b for b in boxes if b[0] - reach_x <= x <= b[2] + reach_x and b[1] - reach_y <= y <= b[3] + reach_y]
        # Next to the point first; failing that, a little further out (still clearly its name); for the
        # chosen partner, further still, with a leader. The spots shifted sideways are tried next to the point
        # only, unless every point of a small map is to be named.
        basic = [i for i in order if not SPOTS[i][3]]
        for k, extra in enumerate(extras):
            step = r + gap + extra
            for i in (order if k == 0 or complete else basic):
                anchor, baseline, (ux, uy), shift = SPOTS[i]
                # (label_box, inline: most spots of a crowded map are tried and refused)
                left = x + ux * step + shift * w - w * _ANCHOR_SHARE[anchor]
                top = y + uy * step - height_px * _BASELINE_SHARE[baseline]
                box = (left, top, left + w, top + height_px)
                if left < margin or top < margin or box[2] > width - margin or box[3] > height - margin:
                    continue
                # (cheapest test first: in a dense cluster most spots fail the first or the second)
                if (boxes is not None and not free(box, boxes)) or _misread(box, x, y, others) \
                        or _hits_any_disc(box, near):
                    continue
                offset = [round(ux * step + shift * w, 1), round(uy * step, 1)]
                yield {"anchor": anchor, "baseline": baseline, "offset": offset,
                       "box": label_box(x, y, w, height_px, anchor, baseline, tuple(offset)), "leader": extra > LEADER_AFTER}

    def free(box, boxes) -> bool:
        left, top, right, bottom = box[0] - 2, box[1] - 1, box[2] + 2, box[3] + 1  # air between two names
        return not any(left < b[2] and b[0] < right and top < b[3] and b[1] < bottom for b in boxes)

    if not complete:
        placed: dict[str, dict] = {}
        boxes: list[tuple[float, ...]] = [tuple(b) for b in taken]
        for item in items:
            found = next(spots(item, boxes), None)
            if found:
                boxes.append(found["box"])
                placed[item["id"]] = found
        return placed
    options = {item["id"]: list(spots(item)) for item in items}
    # The fewest choices first (ties in priority order).
    ranked = sorted((item for item in items if options[item["id"]]), key=lambda item: len(options[item["id"]]))
    best: dict[str, dict] = {}
    budget = [4000]

    def search(k: int, chosen: dict[str, dict]) -> None:
        nonlocal best
        if len(chosen) + (len(ranked) - k) <= len(best) or budget[0] <= 0:
            return
        if k == len(ranked):
            best = dict(chosen)
            return
        budget[0] -= 1
        item = ranked[k]
        boxes = [*taken, *(spot["box"] for spot in chosen.values())]
        for spot in options[item["id"]]:
            if free(spot["box"], boxes):
                chosen[item["id"]] = spot
                search(k + 1, chosen)
                del chosen[item["id"]]
                if len(best) == len(ranked):
                    return
        search(k + 1, chosen)  # this name left out

    search(0, {})
    return {item["id"]: best[item["id"]] for item in items if item["id"] in best}


# --- Colour contrast (WCAG 2) ------------------------------------------------------------------------------

def luminance(color: str | Sequence[int]) -> float:
    """WCAG relative luminance of '#rrggbb' or [r, g, b]."""
    if isinstance(color, str):
        h = color.lstrip("#")
        color = [int(h[i: i + 2], 16) for i in (0, 2, 4)]
    channels = []
    for c in list(color)[:3]:
        s = c / 255
        channels.append(s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4)
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def contrast(a, b) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# --- Base map in the frame --------------------------------------------------------------------------------

def frame_basemap(basemap: dict, decimals: int = 3) -> dict:
    """The country outlines cut at the frame edge (30°W) and given in frame longitudes.

    Works on any GeoJSON FeatureCollection of (Multi)Polygons in [-180, 180] longitudes, so a data
    folder may bring its own outlines. Properties are kept."""
    from shapely import affinity
    from shapely.geometry import mapping, shape
    from shapely.ops import unary_union

    features = []
    for feature in basemap.get("features", []):
        geometry = feature.get("geometry")
        if not geometry or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        geom = shape(geometry)
        if not geom.is_valid:
            geom = geom.buffer(0)
        east = geom.intersection(_box(WEST, 180.0))  # keeps its longitude, minus 150 in the frame
        west = geom.intersection(_box(-180.0, WEST))  # goes round to the far (eastern) side
        parts = [affinity.translate(east, xoff=-180.0 - WEST), affinity.translate(west, xoff=180.0 - WEST)]
        merged = unary_union([p for p in parts if not p.is_empty])
        polygons = [g for g in getattr(merged, "geoms", [merged]) if g.geom_type == "Polygon" and not g.is_empty]
        if not polygons:
            continue
        coords = [_round_polygon(mapping(p)["coordinates"], decimals) for p in polygons]
        geometry = {"type": "Polygon", "coordinates": coords[0]} if len(coords) == 1 else \
            {"type": "MultiPolygon", "coordinates": coords}
        features.append({"type": "Feature", "properties": dict(feature.get("properties") or {}), "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def _box(west: float, east: float):
    from shapely.geometry import box
    return box(west, -90.0, east, 90.0)


def _round_polygon(rings, decimals: int) -> list:
    out = []
    for ring in rings:
        points: list[list[float]] = []
        for lon, lat in ring:
            p = [round(lon, decimals) + 0.0, round(lat, decimals) + 0.0]
            if not points or p != points[-1]:
                points.append(p)
        out.append(points)
    return out


# --- Equal Earth (the static picture's projection, as d3-geo computes it) -------------------------------------

_EE = (1.340264, -0.081106, 0.000893, 0.003796)
_EE_M = math.sqrt(3) / 2


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """Equal Earth (Šavrič, Patterson and Jenny 2018) of a frame (lon, lat), in d3-geo's units before
    scale and translate: x east, y north."""
    a1, a2, a3, a4 = _EE
    lam, phi = math.radians(lon), math.radians(lat)
    t = math.asin(_EE_M * math.sin(phi))
    t2 = t * t
    t6 = t2 * t2 * t2
    x = lam * math.cos(t) / (_EE_M * (a1 + 3 * a2 * t2 + t6 * (7 * a3 + 9 * a4 * t2)))
    y = t * (a1 + a2 * t2 + t6 * (a3 + a4 * t2))
    return x, y


def static_outlines(framed: dict, tolerance: float = 0.2) -> dict:
    """Frame outlines simplified for a picture and wound as d3-geo wants them (outer rings clockwise;
    the other way round d3 fills the rest of the globe instead)."""
    from shapely.geometry import mapping, shape
    from shapely.geometry.polygon import orient

    features = []
    for feature in framed["features"]:
        geom = shape(feature["geometry"]).simplify(tolerance, preserve_topology=True)
        polygons = [orient(p, sign=-1.0) for p in getattr(geom, "geoms", [geom]) if p.geom_type == "Polygon" and p.area > 0.01]
        if not polygons:
            continue
        coords = [_round_polygon(mapping(p)["coordinates"], 2) for p in polygons]
        geometry = {"type": "Polygon", "coordinates": coords[0]} if len(coords) == 1 else \
            {"type": "MultiPolygon", "coordinates": coords}
        features.append({"type": "Feature", "properties": dict(feature["properties"]), "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def mercator(lon: float, lat: float) -> tuple[float, float]:
    """Mercator of a frame (lon, lat), in d3-geo's units before scale and translate (d3.geoMercatorRaw of
    the angles in radians): x east, y north."""
    phi = math.radians(max(min(lat, MAX_LAT), -MAX_LAT))
    return math.radians(lon), math.log(math.tan(math.pi / 4 + phi / 2))


def clip_polyline(points: Sequence[Sequence[float]], box: Sequence[float]) -> list[list[tuple[float, float]]]:
    """The parts of a polyline of (x, y) pixels inside a (left, top, right, bottom) box (Liang–Barsky on
    each segment), as a list of polylines."""
    left, top, right, bottom = box
    parts: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        dx, dy = x1 - x0, y1 - y0
        t0, t1 = 0.0, 1.0
        for p, q in ((-dx, x0 - left), (dx, right - x0), (-dy, y0 - top), (dy, bottom - y0)):
            if p == 0:
                if q < 0:
                    t0, t1 = 1.0, 0.0
                    break
                continue
            r = q / p
            if p < 0:
                t0 = max(t0, r)
            else:
                t1 = min(t1, r)
        if t0 > t1:  # the segment lies outside
            if current:
                parts.append(current)
                current = []
            continue
        start = (x0 + t0 * dx, y0 + t0 * dy)
        end = (x0 + t1 * dx, y0 + t1 * dy)
        if not current or current[-1] != start:
            if current:
                parts.append(current)
            current = [start]
        current.append(end)
        if t1 < 1.0:  # it leaves the box
            parts.append(current)
            current = []
    if current:
        parts.append(current)
    return [part for part in parts if len(part) >= 2]
