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
