"""Build the offline world base map used by the pydeck map.

Usage:
    python scripts/build_basemap.py path/to/countries-110m.json [output.geojson]
    python scripts/build_basemap.py --frame-only [data/geo/countries-110m.geojson]

The input is ``countries-110m.json`` from the npm package ``world-atlas``
2.0.2 (Natural Earth 1:110m Admin 0 countries, as TopoJSON).  The output,
by default ``data/geo/countries-110m.geojson``, is a GeoJSON
FeatureCollection with properties ``id`` (ISO 3166-1 numeric, e.g. "076";
null for the few Natural Earth units without one) and ``name``.

Changes made to the source data:
  * Antarctica (id "010") is dropped;
  * rings crossing the 180th meridian (Fiji, Russia's Chukotka, ...) are cut
    at +/-180 so that no polygon streaks across the whole map in deck.gl;
  * coordinates are rounded to 3 decimals.

It then writes the file the interactive map fetches, ``countries-110m-pacific.geojson`` beside it: the
same outlines cut at the map's edge (30 degrees west, in the Atlantic) and given in the map's frame
longitudes (``dashboard.geo.frame_basemap``, which needs shapely), so that the Pacific lies in the
middle of the map.  ``--frame-only`` rebuilds just that file from the GeoJSON.

No network access.  Output is deterministic.
"""
import hashlib
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "data" / "geo" / "countries-110m.geojson"
FRAME_NAME = "countries-110m-pacific.geojson"
DROP_IDS = {"010"}  # Antarctica
DECIMALS = 3


def decode_arcs(topo):
    """Absolute [lon, lat] coordinates of every arc (undo delta + quantization)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append([x * sx + tx, y * sy + ty])
        arcs.append(points)
    return arcs


def ring_from_arcs(indices, arcs):
    """Join arcs into one closed ring; a negative index ~i means arc i reversed."""
    ring = []
    for i in indices:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(points if not ring else points[1:])  # shared endpoint
    return ring


def unwrap(ring):
    """Shift longitudes by multiples of 360 so consecutive vertices never jump > 180."""
    out = [list(ring[0])]
    for lon, lat in ring[1:]:
        prev = out[-1][0]
        lon += 360 * round((prev - lon) / 360)
        out.append([lon, lat])
    return out


def clip(ring, x, keep_left):
    """Sutherland-Hodgman: clip a closed ring to the half-plane lon <= x (or >= x)."""
    inside = (lambda p: p[0] <= x) if keep_left else (lambda p: p[0] >= x)
    out = []
    for a, b in zip(ring, ring[1:]):
        if inside(a):
            out.append(a)
        if inside(a) != inside(b):  # edge crosses the line: add the intersection
            t = (x - a[0]) / (b[0] - a[0])
            out.append([x, a[1] + t * (b[1] - a[1])])
    return out + out[:1] if out else []


def finish(ring, shift):
    """Shift by `shift` degrees, round, drop repeated points; None if degenerate."""
    out = []
    for lon, lat in ring:
        p = [round(lon + shift, DECIMALS) + 0.0, round(lat, DECIMALS) + 0.0]
        if not out or p != out[-1]:
            out.append(p)
    area2 = sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(out, out[1:]))
    return out if len(out) >= 4 and area2 != 0 else None


def split_polygon(rings):
    """Cut one polygon (outer ring + holes) at +/-180; return a list of polygons."""
    rings = [unwrap(r) for r in rings]
    lons = [p[0] for p in rings[0]]
    polygons = []
    # One 360-degree band per copy of the world the outer ring touches.
    for k in range(math.floor((min(lons) + 180) / 360), math.ceil((max(lons) - 180) / 360) + 1):
        lo, hi = -180 + 360 * k, 180 + 360 * k
        pieces = []
        for ring in rings:
            if lo <= min(p[0] for p in ring) and max(p[0] for p in ring) <= hi:
                piece = ring  # entirely inside this band: nothing to cut
            else:
                piece = clip(clip(ring, lo, keep_left=False), hi, keep_left=True)
            piece = finish(piece, -360 * k) if piece else None
            if piece is None and not pieces:
                break  # the outer ring has nothing in this band
            if piece is not None:
                pieces.append(piece)
        if pieces:
            polygons.append(pieces)
    return polygons


def to_feature(geom, arcs):
    """TopoJSON geometry -> GeoJSON Feature (Polygon or MultiPolygon)."""
    polys = [geom["arcs"]] if geom["type"] == "Polygon" else geom["arcs"]
    parts = []
    for poly in polys:
        parts.extend(split_polygon([ring_from_arcs(r, arcs) for r in poly]))
    geometry = ({"type": "Polygon", "coordinates": parts[0]} if len(parts) == 1
                else {"type": "MultiPolygon", "coordinates": parts})
    props = {"id": geom.get("id"), "name": geom["properties"]["name"]}
    return {"type": "Feature", "properties": props, "geometry": geometry}


def main(src, out=DEFAULT_OUT):
    topo = json.loads(Path(src).read_text(encoding="utf-8"))
    arcs = decode_arcs(topo)
    features = [to_feature(g, arcs) for g in topo["objects"]["countries"]["geometries"]
                if g.get("id") not in DROP_IDS]
    # Sort by id (features without an id last), then by name: deterministic output.
    features.sort(key=lambda f: (f["properties"]["id"] is None,
                                 f["properties"]["id"] or "", f["properties"]["name"]))
    data = json.dumps({"type": "FeatureCollection", "features": features},
                      separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data + b"\n")
    print(f"features: {len(features)}")
    print(f"output:   {out.name} ({out.stat().st_size:,} bytes)")
    print(f"sha256:   {hashlib.sha256(out.read_bytes()).hexdigest()}")
    print(f"input sha256: {hashlib.sha256(Path(src).read_bytes()).hexdigest()}")
    write_frame(out)


def frame_bytes(geojson: Path) -> bytes:
    """The outlines of `geojson` in the map's Pacific-centred frame, as the bytes of the served file."""
    from dashboard.geo import frame_basemap
    framed = frame_basemap(json.loads(Path(geojson).read_text(encoding="utf-8")))
    return json.dumps(framed, separators=(",", ":"), ensure_ascii=False).encode("utf-8") + b"\n"


def write_frame(geojson: Path) -> None:
    out = Path(geojson).with_name(FRAME_NAME)
    out.write_bytes(frame_bytes(geojson))
    print(f"frame:    {out.name} ({out.stat().st_size:,} bytes)")
    print(f"sha256:   {hashlib.sha256(out.read_bytes()).hexdigest()}")


if __name__ == "__main__":
    if len(sys.argv) in (2, 3) and sys.argv[1] == "--frame-only":
        write_frame(Path(sys.argv[2]) if len(sys.argv) == 3 else DEFAULT_OUT)
    elif len(sys.argv) in (2, 3):
        main(*sys.argv[1:])
    else:
        sys.exit(__doc__)
