"""Load a data folder, check it against the contract in data/README.md, return typed frames.

Plain Python (no Streamlit): the pages cache `load`, the command line and the tests call it directly.
Every problem is collected in one pass and reported with the file, the line a spreadsheet shows,
the column, the value and the rule; nothing here ever writes into the data folder.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd
import pandera.pandas as pa

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
BASEMAP_FILE = Path("geo") / "countries-110m.geojson"

RELATIONSHIPS = ("sister_city", "friendship_city", "cooperation_mou", "letter_of_intent", "exploration")
STATUSES = ("active", "unclear", "ended", "prospective", "unverified", "disputed")
# Partners with a signed document; the others are hidden by default and drawn differently.
SIGNED_STATUSES = ("active", "unclear", "ended")
AGREEMENT_KINDS = ("letter_of_intent", "mou", "sister_city_agreement", "friendship_agreement", "renewal",
                   "implementation_agreement", "joint_declaration")
ACTIVITY_KINDS = ("delegation", "meeting", "exchange", "training", "festival", "monument", "joint_project",
                  "anniversary", "approval", "donation", "promotion", "study")
CONFIDENCES = ("confirmed", "conflicting", "unverified")
REGIONS = ("southeast_asia", "east_asia", "south_asia", "western_asia", "europe", "northern_america",
           "latin_america", "oceania", "africa")
PRECISIONS = {"day": re.compile(r"^\d{4}-\d{2}-\d{2}$"), "month": re.compile(r"^\d{4}-\d{2}$"),
              "year": re.compile(r"^\d{4}$")}
FIRST_YEAR = 1900
# The visuals a step of the presenter's story (story.csv) can draw.
STORY_STEPS = ("network", "growth", "fields", "seoul", "open")
SEOUL_TEXT_KEYS = ("title", "lead", "question", "method", "abstract_note", "concepts_intro", "findings_intro",
                   "timeline_intro", "map_intro", "open_intro", "cite_intro", "reading_intro", "legal_path")

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_KEY = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_-]+)*$")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Columns whose values are numbers, so a leading minus sign is legitimate there.
_NUMERIC = {"lat", "lon"}


# ---------------------------------------------------------------------------------------------------------
# Problems


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    column: str | None
    value: str | None
    rule: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column '{self.column}'"
        value = "" if self.value is None else f" {self.value!r}:"
        return f"{where}:{value} {self.rule}"


class DataError(Exception):
    """Raised by `load` with every problem found; its message lists them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# ---------------------------------------------------------------------------------------------------------
# The dataset


@dataclass
class SeoulContent:
    texts: dict[str, dict[str, str]]
    concepts: pd.DataFrame
    findings: pd.DataFrame
    open_questions: pd.DataFrame
    citation: pd.DataFrame
    reading_list: pd.DataFrame


@dataclass
class Dataset:
    home: dict
    countries: pd.DataFrame
    partners: pd.DataFrame
    agreements: pd.DataFrame
    activities: pd.DataFrame
    sectors: pd.DataFrame
    i18n: pd.DataFrame
    seoul: SeoulContent
    story: pd.DataFrame = field(default_factory=pd.DataFrame)
    folder: str = ""
    source_urls: frozenset[str] = field(default_factory=frozenset)

    def summary(self) -> str:
        return (f"{len(self.partners)} partners, {len(self.agreements)} agreements, "
                f"{len(self.activities)} activities, {len(self.source_urls)} sources")


# ---------------------------------------------------------------------------------------------------------
# Reading files


def read_table(folder: Path, name: str, problems: list[Problem]) -> pd.DataFrame | None:
    """Read one CSV as strings; the index is the row number a spreadsheet shows (header = 1)."""
    path = folder / name
    if not path.is_file():
        problems.append(Problem(name, None, None, None, "the file is missing"))
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        problems.append(Problem(name, line, None, repr(raw[err.start: err.start + 4]),
                                "the file is not UTF-8 text; save it as 'CSV UTF-8'"))
        return None
    if not text.strip():
        problems.append(Problem(name, None, None, None, "the file is empty"))
        return None
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as err:
        problems.append(Problem(name, None, None, None, f"the file is not valid CSV ({err})"))
        return None
    header = [h.strip() for h in records[0]]
    for number, col in enumerate(header, start=1):
        if header.count(col) > 1 and header.index(col) + 1 == number:
            problems.append(Problem(name, 1, col, None, "the column appears more than once in the header"))
    rows, index = [], []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue  # blank lines, as spreadsheets leave at the end, are not rows
        if len(record) != len(header):
            problems.append(Problem(name, number, None, None,
                                    f"the row has {len(record)} cells but the header has {len(header)}"))
            continue
        rows.append([cell.strip(" ") for cell in record])  # tabs stay, so the formula rule sees them
        index.append(number)
    return pd.DataFrame(rows, columns=header, index=pd.Index(index, name="line"), dtype="str")


# ---------------------------------------------------------------------------------------------------------
# Rules: each is (predicate on one cell, message). An empty cell passes every rule but `required`.

Rule = tuple[Callable[[str], bool], str]


def _optional(pred: Callable[[str], bool]) -> Callable[[str], bool]:
    return lambda v: v == "" or pred(v)


def _is_url(value: str) -> bool:
    parsed = urlparse(value)
    return parsed.scheme in ("http", "https") and bool(parsed.netloc) and " " not in value


def _is_int(value: str) -> bool:
    return re.fullmatch(r"-?\d+", value) is not None


def _is_float(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return value.lower() not in ("nan", "inf", "-inf", "infinity")


def _is_date(value: str) -> bool:
    for pattern, fmt in ((PRECISIONS["day"], "%Y-%m-%d"), (PRECISIONS["month"], "%Y-%m"), (PRECISIONS["year"], "%Y")):
        if pattern.match(value):
            try:
                dt.datetime.strptime(value, fmt)
            except ValueError:
                return False
            return True
    return False


def _year_of(value: str) -> int:
    return int(value[:4])


def required() -> Rule:
    return (lambda v: v != "", "a value is required")


def slug() -> Rule:
    return (_optional(lambda v: _SLUG.match(v) is not None),
            "must be a lower-case identifier (a-z, 0-9, '_' and '-')")


def one_of(values: Iterable[str]) -> Rule:
    allowed = tuple(values)
    return (_optional(lambda v: v in allowed), "must be one of: " + ", ".join(allowed))


def all_in(values: Iterable[str], what: str) -> Rule:
    allowed = frozenset(values)
    return (_optional(lambda v: all(item in allowed for item in v.split())),
            f"every item must be a known {what}")


def integer_between(low: int, high: int) -> Rule:
    return (_optional(lambda v: _is_int(v) and low <= int(v) <= high), f"must be a whole number from {low} to {high}")


def number_between(low: float, high: float) -> Rule:
    return (_optional(lambda v: _is_float(v) and low <= float(v) <= high), f"must be a number from {low:g} to {high:g}")


def date_between(low: int, high: int) -> Rule:
    return (_optional(lambda v: _is_date(v) and low <= _year_of(v) <= high),
            f"must be a date YYYY-MM-DD, YYYY-MM or YYYY with a year from {low} to {high}")


def url() -> Rule:
    return (_optional(_is_url), "must be an http:// or https:// address")


def urls() -> Rule:
    return (_optional(lambda v: all(_is_url(u) for u in v.split())),
            "must be http:// or https:// addresses separated by spaces")


def safe_text() -> Rule:
    return (lambda v: not v.startswith(_FORMULA_START) and "<" not in v and ">" not in v,
            "text must not start with =, +, -, @, a tab or a carriage return (a spreadsheet would run it as a "
            "formula) and must not contain < or >")


def color() -> Rule:
    return (_optional(lambda v: _COLOR.match(v) is not None), "must be a colour like #1965B0")


@dataclass
class Row:
    """A rule over several columns of one row; `column` names the cell the problem is reported on."""

    column: str
    test: Callable[[pd.Series], bool]
    message: str


def _check(rule: Rule) -> pa.Check:
    pred, message = rule
    return pa.Check(pred, element_wise=True, error=message)


def _row_check(row: Row) -> pa.Check:
    # The column travels in the error text so the report can name it (pandera reports none for row checks).
    return pa.Check(lambda df, r=row: df.apply(r.test, axis=1).astype(bool), error=f"{row.column}::{row.message}")


def validate_table(name: str, df: pd.DataFrame | None, columns: dict[str, list[Rule]], rows: list[Row],
                   problems: list[Problem], optional: Iterable[str] = ()) -> pd.DataFrame | None:
    """Check one table with pandera; add problems; return the frame (with optional columns filled in)."""
    if df is None:
        return None
    df = df.copy()
    for col in optional:
        if col not in df.columns:
            df[col] = ""
    missing = [c for c in columns if c not in df.columns]
    for col in missing:
        problems.append(Problem(name, 1, col, None, "this required column is missing from the header"))
    if missing:
        return None
    schema_columns = {}
    for col, rules in columns.items():
        checks = list(rules) if col in _NUMERIC else [safe_text(), *rules]
        schema_columns[col] = pa.Column(str, [_check(r) for r in checks])
    schema = pa.DataFrameSchema(schema_columns, checks=[_row_check(r) for r in rows], strict=False)
    try:
        schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as err:
        seen = set()
        for case in err.failure_cases.itertuples(index=False):
            rule, column = str(case.check), case.column
            if "::" in rule:
                column, rule = rule.split("::", 1)
            line = None if pd.isna(case.index) else int(case.index)
            key = (line, column, rule)
            if key in seen:
                continue
            seen.add(key)
            value = str(df.at[line, column]) if line is not None and column in df.columns else None
            problems.append(Problem(name, line, column, value, rule))
    return df


# ---------------------------------------------------------------------------------------------------------
# Row rules shared by the dated, sourced tables


def _date_rows(with_end: bool) -> list[Row]:
    def shape_matches(r: pd.Series) -> bool:
        pattern = PRECISIONS.get(r["date_precision"])
        return pattern is None or not _is_date(r["date"]) or bool(pattern.match(r["date"]))

    def year_matches(r: pd.Series) -> bool:
        return not (_is_date(r["date"]) and _is_int(r["year"])) or _year_of(r["date"]) == int(r["year"])

    rows = [Row("date", shape_matches, "the date's shape must match date_precision (day YYYY-MM-DD, month YYYY-MM, year YYYY)"),
            Row("year", year_matches, "must equal the year of 'date'")]
    if with_end:
        def end_after(r: pd.Series) -> bool:
            if not (r["end_date"] and _is_date(r["end_date"]) and _is_date(r["date"])):
                return True
            return r["end_date"] >= r["date"][: len(r["end_date"])]
        rows.append(Row("end_date", end_after, "must not be before 'date'"))
    return rows


_CONFIDENCE_ROWS = [
    Row("note_en", lambda r: r["confidence"] == "confirmed" or bool(r["note_en"] and r["note_id"]),
        "a note in English and Indonesian is required when confidence is not 'confirmed'"),
    Row("alt_source_url", lambda r: r["confidence"] != "conflicting" or bool(r["alt_source_url"]),
        "the source of the alternative value is required when confidence is 'conflicting'"),
]


def _confidence_columns() -> dict[str, list[Rule]]:
    return {"confidence": [required(), one_of(CONFIDENCES)], "note_en": [], "note_id": [], "alt_source_url": [url()]}


# ---------------------------------------------------------------------------------------------------------
# Loading the whole folder


def _ids(df: pd.DataFrame | None, column: str = "id") -> set[str]:
    return set() if df is None or column not in df.columns else set(df[column])


def _unique(column: str, df: pd.DataFrame | None) -> list[Row]:
    if df is None or column not in df.columns:
        return []
    counts = df[column].value_counts()
    return [Row(column, lambda r: counts.get(r[column], 0) <= 1, "must be unique; it appears on another line too")]


def load(folder: str | Path = DATA_DIR) -> Dataset:
    """Read and check every file of the data folder; raise DataError listing all problems."""
    folder = Path(folder)
    problems: list[Problem] = []
    if not folder.is_dir():
        raise DataError([Problem(str(folder.name or folder), None, None, None, "the data folder does not exist")])
    this_year = dt.date.today().year
    raw = {name: read_table(folder, name, problems) for name in (
        "home.csv", "countries.csv", "partners.csv", "agreements.csv", "activities.csv", "sectors.csv",
        "i18n.csv", "seoul/texts.csv", "seoul/concepts.csv", "seoul/findings.csv", "seoul/open_questions.csv",
        "seoul/citation.csv", "seoul/reading_list.csv", "story.csv")}

    sectors = validate_table("sectors.csv", raw["sectors.csv"], {
        "id": [required(), slug()], "label_en": [required()], "label_id": [required()],
        "color": [required(), color()], "order": [required(), integer_between(0, 999)],
    }, _unique("id", raw["sectors.csv"]), problems)
    sector_ids = _ids(sectors)

    countries = validate_table("countries.csv", raw["countries.csv"], {
        "iso3": [required(), (lambda v: re.fullmatch(r"[A-Z]{3}", v) is not None, "must be 3 upper-case letters")],
        "iso_numeric": [required(), integer_between(1, 999)], "name_en": [required()], "name_id": [required()],
        "region": [required(), one_of(REGIONS)],
    }, _unique("iso3", raw["countries.csv"]), problems)
    iso3s = _ids(countries, "iso3")
    known_country = (lambda v: v == "" or v in iso3s, "must be a country listed in countries.csv")

    place = {"city_en": [required()], "city_local": [], "country_iso3": [required(), known_country],
             "lat": [required(), number_between(-90, 90)], "lon": [required(), number_between(-180, 180)],
             "geonames_id": [integer_between(1, 10**9)]}
    home = validate_table("home.csv", raw["home.csv"], {"id": [required(), slug()], **place,
                                                        "source_urls": [required(), urls()]},
                          [], problems, optional=("city_local", "geonames_id"))
    if home is not None and len(home) != 1:
        problems.append(Problem("home.csv", None, None, None, f"must have exactly one row, it has {len(home)}"))

    agreements_raw = raw["agreements.csv"]
    first_doc_year: dict[str, int] = {}
    if agreements_raw is not None and {"partner_id", "year"} <= set(agreements_raw.columns):
        for pid, year in zip(agreements_raw["partner_id"], agreements_raw["year"]):
            if _is_int(year):
                first_doc_year[pid] = min(first_doc_year.get(pid, 9999), int(year))

    partners = validate_table("partners.csv", raw["partners.csv"], {
        "id": [required(), slug()], **place,
        "relationship": [required(), one_of(RELATIONSHIPS)], "status": [required(), one_of(STATUSES)],
        "first_year": [integer_between(FIRST_YEAR, this_year)],
        "first_contact_year": [integer_between(FIRST_YEAR, this_year)],
        "summary_en": [required()], "summary_id": [required()], **_confidence_columns(),
        "source_urls": [required(), urls()],
    }, [*_unique("id", raw["partners.csv"]), *_CONFIDENCE_ROWS,
        Row("first_year", lambda r: (str(first_doc_year[r["id"]]) if r["id"] in first_doc_year else "") == r["first_year"],
            "must equal the year of the partner's earliest document in agreements.csv (empty when it has none)")],
        problems, optional=("city_local", "geonames_id", "first_contact_year", "note_en", "note_id", "alt_source_url"))
    partner_ids = _ids(partners)
    known_partner = (lambda v: v == "" or v in partner_ids, "must be an id listed in partners.csv")

    dated = {"date": [required(), date_between(FIRST_YEAR, this_year)],
             "date_precision": [required(), one_of(PRECISIONS)],
             "year": [required(), integer_between(FIRST_YEAR, this_year)]}
    agreements = validate_table("agreements.csv", agreements_raw, {
        "id": [required(), slug()], "partner_id": [required(), known_partner], **dated,
        "kind": [required(), one_of(AGREEMENT_KINDS)], "sectors": [required(), all_in(sector_ids, "sector id")],
        "signatories": [], **_confidence_columns(), "source_urls": [required(), urls()],
    }, [*_unique("id", agreements_raw), *_date_rows(False), *_CONFIDENCE_ROWS], problems,
        optional=("signatories", "note_en", "note_id", "alt_source_url"))

    activities = validate_table("activities.csv", raw["activities.csv"], {
        "id": [required(), slug()], "partner_id": [required(), known_partner], **dated,
        "end_date": [date_between(FIRST_YEAR, this_year)], "kind": [required(), one_of(ACTIVITY_KINDS)],
        "sector": [required(), one_of(sorted(sector_ids))], "title_en": [required()], "title_id": [required()],
        "context": [required(), one_of(("yes", "no"))], **_confidence_columns(),
        "source_url": [required(), url()],
    }, [*_unique("id", raw["activities.csv"]), *_date_rows(True), *_CONFIDENCE_ROWS], problems,
        optional=("end_date", "note_en", "note_id", "alt_source_url"))

    i18n = validate_table("i18n.csv", raw["i18n.csv"], {
        "key": [required(), (lambda v: _KEY.match(v) is not None, "must be a dotted key like 'filters.years'")],
        "en": [required()], "id": [required()],
    }, _unique("key", raw["i18n.csv"]), problems)

    seoul = _load_seoul(raw, sector_ids, problems)
    story = validate_table("story.csv", raw["story.csv"], {
        "step": [required(), integer_between(1, 99)], "id": [required(), one_of(STORY_STEPS)],
        "title_en": [required()], "title_id": [required()], "takeaway_en": [required()], "takeaway_id": [required()],
    }, _unique("step", raw["story.csv"]), problems)

    if problems:
        raise DataError(problems)
    return _typed(folder, home, countries, partners, agreements, activities, sectors, i18n, seoul, story)


def _load_seoul(raw: dict, sector_ids: set[str], problems: list[Problem]) -> dict:
    bilingual = {"en": [required()], "id": [required()]}
    texts = validate_table("seoul/texts.csv", raw["seoul/texts.csv"], {"key": [required(), slug()], **bilingual},
                           _unique("key", raw["seoul/texts.csv"]), problems)
    if texts is not None:
        for key in SEOUL_TEXT_KEYS:
            if key not in set(texts["key"]):
                problems.append(Problem("seoul/texts.csv", None, "key", key, "this text is missing"))
    sourced = {"source_urls": [required(), urls()]}
    cards = {"id": [required(), slug()], "order": [required(), integer_between(0, 999)]}
    concepts = validate_table("seoul/concepts.csv", raw["seoul/concepts.csv"], {
        **cards, "name_en": [required()], "name_id": [required()], "text_en": [required()], "text_id": [required()],
        **sourced}, _unique("id", raw["seoul/concepts.csv"]), problems)
    findings = validate_table("seoul/findings.csv", raw["seoul/findings.csv"], {
        **cards, "title_en": [required()], "title_id": [required()], "text_en": [required()], "text_id": [required()],
        "sectors": [required(), all_in(sector_ids, "sector id")], "evidence_en": [required()],
        "evidence_id": [required()], **sourced}, _unique("id", raw["seoul/findings.csv"]), problems)
    questions = validate_table("seoul/open_questions.csv", raw["seoul/open_questions.csv"], {
        **cards, "title_en": [required()], "title_id": [required()], "text_en": [required()], "text_id": [required()],
        **sourced}, _unique("id", raw["seoul/open_questions.csv"]), problems)
    citation = validate_table("seoul/citation.csv", raw["seoul/citation.csv"], {
        "field": [required(), slug()], "value": [], "editable": [required(), one_of(("yes", "no"))]},
        _unique("field", raw["seoul/citation.csv"]), problems)
    reading = validate_table("seoul/reading_list.csv", raw["seoul/reading_list.csv"], {
        "order": [required(), integer_between(0, 999)], "title": [required()], "authors": [], "year": [],
        "venue": [], "url": [required(), url()]}, [], problems)
    return {"texts": texts, "concepts": concepts, "findings": findings, "open_questions": questions,
            "citation": citation, "reading_list": reading}


def _split(value: str) -> tuple[str, ...]:
    return tuple(value.split())


def _int_or_na(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series.replace("", None), errors="coerce").astype("Int64")


def _typed(folder: Path, home, countries, partners, agreements, activities, sectors, i18n, seoul, story) -> Dataset:
    """Turn the checked string frames into typed frames (numbers, lists, booleans)."""
    def places(df: pd.DataFrame) -> pd.DataFrame:
        df = df.reset_index(drop=True)
        df["lat"] = df["lat"].astype(float)
        df["lon"] = df["lon"].astype(float)
        df["geonames_id"] = _int_or_na(df["geonames_id"])
        df["source_urls"] = df["source_urls"].map(_split)
        return df

    partners = places(partners)
    partners["first_year"] = _int_or_na(partners["first_year"])
    partners["first_contact_year"] = _int_or_na(partners["first_contact_year"])
    partners["signed"] = partners["status"].isin(SIGNED_STATUSES) & partners["first_year"].notna()
    countries = countries.reset_index(drop=True)
    countries["iso_numeric"] = countries["iso_numeric"].astype(int)
    agreements = agreements.reset_index(drop=True)
    agreements["year"] = agreements["year"].astype(int)
    agreements["sectors"] = agreements["sectors"].map(_split)
    agreements["source_urls"] = agreements["source_urls"].map(_split)
    activities = activities.reset_index(drop=True)
    activities["year"] = activities["year"].astype(int)
    activities["context"] = activities["context"].eq("yes")
    sectors = sectors.reset_index(drop=True)
    sectors["order"] = sectors["order"].astype(int)
    sectors = sectors.sort_values("order", kind="stable").reset_index(drop=True)
    content = SeoulContent(
        texts={r.key: {"en": r.en, "id": r.id} for r in seoul["texts"].itertuples()},
        concepts=_ordered(seoul["concepts"]), findings=_ordered(seoul["findings"]),
        open_questions=_ordered(seoul["open_questions"]), citation=seoul["citation"].reset_index(drop=True),
        reading_list=_ordered(seoul["reading_list"]))
    content.findings["sectors"] = content.findings["sectors"].map(_split)
    for frame in (content.concepts, content.findings, content.open_questions):
        frame["source_urls"] = frame["source_urls"].map(_split)

    sources = set()
    for frame, col in ((partners, "source_urls"), (agreements, "source_urls"), (content.concepts, "source_urls"),
                       (content.findings, "source_urls"), (content.open_questions, "source_urls")):
        for urls_ in frame[col]:
            sources.update(urls_)
    for frame in (partners, agreements, activities):
        sources.update(u for u in frame["alt_source_url"] if u)
    sources.update(activities["source_url"])
    sources.update(content.reading_list["url"])
    return Dataset(home=places(home).iloc[0].to_dict(), countries=countries, partners=partners,
                   agreements=agreements, activities=activities, sectors=sectors,
                   i18n=i18n.reset_index(drop=True), seoul=content, story=_story(story), folder=str(folder),
                   source_urls=frozenset(sources))


def _story(df: pd.DataFrame) -> pd.DataFrame:
    df = df.reset_index(drop=True)
    df["step"] = df["step"].astype(int)
    return df.sort_values("step", kind="stable").reset_index(drop=True)


def _ordered(df: pd.DataFrame) -> pd.DataFrame:
    df = df.reset_index(drop=True)
    df["order"] = df["order"].astype(int)
    return df.sort_values("order", kind="stable").reset_index(drop=True)


def load_basemap(folder: str | Path = DATA_DIR) -> dict:
    """The offline country outlines (GeoJSON FeatureCollection) that the map draws under the arcs."""
    path = Path(folder) / BASEMAP_FILE
    if not path.is_file():
        path = DATA_DIR / BASEMAP_FILE  # a user's data folder may bring no map of its own
    geo = json.loads(path.read_text(encoding="utf-8"))
    if geo.get("type") != "FeatureCollection":
        raise DataError([Problem(str(BASEMAP_FILE), None, None, None, "must be a GeoJSON FeatureCollection")])
    return geo


def fingerprint(folder: str | Path = DATA_DIR) -> tuple:
    """Names, sizes and modification times of the data files: a cache key that changes when a file does."""
    folder = Path(folder)
    if not folder.is_dir():
        return ()
    return tuple(sorted((str(p.relative_to(folder)), p.stat().st_size, p.stat().st_mtime_ns)
                        for p in folder.rglob("*.csv")))
