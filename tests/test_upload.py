"""Uploads (dashboard/upload.py) and their report and editor helpers (dashboard/report.py): every bad file
gets its message in the viewer's language, every problem names its file and line, an edit clears a problem,
and the corrected folder passes `python -m dashboard validate`."""

from __future__ import annotations

import codecs
import hashlib
import io
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import contract, report, upload
from dashboard.loader import DATA_DIR
from dashboard.upload import Upload
from tests import surabaya

ROOT = Path(__file__).resolve().parent.parent


def uploads(files: dict[str, bytes]) -> list[Upload]:
    return [Upload(name, data) for name, data in files.items()]


def keys(outcome: upload.Outcome) -> list[str]:
    return [n.key for n in outcome.prepared.notices]


def zip_of(members: dict[str, bytes], links: tuple[str, ...] = ()) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name)
            if name in links:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def data_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(DATA_DIR.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(DATA_DIR)).encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module", autouse=True)
def bundled_data_unchanged():
    before = data_digest()
    yield
    assert data_digest() == before, "an upload changed the bundled data"


# --- A good upload --------------------------------------------------------------------------------------------

def test_a_surabaya_folder_of_four_csvs_loads_with_the_bundled_vocabularies_lent():
    outcome = upload.check(uploads(surabaya.files()))
    assert outcome.ok, outcome.problems
    assert outcome.dataset.home["city_en"] == "Surabaya"
    assert sorted(outcome.dataset.partners["city_en"]) == sorted(p[1] for p in surabaya.PARTNERS)
    assert {"countries.csv", "sectors.csv", "i18n.csv"} <= set(outcome.prepared.lent)
    assert "partners.csv" not in outcome.prepared.lent


def test_a_zip_of_the_folder_loads_the_same_whether_its_files_sit_in_a_folder_or_at_its_top():
    for folder in ("surabaya", ""):
        outcome = upload.check([Upload("surabaya.zip", surabaya.zipped(surabaya.files(), folder))])
        assert outcome.ok, (folder, outcome.prepared.notices, outcome.problems)
        assert len(outcome.dataset.partners) == len(surabaya.PARTNERS)


def test_a_zip_made_on_a_mac_loads_despite_its_resource_forks():
    members = {f"surabaya/{n}": d for n, d in surabaya.files().items()}
    members["__MACOSX/surabaya/._partners.csv"] = b"\x00\x05\x16\x07"
    members["surabaya/.DS_Store"] = b"\x00\x00\x00\x01Bud1"
    assert upload.check([Upload("s.zip", zip_of(members))]).ok


def test_loose_seoul_files_take_their_place_in_seoul():
    given = surabaya.files()
    given["texts.csv"] = (DATA_DIR / "seoul" / "texts.csv").read_bytes()
    prepared = upload.prepare(uploads(given))
    assert "seoul/texts.csv" in prepared.uploaded and "seoul/texts.csv" not in prepared.lent


# --- Encodings and separators -----------------------------------------------------------------------------------

def test_a_utf16_file_from_excel_is_converted_with_a_note():
    given = surabaya.files()
    given["partners.csv"] = codecs.BOM_UTF16_LE + given["partners.csv"].decode().encode("utf-16-le")
    outcome = upload.check(uploads(given))
    assert outcome.ok, outcome.problems
    assert "upload.converted_utf16" in keys(outcome)


def test_a_latin1_file_is_read_as_windows_1252_and_its_accents_survive():
    given = surabaya.files()
    given["partners.csv"] = given["partners.csv"].decode().replace("Kochi", "Kôchi").encode("cp1252")
    outcome = upload.check(uploads(given))
    assert outcome.ok, outcome.problems
    assert "Kôchi" in set(outcome.dataset.partners["city_en"])
    note = next(n for n in outcome.prepared.notices if n.key == "upload.converted_latin1")
    assert note.file == "partners.csv" and note.line == 4 and not note.problem


def test_a_semicolon_csv_with_decimal_commas_from_indonesian_excel_loads():
    given = surabaya.files()
    text = given["home.csv"].decode().replace(",", ";").replace("-7.2575", "-7,2575").replace("112.7521", "112,7521")
    given["home.csv"] = text.encode()
    outcome = upload.check(uploads(given))
    assert outcome.ok, outcome.problems
    assert outcome.dataset.home["lat"] == pytest.approx(-7.2575)
    assert "upload.converted_semicolons" in keys(outcome)


# --- Bad files -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name,data,key", [
    ("partners.xlsx", b"PK\x03\x04" + b"\x00" * 40, "upload.spreadsheet"),
    ("partners.csv", b"PK\x03\x04xl/workbook.xml" + b"\x00" * 40, "upload.spreadsheet"),
    ("partners.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, "upload.spreadsheet"),
    ("partners.csv", bytes(range(256)) * 4, "upload.binary"),
    ("partners.csv", b"", "upload.empty"),
    ("partners.csv", b" \n\n", "upload.empty"),
    ("mitra.csv", b"id\nx\n", "upload.unknown_name"),
])
def test_a_wrong_file_gets_its_own_message_naming_it(name, data, key, t_en, t_id):
    given = surabaya.files()
    given.pop("partners.csv")
    outcome = upload.check([*uploads(given), Upload(name, data)])
    assert not outcome.ok
    notice = next(n for n in outcome.prepared.problems if n.file == name)
    assert notice.key == key
    assert report.notice_text(notice, t_en) != report.notice_text(notice, t_id) != key  # both languages written


def test_an_upload_over_the_limit_is_refused_before_it_is_read():
    outcome = upload.check([Upload("partners.csv", b"a" * (upload.MAX_UPLOAD_BYTES + 1))])
    assert keys(outcome) == ["upload.too_big"]
    assert outcome.prepared.notices[0].values["total"] == upload.MAX_UPLOAD_MB


def test_the_streamlit_limit_is_the_one_the_code_checks():
    config = (ROOT / ".streamlit" / "config.toml").read_text()
    assert f"maxUploadSize = {upload.MAX_UPLOAD_MB}\n" in config


@pytest.mark.parametrize("members,links,key", [
    ({"../partners.csv": b"id\n"}, (), "upload.zip_traversal"),
    ({"data/../../etc/passwd": b"x"}, (), "upload.zip_traversal"),
    ({"/etc/partners.csv": b"id\n"}, (), "upload.zip_absolute"),
    ({"C:/data/partners.csv": b"id\n"}, (), "upload.zip_absolute"),
    ({"data/partners.csv": b"/etc/passwd"}, ("data/partners.csv",), "upload.zip_link"),
    ({"data/deeper/partners.csv": b"id\n", "data/home.csv": b"id\n"}, (), "upload.zip_nested"),
    ({f"data/f{i}.csv": b"x" for i in range(len(contract.FILES) + 1)}, (), "upload.zip_too_many"),
])
def test_a_hostile_zip_is_refused_with_its_message(members, links, key):
    outcome = upload.check([Upload("data.zip", zip_of(members, links))])
    assert not outcome.ok and outcome.dataset is None
    assert key in keys(outcome), keys(outcome)


def test_a_zip_bomb_is_stopped_by_its_declared_size():
    bomb = zip_of({"data/activities.csv": b"0" * (upload.MAX_UNPACKED_BYTES + 1)})
    assert len(bomb) < 1 << 20
    assert keys(upload.check([Upload("bomb.zip", bomb)])) == ["upload.zip_bomb"]


def test_a_zip_that_declares_less_than_it_holds_is_refused():
    data = bytearray(zip_of({"data/activities.csv": b"0" * (upload.MAX_UNPACKED_BYTES + 1)}))
    local, central = data.index(b"PK\x03\x04"), data.index(b"PK\x01\x02")
    data[local + 22: local + 26] = (100).to_bytes(4, "little")  # both headers claim 100 bytes
    data[central + 24: central + 28] = (100).to_bytes(4, "little")
    outcome = upload.check([Upload("liar.zip", bytes(data))])
    assert not outcome.ok and set(keys(outcome)) & {"upload.zip_bomb", "upload.bad_zip"}, keys(outcome)


def test_a_zip_bomb_is_stopped_while_reading(monkeypatch):
    members = {f"data/{n}": d for n, d in surabaya.files().items()}
    monkeypatch.setattr(upload, "_declared", lambda members: 0)  # as if every member declared nothing
    monkeypatch.setattr(upload, "MAX_UNPACKED_BYTES", 1000)
    assert "upload.zip_bomb" in keys(upload.check([Upload("bomb.zip", zip_of(members))]))


def test_a_broken_zip_and_a_zip_among_csvs_are_refused():
    assert keys(upload.check([Upload("data.zip", b"PK\x03\x04 not really")])) == ["upload.bad_zip"]
    outcome = upload.check([Upload("data.zip", surabaya.zipped(surabaya.files())), Upload("home.csv", b"id\n")])
    assert keys(outcome) == ["upload.zip_alone"]


def test_a_failed_upload_reads_none_of_the_bundled_files_into_its_result():
    outcome = upload.check([Upload("partners.xlsx", b"PK\x03\x04")])
    assert outcome.prepared.lent == () and outcome.dataset is None


# --- Problems, in both languages -------------------------------------------------------------------------------

def test_a_partner_in_a_country_missing_from_countries_csv_names_the_code_and_how_to_add_it(t_en, t_id):
    outcome = upload.check(uploads(surabaya.broken_files()))
    table = report.problem_table(outcome, t_en)
    row = table[table["column"] == "country_iso3"].iloc[0]
    assert (row["file"], row["line"], row["value"]) == ("partners.csv", 2, "BRA")
    assert "BRA" in row["fix"] and "countries.csv" in row["fix"]
    row_id = report.problem_table(outcome, t_id).iloc[row.name]
    assert "BRA" in row_id["fix"] and "Tambahkan" in row_id["fix"]


def test_the_problems_read_in_indonesian_with_the_contracts_own_texts(t_en, t_id):
    outcome = upload.check(uploads(surabaya.broken_files()))
    english, indonesian = report.problem_table(outcome, t_en), report.problem_table(outcome, t_id)
    assert list(english["rule"]) == [p.rule for p in outcome.problems]  # the validator's own words
    year = indonesian[indonesian["column"] == "year"].iloc[0]
    assert year["rule"] == contract.ACTIVITIES.rules[1 + 1].id  # the contract's Indonesian text of the row rule
    assert (indonesian["rule"] != english["rule"]).all()
    assert indonesian[indonesian["column"] == "relationship"].iloc[0]["rule"].startswith("harus salah satu dari: ")


def test_every_rule_the_validator_words_has_an_indonesian_text(t_id):
    """Each broken copy of the Surabaya folder breaks one kind of rule; none is left in English."""
    base = surabaya.files()
    edits = {
        "partners.csv": [("47.6062", "47,6"), ("47.6062", "95"), (",1992,", ",1800,"), ("seattle,Seattle", "Seattle,Seattle"),
                         ("USA", "usa"), ("https://example.org/surabaya/seattle", "ftp://x"), (",unclear,", ",,"),
                         ("Surabaya and Seattle", "=Surabaya and Seattle"),
                         ("and Seattle signed", "and Seattle <b> signed"), ("busan,Busan", "seattle,Busan"),
                         ("seattle,Seattle", "seattle,Seat\u200btle"), ("and Seattle signed", "and Seattle\x07 signed")],
        "agreements.csv": [("education culture", "education  culture"), ("seattle,", "nowhere,")],
        "home.csv": [("-7.2575,", "-7.2575,x,")],
    }
    missing = []
    for name, pairs in edits.items():
        for old, new in pairs:
            given = dict(base)
            given[name] = given[name].decode().replace(old, new, 1).encode()
            outcome = upload.check(uploads(given))
            assert outcome.problems, (name, new)
            for problem in outcome.problems:
                if report.rule_text(problem.rule, t_id) == problem.rule:
                    missing.append(problem.rule)
    assert not missing, missing


def test_the_report_downloads_as_csv_with_translated_headers_and_inert_cells(t_id):
    outcome = upload.check(uploads(surabaya.broken_files()))
    table = report.problem_table(outcome, t_id)
    table.loc[0, "value"] = "=HYPERLINK(\"http://evil.example\")"
    data = report.problem_csv(table, t_id).decode("utf-8-sig")
    assert data.splitlines()[0] == "Berkas,Baris,Kolom,Nilai,Masalah,Cara memperbaiki"
    assert "'=HYPERLINK" in data and ",=HYPERLINK" not in data
    assert "partners.csv,4,relationship,twin_town" in data


# --- Preview, editor, corrected folder --------------------------------------------------------------------------

def test_the_preview_highlights_exactly_the_bad_cells():
    outcome = upload.check(uploads(surabaya.broken_files()))
    sheet = report.sheets(outcome.prepared)["partners.csv"]
    html = report.preview(sheet, outcome.problems).to_html()
    assert html.count(report.HIGHLIGHT.split(";")[0]) >= 1
    assert report.bad_cells(sheet, outcome.problems) == {(0, "country_iso3"), (2, "relationship")}


def test_the_editor_offers_the_vocabularies_as_pick_lists_and_numbers_as_numbers():
    columns = report.editor_columns("partners.csv", "id", sectors=("education",))
    assert columns["relationship"].kind == "select" and columns["relationship"].options == contract.RELATIONSHIPS
    assert columns["lat"].kind == "number" and (columns["lat"].low, columns["lat"].high) == (-90, 90)
    assert columns["first_year"].kind == "integer"
    assert columns["summary_en"].kind == "text" and columns["summary_en"].help == contract.PARTNERS.column("summary_en").id
    assert report.editor_columns("activities.csv", "en", sectors=("education",))["sector"].options == ("education",)


def test_a_number_column_with_a_bad_value_stays_text_so_the_value_can_be_fixed():
    given = surabaya.files()
    given["partners.csv"] = given["partners.csv"].decode().replace("47.6062", "47.6x").encode()
    outcome = upload.check(uploads(given))
    sheet = report.sheets(outcome.prepared)["partners.csv"]
    columns = report.editor_columns("partners.csv", "en")
    typed = report.for_editor(sheet, columns)
    assert typed["lat"].tolist()[0] == "47.6x" and typed["lon"].dtype == float


def test_edits_clear_the_problems_and_the_corrected_zip_passes_the_command_line_validator(tmp_path, t_en):
    outcome = upload.check(uploads(surabaya.broken_files()))
    assert len(outcome.problems) == 3
    found = report.sheets(outcome.prepared)
    columns = {name: report.editor_columns(name, "en") for name in found}
    edited = {name: report.for_editor(sheet, columns[name]) for name, sheet in found.items()}
    edited["partners.csv"].loc[0, "country_iso3"] = "USA"
    again, now = report.recheck(outcome.prepared, {n: report.from_editor(f) for n, f in edited.items()})
    assert [p.column for p in again.problems] == ["relationship", "year"]  # one edit, one problem fewer
    edited["partners.csv"].loc[2, "relationship"] = "friendship_city"
    edited["activities.csv"].loc[0, "year"] = 2023
    again, now = report.recheck(outcome.prepared, {n: report.from_editor(f) for n, f in edited.items()})
    assert again.ok, again.problems
    assert again.dataset.partners.set_index("id").loc["seattle", "country_iso3"] == "USA"

    archive = zipfile.ZipFile(io.BytesIO(report.corrected_zip(report.corrected_files(again.prepared, now))))
    archive.extractall(tmp_path)
    folder = tmp_path / "data"
    assert (folder / "partners.csv").read_text(encoding="utf-8").splitlines()[0] == ",".join(contract.PARTNERS.header)
    assert (folder / "seoul" / "texts.csv").is_file()
    done = subprocess.run([sys.executable, "-m", "dashboard", "validate", str(folder)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "5 partners" in done.stdout


def test_a_file_name_from_the_home_city_is_a_slug_never_a_path():
    assert report.file_name("atlas", "Surabaya") == "atlas-surabaya"
    assert report.file_name("atlas", "../../etc/Kota Bandung") == "atlas-etc-kota-bandung"
    assert report.file_name("atlas", "수원시") == "atlas-data"


# --- Fuzzing ---------------------------------------------------------------------------------------------------

CSV_NAMES = [*upload.CSV_FILES, "x.csv", "partners.xlsx", "data.zip"]
CELLS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12) | st.sampled_from(
    ["", "=1+1", "\"", "a,b", "\n", ";", "BRA", "-7,25", "<b>", "../x", "\x00", "\ufeff"])


@st.composite
def mangled_files(draw) -> list[Upload]:
    """The Surabaya folder with cells replaced, bytes cut, encodings changed and names swapped."""
    files = dict(surabaya.files())
    out = []
    for name, data in files.items():
        text = data.decode()
        lines = text.split("\n")
        for _ in range(draw(st.integers(0, 3))):
            i = draw(st.integers(0, len(lines) - 1))
            cells = lines[i].split(",")
            j = draw(st.integers(0, len(cells) - 1))
            cells[j] = draw(CELLS)
            lines[i] = ",".join(cells)
        raw = "\n".join(lines).encode(draw(st.sampled_from(["utf-8", "utf-16", "cp1252", "utf-8-sig"])), errors="replace")
        if draw(st.booleans()):
            raw = raw[: draw(st.integers(0, len(raw)))]
        out.append(Upload(draw(st.sampled_from([name, name, *CSV_NAMES])), raw))
    if draw(st.booleans()):
        return [Upload("data.zip", zip_of({f"d/{u.name}": u.data for u in out}))]
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mangled_files())
def test_no_upload_raises_and_every_problem_names_its_file_and_line(files):
    outcome = upload.check(files)
    names = {u.name for u in files}
    for notice in outcome.prepared.notices:
        assert notice.file and (notice.file in names or notice.file.split(": ")[0] in names), notice
    for problem in outcome.problems:
        assert problem.file in upload.CSV_FILES, problem
        assert problem.line is None or problem.line >= 1
        # a problem about a cell or a row says on which line it is
        if problem.value is not None and not problem.rule.startswith("…"):
            assert problem.line is not None, problem
    if outcome.ok:
        assert len(outcome.dataset.home) > 0


def test_a_file_of_one_unfinished_header_line_is_a_problem_not_a_crash():
    given = surabaya.files()
    given["activities.csv"] = b"i"  # found by the fuzzing above: the loader read past the end of the file
    outcome = upload.check(uploads(given))
    assert [(p.file, p.line, p.column) for p in outcome.problems][:1] == [("activities.csv", 1, "id")]


# --- The upload as the pages show it ----------------------------------------------------------------------------

def test_the_session_dataset_speaks_of_its_home_city_and_leaves_the_seoul_case_out(t_en):
    import datetime as dt

    from dashboard import content, export
    from dashboard.filters import Filters

    ds = upload.for_session(upload.check(uploads(surabaya.files())))
    assert "seoul" not in set(ds.story["id"]) and "open" not in set(ds.story["id"])
    assert len(ds.story) >= 3
    t = content.translator(ds, "en")
    assert t("atlas.title") == "Surabaya Partnerships Atlas"
    first = int(ds.partners["first_year"].min())  # the upload's own first partnership
    assert first != 1960
    assert f"the city of Surabaya since {first}:" in t("atlas.lead") and "1960" not in t("atlas.lead")
    assert f"Kota Surabaya sejak {first}:" in content.translator(ds, "id")("atlas.lead")
    assert len(ds.source_urls) == 1 + 3 * len(surabaya.PARTNERS)  # the upload's own sources, not the case's
    job = export.ViewExport(ds, Filters(), "en", "all partners", dt.date(2026, 12, 4))
    assert job.pack_download().file_name.startswith("surabaya-partnerships")
    pack = zipfile.ZipFile(io.BytesIO(job.pack()))
    html = next(pack.read(n).decode() for n in pack.namelist() if n.endswith(".html"))
    assert "Surabaya" in html and "Kitakyushu" in html
    assert "Seoul" not in html and "Braunschweig" not in html
    assert not [n for n in pack.namelist() if n.endswith(".zip")]  # not the bundled release's data set
    assert "schema.org" not in html  # no catalogue entry for a data set the pack does not hold
    partners = job.partners_csv().decode("utf-8-sig")
    assert "Busan" in partners and "Braunschweig" not in partners
