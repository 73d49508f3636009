"""The map's geometry: the Pacific-centred frame, routes, fitting, fan-out, label placement, contrast."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import pytest

from dashboard import geo
from dashboard.loader import DATA_DIR, load_basemap

ROOT = Path(__file__).resolve().parent.parent


def real_lon(x: float) -> float:
    """Frame longitude -> real longitude in [-180, 180): the inverse of geo.frame_lon."""
    return (float(x) + 180.0 + geo.WEST + 180.0) % 360.0 - 180.0


def test_the_frame_is_cut_in_the_atlantic_with_the_pacific_in_the_middle():
    assert geo.frame_lon(geo.WEST) == -180.0 and geo.frame_lon(150.0) == 0.0
    assert geo.frame_lon(-97.33) > geo.frame_lon(139.7) > geo.frame_lon(107.6) > geo.frame_lon(10.5)  # Europe, Asia, America
    for lon in (-179.5, -97.3, -30.0, 0.0, 107.6, 179.9):
        assert real_lon(geo.frame_lon(lon)) == pytest.approx(lon)


def test_a_route_follows_the_great_circle_and_ends_exactly_at_both_cities():
    bandung, fort_worth = (107.6191, -6.9175), (-97.3308, 32.7555)
    path = geo.route(bandung, fort_worth)
    assert path[0] == [geo.frame_lon(bandung[0]), bandung[1]] and path[-1] == [geo.frame_lon(fort_worth[0]), fort_worth[1]]
    assert not geo.crosses_edge(path)
    assert max(lat for _, lat in path) > 45  # across the North Pacific, not straight along the map
    steps = [geo.central_angle((real_lon(a[0]), a[1]), (real_lon(b[0]), b[1])) for a, b in zip(path, path[1:])]
    assert max(steps) <= 2.6 and sum(steps) == pytest.approx(geo.central_angle(bandung, fort_worth), rel=1e-6)


def test_a_route_whose_great_circle_would_cross_the_edge_stays_inside_the_frame():
    rio = (-43.2, -22.9)  # from Bandung the great circle runs west over Africa and the Atlantic
    path = geo.route((107.6, -6.9), rio)
    assert not geo.crosses_edge(path)
    assert path[-1] == [geo.frame_lon(rio[0]), rio[1]]
    assert geo.crosses_edge([[170.0, 0.0], [-170.0, 0.0]]) and geo.crosses_edge([[181.0, 0.0]])


@pytest.mark.parametrize("width,height", [(358, 358), (820, 520), (1460, 520)])
def test_fit_view_shows_every_point_inside_the_canvas(width, height):
    points = [[geo.frame_lon(lon), lat] for lon, lat in
              [(107.6, -6.9), (10.5, 52.3), (-97.3, 32.8), (145.0, -37.8), (-79.0, -2.9), (127.0, 37.6)]]
    view = geo.fit_view(points, width, height)
    xy = [geo.on_screen(*p, view, width, height) for p in points]
    assert all(0 <= x <= width and 0 <= y <= height for x, y in xy)
    assert max(x for x, _ in xy) - min(x for x, _ in xy) > width * 0.5  # and uses the room it has


def test_the_fitted_view_never_shows_past_the_poles_as_deck_gl_would_not():
    lon, lat, zoom = geo.fit_view([[0.0, 0.0], [1.0, 1.0]], 400, 900, max_zoom=0)
    assert zoom == pytest.approx(math.log2(900 / 512)) and lat == 0.0


def test_fan_out_moves_close_points_apart_and_leaves_the_fixed_one_and_lone_ones_alone():
    home, seoul, suwon, same, far = (100.0, 100.0), (110.0, 60.0), (111.0, 63.0), (111.0, 63.0), (400.0, 300.0)
    moved = geo.fan_out([home, seoul, suwon, same, far], 20, fixed=[True, False, False, False, False])
    assert geo.min_distance(moved) >= 20
    assert moved[0] == home and moved[4] == far
    assert all(math.dist(a, b) < 25 for a, b in zip(moved[1:4], (seoul, suwon, same)))  # moved no further than needed
    assert moved == geo.fan_out([home, seoul, suwon, same, far], 20, fixed=[True, False, False, False, False])


def test_labels_never_overlap_each_other_or_a_point_and_the_first_ones_win():
    points = [(100.0, 100.0), (150.0, 100.0), (100.0, 118.0), (300.0, 200.0)]
    items = [{"id": str(i), "text": "Braunschweig", "x": x, "y": y, "r": 6} for i, (x, y) in enumerate(points)]
    placed = geo.place_labels(items, [(x, y, 6) for x, y in points], 420, 260)
    assert "0" in placed and "3" in placed
    boxes = [p["box"] for p in placed.values()]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
    lonely = geo.place_labels([{"id": "x", "text": "Namur", "x": 5.0, "y": 5.0, "r": 6}], [(5.0, 5.0, 6)], 100, 100)
    assert lonely["x"]["box"][0] >= 0 and lonely["x"]["box"][1] >= 0  # pushed to a side that fits the canvas


def test_wider_text_gets_a_wider_box():
    assert geo.text_width("Wrocław", 13) < geo.text_width("Kuching North", 13) < geo.text_width("MMMMMMMMMMMMM", 13)


def test_the_framed_outlines_stay_inside_the_frame_and_keep_every_country():
    basemap = load_basemap()
    framed = geo.frame_basemap(basemap)
    assert len(framed["features"]) == len(basemap["features"])
    lons = [p[0] for f in framed["features"] for polygon in
            ([f["geometry"]["coordinates"]] if f["geometry"]["type"] == "Polygon" else f["geometry"]["coordinates"])
            for ring in polygon for p in ring]
    assert min(lons) >= -180 and max(lons) <= 180
    greenland = next(f for f in framed["features"] if f["properties"]["name"] == "Greenland")
    assert greenland["geometry"]["type"] == "MultiPolygon"  # cut at 30°W: one part at each edge
    russia = next(f for f in framed["features"] if f["properties"]["name"] == "Russia")
    assert russia["geometry"]["type"] == "MultiPolygon"


def test_the_served_outlines_are_the_bundled_ones_framed_by_the_build_script():
    spec = importlib.util.spec_from_file_location("build_basemap", ROOT / "scripts" / "build_basemap.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    source = DATA_DIR / "geo" / "countries-110m.geojson"
    assert script.frame_bytes(source) == (DATA_DIR / "geo" / script.FRAME_NAME).read_bytes()


def test_equal_earth_matches_d3_geo():
    # d3.geoEqualEarthRaw(Math.PI, 0) and (0, Math.PI / 2)
    assert geo.equal_earth(180, 0) == pytest.approx((2.7066297319215575, 0.0))
    assert geo.equal_earth(0, 90) == pytest.approx((0.0, 1.3173627591574133))


def test_static_outlines_are_wound_the_way_d3_fills_them():
    from shapely.geometry import shape
    outlines = geo.static_outlines(geo.frame_basemap(load_basemap()))
    for feature in outlines["features"]:
        geom = shape(feature["geometry"])
        for polygon in getattr(geom, "geoms", [geom]):
            assert not polygon.exterior.is_ccw  # clockwise outer rings


def test_a_name_is_never_written_nearer_another_citys_dot_than_its_own():
    # Seoul's point with Suwon's 22 px below it and Yingkou's 22 px to its left: the spots left of Seoul and
    # below it lie nearer one of them, so the name goes right or above, clearly Seoul's.
    dots = [(100.0, 100.0, "seoul", 6), (100.0, 122.0, "suwon", 6), (78.0, 100.0, "yingkou", 6)]
    item = {"id": "seoul", "text": "Seoul", "x": 100.0, "y": 100.0, "r": 8}
    spot = geo.place_labels([item], [(x, y, r) for x, y, _, r in dots], 300, 300, dots=dots)["seoul"]
    own = geo.box_distance(100, 100, spot["box"])
    assert all(geo.box_distance(x, y, spot["box"]) >= own + r for x, y, who, r in dots if who != "seoul")
    # Boxed in on every side, it is left out rather than written beside another city.
    crowd = dots + [(122.0, 100.0, "daegu", 6), (100.0, 78.0, "gumi", 6), (84.0, 84.0, "a", 6), (116.0, 84.0, "b", 6),
                    (84.0, 116.0, "c", 6), (116.0, 116.0, "d", 6)]
    assert geo.place_labels([item], [(x, y, r) for x, y, _, r in crowd], 300, 300, dots=crowd) == {}
    # A chosen partner may be written farther out, with a leader, where it is still clearly its own.
    chosen = geo.place_labels([{**item, "insist": True, "away": (0.0, -1.0)}], [(x, y, r) for x, y, _, r in crowd], 300, 300,
                              dots=crowd[:2])
    assert chosen["seoul"]["leader"] and geo.box_distance(100, 100, chosen["seoul"]["box"]) > 20


def test_the_distance_to_a_name_is_zero_inside_its_box():
    assert geo.box_distance(5, 5, (0, 0, 10, 10)) == 0
    assert geo.box_distance(13, 14, (0, 0, 10, 10)) == pytest.approx(5)


def test_a_route_is_cut_to_the_inset_it_crosses():
    parts = geo.clip_polyline([(-10, 5), (5, 5), (20, 5), (20, 20), (5, 20)], (0, 0, 10, 10))
    assert parts == [[(0.0, 5.0), (5, 5), (10.0, 5.0)]]
    assert geo.clip_polyline([(20, 20), (30, 30)], (0, 0, 10, 10)) == []


def test_mercator_matches_d3_geo():
    # d3.geoMercatorRaw(Math.PI / 4, Math.PI / 4)
    assert geo.mercator(45, 45) == pytest.approx((0.7853981633974483, 0.8813735870195432))
