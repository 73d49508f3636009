"""Reading a map as its reader does: which name is written where, and which dot it lies nearest to.

Works from what the page or the export receives (the deck.gl JSON, the static Vega-Lite spec), not from the
builders' own plans, so a test built on it fails whatever inside the builder broke. A name's box is the one
the placement reserves (geo.text_width and the line height); a dot is every point a reader could take a name
for: the home city, each partner's drawn (possibly fanned-out) point, and the small true-place dot of a
point that was moved.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from dashboard import geo, maps


class Name(NamedTuple):
    owner: str  # the id of the city the name stands for
    text: str
    box: tuple[float, float, float, float]  # (left, top, right, bottom) in canvas pixels


class Dot(NamedTuple):
    owner: str
    x: float
    y: float
    radius: float  # as drawn (the chosen partner's: its ring's)


# The rule a reader's eye needs: a name lies nearer its own dot than any other city's dot by at least the other
# dot's radius (its rim lies farther from the name than the centre of the name's own dot), and by no less than
# this many pixels.
MIN_MARGIN = 3.0


def box_distance(x: float, y: float, box) -> float:
    left, top, right, bottom = box
    dx = left - x if x < left else x - right if x > right else 0.0
    dy = top - y if y < top else y - bottom if y > bottom else 0.0
    return math.hypot(dx, dy)


def _layers(spec: dict) -> dict[str, dict]:
    out = {}
    for item in spec["layers"]:
        for layer in item if isinstance(item, list) else [item]:
            out[layer["id"].split("~")[0]] = layer
    return out


def deck_reading(spec: dict, width: float, height: float) -> tuple[list[Name], list[Dot]]:
    """The names and dots of a deck.gl map spec at its opening view on a `width` x `height` canvas."""
    layers = _layers(spec)
    state = tuple(spec["initialViewState"][k] for k in ("longitude", "latitude", "zoom"))

    def xy(position):
        return geo.on_screen(position[0], position[1], state, width, height)

    radius = {tuple(m["position"]): m["radius"] for m in layers["markers"]["data"]}
    radius |= {tuple(m["position"]): layers["selected-ring"]["getRadius"] for m in layers["selected-ring"]["data"]}
    dots = []
    for target in layers[maps.TARGETS]["data"]:
        if target["r"] > 0:
            r = layers["home"]["getRadius"] if target.get("home") else radius[tuple(target["position"])]
            dots.append(Dot(target["id"], *xy(target["position"]), r))
    for spot in layers["true-places"]["data"]:
        dots.append(Dot(spot["id"], *xy(spot["position"]), layers["true-places"]["getRadius"]))
    names = []
    size = layers["labels"]["getSize"]
    for label in layers["labels"]["data"]:
        x, y = xy(label["position"])
        box = geo.label_box(x, y, geo.text_width(label["text"], size), size * 1.25, label["anchor"], label["baseline"],
                            tuple(label["offset"]))
        names.append(Name(label["id"], label["text"], box))
    return names, dots


_ANCHORS = {"left": "start", "center": "middle", "right": "end"}
_BASELINES = {"top": "top", "middle": "center", "bottom": "bottom"}


def static_reading(layer_list: list[dict]) -> tuple[list[Name], list[Dot]]:
    """The names and dots of a static map (the layers of maps.static_map_spec or maps.inset_spec; pixel
    coordinates, the marks tagged with the id of the city they stand for)."""
    names, dots = [], []
    for layer in layer_list:
        mark = layer["mark"] if isinstance(layer["mark"], dict) else {"type": layer["mark"]}
        rows = layer.get("data", {}).get("values", [])
        if mark["type"] == "circle" and mark.get("fill", "") is not None:  # (a ring is drawn round a dot)
            dots += [Dot(row["id"], row["x"], row["y"], math.sqrt(mark["size"] / math.pi)) for row in rows if "id" in row]
        elif mark["type"] == "text" and not mark.get("stroke") and rows and "id" in rows[0]:
            size = mark["fontSize"]
            for row in rows:
                box = geo.label_box(row["x"], row["y"], geo.text_width(row["text"], size), size * 1.25,
                                    _ANCHORS[mark["align"]], _BASELINES[mark["baseline"]], (0.0, 0.0))
                names.append(Name(row["id"], row["text"], box))
    return names, dots


def misread_names(names: list[Name], dots: list[Dot], min_margin: float = MIN_MARGIN) -> list[str]:
    """Every name that is not nearer its own dot than any other city's dot by the other dot's radius (and at
    least `min_margin` pixels), and every name with no dot of its own ('city: own distance, the other city
    at its distance')."""
    faults = []
    for name in names:
        own = [box_distance(d.x, d.y, name.box) for d in dots if d.owner == name.owner]
        if not own:
            faults.append(f"{name.text}: no dot of its own")
            continue
        mine = min(own)
        for d in dots:
            if d.owner != name.owner:
                theirs = box_distance(d.x, d.y, name.box)
                if theirs < mine + max(d.radius, min_margin) - 0.05:  # (positions in the JSON are rounded)
                    faults.append(f"{name.text}: own dot {mine:.1f} px, {d.owner} {theirs:.1f} px")
    return faults


def overlaps(names: list[Name]) -> list[tuple[str, str]]:
    return [(a.text, b.text) for i, a in enumerate(names) for b in names[i + 1:]
            if a.box[0] < b.box[2] and b.box[0] < a.box[2] and a.box[1] < b.box[3] and b.box[1] < a.box[3]]
