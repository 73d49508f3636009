"""What leaves the dashboard as a file: tables of exactly what the map shows (CSV with formula-proof text
cells), figures for slides (PNG and SVG rendered offline, in a worker process) and the seminar pack (ZIP).

The page's buttons and `python -m dashboard export` ask the same object (`ViewExport`) for the same
files, so the command line writes byte for byte what the buttons give for the same view and date.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import functools
import hashlib
import html
import io
import json
import logging
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard import markdown, package, render
from dashboard.contract import is_strict_url, starts_like_formula
from dashboard.filters import Filters, View
from dashboard.i18n import Translator
from dashboard.loader import Dataset

log = logging.getLogger("dashboard")

def partner_table(view: View, t: Translator) -> pd.DataFrame:
    """One row per partner on the map, in the page's language: the accessible twin of the map."""
    return partner_table_of(view.partners, view.partner_sectors, t)


def partner_table_of(p: pd.DataFrame, partner_sectors: Mapping[str, frozenset[str]], t: Translator) -> pd.DataFrame:
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
    """Prefix text that a spreadsheet would run as a formula with an apostrophe; numbers stay numbers.
    What counts as a formula start is the contract's one rule (`contract.starts_like_formula`: = + - @,
    their full-width look-alikes, and anything behind space-like or invisible characters)."""
    if isinstance(value, str) and starts_like_formula(value):
        return "'" + value
    return value


def to_csv(df: pd.DataFrame) -> bytes:
    """CSV bytes (UTF-8 with BOM so Excel reads the accents) whose text cells cannot run as formulas."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(str(c)) for c in df.columns])
    for row in df.itertuples(index=False):
        writer.writerow(["" if _missing(v) else neutralise(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str | tuple | list) and bool(pd.isna(value)))


# --- File names: short, ASCII, in the page's language ----------------------------------------------------------

FILE_PART_LIMIT = 48  # characters of the fields part of a name; beyond it, a count and a digest
FALLBACK_PREFIX = "bandung-partnerships"


def slug(text: object, limit: int = 40) -> str:
    """ASCII words joined by hyphens ("Lingkungan hidup" -> "lingkungan-hidup"): letters lose their
    accents, everything else that is not a letter or digit becomes a hyphen; cut at a hyphen."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(words) > limit:
        words = words[:limit].rsplit("-", 1)[0] if "-" in words[:limit] else words[:limit]
    return words.strip("-")


def _file_word(t: Translator, key: str, fallback: str, **values) -> str:
    """A word of a file name from data/i18n.csv in the page's language (the fallback when a data folder's
    own i18n.csv lacks the key or the word has no ASCII letters)."""
    text = t(key, **values)
    return (slug(text) if text != key else "") or fallback


def fields_part(view: View, t: Translator) -> str:
    """The fields of the view in a file name: "all-fields" / "semua-bidang", the chosen fields' names, or
    (when they would make a long name) their count and a short digest of which they are."""
    sectors = view.filters.sectors
    if not sectors:
        return _file_word(t, "export.file_all_fields", "all-fields")
    joined = "-".join(slug(t.sector(s), 24) or slug(s, 24) or "field" for s in sectors)
    if len(joined) <= FILE_PART_LIMIT:
        return joined
    digest = hashlib.blake2b("\n".join(sectors).encode("utf-8"), digest_size=3).hexdigest()
    return f"{_file_word(t, 'export.file_n_fields', f'{len(sectors)}-fields', count=len(sectors))}-{digest}"


def _prefix(t: Translator, what: str = "") -> str:
    prefix = _file_word(t, "export.file_prefix", FALLBACK_PREFIX)
    return prefix + (f"-{_file_word(t, f'export.file_{what}', slug(what) or 'figure')}" if what else "")


def stem(view: View, t: Translator, what: str = "") -> str:
    """e.g. bandung-partnerships-growth_2000-2024_culture_en, kerja-sama-bandung-peta_1960-2026_semua-bidang_id:
    the name says what is inside and which view, in the page's language, in ASCII."""
    low, high = view.years
    return f"{_prefix(t, what)}_{low}-{high}_{fields_part(view, t)}_{t.lang}"


def timeline_stem(t: Translator, finding: str | None = None) -> str:
    """e.g. bandung-partnerships-seoul-timeline_en (the timeline does not follow the filters)."""
    chosen = f"_{slug(finding, 32)}" if finding and slug(finding, 32) else ""
    return f"{_prefix(t, 'timeline')}{chosen}_{t.lang}"


# --- Captions, licence and citation -------------------------------------------------------------------------

def project(t: Translator) -> str:
    """The dashboard's title in the page's language ("Atlas Kerja Sama Kota Bandung")."""
    return t("atlas.title")


def licence_line(t: Translator, release: dict | None) -> str:
    """"version 2026.12.0 · Licence: CC-BY-4.0": the release the figure shows and the licence of its data, or
    nothing for data without a release (it borrows no version or licence)."""
    version, licence = _text((release or {}).get("version")), _text((release or {}).get("licence"))
    return " · ".join([*([f"{t('export.cite_version')} {version}"] if version else []),
                       *([f"{t('export.licence')}: {licence}"] if licence else [])])


def caption(description: str, t: Translator, today: dt.date, release: dict | None = None) -> str:
    """The line every exported figure carries: where the data comes from, which view, the licence of the
    data, and when."""
    view = " · ".join(part for part in (description, licence_line(t, release)) if part)
    return t("export.caption", project=project(t), view=view, date=today.isoformat())


def _text(value: object) -> str:
    return "" if _missing(value) else str(value).strip()


def citation_parts(description: str, t: Translator, today: dt.date, release: dict | None) -> list[tuple[str, str | None]]:
    """How to cite the data set, as (text, link) pieces: the title, version and date of the release, its
    licence and address, the view and the day it was retrieved. Data without a release is cited by the
    dashboard's name and the day alone (it names no version or licence)."""
    if not release or not _text(release.get("version")):
        return [(t("export.citation", project=project(t), view=description, date=today.isoformat()), None)]
    parts: list[tuple[str, str | None]] = []
    title = _text(release.get(f"title_{t.lang}")) or _text(release.get("title_en"))
    released = _text(release.get("released"))
    head = f"{project(t)}. {title}" if title else project(t)
    parts.append((f"{head} ({t('export.cite_version')} {_text(release['version'])}"
                  + (f", {released}" if released else "") + f") [{t('export.cite_dataset')}].", None))
    licence = _text(release.get("licence_title")) or _text(release.get("licence"))
    licence_url = _text(release.get("licence_url"))
    if licence:
        parts.append((f" {t('export.licence')}: {licence}" + (": " if is_strict_url(licence_url) else "."), None))
        if is_strict_url(licence_url):
            parts += [(licence_url, licence_url), (".", None)]
    homepage = _text(release.get("homepage"))
    if is_strict_url(homepage):
        parts += [(f" {t('export.cite_address')}: ", None), (homepage, homepage), (".", None)]
    parts.append((f" {t('export.cite_view')}: {description}. {t('export.cite_retrieved')} {today.isoformat()}.", None))
    return parts


def citation(description: str, t: Translator, today: dt.date, release: dict | None = None) -> str:
    return "".join(text for text, _ in citation_parts(description, t, today, release))


# --- Figures for slides and papers ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Figure:
    """One exportable figure: a short name for its file, its title and one-sentence summary in the page's
    language, and Vega-Lite specs of fixed size: `spec` for the file (title, legend and caption drawn in
    it) and `page_spec` for the pack's page, whose own heading and caption line say those already."""

    name: str
    title: str
    summary: str
    spec: dict
    page_spec: dict | None = None

    @property
    def html_spec(self) -> dict:
        return self.page_spec if self.page_spec is not None else self.spec


FIGURE_WIDTH = 1000  # pixels of a figure file, before the 2x of the PNG
FONT = "Helvetica, Arial, sans-serif"
INK = "#1F2933"


def _title(spec: dict) -> str:
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    return " ".join(title) if isinstance(title, list) else str(title or "")


def _untitled(spec: dict) -> dict:
    return {k: v for k, v in spec.items() if k != "title"}


def figures(view: View, ds: Dataset, basemap: dict, t: Translator, description: str, today: dt.date,
            color_by: str = "relationship", home_country_numeric: int | None = None) -> list[Figure]:
    """Every figure of the current view for slides and papers, each with its caption line: the static twin
    of the map (with its legend) and the four charts (a chart the filters leave empty is left out)."""
    from dashboard import charts, maps
    from dashboard.options import COLOR_BY

    line = caption(description, t, today, ds.release)
    colors = charts.sector_colors(ds)
    color_by = color_by if color_by in COLOR_BY else "relationship"
    base = maps.static_map_spec(maps.MapRequest(view, ds.home, basemap, t, colors, color_by=color_by,
                                                home_country_numeric=home_country_numeric), width=FIGURE_WIDTH)
    entries = map_legend(view, t, color_by, colors)
    out = [Figure("map", t("export.map_title"), maps.map_alt_text(view, t),
                  with_map_legend(base, entries, title=t("export.map_title"), caption=line),
                  with_map_legend(base, entries))]
    for name, spec, summary in (("growth", charts.growth_chart(view, t), charts.growth_summary(view, t)),
                                ("regions", charts.regions_chart(view, t), charts.regions_summary(view, t)),
                                ("fields", charts.sectors_chart(view, ds, t), charts.sectors_summary(view, ds, t)),
                                ("activities", charts.activities_chart(view, ds, t), charts.activities_summary(view, ds, t))):
        if spec is not None:
            out.append(Figure(name, _title(spec), summary, charts.for_export(spec, width=FIGURE_WIDTH, caption=line),
                              _untitled(charts.for_export(spec, width=FIGURE_WIDTH))))
    return out


def timeline_figure(ds: Dataset, t: Translator, today: dt.date, finding: str | None = None) -> Figure | None:
    """The Bandung–Seoul timeline for slides (the Seoul page's downloads and the pack), events of a chosen
    finding highlighted as on the page. None when the data has no dated Seoul event."""
    from dashboard import charts, seoul
    from dashboard.filters import partner_events

    events = partner_events(ds, seoul.PARTNER)
    highlight = seoul.highlighted(events, ds.seoul, finding)
    spec = charts.timeline_chart(events, ds, t, highlight)
    if spec is None:
        return None
    title = t("seoul.timeline")
    line = caption(title, t, today, ds.release)
    return Figure("timeline", title, charts.timeline_summary(events, t),
                  charts.for_export({**spec, "title": title}, width=FIGURE_WIDTH, caption=line),
                  charts.for_export(spec, width=FIGURE_WIDTH))


# --- The static map's legend ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class LegendEntry:
    """One key of the map: what the colours stand for (`title`), a filled point of a colour (`point`), the
    home city (`home`), or the open point and dashed route of a partner without a signed document (`open`)."""

    kind: str
    label: str
    color: str


def map_legend(view: View, t: Translator, color_by: str, sector_colors: dict[str, str]) -> list[LegendEntry]:
    """What the static map's colours and marks mean, as the page's legend says it: a point per colour the
    map uses (in the map's colours), the home city, and the open point when unsigned partners are shown."""
    from dashboard import maps
    from dashboard.palette import HOME_COLOR, INK

    entries = [LegendEntry("title", f"{t(f'filters.color_{color_by}')}:", INK)]
    entries += [LegendEntry("point", label, color) for label, color in maps.legend(view, t, color_by, sector_colors)]
    entries.append(LegendEntry("home", t("map.home"), HOME_COLOR))
    if not view.partners.empty and not view.partners["signed"].all():
        entries.append(LegendEntry("open", t("map.open_marker"), INK))
    return entries


# Advance widths of Helvetica (and Arial, whose metrics are the same), in thousandths of the font size, for
# printable ASCII: enough to lay out one line of legend without measuring in a browser.
_HELVETICA = [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, *[556] * 10, 278, 278,
              584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
              667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500,
              556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722,
              500, 500, 500, 334, 260, 334, 584]
# The renderer may fall back on a wider face (DejaVu Sans is about 10 % wider): room to spare.
WIDTH_MARGIN = 1.15


def text_width(text: str, size: float, bold: bool = False) -> float:
    """An upper estimate of the width of one line of text in pixels."""
    total = 0
    for char in text:
        base = unicodedata.normalize("NFKD", char)[:1] or char
        code = ord(base)
        if 32 <= code < 127:
            total += _HELVETICA[code - 32]
        elif unicodedata.east_asian_width(char) in ("W", "F"):
            total += 1000
        else:
            total += 600
    return total / 1000 * size * WIDTH_MARGIN * (1.08 if bold else 1.0)


LEGEND_SIZE = 12  # px, the legend's text
LEGEND_ROW = 20  # px per row of keys
LEGEND_GAP = 22  # px between two keys on a row


def legend_layout(entries: list[LegendEntry], width: float) -> list[dict]:
    """Keys placed left to right in rows no wider than `width`: each with its x (of the symbol's centre),
    row, the x where its label starts and the label's estimated width."""
    placed, x, row = [], 0.0, 0
    for entry in entries:
        # a point, a point and a stretch of dashed route, or no symbol before the title
        symbol = {"open": 30, "title": -4}.get(entry.kind, 12)
        label_width = text_width(entry.label, LEGEND_SIZE, bold=entry.kind == "title")
        needed = symbol + 4 + label_width
        if x > 0 and x + needed > width:
            x, row = 0.0, row + 1
        placed.append({"entry": entry, "row": row, "x": x + 6, "label_x": x + symbol + 4,
                       "label_width": min(label_width, width - (x + symbol + 4)), "end": x + needed})
        x += needed + LEGEND_GAP
    return placed


def with_map_legend(spec: dict, entries: list[LegendEntry], title: str = "", caption: str = "") -> dict:
    """The static map (maps.static_map_spec's result, built without title or caption) with its legend
    under it, and for a file its title above and caption line below: marks placed in pixels on the map's
    own layers, the picture grown by padding (the map keeps `autosize: none`, so the clipped globe does
    not grow it)."""
    import textwrap

    out = dict(spec)
    width, height = float(out["width"]), float(out["height"])
    layers = list(out.get("layer", []))
    pad = dict(out["padding"]) if isinstance(out.get("padding"), dict) else \
        {side: float(out.get("padding") or 0) for side in ("top", "left", "right", "bottom")}
    pixel = {"x": {"field": "x", "type": "quantitative", "scale": None, "axis": None},
             "y": {"field": "y", "type": "quantitative", "scale": None, "axis": None}}
    text_enc = {**pixel, "text": {"field": "text", "type": "nominal"}}
    bottom = height + 12  # the first row of keys, below the picture
    placed = legend_layout(entries, width - 8)

    def middle(p: dict) -> float:
        return bottom + LEGEND_ROW * p["row"] + LEGEND_ROW / 2

    # The keys drawn as the map draws them: a filled point with a white rim, the larger home point, and the
    # open point with its dashed route for partners without a signed document.
    symbols = {"point": ("color", "#FFFFFF", 78.5), "home": ("color", "#FFFFFF", 113.1), "open": ("#FFFFFF", "color", 78.5)}
    points = [{"x": p["x"], "y": middle(p), "size": size,
               "fill": p["entry"].color if fill == "color" else fill, "stroke": p["entry"].color if stroke == "color" else stroke}
              for p in placed if p["entry"].kind in symbols for fill, stroke, size in [symbols[p["entry"].kind]]]
    dashes = [{"x": p["x"] + 7, "x2": p["x"] + 26, "y": middle(p)} for p in placed if p["entry"].kind == "open"]
    if dashes:
        layers.append({"data": {"values": dashes}, "mark": {"type": "rule", "color": INK, "strokeWidth": 1.6,
                                                            "strokeDash": [4, 3]},
                       "encoding": {**pixel, "x2": {"field": "x2"}}})
    if points:
        layers.append({"data": {"values": points}, "mark": {"type": "circle", "opacity": 1, "strokeWidth": 1.6},
                       "encoding": {**pixel, "fill": {"field": "fill", "type": "nominal", "scale": None},
                                    "stroke": {"field": "stroke", "type": "nominal", "scale": None},
                                    "size": {"field": "size", "type": "quantitative", "scale": None}}})
    for bold in (True, False):  # what the colours stand for, in bold, then the keys' labels
        labels = [{"x": round(p["label_x"], 1), "y": middle(p), "text": p["entry"].label}
                  for p in placed if (p["entry"].kind == "title") == bold]
        if labels:
            # Vega cuts a label that would run off the picture with an ellipsis rather than lose the rest.
            limit = max(p["label_width"] for p in placed) + 4
            layers.append({"data": {"values": labels},
                           "mark": {"type": "text", "align": "left", "baseline": "middle", "fontSize": LEGEND_SIZE,
                                    "fontWeight": 600 if bold else "normal", "font": FONT, "fill": INK,
                                    "limit": round(limit, 1)},
                           "encoding": text_enc})
    rows = (max(p["row"] for p in placed) + 1) if placed else 0
    below = 12 + LEGEND_ROW * rows
    if caption:
        lines = textwrap.wrap(caption, width=max(40, int(width / 6.2)))
        layers.append({"data": {"values": [{"x": 0, "y": height + below + 6 + 14 * i, "text": line}
                                           for i, line in enumerate(lines)]},
                       "mark": {"type": "text", "align": "left", "baseline": "top", "fontSize": 11, "font": FONT,
                                "fill": INK},
                       "encoding": text_enc})
        below += 6 + 14 * len(lines) + 4
    if title:
        layers.append({"data": {"values": [{"x": 0, "y": -8, "text": title}]},
                       "mark": {"type": "text", "align": "left", "baseline": "bottom", "fontSize": 14,
                                "fontWeight": 600, "font": FONT, "fill": INK},
                       "encoding": text_enc})
        pad["top"] = max(pad.get("top", 0), 28)
    pad["bottom"] = max(pad.get("bottom", 0), below + 4)
    out["layer"], out["padding"] = layers, pad
    return out


# --- Rendering: every spec through one door -------------------------------------------------------------------

def vega_lite_schema() -> str:
    """The Vega-Lite version of every spec that leaves as a file or in the pack: the charts' own, which is
    the bundled Vega-Lite's major version (the map's builder writes v5; Vega-Lite 6 reads it, but the
    pack's vega-embed warns of the difference)."""
    from dashboard.charts import SCHEMA
    return SCHEMA


def prepare(spec: dict) -> dict:
    """The one door for a spec that goes to vl-convert or into the pack: every text made safe for XML and
    for Vega's expressions (render.safe_spec), and the Vega-Lite version of the bundle."""
    safe = render.safe_spec(spec)
    if safe.get("$schema") != vega_lite_schema():
        safe = {**safe, "$schema": vega_lite_schema()}
    return safe


def png(spec: dict, scale: float = 2) -> bytes:
    """The figure as PNG at twice its size, rendered in the worker with nothing fetched from the network.
    Raises render.RenderError (with a sentence to show) when the figure cannot be drawn."""
    return render.png(prepare(spec), scale=scale)


# Vega numbers the clip paths of an SVG with a counter that runs for the life of the renderer's process;
# numbered afresh per file, the same figure gives the same bytes whenever and wherever it is made.
_CLIP_ID = re.compile(r"(?<=[\"#])clip(\d+)(?=[\")])")


def svg(spec: dict) -> str:
    text = render.svg(prepare(spec))
    numbers: dict[str, str] = {}
    return _CLIP_ID.sub(lambda m: "clip" + numbers.setdefault(m.group(1), str(len(numbers) + 1)), text)


# --- Text for the pack: inert, whatever the data says -----------------------------------------------------------
# Data text may use **bold**, *italics*, bullet lines and [label](url) links whose URL is strict: the one
# rule of dashboard/markdown.py, which the app follows too; everything else is shown as written.

# A date or a range of years (2026-12-03, 2000–2024) must not break across two lines.
_UNBREAKABLE = re.compile(r"\b\d{4}(?:[-–]\d{1,4})+\b")


def esc(text: object) -> str:
    """Data text as HTML text: escaped, and safe for XML too."""
    return html.escape(render.safe_text("" if _missing(text) else str(text)), quote=True)


def _nowrap(escaped: str) -> str:
    return _UNBREAKABLE.sub(lambda m: f"<span class='nowrap'>{m.group(0)}</span>", escaped)


def link(url: str, label: str | None = None) -> str:
    """An <a> to a strict URL; anything else as plain text."""
    if not is_strict_url(url):
        return esc(label if label is not None else url)
    return f"<a href=\"{esc(url)}\" rel=\"noreferrer\">{esc(label if label is not None else url)}</a>"


def inline_html(text: object) -> str:
    """One line of data text as HTML, under the app's rule (dashboard/markdown.py): bold, italics and links
    to strict URLs only."""
    return markdown.inert_html(render.safe_text("" if _missing(text) else str(text)).replace("\n", " "))


def inert_html(text: object) -> str:
    """Data text as HTML under the app's one rule for data text (dashboard/markdown.py): paragraphs, bold,
    italics, bullet lines and links to strict URLs; no tag, heading, rule, numbered list, image, Streamlit
    directive or look-alike link comes from it. Made safe for XML first."""
    return markdown.inert_html(render.safe_text("" if _missing(text) else str(text)))


# Markdown (SOURCES.md): what a renderer would act on is escaped, so a value is read as written: emphasis,
# code, links and images (their brackets), HTML and entities, headings' closing #, tables, maths, strike,
# Streamlit's :directives: and emoji :shortcodes: (the colon before a word), and the autolinks GitHub makes
# of raw addresses (http://, www., e-mail). A line never starts with data, so no block can come from it.
_MD_ALWAYS = re.compile(r"([\\`*_\[\]#!|~$<>&])")
_MD_COLON = re.compile(r":(?=[A-Za-z0-9/])")
_MD_WWW = re.compile(r"(?i)(?<=www)\.")
_MD_AT = re.compile(r"@")


def md_inert(text: object) -> str:
    """Data text as one line of Markdown that shows exactly the text."""
    one_line = re.sub(r"\s*[\r\n\u2028\u2029]+\s*", " ", render.safe_text("" if _missing(text) else str(text)))
    escaped = _MD_ALWAYS.sub(r"\\\1", one_line)
    escaped = _MD_COLON.sub(r"\\:", escaped)
    escaped = _MD_WWW.sub(r"\\.", escaped)
    return _MD_AT.sub(r"\\@", escaped)


# --- Sources -------------------------------------------------------------------------------------------------

def _urls(values: Iterable) -> list[str]:
    out: list[object] = []
    for value in values:
        if isinstance(value, tuple | list):
            out.extend(value)
        else:
            out.append(value)
    return [u for u in out if isinstance(u, str) and is_strict_url(u)]


def sources(view: View, t: Translator) -> list[tuple[str, list[str]]]:
    """Every source behind what the view shows, by partner: its own, its agreements' and its activities'
    (strict URLs only: an address that breaks the contract's rule is left out, as on the page)."""
    out = []
    for row in view.partners.itertuples():
        urls = [*row.source_urls, row.alt_source_url]
        for frame, column in ((view.agreements, "source_urls"), (view.activities, "source_url")):
            urls.extend(frame.loc[frame["partner_id"] == row.id, column])
        for frame in (view.agreements, view.activities):
            urls.extend(frame.loc[frame["partner_id"] == row.id, "alt_source_url"])
        corroborating = [frame.loc[frame["partner_id"] == row.id, "corroborating_urls"]
                         for frame in (view.agreements, view.activities) if "corroborating_urls" in frame]
        for column in corroborating:
            urls.extend(column)
        out.append((f"{row.city_en}, {t.country(row.country_iso3)}", list(dict.fromkeys(_urls(urls)))))
    return out


def seoul_sources(ds: Dataset) -> list[str]:
    """Every source the Seoul case names: its concepts, findings, open questions, timeline and reading list."""
    from dashboard import seoul
    from dashboard.filters import partner_events

    case = ds.seoul
    urls: list = []
    for frame in (case.concepts, case.findings, case.open_questions):
        if "source_urls" in frame:
            urls.extend(frame["source_urls"])
    events = partner_events(ds, seoul.PARTNER)
    urls.extend(events["source_urls"])
    urls.extend(events["alt_source_url"])
    urls.extend(events["corroborating_urls"])
    if "url" in case.reading_list:
        urls.extend(case.reading_list["url"])
    return list(dict.fromkeys(_urls(urls)))


def sources_markdown(view: View, t: Translator, description: str, today: dt.date, ds: Dataset | None = None) -> str:
    """SOURCES.md: every source behind the view (and the Seoul case), by partner, as links; how to cite."""
    lines = [f"# {md_inert(t('export.sources_title'))}", "", md_inert(t("export.sources_lead", view=description)), ""]
    for place, urls in sources(view, t):
        lines.append(f"## {md_inert(place)}")
        lines.extend(f"- <{u}>" for u in urls)
        lines.append("")
    if ds is not None and seoul_texts(ds).get("title"):
        seoul_urls = seoul_sources(ds)
        if seoul_urls:
            lines.append(f"## {md_inert(seoul_texts(ds)['title'])}")
            lines.extend(f"- <{u}>" for u in seoul_urls)
            lines.append("")
    release = ds.release if ds is not None else None
    cite = "".join(f"<{text}>" if url else md_inert(text) for text, url in citation_parts(description, t, today, release))
    lines += [f"## {md_inert(t('export.how_to_cite'))}", "", cite, ""]
    return "\n".join(lines)


# --- The pack's page -----------------------------------------------------------------------------------------

# The CJK characters of local names and of the Seoul case (Hangul, kana, ideographs, their punctuation and
# full-width forms): what a computer without CJK fonts shows as empty boxes. The pack embeds a subset of
# Noto Sans CJK (SIL Open Font License 1.1) that has a glyph for each of them in the bundled data
# (`scripts/build_pack_font.py` makes it).
CJK_RANGES = ((0x1100, 0x11FF), (0x2E80, 0x2FDF), (0x3000, 0x303F), (0x3040, 0x30FF), (0x3130, 0x318F),
              (0x31F0, 0x31FF), (0x3200, 0x33FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xA960, 0xA97F),
              (0xAC00, 0xD7FF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x3134F))
FONT_DIR = Path(__file__).resolve().parent / "fonts"
PACK_FONT = FONT_DIR / "noto-sans-cjk-subset.woff"
PACK_FONT_LICENCE = FONT_DIR / "OFL.txt"
PACK_FONT_FAMILY = "Atlas CJK"


def is_cjk(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in CJK_RANGES)


@functools.lru_cache(maxsize=1)
def _pack_font() -> str:
    """The embedded font as base64 ("" when it is not there)."""
    if not PACK_FONT.is_file():
        return ""
    return base64.b64encode(PACK_FONT.read_bytes()).decode("ascii")


def pack_font_css(page_text: str) -> str:
    """The @font-face of the embedded CJK font when the page has CJK characters (none otherwise)."""
    if not any(is_cjk(c) for c in page_text):
        return ""
    font = _pack_font()
    if not font:
        return ""
    return (f"@font-face{{font-family:'{PACK_FONT_FAMILY}';src:url(data:font/woff;base64,{font}) format('woff');"
            "font-display:block}")


def seoul_texts(ds: Dataset) -> dict[str, dict[str, str]]:
    return ds.seoul.texts if isinstance(ds.seoul.texts, dict) else {}


def _seoul_text(ds: Dataset, key: str, lang: str) -> str:
    return _text(seoul_texts(ds).get(key, {}).get(lang))


def _table_html(frame: pd.DataFrame, link_columns: Iterable[str] = ()) -> str:
    links_in = set(link_columns)
    head = "".join(f"<th scope='col'>{esc(c)}</th>" for c in frame.columns)
    rows = []
    for row in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, row):
            text = "" if _missing(value) else str(value)
            cells.append(f"<td>{link(text) if column in links_in and is_strict_url(text) else _nowrap(esc(text))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _host(url: str) -> str:
    """The site of a source, as a reader recognises it on paper: "news.republika.co.id"."""
    from urllib.parse import urlsplit
    host = urlsplit(url).hostname or url
    return host[4:] if host.startswith("www.") else host


def _sources_html(t: Translator, urls: Iterable[str]) -> str:
    shown = [u for u in urls if is_strict_url(u)]
    if not shown:
        return ""
    return (f"<p class='sources'>{esc(t('detail.sources'))}: " + " · ".join(link(u, _host(u)) for u in shown) + "</p>")


def _figure_html(index: int, figure: Figure, heading: str = "h2") -> str:
    return (f"<figure><{heading}>{esc(figure.title)}</{heading}><div id='figure-{index}' class='chart' role='img' "
            f"aria-label='{esc(figure.summary)}'></div><figcaption>{esc(figure.summary)}</figcaption></figure>")


def seoul_html(ds: Dataset, t: Translator, timeline: Figure | None, timeline_index: int) -> str:
    """The Seoul case in the pack: the thesis' question and method, the three findings with what the sources
    show, the timeline (figure and table) and what the sources leave open; every source a link."""
    from dashboard import seoul
    from dashboard.filters import partner_events

    lang, case = t.lang, ds.seoul
    title = _seoul_text(ds, "title", lang)
    if not title:
        return ""
    parts = [f"<section id='seoul' aria-labelledby='seoul-title'><h2 id='seoul-title'>{esc(title)}</h2>",
             inert_html(_seoul_text(ds, "lead", lang))]
    for key, heading in (("question", "seoul.question"), ("method", "seoul.method")):
        if _seoul_text(ds, key, lang):
            parts.append(f"<h3>{esc(t(heading))}</h3>{inert_html(_seoul_text(ds, key, lang))}")
    if not case.findings.empty:
        parts.append(f"<h3>{esc(t('seoul.findings'))}</h3>")
        if _seoul_text(ds, "abstract_note", lang):
            parts.append(f"<div class='note'>{inert_html(_seoul_text(ds, 'abstract_note', lang))}</div>")
        parts.append("<ol class='findings'>")
        for finding in case.findings.itertuples():
            parts.append(f"<li><h4>{esc(t.pick(finding, 'title'))}</h4>"
                         f"<p class='kicker'>{esc(t('seoul.thesis_finding'))}</p>{inert_html(t.pick(finding, 'text'))}"
                         f"<p><strong>{esc(t('seoul.evidence'))}:</strong></p>{inert_html(t.pick(finding, 'evidence'))}"
                         f"<p><strong>{esc(t('filters.sectors'))}:</strong> "
                         f"{esc(', '.join(t.sector(s) for s in finding.sectors))}</p>"
                         f"{_sources_html(t, finding.source_urls)}</li>")
        parts.append("</ol>")
    events = partner_events(ds, seoul.PARTNER)
    if not events.empty:
        parts.append(f"<h3>{esc(t('seoul.timeline'))}</h3>{inert_html(_seoul_text(ds, 'timeline_intro', lang))}")
        if timeline is not None:
            parts.append(f"<figure><div id='figure-{timeline_index}' class='chart' role='img' "
                         f"aria-label='{esc(timeline.summary)}'></div><figcaption>{esc(timeline.summary)}</figcaption></figure>")
        table = seoul.timeline_table(events, t, None)
        parts.append(_table_html(table, [t("table.source")]))
    if not case.open_questions.empty:
        parts.append(f"<h3>{esc(t('seoul.open'))}</h3>{inert_html(_seoul_text(ds, 'open_intro', lang))}")
        for question in case.open_questions.itertuples():
            answer = _text(getattr(question, f"answer_{lang}", ""))
            parts.append(f"<div class='question'><h4>{esc(t.pick(question, 'title'))}</h4>"
                         + (f"<p class='answer'>{inline_html(answer)}</p>" if answer else "")
                         + f"{inert_html(t.pick(question, 'text'))}{_sources_html(t, question.source_urls)}</div>")
    parts.append("</section>")
    return "".join(parts)


PAGE_CSS = """body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif,'Atlas CJK';
color:#1f2933;max-width:1100px;margin:2rem auto;padding:0 1rem;line-height:1.5}
figure{margin:2rem 0} table{border-collapse:collapse;margin:1rem 0} th,td{border:1px solid #ccd;padding:4px 8px;
text-align:left;vertical-align:top} figcaption,.lead,.kicker,.sources{color:#3e4c59} .nowrap{white-space:nowrap}
a{color:#0b5394;overflow-wrap:anywhere} .note{background:#eef4fb;border-left:4px solid #0b5394;padding:.25rem 1rem}
.findings{padding-left:1.2rem} .findings li{margin-bottom:1rem} .question{border-top:1px solid #ccd;margin-top:1rem}
.answer{font-weight:600} footer{margin-top:3rem;color:#3e4c59;font-size:.9rem}"""


def pack_html(figures: Sequence[Figure], view: View, t: Translator, description: str, today: dt.date,
              ds: Dataset | None = None, timeline: Figure | None = None) -> str:
    """One self-contained HTML file: every figure drawn by the bundled Vega (no network, no Python), the
    table of partners, the Seoul case, every source as a link and how to cite the data set. Data text is
    escaped (inert); specs go in as JSON."""
    release = ds.release if ds is not None else None
    drawn = [*figures, *([timeline] if timeline is not None else [])]
    parts = [_figure_html(i, figure) for i, figure in enumerate(figures)]
    table = partner_table(view, t).drop(columns=["id", t("table.sources"), t("table.summary")])
    seoul_part = seoul_html(ds, t, timeline, len(figures)) if ds is not None else ""
    source_list = "".join(f"<h3>{esc(place)}</h3><ul>" + "".join(f"<li>{link(u)}</li>" for u in urls) + "</ul>"
                          for place, urls in sources(view, t) if urls)
    if ds is not None and seoul_part:
        urls = seoul_sources(ds)
        if urls:
            source_list += (f"<h3>{esc(_seoul_text(ds, 'title', t.lang))}</h3><ul>"
                            + "".join(f"<li>{link(u)}</li>" for u in urls) + "</ul>")
    cite = "".join(link(url) if url else esc(text) for text, url in citation_parts(description, t, today, release))
    specs = json.dumps([prepare(f.html_spec) for f in drawn]).replace("</", "<\\/")
    title = esc(f"{project(t)} · {t('export.pack_title')}")
    body = (f"<main><h1>{title}</h1><p class='lead'>{_nowrap(esc(caption(description, t, today, release)))}</p>"
            f"{''.join(parts)}"
            f"<h2>{esc(t('atlas.table'))}</h2>{_table_html(table)}"
            f"{seoul_part}"
            f"<h2>{esc(t('export.sources_title'))}</h2>{source_list}"
            f"<h2>{esc(t('export.how_to_cite'))}</h2><p class='citation'>{_nowrap(cite)}</p></main>")
    font_css = pack_font_css(body)
    footer = f"<footer><p>{esc(t('export.font_note'))}</p></footer>" if font_css else ""
    # Vega, Vega-Lite and vega-embed inline, so the page needs no network; a "</script" in the code would
    # end the script element early.
    bundle = render.javascript_bundle().replace("</script", "<\\/script")
    # schema.org Dataset metadata for catalogues and search engines; the data set's ZIP is in the pack's data/.
    metadata = f"\n{package.json_ld(ds, t.lang, dataset_zip_path(ds))}" if ds is not None and not ds.uploaded else ""
    return f"""<!DOCTYPE html>
<html lang="{esc(t.lang)}"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">{metadata}
<style>{font_css}{PAGE_CSS}</style></head>
<body>{body}{footer}
<script>{bundle}</script>
<script>const specs = {specs};
specs.forEach((spec, i) => vegaEmbed('#figure-' + i, spec, {{renderer: 'svg', actions: false}}));</script>
</body></html>"""


# --- The pack ------------------------------------------------------------------------------------------------

FILE_MODE = 0o644
FOLDER_MODE = 0o755


def _zip_entry(name: str, date: dt.date, folder: bool = False) -> zipfile.ZipInfo:
    """An entry readable by everyone once unpacked (0644, folders 0755), dated at the pack's day."""
    info = zipfile.ZipInfo(name, date_time=(max(date.year, 1980), date.month, date.day, 0, 0, 0))
    info.create_system = 3  # Unix, so that the mode below is read
    info.external_attr = ((0o040000 | FOLDER_MODE) << 16 | 0x10) if folder else ((0o100000 | FILE_MODE) << 16)
    info.compress_type = zipfile.ZIP_STORED if folder else zipfile.ZIP_DEFLATED
    return info


def zip_files(files: list[tuple[str, bytes]], date: dt.date) -> bytes:
    """A ZIP of (path, bytes), folders first, every entry readable and dated `date`: the same files and
    date give the same bytes."""
    out = io.BytesIO()
    folders = sorted({"/".join(path.split("/")[:i]) + "/" for path, _ in files for i in range(1, path.count("/") + 1)})
    with zipfile.ZipFile(out, "w") as pack:
        for folder in folders:
            pack.writestr(_zip_entry(folder, date, folder=True), b"")
        for path, data in files:
            pack.writestr(_zip_entry(path, date), data)
    return out.getvalue()


def dataset_zip_path(ds: Dataset) -> str:
    """Where the pack holds the data set's ZIP, relative to its page: data/bandung-partnerships-2026.12.0.zip."""
    return f"data/{package.file_name(ds.release)}"


def seminar_pack(figures: Sequence[Figure], view: View, t: Translator, description: str, today: dt.date,
                 ds: Dataset | None = None, timeline: Figure | None = None) -> bytes:
    """A ZIP to hand out after a talk: the self-contained HTML, every figure as PNG and SVG, the filtered
    tables (and the Seoul timeline) as CSV, SOURCES.md with every source behind what is shown and how to
    cite the data set, and the whole data set as the About page offers it (data/NAME-VERSION.zip). A figure
    the renderer cannot draw is left out of figures/ (logged); the rest stands."""
    base = stem(view, t)
    files = [(f"{base}/index.html", pack_html(figures, view, t, description, today, ds, timeline).encode("utf-8"))]
    for figure in [*figures, *([timeline] if timeline is not None else [])]:
        name = timeline_stem(t) if figure.name == "timeline" else stem(view, t, figure.name)
        try:
            files.append((f"{base}/figures/{name}.png", png(figure.spec)))
            files.append((f"{base}/figures/{name}.svg", svg(figure.spec).encode("utf-8")))
        except render.RenderError as err:
            log.error("the pack leaves out figure %s: %s", figure.name, err)
    files.append((f"{base}/data/{stem(view, t, 'partners')}.csv", to_csv(partner_table(view, t))))
    files.append((f"{base}/data/{stem(view, t, 'activities')}.csv", to_csv(activity_table(view, t))))
    if ds is not None and timeline is not None:
        from dashboard import seoul
        from dashboard.filters import partner_events
        events = partner_events(ds, seoul.PARTNER)
        files.append((f"{base}/data/{timeline_stem(t)}.csv", to_csv(seoul.timeline_table(events, t, None))))
    files.append((f"{base}/SOURCES.md", sources_markdown(view, t, description, today, ds).encode("utf-8")))
    if ds is not None and not ds.uploaded:  # the whole data set, as the About page offers it (an upload's own
        # files are the viewer's to keep: the upload page offers them)
        files.append((f"{base}/{dataset_zip_path(ds)}", package.dataset_zip(ds.folder or package.DATA_DIR)))
    if ds is not None and any(is_cjk(c) for c in files[0][1].decode("utf-8")) and PACK_FONT_LICENCE.is_file():
        files.append((f"{base}/FONT-LICENSE.txt", PACK_FONT_LICENCE.read_bytes()))
    return zip_files(files, today)


# --- What the buttons and the command line ask for ---------------------------------------------------------------

@dataclass(frozen=True)
class Download:
    """One file a button offers: its name, type, the words of its button (an i18n key), and how it is made
    (called when the button is clicked; raises render.RenderError when a figure cannot be drawn)."""

    file_name: str
    mime: str
    label: str
    data: Callable[[], bytes]
    icon: str = ""


PNG_MIME, SVG_MIME, CSV_MIME, ZIP_MIME = "image/png", "image/svg+xml", "text/csv", "application/zip"


def figure_downloads(figure: Callable[[], Figure | None], file_stem: str) -> list[Download]:
    """A figure's PNG and SVG buttons (the figure is built when a button is clicked)."""
    def one(kind: str) -> bytes:
        built = figure()
        if built is None:
            raise render.RenderError("there is nothing to draw")
        return png(built.spec) if kind == "png" else svg(built.spec).encode("utf-8")

    return [Download(f"{file_stem}.png", PNG_MIME, "export.png", lambda: one("png"), ":material/image:"),
            Download(f"{file_stem}.svg", SVG_MIME, "export.svg", lambda: one("svg"), ":material/draw:")]


def seoul_timeline(ds: Dataset, lang: str, today: dt.date, finding: str | None = None) -> Figure | None:
    """The timeline figure, worked out once per dataset, language, day and chosen finding."""
    from dashboard import content
    return content.seoul_timeline(ds, lang, today, finding)


def seoul_downloads(ds: Dataset, lang: str, today: dt.date, finding: str | None = None) -> list[Download]:
    """The Seoul page's downloads: the timeline as PNG and SVG, events of the chosen finding highlighted as
    on the page (an empty list when there is no timeline)."""
    from dashboard import content
    if seoul_timeline(ds, lang, today, finding) is None:
        return []
    return figure_downloads(lambda: seoul_timeline(ds, lang, today, finding),
                            timeline_stem(content.translator(ds, lang), finding))


@dataclass(frozen=True, eq=False)
class ViewExport:
    """Every file of one view (filters, language, colouring) on one day: what the atlas's buttons offer and
    what `python -m dashboard export` writes. `description` is the view in words (state.describe)."""

    ds: Dataset
    filters: Filters
    lang: str
    description: str
    today: dt.date
    color_by: str = "relationship"
    basemap: dict | None = None  # None: the data folder's own (or the bundled) outlines

    @functools.cached_property
    def t(self) -> Translator:
        from dashboard import content
        return content.translator(self.ds, self.lang)

    @functools.cached_property
    def view(self) -> View:
        from dashboard import content
        return content.view(self.ds, self.filters)

    @functools.cached_property
    def _outlines(self) -> dict:
        # Read once per export: the figures' memo key holds the base map by identity.
        if self.basemap is not None:
            return self.basemap
        from dashboard.loader import load_basemap
        return load_basemap(self.ds.folder) if self.ds.folder else load_basemap()

    def figures(self) -> tuple[Figure, ...]:
        from dashboard import content
        return content.figures(self.ds, self.filters, self.lang, self._outlines, self.description, self.today,
                               self.color_by)

    def figure(self, name: str) -> Figure | None:
        return next((f for f in self.figures() if f.name == name), None)

    def file_name(self, what: str, ext: str) -> str:
        return f"{stem(self.view, self.t, what)}.{ext}"

    def partners_csv(self) -> bytes:
        from dashboard import content
        return content.partners_csv(self.ds, self.filters, self.lang)

    def activities_csv(self) -> bytes:
        from dashboard import content
        return content.activities_csv(self.ds, self.filters, self.lang)

    def pack(self) -> bytes:
        return seminar_pack(self.figures(), self.view, self.t, self.description, self.today, self.ds,
                            seoul_timeline(self.ds, self.lang, self.today))

    def table_downloads(self) -> list[Download]:
        return [Download(self.file_name("partners", "csv"), CSV_MIME, "atlas.download_partners", self.partners_csv),
                Download(self.file_name("activities", "csv"), CSV_MIME, "atlas.download_activities", self.activities_csv)]

    def figure_downloads(self, name: str) -> list[Download]:
        return figure_downloads(lambda: self.figure(name), stem(self.view, self.t, name))

    def pack_download(self) -> Download:
        return Download(f"{stem(self.view, self.t)}.zip", ZIP_MIME, "export.pack", self.pack, ":material/folder_zip:")

    def downloads(self) -> list[Download]:
        """Every file: the tables, every figure of the view as PNG and SVG, the Seoul timeline and the pack."""
        out = self.table_downloads()
        for figure in self.figures():
            out += self.figure_downloads(figure.name)
        out += seoul_downloads(self.ds, self.lang, self.today)
        out.append(self.pack_download())
        return out
