"""The presenter's story: five steps whose takeaways are worked out from the view, words from story.csv
(and the counted words, lists and ties from i18n.csv), right on every view a presenter can make."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import charts, contract, story, words
from dashboard.contract import RELATIONSHIPS, SIGNED_STATUSES, STATUSES
from dashboard.filters import Filters, apply, partner_events, year_bounds
from dashboard.loader import DataError, load

# A view for each sentence each step has (step id, sentence) -> filters, playing.
CASE_VIEWS = {
    ("network", "takeaway"): (Filters(), False),
    ("network", "takeaway_narrow"): (Filters(years=(1960, 1960)), False),
    ("growth", "takeaway"): (Filters(), False),
    ("growth", "takeaway_narrow"): (Filters(years=(2015, 2019)), False),
    ("growth", "takeaway_playing"): (Filters(years=(1960, 1985)), True),
    ("fields", "takeaway"): (Filters(), False),
    ("fields", "takeaway_narrow"): (Filters(sectors=("culture",)), False),
    ("seoul", "takeaway"): (Filters(), False),
    ("open", "takeaway"): (Filters(), False),
}


def takeaway(dataset, t, number: int, filters: Filters, playing: bool = False) -> str:
    return story.step(dataset, number, apply(dataset, filters), t, playing).takeaway


def test_every_sentence_of_every_step_has_a_view_that_uses_it():
    assert set(CASE_VIEWS) == {(step, case) for step, cases in contract.STORY_VALUES.items() for case in cases}


@pytest.mark.parametrize(("step_id", "case"), list(CASE_VIEWS))
def test_each_sentence_computes_exactly_the_values_it_may_name(dataset, t_en, step_id, case):
    filters, playing = CASE_VIEWS[(step_id, case)]
    found = story.values(step_id, apply(dataset, filters), dataset, t_en, playing)
    assert found is not None and found.case == case
    assert set(found.values) == set(contract.STORY_VALUES[step_id][case])


def test_the_takeaways_follow_the_filters_and_the_language(dataset, t_en, t_id):
    assert takeaway(dataset, t_en, 1, Filters(years=(1960, 1999))) == (
        "Bandung has 3 partner cities in 3 countries across 3 world regions; Braunschweig came first, in 1960.")
    growth = story.step(dataset, 2, apply(dataset, Filters()), t_id)
    assert growth.title == "Bagaimana jaringan tumbuh" and "dekade 2010-an" in growth.takeaway
    fields = story.values("fields", apply(dataset, Filters(sectors=("culture", "education"))), dataset, t_en)
    assert {fields.values["first_fields"], fields.values["next_fields"]} == {"Culture", "Education"}


def test_the_sentences_a_presenter_reads_on_the_default_view(dataset, t_en, t_id):
    assert takeaway(dataset, t_en, 1, Filters()) == (
        "Bandung has 16 partner cities in 10 countries across 6 world regions; Braunschweig came first, in 1960.")
    assert takeaway(dataset, t_en, 2, Filters()) == (
        "Bandung signed 16 partnerships from 1960 to 2022; the 2010s added the most (10).")
    # Environment and Culture tie for second place: both are named, with the count they share.
    assert takeaway(dataset, t_en, 3, Filters()) == (
        "The most activities: Governance and diplomacy (34), then Environment and Culture (17 each).")
    assert takeaway(dataset, t_id, 3, Filters()) == (
        "Kegiatan terbanyak: Pemerintahan dan diplomasi (34), disusul Lingkungan hidup dan Kebudayaan (masing-masing 17).")


def test_narrow_views_get_sentences_of_their_own(dataset, t_en, t_id):
    one_year = Filters(years=(1960, 1960))
    assert takeaway(dataset, t_en, 1, one_year) == "Bandung has one partner city in this view: Braunschweig, Germany, since 1960."
    assert takeaway(dataset, t_en, 2, one_year) == "Bandung signed one partnership in 1960, with Braunschweig."
    assert takeaway(dataset, t_id, 2, one_year) == "Bandung menandatangani satu kerja sama pada 1960, dengan Braunschweig."
    # One field chosen: step 3 says what that field has, above the chart that shows it.
    culture = Filters(sectors=("culture",))
    assert takeaway(dataset, t_en, 3, culture) == "Culture: 13 partnerships and 17 activities."
    assert takeaway(dataset, t_id, 3, culture) == "Kebudayaan: 13 kerja sama dan 17 kegiatan."
    # Braunschweig's first year: agreements in nine fields, no activity yet; a count of none is not written.
    assert takeaway(dataset, t_en, 3, one_year) == "Environment, Education, Culture and 6 others: one partnership each."
    assert takeaway(dataset, t_en, 2, Filters(years=(2017, 2017))) == (
        "Bandung signed 4 partnerships in 2017, with Cotabato City, Cuenca, Namur and Toyota City.")
    assert takeaway(dataset, t_en, 1, Filters(years=(2017, 2017))).endswith("; all of them date from 2017.")


def test_a_takeaway_follows_the_year_the_history_player_reached(dataset, t_en, t_id):
    assert takeaway(dataset, t_en, 2, Filters(years=(1960, 1985)), playing=True) == (
        "By 1985: one partnership, with Braunschweig (1960).")
    assert takeaway(dataset, t_id, 2, Filters(years=(1960, 1985)), playing=True) == (
        "Hingga 1985: satu kerja sama, dengan Braunschweig (1960).")
    assert takeaway(dataset, t_en, 2, Filters(years=(1960, 2017)), playing=True) == (
        "By 2017: 13 partnerships, the latest with Cotabato City, Cuenca, Namur and Toyota City (2017).")
    # Before the first partnership of a filtered view: a sentence, not "widen the filters".
    assert takeaway(dataset, t_en, 2, Filters(years=(1960, 1970), sectors=("disaster_management",)), playing=True) == (
        "By 1970: no signed partnership yet.")
    # Not playing, the same view has a takeaway of the range.
    assert takeaway(dataset, t_en, 2, Filters(years=(1960, 1985))) == "Bandung signed one partnership in 1960, with Braunschweig."


def test_step_two_says_signed_as_the_growth_chart_does(dataset, t_en, t_id):
    view = apply(dataset, Filters())
    assert "signed" in takeaway(dataset, t_en, 2, Filters()) and "signed" in charts.growth_summary(view, t_en)
    assert "menandatangani" in takeaway(dataset, t_id, 2, Filters())
    assert "formalised" not in takeaway(dataset, t_en, 2, Filters()) and "diresmikan" not in takeaway(dataset, t_id, 2, Filters())


def test_the_seoul_step_does_not_repeat_the_findings_and_names_no_kind_of_document(dataset, t_en, t_id):
    for t in (t_en, t_id):
        text = takeaway(dataset, t, 4, Filters())
        assert not any(title in text for title in dataset.seoul.findings[f"title_{t.lang}"]), text
        assert "28" in text and "2014" in text
    assert takeaway(dataset, t_en, 4, Filters()) == ("A thesis asks why Bandung chose Seoul and names 3 reasons; the public "
                                                    "record holds 28 dated events from 2014 to 2024.")
    indonesian = takeaway(dataset, t_id, 4, Filters())
    assert indonesian.startswith("Sebuah penelitian menanyakan") and "skripsi" not in indonesian.lower()


def test_the_open_questions_step_does_not_repeat_a_card_and_each_question_has_a_one_line_answer(dataset, t_en, t_id):
    for t in (t_en, t_id):
        text = takeaway(dataset, t, 5, Filters())
        assert not any(title in text for title in dataset.seoul.open_questions[f"title_{t.lang}"]), text
        assert "10" in text
        questions = story.open_questions(dataset, t)
        assert [q.title for q in questions] == list(dataset.seoul.open_questions[f"title_{t.lang}"])
        texts = list(dataset.seoul.open_questions[f"text_{t.lang}"])
        for question, text in zip(questions, texts):
            assert question.answer and "\n" not in question.answer and len(question.answer) < min(140, len(text))
    answers = {q.title: q.answer for q in story.open_questions(dataset, t_en)}
    assert answers["Was the Bandung Command Center a Seoul outcome?"].startswith("No:")
    assert "20 May 2015" in answers["When was the Letter of Intent signed?"]


def test_an_open_question_without_an_answer_is_refused(data_copy):
    line = data_copy.line_of("seoul/open_questions.csv", "loi_date")
    data_copy.set("seoul/open_questions.csv", line, "answer_id", "")
    with pytest.raises(DataError) as err:
        load(data_copy.folder)
    assert any(p.file == "seoul/open_questions.csv" and p.line == line and p.column == "answer_id"
               for p in err.value.problems)


def test_a_view_with_nothing_to_say_gets_a_plain_sentence_not_a_template(dataset, t_en):
    empty = apply(dataset, Filters(years=(1960, 1965), sectors=("disaster_management",)))
    for number in (1, 2, 3):
        text = story.step(dataset, number, empty, t_en).takeaway
        assert "{" not in text and text == t_en("story.nothing")


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


@pytest.mark.parametrize(("step", "column", "value"), [
    ("2", "takeaway_narrow_en", ""),  # growth needs its narrow sentence
    ("2", "takeaway_playing_id", ""),  # and its sentence for the player
    ("1", "takeaway_playing_en", "By {year}: {so_far}."),  # the network step has no player
    ("3", "takeaway_narrow_en", "{fields} has {partners_count}."),  # a value of another step
])
def test_the_narrow_and_playing_sentences_are_checked_per_step(data_copy, step, column, value):
    line = data_copy.line_of("story.csv", step, id_column="step")
    data_copy.set("story.csv", line, column, value)
    with pytest.raises(DataError) as err:
        load(data_copy.folder)
    assert any(p.file == "story.csv" and p.line == line and p.column == column for p in err.value.problems)


def test_a_folder_without_a_story_gets_the_bundled_one(data_copy):
    (data_copy.folder / "story.csv").unlink()
    ds = load(data_copy.folder)
    assert story.step_count(ds) == 5 and any("story.csv" in note for note in ds.notes)


# --- Lists, ties and counted words ---------------------------------------------------------------------------

def test_lists_join_with_and_name_ties_together_and_shorten_long_lists(t_en, t_id):
    assert words.and_list(t_en, ["Seoul"]) == "Seoul"
    assert words.and_list(t_en, ["Melbourne", "Seongdong-gu (Seoul)"]) == "Melbourne and Seongdong-gu (Seoul)"
    assert words.and_list(t_en, [2014, 2017, 2019]) == "2014, 2017 and 2019"
    assert words.and_list(t_id, [2014, 2017, 2019]) == "2014, 2017 dan 2019"
    assert words.and_list(t_en, list("ABCDE")) == "A, B, C and 2 others"
    assert words.and_list(t_en, list("ABCD")) == "A, B, C and D"  # never "and 1 other" for one name
    # A name with "and" in it gets a comma before the last name, so the list reads as two fields.
    assert words.and_list(t_en, ["Trade and economy", "Culture"]) == "Trade and economy, and Culture"
    assert words.and_list(t_id, ["Perdagangan dan ekonomi", "Kebudayaan"]) == "Perdagangan dan ekonomi, dan Kebudayaan"
    assert words.each(t_en, 16, 2) == "16 each" and words.each(t_id, 16, 2) == "masing-masing 16"
    assert words.each(t_en, 16, 1) == "16"


def test_counted_words_agree_with_their_number(t_en, t_id):
    assert words.counted(t_en, "story.partner_cities", 1) == "one partner city"
    assert words.counted(t_en, "story.partner_cities", 2) == "2 partner cities"
    assert words.counted(t_id, "story.partner_cities", 2) == "2 kota mitra"
    assert words.counted(t_en, "story.so_far", 0) == "no signed partnership yet"
    assert words.counted(t_en, "story.countries", 0) == "0 countries"  # no .zero form: the caller leaves it out


def test_every_counted_phrase_has_both_forms_in_both_languages(dataset):
    keys = set(dataset.i18n["key"])
    bases = {key.rsplit(".", 1)[0] for key in keys if key.endswith((".one", ".other", ".zero"))}
    assert {"story.partner_cities", "story.countries", "story.regions", "chart.n_agreements"} <= bases
    for base in bases:
        assert f"{base}.one" in keys and f"{base}.other" in keys, base
    texts = dataset.i18n.set_index("key")
    for key in keys:
        assert texts.loc[key, "en"] and texts.loc[key, "id"]


# --- Properties over the views a presenter can make -------------------------------------------------------------

PLURAL_NOUNS = ("partnerships", "partner cities", "countries", "world regions", "activities", "questions", "events",
                "dated events", "agreements", "reasons", "others", "partners")
BROKEN = [
    # number agreement: "1 partnerships", "1 countries", "1 partner cities"
    re.compile(r"(?<![\d.,])1 (?:" + "|".join(PLURAL_NOUNS) + r")\b"),
    re.compile(r"\bone (?:" + "|".join(PLURAL_NOUNS) + r")\b"),
    # Indonesian plurals are not doubled after a number ("1 kemitraan-kemitraan"; "masing-masing" is a word)
    re.compile(r"(?:\b\d+|\bsatu) (\w+)-\1\b"),
    # a range of one year
    re.compile(r"\b(?:between|antara) (\d{4}) (?:and|dan) \1\b"),
    re.compile(r"\b(?:from|dari) (\d{4}) (?:to|hingga|sampai) \1\b"),
    re.compile(r"(\d{4})[–-]\1\b"),
    # ties joined with slashes
    re.compile(r"\w / \w"),
    # a count of nothing, written ("0 cancelled", "0 dibatalkan")
    re.compile(r"(?<![\d.,])0 [^\d\s]"),
    # a placeholder left unfilled
    re.compile(r"[{}]"),
]


def broken(text: str) -> list[str]:
    return [match.group(0) for pattern in BROKEN for match in [pattern.search(text)] if match]


def check_view(dataset, t, filters: Filters, playing: bool = False) -> None:
    """Every takeaway and chart summary of the view reads as a sentence, and no step says there is nothing
    to show above a visual that shows something."""
    view = apply(dataset, filters)
    steps = [story.step(dataset, number, view, t, playing) for number in range(1, story.step_count(dataset) + 1)]
    summaries = [charts.growth_summary(view, t), charts.regions_summary(view, t), charts.sectors_summary(view, dataset, t),
                 charts.activities_summary(view, dataset, t), str(view.headline()["years"])]
    for text in [s.takeaway for s in steps] + summaries:
        assert not broken(text), (filters, playing, t.lang, text, broken(text))
    nothing = t("story.nothing")
    by_id = {s.id: s.takeaway for s in steps}
    assert (by_id["network"] == nothing) == view.empty, (filters, by_id["network"])
    growth = charts.growth_chart(view, t)
    assert (by_id["growth"] == nothing) == (growth is None and not playing), (filters, playing, by_id["growth"])
    assert (by_id["fields"] == nothing) == (charts.sectors_chart(view, dataset, t) is None), (filters, by_id["fields"])
    if playing:
        reached = ("By " if t.lang == "en" else "Hingga ") + f"{view.years[1]}:"
        assert by_id["growth"].startswith(reached), by_id["growth"]


LOW, HIGH = 1960, 2026


@pytest.mark.parametrize("lang", ["en", "id"])
def test_every_single_year_reads_right_and_so_does_the_player_at_every_year(dataset, t_en, t_id, lang):
    t = t_en if lang == "en" else t_id
    low, high = year_bounds(dataset)
    for year in range(low, high + 1):
        check_view(dataset, t, Filters(years=(year, year)))
        check_view(dataset, t, Filters(years=(low, year)), playing=True)
        check_view(dataset, t, Filters(years=(low, year), sectors=("disaster_management",)), playing=True)


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("planned", [False, True])
def test_each_field_relationship_and_status_alone_reads_right(dataset, t_en, t_id, lang, planned):
    t = t_en if lang == "en" else t_id
    alone = [Filters(sectors=(s,), include_planned=planned) for s in dataset.sectors["id"]]
    alone += [Filters(relationships=(r,), include_planned=planned) for r in RELATIONSHIPS]
    alone += [Filters(statuses=(s,), include_planned=planned) for s in STATUSES]
    alone += [Filters(relationships=(), include_planned=planned), Filters(statuses=(), include_planned=planned),
              Filters(statuses=STATUSES, include_planned=planned), Filters(include_planned=planned)]
    for filters in alone:
        check_view(dataset, t, filters)


@st.composite
def views(draw) -> tuple[Filters, bool]:
    sector_ids = ["urban_planning", "transport", "smart_city", "environment", "education", "culture", "tourism",
                  "trade_economy", "health", "youth_sports", "capacity_building", "disaster_management",
                  "governance_diplomacy"]
    first = draw(st.integers(LOW, HIGH))
    last = draw(st.one_of(st.just(first), st.integers(first, HIGH)))
    playing = draw(st.booleans())
    return Filters(
        years=(LOW if playing else first, last),
        sectors=tuple(draw(st.lists(st.sampled_from(sector_ids), max_size=3, unique=True))),
        relationships=tuple(draw(st.one_of(st.just(RELATIONSHIPS), st.lists(st.sampled_from(RELATIONSHIPS), max_size=2,
                                                                               unique=True)))),
        statuses=tuple(draw(st.one_of(st.just(SIGNED_STATUSES), st.lists(st.sampled_from(STATUSES), max_size=3,
                                                                            unique=True)))),
        include_planned=draw(st.booleans())), playing


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(view=views(), lang=st.sampled_from(["en", "id"]))
def test_every_view_reads_as_sentences_in_both_languages(dataset, t_en, t_id, view, lang):
    filters, playing = view
    check_view(dataset, t_en if lang == "en" else t_id, filters, playing)


def test_the_seoul_timeline_summary_writes_no_count_of_nothing(dataset, t_en, t_id):
    events = partner_events(dataset, "seoul")
    assert charts.timeline_summary(events, t_en) == (
        "28 dated events from 2014 to 2024: 2 agreements and 26 activities, of which 6 planned.")
    assert charts.timeline_summary(events, t_id) == (
        "28 peristiwa bertanggal dari 2014 hingga 2024: 2 perjanjian dan 26 kegiatan, di antaranya 6 direncanakan.")
    one = events.iloc[:1]
    assert charts.timeline_summary(one, t_en) == "One dated event, in 2014: one activity."
    for part in (events.iloc[:3], events[events["type"] == "activity"], events.iloc[[0]]):
        for t in (t_en, t_id):
            assert not broken(charts.timeline_summary(part, t))


def test_the_checks_catch_the_sentences_the_walkthrough_found():
    for bad in ("1 partnerships were formalised between 1960 and 1960; the 1960s alone added 1 of them.",
                "Bandung has 1 partner cities in 1 countries across 1 world regions.",
                "the most in 2014 / 2017 / 2019 (3)", "Environment / Culture (16)", "of which 6 planned and 0 cancelled.",
                "6 direncanakan dan 0 dibatalkan", "1 kemitraan-kemitraan", "16 partnerships from 1960 to 1960",
                "Showing: 1960–1960", "{total} partnerships"):
        assert broken(bad), bad
    for good in ("Environment and Culture (16 each)", "masing-masing 16", "2010-an", "1960–2022", "East Asia (1 of 16)",
                 "135 activities from 1964 to 2025", "the most in 2020 (21)"):
        assert not broken(good), good
