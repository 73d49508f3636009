"""The shapes of the declarations: a `Column`, a `RowRule` (a vectorised check across the columns of one
row), a `Table` (one file), the `Context` a row rule may look at, the column types, and the small Arrow
helpers the row rules and the validator share (Arrow compute over whole columns, results as numpy
booleans)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final, Literal, get_args

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


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

# The kinds of value a column holds (their README labels are in TYPES).
ColumnType = Literal["slug", "key", "text", "markdown", "integer", "year", "number", "date", "enum", "iso3", "color",
                     "url", "urls", "ids"]
COLUMN_TYPES: Final[tuple[ColumnType, ...]] = get_args(ColumnType)


@dataclass(frozen=True)
class Column:
    """One column. `type` is one of TYPES; `required` means every row needs a value; `optional` means the
    header may leave the column out, and then every row gets `default`."""

    name: str
    type: ColumnType
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
TYPES: Final[dict[ColumnType, tuple[str, str]]] = {
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
NUMERIC_TYPES: Final[tuple[ColumnType, ...]] = ("number",)

assert tuple(TYPES) == COLUMN_TYPES, "every column type has its README labels"
