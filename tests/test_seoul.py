"""The Seoul case page: the thesis' findings, both concepts, the open questions and the full timeline."""

from __future__ import annotations

import pytest

from dashboard import maps, seoul
from dashboard.filters import partner_events
from tests.test_app import run, texts


@pytest.fixture(params=["id", "en"])
def page(request):
    return request.param, run({"lang": request.param}, "views/seoul.py")


def test_the_three_findings_both_concepts_and_the_open_questions_appear(dataset, page):
    lang, at = page
    shown = texts(at)
    for finding in dataset.seoul.findings.itertuples():
        assert getattr(finding, f"title_{lang}").split()[0] in shown
        assert getattr(finding, f"text_{lang}")[:60] in shown
    for concept in dataset.seoul.concepts.itertuples():
        assert getattr(concept, f"name_{lang}") in shown
    for question in dataset.seoul.open_questions.itertuples():
        assert getattr(question, f"title_{lang}")[:40] in shown.replace("\\", "")
    assert dataset.seoul.texts["question"][lang][:60] in shown


def test_the_english_page_names_the_three_motives_and_the_method():
    shown = texts(run({"lang": "en"}, "views/seoul.py")).lower()
    for words in ("urban planning", "cultural", "smart city", "paradiplomacy", "sister city", "interview",
                  "qualitative", "20 may 2015", "september 2015", "friendship city", "command center"):
        assert words in shown, words


def test_the_timeline_holds_every_seoul_event_with_a_date_and_an_http_source(dataset):
    at = run({"lang": "en"}, "views/seoul.py")
    table = next(d.value for d in at.dataframe if "Event" in d.value.columns)
    events = partner_events(dataset, "seoul")
    assert len(table) == len(events) == ((dataset.activities["partner_id"] == "seoul").sum()
                                         + (dataset.agreements["partner_id"] == "seoul").sum())
    assert table["Date"].str.match(r"^\d{4}").all()
    assert table["Source"].str.match(r"^https?://").all()


def test_choosing_a_finding_narrows_the_highlighted_events_to_its_sectors(dataset):
    events = partner_events(dataset, "seoul")
    at = run({"lang": "en", "finding": "smart_city"}, "views/seoul.py")
    table = next(d.value for d in at.dataframe if "Event" in d.value.columns)
    highlighted = table[table["Highlighted"]]
    assert 0 < len(highlighted) < len(table)
    assert all("Smart city and e-government" in s for s in highlighted["Fields"])  # one word for fields everywhere
    assert set(seoul.highlighted(events, dataset.seoul, "smart_city")) == set(
        events.loc[[("smart_city" in s) for s in events["sectors"]], "id"])


def test_each_finding_highlights_a_different_set(dataset):
    events = partner_events(dataset, "seoul")
    sets = [frozenset(seoul.highlighted(events, dataset.seoul, f)) for f in dataset.seoul.findings["id"]]
    assert all(sets) and len(set(sets)) == 3
    assert seoul.highlighted(events, dataset.seoul, None) is None
    assert seoul.highlighted(events, dataset.seoul, "made_up") is None


def test_the_citation_leaves_unknown_fields_empty_and_marked(dataset, t_en):
    fields = dict((name, value) for name, value, _ in seoul.citation_fields(dataset.seoul))
    assert fields["author"] == "" and fields["year"] == "" and fields["institution"] == ""
    text = seoul.citation_text(fields, t_en)
    assert "[Author]" in text and "[Year]" in text and "Alasan Pemerintah Kota Bandung" in text
    assert seoul.keywords(dataset.seoul, "en") == "Bandung, Seoul, Sister City, Paradiplomacy"


def test_the_focus_map_shows_bandung_seoul_and_the_other_korean_partners():
    import json
    at = run({"lang": "en"}, "views/seoul.py")
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    ids = maps.shown_partner_ids(spec)
    korean = {"seoul", "seongdong-gu", "suwon", "daegu", "gumi", "gimcheon", "sejong"}
    assert "seoul" in ids and {"suwon", "daegu"} <= ids and ids <= korean
