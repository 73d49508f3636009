"""The Seoul case page's logic: which events a finding highlights, the timeline table, the citation.

Plain functions over the dataset; the words themselves live in data/seoul/.
"""

from __future__ import annotations

import pandas as pd

from dashboard.charts import event_title
from dashboard.contract import is_strict_url
from dashboard.i18n import Translator
from dashboard.loader import SeoulContent
from dashboard.markdown import md, url

PARTNER = "seoul"
CITATION_INPUTS = ("title", "author", "year", "institution", "document_type")


class Texts:
    """The page's paragraphs (data/seoul/texts.csv) in one language."""

    def __init__(self, content: SeoulContent, lang: str):
        self._texts, self._lang = content.texts, lang

    def __getitem__(self, key: str) -> str:
        return self._texts[key][self._lang]


def finding_title(content: SeoulContent, finding_id: str, lang: str) -> str:
    row = content.findings.set_index("id").loc[finding_id]
    return row[f"title_{lang}"]


def highlighted(events: pd.DataFrame, content: SeoulContent, finding_id: str | None) -> set[str] | None:
    """Ids of the events that bear on a finding: those in any of its sectors. None: no finding chosen."""
    if not finding_id or finding_id not in set(content.findings["id"]):
        return None
    sectors = set(content.findings.set_index("id").loc[finding_id, "sectors"])
    return {e.id for e in events.itertuples() if sectors & set(e.sectors)}


def timeline_table(events: pd.DataFrame, t: Translator, highlight: set[str] | None) -> pd.DataFrame:
    """Every event of the timeline with its date, field, kind, provenance and source."""
    table = pd.DataFrame({
        t("table.date"): [e.date + (f" – {e.end_date}" if e.end_date else "") for e in events.itertuples()],
        t("table.event"): [event_title(e, t) for e in events.itertuples()],
        t("filters.sectors"): [", ".join(t.sector(s) for s in e.sectors) for e in events.itertuples()],
        t("table.type"): [t(f"seoul.type_{k}") for k in events["type"]],
        t("table.context"): [t("common.yes") if c else "" for c in events["context"]],
        t("table.confidence"): [t.label("confidence", e.confidence) + (f": {getattr(e, f'note_{t.lang}')}"
                                                                        if e.confidence != "confirmed" else "")
                                for e in events.itertuples()],
        t("table.source"): [e.source_urls[0] for e in events.itertuples()],
        t("table.second_report"): [e.corroborating_urls[0] if len(e.corroborating_urls) else None
                                   for e in events.itertuples()],
    })
    if highlight is not None:
        table.insert(0, t("seoul.highlighted"), [e in highlight for e in events["id"]])
    return table


def citation_fields(content: SeoulContent) -> list[tuple[str, str, bool]]:
    """(field, value, editable) for the citation form, in a fixed order; empty fields stay empty."""
    rows = content.citation.set_index("field")
    return [(name, str(rows.loc[name, "value"]) if name in rows.index else "",
             name not in rows.index or rows.loc[name, "editable"] == "yes") for name in CITATION_INPUTS]


def keywords(content: SeoulContent, lang: str) -> str:
    rows = content.citation.set_index("field")
    key = f"keywords_{lang}"
    return str(rows.loc[key, "value"]) if key in rows.index else ""


def citation_text(values: dict[str, str], t: Translator) -> str:
    """A citation line from the form; what the reader has not filled in is marked, not made up."""
    def part(name: str) -> str:
        value = (values.get(name) or "").strip()
        return value or f"[{t(f'seoul.field_{name}')}]"
    return (f"{part('author')} ({part('year')}). {part('title')}. {part('document_type')}, "
            f"{part('institution')}.")


def reading_line(row) -> str:
    """One reading-list entry as a Markdown bullet with its link; every part is data, shown as text."""
    who = f"{md(row.authors)} " if row.authors else ""
    year = f"({md(row.year)}). " if row.year else ""
    venue = f" {md(row.venue)}." if row.venue else ""
    title = f"[{md(row.title)}]({url(row.url)})" if is_strict_url(row.url) else md(row.title)
    return f"- {who}{year}{title}.{venue}"
