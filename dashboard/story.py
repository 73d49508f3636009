"""The presenter's story: the steps of `data/story.csv` and the one-sentence takeaway of each, computed
from the data in the current view and language.

Plain functions (no Streamlit). Which visual a step draws is chosen by its `id`; its title and the
wording of its takeaway are data, in both languages. A step has a sentence for the usual view
(`takeaway`) and, where the usual sentence would not fit, one for a narrow view (`takeaway_narrow`: one
partner, partnerships all in one decade, one field) and one for the history player (`takeaway_playing`:
what the network holds by the year reached). The counted words in them ("one partner city", "16 partner
cities"), lists and ties come from `data/i18n.csv` through `dashboard.words`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import words
from dashboard.charts import per_sector
from dashboard.contract import STORY_CASES
from dashboard.filters import View, partner_events, placed_year
from dashboard.i18n import Translator
from dashboard.loader import Dataset
from dashboard.words import and_list, counted, each, non_zero, period

SEOUL = "seoul"
GENERAL, NARROW, PLAYING = STORY_CASES


@dataclass(frozen=True)
class Step:
    number: int
    id: str
    title: str
    takeaway: str


@dataclass(frozen=True)
class Takeaway:
    """Which of a step's sentences fits the view (`case`, a column of story.csv without its language) and
    the values to fill into it."""

    case: str
    values: dict[str, object]


@dataclass(frozen=True)
class OpenQuestion:
    title: str
    answer: str  # one line: what the sources say


class _KeepUnknown(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, found: dict[str, object]) -> str:
    """A takeaway template with its values; a placeholder the step does not know stays visible as written
    (the validator rejects unknown placeholders, so this is a last line of defence, never a crash)."""
    try:
        return template.format_map(_KeepUnknown(found))
    except (ValueError, IndexError, AttributeError, KeyError):
        return template


def steps_frame(ds: Dataset) -> pd.DataFrame:
    return ds.story.sort_values("step", kind="stable").reset_index(drop=True)


def step_count(ds: Dataset) -> int:
    return len(ds.story)


# --- What each step says ---------------------------------------------------------------------------------

def _network(view: View, t: Translator) -> Takeaway | None:
    partners = view.partners
    if partners.empty:
        return None
    # A signed partner is placed by its first document; an unsigned one by its first recorded contact.
    years = placed_year(partners)
    dated = partners[years.notna()].assign(year=years[years.notna()].astype(int))
    signed = dated[dated["signed"]]
    first = signed if len(signed) else dated
    if len(partners) == 1:
        row = partners.iloc[0]
        since = t("story.since", year=int(first["year"].iloc[0])) if len(first) else t("story.since_unknown")
        return Takeaway(NARROW, {"partner": row["city_en"], "country": t.country(row["country_iso3"]), "since": since})
    if len(first) and len(first) == len(partners) and first["year"].nunique() == 1:
        first_link = t("story.first_link_same_year", year=int(first["year"].iloc[0]))
    elif len(first):
        year = int(first["year"].min())
        first_link = t("story.first_link", cities=and_list(t, sorted(first.loc[first["year"] == year, "city_en"])),
                       year=year)
    else:
        first_link = t("story.first_link_unknown")
    return Takeaway(GENERAL, {
        "partners_count": counted(t, "story.partner_cities", len(partners)),
        "countries_count": counted(t, "story.countries", partners["country_iso3"].nunique()),
        "regions_count": counted(t, "story.regions", partners["region"].nunique()),
        "first_link": first_link})


def _signed(view: View) -> pd.DataFrame:
    """The signed partnerships of the view with their year, in the order they were signed."""
    p = view.partners
    signed = p[p["signed"] & p["first_year"].notna()]
    return signed.assign(year=signed["first_year"].astype(int)).sort_values(["year", "city_en"], kind="stable")


def _growth(view: View, t: Translator, playing: bool) -> Takeaway | None:
    signed = _signed(view)
    if playing:
        reached = view.years[1]
        if signed.empty:
            return Takeaway(PLAYING, {"year": reached, "so_far": counted(t, "story.so_far", 0)})
        latest = int(signed["year"].max())
        so_far = counted(t, "story.so_far", len(signed), year=latest,
                         cities=and_list(t, signed.loc[signed["year"] == latest, "city_en"]))
        return Takeaway(PLAYING, {"year": reached, "so_far": so_far})
    if signed.empty:
        return None
    years = signed["year"].tolist()
    partnerships = counted(t, "story.partnerships", len(years))
    when = period(t, min(years), max(years))
    decades = [(decade, sum(1 for y in years if y // 10 * 10 == decade)) for decade in sorted({y // 10 * 10 for y in years})]
    peaks, count = words.leaders(decades)
    if len(peaks) == len(decades):  # one decade (or year), or no decade stands out: the names say more
        return Takeaway(NARROW, {"partnerships": partnerships, "period": when,
                                 "cities": and_list(t, signed["city_en"])})
    # Decades that tie for the most are named together.
    return Takeaway(GENERAL, {"partnerships": partnerships, "period": when,
                              "peak_decade": and_list(t, [t("story.decade", year=d) for d in peaks], shown=None),
                              "peak_count": each(t, count, len(peaks))})


def _fields(view: View, ds: Dataset, t: Translator) -> Takeaway | None:
    """The fields ranked by their recorded activities (as the chart beside it shows); a view with one
    field, or whose fields all tie, says what the leading field(s) hold."""
    chosen = set(view.filters.sectors)
    activities, partnerships = per_sector(view), view.partners_per_sector
    shown = [(s, partnerships.get(s, 0), activities.get(s, 0)) for s in ds.sectors["id"]
             if (not chosen or s in chosen) and (partnerships.get(s, 0) or activities.get(s, 0))]
    if not shown:  # the chart has nothing to draw either
        return None
    by_activity = words.ranks((s, a) for s, _, a in shown)
    if len(by_activity) >= 2:
        (first, first_n), (second, second_n) = by_activity[:2]
        return Takeaway(GENERAL, {
            "first_fields": and_list(t, [t.sector(s) for s in first]), "first_count": each(t, first_n, len(first)),
            "next_fields": and_list(t, [t.sector(s) for s in second]), "next_count": each(t, second_n, len(second))})
    # One field, or the leaders by activities (by partnerships when no activity is counted) tie.
    leading, count = by_activity[0] if by_activity else words.ranks((s, p) for s, p, _ in shown)[0]
    if len(leading) == 1:
        sector = leading[0]
        p, a = next((p, a) for s, p, a in shown if s == sector)
        counts = and_list(t, non_zero([(p, counted(t, "story.partnerships", p)),
                                       (a, counted(t, "story.activities", a))]))
    else:
        counts = counted(t, "story.activities_each" if by_activity else "story.partnerships_each", count)
    return Takeaway(NARROW, {"fields": and_list(t, [t.sector(s) for s in leading]), "counts": counts})


def _seoul(ds: Dataset, t: Translator) -> Takeaway | None:
    events = partner_events(ds, SEOUL)
    findings = ds.seoul.findings
    if events.empty or findings.empty:
        return None
    return Takeaway(GENERAL, {"finding_count": counted(t, "story.reasons", len(findings)),
                              "event_count": counted(t, "story.events", len(events)),
                              "period": period(t, int(events["year"].min()), int(events["year"].max()))})


def _open(ds: Dataset, t: Translator) -> Takeaway | None:
    questions = ds.seoul.open_questions
    if questions.empty:
        return None
    return Takeaway(GENERAL, {"question_count": counted(t, "story.questions", len(questions))})


def values(step_id: str, view: View, ds: Dataset, t: Translator, playing: bool = False) -> Takeaway | None:
    """Which sentence of a step fits the current view, and its values; None when there is nothing to say
    (then the step's visual has nothing to draw either). `playing`: the history player is running, and
    the growth step says what the network holds by the last year of the view."""
    if step_id == "network":
        return _network(view, t)
    if step_id == "growth":
        return _growth(view, t, playing)
    if step_id == "fields":
        return _fields(view, ds, t)
    if step_id == "seoul":
        return _seoul(ds, t)
    if step_id == "open":
        return _open(ds, t)
    return None


def step(ds: Dataset, number: int, view: View, t: Translator, playing: bool = False) -> Step:
    """Step `number` (1-based, clamped to the story's length) with its takeaway filled in. `playing`: the
    history player is running (the page knows it from the session)."""
    frame = steps_frame(ds)
    row = frame.iloc[min(max(number, 1), len(frame)) - 1]
    found = values(row["id"], view, ds, t, playing)
    if found is None:
        takeaway = t("story.nothing")
    else:
        template = row.get(f"{found.case}_{t.lang}", "") or row[f"{GENERAL}_{t.lang}"]
        takeaway = fill(template, found.values)
    return Step(number=int(row["step"]), id=row["id"], title=row[f"title_{t.lang}"], takeaway=takeaway)


def open_questions(ds: Dataset, t: Translator) -> list[OpenQuestion]:
    """The open questions of the Seoul case, each with its one-line answer, in the page's language."""
    return [OpenQuestion(t.pick(q, "title"), t.pick(q, "answer")) for q in ds.seoul.open_questions.itertuples()]
