"""One small value for what the reader is looking at: language, filters, the open partner, the chosen
finding, the colouring, presentation mode and step. The URL, every page, the presentation steps and
every export read and write this value; pages render it.

Pure Python (no Streamlit). The URL carries ids only and only the values that differ from the defaults,
so a link copied in one language opens the same view in the other. Links written with labels (as older
versions of the dashboard wrote them, in either language) are still understood; anything unknown or
malformed is dropped, so an odd link never fails a page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Final, TypeVar, cast

from dashboard.contract import RELATIONSHIPS, STATUSES
from dashboard.filters import Filters, year_bounds, year_range
from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES, Language, Translator
from dashboard.loader import Dataset
from dashboard.options import ATLAS_FOCUS, COLOR_BY, MODES, AtlasFocus, ColorBy, Mode

# Parameters Streamlit itself reads (embedding); they are kept as they are.
STREAMLIT_PARAMS = ("embed", "embed_options")


@dataclass(frozen=True)
class ViewState:
    lang: Language = DEFAULT_LANGUAGE
    filters: Filters = Filters()  # years, sectors, relationships, statuses, planned (the atlas filters no country)
    partner: str | None = None  # a partner id the data knows (see Vocabulary.partner)
    finding: str | None = None
    color_by: ColorBy = "relationship"
    map_focus: AtlasFocus = "world"  # the world, or East Asia with every Korean and Japanese partner named
    mode: Mode = "explore"
    step: int = 1

    # The filters' fields as the view's widgets and its URL name them.
    @property
    def years(self) -> tuple[int, int] | None:
        return self.filters.years

    @property
    def sectors(self) -> tuple[str, ...]:
        return self.filters.sectors

    @property
    def relationships(self) -> tuple[str, ...]:
        return self.filters.relationships

    @property
    def statuses(self) -> tuple[str, ...]:
        return self.filters.statuses

    @property
    def planned(self) -> bool:
        """Whether activities that were only announced or planned count too."""
        return self.filters.include_planned

    def with_(self, **changes: object) -> ViewState:
        """The view with some fields changed; a filter's field (years, sectors, relationships, statuses,
        planned) changes the view's filters."""
        moved = {FILTER_FIELDS[name]: changes.pop(name) for name in list(changes) if name in FILTER_FIELDS}
        if moved:
            filters = changes.get("filters", self.filters)
            changes["filters"] = replace(filters if isinstance(filters, Filters) else self.filters, **moved)  # type: ignore[arg-type]
        return replace(self, **changes)  # type: ignore[arg-type]


# The view's names of the filters' fields.
FILTER_FIELDS: Final = {"years": "years", "sectors": "sectors", "relationships": "relationships",
                        "statuses": "statuses", "planned": "include_planned"}
DEFAULT = ViewState()


@dataclass(frozen=True)
class Vocabulary:
    """What a URL value may name, by id and by every label a link may carry (either language)."""

    bounds: tuple[int, int]
    sectors: dict[str, str] = field(default_factory=dict)  # any label or id -> sector id
    relationships: dict[str, str] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)
    partners: dict[str, str] = field(default_factory=dict)  # id or unambiguous city name -> partner id
    findings: dict[str, str] = field(default_factory=dict)
    steps: int = 5

    def partner(self, value: object) -> str | None:
        """The one rule for a partner named by a link, a widget or a click: its id or its unambiguous city
        name (either case); None for anything else."""
        return self.partners.get(_fold(value)) if isinstance(value, str) else None

    @classmethod
    def for_dataset(cls, ds: Dataset, steps: int = 5) -> Vocabulary:
        translators = Translator.for_dataset(ds, DEFAULT_LANGUAGE).every_language()

        def lookup(ids: Iterable[str], label) -> dict[str, str]:
            table: dict[str, str] = {}
            for t in translators:
                for value in ids:
                    table.setdefault(_fold(label(t, value)), value)
            table.update({_fold(value): value for value in ids})  # ids win over a clashing label
            return table

        names: dict[str, list[str]] = {}
        for pid, city in zip(ds.partners["id"], ds.partners["city_en"]):
            names.setdefault(_fold(city), []).append(pid)
        # A city name that two partners share would open the wrong one: such names are not accepted.
        partners = {name: ids[0] for name, ids in names.items() if len(ids) == 1}
        partners.update({_fold(pid): pid for pid in ds.partners["id"]})
        findings_frame = ds.seoul.findings
        findings: dict[str, str] = {}
        for lang in LANGUAGES:
            for fid, title in zip(findings_frame["id"], findings_frame[f"title_{lang}"]):
                findings.setdefault(_fold(title), fid)
        findings.update({_fold(fid): fid for fid in findings_frame["id"]})
        return cls(bounds=year_bounds(ds),
                   sectors=lookup(list(ds.sectors["id"]), lambda t, s: t.sector(s)),
                   relationships=lookup(RELATIONSHIPS, lambda t, r: t.label("relationship", r)),
                   statuses=lookup(STATUSES, lambda t, s: t.label("status", s)),
                   partners=partners, findings=findings, steps=steps)


def _fold(value: object) -> str:
    return str(value).strip().casefold()


def _values(params: Mapping[str, object], key: str) -> list[str]:
    value = params.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in cast("Iterable[object]", value)]  # a list of values (Streamlit's query params)


def _many(params: Mapping[str, object], key: str, table: dict[str, str], order: Iterable[str],
          default: tuple[str, ...]) -> tuple[str, ...]:
    """Several ids from repeated parameters. `key=` alone (one empty value) means "none chosen"; values
    that match nothing are dropped, and when nothing matches the default stands."""
    raw = _values(params, key)
    if not raw:
        return default
    if raw == [""]:
        return ()
    found = {table[_fold(v)] for v in raw if _fold(v) in table}
    if not found:
        return default
    return tuple(value for value in order if value in found)


def _one(params: Mapping[str, object], key: str, table: dict[str, str]) -> str | None:
    for value in _values(params, key):
        if _fold(value) in table:
            return table[_fold(value)]
    return None


Option = TypeVar("Option", bound=str)


def _choice(params: Mapping[str, object], key: str, options: tuple[Option, ...]) -> Option | None:
    """One of `options` (ids, in any case) from a parameter; None when it names none of them."""
    for value in _values(params, key):
        found = next((option for option in options if option == _fold(value)), None)
        if found is not None:
            return found
    return None


def _years(params: Mapping[str, object], bounds: tuple[int, int]) -> tuple[int, int] | None:
    raw = _values(params, "years")
    if len(raw) == 1:
        raw = raw * 2  # one year: that year alone
    if len(raw) != 2 or not all(v.strip().isascii() and v.strip().isdigit() for v in raw):
        return None
    return year_range((int(v) for v in raw), bounds)


def _int(params: Mapping[str, object], key: str, low: int, high: int, default: int) -> int:
    raw = _values(params, key)
    if raw and raw[0].strip().isascii() and raw[0].strip().isdigit():
        return min(max(int(raw[0]), low), high)
    return default


def parse(params: Mapping[str, object], vocab: Vocabulary) -> ViewState:
    """The view a link describes. Accepts ids and labels in either language; ignores what it does not know."""
    lang = _choice(params, "lang", LANGUAGES) or DEFAULT.lang
    color = _choice(params, "color", COLOR_BY) or DEFAULT.color_by
    mode = _choice(params, "mode", MODES) or DEFAULT.mode
    focus = _choice(params, "map", ATLAS_FOCUS) or DEFAULT.map_focus
    planned = _choice(params, "planned", ("1", "yes", "true")) is not None
    sector_order = list(dict.fromkeys(vocab.sectors.values()))
    partner = next((found for found in map(vocab.partner, _values(params, "partner")) if found), None)
    return ViewState(
        lang=lang,
        filters=Filters(
            years=_years(params, vocab.bounds),
            sectors=_many(params, "sectors", vocab.sectors, sector_order, ()),
            relationships=_many(params, "rel", vocab.relationships, RELATIONSHIPS, DEFAULT.relationships),
            statuses=_many(params, "status", vocab.statuses, STATUSES, DEFAULT.statuses),
            include_planned=planned),
        partner=partner,
        finding=_one(params, "finding", vocab.findings),
        color_by=color, map_focus=focus, mode=mode,
        step=_int(params, "step", 1, vocab.steps, 1) if mode == "present" else 1,
    )


def to_params(state: ViewState, vocab: Vocabulary) -> dict[str, str | list[str]]:
    """The URL parameters of a view: ids only, and only what differs from the defaults."""
    out: dict[str, str | list[str]] = {}
    if state.lang != DEFAULT.lang:
        out["lang"] = state.lang
    if state.mode != DEFAULT.mode:
        out["mode"] = state.mode
        if state.step != 1:
            out["step"] = str(state.step)
    if state.years is not None and tuple(state.years) != vocab.bounds:
        out["years"] = [str(state.years[0]), str(state.years[1])]
    if state.sectors:
        out["sectors"] = list(state.sectors)
    for key, value, default in (("rel", state.relationships, DEFAULT.relationships),
                                ("status", state.statuses, DEFAULT.statuses)):
        if set(value) != set(default):
            out[key] = list(value) if value else [""]
    if state.partner:
        out["partner"] = state.partner
    if state.finding:
        out["finding"] = state.finding
    if state.color_by != DEFAULT.color_by:
        out["color"] = state.color_by
    if state.map_focus != DEFAULT.map_focus:
        out["map"] = state.map_focus
    if state.planned:
        out["planned"] = "1"
    return out


def same_params(a: Mapping[str, object], b: Mapping[str, object]) -> bool:
    """Whether two sets of URL parameters say the same thing (Streamlit's own parameters aside)."""
    def norm(params):
        return {k: tuple(_values(params, k)) for k in params if k not in STREAMLIT_PARAMS}
    return norm(a) == norm(b)


def describe(state: ViewState, t: Translator, bounds: tuple[int, int]) -> str:
    """One line saying what the view shows, for the audience when the sidebar is hidden (and for captions).
    Only what differs from the defaults is named."""
    low, high = state.years or bounds
    parts = [f"{low}–{high}" if low != high else str(low)]  # one year is not a range
    parts.append(", ".join(t.sector(s) for s in state.sectors) if state.sectors else t("summary.all_fields"))
    if set(state.relationships) != set(DEFAULT.relationships):
        parts.append(", ".join(t.label("relationship", r) for r in state.relationships) or t("summary.no_relationship"))
    if set(state.statuses) != set(DEFAULT.statuses):
        parts.append(", ".join(t.label("status", s) for s in state.statuses) or t("summary.no_status"))
    else:
        parts.append(t("summary.signed_only"))
    if state.planned:
        parts.append(t("summary.with_planned"))
    return " · ".join(parts)


def next_year(years: tuple[int, int] | None, bounds: tuple[int, int], eventful: frozenset[int] | None = None,
              stride: int = 5) -> tuple[tuple[int, int], bool]:
    """One step of playing the history: the range grows by a year from the first year of the data, or,
    through years in which nothing new appears (none of `eventful`, when given), by up to `stride` years
    at once, so that thirty empty years pass in a few steps. Returns the new range and whether the last
    year is reached."""
    low, high = bounds
    start, end = years or (low, low)
    end = min(max(end + 1, start), high)
    if eventful is not None:
        for _ in range(stride - 1):
            if end >= high or end in eventful or end + 1 in eventful:
                break
            end += 1
    return (low, end), end >= high


def play_start(years: tuple[int, int] | None, bounds: tuple[int, int]) -> tuple[int, int]:
    """Where playing starts: from the first year alone, unless it was paused part-way."""
    low, high = bounds
    if years is None or years[1] >= high or years[0] != low:
        return low, low
    return years
