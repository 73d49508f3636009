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
import functools
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd

from dashboard import memo
from dashboard.contract import RELATIONSHIPS, SIGNED_STATUSES, STATUSES
from dashboard.loader import Dataset
from dashboard.memo import Key


@dataclass(frozen=True)
class Filters:
    years: tuple[int, int] | None = None  # None: every year of the data
    sectors: tuple[str, ...] = ()  # empty: every sector
    relationships: tuple[str, ...] = RELATIONSHIPS
    statuses: tuple[str, ...] = SIGNED_STATUSES
    countries: tuple[str, ...] = ()  # ISO alpha-3 codes; empty: every country
    include_planned: bool = False  # also count activities that were announced or planned but not reported done


@dataclass(frozen=True)
class View:
    """What the filters leave of a dataset. Shared by every session that asks for the same filters (see
    `content.view`): its fields cannot be rebound, its arrays and mappings are read-only, and its frames
    must not be changed in place (take a copy to change one)."""

    filters: Filters
    years: tuple[int, int]
    partners: pd.DataFrame
    agreements: pd.DataFrame
    # The counted activities: the dataset's activities and the rows of it this view counts. The rows'
    # years and sectors are what the charts and figures need; the whole rows (long texts included, the
    # costly part on a large dataset) are taken only when something asks for `activities`.
    all_activities: pd.DataFrame = field(repr=False, compare=False)
    activity_index: np.ndarray = field(repr=False, compare=False)
    activity_year: np.ndarray = field(repr=False, compare=False)
    activity_sector: np.ndarray = field(repr=False, compare=False)  # sector ids (objects)
    partner_sectors: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))
    # Each shown partner's row in `every_partner(ds)` (None for a view not made by `apply`): the page's
    # table of the view is these rows of the table of every partner.
    partner_rows: np.ndarray | None = field(default=None, repr=False, compare=False)

    @property
    def empty(self) -> bool:
        return self.partners.empty

    @functools.cached_property
    def activities(self) -> pd.DataFrame:
        """The counted activities, in the dataset's order (read-only: the view is shared)."""
        return self.all_activities.take(self.activity_index).reset_index(drop=True)

    @property
    def activity_count(self) -> int:
        return len(self.activity_index)

    # The counts below are what several charts and their summaries start from: worked out once per view
    # (the view is shared, so they are read-only).

    @functools.cached_property
    def activity_tally(self) -> Mapping[tuple[int, str], int]:
        """How many activities each (year, sector) has, in the order each pair first occurs in `activities`
        (so the sectors, too, come in the order they first occur)."""
        years = self.activity_year
        if not len(years):
            return MappingProxyType({})
        sector_codes, sectors = pd.factorize(self.activity_sector)
        # one integer per (year, sector); factorize keeps the order of first occurrence
        first = int(years.min())
        pair_codes, pairs = pd.factorize((years - first) * len(sectors) + sector_codes)
        counts = np.bincount(pair_codes).tolist()
        return MappingProxyType({(first + pair // len(sectors), sectors[pair % len(sectors)]): count
                                 for pair, count in zip(pairs.tolist(), counts)})

    @functools.cached_property
    def sector_counts_by_partner(self) -> Mapping[str, Counter]:
        """For each shown partner, how many of its counted activities, then of its agreements, are in each
        sector (in that order of first occurrence). Read-only."""
        counts: dict[str, Counter] = {pid: Counter() for pid in self.partners["id"]}
        activity_partner = self.all_activities["partner_id"].to_numpy(dtype=object)[self.activity_index]
        for pid, sector in zip(activity_partner.tolist(), self.activity_sector.tolist()):
            counts[pid][sector] += 1  # an activity is counted only when its partner is shown
        for pid, sectors in zip(self.agreements["partner_id"], self.agreements["sectors"]):
            counts[pid].update(sectors)
        return MappingProxyType(counts)

    @functools.cached_property
    def partners_per_sector(self) -> Mapping[str, int]:
        """How many shown partners have an agreement or activity in each sector (see `partner_sectors`)."""
        per_sector: Counter = Counter()
        # Partners share a few combinations of sectors (often the same set objects): count those first.
        for sectors, count in Counter(self.partner_sectors.get(pid, frozenset()) for pid in self.partners["id"]).items():
            for sector in sectors:
                per_sector[sector] += count
        return MappingProxyType(per_sector)

    def headline(self) -> dict[str, int | str]:
        """The figures above the map, for the current filter (a copy: every rerun shows them)."""
        return dict(self._headline)

    @functools.cached_property
    def _headline(self) -> Mapping[str, int | str]:
        years = [int(y) for y in self.partners["first_year"].dropna()]
        if len(self.activity_year):
            years += [int(self.activity_year.min()), int(self.activity_year.max())]
        span = ("–" if not years else str(min(years)) if min(years) == max(years)  # one year is not a range
                else f"{min(years)}–{max(years)}")
        return MappingProxyType({"partners": len(self.partners), "countries": self.partners["country_iso3"].nunique(),
                                 "regions": self.partners["region"].nunique(), "activities": self.activity_count,
                                 "years": span})


def placed_year(partners: pd.DataFrame) -> pd.Series:
    """The year a partner is placed in: its first formal document, or its first contact when unsigned."""
    return partners["first_year"].where(partners["signed"], partners["first_contact_year"])


def first_year(ds: Dataset) -> int | None:
    """The first year of the atlas, the same on the slider, the chart axes and titles and the headline:
    the earliest year a partner is placed in or an agreement or activity is dated (None when nothing is
    dated). A signed partner's earlier first contact is part of its story, not a year the atlas places it in."""
    earliest = [int(years.min()) for years in (placed_year(ds.partners).dropna(), ds.agreements["year"],
                                               ds.activities["year"]) if len(years)]
    return min(earliest) if earliest else None


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


def took_place(activities: pd.DataFrame) -> pd.Series:
    """True for the activities a source reports as having taken place (`happened` is `yes` or empty)."""
    if "happened" not in activities:
        return pd.Series(True, index=activities.index)
    return activities["happened"].isin(("yes", ""))


def _read_only(array: np.ndarray) -> np.ndarray:
    """The array, made read-only: it is shared (kept in the dataset's memo)."""
    array.flags.writeable = False
    return array


def _positions(values, vocabulary: list) -> np.ndarray:
    """Each value's position in `vocabulary` (a list of distinct values); len(vocabulary) for a value
    outside it, so that a lookup table one longer than the vocabulary can answer for every value."""
    positions = pd.Index(vocabulary, dtype=object).get_indexer(pd.Index(values, dtype=object))
    positions[positions < 0] = len(vocabulary)
    return positions


def _sector_table(ds: Dataset) -> tuple[list[str], dict[bool, np.ndarray]]:
    """The sectors (the vocabulary's, then any other the data names) and, without and with the activities
    only planned, a partner x sector table (partners in the data's order): whether the partner has an
    agreement or an activity in the sector."""
    agreement_sectors = [s for sectors in ds.agreements["sectors"] for s in sectors]
    sector_ids = list(ds.sectors["id"])
    known = set(sector_ids)
    sector_ids += [s for s in pd.unique(pd.Series([*agreement_sectors, *ds.activities["sector"]], dtype=object))
                   if s not in known]
    partner_ids = list(ds.partners["id"])
    # a row past the last partner takes what belongs to none (the loader refuses such rows)
    agreement_rows = np.repeat(_positions(ds.agreements["partner_id"], partner_ids),
                               [len(sectors) for sectors in ds.agreements["sectors"]])
    activity_rows = _positions(ds.activities["partner_id"], partner_ids)
    activity_columns = _positions(ds.activities["sector"], sector_ids)
    done = took_place(ds.activities).to_numpy(dtype=bool)
    tables = {}
    for planned in (False, True):
        table = np.zeros((len(partner_ids) + 1, len(sector_ids)), dtype=bool)
        table[agreement_rows, _positions(agreement_sectors, sector_ids)] = True
        counted = slice(None) if planned else done
        table[activity_rows[counted], activity_columns[counted]] = True
        tables[planned] = table[:-1]
    return sector_ids, tables


def _sector_sets(ds: Dataset, sector_ids: list[str], table: np.ndarray) -> Mapping[str, frozenset[str]]:
    """Partner id -> its sectors, from a `_sector_table` table (read-only: views share it)."""
    sets: dict[bytes, frozenset[str]] = {}  # partners share a few combinations of sectors: one set for each
    found = {}
    for pid, row in zip(ds.partners["id"], table):
        key = row.tobytes()
        if key not in sets:
            sets[key] = frozenset(sector_ids[i] for i in np.flatnonzero(row))
        found[pid] = sets[key]
    return MappingProxyType(found)


# The order partners are listed in on every page: by first document, then by first contact (unknown years
# last), then by name; partners that tie keep the data's order.
PARTNER_ORDER = ["first_year", "first_contact_year", "city_en"]


@dataclass(frozen=True)
class _Coded:
    """A column as each row's position in the list of its distinct values, so that keeping the rows with
    chosen values is one array lookup instead of a pandas `isin` (which costs far more than the work on
    frames this small)."""

    vocabulary: dict  # value -> its position
    codes: np.ndarray  # each row's position; len(vocabulary) for a value outside it (or missing)

    @classmethod
    def of(cls, values: pd.Series, vocabulary: list | None = None) -> _Coded:
        """`values` coded by `vocabulary`, by default by their own distinct values."""
        if vocabulary is None:
            vocabulary = [v for v in pd.unique(values) if not pd.isna(v)]
        return cls({v: i for i, v in enumerate(vocabulary)}, _read_only(_positions(values, vocabulary)))

    def values(self, rows: np.ndarray) -> np.ndarray:
        """The values of these rows (None for one outside the vocabulary)."""
        return self._by_code[self.codes[rows]]

    @functools.cached_property
    def _by_code(self) -> np.ndarray:
        return _read_only(np.array([*self.vocabulary, None], dtype=object))

    def isin(self, chosen: tuple) -> np.ndarray:
        """Per row: whether its value is one of `chosen`."""
        table = np.zeros(len(self.vocabulary) + 1, dtype=bool)
        table[[self.vocabulary[v] for v in chosen if v in self.vocabulary]] = True
        return table[self.codes]


@dataclass(frozen=True)
class PreparedKey(Key):
    """The memo key of `_prepared`: it depends on the dataset alone."""


@dataclass(frozen=True)
class _Prepared:
    """What every filtering of a dataset needs and only the dataset decides (see `_prepared`). Shared:
    its arrays and mappings are read-only, and nobody may change its frame."""

    partners: pd.DataFrame  # joined with their countries, in PARTNER_ORDER
    bounds: tuple[int, int]
    sectors: frozenset[str]
    countries: frozenset[str]
    partner_sectors: Mapping[bool, Mapping[str, frozenset[str]]]  # by include_planned
    placed_at: np.ndarray  # NaN: no year known
    undated_unsigned: np.ndarray  # an unsigned partner with no known year is shown whatever the years
    relationship: _Coded
    status: _Coded
    country: _Coded
    sector_column: Mapping[str, int]
    has_sector: Mapping[bool, np.ndarray]  # by include_planned: partner x sector, partners in `partners` order
    activity_partner: np.ndarray  # each activity's partner as its row in `partners` (past the last: none)
    agreement_partner: np.ndarray
    activity_year: np.ndarray
    activity_happened: np.ndarray
    activity_sector: _Coded


def _prepared(ds: Dataset) -> _Prepared:
    """What every filtering of a dataset needs and only the dataset decides, worked out once, so that a new
    filter costs a few array operations and one `take` per frame: the partners joined with their countries
    and already in PARTNER_ORDER, the columns the filters test as arrays, each partner's sectors (as sets
    and as a partner x sector table, with and without planned activities), and each activity's and
    agreement's partner as its row among the ordered partners. Shared: nobody may change these values."""
    def build() -> _Prepared:
        partners = ds.partners.merge(ds.countries[["iso3", "region", "iso_numeric"]], left_on="country_iso3",
                                     right_on="iso3", how="left").drop(columns="iso3")
        # The sort is stable, so the rows a filter keeps, taken in this order, are in the order sorting
        # just those rows would give: no filter needs to sort again.
        order = partners.sort_values(PARTNER_ORDER, na_position="last").index.to_numpy()
        partners = partners.take(order).reset_index(drop=True)
        placed_at = placed_year(partners).to_numpy(dtype=float, na_value=np.nan)
        sector_ids, has_sector = _sector_table(ds)
        partner_ids = list(partners["id"])
        acts = ds.activities
        return _Prepared(
            partners=partners, bounds=year_bounds(ds), sectors=frozenset(ds.sectors["id"]),
            countries=frozenset(ds.countries["iso3"]),
            partner_sectors=MappingProxyType({planned: _sector_sets(ds, sector_ids, table)
                                              for planned, table in has_sector.items()}),
            placed_at=_read_only(placed_at),
            undated_unsigned=_read_only(~partners["signed"].to_numpy(dtype=bool) & np.isnan(placed_at)),
            relationship=_Coded.of(partners["relationship"]), status=_Coded.of(partners["status"]),
            country=_Coded.of(partners["country_iso3"]),
            sector_column=MappingProxyType({s: i for i, s in enumerate(sector_ids)}),
            has_sector=MappingProxyType({planned: _read_only(table[order]) for planned, table in has_sector.items()}),
            activity_partner=_read_only(_positions(acts["partner_id"], partner_ids)),
            agreement_partner=_read_only(_positions(ds.agreements["partner_id"], partner_ids)),
            activity_year=_read_only(acts["year"].to_numpy(dtype=np.int64, copy=True)),
            activity_happened=_read_only(took_place(acts).to_numpy(dtype=bool, copy=True)),
            activity_sector=_Coded.of(acts["sector"], sector_ids))
    return memo.of(ds).get(PreparedKey(), build)


def every_partner(ds: Dataset) -> pd.DataFrame:
    """Every partner of the dataset, joined with its country, in PARTNER_ORDER: a view's `partner_rows`
    are rows of this frame. Shared: never change it."""
    return _prepared(ds).partners


def year_range(years: Iterable[int] | None, bounds: tuple[int, int]) -> tuple[int, int] | None:
    """A year range as the atlas keeps it, wherever it comes from (a link, the slider, the command line, the
    filters): ordered and within the data's years `bounds`; None, every year, for the whole span or a
    range outside it."""
    if years is None:
        return None
    low, high = sorted(int(y) for y in years)
    low, high = max(low, bounds[0]), min(high, bounds[1])
    if low > high or (low, high) == tuple(bounds):
        return None
    return low, high


def clean(ds: Dataset, filters: Filters) -> Filters:
    """Drop values the data does not know and order the year range, so odd input never fails a page."""
    prepared = _prepared(ds)
    known_sectors = prepared.sectors
    # (A range given stays a range: the whole span when it covers or misses every year.)
    years = None if filters.years is None else year_range(filters.years, prepared.bounds) or prepared.bounds
    return Filters(years=years,
                   sectors=tuple(s for s in filters.sectors if s in known_sectors),
                   relationships=tuple(r for r in filters.relationships if r in RELATIONSHIPS),
                   statuses=tuple(s for s in filters.statuses if s in STATUSES),
                   countries=tuple(c for c in filters.countries if c in prepared.countries),
                   include_planned=bool(filters.include_planned))


def apply(ds: Dataset, filters: Filters) -> View:
    """The partners, agreements and activities that the current filters leave."""
    filters = clean(ds, filters)
    prepared = _prepared(ds)
    low, high = filters.years or prepared.bounds
    placed_at = prepared.placed_at
    keep = ((placed_at >= low) & (placed_at <= high)) | prepared.undated_unsigned
    keep &= prepared.relationship.isin(filters.relationships) & prepared.status.isin(filters.statuses)
    if filters.countries:
        keep &= prepared.country.isin(filters.countries)
    if filters.sectors:
        columns = [prepared.sector_column[s] for s in filters.sectors]
        keep &= prepared.has_sector[filters.include_planned][:, columns].any(axis=1)
    shown = np.append(keep, False)  # by partner row, and False for a partner the data does not list
    years = prepared.activity_year
    keep_acts = shown[prepared.activity_partner] & (years >= low) & (years <= high)
    if not filters.include_planned:
        keep_acts &= prepared.activity_happened
    if filters.sectors:
        keep_acts &= prepared.activity_sector.isin(filters.sectors)
    rows = _read_only(np.flatnonzero(keep))
    activity_count = np.bincount(prepared.activity_partner[keep_acts], minlength=len(shown))[rows]
    partners = prepared.partners.take(rows).reset_index(drop=True)
    partners["activity_count"] = activity_count.astype(np.int64)
    agreements = ds.agreements.take(np.flatnonzero(shown[prepared.agreement_partner])).reset_index(drop=True)
    counted = _read_only(np.flatnonzero(keep_acts))
    return View(filters=filters, years=(low, high), partners=partners, agreements=agreements,
                all_activities=ds.activities, activity_index=counted,
                activity_year=_read_only(years[counted]),
                activity_sector=_read_only(prepared.activity_sector.values(counted)),
                partner_sectors=prepared.partner_sectors[filters.include_planned], partner_rows=rows)


def partner_events(ds: Dataset, partner_id: str) -> pd.DataFrame:
    """One partner's agreements and activities in date order: the detail view and the Seoul timeline."""
    agr = ds.agreements[ds.agreements["partner_id"] == partner_id]
    act = ds.activities[ds.activities["partner_id"] == partner_id]
    rows = [{"id": r.id, "date": r.date, "date_precision": r.date_precision, "end_date": "", "year": r.year,
             "type": "agreement", "kind": r.kind, "sectors": r.sectors, "sector": r.sectors[0],
             "context": False, "confidence": r.confidence, "note_en": r.note_en, "note_id": r.note_id,
             "alt_source_url": r.alt_source_url, "source_urls": r.source_urls,
             "corroborating_urls": getattr(r, "corroborating_urls", ())} for r in agr.itertuples()]
    rows += [{"id": r.id, "date": r.date, "date_precision": r.date_precision, "end_date": r.end_date,
              "year": r.year, "type": "activity", "kind": r.kind, "sectors": (r.sector,), "sector": r.sector,
              "context": r.context, "confidence": r.confidence, "note_en": r.note_en, "note_id": r.note_id,
              "alt_source_url": r.alt_source_url, "source_urls": (r.source_url,),
              "corroborating_urls": getattr(r, "corroborating_urls", ()), "title_en": r.title_en,
              "title_id": r.title_id, "happened": getattr(r, "happened", "yes")}
             for r in act.itertuples()]
    events = pd.DataFrame(rows, columns=["id", "date", "date_precision", "end_date", "year", "type", "kind",
                                         "sectors", "sector", "context", "confidence", "note_en", "note_id",
                                         "alt_source_url", "source_urls", "corroborating_urls", "title_en", "title_id",
                                         "happened"])
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
