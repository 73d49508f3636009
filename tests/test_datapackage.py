"""The data set as the tools of the field read it: a Frictionless Data Package that validates the bundled
data and the downloaded ZIP and catches a broken copy with row and column, a citation file valid against
the Citation File Format 1.2 schema, and a licence stated wherever the data goes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import frictionless
import jsonschema
import pytest
import yaml

from dashboard import contract, package
from dashboard.__main__ import CITATION_PATH, PACKAGE_PATH, generated_files, main
from dashboard.contract.datapackage import VALIDATOR_ONLY, citation_cff, datapackage, read_release
from dashboard.loader import DATA_DIR
from tests.conftest import ROOT

FRICTIONLESS = str(Path(sys.executable).parent / "frictionless")
# The Citation File Format 1.2.0 schema (CC BY 4.0, the CFF authors), as shipped in the cffconvert 2.0.0 wheel.
CFF_SCHEMA = ROOT / "tests" / "schemas" / "cff-1.2.0.json"


def errors(report: frictionless.Report) -> list[tuple[str, int | None, str | None, str]]:
    """(resource, row number, column, error type) of every error of a report (a reference names its columns)."""
    return [(task.name, getattr(e, "row_number", None),
             getattr(e, "field_name", None) or next(iter(getattr(e, "field_names", None) or []), None), e.type)
            for task in report.tasks for e in task.errors]


def test_the_package_and_the_citation_are_current(capsys):
    for path, text in generated_files():
        assert path.read_text(encoding="utf-8") == text, f"run: python -m dashboard contract --write ({path.name})"
    assert main(["contract"]) == 0 and capsys.readouterr().out == ""


def test_the_package_describes_every_file_column_rule_and_the_release():
    package_json = json.loads(PACKAGE_PATH.read_text(encoding="utf-8"))
    release = read_release(DATA_DIR)
    assert release is not None
    assert package_json["version"] == release["version"] == "2026.12.0"
    assert package_json["licenses"] == [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                                         "title": "Creative Commons Attribution 4.0 International"}]
    assert package_json["title"] and package_json["description"] and package_json["sources"]
    resources = {r["path"]: r for r in package_json["resources"]}
    assert set(resources) == {t.name for t in contract.TABLES}
    partners = resources["partners.csv"]["schema"]
    assert partners["primaryKey"] == ["id"]
    fields = {f["name"]: f for f in partners["fields"]}
    assert [f["name"] for f in partners["fields"]] == contract.PARTNERS.header
    assert fields["status"]["constraints"]["enum"] == list(contract.STATUSES)
    assert fields["lat"]["constraints"] == {"required": True, "minimum": -90, "maximum": 90}
    assert fields["first_year"]["type"] == "year" and fields["first_year"]["constraints"]["minimum"] == 1900
    assert fields["summary_id"]["description_id"]  # Indonesian beside the English description
    activities = resources["activities.csv"]["schema"]
    assert {"fields": "partner_id", "reference": {"resource": "partners", "fields": "id"}} in activities["foreignKeys"]
    assert {"fields": "sector", "reference": {"resource": "sectors", "fields": "id"}} in activities["foreignKeys"]


def test_a_folder_without_a_release_names_no_version_or_licence():
    described = datapackage(None, ["partners.csv", "countries.csv"])
    assert "version" not in described and "licenses" not in described
    assert [r["path"] for r in described["resources"]] == ["countries.csv", "partners.csv"]


def test_frictionless_validate_passes_on_the_bundled_data():
    """The command a researcher runs, on the committed package."""
    run = subprocess.run([FRICTIONLESS, "validate", str(PACKAGE_PATH)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "VALID" in run.stdout and "INVALID" not in run.stdout


@pytest.fixture(scope="module")
def dataset_zip() -> bytes:
    return package.dataset_zip()


def test_the_download_holds_the_package_every_csv_and_the_documents(dataset_zip):
    archive = zipfile.ZipFile(io.BytesIO(dataset_zip))
    names = {n for n in archive.namelist() if not n.endswith("/")}
    assert names == ({"datapackage.json", "README.md", "seoul/README.md", "CHANGES.md", "LICENSE.md", "CITATION.cff"}
                     | {t.name for t in contract.TABLES})
    assert archive.read("datapackage.json") == PACKAGE_PATH.read_bytes()
    assert archive.read("CITATION.cff") == CITATION_PATH.read_bytes()
    assert archive.read("partners.csv") == (DATA_DIR / "partners.csv").read_bytes()
    for info in archive.infolist():  # readable by everyone once unpacked, dated at the release
        assert (info.external_attr >> 16) & 0o777 in (0o644, 0o755), info.filename
        assert info.date_time[:3] == (2026, 12, 3), info.filename
    assert package.dataset_zip() == dataset_zip  # the same folder gives the same bytes
    assert package.file_name(read_release(DATA_DIR)) == "bandung-partnerships-2026.12.0.zip"


def test_frictionless_validate_passes_on_the_downloaded_zip(dataset_zip, tmp_path):
    """The very bytes the About page and the seminar pack offer: as downloaded, and unpacked."""
    (tmp_path / "bandung-partnerships-2026.12.0.zip").write_bytes(dataset_zip)
    zipfile.ZipFile(io.BytesIO(dataset_zip)).extractall(tmp_path / "unpacked")
    for target in ("bandung-partnerships-2026.12.0.zip", "unpacked/datapackage.json"):
        run = subprocess.run([FRICTIONLESS, "validate", target], cwd=tmp_path, capture_output=True, text=True,
                             timeout=300)
        assert run.returncode == 0 and "seoul-reading-list" in run.stdout, run.stdout[-3000:] + run.stderr[-3000:]


@pytest.mark.parametrize(("file", "row_id", "column", "value", "error"), [
    ("activities.csv", "seoul-2016-12-01-cikapundung", "partner_id", "atlantis", "foreign-key"),  # a bad reference
    ("partners.csv", "suwon", "status", "dormant", "constraint-error"),  # a value out of the vocabulary
    ("partners.csv", "suwon", "lat", "95.5", "constraint-error"),  # a number out of range
    ("agreements.csv", None, "date", "1997-13-45", "constraint-error"),  # a bad date
    ("countries.csv", None, "iso_numeric", "four", "type-error"),  # not a number
])
def test_frictionless_finds_a_broken_cell_with_its_row_and_column(data_copy, file, row_id, column, value, error):
    line = data_copy.line_of(file, row_id) if row_id else 2
    data_copy.set(file, line, column, value)
    (data_copy.folder / "datapackage.json").write_bytes(PACKAGE_PATH.read_bytes())
    report = frictionless.validate(str(data_copy.folder / "datapackage.json"))
    assert not report.valid
    resource = file.removesuffix(".csv")
    assert (resource, line, column, error) in errors(report), errors(report)[:5]
    assert {e[0] for e in errors(report)} == {resource}  # nothing else is reported


def test_the_readme_lists_what_only_the_projects_validator_checks():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Cite and reuse the data", 1)[1].split("\n## ", 1)[0]
    for rule in VALIDATOR_ONLY:
        assert rule in " ".join(section.split()), rule


def test_the_citation_file_is_valid_cff_1_2_and_names_the_release():
    cff = yaml.safe_load(CITATION_PATH.read_text(encoding="utf-8"))
    jsonschema.validate(cff, json.loads(CFF_SCHEMA.read_text(encoding="utf-8")))
    assert cff["version"] == "2026.12.0" and cff["license"] == "CC-BY-4.0" and cff["type"] == "dataset"
    assert cff["authors"] == [{"name": "Bandung Partnerships Atlas"}]  # the project, no invented person


def test_a_citation_missing_its_title_breaks_the_schema():
    release = dict(read_release(DATA_DIR) or {})
    broken = yaml.safe_load(citation_cff(release).replace("title:", "titel:"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, json.loads(CFF_SCHEMA.read_text(encoding="utf-8")))


def test_the_data_licence_is_stated_apart_from_the_codes():
    licence = (DATA_DIR / "LICENSE.md").read_text(encoding="utf-8")
    assert "Creative Commons Attribution 4.0 International" in licence
    assert "https://creativecommons.org/licenses/by/4.0/" in licence and "attribution" in licence.lower()
    assert "MIT" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in readme.split("## Licences", 1)[1]


def test_the_frictionless_command_names_the_row_and_column_of_a_broken_cell(data_copy):
    line = data_copy.line_of("partners.csv", "suwon")
    data_copy.set("partners.csv", line, "lat", "97.2636")
    (data_copy.folder / "datapackage.json").write_bytes(PACKAGE_PATH.read_bytes())
    run = subprocess.run([FRICTIONLESS, "validate", "--json", "datapackage.json"], cwd=data_copy.folder,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 1
    report = json.loads(run.stdout)
    found = [e for task in report["tasks"] for e in task["errors"]]
    assert [(e["rowNumber"], e["fieldName"], e["type"]) for e in found] == [(line, "lat", "constraint-error")]
    assert f'row at position "{line}"' in found[0]["message"] and 'field "lat"' in found[0]["message"]


# --- How to cite, on the About page and in the seminar pack -------------------------------------------------------

@pytest.mark.parametrize(("lang", "words"), [("en", ("(Version 2026.12.0) [Data set]", "Licence: Creative Commons")),
                                             ("id", ("(Versi 2026.12.0) [Kumpulan data]", "Lisensi: Creative Commons"))])
def test_the_apa_reference_and_the_bibtex_entry_name_version_licence_and_the_project(dataset, lang, words):
    from dashboard import citing
    from dashboard.i18n import Translator

    t = Translator.for_dataset(dataset, lang)
    reference = citing.apa(dataset.release, t)
    assert reference.startswith("Bandung Partnerships Atlas. (2026). ") and all(w in reference for w in words)
    assert dataset.release[f"title_{lang}"] in reference
    entry = citing.bibtex(dataset.release, t)
    assert entry.startswith("@misc{bandung_partnerships_2026_12_0,") and entry.endswith("}")
    assert "{{Bandung Partnerships Atlas}}" in entry and "version      = {2026.12.0}" in entry
    assert entry.count("{") == entry.count("}")
    odd = dict(dataset.release, title_en="50% of {all} & more", title_id="50% of {all} & more")
    assert r"50\% of \{all\} \& more" in citing.bibtex(odd, t)  # BibTeX's special characters stay as written


@pytest.mark.apptest
@pytest.mark.parametrize(("lang", "words"), [
    ("en", ("Cite and reuse the data", "Version:", "2026.12.0", "Creative Commons Attribution 4.0 International",
            "MIT", "Reference (APA)", "BibTeX")),
    ("id", ("Mengutip dan memakai ulang data", "Versi:", "2026.12.0", "Creative Commons Attribution 4.0 International",
            "MIT", "Rujukan (APA)", "Entri BibTeX"))])
def test_the_about_page_offers_the_download_version_licence_and_citation(lang, words):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import APP

    at = AppTest.from_file(APP, default_timeout=90)
    at.switch_page("views/about.py")
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception
    shown = "\n".join(str(e.value) for kind in ("header", "markdown", "caption") for e in getattr(at, kind))
    shown = shown.replace("\\", "")
    assert all(w in shown for w in words), [w for w in words if w not in shown]
    codes = [c.value for c in at.code]
    assert any(c.startswith("@misc{bandung_partnerships_2026_12_0") for c in codes)
    assert any("2026.12.0" in c and "Bandung Partnerships Atlas. (2026)" in c for c in codes)
    labels = [b.proto.label.replace("\\", "") for b in at.get("download_button")]
    assert {"en": "Download the data set (ZIP)", "id": "Unduh kumpulan data (ZIP)"}[lang] in labels  # package.dataset_zip


def test_the_seminar_pack_holds_the_data_set_and_describes_it_for_the_web(dataset, dataset_zip):
    import datetime as dt
    import re

    from dashboard import export
    from dashboard.filters import Filters

    pack = zipfile.ZipFile(io.BytesIO(export.ViewExport(dataset, Filters(), "en", "all fields", dt.date(2026, 12, 4))
                                      .pack()))
    base = pack.namelist()[0].split("/")[0]
    assert pack.read(f"{base}/data/bandung-partnerships-2026.12.0.zip") == dataset_zip  # the same bytes
    page = pack.read(f"{base}/index.html").decode("utf-8")
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, flags=re.S)
    assert found and page.index(found.group(0)) < page.index("</head>")
    described = json.loads(found.group(1))
    assert described["@type"] == "Dataset" and described["@context"] == "https://schema.org"
    assert described["name"] == dataset.release["title_en"] and described["description"]
    assert described["version"] == "2026.12.0" and described["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert described["distribution"] == [{"@type": "DataDownload", "encodingFormat": "application/zip",
                                          "contentUrl": "data/bandung-partnerships-2026.12.0.zip",
                                          "name": "bandung-partnerships-2026.12.0.zip"}]
    first = min(dataset.agreements["year"].min(), dataset.activities["year"].min(),
                dataset.partners["first_contact_year"].min())
    assert described["temporalCoverage"] == f"{first}/{max(dataset.agreements['year'].max(), dataset.activities['year'].max())}"
    places = described["spatialCoverage"]
    assert places[0]["name"] == "Bandung, Indonesia" and places[0]["geo"]["latitude"] == dataset.home["lat"]
    assert {p["name"] for p in places[1:]} == set(dataset.countries["name_en"]) - {"Indonesia"}
