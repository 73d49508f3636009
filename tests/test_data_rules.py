"""The classification rules of the data, pinned over the whole bundled data set (issue 20), one test per rule.

Each rule is a function that lists the rows breaking it, so the same check runs on the bundled data (no row may
break it) and on a broken copy (the row broken on purpose must be named). What a rule cannot read from the data
(which side of a partnership a page speaks for, who organised an event) is said where the rule is written; the
decisions the third data pass took on such rows are pinned by name, each with its reason.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from dashboard.contract import RELATIONSHIPS, SIGNED_STATUSES

# --- Rule 1: the relationship follows the partner side's wording ----------------------------------------------
from dashboard.loader import load

# --- Rule 1: the relationship follows the partner side's wording ----------------------------------------------

# Which side a page speaks for is not a column of the data, so "the partner side's wording wins" cannot be read
# from it. What the data does show: the partners whose two sides word the relationship differently are
# `conflicting`, with the partner side's wording as `relationship` and the Bandung side's as `alt_value`. The pass
# decided these from the pages' sides (data/CHANGES.md, 2026.12.0 and 2026.11.1); a partner added here needs a page
# of each side. Not checkable: a partner-side page nobody found (Namur and Seongdong-gu have none on record).
SIDES_DISAGREE = {  # partner: (the partner side's wording, the Bandung side's)
    "seoul": ("friendship_city", "sister_city"),
    "hamamatsu": ("cooperation_mou", "sister_city"),
    "kawasaki": ("cooperation_mou", "sister_city"),
    "toyota": ("cooperation_mou", "sister_city"),
    "melbourne": ("cooperation_mou", "sister_city"),
    "daegu": ("letter_of_intent", "sister_city"),
    "hangzhou": ("exploration", "sister_city"),
    "cotabato": ("sister_city", "letter_of_intent"),  # the Bandung vice-mayor's "letter of intent" of 2019
}

# The relationship a document of each kind stands for (an MoU is framed as sister cities by some partners).
KIND_STANDS_FOR = {"sister_city_agreement": {"sister_city"}, "friendship_agreement": {"friendship_city"},
                   "letter_of_intent": {"letter_of_intent"}, "mou": {"cooperation_mou", "sister_city"}}
HIGHEST_FIRST = ("friendship_agreement", "sister_city_agreement", "mou", "letter_of_intent")


def relationship_problems(ds) -> list[str]:
    problems = []
    partners = ds.partners.set_index("id")
    # The sides' disagreement is kept visible, the partner side's wording preferred.
    disputed = {pid for pid, alt in partners["alt_value"].items() if alt in RELATIONSHIPS}
    for pid in sorted(disputed ^ set(SIDES_DISAGREE)):
        problems.append(f"{pid}: the sides' wordings of the relationship are recorded as disagreeing in the data "
                        f"or in SIDES_DISAGREE, not in both")
    for pid in sorted(disputed & set(SIDES_DISAGREE)):
        row = partners.loc[pid]
        if (row["relationship"], row["alt_value"]) != SIDES_DISAGREE[pid] or row["confidence"] != "conflicting":
            problems.append(f"{pid}: {row['relationship']}/{row['alt_value']} ({row['confidence']}), the pass decided "
                            f"{SIDES_DISAGREE[pid][0]} with {SIDES_DISAGREE[pid][1]} as the conflicting alternative")
        elif not (row["note_en"] and row["note_id"]):
            problems.append(f"{pid}: the note must explain both wordings, in both languages")
    # The relationship agrees with the documents: what each signed document is called (`kind`) is itself the
    # partner side's wording, so a relationship the documents do not bear out is a wording taken from elsewhere.
    for pid, row in partners.iterrows():
        docs = ds.agreements[ds.agreements["partner_id"] == pid]
        kinds = set(docs["kind"])
        relationship = row["relationship"]
        if docs.empty:
            if relationship != "exploration" and row["status"] not in ("disputed", "unverified"):
                problems.append(f"{pid}: no signed document, so the relationship is exploration, not {relationship}")
            continue
        if relationship == "exploration":
            problems.append(f"{pid}: has a signed document, so the relationship is not exploration")
            continue
        highest = next((k for k in HIGHEST_FIRST if k in kinds), None)
        if highest is not None and relationship not in KIND_STANDS_FOR[highest]:
            problems.append(f"{pid}: {relationship}, but its highest document is a {highest}")
        # A document whose kind the sources dispute makes the partner's relationship disputed the same way.
        for doc in docs[(docs["confidence"] == "conflicting") & docs["alt_value"].isin(KIND_STANDS_FOR)].itertuples():
            if row["alt_value"] not in KIND_STANDS_FOR[doc.alt_value]:
                problems.append(f"{pid}: its document {doc.id} may also be a {doc.alt_value}, which the partner's "
                                f"alt_value ({row['alt_value'] or 'empty'}) does not say")
    return problems


def test_rule_1_the_relationship_is_the_partner_sides_wording_and_the_other_side_is_the_alternative(dataset):
    assert relationship_problems(dataset) == []


@pytest.mark.parametrize(("partner", "column", "value", "named"), [
    ("melbourne", "relationship", "sister_city", "melbourne"),  # the Bandung side's wording taken as the row's
    ("cuenca", "relationship", "sister_city", "cuenca"),  # an LoI is not a sister-city agreement
    ("sejong", "relationship", "sister_city", "sejong"),  # talks only
])
def test_rule_1_catches_a_relationship_the_sides_or_the_documents_do_not_bear_out(data_copy, partner, column, value,
                                                                                 named):
    data_copy.set("partners.csv", data_copy.line_of("partners.csv", partner), column, value)
    if partner == "melbourne":  # the alternative may not equal the value: make the copy valid, still wrong
        data_copy.set("partners.csv", data_copy.line_of("partners.csv", partner), "alt_value", "cooperation_mou")
    problems = relationship_problems(load(data_copy.folder))
    assert problems and all(p.startswith(f"{named}:") for p in problems), problems


# --- Rule 2: context --------------------------------------------------------------------------------------------

# Who organised an event, and whether a city government took part in a bilateral exchange, is not a column: it is
# in the sources. Two kinds of event are named in their titles, and those are checked mechanically: a national
# diplomat (an embassy, a consulate, an ambassador) meeting one city is context unless the other city's government
# is named in the event too; a forum, conference or summit of many cities is context unless the two governments
# met of their own during it. The exceptions are the rows whose title or note reports that part.
DIPLOMAT = re.compile(r"\b(ambassador|consul|consul-general|consulate|consulate-general|embassy)\b", re.IGNORECASE)
FORUM = re.compile(r"\b(forum|conference|summit|symposium|metrolab|\d+ cities)\b", re.IGNORECASE)
DIPLOMAT_WITH_THE_PARTNER_CITY = {
    "braunschweig-2017-10-27-little-bandung-festival": "opened by Braunschweig's Bürgermeister with the consul",
}
BILATERAL_DURING_A_FORUM = {
    "hamamatsu-2014-06-09-uclg-aspac-visit": "a meeting with Hamamatsu's mayor, 10 Jun, is reported",
    "kawasaki-2019-02-03-eco-tech-fair": "an official delegation to Kawasaki, with MoU renewal talks",
    "fort-worth-2015-04-21-kaa-guest": "Fort Worth's envoy was the guest of Bandung's mayor",
    "seoul-2015-04-asian-african-conference": "the two cities' own cooperation during the commemoration",
    "gaza-2015-03-06-sister-city-plan": "names the conference only as a date: the plan came before it",
}
# Decisions of the pass on rows no title word identifies (data/CHANGES.md, 2026.12.0): troupes and delegations at
# festivals of many cities, organisations that count as a city, events that others ran.
CONTEXT_DECIDED = {
    # context: a troupe in a show of many cities, no government role reported on the visiting side
    "suwon-2015-10-09-hwaseong-festival-troupe": True, "suwon-2025-09-27-hwaseong-performance": True,
    # not context: an official delegation or mission of one government received by the other's festival
    "suwon-2019-10-03-hwaseong-festival": False, "daegu-2023-art-mission": False,
    "daegu-2024-09-14-anniversary-delegation": False, "braunschweig-2019-06-22-arumba-kulturnacht": False,
    # context: one city's own promotion, or another party's event, with no role of the other city's government
    "seoul-2017-07-20-little-bandung-wall": True, "seoul-2015-01-19-bandung-command-center": True,
    "seoul-2014-04-metrolab-first-contact": True, "cuenca-2017-11-01-festival-artesanias": True,
    # not context: Seoul's mayor helped secure the site; a visit received by Sejong's mayor
    "seoul-2015-07-15-little-bandung-plan": False, "sejong-2015-05-13-u-city-study": False,
    # not context: Fort Worth Sister Cities manages the city's programme under contract, so it counts as the city
    "fort-worth-2013-06-13-fwsc-delegation": False, "fort-worth-2024-06-youth-delegation": False,
    # not context: Liuzhou's foreign affairs office organised and led the group
    "liuzhou-2025-marathon-students": False,
}


def context_problems(ds) -> list[str]:
    problems = []
    for row in ds.activities.itertuples():
        title = row.title_en
        if DIPLOMAT.search(title) and not row.context and row.id not in DIPLOMAT_WITH_THE_PARTNER_CITY:
            problems.append(f"{row.id}: a diplomat's event with no role of the partner city's government is context")
        if FORUM.search(title) and not row.context and row.id not in BILATERAL_DURING_A_FORUM:
            problems.append(f"{row.id}: a forum of many cities is context unless the two governments met during it")
        if row.id in CONTEXT_DECIDED and row.context != CONTEXT_DECIDED[row.id]:
            problems.append(f"{row.id}: the pass decided context = {'yes' if CONTEXT_DECIDED[row.id] else 'no'}")
    ids = set(ds.activities["id"])
    for name in (*DIPLOMAT_WITH_THE_PARTNER_CITY, *BILATERAL_DURING_A_FORUM, *CONTEXT_DECIDED):
        if name not in ids:
            problems.append(f"{name}: named by a rule-2 decision but not in the data (renamed? update the test)")
    return problems


def test_rule_2_context_events_are_the_ones_no_city_government_held_as_a_two_city_exchange(dataset):
    assert context_problems(dataset) == []


@pytest.mark.parametrize("row_id", ["daegu-2023-12-07-world-water-cities-forum",  # a forum of eleven cities
                                    "quito-2017-01-17-ambassador-proposal",  # an ambassador's call
                                    "suwon-2025-09-27-hwaseong-performance"])  # a decided troupe row
def test_rule_2_catches_a_context_event_marked_as_a_two_city_exchange(data_copy, row_id):
    data_copy.set("activities.csv", data_copy.line_of("activities.csv", row_id), "context", "no")
    assert [p.split(":")[0] for p in context_problems(load(data_copy.folder))] == [row_id]


# --- Rule 3: status from the latest government-level exchange ---------------------------------------------------

LATEST_EXCHANGE_FROM = 2022


def expected_status(ds, partner_id: str) -> str | None:
    """`active` or `unclear` for a partner with a signed document (None when it has none): active when a document
    was signed in 2022 or later, or an exchange that is not context took place in 2022 or later."""
    documents = ds.agreements[ds.agreements["partner_id"] == partner_id]
    if documents.empty:
        return None
    events = ds.activities[(ds.activities["partner_id"] == partner_id) & ~ds.activities["context"]
                           & (ds.activities["happened"] == "yes")]
    recent = (documents["year"] >= LATEST_EXCHANGE_FROM).any() or (events["year"] >= LATEST_EXCHANGE_FROM).any()
    return "active" if recent else "unclear"


def status_problems(ds) -> list[str]:
    problems = []
    for row in ds.partners.itertuples():
        expected = expected_status(ds, row.id)
        if expected is None:
            if row.status in SIGNED_STATUSES:
                problems.append(f"{row.id}: {row.status} needs a signed document in agreements.csv")
        elif row.status != expected and not (row.status == "ended" and expected == "unclear"):
            problems.append(f"{row.id}: {row.status}, but the latest government-level exchange makes it {expected}")
    return problems


def test_rule_3_a_partners_status_follows_its_latest_government_level_exchange(dataset):
    assert status_problems(dataset) == []
    partners = dataset.partners.set_index("id")
    assert partners.loc["suwon", "status"] == "unclear"  # the 2025 troupe is context; the masks of 2020 are the last
    assert partners.loc["daegu", "status"] == "active"  # the letter of intent of 2022, not the forum of 2023


@pytest.mark.parametrize(("file", "row_id", "column", "value", "named"), [
    ("partners.csv", "suwon", "status", "active", "suwon"),  # nothing since 2022 but a troupe
    ("partners.csv", "braunschweig", "status", "unclear", "braunschweig"),  # the city's reception of 2024
    ("activities.csv", "suwon-2025-09-27-hwaseong-performance", "context", "no", "suwon"),  # then Suwon is active
    ("activities.csv", "petaling-jaya-2023-02-01-mayor-visit", "context", "yes", None),  # the 2022 visit still counts
])
def test_rule_3_catches_a_status_the_exchanges_do_not_bear_out(data_copy, file, row_id, column, value, named):
    data_copy.set(file, data_copy.line_of(file, row_id), column, value)
    problems = status_problems(load(data_copy.folder))
    assert [p.split(":")[0] for p in problems] == ([named] if named else [])


# --- Rule 4: inclusion, as decided ------------------------------------------------------------------------------

def test_rule_4_the_inclusion_decisions_of_the_pass_hold(dataset):
    partners = dataset.partners.set_index("id")
    for pid in ("sejong", "quito"):  # talks with a city government, an ambassador's proposal: the exploration tier
        assert (partners.loc[pid, "relationship"], partners.loc[pid, "status"]) == ("exploration", "prospective")
        assert not dataset.activities[dataset.activities["partner_id"] == pid].empty
    names = set(dataset.partners["city_en"])
    assert not names & {"Miami", "Hannover", "Hanover"}  # hearsay on a forum page only
    assert "Miami" in partners.loc["cebu", "note_en"] and "Hannover" in partners.loc["cebu", "note_en"]


# --- Ids follow their dates -------------------------------------------------------------------------------------

# An activity's id starts with its partner and its date as precise as the date is; an agreement's with its partner
# and its year (the agreements' own convention since the first compilation, `suwon-1997-sister-city-agreement`).
def id_problems(ds) -> list[str]:
    problems = []
    for row in ds.activities.itertuples():
        if not row.id.startswith(f"{row.partner_id}-{row.date}-"):
            problems.append(f"{row.id}: an activity's id starts with '{row.partner_id}-{row.date}-'")
    for row in ds.agreements.itertuples():
        if not row.id.startswith(f"{row.partner_id}-{row.year}-"):
            problems.append(f"{row.id}: an agreement's id starts with '{row.partner_id}-{row.year}-'")
    return problems


def test_ids_follow_their_dates(dataset):
    assert id_problems(dataset) == []


@pytest.mark.parametrize(("file", "row_id", "changes"), [
    ("activities.csv", "suwon-2020-09-kf80-masks", {"date": "2020-10"}),
    ("activities.csv", "toyota-2014-10-eco-ful-town", {"date": "2014-10-20", "date_precision": "day"}),
    ("agreements.csv", "hamamatsu-2025-renewal", {"date": "2024-08-11", "year": "2024"}),
    ("activities.csv", "sejong-2015-05-13-u-city-study", {"partner_id": "seoul"}),
])
def test_ids_that_no_longer_follow_their_dates_are_caught(data_copy, file, row_id, changes):
    line = data_copy.line_of(file, row_id)
    for column, value in changes.items():
        data_copy.set(file, line, column, value)
    assert [p.split(":")[0] for p in id_problems(load(data_copy.folder))] == [row_id]


# --- Every event since 2000 has been cross-checked against a second report ----------------------------------------

CROSS_CHECK_FROM = 2000
NO_SECOND_EN = re.compile(r"\bNo (independent )?second report\b[^.]*\bwas found in [A-Z][a-z]{2} \d{4}")
NO_SECOND_ID = re.compile(r"\bTidak ditemukan laporan kedua\b[^.]*\bper [A-Z][a-z]{2,3} \d{4}")
OWN_SOURCES_AGREE_EN = "Its own sources are independent reports that agree"
OWN_SOURCES_AGREE_ID = "Sumber-sumbernya sendiri merupakan laporan independen yang saling sesuai"


def cross_check(row) -> str | None:
    """What the cross-check of one agreement or activity found, as the row records it:
    - `conflicting`: a second report gives another version (it is the row's `alt_source_url`);
    - `agreed`: a second report agrees: it is in `corroborating_urls`, or (an agreement with several sources) the
      note says, in both languages, that its own sources are independent reports that agree, and they are pages
      of at least two different sites;
    - `none`: the note says, in both languages, that no second report was found (and when);
    None when the row records none of these (or contradicts itself)."""
    if row.confidence == "conflicting":
        return "conflicting"
    none_en, none_id = bool(NO_SECOND_EN.search(row.note_en)), bool(NO_SECOND_ID.search(row.note_id))
    if none_en or none_id:  # a note that says no second report was found, in both languages, and means it
        return "none" if none_en and none_id and not len(row.corroborating_urls) else None
    if len(row.corroborating_urls):
        return "agreed"
    if OWN_SOURCES_AGREE_EN in row.note_en and OWN_SOURCES_AGREE_ID in row.note_id:
        own = row.source_urls if hasattr(row, "source_urls") else (row.source_url,)
        return "agreed" if len({urlsplit(u).hostname for u in own}) >= 2 else None
    return None


def cross_checked_events(ds):
    """(kind, row) of every agreement and activity dated 2000 or later: the events the cross-check covers."""
    for kind, frame in (("agreement", ds.agreements), ("activity", ds.activities)):
        for row in frame.itertuples():
            if row.year >= CROSS_CHECK_FROM:
                yield kind, row


def cross_check_problems(ds) -> list[str]:
    return [f"{row.id}: the cross-check is not recorded (a second report, a conflicting version, or a note in both "
            f"languages saying none was found)" for _, row in cross_checked_events(ds) if cross_check(row) is None]


def test_every_event_since_2000_records_its_cross_check(dataset):
    assert cross_check_problems(dataset) == []
    # The five agreements whose own sources already agree are the only ones agreed without a corroborating URL.
    own = {row.id for _, row in cross_checked_events(dataset)
           if cross_check(row) == "agreed" and not len(row.corroborating_urls)}
    assert own == {"hamamatsu-2014-letter-of-intent", "hamamatsu-2019-mou", "petaling-jaya-2015-sister-city-agreement",
                   "kawasaki-2023-implementation-agreement"}  # cotabato's, the fifth, is conflicting


@pytest.mark.parametrize(("file", "row_id", "column", "value"), [
    ("activities.csv", "suwon-2020-09-kf80-masks", "corroborating_urls", ""),  # its second report dropped
    ("activities.csv", "suwon-2005-01-25-mayor-visit", "note_id", "Delegasi diterima wali kota."),  # one language
    ("activities.csv", "seoul-2014-10-23-mayors-meeting", "note_en",
     "No second report was found in Dec 2026."),  # says none, but names one
    ("agreements.csv", "kawasaki-2023-implementation-agreement", "source_urls",
     "https://www.adajabar.com/2023/05/18/kota-bandung-dan-kawasaki-kerja-sama-peningkatan-sdm-pengolahan-air-limbah/"),
])
def test_an_event_whose_cross_check_is_not_recorded_is_caught(data_copy, file, row_id, column, value):
    data_copy.set(file, data_copy.line_of(file, row_id), column, value)
    assert [p.split(":")[0] for p in cross_check_problems(load(data_copy.folder))] == [row_id]
