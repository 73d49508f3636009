"""The validator is strict where a curator could slip, total where a folder is odd, and its report stays
readable: one test per defect, each on a broken copy of the bundled data, asserting file, line and column."""

from __future__ import annotations

import datetime as dt
import os
import shutil

import pytest

from dashboard import data as data_module
from dashboard.__main__ import main
from dashboard.data import MAX_PER_RULE, DataError, fingerprint, load, load_basemap
from dashboard.filters import Filters, apply, known_partner, partner_names, year_bounds
from dashboard.i18n import Translator

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
    read = data_module._read_bytes

    def refuse(path):
        if path.name == "partners.csv":
            raise PermissionError(13, "Permission denied")
        return read(path)

    monkeypatch.setattr(data_module, "_read_bytes", refuse)
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


def test_a_translation_never_fails_to_format(dataset):
    t = Translator.for_dataset(dataset, "en")
    broken = Translator("en", {"a": {"en": "{", "id": "{"}, "b": {"en": "{unknown} {0}", "id": ""}}, t.sectors,
                        t.countries)
    assert broken("a", year=1) == "{" and broken("b", year=1) == "{unknown} {0}"
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
