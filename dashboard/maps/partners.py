"""The shown partners as the maps use them: their rows, colours, tooltips, legend, shaded countries and the
words for screen readers."""

from __future__ import annotations

import functools
import itertools
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from dashboard.filters import View
from dashboard.i18n import Translator
from dashboard.markdown import escape
from dashboard.palette import (
    HOME_COLOR,
    INK,
    NO_SECTOR,
    RELATIONSHIP_COLORS,
    STATUS_COLORS,
    map_color,
)


def main_sector(view: View, partner_id: str, order: dict[str, int]) -> str | None:
    """The field a partner cooperates in most often (activities, then agreements), for colouring."""
    counts = view.sector_counts_by_partner.get(partner_id, Counter())
    if view.filters.sectors:
        counts = Counter({s: n for s, n in counts.items() if s in view.filters.sectors})
    if not counts:
        return None
    return min(counts, key=lambda s: (-counts[s], order.get(s, 99)))


def legend(view: View, t: Translator, color_by: str, sector_colors: Mapping[str, str]) -> list[tuple[str, str]]:
    """(label, colour) pairs of what the map currently shows, in the order of the vocabulary, in the
    colours the map draws them."""
    if color_by == "sector":
        order = {s: i for i, s in enumerate(sector_colors)}
        used = {main_sector(view, pid, order) for pid in view.partners["id"]}
        return [(t.sector(s), map_color(c)) for s, c in sector_colors.items() if s in used]
    palette = RELATIONSHIP_COLORS if color_by == "relationship" else STATUS_COLORS
    used = set(view.partners[color_by])
    return [(t.label(color_by, value), c) for value, c in palette.items() if value in used]


def legend_html(view: View, t: Translator, color_by: str, sector_colors: Mapping[str, str]) -> str:
    """The legend under the map as HTML (for st.html): a filled dot per colour, then the open point with
    its dashed route when unsigned partners are shown, and the home city. Same colours as the map."""
    dot = ("<span style='display:inline-block;width:12px;height:12px;border-radius:50%;{}margin-right:6px;"
           "vertical-align:middle'></span>")
    items = [dot.format(f"background:{c};") + escape(label) for label, c in legend(view, t, color_by, sector_colors)]
    items.append(dot.format(f"background:{HOME_COLOR};") + escape(t("map.home")))
    if not view.partners.empty and not view.partners["signed"].all():
        items.append(dot.format(f"background:#fff;border:2.5px solid {INK};box-sizing:border-box;")
                     + f"<span style='display:inline-block;width:22px;border-top:2px dashed {INK};margin-right:6px;"
                       f"vertical-align:middle'></span>" + escape(t("map.open_marker")))
    return ("<div style='display:flex;flex-wrap:wrap;gap:6px 12px;font-size:0.9rem;line-height:1.4'>"
            + "".join(f"<span>{item}</span>" for item in items) + "</div>")


class MapPartner(NamedTuple):
    """What the maps use of a shown partner (the columns of view.partners of the same names)."""
    id: str
    city_en: str
    country_iso3: str
    lon: float
    lat: float
    relationship: str
    status: str
    signed: bool
    first_year: int | None  # pd.NA when unsigned


def partner_rows(view: View) -> list[MapPartner]:
    # Plain records, read column by column: pandas' itertuples and to_dict("records") box every value of
    # every column (about 20 ms for 2,800 partners).
    columns = [view.partners[name].tolist() for name in MapPartner._fields]
    return list(itertools.starmap(MapPartner, zip(*columns)))


def partner_colors(view: View, color_by: str, sector_colors: Mapping[str, str], rows: list | None = None) -> dict[str, str]:
    order = {s: i for i, s in enumerate(sector_colors)}
    colors = {}
    for row in rows if rows is not None else partner_rows(view):
        if color_by == "sector":
            sector = main_sector(view, row.id, order)
            colors[row.id] = map_color(sector_colors.get(sector, NO_SECTOR)) if sector else NO_SECTOR
        elif color_by == "status":
            colors[row.id] = STATUS_COLORS[row.status]
        else:
            colors[row.id] = RELATIONSHIP_COLORS[row.relationship]
    return colors


def tooltip_text(row, t: Translator | _RememberedWords) -> str:
    """City, country, relationship, since which year: plain text (deck.gl puts it in innerText)."""
    since = t("map.since", year=int(row.first_year)) if row.signed else t("map.no_document")
    return (f"{row.city_en}, {t.country(row.country_iso3)}\n{t.label('relationship', row.relationship)} · "
            f"{t.label('status', row.status)}\n{since}")


class _RememberedWords:
    """A Translator's answers remembered for one map: thousands of partners share a handful of
    relationships, statuses, countries and years, and each lookup costs more than the tooltip itself."""

    def __init__(self, t: Translator):
        self._call = functools.cache(t)
        self.country = functools.cache(t.country)
        self.label = functools.cache(t.label)

    def __call__(self, key: str, **values: object) -> str:
        return self._call(key, **values)


def tooltip_texts(rows: Sequence, t: Translator) -> list[str]:
    """`tooltip_text` of each row. A partner's tooltip depends on its row and the language only, so each is
    written once per translator (a new view mostly shows partners some view showed before)."""
    key = id(t)
    if key not in _tooltips or _tooltips[key][0] is not t:
        if len(_tooltips) > 4:
            _tooltips.clear()
        _tooltips[key] = (t, {}, _RememberedWords(t))  # (t held, so that its id is not reused while remembered)
    _, known, words = _tooltips[key]
    if len(known) > 100_000:
        known.clear()
    out = []
    for row in rows:
        text = known.get(row)
        if text is None:
            text = known[row] = tooltip_text(row, words)
        out.append(text)
    return out


_tooltips: dict[int, tuple[Translator, dict, _RememberedWords]] = {}


def shaded_country_ids(view: View, home_country_numeric: int | None) -> tuple[list[str], str | None]:
    """The base map's ids (ISO numeric, three digits) of the countries with a shown partner, and the
    home country's."""
    partner = sorted({f"{int(n):03d}" for n in view.partners["iso_numeric"].dropna()})
    home = f"{int(home_country_numeric):03d}" if home_country_numeric is not None else None
    return [c for c in partner if c != home], home



def map_alt_text(view: View, t: Translator) -> str:
    """Words for screen readers: what the map shows."""
    if view.empty:
        return t("map.alt_empty")
    cities = ", ".join(view.partners["city_en"])
    return t("map.alt", count=len(view.partners), cities=cities)
