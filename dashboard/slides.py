"""Charts for the projector: the presentation's Vega-Lite specs with text sized for the back of the room
and fitted to the room the screen leaves. Plain functions over specs (dicts); no Streamlit.

The atlas's charts are made for a reader at a desk (12 px text). On a projector the same chart needs
text at least 16 px high at 1280 px wide and more on a wider screen, and a plot that takes the height the
step leaves it, no more (a presentation step must never scroll). The specs are shared between sessions,
so every function here returns a changed copy.
"""

from __future__ import annotations

import copy
import re

# Keys of a Vega-Lite spec (in config, axes, legends, titles and marks) that set a size of text.
FONT_KEYS = ("fontSize", "labelFontSize", "titleFontSize", "subtitleFontSize")
# Keys that set a width in pixels given to text, which grows with the text.
TEXT_WIDTH_KEYS = ("labelLimit", "titleLimit")
SMALLEST = 16  # px: chart text on a 1280 px projector and on anything narrower
LARGEST = 24


def font_px(viewport_width: float | None) -> int:
    """The size of chart text for a screen this wide: 16 px up to 1,440 px, then growing with the
    width (21 px at 1,920), at most 24."""
    width = float(viewport_width or 1280)
    return int(max(SMALLEST, min(LARGEST, round(width / 90))))


def _scaled_text(node, size: int, factor: float) -> None:
    """Every text size in a spec set to `size` (titles a little larger), every text width grown by
    `factor`, in place."""
    if isinstance(node, dict):
        for key, value in list(node.items()):
            numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
            if key in FONT_KEYS and (numeric or isinstance(value, dict)):
                node[key] = size + 2 if key == "titleFontSize" else size
            elif key in TEXT_WIDTH_KEYS and numeric:
                node[key] = round(value * factor)
            elif key == "columns" and isinstance(value, dict) and isinstance(value.get("expr"), str):
                # Legends get as many columns as entries of their (grown) width fit.
                node[key] = {"expr": re.sub(r"/ (\d+)\)", lambda m: f"/ {round(int(m.group(1)) * factor)})",
                                            value["expr"])}
            elif key == "labelLineHeight" and numeric:
                node[key] = round(value * factor)
            elif key == "size" and numeric and node.get("type") in ("point", "circle", "square"):
                node[key] = round(value * factor * factor)  # a mark's size is its area
            else:
                _scaled_text(value, size, factor)
    elif isinstance(node, list):
        for item in node:
            _scaled_text(item, size, factor)


def projector(spec: dict, size: int, height: int | None = None, base: int = 12, title: bool = False,
              legends: bool = True) -> dict:
    """A copy of `spec` for the projector: every text `size` px, and, with `height`, the whole chart (plot,
    axes, legend) fitted into `height` pixels of the width its container gives it. The chart's own title
    goes (the step's title says it) unless `title`; its legends go when not `legends` (when something
    beside it, such as the map's legend, already explains the colours). `base` is the text size the spec
    was made with."""
    out = copy.deepcopy(spec)
    if not title:
        out.pop("title", None)
    if not legends:
        _drop_legends(out)
    factor = size / base
    _scaled_text(out, size, factor)
    config = out.setdefault("config", {})
    for part in ("axis", "legend", "header"):
        config.setdefault(part, {}).update(labelFontSize=size, titleFontSize=size + 2)
    config["legend"].update(symbolSize=round(100 * factor), rowPadding=6, columnPadding=18)
    config.setdefault("title", {}).update(fontSize=size + 6, subtitleFontSize=size)
    config.setdefault("text", {})["fontSize"] = size
    if isinstance(out.get("title"), dict):
        out["title"]["fontSize"] = size + 6
    if height is not None and not any(key in out for key in ("vconcat", "hconcat", "concat")):
        out["height"] = int(height)
        out["autosize"] = {"type": "fit", "contains": "padding"}
    return out


def _drop_legends(node) -> None:
    if isinstance(node, dict):
        encoding = node.get("encoding")
        if isinstance(encoding, dict):
            for channel in encoding.values():
                if isinstance(channel, dict) and ("field" in channel or "condition" in channel):
                    channel["legend"] = None
        for value in node.values():
            _drop_legends(value)
    elif isinstance(node, list):
        for item in node:
            _drop_legends(item)


def side_by_side(spec: dict, width: int, size: int, height: int, rows: int) -> dict:
    """The fields chart's two panels (partnerships, activities) side by side instead of one above the
    other, each `width` // 2 wide less the names' room, with one bar per field in `height` pixels for
    the plots; the second panel shares the first one's field names."""
    out = projector(spec, size)
    left, right = (dict(panel) for panel in out.pop("vconcat"))
    label_room = min(round(size * 15), width // 3)
    plot = max(120, (width - label_room - 40) // 2)
    left["width"] = right["width"] = plot
    # What is not bars: the panels' titles, the count axis with its labels and title, and padding.
    bars = height - round(4.5 * size) - 24
    step = max(size, bars // max(rows, 1))
    left["height"] = right["height"] = {"step": step}
    right["encoding"] = {**right["encoding"], "y": {**right["encoding"]["y"], "axis": None}}
    # The panels' titles (partnerships, activities) say what is counted: the count axes need no title.
    for panel in (left, right):
        panel["encoding"] = {**panel["encoding"], "x": {**panel["encoding"]["x"], "title": None}}
    # Every field named on one line (the page's chart shortens and wraps them for a phone).
    left["encoding"] = {**left["encoding"], "y": {**left["encoding"]["y"], "axis": {
        "labelLimit": label_room - 10, "labelFontSize": size, "labelOverlap": False, "labelFlush": False}}}
    out.update(hconcat=[left, right], autosize={"type": "pad"}, spacing=24)
    return out


def row_count(spec: dict, field: str = "sector") -> int:
    """How many rows (distinct values of `field`) the spec's named datasets hold."""
    values: set[object] = set()
    for rows in (spec.get("datasets") or {}).values():
        values.update(row.get(field) for row in rows if isinstance(row, dict) and field in row)
    return len(values)


def lanes_on_the_left(spec: dict, size: int) -> dict:
    """The timeline with its lane names left of the plot, each beside its lane, instead of above it
    inside the plot: at projector sizes a name above its lane would touch the points of the lane above."""
    out = copy.deepcopy(spec)
    y = out.get("encoding", {}).get("y")
    if isinstance(y, dict):
        y["axis"] = {**y.get("axis", {}), "labelAlign": "right", "labelBaseline": "middle", "labelPadding": 8,
                     "labelOffset": 0, "labelLimit": round(size * 16), "labelFontSize": size}
    return out
