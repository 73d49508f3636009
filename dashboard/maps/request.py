"""`MapRequest`: everything one map is made of, the single argument of the map builders and, within one
dataset's memo, the key of what they build."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dashboard.filters import View
from dashboard.i18n import Translator
from dashboard.options import ColorBy, Focus


@dataclass(frozen=True, eq=False)
class MapRequest:
    """A map to build: the view it shows and how.

    `focus`: "world" (every shown partner), "east_asia" (Korea, Japan and China) or "korea" (the Seoul page).
    `width_px` x `height_px`: the map's size on the page, which the opening view is fitted to (DEFAULT_WIDTH
    x DEFAULT_HEIGHT until the page's width probe knows it). `basemap_inline`: the outlines sent with the map
    instead of by URL (a server without static file serving, a data folder with outlines of its own).
    `every_partner`: the data set's partner ids in a fixed order, one pick target each (default: the order of
    `view.partner_sectors`, the data set's). `frame_view`: the view whose partners the opening view is fitted
    to, when not `view`'s own: the history player passes the view without its year limit, so that the
    network grows inside a still frame.

    Two requests are equal when they are made of the same view (equal filters), the same home and base map
    (the same objects), the same language and sector colours and the same options: equal requests of one
    dataset build the same map, so a request is the key of its map in that dataset's memo. A request holds
    what it compares by identity, so their ids cannot be reused while it is kept."""

    view: View
    home: Mapping[str, Any]
    basemap: dict
    t: Translator
    sector_colors: Mapping[str, str]
    color_by: ColorBy = "relationship"
    home_country_numeric: int | None = None
    selected: str | None = None
    focus: Focus = "world"
    width_px: float | None = None
    height_px: float | None = None
    basemap_inline: bool = False
    every_partner: tuple[str, ...] | None = None
    frame_view: View | None = None

    def _identity(self) -> tuple:
        return (self.view.filters, id(self.home), id(self.basemap), self.t.lang, tuple(self.sector_colors.items()),
                self.color_by, self.home_country_numeric, self.selected, self.focus, self.width_px, self.height_px,
                self.basemap_inline, self.every_partner, None if self.frame_view is None else self.frame_view.filters)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MapRequest) and other._identity() == self._identity()

    def __hash__(self) -> int:
        return hash(self._identity())
