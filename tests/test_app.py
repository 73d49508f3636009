"""The pages as a user meets them, run headless with Streamlit's AppTest and seeded through the URL."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import maps
from tests.conftest import APP
from tests.test_data import SIGNED

pytestmark = pytest.mark.apptest

PAGES = ("views/atlas.py", "views/seoul.py", "views/about.py")


def run(params: dict | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    if page:
        at.switch_page(page)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def deck(at: AppTest, index: int = 0) -> dict:
    return json.loads(at.get("deck_gl_json_chart")[index].proto.json)


def map_partners(at: AppTest) -> set[str]:
    return maps.shown_partner_ids(deck(at))


def layers(spec: dict) -> list[dict]:
    """Every layer of a deck spec, the nested lists flattened."""
    return [item for entry in spec["layers"] for item in (entry if isinstance(entry, list) else [entry])]


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts).replace("\\", "")  # drop Markdown escapes


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_in_both_languages(page, lang):
    at = run({"lang": lang}, page)
    assert at.title and at.title[0].value


def test_the_default_view_shows_every_signed_partnership():
    at = run()
    assert map_partners(at) == SIGNED
    assert at.metric[0].value == str(len(SIGNED))


def test_the_url_years_1960_to_1999_leave_three_partners():
    at = run({"years": ["1960", "1999"]})
    assert map_partners(at) == {"braunschweig", "fort-worth", "suwon"}
    assert at.slider(key="w_years").value == (1960, 1999)


@pytest.mark.parametrize("value", ["environment", "Environment", "Lingkungan hidup"])
def test_the_url_sector_environment_leaves_partners_with_environment_work(dataset, value):
    at = run({"sectors": value})
    assert at.multiselect(key="w_sectors").value == ["environment"]
    shown = map_partners(at)
    assert shown and shown < SIGNED
    for pid in shown:
        agreements = dataset.agreements.loc[dataset.agreements["partner_id"] == pid, "sectors"]
        in_agreements = any("environment" in s for s in agreements)
        in_activities = (dataset.activities.loc[dataset.activities["partner_id"] == pid, "sector"] == "environment").any()
        assert in_agreements or in_activities


def test_malformed_url_values_are_ignored():
    at = run({"years": ["abc", "1999"], "sectors": ["astrology", "=cmd"], "lang": "xx", "partner": "<script>",
              "rel": "pen_pal", "status": "sleeping"})
    assert map_partners(at) == SIGNED
    assert at.title[0].value == "Atlas Kerja Sama Kota Bandung"
    assert at.query_params == {}  # nothing odd is written back into the address bar


def test_widgets_change_the_map():
    at = run({"lang": "en"})
    at.slider(key="w_years").set_value((1960, 1999)).run()
    assert map_partners(at) == {"braunschweig", "fort-worth", "suwon"}
    at.pills(key="w_status").set_value(["active", "unclear", "ended", "prospective", "disputed"]).run()
    # prospective and disputed partners with no contact year, or one in range, join the three (Wrocław's first
    # contact is dated 2019 since the third data pass, so it is out of range)
    assert map_partners(at) == {"braunschweig", "fort-worth", "suwon", "cebu", "bari"}


def test_a_filter_with_no_result_shows_a_message_and_an_empty_map():
    at = run({"lang": "en", "years": ["1960", "1965"], "sectors": "disaster_management"})
    assert any("No partnership matches" in i.value for i in at.info)
    assert map_partners(at) == set()
    assert len([layer for layer in layers(deck(at)) if layer["id"] == "countries"]) == 1


def test_switching_language_changes_the_labels():
    indonesian = run()
    english = run({"lang": "en"})
    assert indonesian.title[0].value == "Atlas Kerja Sama Kota Bandung"
    assert english.title[0].value == "Bandung Partnerships Atlas"
    assert [m.label for m in indonesian.metric][:2] == ["Mitra", "Negara"]
    assert [m.label for m in english.metric][:2] == ["Partners", "Countries"]
    assert indonesian.slider(key="w_years").label == "Tahun" and english.slider(key="w_years").label == "Years"


def test_the_map_spec_has_arcs_points_and_the_base_layer_and_no_basemap_service():
    at = run()
    spec = deck(at)
    types = {layer["id"]: layer["@@type"] for layer in layers(spec)}
    assert types["routes"] == "PathLayer" and types["markers"] == "ScatterplotLayer"
    assert types["countries"] == "GeoJsonLayer"
    assert spec["mapStyle"] == "__MAP_STYLE__" and "mapProvider" not in spec  # no basemap service
    assert json.loads(at.get("deck_gl_json_chart")[0].proto.tooltip) == maps.TOOLTIP


def test_a_partner_in_the_url_opens_its_detail_with_agreements_disagreements_and_sources():
    at = run({"partner": "suwon", "lang": "en"})
    page = texts(at)
    assert "Suwon" in page and "1997-08-25" in page and "Sister-city agreement" in page
    assert any("27" in w.value for w in at.warning) or "27 Aug" in page
    assert "https://swcic.or.kr" in page


def test_the_seoul_detail_shows_the_classification_dispute():
    at = run({"partner": "seoul", "lang": "en"})
    assert any("friendship city" in w.value and "sister" in w.value for w in at.warning)


def test_the_table_and_downloads_follow_the_filter():
    at = run({"years": ["1960", "1999"], "lang": "en"})
    table = at.dataframe[-1].value
    assert sorted(table["City"]) == ["Braunschweig", "Fort Worth", "Suwon"]


def test_a_broken_data_folder_gets_a_plain_list_of_problems_not_a_traceback(data_copy, monkeypatch):
    data_copy.set("partners.csv", 3, "lat", "north")
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data_copy.folder))
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    assert not at.exception
    assert at.error and "data contract" in at.error[0].value
    assert "partners.csv, line 3, column 'lat': 'north'" in at.code[0].value


def test_another_data_folder_can_be_explored_without_touching_the_bundled_one(data_copy, monkeypatch):
    rows = [r for r in data_copy.rows("partners.csv") if r[0] != "cebu"]
    data_copy.write("partners.csv", rows)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data_copy.folder))
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["status"] = ["active", "unclear", "ended", "disputed"]
    at.run()
    assert not at.exception and "bari" in map_partners(at) and "cebu" not in map_partners(at)


def test_a_note_on_a_confirmed_partner_is_shown_too():
    at = run({"partner": "petaling-jaya", "lang": "en"})
    assert any("ran out in 2020" in i.value for i in at.info)


# --- The view survives navigation, and the URL says it with ids ------------------------------------------------


def test_a_widget_change_writes_ids_and_only_values_that_differ_from_the_defaults():
    at = run({"lang": "en"})
    at.multiselect(key="w_sectors").set_value(["culture", "education"]).run()
    assert at.query_params == {"lang": "en", "sectors": ["education", "culture"]}  # in the vocabulary's order
    at.pills(key="w_status").set_value(["active", "unclear", "ended", "prospective"]).run()
    assert at.query_params["status"] == ["active", "unclear", "ended", "prospective"]
    at.pills(key="w_status").set_value(["active", "unclear", "ended"]).run()  # back to the default
    assert "status" not in at.query_params and "rel" not in at.query_params
    at.radio(key="w_color").set_value("status").run()
    assert at.query_params["color"] == "status"


def test_the_language_and_the_filters_survive_a_page_switch_and_back():
    at = run({"lang": "en", "sectors": "culture"})
    at.switch_page("views/seoul.py").run()
    assert at.title[0].value == "The Seoul case: why Bandung chose Seoul"
    assert at.query_params == {"lang": "en", "sectors": "culture"}
    at.switch_page("views/atlas.py").run()
    assert at.title[0].value == "Bandung Partnerships Atlas" and at.multiselect(key="w_sectors").value == ["culture"]


def test_switching_language_keeps_the_chosen_sector_and_the_colouring():
    at = run({"sectors": "culture", "color": "status"})
    at.segmented_control(key="w_lang").set_value("en").run()
    assert at.multiselect(key="w_sectors").value == ["culture"]
    assert at.multiselect(key="w_sectors").format_func("culture") == "Culture"
    assert at.radio(key="w_color").value == "status"
    assert at.query_params == {"lang": "en", "sectors": "culture", "color": "status"}


def test_choosing_a_partner_puts_its_id_in_the_url():
    at = run({"lang": "en"})
    at.selectbox(key="w_partner").set_value("cuenca").run()
    assert at.query_params["partner"] == "cuenca" and "Cuenca" in texts(at)


STEP_TITLES = {"en": ["Bandung's network today", "How the network grew", "Which fields dominate", "The Seoul case",
                      "What the sources leave open"],
               "id": ["Jaringan Bandung saat ini", "Bagaimana jaringan tumbuh", "Bidang yang paling menonjol",
                      "Kasus Seoul", "Yang belum dijawab sumber"]}


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("step", [1, 2, 3, 4, 5])
def test_every_presentation_step_shows_its_title_and_a_takeaway_from_the_data(lang, step):
    at = run({"mode": "present", "step": str(step), "lang": lang})
    assert at.title[0].value == STEP_TITLES[lang][step - 1]
    takeaway = at.markdown[1].value
    assert any(ch.isdigit() for ch in takeaway) and "{" not in takeaway, takeaway


def test_next_and_previous_move_between_steps_and_keep_the_language():
    at = run({"mode": "present", "lang": "en", "years": ["1960", "2010"]})
    assert at.title[0].value == STEP_TITLES["en"][0]
    at.button(key="present_next").click().run()
    assert at.title[0].value == STEP_TITLES["en"][1]
    assert at.query_params == {"mode": "present", "step": "2", "lang": "en", "years": ["1960", "2010"]}
    at.button(key="present_previous").click().run()
    assert at.title[0].value == STEP_TITLES["en"][0] and "step" not in at.query_params
    assert at.button(key="present_previous").disabled


def test_the_first_step_counts_the_partners_of_the_filtered_view():
    at = run({"mode": "present", "lang": "en", "years": ["1960", "1999"]})
    assert at.markdown[1].value.startswith("Bandung has 3 partner cities in 3 countries")


@pytest.mark.parametrize(("params", "takeaway"), [
    ({"lang": "en", "step": "3", "sectors": "culture"}, "Culture: {partners} partnerships and {activities} activities."),
    ({"step": "3", "sectors": "culture"}, "Kebudayaan: {partners} kerja sama dan {activities} kegiatan."),
    ({"step": "2", "years": ["1960", "1960"]}, "Bandung menandatangani satu kerja sama pada 1960, dengan Braunschweig."),
    ({"lang": "en", "step": "2", "years": ["1960", "1960"]}, "Bandung signed one partnership in 1960, with Braunschweig."),
    ({"lang": "en", "step": "1", "years": ["1960", "1960"]},
     "Bandung has one partner city in this view: Braunschweig, Germany, since 1960."),
])
def test_a_narrow_view_gets_a_takeaway_that_agrees_with_what_the_step_shows(params, takeaway, dataset):
    from dashboard.filters import Filters, apply
    culture = apply(dataset, Filters(sectors=("culture",)))  # what the fields chart counts for Culture
    takeaway = takeaway.format(partners=len(culture.partners), activities=culture.activity_count)
    at = run({"mode": "present", **params})
    assert at.markdown[1].value.replace("\\", "") == takeaway
    assert "Nothing in the current view" not in texts(at) and "Tidak ada data" not in texts(at)


def test_leaving_presentation_mode_returns_to_the_page_with_the_view_kept():
    at = run({"mode": "present", "step": "3", "lang": "en", "sectors": "culture"})
    at.button(key="present_leave").click().run()
    assert at.title[0].value == "Bandung Partnerships Atlas"
    assert at.query_params == {"lang": "en", "sectors": "culture"}


def test_the_about_page_shows_each_fields_colour_as_a_swatch_beside_its_name(dataset):
    at = run({"lang": "en"}, "views/about.py")
    swatches = next(h.proto.body for h in at.get("html") if "list-style:none" in h.proto.body)
    for sector, label, color in zip(dataset.sectors["id"], dataset.sectors["label_en"], dataset.sectors["color"]):
        assert f"background:{color};" in swatches and f">{label} <code>{sector}</code>" in swatches


def test_the_presentation_bar_switches_the_language_and_keeps_the_step():
    at = run({"mode": "present", "step": "3", "lang": "en"})
    assert at.title[0].value == "Which fields dominate"
    at.segmented_control(key="present_lang").set_value("id").run()
    assert at.title[0].value == "Bidang yang paling menonjol"
    assert at.query_params.get("step") == "3" and "lang" not in at.query_params


def test_the_seoul_page_offers_its_timeline_for_slides_with_the_chosen_findings_events_highlighted(dataset):
    import datetime as dt

    from dashboard import export
    at = run({"lang": "en", "finding": "smart_city"}, "views/seoul.py")
    assert [b.proto.label for b in at.get("download_button")] == ["PNG", "SVG"]
    files = [d.file_name for d in export.seoul_downloads(dataset, "en", dt.date(2026, 12, 3), "smart_city")]
    assert files and all("seoul-timeline" in f and "smart-city" in f for f in files), files
