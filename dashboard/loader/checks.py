"""The rule engine: one table's cells checked against its declaration in the contract.

Every rule is an Arrow compute operation over whole columns (columns of one kind are stacked without
copying, so one operation checks them all): required cells, text safety (control and refused characters,
line breaks, formulas, angle brackets), each column's type, allowed values and references, uniqueness
(names compared as a reader sees them), and the contract's row rules across columns.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard import contract
from dashboard.contract import FIRST_YEAR, Column, Context, Table
from dashboard.loader.problems import MAX_PER_RULE, Collector, Problem
from dashboard.loader.scan import Parsed, matrix, stack
from dashboard.lookalike import name_key

_FORMULA = ("must not start with =, +, -, @ or a look-alike of them (such as the full-width ＝＋－＠), a tab, a line end, "
            "or a space-like or invisible character (such as U+00A0, U+FEFF or U+3000): a spreadsheet could run it as "
            "a formula")
_ANGLE = "must not contain < or > (the text is shown in a browser)"
_CONTROL = "contains a control character (such as NUL or a tab), which is not allowed"


def _starts_with(rule: str) -> Callable[[str], str]:
    return lambda value: f"{rule} (it starts with {contract.code_point(value[0])})" if value else rule


def _contains(why: str, name: bool = False) -> tuple[str, Callable[[str], str]]:
    """A rule on characters the contract refuses, and how one problem names the character at fault."""
    def describe(value: str) -> str:
        found = contract.refused_character(value, name=name)
        return f"contains {found[0]}, {found[1]}, which is not allowed" if found else rule
    rule = f"contains {why}, which is not allowed"
    return rule, describe


_REFUSED = [(contract.char_class(ranges), *_contains(why)) for why, ranges in contract.REFUSED_EVERYWHERE]
_ZERO_WIDTH = (contract.char_class(contract.REFUSED_IN_NAMES[1]), *_contains(contract.REFUSED_IN_NAMES[0], name=True))
_CONTROL_DESCRIBE = _contains("a control character")[1]
_LINE_BREAK = ("a line break is allowed only in long text (the Seoul page's texts); if a quote (\") opens this cell "
               "and is not closed where you meant, close it")
_URL_PARTS = "no spaces, quotes, brackets, parentheses or angle brackets (write them as %20, %22, %5B, %5D, %28, %29)"
_URL_RULE = f"must be an http:// or https:// address with a host, and {_URL_PARTS}"
_URLS_RULE = f"must be http:// or https:// addresses with a host, separated by single spaces, with {_URL_PARTS}"


def header_cells(table: Table, parsed: Parsed, out: Collector, notes: list[str]) -> pa.Table | None:
    """The table with exactly the contract's columns (optional ones filled with their default), or None when
    the header makes it unusable (the problem says why)."""
    header = parsed.header
    seen: set[str] = set()
    duplicated = [c for c in header if c in seen or seen.add(c)]  # type: ignore[func-returns-value]
    for col in dict.fromkeys(duplicated):
        out.add(Problem(table.name, 1, col, None, "the column appears more than once in the header"))
    missing = [c.name for c in table.columns if not c.optional and c.name not in header]
    for col in missing:
        out.add(Problem(table.name, 1, col, None, "this required column is missing from the header"))
    if duplicated or missing:
        return None
    extra = [c for c in header if c not in set(table.header)]
    if extra:
        notes.append(f"{table.name}: column " + ", ".join(f"'{c}'" for c in extra) + " is not part of the contract "
                     "and was not read")
    rows = parsed.table.num_rows
    return pa.table({c.name: parsed.table.column(c.name) if c.name in header else pa.array([c.default] * rows, pa.string())
                     for c in table.columns})


_PATTERNS = {"slug": (contract.SLUG, "must be a lower-case identifier (a-z, 0-9, '_' and '-')"),
             "key": (contract.KEY, "must be a dotted key like 'filters.years'"),
             "iso3": (contract.ISO3, "must be 3 upper-case letters"),
             "color": (contract.COLOR, "must be a colour like #1965B0"),
             "url": (contract.URL, _URL_RULE), "urls": (contract.URLS, _URLS_RULE),
             "ids": (contract.IDS, "must be lower-case identifiers separated by single spaces")}
# Regular expressions that no clean cell matches: when they find nothing in a table, the separate checks
# for control characters, refused characters, line breaks, formulas and angle brackets are skipped. Every
# character the contract refuses beyond control characters lies beyond ASCII, and so do all but the ASCII
# formula starts: the patterns with large Unicode classes (slower, even in RE2) run only on the few cells
# that hold a character beyond ASCII.
_SUSPECT = r"[\x00-\x1f\x7f-\x9f<>]|^[=+@\n-]"
_REFUSED_ANY = contract.char_class((*(r for _, ranges in contract.REFUSED_EVERYWHERE for r in ranges),
                                    *contract.REFUSED_IN_NAMES[1]))
_SUSPECT_WIDE = "|".join([contract.FORMULA_PATTERN, _REFUSED_ANY])
_MONTH_DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _full(values: pa.ChunkedArray, pattern: str) -> pa.ChunkedArray:
    return pc.match_substring_regex(values, f"^(?:{pattern})$")


def _numbers(values: pa.ChunkedArray, pattern: str) -> np.ndarray:
    """Float values where the cell is written as the pattern wants (ASCII digits), NaN elsewhere."""
    ok = _full(values, pattern)
    number = pc.cast(pc.if_else(ok, values, "0"), pa.float64()).to_numpy()
    return np.where(np.asarray(ok.to_numpy(zero_copy_only=False), dtype=bool), number, np.nan)


def _dates(values: pa.ChunkedArray, this_year: int) -> np.ndarray:
    """True where the cell is a date YYYY-MM-DD, YYYY-MM or YYYY that exists, in the years allowed."""
    shaped = np.asarray(_full(values, contract.DATE).to_numpy(zero_copy_only=False), dtype=bool)
    year = _numbers(pc.utf8_slice_codeunits(values, 0, 4), "[0-9]{4}")
    month = _numbers(pc.utf8_slice_codeunits(values, 5, 7), "[0-9]{2}")
    day = _numbers(pc.utf8_slice_codeunits(values, 8, 10), "[0-9]{2}")
    with np.errstate(invalid="ignore"):
        leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
        days = _MONTH_DAYS[np.clip(np.nan_to_num(month, nan=1), 1, 12).astype(int) - 1] + (leap & (month == 2))
        exists = np.isnan(day) | (day <= days)
        return shaped & exists & (year >= FIRST_YEAR) & (year <= this_year)


def _report(out: Collector, table: Table, cells: pa.Table, lines: np.ndarray, columns: list[Column],
            broken: np.ndarray, rules: str | list[str], describe: Callable[[str], str] | None = None) -> None:
    for i, col in enumerate(columns):
        if broken[i].any():
            out.mask(table.name, col.name, rules if isinstance(rules, str) else rules[i], broken[i],
                     cells.column(col.name), lines, describe)


def _cell_problems(table: Table, cells: pa.Table, parsed: Parsed, ctx: Context, out: Collector) -> np.ndarray:
    """The rules every cell of a column follows: required, text safety, type, allowed values, references.
    Columns are stacked (without copying) so that one Arrow operation checks all cells of a kind. Returns
    which cells hold a well-formed value, as a (column, row) matrix."""
    columns, rows = list(table.columns), cells.num_rows

    def report(group: list[Column], broken: np.ndarray, rules: str | list[str],
               describe: Callable[[str], str] | None = None) -> None:
        _report(out, table, cells, parsed.lines, group, broken, rules, describe)

    def found(result: pa.ChunkedArray) -> np.ndarray:
        return matrix(result, len(columns), rows)

    every = stack(cells, table.header)
    filled = ~found(pc.equal(every, ""))
    required = np.array([c.required for c in columns])[:, None]
    report(columns, ~filled & required, "a value is required")
    beyond_ascii = pc.invert(pc.string_is_ascii(every))
    wide = np.flatnonzero(contract.bools(beyond_ascii))  # cells with a character beyond ASCII
    # filter, not take: a take on the stacked columns would first copy them all into one array
    wide_cells = pc.filter(every, beyond_ascii) if len(wide) else None

    def found_wide(pattern: str) -> np.ndarray:
        """Where the pattern is found, looking only at the cells beyond ASCII."""
        hits = contract.bools(pc.match_substring_regex(wide_cells, pattern)) if len(wide) else np.zeros(0, bool)
        return contract.scatter(wide, len(every), hits).reshape(len(columns), rows)

    if pc.any(pc.match_substring_regex(every, _SUSPECT)).as_py() or found_wide(_SUSPECT_WIDE).any():
        numeric = np.array([c.type in contract.NUMERIC_TYPES for c in columns])[:, None]
        markdown = np.array([c.type == "markdown" for c in columns])[:, None]
        if parsed.has_control:
            report(columns, found(pc.match_substring_regex(every, contract.CONTROL)), _CONTROL, _CONTROL_DESCRIBE)
        if found_wide(_REFUSED_ANY).any():
            for pattern, rule, describe in _REFUSED:
                report(columns, found_wide(pattern), rule, describe)
            names = np.array([c.is_name for c in columns])[:, None]
            pattern, rule, describe = _ZERO_WIDTH
            report(columns, found_wide(pattern) & names, rule, describe)
        report(columns, found(pc.match_substring(every, "\n")) & ~markdown, _LINE_BREAK)
        formula = found(pc.match_substring_regex(every, r"^[=+@\x09-\x0d\x20-]")) | found_wide(contract.FORMULA_PATTERN)
        report(columns, formula & ~numeric, _FORMULA, _starts_with(_FORMULA))
        report(columns, found(pc.match_substring_regex(every, "[<>]")) & ~numeric, _ANGLE)

    position = {c.name: i for i, c in enumerate(columns)}
    well_formed = filled.copy()  # cleared where a value breaks its type, so that references skip it
    by_type: dict[str, list[Column]] = {}
    for col in columns:
        by_type.setdefault(col.type, []).append(col)
    for kind, group in by_type.items():
        rows_of = [position[c.name] for c in group]
        values = stack(cells, [c.name for c in group])
        rules: str | list[str]
        if kind in _PATTERNS:
            pattern, rules = _PATTERNS[kind]
            ok = matrix(_full(values, pattern), len(group), rows)
        elif kind in ("integer", "year", "number"):
            value = _numbers(values, contract.NUMBER if kind == "number" else contract.INTEGER).reshape(len(group), rows)
            low = np.array([FIRST_YEAR if kind == "year" else c.low for c in group], dtype=float)[:, None]
            high = np.array([ctx.this_year if kind == "year" else c.high for c in group], dtype=float)[:, None]
            with np.errstate(invalid="ignore"):
                ok = (value >= low) & (value <= high)
            if kind == "number":
                rules = [f"must be a number from {c.low:g} to {c.high:g}, in ASCII digits with a point (e.g. {c.example})"
                         for c in group]
            else:
                rules = [f"must be a whole number from {low[i, 0]:g} to {high[i, 0]:g}, in ASCII digits"
                         for i in range(len(group))]
        elif kind == "date":
            ok = _dates(values, ctx.this_year).reshape(len(group), rows)
            rules = f"must be a date YYYY-MM-DD, YYYY-MM or YYYY with a year from {FIRST_YEAR} to {ctx.this_year}"
        elif kind == "enum":
            ok = np.stack([np.asarray(pc.is_in(cells.column(c.name), value_set=pa.array(c.values, pa.string()))
                                      .to_numpy(zero_copy_only=False), dtype=bool) for c in group])
            rules = ["must be one of: " + ", ".join(c.values) for c in group]
        else:
            continue  # text and markdown: only the rules above
        well_formed[rows_of] &= ok
        report(group, filled[rows_of] & ~ok, rules)

    for col in columns:
        target = ctx.tables.get(col.ref[0]) if col.ref else None
        if target is None or col.ref is None:
            continue  # no reference, or the referenced file has its own problem: no flood of follow-on ones
        allowed = target.column(col.ref[1])
        check = well_formed[position[col.name]]
        if col.type == "ids":
            items = pc.split_pattern(cells.column(col.name), " ")
            unknown_item = ~np.asarray(pc.is_in(pc.list_flatten(items), value_set=allowed).to_numpy(zero_copy_only=False),
                                       dtype=bool)
            parent = np.asarray(pc.list_parent_indices(items).to_numpy(), dtype=np.intp)
            unknown = np.bincount(parent[unknown_item], minlength=rows).astype(bool) & check
        else:
            unknown = check & ~np.asarray(pc.is_in(cells.column(col.name), value_set=allowed)
                                          .to_numpy(zero_copy_only=False), dtype=bool)
        if unknown.any():
            out.mask(table.name, col.name, col.ref_message, unknown, cells.column(col.name), parsed.lines)
    return well_formed


def _unique(name: str, column: str, key: pa.ChunkedArray, filled: np.ndarray, lines: np.ndarray, out: Collector,
            what: str, shown: pa.ChunkedArray | None = None) -> None:
    """Report the rows whose key repeats an earlier row's; with `shown` (the cells as written), a row whose
    key repeats another that is written differently says which value it looks like."""
    ordered = key.take(pc.sort_indices(key))
    if len(key) < 2 or not pc.any(pc.equal(ordered[1:], ordered[:-1])).as_py():
        return  # the usual case, found by Arrow without building Python objects
    values = key.to_numpy(zero_copy_only=False)
    later = pd.Series(values).duplicated(keep="first").to_numpy() & filled
    first = pd.Series(np.arange(len(values))).groupby(values, sort=False).transform("first").to_numpy()
    rows = np.flatnonzero(later)
    written = shown.to_pylist() if shown is not None else None
    for row in rows[:MAX_PER_RULE]:
        rule = f"{what}; it already appears on line {int(lines[first[row]])}"
        if written is not None and written[row] != written[first[row]]:
            rule += f" as {written[first[row]]!r}, which looks the same"
        out.add(Problem(name, int(lines[row]), column, written[row] if written is not None else None, rule),
                rule_key=what)
    out.counts[(name, column, what)] += max(0, len(rows) - MAX_PER_RULE)  # counted, not listed


def _name_keys(values: pa.ChunkedArray) -> pa.Array:
    """Each name as `lookalike.name_key` compares it (worked out once per distinct name)."""
    distinct = pc.unique(values)
    keys = pa.array([name_key(v) for v in distinct.to_pylist()], pa.string())
    return pc.take(keys, pc.index_in(values, value_set=distinct))


def check_table(table: Table, cells: pa.Table, parsed: Parsed, ctx: Context, out: Collector) -> None:
    """Every column rule, uniqueness and row rule of one table; problems go to `out`."""
    lines = parsed.lines
    if cells.num_rows:
        well_formed = _cell_problems(table, cells, parsed, ctx, out)
        ctx.valid = {col.name: well_formed[i] for i, col in enumerate(table.columns)}
        for col in table.columns:
            if col.unique:
                _unique(table.name, col.name, cells.column(col.name), ~contract.eq(cells, col.name, ""), lines, out,
                        "must be unique")
        for group in table.unique_together:
            key = pc.binary_join_element_wise(*(_name_keys(cells.column(c)) for c in group), "\x1f")
            filled = np.logical_and.reduce([~contract.eq(cells, c, "") for c in group])
            _unique(table.name, group[-1], key, filled, lines, out,
                    f"must be unique for the same {', '.join(group[:-1])} (links find partners by name; names are "
                    f"{contract.UNIQUE_NAMES})", shown=cells.column(group[-1]))
        for rule in table.rules:
            if all(ctx.tables.get(need) is not None for need in rule.needs):
                broken = np.asarray(rule.check(cells, ctx), dtype=bool)
                out.mask(table.name, rule.column, rule.en, broken, cells.column(rule.column), lines)
    if table.rows is not None and cells.num_rows != table.rows:
        out.add(Problem(table.name, None, None, None, f"must have exactly {table.rows} row, it has {cells.num_rows}"))
    if cells.num_rows < table.min_rows:
        out.add(Problem(table.name, None, None, None, f"must have at least {table.min_rows} row, it has {cells.num_rows}"
                        + ("; leave the file out to use the bundled one" if table.optional and table.bundled_stands_in
                           else "")))
    if table.required_keys:
        column, keys = table.required_keys
        present = set(cells.column(column).to_pylist())
        for key in keys:
            if key not in present:
                out.add(Problem(table.name, None, column, key, "this text is missing"))
