"""What a page shows for a view, worked out once per dataset and view and then reused.

A rerun after a filter change used to rebuild everything: the filtered frames, five chart specifications,
the map's JSON, the tables and their CSV. Here each is computed once per (dataset, filters, language, ...)
and kept in the dataset's memo, shared by every session: a seminar room opening the same link, or the
history player passing a year again, costs one computation. Plain functions (no Streamlit).

The memo (`dashboard/memo.py`) is keyed by the frozen dataclasses below, one per kind of value, each naming
every input of its value (the map's keys hold the base map). The values are shared by every session, so
they are handed out unchangeable: frozen dataclasses, tuples, frozensets, read-only mappings, and tables
as copies.

Two rooms: `values` (each value and its memo key) and `pages` (one frozen model per page and presentation
step, built from the whole view: what a page in dashboard/views draws).
"""

from dashboard.content.pages import (
    MAP_SHARE,
    SEOUL_MAP_HEIGHT,
    AtlasPage,
    MapPart,
    MapSource,
    Screen,
    SeoulPage,
    StepPage,
    atlas_page,
    present_page,
    seoul_page,
)
from dashboard.content.values import (
    Chart,
    ViewKey,
    activities_csv,
    arrow_bytes,
    atlas_charts,
    deck,
    deck_json,
    eventful_years,
    figures,
    home_country_numeric,
    inset,
    map_request,
    partner_ids,
    partner_table,
    partner_table_arrow,
    partners_csv,
    seoul_timeline,
    timeline,
    translator,
    view,
)

__all__ = ["MAP_SHARE", "SEOUL_MAP_HEIGHT", "AtlasPage", "Chart", "MapPart", "MapSource", "Screen", "SeoulPage",
           "StepPage", "ViewKey", "activities_csv", "arrow_bytes", "atlas_charts", "atlas_page", "deck", "deck_json",
           "eventful_years", "figures", "home_country_numeric", "inset", "map_request", "partner_ids",
           "partner_table", "partner_table_arrow", "partners_csv", "present_page", "seoul_page", "seoul_timeline",
           "timeline", "translator", "view"]
