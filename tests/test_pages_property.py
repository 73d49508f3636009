"""Every folder the validator accepts renders every page without an exception (AppTest): the atlas, the
Seoul page, the About page and a presentation step, in both languages, with odd but valid data (header-only
tables, a single year, Markdown images and maths in the text, unusual URLs)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from streamlit.testing.v1 import AppTest

from tests.conftest import APP
from tests.strategies import THIS_YEAR, folder_recipes, write_folder

pytestmark = pytest.mark.apptest

PAGES = (None, "views/seoul.py", "views/about.py")


def render_every_page(folder: Path) -> None:
    before = os.environ.get("ATLAS_DATA_DIR")
    os.environ["ATLAS_DATA_DIR"] = str(folder)
    try:
        _render_every_page()
    finally:
        if before is None:
            os.environ.pop("ATLAS_DATA_DIR", None)
        else:
            os.environ["ATLAS_DATA_DIR"] = before


def _render_every_page() -> None:
    for lang in ("id", "en"):
        for page in PAGES:
            at = AppTest.from_file(APP, default_timeout=120)
            at.query_params["lang"] = lang
            at.run()
            if page:
                at.switch_page(page).run()
            assert not at.exception, (page, lang, [e.value for e in at.exception])
            assert not at.error, (page, lang, [e.value for e in at.error])  # no problem list, no "went wrong"
            assert at.title, (page, lang)
        at = AppTest.from_file(APP, default_timeout=120)
        at.query_params.update({"lang": lang, "mode": "present", "step": "2"})
        at.run()
        assert not at.exception and not at.error and at.title


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(folder_recipes())
def test_every_page_renders_any_folder_the_validator_accepts(recipe):
    with tempfile.TemporaryDirectory() as tmp:
        render_every_page(write_folder(recipe, Path(tmp) / "data"))


@pytest.mark.parametrize("corner", ["empty", "one-year"])
def test_every_page_renders_the_extreme_folders(corner, tmp_path):
    empty = {"no_partners": True, "no_agreements": True, "no_activities": True, "no_seoul_cards": True, "no_i18n": True,
             "one_year": None, "texts": {}, "urls": [], "multiline": False}
    recipe = empty if corner == "empty" else {**empty, "no_partners": False, "no_agreements": False,
                                               "no_activities": False, "no_seoul_cards": False, "no_i18n": False,
                                               "one_year": THIS_YEAR}
    render_every_page(write_folder(recipe, tmp_path / corner))


def _header_only_copy(tmp_path, name: str) -> Path:
    import csv
    import shutil

    from dashboard.loader import DATA_DIR
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    with open(folder / name, encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    with open(folder / name, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(header)
    return folder


@pytest.mark.parametrize(("name", "page", "params", "problem"), [
    ("story.csv", None, {"mode": "present", "step": "1"},
     "story.csv: must have at least 1 row, it has 0; leave the file out to use the bundled one"),
    ("seoul/texts.csv", "views/seoul.py", {}, "seoul/texts.csv, column 'key': 'title': this text is missing"),
])
def test_a_file_without_rows_the_pages_need_shows_the_problem_not_a_broken_page(tmp_path, monkeypatch, name, page,
                                                                                 params, problem):
    """Issue 16: a header-only story made every presentation step say "something went wrong"; such a folder
    is refused, and the page a user opens says which file and why."""
    monkeypatch.setenv("ATLAS_DATA_DIR", str(_header_only_copy(tmp_path, name)))
    at = AppTest.from_file(APP, default_timeout=120)
    if page:
        at.switch_page(page)
    at.query_params.update({"lang": "en", **params})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == [
        "The data in 'data' does not follow the data contract (data/README.md): "
        f"{13 if name == 'seoul/texts.csv' else 1} problem(s). Data di 'data' tidak sesuai kontrak data: "
        f"{13 if name == 'seoul/texts.csv' else 1} masalah."]
    assert problem in at.code[0].value.split("\n")


def test_a_citation_without_rows_renders_the_seoul_page(tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_DATA_DIR", str(_header_only_copy(tmp_path, "seoul/citation.csv")))
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page("views/seoul.py")
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception and not at.error and at.title[0].value.startswith("The Seoul case")
