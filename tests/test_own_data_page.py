"""The page "Use your own data" as a user meets it (AppTest with its file uploader): a Surabaya folder loads
and the atlas shows it, a broken one lists its problems and keeps the data shown before, an edit clears a
problem, and another session still sees the bundled data."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests import surabaya
from tests.conftest import APP
from tests.test_app import map_partners, texts
from tests.test_data import SIGNED
from tests.test_upload import data_digest

PAGE = "views/own_data.py"
pytestmark = pytest.mark.apptest


def as_files(given: dict[str, bytes]) -> list[tuple[str, bytes, str]]:
    return [(name, data, "text/csv") for name, data in given.items()]


def session(lang: str = "en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = lang
    at.run()  # the page's URL path is not its file name: AppTest finds it once the navigation has run
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def upload(at: AppTest, files) -> AppTest:
    at.file_uploader(key="w_own_files").set_value(files)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def problems(at: AppTest):
    """The problems table: the page's first table (the previews and editors come after it)."""
    return at.dataframe[0].value


def partners_on_map(at: AppTest) -> set[str]:
    at.switch_page("views/atlas.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return map_partners(at)


@pytest.fixture(scope="module", autouse=True)
def bundled_data_unchanged():
    before = data_digest()
    yield
    assert data_digest() == before


def test_a_surabaya_folder_loads_and_the_atlas_shows_its_partners_and_names_its_home_city():
    folder = [("surabaya.zip", surabaya.zipped(surabaya.files()), "application/zip")]
    at = upload(session(), folder)
    assert "Your data is in use: Surabaya, 5 partner cities" in "\n".join(s.value for s in at.success)
    assert partners_on_map(at) == {p[0] for p in surabaya.PARTNERS}
    assert at.title[0].value.startswith("Surabaya")
    badge = [m.value for m in at.sidebar.markdown if "Your data" in m.value]
    assert badge and "Surabaya" in badge[0]
    assert "A copied link opens the bundled data" in "\n".join(c.value for c in at.sidebar.caption)
    at.button(key="w_own_back").click()
    at.run()
    assert map_partners(at) == SIGNED
    at.switch_page(PAGE).run()  # the same files again: one click uses them once more
    upload(at, folder)
    at.button(key="w_own_use_again").click()
    at.run()
    assert partners_on_map(at) == {p[0] for p in surabaya.PARTNERS}


def test_a_broken_folder_lists_its_problems_in_indonesian_and_keeps_the_data_shown_before():
    at = upload(session("id"), as_files(surabaya.files()))
    assert partners_on_map(at) == {p[0] for p in surabaya.PARTNERS}
    at.switch_page(PAGE).run()
    upload(at, as_files(surabaya.broken_files()))
    assert "3 masalah" in "\n".join(e.value for e in at.error)
    table = problems(at)
    assert list(table.columns) == ["Berkas", "Baris", "Kolom", "Nilai", "Masalah", "Cara memperbaiki"]
    assert ("partners.csv", 2, "country_iso3", "BRA") in set(zip(table["Berkas"], table["Baris"], table["Kolom"],
                                                                  table["Nilai"]))
    assert partners_on_map(at) == {p[0] for p in surabaya.PARTNERS}  # the earlier upload stays in use


def test_an_edit_in_the_editor_clears_its_problem():
    at = upload(session(), as_files(surabaya.broken_files()))
    assert len(problems(at)) == 3
    # AppTest cannot type into st.data_editor's grid: the edit goes in as the grid would send it
    key = next(d.key for d in at.dataframe if (d.key or "").startswith("w_own_edit_") and d.key.endswith("partners.csv"))
    at.session_state[key] = {"edited_rows": {0: {"country_iso3": "USA"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    table = problems(at)
    assert len(table) == 2 and "BRA" not in set(table["Value"])


def test_a_second_session_at_the_same_time_still_sees_the_bundled_data():
    first = upload(session(), as_files(surabaya.files()))
    second = AppTest.from_file(APP, default_timeout=120)
    second.run()
    assert map_partners(second) == SIGNED
    assert partners_on_map(first) == {p[0] for p in surabaya.PARTNERS}
    assert "Surabaya" not in texts(second)


def test_the_presentation_of_an_upload_tells_its_story_without_the_seoul_case():
    at = upload(session(), as_files(surabaya.files()))
    at.query_params["mode"] = "present"
    at.query_params["step"] = "3"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at)
    assert "Step 3 of 3" in shown, shown[:500]  # network, growth, fields: the Seoul and open steps left out
    assert "Seoul" not in shown
    badge = [m.value for m in at.markdown if "Your data" in m.value]
    assert badge and "Surabaya" in badge[0]  # the badge is on the slide too (no sidebar there)


def test_an_upload_is_let_go_when_its_session_ends():
    """Nothing outside the session (a cache, the memo) keeps an upload alive once the session is gone."""
    import gc
    import weakref

    at = upload(session(), as_files(surabaya.files()))
    assert partners_on_map(at) == {p[0] for p in surabaya.PARTNERS}  # the memo and the caches have seen it
    ds = weakref.ref(at.session_state["_own_data"][0])
    del at
    # Streamlit leaves the last script run's globals as the __main__ module until the next run, whichever
    # session it is for: another viewer's run replaces them.
    AppTest.from_file(APP, default_timeout=120).run()
    for _ in range(3):
        gc.collect()
    assert ds() is None


def test_the_about_page_of_an_upload_offers_no_citation_of_the_bundled_release():
    at = upload(session(), as_files(surabaya.files()))
    at.switch_page("views/about.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.metric[0].value == str(len(surabaya.PARTNERS))
    labels = [b.label.replace("\\", "") for b in at.get("download_button")]
    assert "Download the empty template (ZIP)" in labels
    assert "Download the data set (ZIP)" not in labels  # that ZIP is the bundled release, not the upload


def test_a_link_copied_from_an_upload_says_it_opens_the_bundled_data():
    """The URL marks an upload (data=own) but never carries it: a session opened from such a link (a copied
    link, or a page moved to another server after its own stopped) says it shows the bundled data."""
    folder = [("surabaya.zip", surabaya.zipped(surabaya.files()), "application/zip")]
    at = upload(session(), folder)
    at.switch_page("views/atlas.py").run()
    assert at.query_params.get("data") == ["own"] or at.query_params.get("data") == "own"
    link = {key: at.query_params[key] for key in at.query_params}
    assert not at.warning or all("uploaded data" not in w.value for w in at.warning)

    opened = AppTest.from_file(APP, default_timeout=120)
    for key, value in link.items():
        opened.query_params[key] = value
    opened.run()
    assert not opened.exception, [e.value for e in opened.exception]
    assert map_partners(opened) == SIGNED
    warning = "\n".join(w.value for w in opened.warning)
    assert "This link was made while uploaded data was shown" in warning and "bundled data" in warning
    assert "data" not in opened.query_params  # the bundled view's own link no longer claims an upload

    fresh = AppTest.from_file(APP, default_timeout=120)
    fresh.query_params["lang"] = "en"
    fresh.run()
    assert all("uploaded data" not in w.value for w in fresh.warning)
