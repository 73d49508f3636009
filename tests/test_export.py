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
    assert export.file_name("bandung-partners", view) == "bandung-partners_2000-2020_culture-education.csv"
