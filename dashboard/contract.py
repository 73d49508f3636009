"""The data contract, declared once: every file, column, allowed value, reference and row rule.

The validator (`dashboard.data`), the column tables of `data/README.md` and `data/seoul/README.md`
(`python -m dashboard contract --write`) and the downloadable template (`template_zip`) are all derived
from the declarations below, so they cannot drift apart. Row rules are vectorised: each takes the
table (an Arrow table of strings) and returns a boolean array that is True on the rows that break the rule.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# ---------------------------------------------------------------------------------------------------------
# Vocabularies

RELATIONSHIPS = ("sister_city", "friendship_city", "cooperation_mou", "letter_of_intent", "exploration")
STATUSES = ("active", "unclear", "ended", "prospective", "unverified", "disputed")
# Partners with a signed document; the others are hidden by default and drawn differently.
SIGNED_STATUSES = ("active", "unclear", "ended")
AGREEMENT_KINDS = ("letter_of_intent", "mou", "sister_city_agreement", "friendship_agreement", "renewal",
                   "implementation_agreement", "joint_declaration")
ACTIVITY_KINDS = ("delegation", "meeting", "exchange", "training", "festival", "monument", "joint_project",
                  "anniversary", "approval", "donation", "promotion", "study", "expiry", "other_agreement")
# Activity kinds under which a title may say that a document was signed (a signing between the two
# cities belongs in agreements.csv).
SIGNING_KINDS = ("other_agreement", "approval", "expiry")
HAPPENED = ("yes", "planned", "cancelled")
CONFIDENCES = ("confirmed", "conflicting", "unverified")
REGIONS = ("southeast_asia", "east_asia", "south_asia", "western_asia", "europe", "northern_america",
           "latin_america", "oceania", "africa")
PRECISIONS = ("day", "month", "year")
YES_NO = ("yes", "no")
FIRST_YEAR = 1900
SEOUL_TEXT_KEYS = ("title", "lead", "question", "method", "abstract_note", "concepts_intro", "findings_intro",
                   "timeline_intro", "map_intro", "open_intro", "cite_intro", "reading_intro", "legal_path")
# The `{placeholders}` the code fills into i18n.csv texts (t("map.since", year=...) and the like).
# tests/test_contract.py checks that every keyword the code passes to a translation is listed here.
PLACEHOLDERS = ("year", "count", "total", "cities", "city", "number", "first", "last", "project", "view", "date",
                "first_city", "first_year", "last_city", "last_year", "region", "regions", "sector", "sector_count",
                "p_sector", "p_count", "a_sector", "a_count", "peak_year", "peak_count", "activities", "agreements",
                "planned", "cancelled")
# The presenter's story (story.csv): what each step may draw, which of its sentences it uses (the usual
# one; one for a narrow view; one while the history plays) and the values each sentence can name. A
# counted value comes with its noun, in the right form ("one partner city", "16 partner cities").
STORY_CASES = ("takeaway", "takeaway_narrow", "takeaway_playing")
STORY_VALUES = {
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
STORY_STEPS = tuple(STORY_VALUES)
BASEMAP_FILE = "geo/countries-110m.geojson"
# Every view of the map carries the outlines, so a base map is bounded (the bundled 1:110m one has 0.2 MB).
BASEMAP_MAX_BYTES = 3_000_000
# Made from the base map by scripts/build_basemap.py and served to the browser; the loader never reads it.
DERIVED_FILES = ("geo/countries-110m-pacific.geojson",)

# ---------------------------------------------------------------------------------------------------------
# Patterns. Written for both Python's `re` and RE2 (what Arrow's compute functions use): no look-around.
# [0-9], never \d: only ASCII digits are numbers.

SLUG = r"[a-z0-9][a-z0-9_-]*"
KEY = r"[a-z0-9_]+(?:\.[a-z0-9_-]+)*"
ISO3 = r"[A-Z]{3}"
COLOR = r"#[0-9a-fA-F]{6}"
INTEGER = r"-?[0-9]+"
NUMBER = r"-?[0-9]+(?:\.[0-9]+)?"
DATE = r"[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?"
DATE_SHAPES = {"day": r"[0-9]{4}-[0-9]{2}-[0-9]{2}", "month": r"[0-9]{4}-[0-9]{2}", "year": r"[0-9]{4}"}
_HOST = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
_PCHAR = r"(?:[A-Za-z0-9._~!$&*+,;=:@-]|%[0-9A-Fa-f]{2})"
# http or https, a host, an optional port, then only characters that need no escaping in a URL and
# cannot break out of Markdown: no spaces, quotes, brackets, parentheses, angle brackets or backslashes.
URL = rf"https?://{_HOST}(?::[0-9]{{1,5}})?(?:/{_PCHAR}*)*(?:\?(?:{_PCHAR}|[/?])*)?(?:#(?:{_PCHAR}|[/?])*)?"
URLS = rf"{URL}(?: {URL})*"
IDS = rf"{SLUG}(?: {SLUG})*"
# Control characters (C0, DEL, C1) other than the line feed; a tab is one of them.
CONTROL = r"[\x00-\x09\x0b-\x1f\x7f-\x9f]"
VERSION_PATTERN = r"^[0-9]{4}\.(?:[1-9]|1[0-2])\.[0-9]+$"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A title that says a document was signed (both words must appear, in any case)...
SIGNING_WORDS = r"\b(?:sign|signs|signed|signing|signature|signatures)\b"
DOCUMENT_WORDS = (r"\b(?:agreements?|mous?|memorand(?:um|a)|lois?|letters? of intent|charters?|declarations?"
                  r"|contracts?|treat(?:y|ies)|protocols?|accords?)\b")
# ...and a title whose first clause (before ':' or ';') says the event was only planned.
PLANNED_WORDS = ("planned", "scheduled", "will")

_URL_RE = re.compile(URL)


def is_strict_url(value: object) -> bool:
    """True for an http(s) address that the contract accepts (see URL)."""
    return isinstance(value, str) and _URL_RE.fullmatch(value) is not None


# ---------------------------------------------------------------------------------------------------------
# Characters no renderer takes. Each kind is a list of code point ranges (first, last); the patterns below
# are written as character classes of the characters themselves, which both Python's `re` and RE2 read.

# Noncharacters: U+FDD0..U+FDEF and the last two code points of every plane (U+FFFE, U+FFFF, U+1FFFE, ...).
# U+FFFE and U+FFFF are also not allowed in XML 1.0: vl-convert aborts the whole server process on them.
NONCHARACTERS = ((0xFDD0, 0xFDEF), *((plane << 16 | 0xFFFE, plane << 16 | 0xFFFF) for plane in range(17)))
# Line and paragraph separators: a line end to JavaScript, so a Vega expression holding one fails.
SEPARATORS = ((0x2028, 0x2029),)
# Embeddings, overrides and isolates of the bidirectional algorithm: they reorder what follows them, so a
# cell can show other text than it holds ("Trojan Source"). The marks U+200E, U+200F and U+061C stay allowed.
BIDI_CONTROLS = ((0x202A, 0x202E), (0x2066, 0x2069))
# Zero-width characters: two names that look the same would differ by one (refused in names only; ZWJ and
# ZWNJ are part of writing in other text, emoji and several scripts).
ZERO_WIDTH = ((0x200B, 0x200D), (0x2060, 0x2060), (0xFEFF, 0xFEFF))
# Characters that XML 1.0 does not allow either (C0 controls but tab, line feed and carriage return;
# surrogates cannot occur in UTF-8 text) are control characters, refused in every cell by CONTROL.
REFUSED_EVERYWHERE = (
    ("a noncharacter, which no font, XML file or chart renderer takes", NONCHARACTERS),
    ("a line or paragraph separator, which breaks the charts' expressions (use an ordinary line break in long "
     "text)", SEPARATORS),
    ("a bidirectional override or isolate, which makes the text show in another order than it is written",
     BIDI_CONTROLS),
)
REFUSED_IN_NAMES = ("a zero-width character, which makes two names that look the same differ", ZERO_WIDTH)

# Characters a spreadsheet may drop or show as nothing before a cell's first visible one: the Unicode
# White_Space and Default_Ignorable_Code_Point characters, and the blank Braille pattern.
SPACE_LIKE = ((0x09, 0x0D), (0x20, 0x20), (0x85, 0x85), (0xA0, 0xA0), (0xAD, 0xAD), (0x34F, 0x34F), (0x61C, 0x61C),
              (0x115F, 0x1160), (0x1680, 0x1680), (0x17B4, 0x17B5), (0x180B, 0x180F), (0x2000, 0x200F),
              (0x2028, 0x202F), (0x205F, 0x206F), (0x2800, 0x2800), (0x3000, 0x3000), (0x3164, 0x3164),
              (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
              (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF))
# Every character whose compatibility form (NFKC) starts with = + - or @: the full-width ＝＋－＠, the small
# ﹦﹢﹣﹫, super- and subscript signs, ⩵ ⩶ and the Hebrew alternative plus (tests/test_contract.py finds
# them again from unicodedata, so the list cannot fall behind).
FORMULA_LOOKALIKES = "\u207a\u207c\u208a\u208c\u2a75\u2a76\ufb29\ufe62\ufe63\ufe66\ufe6b\uff0b\uff0d\uff1d\uff20"


def char_class(ranges: tuple[tuple[int, int], ...], extra: str = "") -> str:
    """A regular-expression character class of the code point ranges (and `extra`, already escaped)."""
    def char(code: int) -> str:
        return f"\\x{code:02x}" if code < 0x80 else chr(code)  # ASCII escaped; the rest as themselves
    return "[" + extra + "".join(char(a) if a == b else f"{char(a)}-{char(b)}" for a, b in ranges) + "]"


# A text cell may not start like a formula: = + - @ (and their look-alikes) or a space-like character.
FORMULA_PATTERN = "^" + char_class(SPACE_LIKE, "=+@\\-" + FORMULA_LOOKALIKES)
_FORMULA_RE = re.compile(FORMULA_PATTERN)
_REFUSED_RE = [(why, re.compile(char_class(ranges))) for why, ranges in REFUSED_EVERYWHERE]
_ZERO_WIDTH_RE = re.compile(char_class(ZERO_WIDTH))
_CONTROL_RE = re.compile(CONTROL)


def starts_like_formula(text: object) -> bool:
    """True when a spreadsheet could read the text as a formula: it starts with =, +, -, @, a full-width or
    other look-alike of them (＝＋－＠), a tab, a line end, or any space-like or invisible character a
    spreadsheet may skip (a no-break space, a byte-order mark, an ideographic space U+3000, ...). The
    validator refuses such text cells; a CSV export neutralises them."""
    return isinstance(text, str) and _FORMULA_RE.match(text) is not None


def code_point(char: str) -> str:
    """U+FFFF, U+1F600: how the messages name a character."""
    return f"U+{ord(char):04X}"


def refused_character(text: str, name: bool = False) -> tuple[str, str] | None:
    """The first character of the text that the contract refuses in any cell (or, with `name`, in a name),
    as (code point, why), or None."""
    found = []
    for why, pattern in [("a control character", _CONTROL_RE), *_REFUSED_RE,
                         *([(REFUSED_IN_NAMES[0], _ZERO_WIDTH_RE)] if name else [])]:
        match = pattern.search(text)
        if match:
            found.append((match.start(), code_point(match.group()), why))
    return min(found)[1:] if found else None


# ---------------------------------------------------------------------------------------------------------
# Vectorised helpers for the row rules: Arrow compute over whole columns, results as numpy booleans


def bools(result: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """An Arrow boolean result as a numpy array (nulls, which string columns never hold, count as False)."""
    return np.asarray(pc.fill_null(result, False).to_numpy(zero_copy_only=False), dtype=bool)


def eq(table: pa.Table, column: str, value: str) -> np.ndarray:
    return bools(pc.equal(table.column(column), value))


def isin(table: pa.Table, column: str, values: tuple[str, ...]) -> np.ndarray:
    return bools(pc.is_in(table.column(column), value_set=pa.array(values, pa.string())))


def matches(values: pa.Array | pa.ChunkedArray, pattern: str) -> np.ndarray:
    """True where the regular expression (RE2 syntax) is found in the cell."""
    return bools(pc.match_substring_regex(values, pattern))


def scatter(rows: np.ndarray, size: int, found: np.ndarray) -> np.ndarray:
    """A result computed on some rows (given by index) placed back into an array over all rows."""
    out = np.zeros(size, dtype=bool)
    out[rows] = found
    return out


# ---------------------------------------------------------------------------------------------------------
# Declarations


@dataclass(frozen=True)
class Column:
    """One column. `type` is one of TYPES; `required` means every row needs a value; `optional` means the
    header may leave the column out, and then every row gets `default`."""

    name: str
    type: str
    en: str
    id: str
    required: bool = False
    optional: bool = False
    default: str = ""
    values: tuple[str, ...] = ()  # the allowed values of an `enum`
    meanings: dict[str, tuple[str, str]] = field(default_factory=dict)  # value -> (en, id)
    ref: tuple[str, str] | None = None  # (file, column) whose values this column must use
    ref_message: str = ""
    low: float | None = None
    high: float | None = None  # (a "year" always runs from FIRST_YEAR to the current year)
    unique: bool = False
    example: str = ""
    is_name: bool = False  # the name of a city, country or field: no zero-width characters


@dataclass
class Context:
    """What a row rule may look at besides its own table: the other tables (Arrow tables of strings, or
    None when the file could not be read), the current year, and for the table being checked which cells
    hold a well-formed value of their column's type (`valid[column]`, a boolean array), so that a rule
    never trips over a value that already has its own problem."""

    tables: dict[str, pa.Table | None]
    this_year: int
    valid: dict[str, np.ndarray] = field(default_factory=dict)


# A row rule: the table (an Arrow table of strings, one column per column of the contract) and the
# context in, a boolean array out, True on the rows that break the rule.
RowCheck = Callable[[pa.Table, Context], np.ndarray]


@dataclass(frozen=True)
class RowRule:
    """A rule over several columns of one row; `column` names the cell the problem is reported on. The rule
    is skipped when a file in `needs` could not be read (its problems are reported there). `check` is
    vectorised: whole columns in, one boolean per row out."""

    column: str
    en: str
    id: str
    check: RowCheck
    needs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    name: str
    en: str  # one row per ...
    id: str
    columns: tuple[Column, ...]
    rules: tuple[RowRule, ...] = ()
    unique_together: tuple[tuple[str, ...], ...] = ()  # reported on the last column of each group
    rows: int | None = None  # the exact number of rows, when fixed
    min_rows: int = 0  # a file whose rows the pages cannot do without
    optional: bool = False  # a folder may leave the file out; the bundled one is then used
    bundled_stands_in: bool = True  # False: a folder that leaves the (optional) file out simply has none
    required_keys: tuple[str, tuple[str, ...]] | None = None  # (column, values that must all be present)
    note_en: str = ""
    note_id: str = ""

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def header(self) -> list[str]:
        return [c.name for c in self.columns]


# Types: (README label in English, label in Indonesian)
TYPES = {
    "slug": ("slug", "slug"),
    "key": ("dotted key", "kunci bertitik"),
    "text": ("text, one line", "teks, satu baris"),
    "markdown": ("text, may span lines (simple Markdown)", "teks, boleh beberapa baris (Markdown sederhana)"),
    "integer": ("integer", "bilangan bulat"),
    "year": ("year", "tahun"),
    "number": ("number", "angka"),
    "date": ("date", "tanggal"),
    "enum": ("one of", "salah satu dari"),
    "iso3": ("ISO 3166-1 alpha-3", "ISO 3166-1 alfa-3"),
    "color": ("`#rrggbb`", "`#rrggbb`"),
    "url": ("URL", "URL"),
    "urls": ("URLs, space-separated", "URL, dipisah spasi"),
    "ids": ("ids, space-separated", "id, dipisah spasi"),
}
# Types whose values are numbers: a leading minus sign is legitimate there, so the formula rule skips them.
NUMERIC_TYPES = ("number",)


# --- Row rules --------------------------------------------------------------------------------------------


_DATE_LENGTH = {"day": 10, "month": 7, "year": 4}


def _date_shape(t: pa.Table, ctx: Context) -> np.ndarray:
    length = np.asarray(pc.utf8_length(t.column("date")).to_numpy(zero_copy_only=False))
    expected = np.select([eq(t, "date_precision", p) for p in _DATE_LENGTH], list(_DATE_LENGTH.values()), -1)
    return ctx.valid["date"] & (expected > 0) & (length != expected)


def _year_of_date(t: pa.Table, ctx: Context) -> np.ndarray:
    differ = bools(pc.not_equal(pc.utf8_slice_codeunits(t.column("date"), 0, 4), t.column("year")))
    return ctx.valid["date"] & ctx.valid["year"] & differ


def _end_before_start(t: pa.Table, ctx: Context) -> np.ndarray:
    both = ctx.valid["end_date"] & ctx.valid["date"]
    rows = np.flatnonzero(both)
    if not len(rows):
        return both
    end, start = t.column("end_date").take(rows), t.column("date").take(rows)
    length = np.asarray(pc.utf8_length(end).to_numpy(zero_copy_only=False))
    before = np.zeros(len(rows), dtype=bool)
    for size in (4, 7, 10):  # compare at the end date's own precision
        before |= (length == size) & bools(pc.less(end, pc.utf8_slice_codeunits(start, 0, size)))
    return scatter(rows, t.num_rows, before)


def _not_confirmed(t: pa.Table) -> np.ndarray:
    return isin(t, "confidence", CONFIDENCES) & ~eq(t, "confidence", "confirmed")


def _alt_source_is_own(t: pa.Table, ctx: Context) -> np.ndarray:
    rows = np.flatnonzero(~eq(t, "alt_source_url", ""))
    if not len(rows):
        return np.zeros(t.num_rows, dtype=bool)
    alt = t.column("alt_source_url").take(rows)
    if "source_urls" in t.column_names:
        own = pc.split_pattern(t.column("source_urls").take(rows), " ")
        parents = np.asarray(pc.list_parent_indices(own).to_numpy())
        same = bools(pc.equal(pc.list_flatten(own), alt.take(pa.array(parents))))
        found = np.bincount(parents[same], minlength=len(rows)).astype(bool)
    else:
        found = bools(pc.equal(t.column("source_url").take(rows), alt))
    return scatter(rows, t.num_rows, found)


def _corroboration_is_own(t: pa.Table, ctx: Context) -> np.ndarray:
    """True on rows whose corroborating pages repeat one of the row's own sources (or its other version's):
    a second source must be another page."""
    rows = np.flatnonzero(~eq(t, "corroborating_urls", ""))
    if not len(rows):
        return np.zeros(t.num_rows, dtype=bool)
    second = pc.split_pattern(t.column("corroborating_urls").take(rows), " ")
    parents = np.asarray(pc.list_parent_indices(second).to_numpy())
    flat = pc.list_flatten(second)
    own_column = "source_urls" if "source_urls" in t.column_names else "source_url"
    found = np.zeros(len(rows), dtype=bool)
    for column in (own_column, "alt_source_url"):
        own = [set(str(v).split(" ")) - {""} for v in t.column(column).take(rows).to_pylist()]
        for i, url in zip(parents.tolist(), flat.to_pylist()):
            found[i] |= url in own[i]
    return scatter(rows, t.num_rows, found)


def _alt_value_same_as(columns: tuple[str, ...]) -> RowCheck:
    def check(t: pa.Table, ctx: Context) -> np.ndarray:
        alt = t.column("alt_value")
        same = np.zeros(t.num_rows, dtype=bool)
        for col in columns:
            same |= bools(pc.equal(t.column(col), alt))
        return same & ~eq(t, "alt_value", "")
    return check


def _first_year_mismatch(t: pa.Table, ctx: Context) -> np.ndarray:
    agreements = ctx.tables["agreements.csv"]
    dated = agreements.filter(pc.match_substring_regex(agreements.column("year"), "^[0-9]{4}$"))
    earliest = dated.group_by("partner_id").aggregate([("year", "min")])  # ISO years sort as text
    where = pc.index_in(t.column("id"), value_set=earliest.column("partner_id"))
    expected = pc.fill_null(pc.take(earliest.column("year_min"), where), "")
    return bools(pc.not_equal(t.column("first_year"), expected))


def _signing_as_activity(t: pa.Table, ctx: Context) -> np.ndarray:
    suspect = eq(t, "happened", "yes") & isin(t, "kind", ACTIVITY_KINDS) & ~isin(t, "kind", SIGNING_KINDS)
    suspect &= bools(pc.match_substring(t.column("title_en"), "sign", ignore_case=True))  # cheap, before the words
    rows = np.flatnonzero(suspect)
    if not len(rows):
        return suspect
    title = pc.utf8_lower(t.column("title_en").take(rows))
    return scatter(rows, t.num_rows, matches(title, SIGNING_WORDS) & matches(title, DOCUMENT_WORDS))


def _planned_but_happened(t: pa.Table, ctx: Context) -> np.ndarray:
    title = t.column("title_en")
    suspect = eq(t, "happened", "yes") & np.logical_or.reduce(
        [bools(pc.match_substring(title, word, ignore_case=True)) for word in PLANNED_WORDS])
    rows = np.flatnonzero(suspect)
    if not len(rows):
        return suspect
    first_clause = pc.replace_substring_regex(pc.utf8_lower(title.take(rows)), "[:;].*", "")
    return scatter(rows, t.num_rows, matches(first_clause, r"\b(?:" + "|".join(PLANNED_WORDS) + r")\b"))


# Templates in i18n.csv: {name} with a known name, {{ and }} for literal braces, nothing else in braces.
_ESCAPED_BRACES = r"\{\{|\}\}"
_KNOWN_PLACEHOLDER = r"\{(?:" + "|".join(PLACEHOLDERS) + r")\}"


def _bad_template(column: str) -> RowCheck:
    def check(t: pa.Table, ctx: Context) -> np.ndarray:
        rows = np.flatnonzero(matches(t.column(column), "[{}]"))
        if not len(rows):
            return np.zeros(t.num_rows, dtype=bool)
        rest = pc.replace_substring_regex(t.column(column).take(rows), _ESCAPED_BRACES, "")
        rest = pc.replace_substring_regex(rest, _KNOWN_PLACEHOLDER, "")
        return scatter(rows, t.num_rows, matches(rest, "[{}]"))
    return check


def _story_placeholders(column: str) -> RowCheck:
    """A takeaway may name only the values its step computes for that sentence (and {{ }} for braces)."""
    case = column.rsplit("_", 1)[0]

    def check(t: pa.Table, ctx: Context) -> np.ndarray:
        bad = np.zeros(t.num_rows, dtype=bool)
        for step, cases in STORY_VALUES.items():
            names = cases.get(case, ())
            rows = np.flatnonzero(eq(t, "id", step) & matches(t.column(column), "[{}]"))
            if not len(rows):
                continue
            rest = pc.replace_substring_regex(t.column(column).take(rows), _ESCAPED_BRACES, "")
            if names:
                rest = pc.replace_substring_regex(rest, r"\{(?:" + "|".join(names) + r")\}", "")
            bad |= scatter(rows, t.num_rows, matches(rest, "[{}]"))
        return bad
    return check


def _story_case_filled(column: str) -> RowCheck:
    """A step's sentence for a case is written exactly when the step has that case."""
    case = column.rsplit("_", 1)[0]
    has_case = tuple(step for step, cases in STORY_VALUES.items() if case in cases)

    def check(t: pa.Table, ctx: Context) -> np.ndarray:
        empty = bools(pc.equal(pc.utf8_trim_whitespace(t.column(column)), ""))
        return np.where(isin(t, "id", has_case), empty, ~empty)
    return check


def _story_value_list(case: str) -> str:
    return "; ".join(f"{step}: " + ", ".join(f"{{{n}}}" for n in cases[case])
                     for step, cases in STORY_VALUES.items() if case in cases)


def _placeholders_differ(t: pa.Table, ctx: Context) -> np.ndarray:
    rows = np.flatnonzero(matches(t.column("en"), "[{}]") | matches(t.column("id"), "[{}]"))
    if not len(rows):
        return np.zeros(t.num_rows, dtype=bool)
    en = pc.replace_substring_regex(t.column("en").take(rows), _ESCAPED_BRACES, "")
    id_ = pc.replace_substring_regex(t.column("id").take(rows), _ESCAPED_BRACES, "")
    differ = np.zeros(len(rows), dtype=bool)
    for name in PLACEHOLDERS:
        token = "{" + name + "}"
        differ |= bools(pc.match_substring(en, token)) != bools(pc.match_substring(id_, token))
    return scatter(rows, t.num_rows, differ)


# --- Shared column groups -----------------------------------------------------------------------------------

_PARTNER_REF = ("partners.csv", "id")
_COUNTRY_REF = ("countries.csv", "iso3")
_SECTOR_REF = ("sectors.csv", "id")
_SECTOR_MESSAGE = "every item must be a known sector id from sectors.csv"


def _place(what_en: str, what_id: str) -> tuple[Column, ...]:
    return (
        Column("city_en", "text", f"{what_en} name in English", f"nama {what_id} dalam bahasa Inggris", required=True,
               is_name=True),
        Column("city_local", "text", "name as written locally (e.g. `수원시`, `浜松市`)",
               "nama dalam tulisan setempat (mis. `수원시`, `浜松市`)", optional=True, is_name=True),
        Column("country_iso3", "iso3", "an `iso3` of `countries.csv`", "sebuah `iso3` dari `countries.csv`",
               required=True, ref=_COUNTRY_REF, ref_message="must be a country listed in countries.csv"),
        Column("lat", "number", "latitude of the city centre, decimal degrees (WGS84)",
               "lintang pusat kota, derajat desimal (WGS84)", required=True, low=-90, high=90, example="-6.9175"),
        Column("lon", "number", "longitude of the city centre, decimal degrees (WGS84)",
               "bujur pusat kota, derajat desimal (WGS84)", required=True, low=-180, high=180, example="107.6191"),
        Column("geonames_id", "integer", "the city's GeoNames id (a test checks the coordinates against it)",
               "id GeoNames kota itu (sebuah tes mencocokkan koordinatnya)", optional=True, low=1, high=10**9),
    )


def _provenance(alt_examples: str) -> tuple[Column, ...]:
    return (
        Column("confidence", "enum", "how well the row is sourced (see Provenance)",
               "seberapa kuat sumber baris ini (lihat Asal-usul)", required=True, values=CONFIDENCES,
               meanings={"confirmed": ("the cited page states the fact as written", "laman yang dikutip menyatakan fakta itu"),
                         "conflicting": ("sources disagree; the row holds the preferred value",
                                         "sumber berbeda; baris memuat nilai yang diutamakan"),
                         "unverified": ("a weak source, or inferred", "sumber lemah, atau hasil simpulan")}),
        Column("note_en", "text", "the disagreement or the reason, in English; required when not `confirmed`",
               "perbedaan atau alasannya, dalam bahasa Inggris; wajib bila bukan `confirmed`", optional=True),
        Column("note_id", "text", "the same note in Indonesian", "catatan yang sama dalam bahasa Indonesia", optional=True),
        Column("alt_value", "text", f"the other version, in short form ({alt_examples}); required when "
               "`conflicting`, and different from the row's own value",
               f"versi lainnya, singkat ({alt_examples}); wajib bila `conflicting`, dan berbeda dari nilai baris itu sendiri",
               optional=True),
        Column("alt_source_url", "url", "the source of the other version; required when `conflicting`; not one of the "
               "row's own sources", "sumber versi lainnya; wajib bila `conflicting`; bukan salah satu sumber baris itu sendiri",
               optional=True),
    )


def _provenance_rules(comparable: tuple[str, ...]) -> tuple[RowRule, ...]:
    note = ("a note in English and Indonesian is required when confidence is not 'confirmed'",
            "catatan dalam bahasa Inggris dan Indonesia wajib bila confidence bukan 'confirmed'")
    return (
        RowRule("note_en", *note, lambda t, ctx: _not_confirmed(t) & eq(t, "note_en", "")),
        RowRule("note_id", *note, lambda t, ctx: _not_confirmed(t) & ~eq(t, "note_en", "") & eq(t, "note_id", "")),
        RowRule("alt_value", "the other version's value (short form, e.g. 1997-08-27) is required when confidence is "
                "'conflicting'", "nilai versi lainnya (singkat, mis. 1997-08-27) wajib bila confidence 'conflicting'",
                lambda t, ctx: eq(t, "confidence", "conflicting") & eq(t, "alt_value", "")),
        RowRule("alt_value", "must differ from the row's own value: it is the other version (compared with "
                + ", ".join(comparable) + ")", "harus berbeda dari nilai baris itu sendiri: ini versi lainnya "
                "(dibandingkan dengan " + ", ".join(comparable) + ")", _alt_value_same_as(comparable)),
        RowRule("alt_source_url", "the source of the alternative value is required when confidence is 'conflicting'",
                "sumber nilai alternatif wajib bila confidence 'conflicting'",
                lambda t, ctx: eq(t, "confidence", "conflicting") & eq(t, "alt_source_url", "")),
        RowRule("alt_source_url", "must not be one of the row's own sources: it is the source of the other version",
                "tidak boleh salah satu sumber baris itu sendiri: ini sumber versi lainnya", _alt_source_is_own),
    )


def _dated() -> tuple[Column, ...]:
    return (
        Column("date", "date", "as precise as the source: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`",
               "setepat sumbernya: `YYYY-MM-DD`, `YYYY-MM` atau `YYYY`", required=True, example="1997-08-25"),
        Column("date_precision", "enum", "how precise `date` is; must agree with its shape",
               "seberapa tepat `date`; harus sesuai bentuknya", required=True, values=PRECISIONS),
        Column("year", "year", "the year of `date`", "tahun dari `date`", required=True),
    )


_DATE_RULES = (
    RowRule("date", "the date's shape must match date_precision (day YYYY-MM-DD, month YYYY-MM, year YYYY)",
            "bentuk tanggal harus sesuai date_precision (day YYYY-MM-DD, month YYYY-MM, year YYYY)", _date_shape),
    RowRule("year", "must equal the year of 'date'", "harus sama dengan tahun pada 'date'", _year_of_date),
)
_SOURCES = Column("source_urls", "urls", "the public pages that state the fact; at least one",
                  "laman publik yang menyatakan fakta itu; minimal satu", required=True)
_CORROBORATION = Column("corroborating_urls", "urls", "independent reports that state the same fact (another outlet, "
                        "the partner city's own page, a page in the partner's language); empty when none was found "
                        "(the note then says so)", "laporan independen yang menyatakan fakta yang sama (media lain, "
                        "laman resmi kota mitra, laman berbahasa kota mitra); kosong bila tidak ditemukan (catatan "
                        "lalu menyebutkannya)", optional=True)
_CORROBORATION_RULE = RowRule("corroborating_urls", "must not repeat the row's own sources or its other version's "
                              "source: a corroborating report is another page", "tidak boleh mengulang sumber baris itu "
                              "sendiri atau sumber versi lainnya: laporan penguat adalah laman lain", _corroboration_is_own)


# --- The files ----------------------------------------------------------------------------------------------

HOME = Table("home.csv", "home city (exactly one row)", "kota asal (tepat satu baris)", (
    Column("id", "slug", "identifier of the home city, e.g. `bandung`", "pengenal kota asal, mis. `bandung`", required=True),
    *_place("city", "kota"),
    Column("source_urls", "urls", "where the name and status are stated", "tempat nama dan statusnya dinyatakan", required=True),
), rows=1)

COUNTRIES = Table("countries.csv", "country that appears in the data", "negara yang muncul dalam data", (
    Column("iso3", "iso3", "ISO 3166-1 alpha-3 code", "kode ISO 3166-1 alfa-3", required=True, unique=True, example="IDN"),
    Column("iso_numeric", "integer", "ISO 3166-1 numeric; matches the `id` of the base map's country shapes",
           "ISO 3166-1 numerik; sama dengan `id` bentuk negara di peta dasar", required=True, low=1, high=999),
    Column("name_en", "text", "country name in English", "nama negara dalam bahasa Inggris", required=True, is_name=True),
    Column("name_id", "text", "country name in Indonesian", "nama negara dalam bahasa Indonesia", required=True,
           is_name=True),
    Column("region", "enum", "world region (UN M49 groupings; labels in `i18n.csv` as `region.<id>`)",
           "kawasan dunia (pengelompokan UN M49; label di `i18n.csv` sebagai `region.<id>`)", required=True, values=REGIONS),
))

PARTNERS = Table("partners.csv", "foreign partner city (signed, prospective, unverified or disputed)",
                 "kota mitra luar negeri (bertanda tangan, prospektif, belum terverifikasi, atau disengketakan)", (
    Column("id", "slug", "stable identifier, e.g. `braunschweig`, `fort-worth`", "pengenal tetap, mis. `braunschweig`",
           required=True, unique=True),
    *_place("city", "kota"),
    Column("relationship", "enum", "the highest stage documented", "tahap tertinggi yang terdokumentasi", required=True,
           values=RELATIONSHIPS, meanings={
               "sister_city": ("a sister-city agreement or MoU", "perjanjian atau MoU kota kembar"),
               "friendship_city": ("a friendship-city agreement", "perjanjian kota sahabat"),
               "cooperation_mou": ("a cooperation MoU not framed as sister cities", "MoU kerja sama yang bukan kota kembar"),
               "letter_of_intent": ("an LoI only", "hanya LoI"),
               "exploration": ("talks, visits, no signed document", "pembicaraan, kunjungan, tanpa dokumen bertanda tangan")}),
    Column("status", "enum", "where the partnership stands", "keadaan kemitraan", required=True, values=STATUSES, meanings={
        "active": ("an agreement signed in 2022 or later, or a government-level exchange (an activity with `context` = "
                   "`no` that took place) dated 2022 or later; `note_en` says when the last document has lapsed",
                   "perjanjian ditandatangani sejak 2022, atau pertukaran tingkat pemerintah (kegiatan dengan `context` = "
                   "`no` yang terlaksana) sejak 2022"),
        "unclear": ("a document exists, no such exchange since 2022", "ada dokumen, tanpa pertukaran semacam itu sejak 2022"),
        "ended": ("documented as ended", "terdokumentasi telah berakhir"),
        "prospective": ("talks only", "baru pembicaraan"),
        "unverified": ("named somewhere, not confirmed", "disebut di suatu tempat, belum terkonfirmasi"),
        "disputed": ("named as a partner by some sources, contradicted by others",
                     "disebut mitra oleh sebagian sumber, dibantah sumber lain")}),
    Column("first_year", "year", "year of the first formal document; empty when nothing was signed",
           "tahun dokumen resmi pertama; kosong bila belum ada yang ditandatangani"),
    Column("first_contact_year", "year", "year of the first recorded contact (places partners without a document on "
           "the time axis)", "tahun kontak pertama yang tercatat (menempatkan mitra tanpa dokumen di sumbu waktu)",
           optional=True),
    Column("summary_en", "text", "one sentence on the partnership, in English", "satu kalimat tentang kemitraan, bahasa Inggris",
           required=True),
    Column("summary_id", "text", "the same sentence in Indonesian", "kalimat yang sama dalam bahasa Indonesia", required=True),
    *_provenance("`sister_city`, `2006`"),
    _SOURCES,
), rules=(
    RowRule("first_year", "must equal the year of the partner's earliest document in agreements.csv (empty when it has none)",
            "harus sama dengan tahun dokumen paling awal mitra itu di agreements.csv (kosong bila tidak ada)",
            _first_year_mismatch, needs=("agreements.csv",)),
    *_provenance_rules(("relationship", "status", "first_year", "first_contact_year")),
), unique_together=(("country_iso3", "city_en"),))

AGREEMENTS = Table("agreements.csv", "signed document (LoI, MoU, sister-city agreement, renewal, ...)",
                   "dokumen bertanda tangan (LoI, MoU, perjanjian kota kembar, perpanjangan, ...)", (
    Column("id", "slug", "stable identifier, e.g. `suwon-1997-sister-city`", "pengenal tetap", required=True, unique=True),
    Column("partner_id", "slug", "an `id` of `partners.csv`", "sebuah `id` dari `partners.csv`", required=True,
           ref=_PARTNER_REF, ref_message="must be an id listed in partners.csv"),
    *_dated(),
    Column("kind", "enum", "what kind of document", "jenis dokumen", required=True, values=AGREEMENT_KINDS),
    Column("sectors", "ids", "the fields the document covers, from `sectors.csv`; at least one",
           "bidang yang dicakup dokumen, dari `sectors.csv`; minimal satu", required=True, ref=_SECTOR_REF,
           ref_message=_SECTOR_MESSAGE),
    Column("signatories", "text", "only where a source names them", "hanya bila sumber menyebutkannya", optional=True),
    *_provenance("`1997-08-27`, `friendship_agreement`"),
    _SOURCES,
    _CORROBORATION,
), rules=(*_DATE_RULES, *_provenance_rules(("date", "year", "kind")), _CORROBORATION_RULE))

ACTIVITIES = Table("activities.csv", "dated event between the two cities", "peristiwa bertanggal antara kedua kota", (
    Column("id", "slug", "stable identifier, e.g. `seoul-2016-12-01-cikapundung`", "pengenal tetap", required=True, unique=True),
    Column("partner_id", "slug", "an `id` of `partners.csv`", "sebuah `id` dari `partners.csv`", required=True,
           ref=_PARTNER_REF, ref_message="must be an id listed in partners.csv"),
    *_dated(),
    Column("end_date", "date", "closes a multi-day event; never before `date`",
           "akhir peristiwa beberapa hari; tidak sebelum `date`", optional=True),
    Column("kind", "enum", "what kind of event", "jenis peristiwa", required=True, values=ACTIVITY_KINDS, meanings={
        "expiry": ("a document lapses", "sebuah dokumen berakhir masa berlakunya"),
        "other_agreement": ("a document signed by one of the two cities with a third party, such as a region or a "
                            "ministry, that bears on the partnership",
                            "dokumen yang ditandatangani salah satu kota dengan pihak ketiga (mis. provinsi atau "
                            "kementerian) yang berkaitan dengan kemitraan")}),
    Column("sector", "slug", "one field from `sectors.csv`", "satu bidang dari `sectors.csv`", required=True, ref=_SECTOR_REF,
           ref_message="must be one of the sector ids listed in sectors.csv"),
    Column("title_en", "text", "one line, in English", "satu baris, bahasa Inggris", required=True),
    Column("title_id", "text", "one line, in Indonesian", "satu baris, bahasa Indonesia", required=True),
    Column("context", "enum", "`no` only when a source reports that one of the two city governments (mayor, officials, "
           "an agency, a city-owned company; a city's contracted sister-city organisation, such as Fort Worth Sister "
           "Cities, counts as the city) organised the event or took part officially in an exchange between the two "
           "cities; an official delegation received by the host city's government counts even when other cities' "
           "delegations come the same week. `yes` for events run by others (an embassy or consulate, a ministry, a "
           "community group, a university or a firm alone; a troupe with no reported government role) and for forums "
           "and shows of many cities (a meeting of the two governments during one is a row of its own)",
           "`no` hanya bila sumber melaporkan salah satu pemerintah kota (wali kota, pejabat, dinas, BUMD; organisasi "
           "kota kembar yang dikontrak kota, seperti Fort Worth Sister Cities, dihitung sebagai kota) menyelenggarakan "
           "peristiwa itu atau ikut resmi dalam pertukaran antara kedua kota; delegasi resmi yang diterima pemerintah "
           "kota tuan rumah dihitung walau delegasi kota lain datang pekan yang sama. `yes` untuk peristiwa yang "
           "diselenggarakan pihak lain (kedutaan atau konsulat, kementerian, komunitas, universitas atau perusahaan "
           "saja; rombongan seni tanpa peran pemerintah yang dilaporkan) dan untuk forum atau pertunjukan banyak kota "
           "(pertemuan kedua pemerintah di sela acara itu menjadi baris tersendiri)",
           required=True, values=YES_NO),
    Column("happened", "enum", "whether the source reports that the event took place", "apakah sumber melaporkan "
           "peristiwa itu terjadi", optional=True, default="yes", values=HAPPENED, meanings={
               "yes": ("the source reports that it took place", "sumber melaporkan peristiwa itu terjadi"),
               "planned": ("announced or scheduled, not confirmed to have happened",
                           "diumumkan atau dijadwalkan, belum terkonfirmasi terjadi"),
               "cancelled": ("announced, then called off", "diumumkan, lalu dibatalkan")}),
    *_provenance("`2017-02-09`, `17:20`"),
    Column("source_url", "url", "the page that states the event", "laman yang menyatakan peristiwa itu", required=True),
    _CORROBORATION,
), rules=(
    _CORROBORATION_RULE,
    *_DATE_RULES,
    RowRule("end_date", "must not be before 'date'", "tidak boleh sebelum 'date'", _end_before_start),
    RowRule("kind", "the title says a document was signed: a signing between the two cities belongs in agreements.csv; "
            "here the kind may only be " + ", ".join(SIGNING_KINDS), "judul menyebut dokumen ditandatangani: "
            "penandatanganan antara kedua kota masuk agreements.csv; di sini jenisnya hanya boleh "
            + ", ".join(SIGNING_KINDS), _signing_as_activity),
    RowRule("happened", "the title's first clause says the event was planned, scheduled or will happen: set happened "
            "to planned (or cancelled)", "klausa pertama judul menyebut peristiwa direncanakan atau dijadwalkan: isi "
            "happened dengan planned (atau cancelled)", _planned_but_happened),
    *_provenance_rules(("date", "year", "end_date", "kind")),
), note_en="Dated events other than the signing of a document listed in `agreements.csv` (the dashboard shows both "
           "together on timelines). A title that says a document was signed (a word such as sign, signed, signing "
           "or signature together with a word such as agreement, MoU, LoI, charter or declaration) is a signing, "
           "which belongs in `agreements.csv`, unless the document is one of the two cities' agreements with a "
           "third party (`other_agreement`), an approval or an expiry. A title whose first clause (before `:` or "
           "`;`) says planned, scheduled or will describes a plan: `happened` is then `planned` or `cancelled`.",
    note_id="Peristiwa bertanggal selain penandatanganan dokumen di `agreements.csv`.")

SECTORS = Table("sectors.csv", "cooperation field of the controlled vocabulary", "bidang kerja sama dari kosakata baku", (
    Column("id", "slug", "identifier, e.g. `urban_planning`", "pengenal, mis. `urban_planning`", required=True, unique=True),
    Column("label_en", "text", "label in English", "label dalam bahasa Inggris", required=True, is_name=True),
    Column("label_id", "text", "label in Indonesian", "label dalam bahasa Indonesia", required=True, is_name=True),
    Column("color", "color", "one colour per sector, used by every map, chart and legend",
           "satu warna per bidang, dipakai semua peta, grafik dan legenda", required=True, example="#1965B0"),
    Column("order", "integer", "display order", "urutan tampilan", required=True, low=0, high=999),
), note_en="The palette is Paul Tol's \"discrete rainbow\" (designed to stay distinguishable for colour-blind readers; "
           "https://personal.sron.nl/~pault/), one colour per sector.",
    note_id="Paletnya \"discrete rainbow\" dari Paul Tol, satu warna per bidang.")

I18N = Table("i18n.csv", "word or sentence of the interface, in English and Indonesian",
             "kata atau kalimat antarmuka, dalam bahasa Inggris dan Indonesia", (
    Column("key", "key", "e.g. `filters.years`, `relationship.sister_city`", "mis. `filters.years`", required=True, unique=True),
    Column("en", "text", "the text in English", "teks dalam bahasa Inggris", required=True),
    Column("id", "text", "the text in Indonesian", "teks dalam bahasa Indonesia", required=True),
), rules=(
    RowRule("en", "placeholders in braces must be one of " + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
            + "; write {{ or }} for a brace", "penanda dalam kurung kurawal harus salah satu dari "
            + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS) + "; tulis {{ atau }} untuk kurung kurawal", _bad_template("en")),
    RowRule("id", "placeholders in braces must be one of " + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
            + "; write {{ or }} for a brace", "penanda dalam kurung kurawal harus salah satu dari "
            + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS) + "; tulis {{ atau }} untuk kurung kurawal", _bad_template("id")),
    RowRule("id", "must have the same {placeholders} as 'en'", "harus memuat {penanda} yang sama dengan 'en'",
            _placeholders_differ),
))


STORY = Table("story.csv", "step of the presenter's story (presentation mode, `?mode=present&step=N`)",
              "langkah cerita presentasi (mode presentasi)", (
    Column("step", "integer", "the step's number: 1, 2, ... in the order of the talk", "nomor langkah", required=True,
           unique=True, low=1, high=99),
    Column("id", "enum", "what the step draws", "apa yang digambar langkah itu", required=True, values=STORY_STEPS, meanings={
        "network": ("the map of the network today with the headline figures", "peta jaringan saat ini dengan angka utama"),
        "growth": ("the growth chart and the map at that time, with the history player",
                   "grafik pertumbuhan dan peta pada waktu itu, dengan pemutar sejarah"),
        "fields": ("the fields of cooperation", "bidang kerja sama"),
        "seoul": ("the Seoul case: question, findings and timeline", "kasus Seoul: pertanyaan, temuan dan lini masa"),
        "open": ("what the sources leave open", "yang belum dijawab sumber")}),
    Column("title_en", "text", "the step's title, in English", "judul langkah, bahasa Inggris", required=True),
    Column("title_id", "text", "the step's title, in Indonesian", "judul langkah, bahasa Indonesia", required=True),
    Column("takeaway_en", "text", "one sentence whose `{placeholders}` are filled from the current view, in English",
           "satu kalimat yang `{penanda}`-nya diisi dari tampilan saat ini, bahasa Inggris", required=True),
    Column("takeaway_id", "text", "the same sentence in Indonesian", "kalimat yang sama, bahasa Indonesia", required=True),
    Column("takeaway_narrow_en", "text", "the sentence for a narrow view, in English: one partner (`network`), "
           "partnerships in one decade or spread evenly over decades (`growth`), one field or fields that tie "
           "(`fields`); empty for the other steps",
           "kalimat untuk tampilan sempit, bahasa Inggris: satu mitra (`network`), kerja sama dalam satu dekade atau "
           "merata antardekade (`growth`), satu bidang atau bidang yang seri (`fields`); kosong untuk langkah lain",
           optional=True),
    Column("takeaway_narrow_id", "text", "the same, in Indonesian", "hal yang sama, bahasa Indonesia", optional=True),
    Column("takeaway_playing_en", "text", "the sentence while the history plays (`growth` only): what the network holds "
           "by the year reached, in English; empty for the other steps", "kalimat selama sejarah diputar (hanya "
           "`growth`), bahasa Inggris; kosong untuk langkah lain", optional=True),
    Column("takeaway_playing_id", "text", "the same, in Indonesian", "hal yang sama, bahasa Indonesia", optional=True),
), rules=(
    RowRule("takeaway_en", "may use only the placeholders its step fills in: " + _story_value_list("takeaway"),
            "hanya boleh memakai penanda yang diisi langkahnya", _story_placeholders("takeaway_en")),
    RowRule("takeaway_id", "may use only the placeholders its step fills in (see takeaway_en)",
            "hanya boleh memakai penanda yang diisi langkahnya", _story_placeholders("takeaway_id")),
    RowRule("takeaway_narrow_en", "may use only the placeholders its step fills in: " + _story_value_list("takeaway_narrow"),
            "hanya boleh memakai penanda yang diisi langkahnya", _story_placeholders("takeaway_narrow_en")),
    RowRule("takeaway_narrow_id", "may use only the placeholders its step fills in (see takeaway_narrow_en)",
            "hanya boleh memakai penanda yang diisi langkahnya", _story_placeholders("takeaway_narrow_id")),
    RowRule("takeaway_playing_en", "may use only the placeholders its step fills in: "
            + _story_value_list("takeaway_playing"), "hanya boleh memakai penanda yang diisi langkahnya",
            _story_placeholders("takeaway_playing_en")),
    RowRule("takeaway_playing_id", "may use only the placeholders its step fills in (see takeaway_playing_en)",
            "hanya boleh memakai penanda yang diisi langkahnya", _story_placeholders("takeaway_playing_id")),
    *(RowRule(column, "must be written for the steps that have this sentence ("
              + ", ".join(step for step, cases in STORY_VALUES.items() if column.rsplit("_", 1)[0] in cases)
              + ") and left empty for the others", "wajib diisi untuk langkah yang memiliki kalimat ini dan dikosongkan "
              "untuk langkah lain", _story_case_filled(column))
      for column in ("takeaway_narrow_en", "takeaway_narrow_id", "takeaway_playing_en", "takeaway_playing_id")),
), optional=True, min_rows=1, note_en="The wording of the story is data; what each step draws, and which figures its takeaway "
   "can name, are fixed by its `id`. A counted value comes with its noun in the right number (`{partners_count}` is "
   "\"one partner city\" or \"16 partner cities\"): those words, lists (\"A, B and C\") and ties (\"16 each\") are "
   "the `story.` and `words.` keys of `i18n.csv`, with `.one` and `.other` forms (and `.zero` where a sentence needs "
   "it). A data folder without `story.csv` gets the bundled story.",
   note_id="Kata-kata cerita adalah data; apa yang digambar setiap langkah ditentukan oleh `id`-nya.")


def _seoul_cards(title: str, title_en: str, title_id: str, text_en: str, text_id: str) -> tuple[Column, ...]:
    return (
        Column(f"{title}_en", "text", f"{title_en}, in English", f"{title_id}, bahasa Inggris", required=True),
        Column(f"{title}_id", "text", f"{title_en}, in Indonesian", f"{title_id}, bahasa Indonesia", required=True),
        Column("text_en", "markdown", f"{text_en}, in English", f"{text_id}, bahasa Inggris", required=True),
        Column("text_id", "markdown", f"{text_en}, in Indonesian", f"{text_id}, bahasa Indonesia", required=True),
    )


def _card_columns(example: str) -> tuple[Column, ...]:
    return (Column("id", "slug", f"identifier, e.g. {example}", "pengenal", required=True, unique=True),
            Column("order", "integer", "display order", "urutan tampilan", required=True, low=0, high=999))


_SEOUL_SOURCES = Column("source_urls", "urls", "the pages the text rests on; at least one",
                        "laman yang mendasari teks; minimal satu", required=True)

SEOUL_TEXTS = Table("seoul/texts.csv", "piece of running text on the page (title, introductions, notes)",
                    "potongan teks di halaman (judul, pengantar, catatan)", (
    Column("key", "slug", "which text; all of them are required: " + ", ".join(f"`{k}`" for k in SEOUL_TEXT_KEYS),
           "teks yang mana; semuanya wajib", required=True, unique=True),
    Column("en", "markdown", "the text in English; `legal_path` carries its source links inline as Markdown links",
           "teks dalam bahasa Inggris", required=True),
    Column("id", "markdown", "the text in Indonesian", "teks dalam bahasa Indonesia", required=True),
), required_keys=("key", SEOUL_TEXT_KEYS))

SEOUL_CONCEPTS = Table("seoul/concepts.csv", "analytical concept the thesis uses", "konsep analitis yang dipakai penelitian", (
    *_card_columns("`sister_city`, `paradiplomacy`"),
    Column("name_en", "text", "name of the concept, in English", "nama konsep, bahasa Inggris", required=True),
    Column("name_id", "text", "name of the concept, in Indonesian", "nama konsep, bahasa Indonesia", required=True),
    Column("text_en", "markdown", "a few sentences explaining it, in English", "beberapa kalimat penjelasan, bahasa Inggris",
           required=True),
    Column("text_id", "markdown", "a few sentences explaining it, in Indonesian", "beberapa kalimat penjelasan, bahasa Indonesia",
           required=True),
    _SEOUL_SOURCES,
))

SEOUL_FINDINGS = Table("seoul/findings.csv", "finding of the thesis, with the evidence beside it",
                       "temuan penelitian, dengan buktinya", (
    *_card_columns("`urban_planning`, `cultural_exchange`, `smart_city` (the abstract's order)"),
    *_seoul_cards("title", "short title", "judul singkat", "the finding as the thesis states it",
                  "temuan sebagaimana dinyatakan penelitian"),
    Column("sectors", "ids", "fields of `sectors.csv` whose timeline events the finding highlights; at least one",
           "bidang di `sectors.csv` yang peristiwanya disorot temuan ini; minimal satu", required=True, ref=_SECTOR_REF,
           ref_message=_SECTOR_MESSAGE),
    Column("evidence_en", "markdown", "how the public record bears on the finding (from the dashboard's data, not from "
           "the thesis), in English", "bagaimana catatan publik berkaitan dengan temuan, bahasa Inggris", required=True),
    Column("evidence_id", "markdown", "the same, in Indonesian", "hal yang sama, bahasa Indonesia", required=True),
    Column("source_urls", "urls", "the pages behind the evidence; at least one", "laman di balik bukti; minimal satu",
           required=True),
))

SEOUL_OPEN_QUESTIONS = Table("seoul/open_questions.csv", "disagreement between sources, or gap in them",
                             "perbedaan antarsumber, atau celah di dalamnya", (
    *_card_columns("`loi_date`, `classification`"),
    *_seoul_cards("title", "the question, one line", "pertanyaannya, satu baris", "what each source says, and what stays "
                  "unresolved", "apa kata tiap sumber, dan apa yang belum terjawab"),
    Column("answer_en", "text", "what the sources say, in one line (a short answer drawn from `text_en`, for a slide), "
           "in English", "apa kata sumber, dalam satu baris (jawaban singkat dari `text_en`, untuk salindia), bahasa "
           "Inggris", required=True),
    Column("answer_id", "text", "the same, in Indonesian", "hal yang sama, bahasa Indonesia", required=True),
    Column("source_urls", "urls", "the sources on every side; at least one", "sumber dari semua pihak; minimal satu",
           required=True),
))

SEOUL_CITATION = Table("seoul/citation.csv", "field of the citation of the thesis", "kolom kutipan penelitian", (
    Column("field", "slug", "`title`, `title_note_en`, `title_note_id`, `keywords_id`, `keywords_en`, `author`, `year`, "
           "`institution`, `document_type`", "nama kolom kutipan", required=True, unique=True),
    Column("value", "text", "the value; `author`, `year`, `institution` and `document_type` stay empty until someone fills "
           "them in from the thesis itself (they are never guessed)", "nilainya; tidak pernah ditebak"),
    Column("editable", "enum", "`yes` when the reader may fill in or correct the field on the page",
           "`yes` bila pembaca boleh mengisi atau membetulkan kolom itu", required=True, values=YES_NO),
), note_en="The abstract gives no formal title: `title` holds the research focus in the abstract's own words. "
           "`keywords_id` and `keywords_en` are the abstract's keywords, unchanged.",
    note_id="Abstraknya tidak memberi judul resmi: `title` memuat fokus penelitian dengan kata-kata abstrak itu.")

SEOUL_READING_LIST = Table("seoul/reading_list.csv", "related work", "karya terkait", (
    Column("order", "integer", "display order", "urutan tampilan", required=True, low=0, high=999, unique=True),
    Column("title", "text", "title as published (may stay in its original language)", "judul sebagaimana terbit", required=True),
    Column("authors", "text", "as shown by the source, comma-separated; empty when not shown",
           "sebagaimana tertulis di sumber, dipisah koma; kosong bila tidak ada"),
    Column("year", "year", "year of publication; empty when not shown", "tahun terbit; kosong bila tidak ada"),
    Column("venue", "text", "journal, series or repository", "jurnal, seri atau repositori"),
    Column("url", "url", "a public page for the work", "laman publik karya itu", required=True),
))

def _version_shape(t: pa.Table, ctx: Context) -> np.ndarray:
    return ~bools(pc.match_substring_regex(t.column("version"), VERSION_PATTERN))


DATASET = Table("dataset.csv", "release of the data set (exactly one row): what a citation, an export or a data package "
                "says of it", "rilis kumpulan data (tepat satu baris): yang disebut kutipan, ekspor atau paket data", (
    Column("id", "slug", "short name of the data set, e.g. `bandung-partnerships`", "nama pendek kumpulan data",
           required=True),
    Column("version", "text", "the release, as year.month.number (e.g. `2026.12.0`); `data/CHANGES.md` is grouped by it",
           "rilis, sebagai tahun.bulan.nomor (mis. `2026.12.0`)", required=True, example="2026.12.0"),
    Column("released", "date", "the day of the release, `YYYY-MM-DD`", "tanggal rilis, `YYYY-MM-DD`", required=True),
    Column("title_en", "text", "the data set's title, in English", "judul kumpulan data, bahasa Inggris", required=True),
    Column("title_id", "text", "the data set's title, in Indonesian", "judul kumpulan data, bahasa Indonesia", required=True),
    Column("description_en", "text", "one or two sentences on what it holds, in English",
           "satu atau dua kalimat tentang isinya, bahasa Inggris", required=True),
    Column("description_id", "text", "the same, in Indonesian", "hal yang sama, bahasa Indonesia", required=True),
    Column("licence", "text", "the data's licence as an SPDX id, e.g. `CC-BY-4.0`", "lisensi data sebagai id SPDX",
           required=True),
    Column("licence_title", "text", "the licence's full name", "nama lengkap lisensi", required=True),
    Column("licence_url", "url", "the licence's text", "teks lisensi", required=True),
    Column("homepage", "url", "the data set's public address, when it has one", "alamat publik kumpulan data, bila ada"),
), rules=(RowRule("version", "must look like 2026.12.0 (year, month, release number)",
                  "harus berbentuk 2026.12.0 (tahun, bulan, nomor rilis)", _version_shape),),
    rows=1, optional=True, bundled_stands_in=False,
    note_en="A folder without `dataset.csv` is data without a release: its exports name no version or licence.",
    note_id="Folder tanpa `dataset.csv` adalah data tanpa rilis: ekspornya tidak menyebut versi atau lisensi.")

TABLES: tuple[Table, ...] = (DATASET, HOME, COUNTRIES, PARTNERS, AGREEMENTS, ACTIVITIES, SECTORS, I18N, STORY, SEOUL_TEXTS,
                             SEOUL_CONCEPTS, SEOUL_FINDINGS, SEOUL_OPEN_QUESTIONS, SEOUL_CITATION, SEOUL_READING_LIST)
BY_NAME = {t.name: t for t in TABLES}
# The only files the validator reads (regular files, never symbolic links).
FILES = (*(t.name for t in TABLES), BASEMAP_FILE)

# ---------------------------------------------------------------------------------------------------------
# Documentation derived from the declarations

# How names are compared for uniqueness (the validator uses dashboard.lookalike.name_key).
UNIQUE_NAMES = ("compared as a reader sees them: without regard to case, to compatibility forms such as full-width "
                "letters (Unicode NFKC), or to look-alike characters such as a Cyrillic а for a Latin a (the "
                "confusables skeleton of Unicode TS #39)")

README_BEGIN = "<!-- generated by `python -m dashboard contract --write`: edit dashboard/contract.py, not this part -->"
README_END = "<!-- end of the generated part -->"


def _type_label(col: Column) -> str:
    label = TYPES[col.type][0]
    if col.type == "integer" and col.low is not None:
        label += f" {int(col.low):,} to {int(col.high):,}"
    if col.type == "number" and col.low is not None:
        label += f" {col.low:g} to {col.high:g}"
    if col.type == "year":
        label += f" {FIRST_YEAR} to this year"
    if col.unique:
        label += ", unique"
    if col.is_name:
        label += ", a name (no zero-width characters)"
    return label


def _required_label(col: Column) -> str:
    if col.required:
        return "yes"
    if col.optional:
        return f"no; the column may be left out (then `{col.default}`)" if col.default else "no; the column may be left out"
    return "no"


def _meaning(col: Column) -> str:
    parts = []
    if col.values:
        parts.append(", ".join(f"`{v}`" + (f" ({col.meanings[v][0]})" if v in col.meanings else "") for v in col.values))
    return ": ".join([col.en, *parts]) if parts else col.en


def table_markdown(table: Table) -> str:
    """One file's section of the README: what a row is, the columns, and the rules across columns."""
    lines = [f"## `{table.name.split('/')[-1] if table.name.startswith('seoul/') else table.name}`", "",
             f"One row per {table.en}.", ""]
    if table.note_en:
        lines += [table.note_en, ""]
    lines += ["| column | type | required | allowed values / meaning |", "|---|---|---|---|"]
    lines += [f"| `{c.name}` | {_type_label(c)} | {_required_label(c)} | {_meaning(c)} |" for c in table.columns]
    columns_of: dict[str, list[str]] = {}
    for rule in table.rules:  # one line per rule, naming every column it is reported on
        columns_of.setdefault(rule.en, []).append(f"`{rule.column}`")
    rules = [f"- {', '.join(columns)}: {text}." for text, columns in columns_of.items()]
    rules += [f"- `{group[-1]}`: unique together with " + ", ".join(f"`{g}`" for g in group[:-1])
              + f" ({UNIQUE_NAMES})." for group in table.unique_together]
    if table.rows is not None:
        rules.append(f"- exactly {table.rows} row.")
    if table.min_rows:
        rules.append(f"- at least {table.min_rows} row.")
    if rules:
        lines += ["", "Rules across columns:", "", *rules]
    return "\n".join(lines)


def readme_part(folder: str = "") -> str:
    """The generated part of data/README.md (folder "") or data/seoul/README.md (folder "seoul")."""
    tables = [t for t in TABLES if (t.name.startswith("seoul/") if folder == "seoul" else "/" not in t.name)]
    overview = ["| file | one row per |", "|---|---|"] + [f"| `{t.name}` | {t.en} |" for t in tables]
    if folder != "seoul":
        overview.append("| `seoul/*.csv` | the Seoul case page: texts, concepts, findings, open questions, citation, "
                        "reading list (see `seoul/README.md`) |")
        overview.append(f"| `{BASEMAP_FILE}` | the offline base map, a GeoJSON FeatureCollection whose features have "
                        "`properties` with `id` (ISO 3166-1 numeric) and `name`, and a Polygon or MultiPolygon geometry "
                        "of closed rings of `[longitude, latitude]` positions (two finite numbers each), at most "
                        f"{BASEMAP_MAX_BYTES / 1_000_000:g} MB (see `geo/PROVENANCE.md`) |")
    return "\n\n".join([README_BEGIN, "\n".join(overview), *(table_markdown(t) for t in tables), README_END])


def rewrite_readme(text: str, folder: str = "") -> str:
    """The README text with its generated part replaced (the rest is kept as written)."""
    start, end = text.find(README_BEGIN), text.find(README_END)
    if start < 0 or end < start:
        raise ValueError("the README has no generated part (markers missing)")
    return text[:start] + readme_part(folder) + text[end + len(README_END):]


# ---------------------------------------------------------------------------------------------------------
# The downloadable template


def template_readme() -> str:
    """A short bilingual guide for the template folder."""
    out = ["# Bandung Partnerships Atlas: data template / templat data", "",
           "One CSV per concept, UTF-8 (Excel: *CSV UTF-8*), one header line each. Fill in rows below the header, "
           "keep the column names, and check the folder with `python -m dashboard validate FOLDER`. "
           "Copy `i18n.csv` from the project's `data/` folder to keep the interface words. "
           "Every fact needs a public source URL.", "",
           "Satu CSV per konsep, UTF-8 (Excel: *CSV UTF-8*), masing-masing dengan satu baris judul kolom. Isi baris di "
           "bawahnya, jangan ubah nama kolom, lalu periksa folder dengan `python -m dashboard validate FOLDER`. "
           "Salin `i18n.csv` dari folder `data/` proyek agar kata-kata antarmuka tetap ada. "
           "Setiap fakta memerlukan URL sumber publik.", "",
           "Columns marked * need a value in every row. / Kolom bertanda * wajib diisi di setiap baris.", ""]
    for table in TABLES:
        out += [f"## {table.name}", "", f"One row per {table.en}. / Satu baris per {table.id}.", ""]
        for col in table.columns:
            values = f" [{' | '.join(col.values)}]" if col.values else ""
            mark = "*" if col.required else ""
            out.append(f"- `{col.name}`{mark} ({TYPES[col.type][0]} / {TYPES[col.type][1]}){values}: {col.en} / {col.id}")
        out.append("")
    return "\n".join(out)


def template_zip() -> bytes:
    """A ZIP with one header-only CSV per file of the contract (UTF-8 with a byte-order mark, as Excel likes
    it) and a short README: the starting point for a new data folder."""
    buffer = io.BytesIO()
    stamp = (1980, 1, 1, 0, 0, 0)  # fixed, so the same contract always gives the same bytes
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in TABLES:
            out = io.StringIO()
            csv.writer(out, lineterminator="\r\n").writerow(table.header)
            archive.writestr(zipfile.ZipInfo(table.name, stamp), ("\ufeff" + out.getvalue()).encode("utf-8"))
        archive.writestr(zipfile.ZipInfo("README.md", stamp), template_readme().encode("utf-8"))
    return buffer.getvalue()

