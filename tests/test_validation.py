"""One test per rule of the data contract, each on a broken copy of the bundled data.

Every message must name the file, the line a spreadsheet shows and the column, so a curator can fix it.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from dashboard.__main__ import main
from dashboard.loader import DataError, load

NEXT_YEAR = str(dt.date.today().year + 1)

# (file, id of the row to break, column, bad value, words the rule must say)
CELL_CASES = [
    ("partners.csv", "suwon", "lat", "north", "must be a number from -90 to 90"),
    ("partners.csv", "suwon", "lat", "127.0", "must be a number from -90 to 90"),
    ("partners.csv", "suwon", "lon", "-200", "must be a number from -180 to 180"),
    ("partners.csv", "suwon", "relationship", "twin_town", "must be one of: sister_city"),
    ("partners.csv", "suwon", "status", "dormant", "must be one of: active"),
    ("partners.csv", "suwon", "country_iso3", "ATL", "must be a country listed in countries.csv"),
    ("partners.csv", "suwon", "id", "Suwon City", "must be a lower-case identifier"),
    ("partners.csv", "suwon", "summary_en", "", "a value is required"),
    ("partners.csv", "suwon", "source_urls", "javascript:alert(1)", "http:// or https://"),
    ("partners.csv", "suwon", "source_urls", "ftp://example.org/file", "http:// or https://"),
    ("partners.csv", "suwon", "first_year", "1998", "earliest document in agreements.csv"),
    ("partners.csv", "suwon", "first_contact_year", "1850", "from 1900 to"),
    ("partners.csv", "suwon", "summary_en", '=HYPERLINK("http://evil.example","click")', "formula"),
    ("partners.csv", "suwon", "summary_id", "+1 kota", "formula"),
    ("partners.csv", "suwon", "city_en", "@cmd", "formula"),
    ("partners.csv", "suwon", "city_local", "-2+3", "formula"),
    ("partners.csv", "suwon", "summary_en", "\tTabbed", "formula"),
    ("partners.csv", "suwon", "summary_en", "A <script>alert(1)</script> city", "must not contain < or >"),
    ("partners.csv", "suwon", "confidence", "likely", "must be one of: confirmed"),
    ("agreements.csv", "suwon-1997-sister-city-agreement", "partner_id", "atlantis", "must be an id listed in partners.csv"),
    ("agreements.csv", "suwon-1997-sister-city-agreement", "year", "1996", "must equal the year of 'date'"),
    ("agreements.csv", "suwon-1997-sister-city-agreement", "date", "1997-08", "must match date_precision"),
    ("agreements.csv", "suwon-1997-sister-city-agreement", "date", "1997-02-30", "must be a date"),
    ("agreements.csv", "suwon-1997-sister-city-agreement", "date", "25/08/1997", "must be a date"),
    ("agreements.csv", "suwon-1997-sister-city-agreement", "sectors", "culture dancing", "known sector id"),
    ("agreements.csv", "suwon-1997-sister-city-agreement", "kind", "handshake", "must be one of: letter_of_intent"),
    ("agreements.csv", "suwon-1997-sister-city-agreement", "alt_source_url", "", "source of the alternative value"),
    ("activities.csv", None, "year", "1850", "from 1900 to"),
    ("activities.csv", None, "date", NEXT_YEAR, "with a year from 1900 to"),
    ("activities.csv", None, "sector", "astrology", "must be one of"),
    ("activities.csv", None, "context", "maybe", "must be one of: yes, no"),
    ("activities.csv", None, "source_url", "www.example.org", "http:// or https://"),
    ("activities.csv", None, "title_id", "", "a value is required"),
    ("sectors.csv", "culture", "color", "orange", "must be a colour"),
    ("countries.csv", "KOR", "region", "asia", "must be one of: southeast_asia"),
    ("i18n.csv", "filters.years", "id", "", "a value is required"),
    ("seoul/findings.csv", "smart_city", "sectors", "gadgets", "known sector id"),
    ("seoul/reading_list.csv", None, "url", "not a link", "http:// or https://"),
]


def _id_column(name: str) -> str:
    return {"countries.csv": "iso3", "i18n.csv": "key"}.get(name, "id")


def _problems(folder) -> list:
    with pytest.raises(DataError) as caught:
        load(folder)
    return caught.value.problems


@pytest.mark.parametrize(("name", "row_id", "column", "value", "rule"), CELL_CASES,
                         ids=[f"{c[0]}:{c[2]}={c[3]!r}" for c in CELL_CASES])
def test_a_broken_cell_is_reported_with_file_line_and_column(data_copy, name, row_id, column, value, rule):
    line = data_copy.line_of(name, row_id, _id_column(name)) if row_id else 2
    data_copy.set(name, line, column, value)
    problems = _problems(data_copy.folder)
    matching = [p for p in problems if p.file == name and p.line == line and p.column == column]
    assert matching, f"no problem on {name} line {line} column {column}; got: {[str(p) for p in problems]}"
    assert any(rule in p.rule for p in matching), [str(p) for p in matching]
    message = str(matching[0])
    assert name in message and f"line {line}" in message and f"'{column}'" in message


def test_a_note_is_required_when_a_fact_is_not_confirmed(data_copy):
    line = data_copy.line_of("partners.csv", "suwon")
    data_copy.set("partners.csv", line, "confidence", "unverified")
    data_copy.set("partners.csv", line, "note_en", "")
    problems = _problems(data_copy.folder)
    assert any(p.line == line and p.column == "note_en" and "note" in p.rule for p in problems)


def test_an_end_date_before_the_start_is_rejected(data_copy):
    data_copy.set("activities.csv", 2, "date_precision", "day")
    data_copy.set("activities.csv", 2, "date", f"{data_copy.get('activities.csv', 2, 'year')}-06-10")
    data_copy.set("activities.csv", 2, "end_date", f"{data_copy.get('activities.csv', 2, 'year')}-06-01")
    problems = _problems(data_copy.folder)
    assert any(p.line == 2 and p.column == "end_date" and "before" in p.rule for p in problems)


def test_duplicate_ids_are_rejected(data_copy):
    rows = data_copy.rows("partners.csv")
    rows.append(list(rows[1]))
    data_copy.write("partners.csv", rows)
    problems = _problems(data_copy.folder)
    assert any(p.file == "partners.csv" and p.line == len(rows) and p.column == "id" and "unique" in p.rule
               for p in problems)


def test_a_missing_column_is_named(data_copy):
    rows = data_copy.rows("activities.csv")
    at = rows[0].index("source_url")
    rows = [r[:at] + r[at + 1:] for r in rows]  # drop the column source_url
    data_copy.write("activities.csv", rows)
    problems = _problems(data_copy.folder)
    assert any(p.file == "activities.csv" and p.line == 1 and p.column == "source_url" and "missing" in p.rule
               for p in problems)


def test_a_row_with_too_many_cells_is_named(data_copy):
    rows = data_copy.rows("countries.csv")
    rows[3].append("extra")
    data_copy.write("countries.csv", rows)
    problems = _problems(data_copy.folder)
    assert any(p.file == "countries.csv" and p.line == 4 and "cells" in p.rule for p in problems)


def test_all_problems_are_collected_in_one_pass(data_copy):
    data_copy.set("partners.csv", 2, "lat", "999")
    data_copy.set("agreements.csv", 3, "kind", "handshake")
    data_copy.set("activities.csv", 4, "sector", "astrology")
    problems = _problems(data_copy.folder)
    assert {p.file for p in problems} >= {"partners.csv", "agreements.csv", "activities.csv"}


def test_a_file_in_another_encoding_gets_a_clear_message(data_copy):
    path = data_copy.folder / "partners.csv"
    path.write_bytes(path.read_text(encoding="utf-8").replace("Braunschweig", "Brünschweig", 1).encode("latin-1",
                                                                                                        errors="replace"))
    problems = _problems(data_copy.folder)
    assert any(p.file == "partners.csv" and p.line is not None and "not UTF-8" in p.rule for p in problems)


def test_an_empty_file_gets_a_clear_message(data_copy):
    (data_copy.folder / "agreements.csv").write_text("", encoding="utf-8")
    assert any(p.file == "agreements.csv" and "empty" in p.rule for p in _problems(data_copy.folder))


def test_a_missing_file_gets_a_clear_message(data_copy):
    (data_copy.folder / "sectors.csv").unlink()
    assert any(p.file == "sectors.csv" and "missing" in p.rule for p in _problems(data_copy.folder))


def test_files_saved_by_excel_load(data_copy):
    """UTF-8 with a byte-order mark and CRLF line endings, as Excel's 'CSV UTF-8' writes them."""
    for path in data_copy.folder.rglob("*.csv"):
        text = path.read_text(encoding="utf-8")
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert len(load(data_copy.folder).partners) > 0


def test_the_validate_command_lists_problems_and_exits_1_without_writing(data_copy, capsys):
    data_copy.set("partners.csv", 2, "lat", "999")
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in data_copy.folder.rglob("*") if p.is_file()}
    assert main(["validate", str(data_copy.folder)]) == 1
    out = capsys.readouterr().out
    assert "partners.csv, line 2, column 'lat'" in out and "Traceback" not in out
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in data_copy.folder.rglob("*") if p.is_file()}
    assert before == after


def test_the_validate_command_summarises_the_bundled_data(capsys, dataset):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out.strip()
    assert out == (f"{len(dataset.partners)} partners, {len(dataset.agreements)} agreements, "
                   f"{len(dataset.activities)} activities, {len(dataset.source_urls)} sources")


def test_a_missing_data_folder_is_reported(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nowhere")]) == 2  # "could not read", not "problems found"
    assert "does not exist" in capsys.readouterr().out


def test_a_corroborating_report_that_repeats_the_rows_own_source_is_named(data_copy):
    line = data_copy.line_of("activities.csv", "seoul-2016-12-01-cikapundung")
    own = data_copy.rows("activities.csv")[line - 1][data_copy.rows("activities.csv")[0].index("source_url")]
    data_copy.set("activities.csv", line, "corroborating_urls", f"https://example.org/other {own}")
    problems = _problems(data_copy.folder)
    assert any(p.file == "activities.csv" and p.line == line and p.column == "corroborating_urls"
               and "another page" in p.rule for p in problems)


def test_corroborating_reports_count_among_the_sources(data_copy, dataset):
    line = data_copy.line_of("agreements.csv", "suwon-1997-sister-city-agreement")
    data_copy.set("agreements.csv", line, "corroborating_urls", "https://example.org/a-second-report")
    ds = load(data_copy.folder)
    assert "https://example.org/a-second-report" in ds.source_urls
    assert len(ds.source_urls) == len(dataset.source_urls) + 1


def test_a_release_needs_a_version_shaped_like_year_month_number(data_copy):
    data_copy.set("dataset.csv", 2, "version", "v1")
    problems = _problems(data_copy.folder)
    assert any(p.file == "dataset.csv" and p.line == 2 and p.column == "version" and "2026.12.0" in p.rule
               for p in problems)


def test_a_folder_without_a_release_has_none_and_borrows_none(data_copy):
    (data_copy.folder / "dataset.csv").unlink()
    ds = load(data_copy.folder)
    assert ds.release is None
    assert not any("dataset.csv" in note for note in ds.notes)


def test_the_bundled_data_is_a_release_under_an_open_licence(dataset):
    assert dataset.release["version"] == "2026.12.0"
    assert dataset.release["licence"] == "CC-BY-4.0"
