"""The row rules' checks: each takes a table (an Arrow table of strings, one column per column of the
contract) and the `Context`, and returns a boolean array, True on the rows that break the rule. Vectorised:
whole columns in, one boolean per row out. The declarations (`tables.py`) say which rule applies where and
word it."""

from __future__ import annotations

from typing import cast

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.contract.patterns import DOCUMENT_WORDS, PLANNED_WORDS, SIGNING_WORDS, VERSION_PATTERN
from dashboard.contract.schema import Context, RowCheck, bools, eq, isin, matches, scatter
from dashboard.contract.vocab import ACTIVITY_KINDS, CONFIDENCES, PLACEHOLDERS, SIGNING_KINDS, STORY_VALUES, StoryCase

_DATE_LENGTH = {"day": 10, "month": 7, "year": 4}


def date_shape(t: pa.Table, ctx: Context) -> np.ndarray:
    length = np.asarray(pc.utf8_length(t.column("date")).to_numpy(zero_copy_only=False))
    expected = np.select([eq(t, "date_precision", p) for p in _DATE_LENGTH], list(_DATE_LENGTH.values()), -1)
    return ctx.valid["date"] & (expected > 0) & (length != expected)


def year_of_date(t: pa.Table, ctx: Context) -> np.ndarray:
    differ = bools(pc.not_equal(pc.utf8_slice_codeunits(t.column("date"), 0, 4), t.column("year")))
    return ctx.valid["date"] & ctx.valid["year"] & differ


def end_before_start(t: pa.Table, ctx: Context) -> np.ndarray:
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


def not_confirmed(t: pa.Table) -> np.ndarray:
    return isin(t, "confidence", CONFIDENCES) & ~eq(t, "confidence", "confirmed")


def alt_source_is_own(t: pa.Table, ctx: Context) -> np.ndarray:
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


def corroboration_is_own(t: pa.Table, ctx: Context) -> np.ndarray:
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


def alt_value_same_as(columns: tuple[str, ...]) -> RowCheck:
    def check(t: pa.Table, ctx: Context) -> np.ndarray:
        alt = t.column("alt_value")
        same = np.zeros(t.num_rows, dtype=bool)
        for col in columns:
            same |= bools(pc.equal(t.column(col), alt))
        return same & ~eq(t, "alt_value", "")
    return check


def first_year_mismatch(t: pa.Table, ctx: Context) -> np.ndarray:
    agreements = ctx.tables["agreements.csv"]
    assert agreements is not None  # the rule needs agreements.csv: it is skipped when that could not be read
    dated = agreements.filter(pc.match_substring_regex(agreements.column("year"), "^[0-9]{4}$"))
    earliest = dated.group_by("partner_id").aggregate([("year", "min")])  # ISO years sort as text
    where = pc.index_in(t.column("id"), value_set=earliest.column("partner_id"))
    expected = pc.fill_null(pc.take(earliest.column("year_min"), where), "")
    return bools(pc.not_equal(t.column("first_year"), expected))


def signing_as_activity(t: pa.Table, ctx: Context) -> np.ndarray:
    suspect = eq(t, "happened", "yes") & isin(t, "kind", ACTIVITY_KINDS) & ~isin(t, "kind", SIGNING_KINDS)
    suspect &= bools(pc.match_substring(t.column("title_en"), "sign", ignore_case=True))  # cheap, before the words
    rows = np.flatnonzero(suspect)
    if not len(rows):
        return suspect
    title = pc.utf8_lower(t.column("title_en").take(rows))
    return scatter(rows, t.num_rows, matches(title, SIGNING_WORDS) & matches(title, DOCUMENT_WORDS))


def planned_but_happened(t: pa.Table, ctx: Context) -> np.ndarray:
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


def bad_template(column: str) -> RowCheck:
    def check(t: pa.Table, ctx: Context) -> np.ndarray:
        rows = np.flatnonzero(matches(t.column(column), "[{}]"))
        if not len(rows):
            return np.zeros(t.num_rows, dtype=bool)
        rest = pc.replace_substring_regex(t.column(column).take(rows), _ESCAPED_BRACES, "")
        rest = pc.replace_substring_regex(rest, _KNOWN_PLACEHOLDER, "")
        return scatter(rows, t.num_rows, matches(rest, "[{}]"))
    return check


def story_placeholders(column: str) -> RowCheck:
    """A takeaway may name only the values its step computes for that sentence (and {{ }} for braces)."""
    case = cast(StoryCase, column.rsplit("_", 1)[0])  # takeaway_en -> takeaway

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


def story_case_filled(column: str) -> RowCheck:
    """A step's sentence for a case is written exactly when the step has that case."""
    case = cast(StoryCase, column.rsplit("_", 1)[0])  # takeaway_en -> takeaway
    has_case = tuple(step for step, cases in STORY_VALUES.items() if case in cases)

    def check(t: pa.Table, ctx: Context) -> np.ndarray:
        empty = bools(pc.equal(pc.utf8_trim_whitespace(t.column(column)), ""))
        return np.where(isin(t, "id", has_case), empty, ~empty)
    return check


def story_value_list(case: str) -> str:
    return "; ".join(f"{step}: " + ", ".join(f"{{{n}}}" for n in cases[case])
                     for step, cases in STORY_VALUES.items() if case in cases)


def placeholders_differ(t: pa.Table, ctx: Context) -> np.ndarray:
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


def version_shape(t: pa.Table, ctx: Context) -> np.ndarray:
    return ~bools(pc.match_substring_regex(t.column("version"), VERSION_PATTERN))

