"""An upload's problems as a table, its files as frames to preview and edit, and the corrected folder.

Plain Python, no Streamlit (the page "Use your own data" draws what these build): the problems table
(file, line, column, value, rule, how to fix) in the viewer's language, as a frame and as CSV bytes; a
preview of each uploaded file with its bad cells highlighted (a pandas Styler); the editor's columns from
the contract (vocabularies as pick lists, numbers as numbers); the edited frames checked again by the same
validator; and the corrected files as a ZIP in the contract's layout that `python -m dashboard validate`
accepts.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard import contract
from dashboard.contract import Table
from dashboard.i18n import Translator
from dashboard.loader import DataError, Problem, load_files
from dashboard.upload import Notice, Outcome, Prepared

COLUMNS = ("file", "line", "column", "value", "rule", "fix")
TABLE_BY_NAME = {table.name: table for table in contract.TABLES}
HIGHLIGHT = "background-color: #FDE2E1; color: #7A1712; font-weight: 600"  # contrast 8:1, readable for axe

# The validator's rules (English, as the loader words them) and their i18n keys: the rule's Indonesian
# text and how to fix it. Named groups fill the placeholders. The contract's row rules carry their own
# Indonesian text (RowRule.id) and are looked up there first.
_RULES: tuple[tuple[str, str, str], ...] = (
    (r"a value is required$", "rule.required", "fix.required"),
    (r"contains (?P<value>.+), which is not allowed$", "rule.refused", "fix.refused"),
    (r"a line break is allowed only in long text", "rule.line_break", "fix.line_break"),
    (r"must not start with =, \+, -, @", "rule.formula", "fix.formula"),
    (r"must not contain < or >", "rule.angle", "fix.angle"),
    (r"must be a lower-case identifier", "rule.slug", "fix.pattern"),
    (r"must be a dotted key", "rule.key", "fix.pattern"),
    (r"must be 3 upper-case letters", "rule.iso3", "fix.pattern"),
    (r"must be a colour like", "rule.color", "fix.pattern"),
    (r"must be an http:// or https:// address", "rule.url", "fix.pattern"),
    (r"must be http:// or https:// addresses", "rule.urls", "fix.pattern"),
    (r"must be lower-case identifiers separated", "rule.ids", "fix.pattern"),
    (r"must be a number from (?P<first>\S+) to (?P<last>\S+), in ASCII digits with a point \(e\.g\. (?P<number>[^)]*)\)",
     "rule.number", "fix.number"),
    (r"must be a whole number from (?P<first>\S+) to (?P<last>\S+), in ASCII digits", "rule.integer", "fix.pattern"),
    (r"must be a date YYYY-MM-DD, YYYY-MM or YYYY with a year from (?P<first>\d+) to (?P<last>\d+)", "rule.date",
     "fix.pattern"),
    (r"must be one of: (?P<names>.+)$", "rule.one_of", "fix.one_of"),
    (r"must be a country listed in countries\.csv", "rule.ref_country", "fix.ref_country"),
    (r"must be an id listed in partners\.csv", "rule.ref_partner", "fix.ref_partner"),
    (r".*sector ids? (listed in|from) sectors\.csv", "rule.ref_sector", "fix.ref_sector"),
    (r"must be unique.*; it already appears on line (?P<line>\d+)", "rule.unique", "fix.unique"),
    (r"the column appears more than once in the header", "rule.header_twice", "fix.header"),
    (r"this required column is missing from the header", "rule.header_missing", "fix.header"),
    (r"must have exactly (?P<count>\d+) row, it has (?P<total>\d+)", "rule.rows_exact", "fix.rows"),
    (r"must have at least (?P<count>\d+) row, it has (?P<total>\d+)", "rule.rows_min", "fix.rows"),
    (r"this text is missing", "rule.text_missing", "fix.required"),
    (r"the file is missing", "rule.missing", "fix.missing"),
    (r"the file is empty", "rule.empty", "fix.file"),
    (r"the row has (?P<count>\d+) cells but the header has (?P<total>\d+)", "rule.cells", "fix.cells"),
    (r".*quote", "rule.quote", "fix.cells"),
    (r"(the file could not be read|the rows of the file could not|the file is not UTF-8|a carriage return)",
     "rule.unreadable", "fix.file"),
)
_MORE = re.compile(r"… and (?P<count>[\d,]+) more like this \((?P<rule>.*)\)$")
_ROW_RULES = {rule.en: rule.id for table in contract.TABLES for rule in table.rules}


def _match(rule: str) -> tuple[str, str, dict[str, str]] | None:
    for pattern, key, fix in _RULES:
        found = re.match(pattern, rule)
        if found:
            return key, fix, {k: v for k, v in found.groupdict().items() if v is not None}
    return None


def rule_text(rule: str, t: Translator) -> str:
    """A rule of the validator in the viewer's language: the validator's own English, or the contract's
    Indonesian (row rules) and data/i18n.csv's (the others)."""
    more = _MORE.match(rule)
    if more:
        return f"… {t('rule.more', count=more['count'])} ({rule_text(more['rule'], t)})"
    if t.lang == "en":
        return rule
    if rule in _ROW_RULES:
        return _ROW_RULES[rule]
    found = _match(rule)
    if found is None:
        return rule
    key, _, values = found
    return t(key, **values)


def fix_text(problem: Problem, t: Translator) -> str:
    """How to fix a problem, in the viewer's language."""
    rule = problem.rule
    more = _MORE.match(rule)
    if more:
        rule = more["rule"]
    if rule in _ROW_RULES:
        return t("fix.row_rule")
    found = _match(rule)
    if found is None:
        return t("fix.generic")
    _, fix, values = found
    return t(fix, value=problem.value or "", **{k: v for k, v in values.items() if k != "value"})


def notice_text(notice: Notice, t: Translator) -> str:
    return t(notice.key, **notice.values) if notice.values else t(notice.key)


def problem_table(outcome: Outcome, t: Translator) -> pd.DataFrame:
    """Every problem of an upload, one row each: file, line, column, value, rule and how to fix it (the
    upload's own notices first, their text saying what to do)."""
    rows = [(n.file, n.line, "", "", notice_text(n, t), "") for n in outcome.prepared.problems]
    rows += [(p.file, p.line, p.column or "", "" if p.value is None else str(p.value), rule_text(p.rule, t),
              fix_text(p, t)) for p in outcome.problems]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame["line"] = frame["line"].astype("Int64")
    return frame


def headers(t: Translator) -> dict[str, str]:
    return {c: t(f"report.{c}") for c in COLUMNS}


def problem_csv(table: pd.DataFrame, t: Translator) -> bytes:
    """The problems table as a CSV file (UTF-8 with a byte-order mark, so Excel reads it as UTF-8); a cell
    that a spreadsheet could run as a formula is prefixed with an apostrophe."""
    safe = table.rename(columns=headers(t)).astype(object).where(table.notna().to_numpy(), "")
    safe = safe.map(lambda v: "'" + v if isinstance(v, str) and contract.starts_like_formula(v) else v)
    return safe.to_csv(index=False, lineterminator="\n").encode("utf-8-sig")


# --- Frames to preview and edit ------------------------------------------------------------------------------

@dataclass
class Sheet:
    """One uploaded file as a frame of strings with the contract's columns in its order, and the line of
    the file each row starts on (the header is line 1), so a problem's line finds its row."""

    name: str
    frame: pd.DataFrame
    lines: list[int]


def read_sheet(name: str, data: bytes) -> Sheet:
    """A file as the editor shows it: rows of empty cells left out (as the validator does), cells trimmed,
    columns the contract does not name dropped, missing optional ones filled with their default."""
    table = TABLE_BY_NAME[name]
    text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except (StopIteration, csv.Error):
        header = []
    rows, lines, start = [], [], reader.line_num + 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append([cell.strip() for cell in row])
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error:
        pass  # the problems table says where; the editor shows the rows before it
    width = len(header)
    rows = [(row + [""] * width)[:width] for row in rows]
    read = pd.DataFrame(rows, columns=header, dtype=object) if header else pd.DataFrame()
    read = read.loc[:, ~read.columns.duplicated()]
    frame = pd.DataFrame({c.name: read[c.name] if c.name in read.columns else
                          pd.Series([c.default] * len(rows), dtype=object) for c in table.columns}, dtype=object)
    return Sheet(name, frame.reset_index(drop=True), lines)


def sheets(prepared: Prepared) -> dict[str, Sheet]:
    """The uploaded files (not those the bundled data lent) as sheets, in the contract's order."""
    return {name: read_sheet(name, prepared.files[name]) for name in TABLE_BY_NAME if name in prepared.uploaded
            and name in prepared.files}


def to_csv(frame: pd.DataFrame, table: Table) -> tuple[bytes, list[int]]:
    """A frame as the contract's file (UTF-8, its columns in its order, every value as text) and the line
    each row starts on."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.header)
    lines, line = [], 2
    for row in frame.reindex(columns=table.header).itertuples(index=False):
        cells = [_cell(v) for v in row]
        writer.writerow(cells)
        lines.append(line)
        line += 1 + sum(c.count("\n") for c in cells)
    return out.getvalue().encode("utf-8"), lines


def _cell(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def recheck(prepared: Prepared, edited: Mapping[str, pd.DataFrame]) -> tuple[Outcome, dict[str, Sheet]]:
    """The edited frames checked again with the same validator; the sheets as they now stand (their lines
    follow the rewritten files)."""
    files = dict(prepared.files)
    now: dict[str, Sheet] = {}
    for name, frame in edited.items():
        data, lines = to_csv(frame, TABLE_BY_NAME[name])
        files[name] = data
        now[name] = Sheet(name, frame.reset_index(drop=True), lines)
    again = Prepared(files, prepared.uploaded, prepared.lent, [n for n in prepared.notices if not n.problem])
    try:
        return Outcome(again, load_files(files), []), now
    except DataError as err:
        return Outcome(again, None, err.problems), now


def bad_cells(sheet: Sheet, problems: list[Problem]) -> set[tuple[int, str | None]]:
    """(row, column) of the sheet's cells that have a problem; column None marks the whole row."""
    row_of = {line: i for i, line in enumerate(sheet.lines)}
    found = set()
    for p in problems:
        if p.file == sheet.name and p.line is not None and p.line in row_of:
            found.add((row_of[p.line], p.column if p.column in sheet.frame.columns else None))
    return found


def preview(sheet: Sheet, problems: list[Problem], limit: int = 200) -> pd.io.formats.style.Styler:
    """The sheet's first rows (and every row with a problem, up to `limit`) with its bad cells highlighted;
    the index is the file's line, as a spreadsheet shows it."""
    bad = bad_cells(sheet, problems)
    rows = sorted({r for r, _ in bad} | set(range(min(len(sheet.frame), 20))))[:limit]
    shown = sheet.frame.iloc[rows].copy()
    shown.index = pd.Index([sheet.lines[r] for r in rows], name="line")
    by_line = {sheet.lines[r]: r for r in rows}

    def style(frame: pd.DataFrame) -> pd.DataFrame:
        out = pd.DataFrame("", index=frame.index, columns=frame.columns)
        for line in frame.index:
            r = by_line[line]
            for column in frame.columns:
                if (r, column) in bad or (r, None) in bad:
                    out.loc[line, column] = HIGHLIGHT
        return out

    return shown.style.apply(style, axis=None)


# --- The editor -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class EditorColumn:
    """How the editor shows one column: `kind` is "select" (a pick list of `options`), "number" or
    "integer" (with bounds), or "text"; `help` is the contract's description in the viewer's language."""

    kind: str
    help: str
    required: bool
    options: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None


def editor_columns(name: str, lang: str, sectors: tuple[str, ...] = ()) -> dict[str, EditorColumn]:
    """The editor's columns of a file, from the contract: vocabularies as pick lists (a sector as one of
    `sectors`), numbers and whole numbers as number columns, the rest as text."""
    out = {}
    for c in TABLE_BY_NAME[name].columns:
        words = c.id if lang == "id" else c.en
        if c.type == "enum":
            out[c.name] = EditorColumn("select", words, c.required, c.values)
        elif c.ref == ("sectors.csv", "id") and c.type == "slug" and sectors:
            out[c.name] = EditorColumn("select", words, c.required, sectors)
        elif c.type == "number":
            out[c.name] = EditorColumn("number", words, c.required, low=c.low, high=c.high)
        elif c.type in ("integer", "year"):
            out[c.name] = EditorColumn("integer", words, c.required, low=c.low if c.type == "integer" else contract.FIRST_YEAR,
                                       high=c.high if c.type == "integer" else None)
        else:
            out[c.name] = EditorColumn("text", words, c.required)
    return out


def for_editor(sheet: Sheet, columns: Mapping[str, EditorColumn]) -> pd.DataFrame:
    """The sheet typed for the editor: a number column becomes numbers only when every cell is one (a
    bad value must stay visible to be fixed), and a pick-list column keeps text."""
    frame = sheet.frame.copy()
    for name, spec in columns.items():
        if spec.kind not in ("number", "integer") or name not in frame.columns:
            continue
        cells = frame[name].astype(str)
        numbers = pd.to_numeric(cells.where(cells != "", None), errors="coerce")
        shape = r"-?[0-9]+" if spec.kind == "integer" else r"-?[0-9]+(\.[0-9]+)?"
        filled = cells[cells != ""]
        if len(filled) and filled.str.fullmatch(shape).all():  # an empty column stays text (no "None" shown)
            frame[name] = numbers.astype("Int64") if spec.kind == "integer" else numbers.astype(float)
    return frame


def from_editor(frame: pd.DataFrame) -> pd.DataFrame:
    """An edited frame back as text, the way the contract writes each value."""
    out = pd.DataFrame(index=frame.index)
    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_integer_dtype(column.dtype):
            out[name] = [("" if pd.isna(v) else str(int(v))) for v in column]
        elif pd.api.types.is_float_dtype(column.dtype):
            out[name] = [("" if pd.isna(v) else repr(float(v))) for v in column]
        else:
            out[name] = ["" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v).strip() for v in column]
    return out.reset_index(drop=True)


# --- The corrected folder ------------------------------------------------------------------------------------

def corrected_files(prepared: Prepared, edited: Mapping[str, Sheet]) -> dict[str, bytes]:
    """Every file of the folder: the user's own rewritten in the contract's layout (its columns in its
    order, UTF-8), the lent ones as bundled."""
    files = dict(prepared.files)
    for name, sheet in edited.items():
        files[name] = to_csv(sheet.frame, TABLE_BY_NAME[name])[0]
    return files


def corrected_zip(files: Mapping[str, bytes], folder: str = "data") -> bytes:
    """The files as a ZIP of a data folder in the contract's layout (`folder/partners.csv`,
    `folder/seoul/texts.csv`, ...), each file as it is given (UTF-8, the contract's columns in order)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in contract.FILES:
            if name in files:
                archive.writestr(f"{folder}/{name}", files[name])
    return out.getvalue()


def file_name(prefix: str, city: str) -> str:
    """A download's name from the home city, as a slug (never a path)."""
    slug = re.sub(r"[^a-z0-9]+", "-", city.lower()).strip("-") or "data"
    return f"{prefix}-{slug}"

