"""The filters: which partners and activities a user sees after choosing years, sectors and statuses."""

from __future__ import annotations

from dashboard.contract import STATUSES
from dashboard.filters import Filters, apply, clean, known_partner, partner_events, year_bounds
from tests.test_data import SIGNED


def shown(view) -> set[str]:
    return set(view.partners["id"])


def sectors_of(dataset, pid: str) -> set[str]:
    """The sectors of a partner's agreements and of its activities that took place, counted by hand."""
    agreements = dataset.agreements[dataset.agreements["partner_id"] == pid]
    activities = dataset.activities[(dataset.activities["partner_id"] == pid)
                                    & dataset.activities["happened"].isin(("yes", ""))]
    return {s for sectors in agreements["sectors"] for s in sectors} | set(activities["sector"])


def test_the_default_view_shows_every_signed_partnership_and_nothing_else(dataset):
    assert shown(apply(dataset, Filters())) == SIGNED


def test_years_1960_to_1999_leave_braunschweig_fort_worth_and_suwon(dataset):
    assert shown(apply(dataset, Filters(years=(1960, 1999)))) == {"braunschweig", "fort-worth", "suwon"}


def test_a_reversed_or_out_of_range_year_range_is_put_right(dataset):
    low, high = year_bounds(dataset)
    assert clean(dataset, Filters(years=(1999, 1960))).years == (1960, 1999)
    assert clean(dataset, Filters(years=(1000, 3000))).years == (low, high)


def test_the_environment_sector_leaves_only_partners_with_environment_work(dataset):
    view = apply(dataset, Filters(sectors=("environment",)))
    assert not view.empty
    for pid in view.partners["id"]:
        agreements = dataset.agreements[dataset.agreements["partner_id"] == pid]
        activities = dataset.activities[dataset.activities["partner_id"] == pid]
        assert any("environment" in s for s in agreements["sectors"]) or (activities["sector"] == "environment").any()
    # and every signed partner with environment work is there
    for pid in SIGNED:
        if "environment" in sectors_of(dataset, pid):
            assert pid in set(view.partners["id"])
    assert set(view.activities["sector"]) == {"environment"}


def test_prospective_unverified_and_disputed_partners_appear_only_when_asked_for(dataset):
    everything = apply(dataset, Filters(statuses=STATUSES))
    assert shown(everything) == set(dataset.partners["id"])
    assert {"cebu", "bari", "shenzhen", "wroclaw"} <= shown(everything)
    assert not ({"cebu", "bari", "shenzhen", "wroclaw"} & shown(apply(dataset, Filters())))


def test_the_relationship_filter(dataset):
    view = apply(dataset, Filters(relationships=("letter_of_intent",)))
    assert shown(view) == {"cuenca", "daegu"}


def test_a_combination_with_no_result_is_an_empty_view_not_an_error(dataset):
    view = apply(dataset, Filters(years=(1960, 1970), sectors=("disaster_management",)))
    assert view.empty and view.activities.empty
    assert view.headline()["partners"] == 0 and view.headline()["years"] == "–"


def test_unknown_values_are_ignored(dataset):
    view = apply(dataset, Filters(sectors=("astrology",), relationships=("sister_city", "pen_pal"),
                                  statuses=("active", "sleeping")))
    assert view.filters.sectors == () and view.filters.relationships == ("sister_city",)
    assert view.filters.statuses == ("active",)


def test_activities_are_counted_by_their_own_date(dataset):
    view = apply(dataset, Filters(years=(2015, 2016)))
    assert not view.activities.empty
    assert view.activities["year"].between(2015, 2016).all()
    # Braunschweig (1960) is outside the range, so its 2016 visit is not counted either
    assert "braunschweig" not in set(view.activities["partner_id"])


def test_headline_figures_follow_the_filter(dataset):
    view = apply(dataset, Filters(years=(1960, 1999)))
    figures = view.headline()
    assert figures["partners"] == 3 and figures["countries"] == 3
    assert figures["regions"] == 3  # Europe, Northern America, East Asia
    assert figures["years"].startswith("1960")


def test_partner_events_merge_agreements_and_activities_in_date_order(dataset):
    events = partner_events(dataset, "seoul")
    assert list(events["date"]) == sorted(events["date"])
    assert {"agreement", "activity"} == set(events["type"])
    n = (dataset.agreements["partner_id"] == "seoul").sum() + (dataset.activities["partner_id"] == "seoul").sum()
    assert len(events) == n


def test_a_partner_from_the_url_must_be_known(dataset):
    assert known_partner(dataset, "seoul") == "seoul"
    assert known_partner(dataset, "<script>") is None and known_partner(dataset, None) is None


def test_the_country_filter_keeps_one_country_and_ignores_unknown_codes(dataset):
    korea = apply(dataset, Filters(statuses=STATUSES, countries=("KOR",)))
    assert shown(korea) == {"seoul", "seongdong-gu", "suwon", "daegu", "gumi", "gimcheon", "sejong"}
    assert set(korea.activities["partner_id"]) <= shown(korea)
    assert clean(dataset, Filters(countries=("KOR", "XXX"))).countries == ("KOR",)


def test_a_year_range_is_kept_one_way_wherever_it_comes_from():
    from dashboard.filters import year_range

    bounds = (1960, 2025)
    assert year_range((2010, 1990), bounds) == (1990, 2010)  # ordered
    assert year_range((1900, 1980), bounds) == (1960, 1980)  # within the data's years
    assert year_range((1960, 2025), bounds) is None and year_range(None, bounds) is None  # every year
    assert year_range((1800, 1850), bounds) is None  # outside them: every year, never an empty range
