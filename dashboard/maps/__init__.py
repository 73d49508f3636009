"""The maps of a View: offline country outlines, great-circle routes from Bandung, partner points
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

The rooms: `request` (MapRequest, the builders' single argument), `base` (sizes, focus regions, JSON
numbers), `partners` (rows, colours, tooltips, legend), `places` (the opening view, and the one placing of
points and names both maps use), `deck` (the deck.gl JSON, clicks), `vega` (the static pictures' layers),
`inset` (the East Asia inset) and `static` (the static twin for exports). The colours are in
dashboard/palette.py, the options (colour by, focus) in dashboard/options.py.
"""

from dashboard.maps.base import (
    DEFAULT_HEIGHT,
    DEFAULT_WIDTH,
    FEATURED,
    MARKER_RADIUS,
    MIN_HEIGHT,
    PICK_RADIUS,
)
from dashboard.maps.deck import (
    BASEMAP_URL,
    SEA_TARGET,
    TARGETS,
    TOOLTIP,
    DeckMap,
    MapDeck,
    deck_map,
    map_click,
    pick_layer,
    shown_partner_ids,
)
from dashboard.maps.inset import inset_spec, unnamed_east_asian
from dashboard.maps.partners import legend, legend_html, map_alt_text, shaded_country_ids
from dashboard.maps.places import layout, map_height, opening_view
from dashboard.maps.request import MapRequest
from dashboard.maps.static import static_map_spec

__all__ = ["BASEMAP_URL", "DEFAULT_HEIGHT", "DEFAULT_WIDTH", "FEATURED", "MARKER_RADIUS", "MIN_HEIGHT", "PICK_RADIUS",
           "SEA_TARGET", "TARGETS", "TOOLTIP", "DeckMap", "MapDeck", "MapRequest", "deck_map", "inset_spec", "layout",
           "legend", "legend_html", "map_alt_text", "map_click", "map_height", "opening_view", "pick_layer",
           "shaded_country_ids", "shown_partner_ids", "static_map_spec", "unnamed_east_asian"]
