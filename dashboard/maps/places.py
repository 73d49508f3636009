"""Where the points and names go: the opening view, the fanned-out points and the names that fit, for the
interactive map (`layout`) and for a static picture (`static_plan`), both through geo.fan_out and
geo.place_labels under the same rule (a name lies clearly nearer its own dot than any other)."""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np

from dashboard import geo
from dashboard.filters import View
from dashboard.maps.base import (
    COMPLETE_NAMING,
    DEFAULT_HEIGHT,
    DEFAULT_WIDTH,
    FEATURED,
    FOCUS_BOXES,
    FOCUS_COUNTRIES,
    FOCUS_SPREAD,
    HOME_RADIUS,
    MARKER_RADIUS,
    MAX_LABELS,
    MAX_LAYOUT_POINTS,
    MIN_HEIGHT,
    NAME_REACH,
    PICK_RADIUS,
    RING_RADIUS,
    STATIC_HOME_RADIUS,
    STATIC_LABEL_SIZE,
    STATIC_RADIUS,
    STATIC_REACH,
    STATIC_TRUE_RADIUS,
    TRUE_PLACE_RADIUS,
    ZOOM_LIMITS,
    compact_json,
    label_size,
    rounded,
)
from dashboard.maps.partners import (
    MapPartner,
    partner_rows,
)


class Place(NamedTuple):
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
def _place(home: tuple[float, float], lon: float, lat: float) -> Place:
    frame = geo.frame_lon(lon)
    drawn = (rounded(frame), rounded(lat))
    route = geo.route_points(home, (lon, lat))
    return Place(frame, lat, drawn, compact_json(list(drawn)), *geo.pixel(frame, lat, 0),
                  geo.pixel_extent([p[0] for p in route], [p[1] for p in route]))


def partner_places(rows: Sequence, home: Mapping[str, Any]) -> list[Place]:
    home_real = (float(home["lon"]), float(home["lat"]))
    return [_place(home_real, float(row.lon), float(row.lat)) for row in rows]


def focus_points(view: View, home: Mapping[str, Any], focus: str) -> list[list[float]]:
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


def opening_view(view: View, home: Mapping[str, Any], focus: str = "world", width_px: float | None = None,
                 height_px: float | None = None, places: list[Place] | None = None) -> tuple[float, float, float]:
    """(frame lon, lat, zoom) of the map's opening view for its size in pixels.

    The world view shows every shown partner and, where the canvas allows, their whole routes; on a
    wide canvas it rather fills the width with the world than leave blank bands beside it, as long
    as every point stays in view (a route's far bend may then leave the canvas). `places`: the view's
    partners' _places, when the caller has them already."""
    width = float(width_px or DEFAULT_WIDTH)
    height = float(height_px or DEFAULT_HEIGHT)
    limit = ZOOM_LIMITS.get(focus, 5.0)
    if places is None:
        places = partner_places(partner_rows(view), home)
    if focus in FOCUS_COUNTRIES or not places:
        state = geo.fit_view(focus_points(view, home, focus), width, height, max_zoom=limit)
    else:
        # What fit_view(focus_points(...)) gives, from each route's extent instead of its every point (the
        # routes are worked out once; each starts at home, so home is in their extent).
        extents = np.array([p.route_extent for p in places])
        extent = (extents[:, 0].min(), extents[:, 1].max(), extents[:, 2].min(), extents[:, 3].max())
        state = geo.fit_extent((float(extent[0]), float(extent[1]), float(extent[2]), float(extent[3])), width, height,
                               max_zoom=limit)
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
            # their pixels, see Place).
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
            if near < radius + 2 or near < geo.box_distance(owners[pid][0], owners[pid][1], box) + radius + 0.5:
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
            found = geo.place_labels([home_item, *wanted], these, width, height, size=size, dots=these_dots["dots"]).keys() \
                >= {item["id"] for item in wanted}
        else:
            found = p["id"] in geo.place_labels([_name_item(p, True)], these, width, height, size=size,
                                                reach=NAME_REACH[True], taken=[s["box"] for s in kept.values()],
                                                dots=these_dots["dots"])
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


def layout(view: View, home: Mapping[str, Any], view_state: tuple[float, float, float], width: float, height: float,
           selected: str | None = None, rows: list | None = None, places: list[Place] | None = None,
           complete: bool = False, featured: Sequence[str] = FEATURED) -> dict:
    """Screen layout of the points at the opening view: each partner's displayed (fanned-out) frame
    position, and the names that fit.

    Returns {"home": {...}, "partners": [{"id", "city", "true": [lon, lat], "shown": [lon, lat], "xy": (x, y),
    "true_xy": (x, y), "moved", "signed"}...], "labels": {id: placement}} (placement as geo.place_labels
    gives it). `rows` and `places`: the view's partners' _rows and _places, when the caller has them.
    `complete`: search for an arrangement that names every point (a regional view's dozen names; see
    geo.place_labels). The names of the selected partner and of the `featured` ones are always written
    when their points are on the map (see _call_out)."""
    rows = rows if rows is not None else partner_rows(view)
    places = places if places is not None else partner_places(rows, home)
    zoom = view_state[2]
    home_pos = [geo.frame_lon(home["lon"]), float(home["lat"])]
    home_xy = geo.on_screen(home_pos[0], home_pos[1], view_state, width, height)
    # geo.on_screen of every partner at once, with the same arithmetic (see Place).
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

    def names_placed(search: bool = complete) -> dict[str, dict]:
        items = [home_item] + [_name_item(partners[i], partners[i]["id"] in rank)
                               for i in itertools.islice(on_screen, MAX_LABELS)]
        obstacles, dots = _obstacles_and_dots(home_item, partners, xs, ys)
        return geo.place_labels(items, obstacles, width, height, size=label_size(width), complete=search,
                                reach=NAME_REACH[complete], dots=dots["dots"])

    insisted = [i for i in on_screen if partners[i]["id"] in rank]
    for k, i in enumerate(insisted):
        # (Weighing where to put it costs a placement of every name per place tried: on a crowded map, a large data
        # set's, the first place that fits is taken.)
        _call_out(partners, i, insisted[:k], home_item, xs, ys, width, height, label_size(width),
                  score=(lambda: len(names_placed(search=False))) if len(on_screen) <= CALL_OUT_WEIGHED else None)
        if partners[i]["moved"]:
            x, y = partners[i]["xy"]
            partners[i]["shown"] = list(geo.unpixel(cx + x - width / 2, cy + y - height / 2, zoom))
    labels = names_placed()
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
                                           taken=[s["box"] for s in labels.values()], dots=dots["dots"])
    return {"home": {"id": home["id"], "city": home["city_en"], "true": home_pos, "xy": home_xy},
            "partners": partners, "labels": labels}




def static_plan(records: Sequence[MapPartner], home: Mapping[str, Any], px, width: float, height: float,
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
            if any(geo.box_distance(x, y, spot["box"])
                   < max(STATIC_RADIUS + 2, geo.box_distance(owners[pid][0], owners[pid][1], spot["box"]) + STATIC_RADIUS + 0.5)
                   for pid, spot in placed.items()):
                continue
            point[1] = (x, y)
            obstacles, dots = geometry()
            found = geo.place_labels([item(point)], obstacles, float(width), float(height), size=STATIC_LABEL_SIZE, gap=2,
                                     dots=dots, reach=STATIC_REACH, taken=[spot["box"] for spot in placed.values()])
            if found:
                placed |= found
                return
            point[1] = original
