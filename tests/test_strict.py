"""The validator is strict where a curator could slip, total where a folder is odd, and its report stays
readable: one test per defect, each on a broken copy of the bundled data, asserting file, line and column."""

from __future__ import annotations

import datetime as dt
import os
import shutil

import pytest

from dashboard import contract
from dashboard.__main__ import main
from dashboard.filters import Filters, apply, known_partner, partner_names, year_bounds
from dashboard.i18n import STRICT, Translator
from dashboard.loader import MAX_PER_RULE, DataError, fingerprint, load, load_basemap
from dashboard.loader import files as loader_files

THIS_YEAR = dt.date.today().year


def problems_of(folder) -> list:
    with pytest.raises(DataError) as caught:
        load(folder)
    return caught.value.problems


def at(problems, file, line, column) -> list:
    return [p for p in problems if p.file == file and p.line == line and p.column == column]


def set_activity(data_copy, column: str, value: str, row_id: str | None = None) -> int:
    line = data_copy.line_of("activities.csv", row_id) if row_id else 2
    data_copy.set("activities.csv", line, column, value)
    return line


# --- Digits, control characters, names ------------------------------------------------------------------

@pytest.mark.parametrize(("name", "column", "value"), [
    ("partners.csv", "lat", "5_2.2689"),       # Python's float() would take it
    ("partners.csv", "lat", "٥٢.٢"),           # Arabic-Indic digits
    ("partners.csv", "lat", "５２.２"),          # full-width digits
    ("partners.csv", "lon", "1e2"),
    ("partners.csv", "first_contact_year", "１９９０"),
    ("partners.csv", "geonames_id", "١٢٣"),
    ("agreements.csv", "date", "２０１５-03-01"),
    ("agreements.csv", "year", "２０１５"),
    ("sectors.csv", "order", "٣"),
])
def test_numbers_dates_and_years_take_ascii_digits_only(data_copy, name, column, value):
    line = 2
    data_copy.set(name, line, column, value)
    found = at(problems_of(data_copy.folder), name, line, column)
    assert found and any("ASCII" in p.rule or "must be a date" in p.rule for p in found), found


@pytest.mark.parametrize("value", ["Suwon\x00City", "Su\x07won", "Suwon\tCity", "Suwon\x85City", "Suwon\rCity"])
def test_a_control_character_in_any_cell_is_refused(data_copy, value):
    line = data_copy.line_of("partners.csv", "suwon")
    data_copy.set("partners.csv", line, "summary_en", "PLACEHOLDER")
    path = data_copy.folder / "partners.csv"  # in quotes, as a spreadsheet writes a cell with a carriage return
    path.write_text(path.read_text(encoding="utf-8").replace("PLACEHOLDER", f'"{value}"'), encoding="utf-8")
    found = at(problems_of(data_copy.folder), "partners.csv", line, "summary_en")
    assert any("control character" in p.rule for p in found), found


def test_a_carriage_return_alone_outside_quotes_is_refused(data_copy):
    line = data_copy.line_of("partners.csv", "suwon")
    data_copy.set("partners.csv", line, "city_local", "Suwon\rCity")  # unquoted: a line end to some programs
    assert [(p.line, "carriage return" in p.rule) for p in problems_of(data_copy.folder)] == [(line, True)]
    assert [p.column for p in problems_of(data_copy.folder)] == ["city_local"]  # the cell it is in, too


def test_a_line_break_is_refused_in_a_one_line_column_but_kept_in_long_text(data_copy):
    line = data_copy.line_of("partners.csv", "suwon")
    data_copy.set("partners.csv", line, "summary_en", "First line\nsecond line")
    found = at(problems_of(data_copy.folder), "partners.csv", line, "summary_en")
    assert any("line break" in p.rule for p in found), found
    data_copy.set("partners.csv", line, "summary_en", "One line")
    text_line = data_copy.line_of("seoul/texts.csv", "lead", "key")
    data_copy.set("seoul/texts.csv", text_line, "en", "A paragraph.\n\n* a bullet\n* another")
    assert "* a bullet" in load(data_copy.folder).seoul.texts["lead"]["en"]


def test_two_partners_in_one_country_may_not_share_a_name(data_copy):
    rows = data_copy.rows("partners.csv")
    header = rows[0]
    copy = list(next(r for r in rows if r[0] == "suwon"))
    copy[header.index("id")] = "suwon-2"
    copy[header.index("city_en")] = "SUWON"  # letters compared without regard to case
    rows.append(copy)
    data_copy.write("partners.csv", rows)
    found = at(problems_of(data_copy.folder), "partners.csv", len(rows), "city_en")
    assert any("unique" in p.rule and f"line {data_copy.line_of('partners.csv', 'suwon')}" in p.rule for p in found)


def test_the_same_name_in_two_countries_stays_unambiguous_in_links(data_copy):
    rows = data_copy.rows("partners.csv")
    header = rows[0]
    twin = list(next(r for r in rows if r[0] == "suwon"))
    twin[header.index("id")] = "suwon-de"
    twin[header.index("country_iso3")] = "DEU"
    twin[header.index("first_year")] = ""  # it has no agreement
    rows.append(twin)
    data_copy.write("partners.csv", rows)
    ds = load(data_copy.folder)
    names = partner_names(ds)
    assert len(set(names.values())) == len(names)
    assert names["suwon"] == "Suwon (KOR)" and names["suwon-de"] == "Suwon (DEU)"
    assert known_partner(ds, "Suwon (DEU)") == "suwon-de" and known_partner(ds, "Suwon") is None
    assert known_partner(ds, "Seoul") == "seoul"


# --- URLs -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "https://ok.example/)![x](http://evil.example/p.png)",
    "https://ok.example/a b",
    "https://ok.example/\"quoted\"",
    "https://ok.example/it's",
    "https://ok.example/[x]",
    "https://ok.example/(x)",
    "https://ok.example/x\\y",
    "http://",
    "https:///path-without-host",
    "//evil.example/p.png",
    "mailto:someone@example.org",
    "https://ok.example/%zz",
])
def test_urls_are_parsed_strictly(data_copy, url):
    line = set_activity(data_copy, "source_url", url)
    found = at(problems_of(data_copy.folder), "activities.csv", line, "source_url")
    assert any("http:// or https://" in p.rule for p in found), found


def test_unusual_but_valid_urls_are_accepted(data_copy):
    line = data_copy.line_of("partners.csv", "suwon")
    urls = ["https://xn--bcher-kva.example/~a_b*c!d;e=f?q=1&r=%20#top", "http://127.0.0.1:8501/",
            "https://example.org:443/a/b/?x=(not)"[:-7], "https://a.b/%28x%29"]
    data_copy.set("partners.csv", line, "source_urls", " ".join(urls))
    ds = load(data_copy.folder)
    assert set(urls) <= ds.source_urls


# --- A missing or unreadable file: one clear problem, no flood ------------------------------------------

@pytest.mark.parametrize(("missing", "follow_on"), [("partners.csv", "listed in partners.csv"),
                                                   ("countries.csv", "listed in countries.csv"),
                                                   ("sectors.csv", "sectors.csv"),
                                                   ("agreements.csv", "agreements.csv")])
def test_a_missing_file_is_one_problem_without_follow_on_problems(data_copy, missing, follow_on):
    (data_copy.folder / missing).unlink()
    problems = problems_of(data_copy.folder)
    assert [str(p) for p in problems] == [f"{missing}: the file is missing"]
    assert not [p for p in problems if p.file != missing and follow_on in p.rule]


def test_problems_are_capped_per_rule_with_a_count(data_copy, capsys):
    rows = data_copy.rows("activities.csv")
    sector = rows[0].index("sector")
    for row in rows[1:]:
        row[sector] = "astrology"
    data_copy.write("activities.csv", rows)
    with pytest.raises(DataError) as caught:
        load(data_copy.folder)
    listed = [p for p in caught.value.problems if p.file == "activities.csv" and p.column == "sector"]
    assert len(listed) == MAX_PER_RULE + 1
    extra = len(rows) - 1 - MAX_PER_RULE
    assert listed[-1].line is None and f"… and {extra:,} more like this" in listed[-1].rule
    assert caught.value.total == len(rows) - 1
    assert main(["validate", str(data_copy.folder)]) == 1
    assert f"{len(rows) - 1:,} problem(s)" in capsys.readouterr().out


def test_an_unreadable_file_is_a_problem_and_exit_code_2(data_copy, monkeypatch, capsys):
    read = loader_files.read_bytes

    def refuse(path):
        if path.name == "partners.csv":
            raise PermissionError(13, "Permission denied")
        return read(path)

    monkeypatch.setattr(loader_files, "read_bytes", refuse)
    problems = problems_of(data_copy.folder)
    assert any(p.file == "partners.csv" and p.could_not_read and "Permission denied" in p.rule for p in problems)
    assert main(["validate", str(data_copy.folder)]) == 2
    out = capsys.readouterr().out
    assert "partners.csv: the file could not be read (Permission denied)" in out and "Traceback" not in out


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file whatever its permissions")
def test_a_file_without_read_permission_gives_exit_code_2(data_copy):
    (data_copy.folder / "partners.csv").chmod(0)
    try:
        assert main(["validate", str(data_copy.folder)]) == 2
    finally:
        (data_copy.folder / "partners.csv").chmod(0o644)


def test_a_file_given_as_the_folder_gives_exit_code_2(data_copy, capsys):
    assert main(["validate", str(data_copy.folder / "home.csv")]) == 2
    assert "is not a folder" in capsys.readouterr().out


def test_the_exit_codes_say_clean_problems_or_could_not_read(data_copy, tmp_path):
    assert main(["validate", str(data_copy.folder)]) == 0
    data_copy.set("partners.csv", 2, "lat", "999")
    assert main(["validate", str(data_copy.folder)]) == 1
    assert main(["validate", str(tmp_path / "nowhere")]) == 2


# --- CSV syntax -------------------------------------------------------------------------------------------

def _replace_line(data_copy, name: str, line: int, old: str, new: str) -> None:
    path = data_copy.folder / name
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")


def test_an_unterminated_quote_is_reported_where_it_opens(data_copy):
    line = data_copy.line_of("activities.csv", "amsterdam-2014-01-smart-city-contacts")
    _replace_line(data_copy, "activities.csv", line, ",Ridwan Kamil's Europe trip", ',"Ridwan Kamil\'s Europe trip')
    problems = [p for p in problems_of(data_copy.folder) if p.file == "activities.csv"]
    assert len(problems) == 1 and problems[0].line == line and "quote" in problems[0].rule, problems
    assert problems[0].column == "title_en"
    assert not any("cells but the header" in p.rule for p in problems)


def test_a_quote_left_open_in_the_last_row_is_reported_there(data_copy):
    path = data_copy.folder / "countries.csv"
    text = path.read_text(encoding="utf-8").rstrip("\n")
    last = text.count("\n") + 1
    path.write_text(text.replace("\nNLD,", '\n"NLD,') + "\n", encoding="utf-8")
    problems = [p for p in problems_of(data_copy.folder) if p.file == "countries.csv"]
    assert [(p.line, p.column, "never closed" in p.rule) for p in problems] == [(last, "iso3", True)]


def test_a_quote_in_the_middle_of_a_cell_is_a_syntax_error(data_copy):
    line = data_copy.line_of("countries.csv", "KOR", "iso3")
    _replace_line(data_copy, "countries.csv", line, "South Korea", 'South "Korea')
    problems = problems_of(data_copy.folder)
    assert any(p.file == "countries.csv" and p.line == line and p.column == "name_en" and "middle of a cell" in p.rule
               for p in problems)


def test_cells_with_quotes_commas_and_line_breaks_written_by_a_spreadsheet_load(data_copy):
    line = data_copy.line_of("partners.csv", "suwon")
    data_copy.set("partners.csv", line, "summary_en", 'A "quoted" word, and a comma')
    ds = load(data_copy.folder)
    assert ds.partners.set_index("id").loc["suwon", "summary_en"] == 'A "quoted" word, and a comma'


# --- Only the contract's regular files are read -----------------------------------------------------------

def test_an_editor_lock_link_and_other_files_are_ignored_with_a_note(data_copy):
    os.symlink("user@host.1234:1700000000", data_copy.folder / ".#partners.csv")  # dangling, as emacs leaves it
    os.symlink(data_copy.folder / "partners.csv", data_copy.folder / "seoul" / "copy.csv")
    (data_copy.folder / "notes.csv").write_text("not,data\n", encoding="utf-8")
    ds = load(data_copy.folder)
    assert any(".#partners.csv" in n and "symbolic link" in n for n in ds.notes)
    assert any("seoul/copy.csv" in n for n in ds.notes) and any("notes.csv" in n for n in ds.notes)
    assert fingerprint(data_copy.folder)  # no FileNotFoundError on the dangling link


def test_a_contract_file_given_as_a_link_is_not_followed(data_copy, tmp_path):
    outside = tmp_path / "elsewhere.csv"
    shutil.move(data_copy.folder / "sectors.csv", outside)
    os.symlink(outside, data_copy.folder / "sectors.csv")
    problems = problems_of(data_copy.folder)
    assert [p.rule for p in problems if p.file == "sectors.csv"] == [
        "the file is a symbolic link; only regular files are read (put the file itself here)"]


def test_a_column_the_contract_does_not_name_is_noted(data_copy):
    rows = data_copy.rows("sectors.csv")
    rows = [[*r, "x"] for r in rows]
    rows[0][-1] = "comment"
    data_copy.write("sectors.csv", rows)
    ds = load(data_copy.folder)
    assert any("sectors.csv" in n and "'comment'" in n for n in ds.notes)
    assert "comment" not in ds.sectors.columns


# --- The base map -----------------------------------------------------------------------------------------

BASEMAP = "geo/countries-110m.geojson"


@pytest.mark.parametrize(("content", "words"), [
    ("this is not json", "is not GeoJSON"),
    ('{"type": "Topology"}', "FeatureCollection"),
    ('{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": '
     '{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 1], [0, 0]]]}}]}', "properties with 'id' and 'name'"),
    ('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "abc", "name": "X"}, '
     '"geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 1], [0, 0]]]}}]}', "numeric code"),
    ('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "360", "name": "X"}, '
     '"geometry": null}]}', "geometry"),
])
def test_a_broken_base_map_is_a_problem_naming_the_file(data_copy, content, words):
    (data_copy.folder / BASEMAP).write_text(content, encoding="utf-8")
    problems = problems_of(data_copy.folder)
    assert any(p.file == BASEMAP and words in p.rule for p in problems), problems
    with pytest.raises(DataError):
        load_basemap(data_copy.folder)


def test_a_folder_without_a_base_map_uses_the_bundled_one(data_copy):
    shutil.rmtree(data_copy.folder / "geo")
    load(data_copy.folder)
    assert load_basemap(data_copy.folder)["type"] == "FeatureCollection"


# --- Translations -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("column", "value", "words"), [
    ("en", "since {year", "placeholders in braces"),
    ("en", "since year}", "placeholders in braces"),
    ("en", "since {when}", "placeholders in braces"),
    ("en", "since {year:d}", "placeholders in braces"),
    ("id", "sejak {0}", "placeholders in braces"),
    ("id", "sejak tahun", "same {placeholders}"),
])
def test_a_translation_template_must_use_the_known_placeholders(data_copy, column, value, words):
    line = data_copy.line_of("i18n.csv", "map.since", "key")
    data_copy.set("i18n.csv", line, column, value)
    found = at(problems_of(data_copy.folder), "i18n.csv", line, column)
    assert any(words in p.rule for p in found), found


def test_literal_braces_are_written_doubled(data_copy):
    line = data_copy.line_of("i18n.csv", "map.since", "key")
    data_copy.set("i18n.csv", line, "en", "since {year} {{not a placeholder}}")
    t = Translator.for_dataset(load(data_copy.folder), "en")
    assert t("map.since", year=1960) == "since 1960 {not a placeholder}"


def test_a_translation_never_fails_to_format(dataset, monkeypatch):
    t = Translator.for_dataset(dataset, "en")
    broken = Translator("en", {"a": {"en": "{", "id": "{"}, "b": {"en": "{unknown} {0}", "id": ""}}, t.sectors,
                        t.countries)
    assert broken("a", year=1) == "{" and broken("b", year=1) == "{unknown} {0}"
    monkeypatch.delenv(STRICT)  # the page outside the tests: an unknown key shows itself
    assert broken("missing.key", year=1) == "missing.key"


# --- Totality: header-only tables, one year -----------------------------------------------------------------

def _header_only(data_copy, *names: str) -> None:
    for name in names:
        data_copy.write(name, data_copy.rows(name)[:1])


def test_header_only_tables_load_and_give_an_empty_view_with_a_year_range(data_copy):
    _header_only(data_copy, "partners.csv", "agreements.csv", "activities.csv", "seoul/concepts.csv",
                 "seoul/findings.csv", "seoul/open_questions.csv", "seoul/reading_list.csv")
    ds = load(data_copy.folder)
    assert year_bounds(ds) == (THIS_YEAR - 1, THIS_YEAR)
    view = apply(ds, Filters(years=(1900, 3000)))
    assert view.empty and view.headline()["years"] == "–"


@pytest.mark.parametrize("year", [THIS_YEAR, 2015])
def test_data_all_in_one_year_gets_a_range_of_two_years_at_least(data_copy, year):
    for name in ("agreements.csv", "activities.csv"):
        rows = data_copy.rows(name)
        header = rows[0]
        for row in rows[1:]:
            row[header.index("date")], row[header.index("date_precision")], row[header.index("year")] = (
                str(year), "year", str(year))
            if "end_date" in header:
                row[header.index("end_date")] = ""
            if row[header.index("alt_value")] in (str(year), ""):
                row[header.index("alt_value")] = "" if row[header.index("confidence")] != "conflicting" else "another"
        data_copy.write(name, rows)
    rows = data_copy.rows("partners.csv")
    header = rows[0]
    for row in rows[1:]:
        if row[header.index("first_year")]:
            row[header.index("first_year")] = str(year)
        if row[header.index("first_contact_year")]:
            row[header.index("first_contact_year")] = str(year)
    data_copy.write("partners.csv", rows)
    low, high = year_bounds(load(data_copy.folder))
    assert low < high and (low, high) == (min(year, THIS_YEAR - 1), THIS_YEAR)


# --- The cache key ------------------------------------------------------------------------------------------

def test_the_fingerprint_sees_an_edit_that_keeps_size_and_time(data_copy):
    path = data_copy.folder / "partners.csv"
    before = fingerprint(data_copy.folder)
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Suwon", "Suwan", 1), encoding="utf-8")  # same length
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size and path.stat().st_mtime_ns == stat.st_mtime_ns
    assert fingerprint(data_copy.folder) != before


def test_the_fingerprint_sees_the_folders_own_base_map(data_copy):
    before = fingerprint(data_copy.folder)
    path = data_copy.folder / BASEMAP
    path.write_text(path.read_text(encoding="utf-8").replace('"name"', '"name" ', 1), encoding="utf-8")
    assert fingerprint(data_copy.folder) != before


# --- Issue 11: plans apart from events, and the provenance rules ------------------------------------------

def test_a_missing_happened_column_means_every_event_took_place(data_copy):
    rows = data_copy.rows("activities.csv")
    column = rows[0].index("happened")
    data_copy.write("activities.csv", [r[:column] + r[column + 1:] for r in rows if r[column] in ("yes", "happened")])
    ds = load(data_copy.folder)
    assert set(ds.activities["happened"]) == {"yes"}


def test_happened_takes_yes_planned_or_cancelled(data_copy):
    line = set_activity(data_copy, "happened", "maybe")
    found = at(problems_of(data_copy.folder), "activities.csv", line, "happened")
    assert any("must be one of: yes, planned, cancelled" in p.rule for p in found)


def test_the_new_kinds_are_accepted(data_copy):
    set_activity(data_copy, "kind", "expiry", "hamamatsu-2024-07-26-first-mou-expires")
    load(data_copy.folder)


@pytest.mark.parametrize(("title", "kind", "happened", "broken"), [
    ("Mayor X signs a cooperation MoU with Bandung", "meeting", "yes", True),
    ("Signing of the sister-city agreement", "delegation", "yes", True),
    ("Letter of intent signed in Seoul", "exchange", "yes", True),
    ("Wallonia signs a smart-city MoU with Bandung", "other_agreement", "yes", False),
    ("Policy MoU planned for July (signing not confirmed)", "meeting", "planned", False),
    ("Mayor signs the Golden Book", "delegation", "yes", False),  # a signature, but no document
])
def test_a_signing_belongs_in_agreements(data_copy, title, kind, happened, broken):
    line = set_activity(data_copy, "title_en", title)
    data_copy.set("activities.csv", line, "kind", kind)
    data_copy.set("activities.csv", line, "happened", happened)
    if broken:
        found = at(problems_of(data_copy.folder), "activities.csv", line, "kind")
        assert any("belongs in agreements.csv" in p.rule for p in found), found
    else:
        load(data_copy.folder)


@pytest.mark.parametrize(("title", "happened", "broken"), [
    ("Consulting session on the tax information system scheduled", "yes", True),
    ("Workshop planned for December", "yes", True),
    ("Mayor will visit Bandung", "yes", True),
    ("Mayor will visit Bandung", "planned", False),
    ("Workshop planned for December", "cancelled", False),
    ("Delegation visits Bandung; a festival is planned for 2016", "yes", False),
    ("Statement by a delegation: Bandung will be partnered with Amsterdam", "yes", False),
])
def test_a_plan_is_not_an_event_that_happened(data_copy, title, happened, broken):
    line = set_activity(data_copy, "title_en", title)
    data_copy.set("activities.csv", line, "happened", happened)
    if broken:
        found = at(problems_of(data_copy.folder), "activities.csv", line, "happened")
        assert any("set happened to planned" in p.rule for p in found), found
    else:
        load(data_copy.folder)


@pytest.mark.parametrize(("name", "row_id"), [("partners.csv", "seoul"),
                                              ("agreements.csv", "suwon-1997-sister-city-agreement"),
                                              ("activities.csv", "toyota-2017-02-10-toyota-team-visit")])
def test_a_conflicting_row_needs_the_other_value(data_copy, name, row_id):
    line = data_copy.line_of(name, row_id)
    data_copy.set(name, line, "alt_value", "")
    found = at(problems_of(data_copy.folder), name, line, "alt_value")
    assert any("required when confidence is 'conflicting'" in p.rule for p in found), found


@pytest.mark.parametrize(("name", "row_id", "own"), [("partners.csv", "seoul", "relationship"),
                                                     ("agreements.csv", "suwon-1997-sister-city-agreement", "date"),
                                                     ("activities.csv", "toyota-2017-02-10-toyota-team-visit", "date")])
def test_the_other_value_differs_from_the_rows_own(data_copy, name, row_id, own):
    line = data_copy.line_of(name, row_id)
    data_copy.set(name, line, "alt_value", data_copy.get(name, line, own))
    found = at(problems_of(data_copy.folder), name, line, "alt_value")
    assert any("must differ from the row's own value" in p.rule for p in found), found


@pytest.mark.parametrize(("name", "row_id", "sources"), [("partners.csv", "seoul", "source_urls"),
                                                         ("agreements.csv", "suwon-1997-sister-city-agreement",
                                                          "source_urls"),
                                                         ("activities.csv", "toyota-2017-02-10-toyota-team-visit",
                                                          "source_url")])
def test_the_alternative_source_is_not_one_of_the_rows_own(data_copy, name, row_id, sources):
    line = data_copy.line_of(name, row_id)
    data_copy.set(name, line, "alt_source_url", data_copy.get(name, line, sources).split()[-1])
    found = at(problems_of(data_copy.folder), name, line, "alt_source_url")
    assert any("must not be one of the row's own sources" in p.rule for p in found), found


def test_the_conflicting_rows_of_the_bundled_data_name_the_other_value(dataset):
    agreements = dataset.agreements.set_index("id")
    assert agreements.loc["suwon-1997-sister-city-agreement", "alt_value"] == "1997-08-27"
    assert agreements.loc["liuzhou-2005-mou", "alt_value"] == "2006"
    assert agreements.loc["seoul-2015-letter-of-intent", "alt_value"] == "2015-09"
    assert dataset.partners.set_index("id").loc["seoul", "alt_value"] == "sister_city"
    for frame in (dataset.partners, dataset.agreements, dataset.activities):
        conflicting = frame[frame["confidence"] == "conflicting"]
        assert (conflicting["alt_value"] != "").all()
    planned = set(dataset.activities.loc[dataset.activities["happened"] == "planned", "id"])
    assert {"seoul-2016-07-policy-mou-planned", "seoul-2017-09-15-tax-consulting"} <= planned


# --- Issue 16: characters no renderer takes, look-alike names, formula look-alikes ---------------------------

@pytest.mark.parametrize(("name", "row_id", "id_column", "column", "char", "words"), [
    ("partners.csv", "suwon", "id", "city_en", "\uffff", "a noncharacter"),
    ("partners.csv", "suwon", "id", "summary_en", "\ufffe", "a noncharacter"),
    ("sectors.csv", "culture", "id", "label_en", "\ufdd0", "a noncharacter"),
    ("activities.csv", None, "id", "title_en", "\U0010ffff", "a noncharacter"),
    ("seoul/findings.csv", "smart_city", "id", "evidence_en", "\U0001fffe", "a noncharacter"),
    ("sectors.csv", "culture", "id", "label_id", "\u2028", "a line or paragraph separator"),
    ("seoul/texts.csv", "lead", "key", "en", "\u2029", "a line or paragraph separator"),
    ("partners.csv", "suwon", "id", "summary_en", "\u202e", "a bidirectional override or isolate"),
    ("countries.csv", "KOR", "iso3", "name_en", "\u2066", "a bidirectional override or isolate"),
    ("i18n.csv", "filters.years", "key", "en", "\u202a", "a bidirectional override or isolate"),
    ("partners.csv", "suwon", "id", "city_en", "\u200b", "a zero-width character"),
    ("partners.csv", "suwon", "id", "city_local", "\u200d", "a zero-width character"),
    ("home.csv", "bandung", "id", "city_en", "\u2060", "a zero-width character"),
    ("countries.csv", "KOR", "iso3", "name_id", "\ufeff", "a zero-width character"),
    ("sectors.csv", "culture", "id", "label_en", "\u200c", "a zero-width character"),
])
def test_characters_no_renderer_takes_are_refused_naming_the_code_point(data_copy, name, row_id, id_column, column,
                                                                        char, words):
    line = data_copy.line_of(name, row_id, id_column) if row_id else 2
    data_copy.set(name, line, column, f"Ab{char}cd")
    found = at(problems_of(data_copy.folder), name, line, column)
    code = f"U+{ord(char):04X}"
    assert any(p.rule.startswith(f"contains {code}, {words}, ") for p in found), found
    message = str(next(p for p in found if code in p.rule))
    assert message.startswith(f"{name}, line {line}, column '{column}':") and code in message


def test_zero_width_joiners_stay_allowed_outside_names(data_copy):
    """ZWJ and ZWNJ are part of emoji sequences and of writing in several scripts: only names refuse them."""
    line = data_copy.line_of("partners.csv", "suwon")
    data_copy.set("partners.csv", line, "summary_en", "A family \U0001f468\u200d\U0001f469\u200d\U0001f467 and "
                                                      "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645")
    assert "\u200d" in load(data_copy.folder).partners.set_index("id").loc["suwon", "summary_en"]


def test_a_control_character_is_named_by_its_code_point(data_copy):
    line = data_copy.line_of("partners.csv", "suwon")
    data_copy.set("partners.csv", line, "summary_en", "PLACEHOLDER")
    path = data_copy.folder / "partners.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("PLACEHOLDER", "Su\x07won"), encoding="utf-8")
    found = at(problems_of(data_copy.folder), "partners.csv", line, "summary_en")
    assert any("control character" in p.rule and "U+0007" in p.rule for p in found), found


@pytest.mark.parametrize(("value", "code"), [
    ("\u00a0=1+1", "U+00A0"), ("\ufeff=HYPERLINK(1)", "U+FEFF"), ("\u3000Bandung", "U+3000"), ("\u2800x", "U+2800"),
    ("\u200bx", "U+200B"), ("\u2007=1", "U+2007"), ("\uff1d1+1", "U+FF1D"), ("\uff0b1", "U+FF0B"), ("\uff0d1", "U+FF0D"),
    ("\uff20cmd", "U+FF20"), ("\ufe66x", "U+FE66"), ("\u207a1", "U+207A"), ("=1", "U+003D"),
])
def test_a_cell_that_starts_like_a_formula_is_refused(data_copy, value, code):
    line = data_copy.line_of("partners.csv", "suwon")
    data_copy.set("partners.csv", line, "summary_en", value)
    found = at(problems_of(data_copy.folder), "partners.csv", line, "summary_en")
    assert any("formula" in p.rule and f"(it starts with {code})" in p.rule for p in found), found


def _second_city(data_copy, name: str, original: str | None = None) -> tuple[int, int]:
    """A copy of Suwon's row under a new id, named `name` (and Suwon itself renamed to `original`); returns
    (Suwon's line, the copy's line)."""
    rows = data_copy.rows("partners.csv")
    header = rows[0]
    suwon = next(r for r in rows if r[0] == "suwon")
    if original is not None:
        suwon[header.index("city_en")] = original
    twin = list(suwon)
    twin[header.index("id")] = "suwon-2"
    twin[header.index("city_en")] = name
    twin[header.index("first_year")] = ""  # it has no agreement
    rows.append(twin)
    data_copy.write("partners.csv", rows)
    return data_copy.line_of("partners.csv", "suwon"), len(rows)


@pytest.mark.parametrize(("original", "lookalike"), [
    ("Suwon", "\u0405uwon"),             # a Cyrillic DZE for the S
    ("Suwon", "Suw\u043en"),             # a Cyrillic o
    ("Suwon", "\uff33\uff55\uff57\uff4f\uff4e"),  # full-width letters
    ("Suwon", "Su\u200bwon"),             # a zero-width space (also refused as such)
    ("Su\u00f6won", "Suo\u0308won"),      # the same letter composed and decomposed (NFC and NFD)
    ("Ilsan", "llsan"),                  # capital I and small l
    ("Suwon", "SUWON"),                  # case, as before
])
def test_city_names_that_look_the_same_are_one_name(data_copy, original, lookalike):
    first, second = _second_city(data_copy, lookalike, original)
    found = at(problems_of(data_copy.folder), "partners.csv", second, "city_en")
    assert any("must be unique for the same country_iso3" in p.rule and f"already appears on line {first}" in p.rule
               for p in found), found
    if lookalike.casefold() != original.casefold():
        assert any(f"as {original!r}, which looks the same" in p.rule for p in found), found


def test_city_names_that_only_resemble_each_other_stay_two_names(data_copy):
    _second_city(data_copy, "Suwan")
    assert {"suwon", "suwon-2"} <= set(load(data_copy.folder).partners["id"])


# --- Issue 16: files every page needs rows of, and the base map's geometry ----------------------------------

def test_a_story_without_steps_is_refused_with_a_message(data_copy):
    _header_only(data_copy, "story.csv")
    problems = problems_of(data_copy.folder)
    assert [str(p) for p in problems] == [
        "story.csv: must have at least 1 row, it has 0; leave the file out to use the bundled one"]
    assert main(["validate", str(data_copy.folder)]) == 1


def test_seoul_texts_without_rows_are_refused_text_by_text(data_copy):
    _header_only(data_copy, "seoul/texts.csv")
    problems = problems_of(data_copy.folder)
    assert {(p.file, p.column, p.value, p.rule) for p in problems} == {
        ("seoul/texts.csv", "key", key, "this text is missing") for key in contract.SEOUL_TEXT_KEYS}


def _polygon(*rings) -> str:
    import json
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"id": "360", "name": "Testland"}, "geometry": {"type": "Polygon",
                                                                                       "coordinates": list(rings)}}]})


SQUARE = [[0, 0], [1, 0], [1, 1], [0, 0]]


@pytest.mark.parametrize(("content", "words"), [
    (_polygon(SQUARE).replace("[1, 0]", "[NaN, 0]"), "NaN is not a number in JSON"),
    (_polygon(SQUARE).replace("[1, 0]", "[Infinity, 0]"), "Infinity is not a number in JSON"),
    (_polygon(SQUARE).replace("[1, 0]", "[1e400, 0]"), "finite numbers (found [Infinity, 0])"),
    (_polygon(SQUARE).replace("[1, 0]", '["1", "0"]'), 'numbers, not text or other values (found ["1", "0"])'),
    (_polygon(SQUARE).replace("[1, 0]", "[1, 0, 5]"), "exactly two numbers, longitude and latitude (found [1, 0, 5])"),
    (_polygon(SQUARE).replace("[1, 0]", "[1]"), "exactly two numbers"),
    (_polygon(SQUARE).replace("[1, 0]", "[true, 0]"), "numbers, not text"),
    (_polygon(SQUARE).replace("[1, 0]", "[200, 0]"), "longitude from -180 to 180"),
    (_polygon([[0, 0], [1, 0], [1, 1], [0, 1]]), "every ring must be closed"),
    (_polygon([[0, 0], [1, 0], [0, 0]]), "at least four positions"),
    (_polygon(*SQUARE), "nested one level too few for a Polygon"),  # positions where rings belong
    (_polygon(SQUARE).replace('"Polygon"', '"MultiPolygon"'), "nested one level too few for a MultiPolygon"),
    (_polygon(SQUARE).replace('"Polygon"', '"Point"'), "Polygon or MultiPolygon"),
])
def test_a_base_map_with_broken_geometry_is_a_problem_naming_the_feature(data_copy, content, words):
    (data_copy.folder / BASEMAP).write_text(content, encoding="utf-8")
    problems = problems_of(data_copy.folder)
    assert any(p.file == BASEMAP and words in p.rule for p in problems), problems
    if "JSON" not in words:
        assert any(p.value == "feature 1 (Testland)" for p in problems), problems
    with pytest.raises(DataError):
        load_basemap(data_copy.folder)


def test_a_well_formed_base_map_of_the_folder_is_used(data_copy):
    (data_copy.folder / BASEMAP).write_text(_polygon(SQUARE, [[0.2, 0.2], [0.4, 0.2], [0.4, 0.4], [0.2, 0.2]]),
                                            encoding="utf-8")
    load(data_copy.folder)
    assert load_basemap(data_copy.folder)["features"][0]["properties"]["name"] == "Testland"


def test_a_base_map_too_large_for_every_view_to_carry_is_refused_before_it_is_read(data_copy, monkeypatch):
    path = data_copy.folder / BASEMAP
    path.write_text(path.read_text(encoding="utf-8") + " " * contract.BASEMAP_MAX_BYTES, encoding="utf-8")
    monkeypatch.setattr(loader_files, "read_bytes", _refusing(BASEMAP))
    problems = problems_of(data_copy.folder)
    size = path.stat().st_size / 1_000_000
    assert [str(p) for p in problems if p.file == BASEMAP] == [
        f"{BASEMAP}: is {size:.1f} MB; a base map may have at most 3.0 MB (every view of the map carries it; the "
        "bundled 1:110m map has 0.2 MB): simplify it, or leave it out to use the bundled one"]
    with pytest.raises(DataError):
        load_basemap(data_copy.folder)


def _refusing(name: str):
    read = loader_files.read_bytes

    def reader(path):
        assert not str(path).endswith(name), f"{path} was read"
        return read(path)
    return reader


# --- Issue 16: a folder that cannot be searched ---------------------------------------------------------------

def _unsearchable(monkeypatch, folder) -> None:
    """What the system does for a folder whose execute (search) bit is off: the folder itself can be looked
    at and listed, but no path through it can be opened or looked at. Root ignores permission bits, so the
    tests imitate the system calls the loader makes."""
    real_stat, real_lstat, real_open = os.stat, os.lstat, open
    inside = str(folder) + os.sep

    def refuse(path) -> None:
        if str(os.fspath(path)).startswith(inside):
            raise PermissionError(13, "Permission denied", str(path))

    def stat_(path, *args, **kwargs):
        refuse(path)
        return real_stat(path, *args, **kwargs)

    def lstat_(path, *args, **kwargs):
        refuse(path)
        return real_lstat(path, *args, **kwargs)

    def open_(path, *args, **kwargs):
        refuse(path)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat_)
    monkeypatch.setattr(os, "lstat", lstat_)
    monkeypatch.setattr("builtins.open", open_)


def test_a_folder_that_cannot_be_searched_gives_exit_code_2_and_a_message(data_copy, monkeypatch, capsys):
    _unsearchable(monkeypatch, data_copy.folder)
    assert main(["validate", str(data_copy.folder)]) == 2
    out = capsys.readouterr().out
    assert "data: the data folder could not be searched (Permission denied)" in out and "Traceback" not in out
    assert fingerprint(data_copy.folder)  # the app's cache key does not raise either


def test_a_folder_inside_an_unsearchable_one_gives_exit_code_2_and_a_message(data_copy, monkeypatch, capsys):
    _unsearchable(monkeypatch, data_copy.folder.parent)
    assert main(["validate", str(data_copy.folder)]) == 2
    assert "data: the data folder could not be read (Permission denied)" in capsys.readouterr().out
    assert fingerprint(data_copy.folder) == (("folder", "PermissionError"),)


def test_a_subfolder_that_cannot_be_searched_is_named(data_copy, monkeypatch, capsys):
    _unsearchable(monkeypatch, data_copy.folder / "seoul")
    assert main(["validate", str(data_copy.folder)]) == 2
    out = capsys.readouterr().out
    assert "seoul/texts.csv: the file could not be read (Permission denied)" in out and "Traceback" not in out


@pytest.mark.skipif(os.geteuid() == 0 and not shutil.which("setpriv"), reason="root without setpriv ignores chmod")
@pytest.mark.parametrize("mode", [0o000, 0o644])
def test_chmod_on_the_folder_gives_exit_code_2(data_copy, mode):
    """The real thing: as root, the command runs without the capabilities that let root ignore permission
    bits (setpriv), so chmod bites as it does for any user."""
    import subprocess
    import sys
    command = [sys.executable, "-m", "dashboard", "validate", str(data_copy.folder)]
    if os.geteuid() == 0:
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    data_copy.folder.chmod(mode)
    try:
        done = subprocess.run(command, capture_output=True, text=True, cwd=loader_files.DATA_DIR.parent, timeout=120)
    finally:
        data_copy.folder.chmod(0o755)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "data: the data folder could not be searched (Permission denied)" in done.stdout
    assert "Traceback" not in done.stderr
