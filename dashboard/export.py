"""What leaves the dashboard as a file: tables of exactly what the map shows (CSV with formula-proof text
cells), figures for slides (PNG and SVG rendered offline) and the seminar pack (ZIP)."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import html
import io
import json
import zipfile
from dataclasses import dataclass

import pandas as pd
import vl_convert

from dashboard.filters import View
from dashboard.i18n import Translator

# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def partner_table(view: View, t: Translator) -> pd.DataFrame:
    """One row per partner on the map, in the page's language: the accessible twin of the map."""
    return partner_table_of(view.partners, view.partner_sectors, t)


def partner_table_of(p: pd.DataFrame, partner_sectors: dict[str, frozenset[str]], t: Translator) -> pd.DataFrame:
    """`partner_table` of these partners (a view's partners frame: with their region and activity count)."""
    rank = {s: i for i, s in enumerate(t.sectors)}

    def sector_names(sectors: frozenset[str]) -> str:
        return ", ".join(t.sector(s) for s in sorted(sectors, key=rank.__getitem__))

    return pd.DataFrame({
        t("table.city"): p["city_en"],
        t("table.local_name"): p["city_local"],
        t("table.country"): _each(p["country_iso3"], t.country),
        t("table.region"): _each(p["region"], lambda r: t.label("region", r)),
        t("filters.relationship"): _each(p["relationship"], lambda r: t.label("relationship", r)),
        t("filters.status"): _each(p["status"], lambda s: t.label("status", s)),
        t("table.since"): p["first_year"],
        t("filters.sectors"): _each((partner_sectors.get(pid, ()) for pid in p["id"]), sector_names),
        t("table.activities"): p["activity_count"],
        t("table.summary"): p[f"summary_{t.lang}"].tolist(),
        t("table.sources"): [" ".join(u) for u in p["source_urls"]],
        "id": p["id"],
    })


def _each(values, translate) -> list[str]:
    """`translate` of each value, worked out once per distinct value (partners share a few countries,
    labels and combinations of sectors)."""
    done: dict = {}
    return [done[v] if v in done else done.setdefault(v, translate(v)) for v in values]


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


# --- Figures for slides and papers: PNG, SVG and the offline seminar pack -----------------------------------

PROJECT = "Bandung Partnerships Atlas"


@dataclass(frozen=True)
class Figure:
    """One exportable figure: a short name for its file, its title and one-sentence summary in the page's
    language, and a Vega-Lite spec of fixed size (charts, and the static twin of the map)."""

    name: str
    title: str
    summary: str
    spec: dict


def stem(view: View, lang: str, what: str = "") -> str:
    """e.g. bandung-partnerships-growth_2000-2024_culture_en: the name says what is inside and which view."""
    low, high = view.years
    fields = "-".join(view.filters.sectors) if view.filters.sectors else "all-fields"
    return f"bandung-partnerships{'-' + what if what else ''}_{low}-{high}_{fields}_{lang}"


def caption(description: str, t: Translator, today: dt.date) -> str:
    """The line every exported figure carries: where the data comes from, which view, and when."""
    return t("export.caption", project=PROJECT, view=description, date=today.isoformat())


FIGURE_WIDTH = 1000  # pixels of a figure file, before the 2x of the PNG


def _title(spec: dict) -> str:
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    return " ".join(title) if isinstance(title, list) else str(title or "")


def figures(view: View, ds, basemap: dict, t: Translator, description: str, today: dt.date, color_by: str = "relationship",
            home_country_numeric: int | None = None) -> list[Figure]:
    """Every figure of the current view for slides and papers, each with its caption line: the static twin
    of the map and the four charts (a chart the filters leave empty is left out)."""
    from dashboard import charts, maps  # the builders import this module's neighbours; keep the import here

    line = caption(description, t, today)
    colors = charts.sector_colors(ds)
    out = [Figure("map", t("export.map_title"), maps.map_alt_text(view, t),
                  maps.static_map_spec(view, ds.home, basemap, t, colors, color_by=color_by,
                                       home_country_numeric=home_country_numeric, width=FIGURE_WIDTH,
                                       title=t("export.map_title"), caption=line))]
    for name, spec, summary in (("growth", charts.growth_chart(view, t), charts.growth_summary(view, t)),
                                ("regions", charts.regions_chart(view, t), charts.regions_summary(view, t)),
                                ("fields", charts.sectors_chart(view, ds, t), charts.sectors_summary(view, ds, t)),
                                ("activities", charts.activities_chart(view, ds, t), charts.activities_summary(view, ds, t))):
        if spec is not None:
            out.append(Figure(name, _title(spec), summary, charts.for_export(spec, width=FIGURE_WIDTH, caption=line)))
    return out


def png(spec: dict, scale: float = 2) -> bytes:
    """The figure as PNG at twice its size, rendered on the server with nothing fetched from the network."""
    return vl_convert.vegalite_to_png(spec, scale=scale, allowed_base_urls=[])


def svg(spec: dict) -> str:
    return vl_convert.vegalite_to_svg(spec, allowed_base_urls=[])


@functools.lru_cache(maxsize=1)
def _vega_bundle() -> str:
    # Vega, Vega-Lite and vega-embed in one script (vl-convert ships them), so the pack's HTML needs no
    # network. A "</script" inside the code would end the script element early.
    return vl_convert.javascript_bundle().replace("</script", "<\\/script")


def sources(view: View, t: Translator) -> list[tuple[str, list[str]]]:
    """Every source behind what the view shows, by partner: its own, its agreements' and its activities'."""
    out = []
    for row in view.partners.itertuples():
        urls = [*row.source_urls, row.alt_source_url]
        for frame, column in ((view.agreements, "source_urls"), (view.activities, "source_url")):
            for value in frame.loc[frame["partner_id"] == row.id, column]:
                urls.extend(value if isinstance(value, tuple | list) else [value])
        for frame in (view.agreements, view.activities):
            urls.extend(frame.loc[frame["partner_id"] == row.id, "alt_source_url"])
        seen = list(dict.fromkeys(u for u in urls if isinstance(u, str) and u.startswith(("http://", "https://"))))
        out.append((f"{row.city_en}, {t.country(row.country_iso3)}", seen))
    return out


def citation(description: str, t: Translator, today: dt.date) -> str:
    return t("export.citation", project=PROJECT, view=description, date=today.isoformat())


def sources_markdown(view: View, t: Translator, description: str, today: dt.date) -> str:
    lines = [f"# {t('export.sources_title')}", "", t("export.sources_lead", view=description), ""]
    for place, urls in sources(view, t):
        lines.append(f"## {place}")
        lines.extend(f"- <{u}>" for u in urls)
        lines.append("")
    lines += [f"## {t('export.how_to_cite')}", "", citation(description, t, today), ""]
    return "\n".join(lines)


def pack_html(figures: list[Figure], view: View, t: Translator, description: str, today: dt.date) -> str:
    """One self-contained HTML file: every figure drawn by the bundled Vega (no network, no Python), the
    table of partners and the sources. Data text is escaped; specs go in as JSON."""
    parts = []
    for i, figure in enumerate(figures):
        parts.append(f"<figure><h2>{html.escape(figure.title)}</h2><div id='figure-{i}' class='chart' role='img' "
                     f"aria-label='{html.escape(figure.summary, quote=True)}'></div>"
                     f"<figcaption>{html.escape(figure.summary)}</figcaption></figure>")
    table = partner_table(view, t).drop(columns=["id", t("table.sources"), t("table.summary")])
    head = "".join(f"<th scope='col'>{html.escape(str(c))}</th>" for c in table.columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape('' if pd.isna(v) else str(v))}</td>" for v in row) + "</tr>"
                   for row in table.itertuples(index=False))
    source_list = "".join(f"<h3>{html.escape(place)}</h3><ul>" + "".join(
        f"<li>{html.escape(u)}</li>" for u in urls) + "</ul>" for place, urls in sources(view, t))
    specs = json.dumps([f.spec for f in figures]).replace("</", "<\\/")
    title = html.escape(f"{PROJECT} · {t('export.pack_title')}")
    return f"""<!DOCTYPE html>
<html lang="{t.lang}"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:system-ui,sans-serif;color:#1f2933;max-width:1100px;margin:2rem auto;padding:0 1rem}}
figure{{margin:2rem 0}} table{{border-collapse:collapse}} th,td{{border:1px solid #ccd;padding:4px 8px;text-align:left}}
figcaption,.lead{{color:#3e4c59}}</style></head>
<body><main><h1>{title}</h1><p class="lead">{html.escape(caption(description, t, today))}</p>
{''.join(parts)}
<h2>{html.escape(t('atlas.table'))}</h2><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>
<h2>{html.escape(t('export.sources_title'))}</h2>{source_list}
<h2>{html.escape(t('export.how_to_cite'))}</h2><p>{html.escape(citation(description, t, today))}</p></main>
<script>{_vega_bundle()}</script>
<script>const specs = {specs};
specs.forEach((spec, i) => vegaEmbed('#figure-' + i, spec, {{renderer: 'svg', actions: false}}));</script>
</body></html>"""


def seminar_pack(figures: list[Figure], view: View, t: Translator, description: str, today: dt.date) -> bytes:
    """A ZIP to hand out after a talk: the self-contained HTML, every figure as PNG and SVG, the filtered
    tables as CSV, and SOURCES.md with every source behind what is shown and how to cite the dataset."""
    base = stem(view, t.lang)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as pack:
        pack.writestr(f"{base}/index.html", pack_html(figures, view, t, description, today))
        for figure in figures:
            name = stem(view, t.lang, figure.name)
            pack.writestr(f"{base}/figures/{name}.png", png(figure.spec))
            pack.writestr(f"{base}/figures/{name}.svg", svg(figure.spec))
        pack.writestr(f"{base}/data/{stem(view, t.lang, 'partners')}.csv", to_csv(partner_table(view, t)))
        pack.writestr(f"{base}/data/{stem(view, t.lang, 'activities')}.csv", to_csv(activity_table(view, t)))
        pack.writestr(f"{base}/SOURCES.md", sources_markdown(view, t, description, today))
    return out.getvalue()
