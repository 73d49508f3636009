"""The CSV download: exactly the rows of the view, and text that cannot run as a spreadsheet formula."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from dashboard import charts, export, render
from dashboard.contract import STATUSES
from dashboard.filters import Filters, apply
from dashboard.loader import DATA_DIR, load_basemap


def test_formula_cells_are_neutralised_and_numbers_stay_numbers():
    frame = pd.DataFrame({"text": ['=HYPERLINK("http://x")', "+1", "@cmd", "-2", "\tx", "plain"],
                          "lon": [-97.33, 1.0, 2.0, 3.0, 4.0, 5.0]})
    out = export.to_csv(frame).decode("utf-8")
    assert out.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert rows[0] == ["text", "lon"]
    assert [r[0] for r in rows[1:]] == ["'=HYPERLINK(\"http://x\")", "'+1", "'@cmd", "'-2", "'\tx", "plain"]
    assert rows[1][1] == "-97.33"


def test_the_partner_download_holds_exactly_the_partners_on_the_map(dataset, t_en):
    view = apply(dataset, Filters(years=(1960, 1999)))
    table = export.partner_table(view, t_en)
    rows = list(csv.DictReader(io.StringIO(export.to_csv(table).decode("utf-8").lstrip("\ufeff"))))
    assert sorted(r["City"] for r in rows) == ["Braunschweig", "Fort Worth", "Suwon"]
    assert {r["First document"] for r in rows} == {"1960", "1990", "1997"}


def test_the_table_speaks_the_page_language(dataset, t_id):
    table = export.partner_table(apply(dataset, Filters(years=(1960, 1999))), t_id)
    assert "Kota" in table.columns and "Korea Selatan" in set(table["Negara"])


def test_the_file_name_says_which_filter_made_it(dataset, t_en):
    view = apply(dataset, Filters(years=(2000, 2020), sectors=("culture", "education")))
    assert export.stem(view, t_en, "partners") == "bandung-partnerships-partners_2000-2020_culture-education_en"


# --- Figures for slides and papers, and the seminar pack ---------------------------------------------------------

TODAY = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def culture_figures(dataset, t_en):
    view = apply(dataset, Filters(years=(2000, 2024), sectors=("culture",)))
    return view, export.figures(view, dataset, load_basemap(), t_en, "2000–2024 · Culture", TODAY)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def test_every_figure_is_offered_with_a_caption_naming_the_source_the_view_and_the_date(culture_figures):
    _, figures = culture_figures
    assert [f.name for f in figures] == ["map", "growth", "regions", "fields", "activities"]
    for figure in figures:
        text = export.svg(figure.spec)
        assert "Bandung Partnerships Atlas" in text and "2000–2024 · Culture" in text and "2026-11-30" in text, figure.name


def test_a_png_is_rendered_at_twice_the_figure_size(culture_figures):
    _, figures = culture_figures
    width, height = png_size(export.png(figures[1].spec))
    assert width == 2 * export.FIGURE_WIDTH and height > 400


def test_the_static_map_svg_parses_and_names_the_partners_shown(culture_figures):
    view, figures = culture_figures
    svg = export.svg(figures[0].spec)
    root = ET.fromstring(svg)
    words = " ".join(t for t in root.itertext())
    shown = set(view.partners["city_en"])
    assert shown and all(city in words for city in shown), shown - {c for c in shown if c in words}
    assert "Fort Worth" not in words  # signed in 1990, outside the range


def test_file_names_say_what_is_inside_and_follow_filters_and_language(dataset, t_en, t_id):
    view = apply(dataset, Filters(years=(2000, 2024), sectors=("culture",)))
    assert export.stem(view, t_en) == "bandung-partnerships_2000-2024_culture_en"
    # Indonesian names are Indonesian throughout: the words come from data/i18n.csv
    assert export.stem(view, t_id, "growth") == "kerja-sama-bandung-pertumbuhan_2000-2024_kebudayaan_id"
    every = apply(dataset, Filters())
    low, high = every.years
    assert export.stem(every, t_en, "map") == f"bandung-partnerships-map_{low}-{high}_all-fields_en"
    assert export.stem(every, t_id, "map") == f"kerja-sama-bandung-peta_{low}-{high}_semua-bidang_id"


def test_the_seminar_pack_holds_a_self_contained_page_every_figure_the_tables_and_the_sources(culture_figures, t_en, en_pack):
    view, figures = culture_figures
    pack = en_pack
    names = set(pack.namelist())
    base = "bandung-partnerships_2000-2024_culture_en"
    for figure in figures:
        stem = f"{base}/figures/bandung-partnerships-{figure.name}_2000-2024_culture_en"
        assert f"{stem}.png" in names and f"{stem}.svg" in names
        png_size(pack.read(f"{stem}.png"))
    assert {f"{base}/index.html", f"{base}/SOURCES.md", f"{base}/data/bandung-partnerships-partners_2000-2024_culture_en.csv",
            f"{base}/data/bandung-partnerships-activities_2000-2024_culture_en.csv"} <= names
    page = pack.read(f"{base}/index.html").decode("utf-8")
    # nothing for the browser to fetch: no script or style from an address, no image, no link tag (outside
    # the inline scripts, whose code is the bundled Vega itself, and the metadata, which is data)
    markup = re.sub(r"<script( type=\"application/ld\+json\")?>.*?</script>", "", page, flags=re.S)
    assert markup.count("<script") == 0 and page.count("<script") == 3
    # (the one address in the styles is the embedded font's, a data: URL)
    assert not re.search(r"src=|<link\b|<img\b|@import|url\((?!data:font/woff;base64,)", markup)
    assert page.count("vegaEmbed(") >= 1 and page.startswith("<!DOCTYPE html>") and 'lang="en"' in page
    sources = pack.read(f"{base}/SOURCES.md").decode("utf-8")
    for row in view.partners.itertuples():
        assert f"## {row.city_en}," in sources and all(u in sources for u in row.source_urls)
    assert "How to cite" in sources
    partners_csv = pack.read(f"{base}/data/bandung-partnerships-partners_2000-2024_culture_en.csv").decode("utf-8-sig")
    assert sorted(r["City"] for r in csv.DictReader(io.StringIO(partners_csv))) == sorted(view.partners["city_en"])


def test_data_text_cannot_break_out_of_the_pack_page(dataset, t_en):
    from dataclasses import replace
    partners = dataset.partners.copy()
    partners.loc[partners["id"] == "suwon", "city_en"] = "Suwon</script><script src=http://user@evil.example/x.js>"
    hostile = replace(dataset, partners=partners)
    view = apply(hostile, Filters(years=(1990, 2000)))
    page = export.pack_html([], view, t_en, "1990–2000", TODAY)
    assert "<script src=" not in page and "&lt;/script&gt;" in page


# --- Hand-outs for a seminar: the map's legend, the Seoul case, links, citation, readable ZIP, both languages ------

CULTURE = Filters(years=(2000, 2024), sectors=("culture",))
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def en_job(dataset):
    return export.ViewExport(dataset, CULTURE, "en", "2000–2024 · Culture", TODAY)


@pytest.fixture(scope="module")
def en_pack(en_job):
    return zipfile.ZipFile(io.BytesIO(en_job.pack()))


@pytest.fixture(scope="module")
def id_job(dataset):
    # every status: partners without a signed document are on the map (open points in the legend)
    return export.ViewExport(dataset, Filters(statuses=STATUSES), "id", "semua bidang", TODAY, color_by="status")


@pytest.fixture(scope="module")
def id_pack(id_job):
    return zipfile.ZipFile(io.BytesIO(id_job.pack()))


def page_of(pack: zipfile.ZipFile) -> str:
    return pack.read(next(n for n in pack.namelist() if n.endswith("/index.html"))).decode("utf-8")


def svg_words(svg: str) -> str:
    return " ".join(ET.fromstring(svg).itertext())


def test_the_static_map_carries_its_legend_in_the_pages_language(en_job, id_job, t_en, t_id):
    words = svg_words(export.svg(en_job.figure("map").spec))
    shown = set(en_job.view.partners["relationship"])
    assert "Relationship:" in words and "Home city" in words
    for relationship in shown:
        assert t_en.label("relationship", relationship) in words
    assert "Friendship city" in words and "Exploration" not in words  # only what the map shows
    assert "open point, dashed route" not in words  # every partner of this view has a signed document
    words = svg_words(export.svg(id_job.figure("map").spec))
    assert "Status:" in words and "Kota asal" in words and t_id("map.open_marker") in words
    assert all(t_id.label("status", s) in words for s in set(id_job.view.partners["status"]))


def test_the_legend_sits_under_the_map_within_the_picture_and_its_keys_do_not_overlap(id_job):
    spec = id_job.figure("map").spec
    entries = export.map_legend(id_job.view, id_job.t, "status", charts.sector_colors(id_job.ds))
    placed = export.legend_layout(entries, spec["width"] - 8)
    assert [p["entry"].kind for p in placed][:2] == ["title", "point"] and placed[-1]["entry"].kind == "open"
    for row in {p["row"] for p in placed}:
        keys = sorted((p for p in placed if p["row"] == row), key=lambda p: p["x"])
        assert all(a["end"] <= b["x"] - 6 for a, b in zip(keys, keys[1:]))
    assert all(p["end"] <= spec["width"] for p in placed)
    # drawn below the map: the legend's points are under the map's height, and the picture grows to hold them
    svg = export.svg(spec)
    root = ET.fromstring(svg)
    height = float(root.get("height"))
    assert height > spec["height"] + 20 * (max(p["row"] for p in placed) + 1)
    png = export.png(spec)
    assert png_size(png)[1] == 2 * round(height)


def test_every_caption_states_the_licence_and_the_pack_cites_version_and_licence(en_job, en_pack):
    for figure in en_job.figures():
        assert "version 2026.12.0 · Licence: CC-BY-4.0" in svg_words(export.svg(figure.spec)), figure.name
    page = page_of(en_pack)
    cite = page[page.index("class='citation'"):]
    assert "version 2026.12.0, <span class='nowrap'>2026-12-03</span>" in cite
    assert "Creative Commons Attribution 4.0 International" in cite
    assert '<a href="https://creativecommons.org/licenses/by/4.0/"' in cite
    assert "Retrieved <span class='nowrap'>2026-11-30</span>" in cite
    sources = en_pack.read(next(n for n in en_pack.namelist() if n.endswith("SOURCES.md"))).decode("utf-8")
    assert "version 2026.12.0" in sources and "<https://creativecommons.org/licenses/by/4.0/>" in sources


def test_data_without_a_release_borrows_no_licence_or_version(dataset, t_en):
    from dataclasses import replace
    bare = replace(dataset, release=None)
    assert "Licence" not in export.caption("x", t_en, TODAY, bare.release)
    assert "version" not in export.citation("x", t_en, TODAY, bare.release) and "2026-11-30" in export.citation(
        "x", t_en, TODAY, bare.release)


def test_the_pack_has_the_seoul_case_question_method_findings_timeline_and_open_questions(en_pack, dataset, t_en):
    page = page_of(en_pack)
    texts = dataset.seoul.texts
    seoul_part = page[page.index("<section id='seoul'"):page.index("</section>")]
    for heading in ("The question", "The method", "The findings", "The Bandung–Seoul timeline", "What the sources leave open"):
        assert f">{heading}</h3>" in seoul_part
    assert texts["question"]["en"][:60] in seoul_part and texts["method"]["en"][:60].replace('"', "&quot;") in seoul_part
    findings = dataset.seoul.findings
    assert len(findings) == 3
    for finding in findings.itertuples():
        assert f"<h4>{finding.title_en}</h4>" in seoul_part
        assert export.esc(finding.evidence_en)[:80] in seoul_part
    for question in dataset.seoul.open_questions.itertuples():
        assert f"<h4>{export.esc(question.title_en)}</h4>" in seoul_part
    # the timeline: drawn as a figure, and a table with every dated event and its source as a link
    from dashboard.filters import partner_events
    events = partner_events(dataset, "seoul")
    assert "id='figure-5'" in seoul_part and seoul_part.count("<tr>") == len(events) + 1
    assert all(f'href="{export.esc(e.source_urls[0])}"' in seoul_part for e in events.itertuples())
    names = en_pack.namelist()
    base = "bandung-partnerships_2000-2024_culture_en"
    for ext in ("png", "svg"):
        assert f"{base}/figures/bandung-partnerships-seoul-timeline_en.{ext}" in names
    assert f"{base}/data/bandung-partnerships-seoul-timeline_en.csv" in names
    words = svg_words(en_pack.read(f"{base}/figures/bandung-partnerships-seoul-timeline_en.svg").decode("utf-8"))
    assert "The Bandung–Seoul timeline" in words and "Licence: CC-BY-4.0" in words


def test_every_source_in_the_pack_is_a_link(en_pack, en_job, dataset):
    page = page_of(en_pack)
    hrefs = re.findall(r'<a href="([^"]+)"', page)
    assert len(hrefs) > 100
    for place, urls in export.sources(en_job.view, en_job.t):
        for url in urls:
            assert f'<li><a href="{export.esc(url)}" rel="noreferrer">' in page, (place, url)
    for url in export.seoul_sources(dataset):
        assert f'href="{export.esc(url)}"' in page
    assert all(export.is_strict_url(h.replace("&amp;", "&")) for h in hrefs)


def test_the_pack_page_says_its_heading_once_and_keeps_dates_whole(en_pack):
    page = page_of(en_pack)
    assert page.count("Bandung&#x27;s international partnerships") == 1  # the <h2>, not drawn again in the map
    lead = page[page.index("<p class='lead'>"):page.index("</p>", page.index("<p class='lead'>"))]
    assert "<span class='nowrap'>2000–2024</span>" in lead and "<span class='nowrap'>2026-11-30</span>" in lead


def test_every_spec_in_the_pack_and_every_file_is_of_the_bundled_vega_lite_version(en_pack, en_job):
    page = page_of(en_pack)
    specs = json.loads(re.search(r"const specs = (\[.*?\]);\n", page, flags=re.S).group(1).replace("<\\/", "</"))
    assert len(specs) == 6 and {s["$schema"] for s in specs} == {charts.SCHEMA}
    bundled = render.run("versions")["vega-lite"][-1]
    assert charts.SCHEMA.endswith(f"/v{bundled.split('.')[0]}.json")
    assert export.prepare(en_job.figure("map").spec)["$schema"] == charts.SCHEMA


def test_zip_entries_are_readable_by_everyone_and_dated_on_the_packs_day(en_pack, en_job):
    for info in en_pack.infolist():
        mode = info.external_attr >> 16
        assert info.create_system == 3 and info.date_time[:3] == (2026, 11, 30), info.filename
        assert mode == (0o40755 if info.is_dir() else 0o100644), (info.filename, oct(mode))
    # the same view on the same day gives the same bytes (figures included)
    assert export.seminar_pack(en_job.figures(), en_job.view, en_job.t, en_job.description, TODAY, en_job.ds,
                               export.seoul_timeline(en_job.ds, "en", TODAY)) == en_job.pack()


def test_an_indonesian_pack_is_indonesian_throughout(id_pack, id_job):
    names = id_pack.namelist()
    assert all(n.startswith("kerja-sama-bandung_") and n.isascii() for n in names)
    # (the data set's ZIP keeps its one name in both languages, as the About page and its citation give it)
    names = [n for n in names if not n.endswith(export.dataset_zip_path(id_job.ds))]
    assert not any(word in n for n in names for word in ("all-fields", "partnerships", "timeline", "partners", "growth"))
    low, high = id_job.view.years
    base = f"kerja-sama-bandung_{low}-{high}_semua-bidang_id"
    assert {f"{base}/data/kerja-sama-bandung-mitra_{low}-{high}_semua-bidang_id.csv",
            f"{base}/figures/kerja-sama-bandung-peta_{low}-{high}_semua-bidang_id.png",
            f"{base}/figures/kerja-sama-bandung-lini-masa-seoul_id.svg"} <= set(names)
    page = re.sub(r'<script type="application/ld\+json">.*?</script>', "", page_of(id_pack), flags=re.S)  # metadata
    assert '<html lang="id">' in page and "<title>Atlas Kerja Sama Kota Bandung · paket seminar</title>" in page
    assert "Bandung Partnerships Atlas" not in page and "Data: Atlas Kerja Sama Kota Bandung" in page
    assert "Lini masa Bandung–Seoul" in page and "Cara mengutip" in page and "versi 2026.12.0" in page
    words = svg_words(export.svg(id_job.figure("growth").spec))
    assert "Data: Atlas Kerja Sama Kota Bandung" in words and "Lisensi: CC-BY-4.0" in words


def missing_glyphs(text: str) -> set[str]:
    """CJK characters of `text` the embedded font has no glyph for (they would fall back on the reader's fonts)."""
    from fontTools.ttLib import TTFont
    mapped = TTFont(export.PACK_FONT).getBestCmap()
    return {c for c in text if export.is_cjk(c) and ord(c) not in mapped}


def test_local_names_in_cjk_come_with_an_embedded_font_that_has_every_glyph(en_pack, dataset):
    page = page_of(en_pack)
    assert "서울특별시" in page and "@font-face{font-family:'Atlas CJK';src:url(data:font/woff;base64," in page
    assert "'Atlas CJK'" in page[page.index("body{"):page.index("}", page.index("body{"))]
    assert "Noto Sans CJK" in page and any(n.endswith("FONT-LICENSE.txt") for n in en_pack.namelist())
    cjk = "".join(c for c in page if export.is_cjk(c))
    assert cjk and missing_glyphs(cjk) == set()
    # the font has every CJK character of the bundled data (run scripts/build_pack_font.py when one is added)
    data_chars = {c for path in sorted(Path(DATA_DIR).rglob("*.csv")) for c in path.read_text(encoding="utf-8")
                  if export.is_cjk(c)}
    assert missing_glyphs("".join(data_chars)) == set()
    # a view with no CJK text embeds no font
    view = apply(dataset, Filters(years=(1960, 1960)))
    assert "@font-face" not in export.pack_html([], view, export.Translator.for_dataset(dataset, "en"), "1960", TODAY)



def test_file_names_inside_the_pack_stay_short_and_ascii_whatever_the_view(dataset, t_id):
    from dataclasses import replace
    sectors = dataset.sectors.copy()
    sectors["label_id"] = ["Lingkungan hidup " * 6 + "ê", *(["서울 " * 20] * (len(sectors) - 1))]
    odd = replace(dataset, sectors=sectors)
    t = export.Translator.for_dataset(odd, "id")
    view = apply(odd, Filters(sectors=tuple(sectors["id"])))
    for what in ("", "map", "partners", "timeline"):
        name = export.stem(view, t, what)
        assert name.isascii() and len(name.encode()) < 100 and re.fullmatch(r"[a-z0-9_-]+", name), name
    one = apply(odd, Filters(sectors=tuple(sectors["id"][1:2])))
    assert export.fields_part(one, t) == sectors["id"].iloc[1].replace("_", "-")  # no ASCII in the label: its id


def test_downloads_on_the_seoul_page_are_the_timeline_as_png_and_svg(dataset):
    items = export.seoul_downloads(dataset, "id", TODAY, "smart_city")
    assert [(i.file_name, i.mime, i.label) for i in items] == [
        ("kerja-sama-bandung-lini-masa-seoul_smart-city_id.png", "image/png", "export.png"),
        ("kerja-sama-bandung-lini-masa-seoul_smart-city_id.svg", "image/svg+xml", "export.svg")]
    words = svg_words(items[1].data().decode("utf-8"))
    assert "Lini masa Bandung–Seoul" in words and "Atlas Kerja Sama Kota Bandung" in words
    assert png_size(items[0].data())[0] == 2 * export.FIGURE_WIDTH


# --- Inert text in every text export ------------------------------------------------------------------------------

HOSTILE = ":material/home: :red[alarm] http://user@evil.example/x www.evil.example a@evil.example **b** [l](javascript:x)"


def test_the_pack_page_and_sources_show_hostile_text_as_text(dataset, t_en):
    from dataclasses import replace
    partners = dataset.partners.copy()
    suwon = partners["id"] == "suwon"
    partners.loc[suwon, "city_en"] = HOSTILE
    seoul = replace(dataset.seoul, texts={**dataset.seoul.texts, "question": {
        "en": "Setext\n===\n\n---\n1. one\n> quote\n" + HOSTILE + " [ok](https://ok.example/a)", "id": "x"}})
    hostile = replace(dataset, partners=partners, seoul=seoul)
    view = apply(hostile, Filters(years=(1990, 2000)))
    page = export.pack_html([], view, t_en, "1990–2000", TODAY, hostile, None)
    hrefs = re.findall(r'href="([^"]+)"', page)
    assert not any("evil" in h or h.startswith("javascript") for h in hrefs)
    assert '<a href="https://ok.example/a" rel="noopener noreferrer">ok</a>' in page  # a strict link stays a link
    assert ":material/home: :red[alarm] http://user@evil.example/x" in page  # shown as written
    assert not re.search(r"<(h1|h2|hr|ol|blockquote)>(?!.*seminar)[^<]*(Setext|one|quote)", page)
    assert "<p>Setext<br>\n===</p>\n<p>---<br>\n1. one<br>\n&gt; quote" in page  # lines shown as written
    sources = export.sources_markdown(view, t_en, "1990–2000", TODAY, hostile)
    line = next(ln for ln in sources.splitlines() if "material" in ln)
    assert line.startswith("## ") and "\\:material/home:" in line and "\\:red\\[alarm\\]" in line
    assert "http\\://user\\@evil.example/x" in line and "www\\.evil.example" in line and "a\\@evil.example" in line
    assert "\\*\\*b\\*\\*" in line and "\\[l\\](javascript\\:x)" in line


def test_formula_starts_behind_invisible_or_wide_characters_are_neutralised():
    cells = ["\u00a0=1+1", "\ufeff+cmd", "\u3000-2", "\uff1dSUM(A1)", "\uff0b1", "\uff0d1", "\uff20x", " =x",
             "\u200b@x", "\u2003\u00a0=x"]
    frame = pd.DataFrame({"text": cells + [" plain", "\u00a0plain", "ok"], "n": list(range(len(cells) + 3))})
    rows = list(csv.reader(io.StringIO(export.to_csv(frame).decode("utf-8").lstrip("\ufeff"))))
    # (the contract's one rule: a cell that starts with anything space-like is treated as a formula start, so
    # a leading space or no-break space gets the apostrophe too; the validator refuses such data cells)
    assert [r[0] for r in rows[1:]] == ["'" + c for c in cells] + ["' plain", "'\u00a0plain", "ok"]
    assert [r[1] for r in rows[1:]] == [str(i) for i in range(len(cells) + 3)]


# --- Figures that cannot crash the server ---------------------------------------------------------------------

ONE_LINER = {"data": {"values": [{"a": "x\uffff"}]}, "mark": "text", "encoding": {"text": {"field": "a"}}}


def test_text_is_made_safe_for_xml_and_vega_expressions_without_touching_the_shared_spec():
    assert render.safe_text("a\uffffb\ufffe\x01c\u2028d\u2029e\U0001fffe") == "a\ufffdb\ufffd\ufffdc d e\ufffd"
    clean = {"a": ["x", {"b": 1.5}], "c": "plain"}
    assert render.safe_spec(clean) is clean
    spec = {"layer": [{"data": {"values": [{"k\u2028": "v\uffff"}]}}, clean], "title": "ok"}
    safe = render.safe_spec(spec)
    assert safe == {"layer": [{"data": {"values": [{"k ": "v\ufffd"}]}}, clean], "title": "ok"}
    assert spec["layer"][0]["data"]["values"][0] == {"k\u2028": "v\uffff"}  # the original is left alone
    assert safe["layer"][1] is clean


@pytest.mark.parametrize("char", ["\x01", "\x08", "\x0c", "\x1f", "\x7f", "\x85", "\ud800", "\ufdd0", "\ufffe",
                                  "\uffff", "\u2028", "\u2029", "\U0001fffe", "\U000effff", "\U0010ffff"])
def test_every_character_xml_or_a_vega_expression_refuses_is_replaced_wherever_it_is_in_a_spec(char):
    spec = {"data": {"values": [{"a": f"x{char}"}]}, f"k{char}": [1, {"t": char}]}
    safe = render.safe_spec(spec)
    assert char not in json.dumps(safe, ensure_ascii=False) and "\\u" not in json.dumps(safe, ensure_ascii=False)


@pytest.mark.parametrize("text", ["tab\tline\nreturn\r", "é – 서울 浜松", "\U0001f30f", "\ufffd", "back\\u slash"])
def test_text_that_xml_and_vega_take_leaves_the_spec_as_it_is(text):
    spec = {"a": [text], "b": {"c": text}}
    assert render.safe_spec(spec) is spec


def test_chart_specs_carry_no_text_that_breaks_vega(dataset):
    from dataclasses import replace
    sectors = dataset.sectors.copy()
    sectors.loc[sectors["id"] == "culture", "label_en"] = "Cul\u2028ture\uffff"
    odd = replace(dataset, sectors=sectors)
    spec = charts.sectors_chart(apply(odd, Filters()), odd, export.Translator.for_dataset(odd, "en"))
    text = json.dumps(spec, ensure_ascii=False)
    assert "Cul ture\ufffd" in text and "\u2028" not in text and "\uffff" not in text


def test_the_one_liner_that_aborted_the_server_renders_through_the_export_path():
    """The exact one-liner of issue 16 goes through the app's export path in a child process (so that a
    regression aborts that process, not the test run): the export makes its text safe and draws it; the raw
    spec, sent past that safety straight to the renderer, kills only the worker; the process that asked
    survives and draws the next figure on a fresh worker."""
    script = f"""
from dashboard import export, render
spec = {ONE_LINER!r}
svg = export.svg(spec)
print("export:", "x\\ufffd" in svg)
try:
    render.run("svg", spec)
    print("raw: drawn")
except render.RenderError as err:
    print("raw:", err)
print("after:", "<svg" in export.svg({{"data": {{"values": [{{"a": "ok"}}]}}, "mark": "text",
                                        "encoding": {{"text": {{"field": "a"}}}}}}))
render.close()
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines() == ["export: True", "raw: the renderer stopped while drawing this figure",
                                        "after: True"]
    assert "panic" in done.stderr  # the worker did abort, as vl-convert does on this text


# --- The command line: exactly what the buttons give -----------------------------------------------------------------

def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard", *args], capture_output=True, text=True, timeout=600,
                          cwd=cwd)


@pytest.mark.apptest
def test_the_command_line_writes_what_the_atlas_buttons_give(tmp_path, dataset, monkeypatch):
    # The buttons of the atlas's downloads, as the page offers them (file name and what a click makes)...
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.testing.v1 import AppTest

    from tests.conftest import APP
    offered = {}
    register = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        offered[file_name] = data_callable
        return register(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update({"lang": "en", "years": ["2000", "2024"], "sectors": "culture"})
    at.run()
    at.toggle(key="w_downloads").set_value(True).run()
    assert not at.exception
    # a CSV has no room for its licence: the line under the table buttons gives it
    assert any("The tables are data of version 2026.12.0 · Licence: CC-BY-4.0" in c.value for c in at.caption), \
        [c.value for c in at.caption]
    # ... and the command line for the same view, on the same day
    out = tmp_path / "slides"
    done = cli("export", "--out", str(out), "--lang", "en", "--years", "2000", "2024", "--fields", "culture")
    assert done.returncode == 0, done.stderr
    job = export.ViewExport(dataset, CULTURE, "en", "2000–2024 · Culture · partnerships with a signed document",
                            dt.date.today())
    expected = [item.file_name for item in job.downloads()]
    assert sorted(p.name for p in out.iterdir()) == sorted(expected) and len(expected) == 15
    assert done.stdout.splitlines() == [str(out / name) for name in expected]
    assert sorted(offered) == sorted(["bandung-partnerships-partners_2000-2024_culture_en.csv",
                                      "bandung-partnerships-activities_2000-2024_culture_en.csv",
                                      "bandung-partnerships-map_2000-2024_culture_en.png",
                                      "bandung-partnerships-map_2000-2024_culture_en.svg",
                                      "bandung-partnerships_2000-2024_culture_en.zip"])
    for name, make in offered.items():
        assert (out / name).read_bytes() == make(), name  # byte for byte, the pack included


def test_the_command_line_names_problems_and_exits_1_on_a_folder_that_breaks_the_contract(data_copy, tmp_path):
    data_copy.set("partners.csv", 3, "lat", "north")
    done = cli("export", str(data_copy.folder), "--out", str(tmp_path / "out"))
    assert done.returncode == 1
    assert "partners.csv, line 3, column 'lat': 'north'" in done.stdout
    assert done.stdout == cli("validate", str(data_copy.folder)).stdout  # as `validate` prints them
    assert not (tmp_path / "out").exists()


def test_the_command_line_exits_2_when_it_cannot_read_or_write(tmp_path):
    missing = cli("export", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out"))
    assert missing.returncode == 2 and "nowhere" in missing.stdout + missing.stderr
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    unwritable = cli("export", "--out", str(blocker / "out"), "--years", "1960", "1960")
    assert unwritable.returncode == 2 and "cannot be written" in unwritable.stderr
    unknown = cli("export", "--out", str(tmp_path / "out"), "--fields", "astrology")
    assert unknown.returncode == 2 and "--fields 'astrology'" in unknown.stderr
    assert not (tmp_path / "out").exists()


def test_a_folder_with_nothing_in_it_still_exports_its_map_tables_and_pack(tmp_path):
    from dashboard.loader import load
    from tests.strategies import write_folder
    empty = {"no_partners": True, "no_agreements": True, "no_activities": True, "no_seoul_cards": True,
             "no_i18n": True, "one_year": None, "texts": {}, "urls": [], "multiline": False}
    ds = load(write_folder(empty, tmp_path / "data"))
    job = export.ViewExport(ds, Filters(), "id", "x", TODAY)
    items = job.downloads()
    assert [i.file_name.rsplit(".", 1)[1] for i in items] == ["csv", "csv", "png", "svg", "zip"]
    assert all(i.file_name.isascii() for i in items)  # (no translation table: the words' fallbacks)
    pack = zipfile.ZipFile(io.BytesIO(items[-1].data()))
    assert any(n.endswith("/index.html") for n in pack.namelist()) and "<section id='seoul'" in page_of(pack)
