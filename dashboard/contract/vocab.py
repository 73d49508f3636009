"""The data's vocabularies, declared once: each list of allowed values is a `Literal` type, and its tuple is
derived from it with `typing.get_args` (as Streamlit declares `SelectionMode`). Code that takes one of the
values annotates it with the type; code that lists them imports the tuple. Neither is ever restated."""

from __future__ import annotations

from typing import Final, Literal, get_args

Relationship = Literal["sister_city", "friendship_city", "cooperation_mou", "letter_of_intent", "exploration"]
RELATIONSHIPS: Final[tuple[Relationship, ...]] = get_args(Relationship)

Status = Literal["active", "unclear", "ended", "prospective", "unverified", "disputed"]
STATUSES: Final[tuple[Status, ...]] = get_args(Status)
# Partners with a signed document; the others are hidden by default and drawn differently.
SignedStatus = Literal["active", "unclear", "ended"]
SIGNED_STATUSES: Final[tuple[Status, ...]] = get_args(SignedStatus)

AgreementKind = Literal["letter_of_intent", "mou", "sister_city_agreement", "friendship_agreement", "renewal",
                        "implementation_agreement", "joint_declaration"]
AGREEMENT_KINDS: Final[tuple[AgreementKind, ...]] = get_args(AgreementKind)

ActivityKind = Literal["delegation", "meeting", "exchange", "training", "festival", "monument", "joint_project",
                       "anniversary", "approval", "donation", "promotion", "study", "expiry", "other_agreement"]
ACTIVITY_KINDS: Final[tuple[ActivityKind, ...]] = get_args(ActivityKind)
# Activity kinds under which a title may say that a document was signed (a signing between the two
# cities belongs in agreements.csv).
SigningKind = Literal["other_agreement", "approval", "expiry"]
SIGNING_KINDS: Final[tuple[ActivityKind, ...]] = get_args(SigningKind)

# Whether an activity took place; an empty cell means "yes".
Happened = Literal["yes", "planned", "cancelled"]
HAPPENED: Final[tuple[Happened, ...]] = get_args(Happened)

Confidence = Literal["confirmed", "conflicting", "unverified"]
CONFIDENCES: Final[tuple[Confidence, ...]] = get_args(Confidence)

Region = Literal["southeast_asia", "east_asia", "south_asia", "western_asia", "europe", "northern_america",
                 "latin_america", "oceania", "africa"]
REGIONS: Final[tuple[Region, ...]] = get_args(Region)

Precision = Literal["day", "month", "year"]
PRECISIONS: Final[tuple[Precision, ...]] = get_args(Precision)

YesNo = Literal["yes", "no"]
YES_NO: Final[tuple[YesNo, ...]] = get_args(YesNo)

FIRST_YEAR: Final = 1900

SeoulTextKey = Literal["title", "lead", "question", "method", "abstract_note", "concepts_intro", "findings_intro",
                       "timeline_intro", "map_intro", "open_intro", "cite_intro", "reading_intro", "legal_path"]
SEOUL_TEXT_KEYS: Final[tuple[SeoulTextKey, ...]] = get_args(SeoulTextKey)

# The `{placeholders}` the code fills into i18n.csv texts (t("map.since", year=...) and the like).
# tests/test_contract.py checks that every keyword the code passes to a translation is listed here.
Placeholder = Literal["year", "count", "total", "cities", "city", "number", "first", "last", "project", "view", "date",
                      "first_city", "first_year", "last_city", "last_year", "region", "regions", "sector",
                      "sector_count", "p_sector", "p_count", "a_sector", "a_count", "peak_year", "peak_count",
                      "activities", "agreements", "planned", "cancelled"]
PLACEHOLDERS: Final[tuple[Placeholder, ...]] = get_args(Placeholder)

# The presenter's story (story.csv): what each step may draw, which of its sentences it uses (the usual
# one; one for a narrow view; one while the history plays) and the values each sentence can name. A
# counted value comes with its noun, in the right form ("one partner city", "16 partner cities").
StoryCase = Literal["takeaway", "takeaway_narrow", "takeaway_playing"]
STORY_CASES: Final[tuple[StoryCase, ...]] = get_args(StoryCase)
StoryStep = Literal["network", "growth", "fields", "seoul", "open"]
STORY_STEPS: Final[tuple[StoryStep, ...]] = get_args(StoryStep)
STORY_VALUES: Final[dict[StoryStep, dict[StoryCase, tuple[str, ...]]]] = {
    "network": {"takeaway": ("partners_count", "countries_count", "regions_count", "first_link"),
                "takeaway_narrow": ("partner", "country", "since")},
    "growth": {"takeaway": ("partnerships", "period", "peak_decade", "peak_count"),
               "takeaway_narrow": ("partnerships", "period", "cities"),
               "takeaway_playing": ("year", "so_far")},
    "fields": {"takeaway": ("first_fields", "first_count", "next_fields", "next_count"),
               "takeaway_narrow": ("fields", "counts")},
    "seoul": {"takeaway": ("finding_count", "event_count", "period")},
    "open": {"takeaway": ("question_count",)},
}
assert tuple(STORY_VALUES) == STORY_STEPS, "every story step has its values, in the steps' order"

BASEMAP_FILE: Final = "geo/countries-110m.geojson"
# Every view of the map carries the outlines, so a base map is bounded (the bundled 1:110m one has 0.2 MB).
BASEMAP_MAX_BYTES: Final = 3_000_000
# Made from the base map by scripts/build_basemap.py and served to the browser; the loader never reads it.
DERIVED_FILES: Final = ("geo/countries-110m-pacific.geojson",)
# The folder described for other tools (`python -m dashboard contract --write` writes it); the loader never reads it.
DESCRIPTION_FILES: Final = ("datapackage.json",)
