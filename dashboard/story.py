"""The presenter's story: the steps of `data/story.csv` and the one-sentence takeaway of each, computed
from the data in the current view and language.

Plain functions (no Streamlit). Which visual a step draws is chosen by its `id`; its title and the
wording of its takeaway are data, in both languages.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pandas as pd

from dashboard.data import Dataset
from dashboard.filters import View, partner_events
from dashboard.i18n import Translator

SEOUL = "seoul"


@dataclass(frozen=True)
class Step:
    number: int
    id: str
    title: str
    takeaway: str


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


def values(step_id: str, view: View, ds: Dataset, t: Translator) -> dict[str, object] | None:
    """What a step's takeaway says, computed from the current view; None when there is nothing to say."""
    if step_id == "network":
        signed = view.partners[view.partners["signed"]].sort_values(["first_year", "city_en"])
        if view.partners.empty:
            return None
        first = signed.iloc[0] if len(signed) else view.partners.iloc[0]
        year = int(first["first_year"]) if len(signed) else "–"
        return {"partners": len(view.partners), "countries": view.partners["country_iso3"].nunique(),
                "regions": view.partners["region"].nunique(), "oldest": first["city_en"], "oldest_year": year}
    if step_id == "growth":
        years = view.partners.loc[view.partners["signed"], "first_year"].dropna().astype(int)
        if years.empty:
            return None
        decades = Counter(y // 10 * 10 for y in years)
        peak, count = max(decades.items(), key=lambda item: (item[1], item[0]))
        return {"total": len(years), "first_year": int(years.min()), "last_year": int(years.max()),
                "peak_decade": peak, "peak_count": count}
    if step_id == "fields":
        counts = Counter(view.activity_sector.tolist())
        if len(counts) < 2:
            return None
        order = {s: i for i, s in enumerate(ds.sectors["id"])}
        ranked = sorted(counts.items(), key=lambda item: (-item[1], order.get(item[0], 99)))
        (top, top_n), (second, second_n) = ranked[:2]
        return {"top_field": t.sector(top), "top_count": int(top_n), "second_field": t.sector(second),
                "second_count": int(second_n)}
    if step_id == "seoul":
        events = partner_events(ds, SEOUL)
        findings = ds.seoul.findings
        if events.empty or findings.empty:
            return None
        titles = [str(title) for title in findings[f"title_{t.lang}"]]
        return {"finding_count": len(findings), "findings": "; ".join(titles), "events": len(events),
                "first_year": int(events["year"].min()), "last_year": int(events["year"].max())}
    if step_id == "open":
        questions = ds.seoul.open_questions
        if questions.empty:
            return None
        return {"count": len(questions), "first": questions.iloc[0][f"title_{t.lang}"]}
    return None


def step(ds: Dataset, number: int, view: View, t: Translator) -> Step:
    """Step `number` (1-based, clamped to the story's length) with its takeaway filled in."""
    frame = steps_frame(ds)
    row = frame.iloc[min(max(number, 1), len(frame)) - 1]
    found = values(row["id"], view, ds, t)
    takeaway = fill(row[f"takeaway_{t.lang}"], found) if found else t("story.nothing")
    return Step(number=int(row["step"]), id=row["id"], title=row[f"title_{t.lang}"], takeaway=takeaway)
