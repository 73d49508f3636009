"""The view value and its URL: ids only, defaults left out, labels of either language still understood,
odd values ignored, and the history player's steps."""

from __future__ import annotations

import pytest

from dashboard.contract import RELATIONSHIPS, SIGNED_STATUSES
from dashboard.filters import Filters
from dashboard.state import DEFAULT, ViewState, Vocabulary, describe, next_year, parse, play_start, to_params


@pytest.fixture(scope="module")
def vocab(dataset) -> Vocabulary:
    return Vocabulary.for_dataset(dataset)


def test_the_default_view_writes_nothing_into_the_url(vocab):
    assert to_params(DEFAULT, vocab) == {}
    assert parse({}, vocab) == DEFAULT


def test_the_url_carries_ids_and_only_what_differs_from_the_defaults(vocab):
    state = ViewState(lang="en", filters=Filters(years=(2000, 2020), sectors=("culture",), relationships=("sister_city",)),
                      partner="seoul", color_by="status")
    params = to_params(state, vocab)
    assert params == {"lang": "en", "years": ["2000", "2020"], "sectors": ["culture"], "rel": ["sister_city"],
                      "partner": "seoul", "color": "status"}
    assert parse(params, vocab) == state


def test_a_link_copied_in_english_opens_the_same_view_in_indonesian(vocab):
    english = parse({"lang": "en", "sectors": ["culture"], "status": ["active", "prospective"]}, vocab)
    indonesian = parse({**to_params(english, vocab), "lang": "id"}, vocab)
    assert indonesian.with_(lang="en") == english


@pytest.mark.parametrize("value", ["Environment", "Lingkungan hidup", "environment", "ENVIRONMENT"])
def test_old_links_with_labels_in_either_language_keep_working(vocab, value):
    assert parse({"sectors": value}, vocab).sectors == ("environment",)


def test_old_links_with_every_default_label_give_the_default_view(vocab):
    labels = {"lang": "en", "rel": ["Sister city", "Friendship city", "Cooperation MoU", "Letter of intent only",
                                    "Exploration"], "status": ["Active", "Unclear", "Ended"], "partner": "Cuenca"}
    state = parse(labels, vocab)
    assert state.relationships == RELATIONSHIPS and state.statuses == SIGNED_STATUSES and state.partner == "cuenca"
    assert to_params(state, vocab) == {"lang": "en", "partner": "cuenca"}


def test_malformed_values_are_ignored(vocab):
    state = parse({"years": ["abc", "1999"], "sectors": ["astrology", "=cmd"], "lang": "xx", "partner": "<script>",
                   "rel": "pen_pal", "status": "sleeping", "color": "plaid", "mode": "party", "step": "-3"}, vocab)
    assert state == DEFAULT


def test_years_are_ordered_clamped_and_the_full_range_is_the_default(vocab):
    low, high = vocab.bounds
    assert parse({"years": ["1999", "1960"]}, vocab).years == (1960, 1999)
    assert parse({"years": ["1000", "1990"]}, vocab).years == (low, 1990)
    assert parse({"years": [str(low), str(high)]}, vocab).years is None
    assert parse({"years": "2015"}, vocab).years == (2015, 2015)


def test_an_empty_choice_is_kept_distinct_from_the_default(vocab):
    state = DEFAULT.with_(relationships=())
    assert to_params(state, vocab) == {"rel": [""]}
    assert parse({"rel": [""]}, vocab).relationships == ()


def test_the_step_lives_in_the_url_only_in_presentation_mode(vocab):
    assert to_params(DEFAULT.with_(mode="present", step=3), vocab) == {"mode": "present", "step": "3"}
    assert to_params(DEFAULT.with_(step=3), vocab) == {}
    assert parse({"mode": "present", "step": "9"}, vocab).step == vocab.steps
    assert parse({"step": "3"}, vocab).step == 1


def test_a_city_name_shared_by_two_partners_is_not_accepted(dataset):
    partners = dataset.partners.copy()
    partners.loc[partners["id"].isin(["toyota", "kawasaki"]), "city_en"] = "Aichi City"
    from dataclasses import replace
    vocab = Vocabulary.for_dataset(replace(dataset, partners=partners))
    assert parse({"partner": "Aichi City"}, vocab).partner is None
    assert parse({"partner": "toyota"}, vocab).partner == "toyota"  # the id still works


def test_the_summary_line_names_only_what_is_filtered(t_en, vocab):
    low, high = vocab.bounds
    assert describe(DEFAULT, t_en, vocab.bounds) == f"{low}–{high} · all fields · partnerships with a signed document"
    line = describe(DEFAULT.with_(years=(2000, 2024), sectors=("culture",), statuses=("active", "prospective")), t_en,
                    vocab.bounds)
    assert line == "2000–2024 · Culture · Active, Prospective"
    # one year is named once, not as a range from a year to itself
    assert describe(DEFAULT.with_(years=(1960, 1960)), t_en, vocab.bounds).startswith("1960 · all fields")


def test_playing_grows_the_range_a_year_at_a_time_and_stops_at_the_last_year():
    bounds = (1957, 2026)
    years = play_start(None, bounds)
    assert years == (1957, 1957)
    seen = [years]
    done = False
    while not done:
        years, done = next_year(years, bounds)
        seen.append(years)
    assert seen[1] == (1957, 1958) and seen[-1] == (1957, 2026) and len(seen) == 2026 - 1957 + 1
    assert play_start((1957, 1990), bounds) == (1957, 1990)  # paused part-way: goes on from there
    assert play_start((1957, 2026), bounds) == (1957, 1957)  # at the end: starts again


def test_playing_passes_years_with_nothing_new_quickly_and_stops_on_every_year_that_adds_a_partner():
    bounds = (1960, 2026)
    eventful = frozenset({1960, 1990, 1997, 2005})
    years, done, seen = (1960, 1960), False, []
    while not done:
        years, done = next_year(years, bounds, eventful)
        seen.append(years[1])
    assert {1990, 1997, 2005} <= set(seen)  # every year that adds something is shown
    assert all(b - a <= 5 for a, b in zip([1960, *seen], seen))
    assert len(seen) < (2026 - 1960) / 2  # thirty empty years pass in a few steps
    assert seen[-1] == 2026
