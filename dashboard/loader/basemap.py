"""The base map: the offline country outlines the map draws, read from the data folder when it brings its
own (a regular file) or else the bundled one, checked as GeoJSON and bounded in size before it is read."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

from dashboard import contract
from dashboard.loader import files
from dashboard.loader.files import BASEMAP_FILE, DATA_DIR
from dashboard.loader.problems import MAX_PER_RULE, Collector, DataError, Problem


def _position_problem(position: object) -> str | None:
    if not isinstance(position, list) or len(position) != 2:
        return f"a position must be exactly two numbers, longitude and latitude (found {_short(position)})"
    lon, lat = position
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in position):
        return f"a position must hold numbers, not text or other values (found {_short(position)})"
    if not (math.isfinite(lon) and math.isfinite(lat)):
        return f"a position must hold finite numbers (found {_short(position)})"
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        return f"a position must have a longitude from -180 to 180 and a latitude from -90 to 90 (found {_short(position)})"
    return None


def _short(value: object) -> str:
    text = json.dumps(value, allow_nan=True) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _ring_problem(ring: object) -> str | None:
    """What is wrong with one linear ring: a list of at least four positions whose last repeats the first."""
    if not isinstance(ring, list) or len(ring) < 4:
        return "every ring must be a list of at least four positions"
    for position in ring:
        if type(position) is not list or len(position) != 2 or type(position[0]) is not float \
                or type(position[1]) is not float or not (-180 <= position[0] <= 180 and -90 <= position[1] <= 90):
            problem = _position_problem(position)  # the quick test above passes nearly every position
            if problem:
                return problem
    if ring[0] != ring[-1]:
        return "every ring must be closed: its last position repeats the first"
    return None


def _geometry_problem(geometry: object) -> str | None:
    """What is wrong with a feature's geometry: a Polygon (a list of rings) or a MultiPolygon (a list of
    Polygons), each ring closed, each position two finite numbers within the globe."""
    if not (isinstance(geometry, dict) and geometry.get("type") in ("Polygon", "MultiPolygon")
            and isinstance(geometry.get("coordinates"), list) and geometry["coordinates"]):
        return "every feature needs a Polygon or MultiPolygon geometry with coordinates"
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return f"a {geometry['type']} must be a list of polygons, each a list of rings"
        for ring in polygon:
            if isinstance(ring, list) and ring and not isinstance(ring[0], list):
                return (f"the coordinates are nested one level too few for a {geometry['type']} (a ring is a list of "
                        "positions, a position a list of two numbers)")
            problem = _ring_problem(ring)
            if problem:
                return problem
    return None


def check_basemap(geo: object, name: str = contract.BASEMAP_FILE) -> list[Problem]:
    """A GeoJSON FeatureCollection whose features have `properties` with an `id` (ISO 3166-1 numeric,
    digits or empty) and a `name`, and a Polygon or MultiPolygon geometry: closed rings of positions of
    exactly two finite numbers, longitude and latitude."""
    if not isinstance(geo, dict) or geo.get("type") != "FeatureCollection" or not isinstance(geo.get("features"), list):
        return [Problem(name, None, None, None, "must be a GeoJSON FeatureCollection with a list of features")]
    problems = []
    for number, feature in enumerate(geo["features"], start=1):
        props = feature.get("properties") if isinstance(feature, dict) else None
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        rule = None
        if not isinstance(props, dict) or "id" not in props or "name" not in props:
            rule = "every feature needs properties with 'id' and 'name'"
        elif not (props["id"] in (None, "") or (isinstance(props["id"], (str, int)) and str(props["id"]).isascii()
                                                and str(props["id"]).isdigit())):
            rule = "the property 'id' must be an ISO 3166-1 numeric code (digits) or empty"
        else:
            rule = _geometry_problem(geometry)
        if rule is None:
            continue
        label = props.get("name") if isinstance(props, dict) and isinstance(props.get("name"), str) else None
        problems.append(Problem(name, None, None, f"feature {number}" + (f" ({label[:40]})" if label else ""), rule))
        if len(problems) >= MAX_PER_RULE:
            problems.append(Problem(name, None, None, None, "… and possibly more like this"))
            break
    return problems


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def parse_basemap(path: Path) -> tuple[dict | None, list[Problem]]:
    """The base map read and checked, or None and the problems (one that says it is too large, when it is:
    every view of the map carries the outlines, so their size is bounded before they are read)."""
    name = contract.BASEMAP_FILE
    try:
        size = os.stat(path).st_size
        if size > contract.BASEMAP_MAX_BYTES:
            return None, [Problem(name, None, None, None, f"is {_megabytes(size)}; a base map may have at most "
                                  f"{_megabytes(contract.BASEMAP_MAX_BYTES)} (every view of the map carries it; the "
                                  "bundled 1:110m map has 0.2 MB): simplify it, or leave it out to use the bundled one")]
        raw = files.read_bytes(path)
    except OSError as err:
        return None, [Problem(name, None, None, None, f"the file could not be read ({files.reason(err)})", True)]
    try:
        geo = json.loads(raw.decode("utf-8-sig"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError) as err:
        return None, [Problem(name, None, None, None, f"is not GeoJSON (not valid UTF-8 JSON: {err})")]
    problems = check_basemap(geo)
    return (None if problems else geo), problems


def _no_constant(word: str) -> float:
    raise ValueError(f"{word} is not a number in JSON")


def read_basemap(path: Path, out: Collector) -> None:
    for problem in parse_basemap(path)[1]:
        out.add(problem)


def load_basemap(folder: str | Path = DATA_DIR) -> dict:
    """The offline country outlines (GeoJSON FeatureCollection) that the map draws under the arcs: the data
    folder's own `geo/countries-110m.geojson` when it has one (a regular file), else the bundled one."""
    folder = Path(folder)
    out = Collector()
    path = files.regular_file(folder, contract.BASEMAP_FILE, out, missing_is_problem=False)
    if path is None:
        path = DATA_DIR / BASEMAP_FILE  # a user's data folder may bring no map of its own
    geo, problems = parse_basemap(path)
    if problems or geo is None:
        raise DataError(problems)
    return geo
