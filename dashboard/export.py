"""Tables of exactly what the map shows, and their CSV download with formula-proof text cells."""

from __future__ import annotations

import csv
import io

import pandas as pd

from dashboard.filters import View
from dashboard.i18n import Translator

# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def partner_table(view: View, t: Translator) -> pd.DataFrame:
    """One row per partner on the map, in the page's language: the accessible twin of the map."""
    p = view.partners
    return pd.DataFrame({
        t("table.city"): p["city_en"],
        t("table.local_name"): p["city_local"],
        t("table.country"): [t.country(c) for c in p["country_iso3"]],
        t("table.region"): [t.label("region", r) for r in p["region"]],
        t("filters.relationship"): [t.label("relationship", r) for r in p["relationship"]],
        t("filters.status"): [t.label("status", s) for s in p["status"]],
        t("table.since"): p["first_year"],
        t("filters.sectors"): [", ".join(t.sector(s) for s in sorted(view.partner_sectors.get(pid, ()),
                                                                      key=list(t.sectors).index))
                               for pid in p["id"]],
        t("table.activities"): p["activity_count"],
        t("table.summary"): [t.pick(r, "summary") for r in p.itertuples()],
        t("table.sources"): [" ".join(u) for u in p["source_urls"]],
        "id": p["id"],
    })


def activity_table(view: View, t: Translator) -> pd.DataFrame:
    """The activities the filters count, in the page's language."""
    a = view.activities.sort_values(["date", "partner_id"])
    cities = dict(zip(view.partners["id"], view.partners["city_en"]))
    return pd.DataFrame({
        t("table.date"): a["date"],
        t("table.city"): [cities.get(pid, pid) for pid in a["partner_id"]],
        t("filters.sectors"): [t.sector(s) for s in a["sector"]],
        t("table.event"): [t.pick(r, "title") for r in a.itertuples()],
        t("table.context"): [t("common.yes") if c else "" for c in a["context"]],
        t("table.confidence"): [t.label("confidence", c) for c in a["confidence"]],
        t("table.source"): a["source_url"],
    })


def neutralise(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(df: pd.DataFrame) -> bytes:
    """CSV bytes (UTF-8 with BOM so Excel reads the accents) whose text cells cannot run as formulas."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(str(c)) for c in df.columns])
    for row in df.itertuples(index=False):
        writer.writerow(["" if pd.isna(v) else neutralise(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def file_name(stem: str, view: View) -> str:
    """e.g. bandung-partners_1960-2026_culture-education.csv: the name says which filter made it."""
    low, high = view.years
    sectors = "-".join(view.filters.sectors) if view.filters.sectors else "all-sectors"
    return f"{stem}_{low}-{high}_{sectors}.csv"
