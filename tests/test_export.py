"""The CSV download: exactly the rows of the view, and text that cannot run as a spreadsheet formula."""

from __future__ import annotations

import csv
import io

import pandas as pd

from dashboard import export
from dashboard.filters import Filters, apply


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


def test_the_file_name_says_which_filter_made_it(dataset):
    view = apply(dataset, Filters(years=(2000, 2020), sectors=("culture", "education")))
    assert export.stem(view, "en", "partners") == "bandung-partnerships-partners_2000-2020_culture-education_en"


# --- Figures for slides and papers, and the seminar pack ---------------------------------------------------------

import datetime as dt  # noqa: E402
import re  # noqa: E402
import struct  # noqa: E402
import xml.etree.ElementTree as ET  # noqa: E402
import zipfile  # noqa: E402

import pytest  # noqa: E402

from dashboard.data import load_basemap  # noqa: E402

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
    assert export.stem(view, "en") == "bandung-partnerships_2000-2024_culture_en"
    assert export.stem(view, "id", "growth") == "bandung-partnerships-growth_2000-2024_culture_id"
    every = apply(dataset, Filters())
    low, high = every.years
    assert export.stem(every, "en", "map") == f"bandung-partnerships-map_{low}-{high}_all-fields_en"


def test_the_seminar_pack_holds_a_self_contained_page_every_figure_the_tables_and_the_sources(culture_figures, t_en):
    view, figures = culture_figures
    pack = zipfile.ZipFile(io.BytesIO(export.seminar_pack(figures, view, t_en, "2000–2024 · Culture", TODAY)))
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
    # the inline scripts, whose code is the bundled Vega itself)
    markup = re.sub(r"<script>.*?</script>", "", page, flags=re.S)
    assert markup.count("<script") == 0 and page.count("<script") == 2
    assert not re.search(r"src=|<link\b|<img\b|@import|url\(", markup)
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
    partners.loc[partners["id"] == "suwon", "city_en"] = "Suwon</script><script src=http://evil.example/x.js>"
    hostile = replace(dataset, partners=partners)
    view = apply(hostile, Filters(years=(1990, 2000)))
    page = export.pack_html([], view, t_en, "1990–2000", TODAY)
    assert "<script src=" not in page and "&lt;/script&gt;" in page
