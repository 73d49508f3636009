"""The presenter's story: five steps whose takeaways are worked out from the view, words from story.csv."""

from __future__ import annotations

import pytest

from dashboard import contract, story
from dashboard.data import DataError, load
from dashboard.filters import Filters, apply


@pytest.mark.parametrize("step_id", contract.STORY_STEPS)
def test_each_step_computes_exactly_the_values_its_takeaway_may_name(dataset, t_en, step_id):
    found = story.values(step_id, apply(dataset, Filters()), dataset, t_en)
    assert found is not None and set(found) == set(contract.STORY_VALUES[step_id])


def test_the_takeaways_follow_the_filters_and_the_language(dataset, t_en, t_id):
    early = apply(dataset, Filters(years=(1960, 1999)))
    assert story.step(dataset, 1, early, t_en).takeaway.startswith(
        "Bandung has 3 partner cities in 3 countries across 3 world regions; the oldest link, with Braunschweig, "
        "dates from 1960.")
    growth = story.step(dataset, 2, apply(dataset, Filters()), t_id)
    assert growth.title == "Bagaimana jaringan tumbuh" and "dekade 2010-an" in growth.takeaway
    fields = story.values("fields", apply(dataset, Filters(sectors=("culture", "education"))), dataset, t_en)
    assert {fields["top_field"], fields["second_field"]} == {"Culture", "Education"}


def test_a_view_with_nothing_to_say_gets_a_plain_sentence_not_a_template(dataset, t_en):
    empty = apply(dataset, Filters(years=(1960, 1965), sectors=("disaster_management",)))
    for number in (1, 2, 3):
        takeaway = story.step(dataset, number, empty, t_en).takeaway
        assert "{" not in takeaway and takeaway == t_en("story.nothing")


def test_a_step_number_out_of_range_shows_the_nearest_step(dataset, t_en):
    view = apply(dataset, Filters())
    assert story.step(dataset, 0, view, t_en).number == 1
    assert story.step(dataset, 99, view, t_en).number == story.step_count(dataset)


def test_a_takeaway_naming_a_value_its_step_does_not_compute_is_refused(data_copy):
    line = data_copy.line_of("story.csv", "3", id_column="step")
    data_copy.set("story.csv", line, "takeaway_en", "{top_field} leads, far ahead of {partners}.")
    with pytest.raises(DataError) as err:
        load(data_copy.folder)
    assert any(p.file == "story.csv" and p.line == line and p.column == "takeaway_en" for p in err.value.problems)


def test_a_folder_without_a_story_gets_the_bundled_one(data_copy):
    (data_copy.folder / "story.csv").unlink()
    ds = load(data_copy.folder)
    assert story.step_count(ds) == 5 and any("story.csv" in note for note in ds.notes)
