"""What the detail view of one partner says: summary, disagreements, agreements, activities, sources."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from dashboard.contract import is_strict_url
from dashboard.i18n import Translator
from dashboard.loader import Dataset
from dashboard.markdown import links, md


@dataclass
class PartnerDetail:
    heading: str
    standing: str
    summary: str
    sectors: str
    warning: str | None
    note: str | None
    agreements: list[str] = field(default_factory=list)
    activities: pd.DataFrame = field(default_factory=pd.DataFrame)
    sources: list[str] = field(default_factory=list)


def _disagreement(t: Translator, confidence: str, note: str, alt_url: str) -> str:
    alt = f" ({md(t('detail.alt_source'))}: {links([alt_url], t('detail.source'))})" if alt_url else ""
    return f"**{md(t.label('confidence', confidence))}:** {md(note)}{alt}"


def partner_detail(ds: Dataset, partner_id: str, t: Translator, sector_order: list[str]) -> PartnerDetail:
    """Everything the detail view shows, as Markdown and a table; every source as an http(s) link."""
    row = ds.partners.set_index("id").loc[partner_id]
    local = f" ({md(row.city_local)})" if row.city_local and row.city_local != row.city_en else ""
    since = t("map.since", year=int(row.first_year)) if row.signed else t("map.no_document")
    agreements = ds.agreements[ds.agreements["partner_id"] == partner_id].sort_values("date")
    activities = ds.activities[ds.activities["partner_id"] == partner_id].sort_values("date")
    sectors = {s for ss in agreements["sectors"] for s in ss} | set(activities["sector"])

    lines = []
    for a in agreements.itertuples():
        line = (f"**{a.date}** · {md(t.label('kind', a.kind))} · " + ", ".join(md(t.sector(s)) for s in a.sectors)
                + (f" · {md(t('detail.signatories'))}: {md(a.signatories)}" if a.signatories else "")
                + f" · {links(a.source_urls, t('detail.source'))}")
        if a.confidence != "confirmed":
            line += "  \n" + _disagreement(t, a.confidence, getattr(a, f"note_{t.lang}"), a.alt_source_url)
        lines.append(line)

    table = pd.DataFrame({
        t("table.date"): [d + (f" – {e}" if e else "") for d, e in zip(activities["date"], activities["end_date"])],
        t("filters.sectors"): [t.sector(s) for s in activities["sector"]],
        t("table.event"): [t.pick(r, "title") for r in activities.itertuples()],
        t("table.context"): [t("common.yes") if c else "" for c in activities["context"]],
        t("table.confidence"): [t.label("confidence", r.confidence)
                                + (f": {t.pick(r, 'note')}" if r.confidence != "confirmed" else "")
                                for r in activities.itertuples()],
        t("table.source"): activities["source_url"],
    })
    # Every address in the source columns of the partner's rows (its own, its agreements' and activities', the
    # other versions' and the second reports), so the count agrees with cited_sources in dashboard/loader/dataset.py.
    sources = sorted({*row.source_urls, row.alt_source_url, *activities["source_url"],
                      *(u for frame in (agreements, activities) for us in frame["corroborating_urls"] for u in us),
                      *(u for us in agreements["source_urls"] for u in us),
                      *agreements["alt_source_url"], *activities["alt_source_url"]} - {""})
    warning = note = None
    if row.confidence != "confirmed":
        warning = _disagreement(t, row.confidence, row[f"note_{t.lang}"], row.alt_source_url)
    elif row[f"note_{t.lang}"]:
        note = md(row[f"note_{t.lang}"])  # a confirmed fact may still carry a word of context
    return PartnerDetail(
        heading=f"{md(row.city_en)}{local} · {md(t.country(row.country_iso3))}",
        standing=f"**{md(t.label('relationship', row.relationship))}** · {md(t.label('status', row.status))} · {md(since)}",
        summary=md(row[f"summary_{t.lang}"]),
        sectors=", ".join(md(t.sector(s)) for s in sorted(sectors, key=sector_order.index)),
        warning=warning, note=note, agreements=lines, activities=table,
        sources=[u for u in sources if is_strict_url(u)])
