"""What every room of the map shares: its sizes in pixels, the regions a focus shows, the partners whose
names are always written, and numbers and JSON as the map writes them."""

from __future__ import annotations

import json
from collections.abc import Callable

from dashboard import geo

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



def rounded(value: float, digits: int = 3) -> float:
    return round(float(value), digits) + 0.0


def compact_json(value) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)



class PerBasemap:
    """A value worked out from a base map, remembered for the few base maps a server holds (each held, so
    that its id is not reused while remembered)."""

    def __init__(self, build: Callable[[dict], dict]):
        self._build = build
        self._values: dict[int, tuple[dict, dict]] = {}

    def __call__(self, basemap: dict) -> dict:
        key = id(basemap)
        if key not in self._values or self._values[key][0] is not basemap:
            if len(self._values) > 4:
                self._values.clear()
            self._values[key] = (basemap, self._build(basemap))
        return self._values[key][1]


# geo.frame_basemap (it takes about 0.1 s)
frame_basemap = PerBasemap(geo.frame_basemap)



# The static pictures (exports, the East Asia inset)

STATIC_RADIUS = 4.5  # px, a partner's point in a static picture
STATIC_HOME_RADIUS = 6
STATIC_TRUE_RADIUS = 2
STATIC_REACH = (0, 8, 16, 24)  # px past a point's rim where its name is tried (beyond 10, with a leader)
STATIC_LABEL_SIZE = 11
FONT = "Helvetica, Arial, sans-serif"
