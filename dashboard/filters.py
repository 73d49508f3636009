"""Filters (years, sectors, relationship, status) applied to a Dataset give the View every page draws.

The rules, as stated on the page:
- a partnership is shown when the year of its first formal document falls in the year range; a partner
  with no document (prospective, unverified, disputed) is placed by its first recorded contact, and is
  shown whenever its status is chosen if no contact year is known;
- a partner matches the sector filter when any of its agreements or activities is in a chosen sector;
- activities are counted when their own date falls in the year range (and their sector is chosen);
  activities that were only announced or planned (or were cancelled) are left out unless asked for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from dashboard.data import RELATIONSHIPS, SIGNED_STATUSES, STATUSES, Dataset


@dataclass(frozen=True)
class Filters:
    years: tuple[int, int] | None = None  # None: every year of the data
    sectors: tuple[str, ...] = ()  # empty: every sector
    relationships: tuple[str, ...] = RELATIONSHIPS
    statuses: tuple[str, ...] = SIGNED_STATUSES
    countries: tuple[str, ...] = ()  # ISO alpha-3 codes; empty: every country
    include_planned: bool = False  # also count activities that were announced or planned but not reported done


@dataclass
class View:
    filters: Filters
    years: tuple[int, int]
    partners: pd.DataFrame
    agreements: pd.DataFrame
    activities: pd.DataFrame
    partner_sectors: dict[str, frozenset[str]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return self.partners.empty

    def headline(self) -> dict[str, int | str]:
        """The figures above the map, for the current filter."""
        years = [*self.partners["first_year"].dropna().astype(int), *self.activities["year"]]
        span = f"{min(years)}–{max(years)}" if years else "–"
        return {"partners": len(self.partners), "countries": self.partners["country_iso3"].nunique(),
                "regions": self.partners["region"].nunique(), "activities": len(self.activities), "years": span}


def placed_year(partners: pd.DataFrame) -> pd.Series:
    """The year a partner is placed in: its first formal document, or its first contact when unsigned."""
    return partners["first_year"].where(partners["signed"], partners["first_contact_year"])


def first_year(ds: Dataset) -> int | None:
    """The first year of the atlas, the same on the slider, the chart axes and titles and the headline:
    the earliest year a partner is placed in or an agreement or activity is dated (None when nothing is
    dated). A signed partner's earlier first contact is part of its story, not a year the atlas places it in."""
    years = [*placed_year(ds.partners).dropna(), *ds.agreements["year"], *ds.activities["year"]]
    return int(min(years)) if years else None


def year_bounds(ds: Dataset) -> tuple[int, int]:
    """The slider's range: from `first_year` to the latest year in the data or the current year. Always two
    different years, so a slider can be drawn: with no dated fact at all, or with every one in the current
    year, the range is the previous year to the current one."""
    this_year = dt.date.today().year
    latest = [int(years.max()) for years in (ds.partners["first_year"].dropna(), ds.partners["first_contact_year"].dropna(),
                                            ds.agreements["year"], ds.activities["year"]) if len(years)]
    high = max([this_year, *latest])
    low = first_year(ds)
    return min(high - 1 if low is None else low, high - 1), high


def happened(activities: pd.DataFrame) -> pd.Series:
    """True for the activities a source reports as having taken place."""
    if "happened" not in activities:
        return pd.Series(True, index=activities.index)
    return activities["happened"].isin(("yes", ""))


def partner_sectors(ds: Dataset, include_planned: bool = False) -> dict[str, frozenset[str]]:
    """Every sector each partner has an agreement or activity in (activities only planned count when asked)."""
    found: dict[str, set[str]] = {pid: set() for pid in ds.partners["id"]}
    for pid, sectors in zip(ds.agreements["partner_id"], ds.agreements["sectors"]):
        found[pid].update(sectors)
    acts = ds.activities if include_planned else ds.activities[happened(ds.activities)]
    for pid, sector in zip(acts["partner_id"], acts["sector"]):
        found[pid].add(sector)
    return {pid: frozenset(s) for pid, s in found.items()}


def _prepared(ds: Dataset) -> dict:
    """What every filtering of a dataset needs and only the dataset decides, worked out once: the partners
    joined with their countries and placed in time, each partner's sectors, the year bounds, the vocabularies."""
    def build() -> dict:
        partners = ds.partners.merge(ds.countries[["iso3", "region", "iso_numeric"]], left_on="country_iso3",
                                     right_on="iso3", how="left").drop(columns="iso3")
        partners["placed_at"] = placed_year(partners)
        return {"partners": partners, "bounds": year_bounds(ds), "sectors": frozenset(ds.sectors["id"]),
                "countries": frozenset(ds.countries["iso3"]),
                "partner_sectors": {planned: partner_sectors(ds, planned) for planned in (False, True)},
                "happened": happened(ds.activities)}
    return ds.memo.get("prepared", build)


def clean(ds: Dataset, filters: Filters) -> Filters:
    """Drop values the data does not know and order the year range, so odd input never fails a page."""
    prepared = _prepared(ds)
    known_sectors = prepared["sectors"]
    low, high = prepared["bounds"]
    years = filters.years
    if years is not None:
        a, b = sorted(int(y) for y in years)
        years = (max(a, low), min(b, high))
        if years[0] > years[1]:
            years = (low, high)
    return Filters(years=years,
                   sectors=tuple(s for s in filters.sectors if s in known_sectors),
                   relationships=tuple(r for r in filters.relationships if r in RELATIONSHIPS),
                   statuses=tuple(s for s in filters.statuses if s in STATUSES),
                   countries=tuple(c for c in filters.countries if c in prepared["countries"]),
                   include_planned=bool(filters.include_planned))


def apply(ds: Dataset, filters: Filters) -> View:
    """The partners, agreements and activities that the current filters leave."""
    filters = clean(ds, filters)
    prepared = _prepared(ds)
    low, high = filters.years or prepared["bounds"]
    sectors_of = prepared["partner_sectors"][filters.include_planned]
    p = prepared["partners"]
    placed_at = p["placed_at"]
    in_years = placed_at.between(low, high).fillna(False).astype(bool) | (~p["signed"] & placed_at.isna())
    keep = in_years & p["relationship"].isin(filters.relationships) & p["status"].isin(filters.statuses)
    if filters.countries:
        keep &= p["country_iso3"].isin(filters.countries)
    if filters.sectors:
        chosen = set(filters.sectors)
        keep &= p["id"].map(lambda pid: bool(sectors_of[pid] & chosen)).astype(bool)  # also when no partner is left
    partners = p[keep].drop(columns="placed_at").sort_values(["first_year", "first_contact_year", "city_en"],
                                                            na_position="last")
    shown = set(partners["id"])
    acts = ds.activities
    keep_acts = acts["partner_id"].isin(shown) & acts["year"].between(low, high)
    if not filters.include_planned:
        keep_acts &= prepared["happened"]
    acts = acts[keep_acts]
    if filters.sectors:
        acts = acts[acts["sector"].isin(filters.sectors)]
    agreements = ds.agreements[ds.agreements["partner_id"].isin(shown)]
    counts = acts["partner_id"].value_counts()
    partners = partners.assign(activity_count=partners["id"].map(counts).fillna(0).astype(int))
    return View(filters=filters, years=(low, high), partners=partners.reset_index(drop=True),
                agreements=agreements.reset_index(drop=True), activities=acts.reset_index(drop=True),
                partner_sectors=sectors_of)


def partner_events(ds: Dataset, partner_id: str) -> pd.DataFrame:
    """One partner's agreements and activities in date order: the detail view and the Seoul timeline."""
    agr = ds.agreements[ds.agreements["partner_id"] == partner_id]
    act = ds.activities[ds.activities["partner_id"] == partner_id]
    rows = [{"id": r.id, "date": r.date, "date_precision": r.date_precision, "end_date": "", "year": r.year,
             "type": "agreement", "kind": r.kind, "sectors": r.sectors, "sector": r.sectors[0],
             "context": False, "confidence": r.confidence, "note_en": r.note_en, "note_id": r.note_id,
             "alt_source_url": r.alt_source_url, "source_urls": r.source_urls} for r in agr.itertuples()]
    rows += [{"id": r.id, "date": r.date, "date_precision": r.date_precision, "end_date": r.end_date,
              "year": r.year, "type": "activity", "kind": r.kind, "sectors": (r.sector,), "sector": r.sector,
              "context": r.context, "confidence": r.confidence, "note_en": r.note_en, "note_id": r.note_id,
              "alt_source_url": r.alt_source_url, "source_urls": (r.source_url,),
              "title_en": r.title_en, "title_id": r.title_id, "happened": getattr(r, "happened", "yes")}
             for r in act.itertuples()]
    events = pd.DataFrame(rows, columns=["id", "date", "date_precision", "end_date", "year", "type", "kind",
                                         "sectors", "sector", "context", "confidence", "note_en", "note_id",
                                         "alt_source_url", "source_urls", "title_en", "title_id", "happened"])
    return events.sort_values(["date", "type"], kind="stable").reset_index(drop=True)


def partner_names(ds: Dataset) -> dict[str, str]:
    """Partner id -> the name to show and to accept in a link: the city's English name, followed by its
    country code when another partner has the same name (two countries may have a city of that name; the
    validator keeps names unique within a country), so that every name leads to exactly one partner."""
    names = ds.partners["city_en"]
    shared = names.str.lower().duplicated(keep=False)
    shown = names.where(~shared, names + " (" + ds.partners["country_iso3"] + ")")
    return dict(zip(ds.partners["id"], shown))


def known_partner(ds: Dataset, value: object) -> str | None:
    """A partner id from the URL (an id, or a name from `partner_names`), or None when it is not one the
    data knows or the name could mean more than one partner."""
    if not isinstance(value, str):
        return None
    if value in set(ds.partners["id"]):
        return value
    matches = [pid for pid, name in partner_names(ds).items() if name == value]
    return matches[0] if len(matches) == 1 else None
