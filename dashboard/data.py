"""Load a data folder, check it against the contract (`dashboard/contract.py`), return typed frames.

Plain Python (no Streamlit): the pages cache `load`, the command line and the tests call it directly.
Every problem is collected in one pass and reported with the file, the line a spreadsheet shows, the
column, the value and the rule; problems of one rule in one column of one file are capped, with a count of
the rest. Only the regular files the contract names are read (symbolic links and other files are left
alone, with a note); nothing here ever writes into the data folder.

The checks are vectorised: a file is split into rows by one pass of numpy over its bytes (which also finds
CSV syntax errors, such as a quote that is never closed, at the line where they start) and parsed by
Arrow's CSV reader; every rule is an Arrow compute operation over whole columns (columns of one kind are
stacked without copying, so one operation checks them all). Only a folder that passes becomes pandas
frames, the Dataset the pages use.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import json
import math
import os
import re
import stat
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from dashboard import contract
from dashboard.contract import (  # noqa: F401  (the vocabularies are part of this module's API)
    ACTIVITY_KINDS,
    AGREEMENT_KINDS,
    CONFIDENCES,
    FIRST_YEAR,
    HAPPENED,
    REGIONS,
    RELATIONSHIPS,
    SEOUL_TEXT_KEYS,
    SIGNED_STATUSES,
    STATUSES,
    Column,
    Context,
    Table,
)
from dashboard.lookalike import name_key

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
BASEMAP_FILE = Path(contract.BASEMAP_FILE)
PRECISIONS = {name: re.compile(f"^{pattern}$") for name, pattern in contract.DATE_SHAPES.items()}
# At most this many problems are listed per rule, column and file; the rest are counted.
MAX_PER_RULE = 20
# Files with these endings that the contract does not name get a note that they were not read.
DATA_LIKE = (".csv", ".tsv", ".txt", ".json", ".geojson", ".xlsx", ".xls", ".ods")


# ---------------------------------------------------------------------------------------------------------
# Problems


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    column: str | None
    value: str | None
    rule: str
    could_not_read: bool = False  # the file or folder could not be read at all (exit code 2)

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column '{self.column}'"
        value = "" if self.value is None else f" {self.value!r}:"
        return f"{where}:{value} {self.rule}"


class DataError(Exception):
    """Raised by `load` with every problem found; its message lists them all. `total` counts the problems
    before capping (the list holds at most MAX_PER_RULE of a kind, then a line with the count)."""

    def __init__(self, problems: list[Problem], notes: list[str] | None = None, total: int | None = None):
        self.problems = problems
        self.notes = list(notes or [])
        self.total = len(problems) if total is None else total
        super().__init__("\n".join(str(p) for p in problems))

    @property
    def could_not_read(self) -> bool:
        return any(p.could_not_read for p in self.problems)


class _Collector:
    """Problems grouped by (file, column, rule): the first MAX_PER_RULE of each are kept, the rest counted."""

    def __init__(self) -> None:
        self.groups: dict[tuple, list[Problem]] = {}
        self.counts: dict[tuple, int] = {}

    def add(self, problem: Problem, rule_key: str | None = None) -> None:
        key = (problem.file, problem.column, rule_key or problem.rule)
        kept = self.groups.setdefault(key, [])
        self.counts[key] = self.counts.get(key, 0) + 1
        if len(kept) < MAX_PER_RULE:
            kept.append(problem)

    def mask(self, file: str, column: str | None, rule: str, broken: np.ndarray, values: pa.ChunkedArray,
             lines: np.ndarray, describe: Callable[[str], str] | None = None) -> None:
        """One problem per True entry of `broken`, a boolean array aligned with the cells `values` and the
        `lines` they are on; only the problems that will be listed are built. `describe`, given the value,
        words the rule for one problem (naming the character at fault, say); the count of the rest is kept
        under `rule`."""
        rows = np.flatnonzero(broken)
        if not len(rows):
            return
        key = (file, column, rule)
        self.counts[key] = self.counts.get(key, 0) + len(rows)
        kept = self.groups.setdefault(key, [])
        shown = rows[: max(0, MAX_PER_RULE - len(kept))]
        for row, value in zip(shown, values.take(pa.array(shown)).to_pylist()):
            kept.append(Problem(file, int(lines[row]), column, value, describe(value) if describe else rule))

    def __bool__(self) -> bool:
        return bool(self.groups)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def problems(self) -> list[Problem]:
        """Per file (in the order first met): file-level problems, then by line, then the counts."""
        out: list[Problem] = []
        files = list(dict.fromkeys(key[0] for key in self.groups))
        for file in files:
            keys = [k for k in self.groups if k[0] == file]
            kept = [p for k in keys for p in self.groups[k]]
            out += sorted(kept, key=lambda p: -1 if p.line is None else p.line)
            for k in keys:
                extra = self.counts[k] - len(self.groups[k])
                if extra > 0:
                    out.append(Problem(file, None, k[1], None, f"… and {extra:,} more like this ({k[2]})"))
        return out


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


class Memo:
    """What has been worked out from one dataset (views, chart specs, map JSON) for reuse, bounded. Shared by
    every session that shows the dataset, so values are never changed once stored; a new dataset (the
    files changed) starts empty."""

    def __init__(self, size: int = 512):
        self._values: OrderedDict = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key, compute):
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = compute()  # outside the lock: two sessions may compute the same value once each
        with self._lock:
            self._values[key] = value
            while len(self._values) > self._size:
                self._values.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._values)


@dataclass(eq=False)
class Dataset:
    """One loaded data folder, its tables typed. `source_urls` holds the data's distinct source URLs, counted
    as `cited_sources` defines them; every count of sources the project shows (the About page, README.md,
    data/CHANGES.md, `python -m dashboard validate`) is `len(source_urls)`."""

    home: dict
    countries: pd.DataFrame
    partners: pd.DataFrame
    agreements: pd.DataFrame
    activities: pd.DataFrame
    sectors: pd.DataFrame
    i18n: pd.DataFrame
    seoul: SeoulContent
    story: pd.DataFrame = field(default_factory=pd.DataFrame)  # the presenter's steps, in order
    folder: str = ""
    source_urls: frozenset[str] = field(default_factory=frozenset)  # see cited_sources
    # What the loader left alone, in words (symbolic links, files and columns the contract does not name).
    notes: list[str] = field(default_factory=list)
    # The release (dataset.csv's one row: id, version, released, titles, licence, ...); None when the folder has none.
    release: dict | None = None
    memo: Memo = field(default_factory=Memo, repr=False, init=False)  # a copy made with replace() starts empty

    def summary(self) -> str:
        return (f"{len(self.partners)} partners, {len(self.agreements)} agreements, "
                f"{len(self.activities)} activities, {len(self.source_urls)} sources")


# ---------------------------------------------------------------------------------------------------------
# Reading files: regular files named by the contract, nothing else


def _read_bytes(path: Path) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def _reason(err: OSError) -> str:
    return err.strerror or type(err).__name__


def _regular_file(folder: Path, name: str, out: _Collector, missing_is_problem: bool = True) -> Path | None:
    """The path of a contract file if it is a regular file (no link anywhere below the folder), else None
    with a problem saying why."""
    path = folder
    parts = Path(name).parts
    for depth, part in enumerate(parts):
        path = path / part
        try:
            info = os.lstat(path)
        except (FileNotFoundError, NotADirectoryError):
            if missing_is_problem:
                out.add(Problem(name, None, None, None, "the file is missing"))
            return None
        except OSError as err:
            out.add(Problem(name, None, None, None, f"the file could not be read ({_reason(err)})", True))
            return None
        if stat.S_ISLNK(info.st_mode):
            what = "the file" if depth == len(parts) - 1 else f"the folder '{'/'.join(parts[:depth + 1])}'"
            out.add(Problem(name, None, None, None, f"{what} is a symbolic link; only regular files are read "
                                                    "(put the file itself here)"))
            return None
        if depth == len(parts) - 1 and not stat.S_ISREG(info.st_mode):
            out.add(Problem(name, None, None, None, "is not a regular file"))
            return None
    return path


def _survey(folder: Path, out: _Collector) -> list[str]:
    """Notes on what is in the folder but will not be read: symbolic links (an editor's lock link such as
    '.#partners.csv' among them) and data-like files the contract does not name."""
    notes = []
    named = {*contract.FILES, *contract.DERIVED_FILES}
    for sub in ("", "seoul", "geo"):
        where = folder / sub if sub else folder
        try:
            # os.lstat, not Path.is_dir: a folder that cannot be searched raises PermissionError there.
            if sub and not stat.S_ISDIR(os.lstat(where).st_mode):
                continue
            entries = sorted(os.scandir(where), key=lambda e: e.name)
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError as err:
            out.add(Problem(sub or folder.name or str(folder), None, None, None,
                            f"the folder could not be read ({_reason(err)})", True))
            continue
        for entry in entries:
            rel = f"{sub}/{entry.name}" if sub else entry.name
            if rel in named:
                continue
            try:
                if entry.is_symlink():
                    notes.append(f"{rel} is a symbolic link and was not read (only regular files are)")
                elif entry.name.lower().endswith(DATA_LIKE) and entry.is_file(follow_symlinks=False):
                    notes.append(f"{rel} is not a file of the data contract and was not read")
            except OSError:
                continue  # a name that cannot be looked at is not read either; the contract's files say why
    return notes


# ---------------------------------------------------------------------------------------------------------
# CSV: the structure from one numpy pass over the bytes, the cells from Arrow's reader

_CHUNK = 1 << 22
_FROM_DISK = 16 << 20  # files at least this large are parsed by Arrow from disk (see parse_csv)
_QUOTE, _COMMA, _LF, _CR = 34, 44, 10, 13


def _positions(b: np.ndarray, byte: int) -> np.ndarray:
    """Offsets of every occurrence of one byte, found chunk by chunk to keep temporary arrays small."""
    parts = [np.flatnonzero(b[i:i + _CHUNK] == byte) + i for i in range(0, len(b), _CHUNK)]
    return np.concatenate(parts) if parts else np.empty(0, dtype=np.intp)


def _has_control(b: np.ndarray) -> bool:
    """Any control byte (C0 but line ends, DEL, or the UTF-8 form of a C1 control)?"""
    for i in range(0, len(b), _CHUNK):
        part = b[i:i + _CHUNK + 1]
        if np.any(((part < 32) & (part != _LF) & (part != _CR)) | (part == 127)):
            return True
        if np.any((part[:-1] == 0xC2) & (part[1:] >= 0x80) & (part[1:] <= 0x9F)):
            return True
    return False


def _utf8_problem(name: str, raw: bytes) -> Problem | None:
    """A problem naming the line of the first byte that is not UTF-8, or None. Arrow checks the whole
    file without copying it; Python finds the place only when there is one."""
    offsets = pa.py_buffer(np.array([0, len(raw)], dtype=np.int64).tobytes())
    try:
        pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, pa.py_buffer(raw)]).validate(full=True)
        return None
    except pa.ArrowInvalid:
        pass
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return Problem(name, line, None, repr(raw[err.start: err.start + 4]),
                       "the file is not UTF-8 text; save it as 'CSV UTF-8'")
    return None


@dataclass
class _Parsed:
    header: list[str]
    table: pa.Table  # string columns named as in the header
    lines: np.ndarray  # the line each row starts on (the header is line 1)
    has_control: bool


def _syntax_error(name: str, b: np.ndarray, q: np.ndarray, nl: np.ndarray) -> Problem | None:
    """The first CSV syntax error (RFC 4180 quoting), reported on the line where the offending quote opened."""
    n = len(b)
    if not len(q):
        return None
    events = []  # (offset where it goes wrong, offset to report, message)
    opens, closes = q[0::2], q[1::2]
    before = np.where(opens > 0, b[np.maximum(opens - 1, 0)], _LF)
    escaped = np.zeros(len(opens), dtype=bool)  # the second quote of a doubled "" inside a quoted cell
    escaped[1:] = closes[: len(opens) - 1] == opens[1:] - 1
    bad = ~((before == _COMMA) | (before == _LF) | escaped)
    if bad.any():
        at = int(opens[bad][0])
        events.append((at, at, 'a quote (") in the middle of a cell: put the whole cell in quotes and double '
                               'every quote inside it ("")'))
    if len(closes):
        after = np.where(closes < n - 1, b[np.minimum(closes + 1, n - 1)], _LF)
        following = np.full(len(closes), -1)  # the quote after each closing one, when it opens again
        following[: len(opens) - 1] = opens[1:][: len(closes)]
        pair = following == closes + 1  # a doubled "" inside a quoted cell
        bad = ~((after == _COMMA) | (after == _LF) | (after == _CR) | pair | (closes == n - 1))
        if bad.any():
            k = int(np.flatnonzero(bad)[0])
            events.append((int(closes[k]), int(opens[k]), 'a quoted cell that opens on this line does not end where '
                                                          'its closing quote is: a closing quote (") is missing, or a '
                                                          'quote inside the cell is not doubled ("")'))
    if len(q) % 2:
        events.append((n, int(opens[-1]), 'a quote (") opens a cell on this line and is never closed'))
    if not events:
        return None
    _, at, message = min(events)
    return Problem(name, int(np.searchsorted(nl, at)) + 1, _column_at(b, q, nl, at), None, message)


def _column_at(b: np.ndarray, q: np.ndarray, nl: np.ndarray, at: int) -> str | None:
    """The header name of the cell that holds byte `at` (the quoting before it is sound), if known."""
    ends = nl[(nl < at) & (np.searchsorted(q, nl) % 2 == 0)]
    if not len(ends):
        return None  # the header itself
    row_start = int(ends[-1]) + 1
    commas = np.flatnonzero(b[row_start:at] == _COMMA) + row_start
    index = int(np.count_nonzero(np.searchsorted(q, commas) % 2 == 0))
    header_end = int(nl[(np.searchsorted(q, nl) % 2 == 0)][0])
    try:
        header = next(csv.reader([bytes(b[:header_end]).decode("utf-8").rstrip("\r")]))
    except (csv.Error, UnicodeDecodeError, StopIteration):
        return None
    return header[index].strip() if index < len(header) else None


def parse_csv(name: str, source: Path | bytes, out: _Collector) -> _Parsed | None:
    """Split a CSV file (a path, or its bytes) into rows and cells; report syntax errors and rows with the
    wrong number of cells. `lines` holds the line a spreadsheet shows for each row (the header is line 1)."""
    path = source if isinstance(source, Path) else None
    if path is None:
        raw = source
    else:
        try:
            raw = _read_bytes(path)
        except OSError as err:
            out.add(Problem(name, None, None, None, f"the file could not be read ({_reason(err)})", True))
            return None
    start = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    problem = _utf8_problem(name, raw)
    if problem:
        out.add(problem)
        return None
    b = np.frombuffer(raw, dtype=np.uint8)[start:]
    if not raw[start:start + 4096].strip() and not raw[start:].strip():
        out.add(Problem(name, None, None, None, "the file is empty"))
        return None
    n = len(b)
    q, nl = _positions(b, _QUOTE), _positions(b, _LF)
    problem = _syntax_error(name, b, q, nl)
    if problem:
        out.add(problem)
        return None
    inside = np.searchsorted(q, nl) % 2 == 1  # newlines inside quoted cells do not end a row
    ends = nl[~inside]
    cr = _positions(b, _CR)
    lone = cr[(np.searchsorted(q, cr) % 2 == 0) & ((cr + 1 >= n) | (b[np.minimum(cr + 1, n - 1)] != _LF))]
    if len(lone):
        out.add(Problem(name, int(np.searchsorted(nl, lone[0])) + 1, _column_at(b, q, nl, int(lone[0])), None,
                        "a carriage return alone ends a line here; save the file with ordinary line ends"))
        return None

    starts = np.concatenate(([0], ends + 1))
    stops = np.concatenate((ends, [n]))
    keep = starts < n
    starts, stops = starts[keep], stops[keep]
    lines = np.searchsorted(nl, starts) + 1
    cells = np.ones(len(starts), dtype=np.int64)
    for i in range(0, n, _CHUNK):  # separators outside quotes, counted per row chunk by chunk (they are many)
        commas = np.flatnonzero(b[i:i + _CHUNK] == _COMMA) + i
        commas = commas[np.searchsorted(q, commas) % 2 == 0]
        cells += np.bincount(np.searchsorted(ends, commas), minlength=len(starts))[: len(starts)]
    length = stops - starts
    blank = (length == 0) | ((length == 1) & (b[np.minimum(starts, n - 1)] == _CR))
    filled = np.flatnonzero(~blank)
    if not len(filled):
        out.add(Problem(name, None, None, None, "the file is empty"))
        return None
    head = int(filled[0])
    header_text = bytes(b[starts[head]:stops[head]]).decode("utf-8").rstrip("\r")
    header = [h.strip() for h in next(csv.reader([header_text]))]
    width = len(header)

    rows = np.zeros(len(starts), dtype=bool)
    rows[head + 1:] = ~blank[head + 1:]
    wrong = np.flatnonzero(rows & (cells != width))
    for k in wrong:
        if not bytes(b[starts[k]:stops[k]]).strip():
            rows[k] = False  # a line of spaces is a blank line
            continue
        out.add(Problem(name, int(lines[k]), None, None, f"the row has {int(cells[k])} cells but the header has {width}"),
                rule_key="cells")
        rows[k] = False

    names = [f"c{i}" for i in range(width)]
    has_control = _has_control(b) or len(cr) > 0
    crlf_in_cells = len(cr) > 0 and bool(inside.any())
    offset, size = start + int(stops[head]) + 1, len(raw)
    if path is not None and size >= _FROM_DISK:
        del b, raw  # Arrow reads a large file again from disk, so its bytes are not held twice in memory
        body = pa.OSFile(str(path))
        body.seek(offset)
    else:
        body = pa.BufferReader(pa.py_buffer(raw).slice(offset))
    if rows.any():
        try:
            table = pacsv.read_csv(
                body,
                read_options=pacsv.ReadOptions(column_names=names, use_threads=False),
                # The rows with the wrong number of cells are known already; Arrow skips them too (the skipping
                # costs memory, so only when there are any).
                parse_options=pacsv.ParseOptions(newlines_in_values=True,
                                                 invalid_row_handler=(lambda row: "skip") if len(wrong) else None),
                convert_options=pacsv.ConvertOptions(column_types={c: pa.string() for c in names},
                                                     strings_can_be_null=False, quoted_strings_can_be_null=False))
        except (pa.ArrowException, ValueError) as err:
            out.add(Problem(name, None, None, None, f"the file could not be read as CSV ({err})", True))
            return None
        if path is not None and size >= _FROM_DISK and os.stat(path).st_size != size:
            out.add(Problem(name, None, None, None, "the file changed while it was being read; check it again", True))
            return None
        if table.num_rows != int(rows.sum()):
            out.add(Problem(name, None, None, None, "the rows of the file could not be told apart; open it in a "
                                                    "spreadsheet and save it again as 'CSV UTF-8'", True))
            return None
    else:
        table = pa.table({c: pa.array([], pa.string()) for c in names})
    table, kept = _tidy(table.rename_columns(header), crlf_in_cells)
    return _Parsed(header, table, lines[rows][kept], has_control)


def _stack(table: pa.Table, names: list[str]) -> pa.ChunkedArray:
    """Several string columns as one array, without copying (the chunks are only listed)."""
    return pa.chunked_array([chunk for name in names for chunk in table.column(name).chunks], type=pa.string())


def _matrix(result: pa.ChunkedArray | pa.Array, columns: int, rows: int) -> np.ndarray:
    """The boolean result over stacked columns as a (column, row) matrix."""
    if columns == 0 or rows == 0:
        return np.zeros((columns, rows), dtype=bool)
    return np.asarray(result.to_numpy(zero_copy_only=False), dtype=bool).reshape(columns, rows)


def _tidy(table: pa.Table, crlf_in_cells: bool) -> tuple[pa.Table, np.ndarray]:
    """Line breaks inside cells as LF, spaces around values removed (tabs stay, so the formula rule sees
    them), and rows of empty cells (as spreadsheets leave them) dropped. Returns the table and which rows
    were kept."""
    names, rows = list(range(table.num_columns)), table.num_rows
    if rows == 0:
        return table, np.zeros(0, dtype=bool)

    def stacked() -> pa.ChunkedArray:
        return pa.chunked_array([ch for i in names for ch in table.column(i).chunks], type=pa.string())

    if crlf_in_cells:
        has_cr = _matrix(pc.match_substring(stacked(), "\r"), len(names), rows).any(axis=1)
        for i in np.flatnonzero(has_cr):
            table = table.set_column(int(i), table.field(int(i)), pc.replace_substring(table.column(int(i)), "\r\n", "\n"))
    padded = _matrix(pc.match_substring_regex(stacked(), "^ | $"), len(names), rows).any(axis=1)
    for i in np.flatnonzero(padded):
        table = table.set_column(int(i), table.field(int(i)), pc.utf8_trim(table.column(int(i)), " "))
    empty = _matrix(pc.equal(stacked(), ""), len(names), rows).all(axis=0)
    if empty.any():
        table = table.filter(pa.array(~empty))
    return table, ~empty


# ---------------------------------------------------------------------------------------------------------
# Checking one table against its declaration

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


def _header(table: Table, parsed: _Parsed, out: _Collector, notes: list[str]) -> pa.Table | None:
    """The table with exactly the contract's columns (optional ones filled with their default), or None when
    the header makes it unusable (the problem says why)."""
    header = parsed.header
    seen: set[str] = set()
    duplicated = [c for c in header if c in seen or seen.add(c)]
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


def _report(out: _Collector, table: Table, cells: pa.Table, lines: np.ndarray, columns: list[Column],
            broken: np.ndarray, rules: str | list[str], describe: Callable[[str], str] | None = None) -> None:
    for i, col in enumerate(columns):
        if broken[i].any():
            out.mask(table.name, col.name, rules if isinstance(rules, str) else rules[i], broken[i],
                     cells.column(col.name), lines, describe)


def _cell_problems(table: Table, cells: pa.Table, parsed: _Parsed, ctx: Context, out: _Collector) -> np.ndarray:
    """The rules every cell of a column follows: required, text safety, type, allowed values, references.
    Columns are stacked (without copying) so that one Arrow operation checks all cells of a kind. Returns
    which cells hold a well-formed value, as a (column, row) matrix."""
    columns, rows = list(table.columns), cells.num_rows

    def report(group: list[Column], broken: np.ndarray, rules: str | list[str],
               describe: Callable[[str], str] | None = None) -> None:
        _report(out, table, cells, parsed.lines, group, broken, rules, describe)

    def found(result: pa.ChunkedArray) -> np.ndarray:
        return _matrix(result, len(columns), rows)

    every = _stack(cells, table.header)
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
        values = _stack(cells, [c.name for c in group])
        rules: str | list[str]
        if kind in _PATTERNS:
            pattern, rules = _PATTERNS[kind]
            ok = _matrix(_full(values, pattern), len(group), rows)
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
        if target is None:
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


def _unique(name: str, column: str, key: pa.ChunkedArray, filled: np.ndarray, lines: np.ndarray, out: _Collector,
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


def check_table(table: Table, cells: pa.Table, parsed: _Parsed, ctx: Context, out: _Collector) -> None:
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


# ---------------------------------------------------------------------------------------------------------
# The base map


def _position_problem(position: object) -> str | None:
    if not isinstance(position, list) or len(position) != 2:
        return f"a position must be exactly two numbers, longitude and latitude (found {_short(position)})"
    lon, lat = position
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in position):
        return f"a position must hold numbers, not text or other values (found {_short(position)})"
    if not (math.isfinite(lon) and math.isfinite(lat)):
        return f"a position must hold finite numbers (found {_short(position)})"
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        return f"a position must have a longitude from -180 to 180 and a latitude from -90 to 90 (found {_short(position)})"
    return None


def _short(value: object) -> str:
    text = json.dumps(value, allow_nan=True) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _ring_problem(ring: object) -> str | None:
    """What is wrong with one linear ring: a list of at least four positions whose last repeats the first."""
    if not isinstance(ring, list) or len(ring) < 4:
        return "every ring must be a list of at least four positions"
    for position in ring:
        if type(position) is not list or len(position) != 2 or type(position[0]) is not float \
                or type(position[1]) is not float or not (-180 <= position[0] <= 180 and -90 <= position[1] <= 90):
            problem = _position_problem(position)  # the quick test above passes nearly every position
            if problem:
                return problem
    if ring[0] != ring[-1]:
        return "every ring must be closed: its last position repeats the first"
    return None


def _geometry_problem(geometry: object) -> str | None:
    """What is wrong with a feature's geometry: a Polygon (a list of rings) or a MultiPolygon (a list of
    Polygons), each ring closed, each position two finite numbers within the globe."""
    if not (isinstance(geometry, dict) and geometry.get("type") in ("Polygon", "MultiPolygon")
            and isinstance(geometry.get("coordinates"), list) and geometry["coordinates"]):
        return "every feature needs a Polygon or MultiPolygon geometry with coordinates"
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return f"a {geometry['type']} must be a list of polygons, each a list of rings"
        for ring in polygon:
            if isinstance(ring, list) and ring and not isinstance(ring[0], list):
                return (f"the coordinates are nested one level too few for a {geometry['type']} (a ring is a list of "
                        "positions, a position a list of two numbers)")
            problem = _ring_problem(ring)
            if problem:
                return problem
    return None


def check_basemap(geo: object, name: str = contract.BASEMAP_FILE) -> list[Problem]:
    """A GeoJSON FeatureCollection whose features have `properties` with an `id` (ISO 3166-1 numeric,
    digits or empty) and a `name`, and a Polygon or MultiPolygon geometry: closed rings of positions of
    exactly two finite numbers, longitude and latitude."""
    if not isinstance(geo, dict) or geo.get("type") != "FeatureCollection" or not isinstance(geo.get("features"), list):
        return [Problem(name, None, None, None, "must be a GeoJSON FeatureCollection with a list of features")]
    problems = []
    for number, feature in enumerate(geo["features"], start=1):
        props = feature.get("properties") if isinstance(feature, dict) else None
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        rule = None
        if not isinstance(props, dict) or "id" not in props or "name" not in props:
            rule = "every feature needs properties with 'id' and 'name'"
        elif not (props["id"] in (None, "") or (isinstance(props["id"], (str, int)) and str(props["id"]).isascii()
                                                and str(props["id"]).isdigit())):
            rule = "the property 'id' must be an ISO 3166-1 numeric code (digits) or empty"
        else:
            rule = _geometry_problem(geometry)
        if rule is None:
            continue
        label = props.get("name") if isinstance(props, dict) and isinstance(props.get("name"), str) else None
        problems.append(Problem(name, None, None, f"feature {number}" + (f" ({label[:40]})" if label else ""), rule))
        if len(problems) >= MAX_PER_RULE:
            problems.append(Problem(name, None, None, None, "… and possibly more like this"))
            break
    return problems


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _parse_basemap(path: Path) -> tuple[dict | None, list[Problem]]:
    """The base map read and checked, or None and the problems (one that says it is too large, when it is:
    every view of the map carries the outlines, so their size is bounded before they are read)."""
    name = contract.BASEMAP_FILE
    try:
        size = os.stat(path).st_size
        if size > contract.BASEMAP_MAX_BYTES:
            return None, [Problem(name, None, None, None, f"is {_megabytes(size)}; a base map may have at most "
                                  f"{_megabytes(contract.BASEMAP_MAX_BYTES)} (every view of the map carries it; the "
                                  "bundled 1:110m map has 0.2 MB): simplify it, or leave it out to use the bundled one")]
        raw = _read_bytes(path)
    except OSError as err:
        return None, [Problem(name, None, None, None, f"the file could not be read ({_reason(err)})", True)]
    try:
        geo = json.loads(raw.decode("utf-8-sig"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError) as err:
        return None, [Problem(name, None, None, None, f"is not GeoJSON (not valid UTF-8 JSON: {err})")]
    problems = check_basemap(geo)
    return (None if problems else geo), problems


def _no_constant(word: str) -> float:
    raise ValueError(f"{word} is not a number in JSON")


def _read_basemap(path: Path, out: _Collector) -> None:
    for problem in _parse_basemap(path)[1]:
        out.add(problem)


def load_basemap(folder: str | Path = DATA_DIR) -> dict:
    """The offline country outlines (GeoJSON FeatureCollection) that the map draws under the arcs: the data
    folder's own `geo/countries-110m.geojson` when it has one (a regular file), else the bundled one."""
    folder = Path(folder)
    out = _Collector()
    path = _regular_file(folder, contract.BASEMAP_FILE, out, missing_is_problem=False)
    if path is None:
        path = DATA_DIR / BASEMAP_FILE  # a user's data folder may bring no map of its own
    geo, problems = _parse_basemap(path)
    if problems:
        raise DataError(problems)
    return geo


# ---------------------------------------------------------------------------------------------------------
# Loading the whole folder


def load(folder: str | Path = DATA_DIR) -> Dataset:
    """Read and check every file of the data folder; raise DataError listing all problems."""
    folder = Path(folder)
    label = str(folder.name or folder)
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        raise DataError([Problem(label, None, None, None, "the data folder does not exist", True)]) from None
    except OSError as err:
        raise DataError([Problem(label, None, None, None, f"the data folder could not be read ({_reason(err)})",
                                 True)]) from None
    if not stat.S_ISDIR(info.st_mode):
        raise DataError([Problem(label, None, None, None, "is not a folder", True)])
    try:
        os.stat(os.path.join(folder, "."))  # needs search (execute) permission on the folder, as every file in it does
    except OSError as err:
        raise DataError([Problem(label, None, None, None, f"the data folder could not be searched ({_reason(err)}), so "
                                 "none of its files can be opened; give it search (execute) permission", True)]) from None
    out = _Collector()
    notes = _survey(folder, out)
    ctx = Context(tables={}, this_year=dt.date.today().year)

    parsed: dict[str, _Parsed] = {}
    for table in contract.TABLES:
        path = _regular_file(folder, table.name, out, missing_is_problem=not table.optional)
        if path is None and table.optional and not os.path.lexists(folder / table.name):
            if not table.bundled_stands_in:
                ctx.tables[table.name] = None
                continue
            path = DATA_DIR / table.name  # an optional file a folder leaves out: the bundled one stands in
            notes.append(f"{table.name}: not in the folder; the bundled one is used")
        result = parse_csv(table.name, path, out) if path is not None else None
        cells = _header(table, result, out, notes) if result is not None else None
        if cells is not None:
            parsed[table.name] = result
        ctx.tables[table.name] = cells
    basemap = _regular_file(folder, contract.BASEMAP_FILE, out, missing_is_problem=False)
    if basemap is not None:
        _read_basemap(basemap, out)

    for table in contract.TABLES:
        if table.name in parsed:
            check_table(table, ctx.tables[table.name], parsed[table.name], ctx, out)
    if out:
        raise DataError(out.problems(), notes, out.total)
    frames = {name: cells.to_pandas(split_blocks=True) for name, cells in ctx.tables.items() if cells is not None}
    return _typed(folder, frames, notes)


# ---------------------------------------------------------------------------------------------------------
# Typed frames


def _split(series: pd.Series) -> pd.Series:
    """Space-separated lists as tuples (what the pages expect)."""
    return pd.Series([tuple(v.split()) for v in series], index=series.index, dtype=object)


def _int_or_na(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series.replace("", None), errors="coerce").astype("Int64")


# The activities' columns the builders walk row by row most; the rest stay in Arrow (100,000 activities
# would otherwise need well over 300 MB as Python strings).
_ACTIVITY_PLAIN = ("partner_id", "sector")


def _plain_strings(df: pd.DataFrame, only: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Text columns as plain Python strings: pandas 3 keeps them in Arrow arrays, which are quick to filter
    but slow to walk value by value, and the builders walk them (a 100x data set spent most of a rerun
    there)."""
    for column in (c for c in df.columns if only is None or c in only):
        if pd.api.types.is_string_dtype(df[column].dtype) and df[column].dtype != object:
            df[column] = df[column].astype(object)
    return df


# The files whose URL columns are not sources: the release's own addresses (its licence, its home page).
_NOT_SOURCES = (contract.DATASET.name,)


def cited_sources(tables: dict[str, pd.DataFrame]) -> frozenset[str]:
    """The data's distinct source URLs: the one definition of "sources" that every count uses.

    A source URL is an address written in a source column of the data: every column the contract types as a
    URL or a list of URLs, in every file except `dataset.csv` (whose addresses are the release's licence and
    home page). On the bundled data these are `source_urls` (home, partners, agreements, and the Seoul page's
    concepts, findings and open questions), `source_url` (activities), `alt_source_url` (the source of a
    conflicting row's other version), `corroborating_urls` (second reports of an event) and the Seoul reading
    list's `url`. Each address counts once however many rows cite it, compared exactly as written: no
    normalising, so `http://` and `https://`, or an address with and without a trailing slash, are two.
    Addresses written inside text (a note, the Seoul page's running texts) are not counted.

    `tables` maps a file name of the contract to its frame of strings (an empty cell is "")."""
    urls: set[str] = set()
    for table in contract.TABLES:
        frame = tables.get(table.name)
        if frame is None or table.name in _NOT_SOURCES:
            continue
        for column in table.columns:
            if column.type in ("url", "urls") and column.name in frame.columns:
                for cell in frame[column.name]:
                    urls.update(str(cell).split())
    return frozenset(urls)


def _typed(folder: Path, tables: dict[str, pd.DataFrame], notes: list[str]) -> Dataset:
    """Turn the checked string frames into typed frames (numbers, lists, booleans)."""
    tables = {name: _plain_strings(frame, _ACTIVITY_PLAIN if name == "activities.csv" else None)
              for name, frame in tables.items()}
    sources = cited_sources(tables)
    def places(df: pd.DataFrame) -> pd.DataFrame:
        df = df.reset_index(drop=True)
        df["lat"] = df["lat"].astype(float)
        df["lon"] = df["lon"].astype(float)
        df["geonames_id"] = _int_or_na(df["geonames_id"])
        df["source_urls"] = _split(df["source_urls"])
        return df

    def ordered(df: pd.DataFrame) -> pd.DataFrame:
        df = df.reset_index(drop=True)
        df["order"] = df["order"].astype(int)
        return df.sort_values("order", kind="stable").reset_index(drop=True)

    partners = places(tables["partners.csv"])
    partners["first_year"] = _int_or_na(partners["first_year"])
    partners["first_contact_year"] = _int_or_na(partners["first_contact_year"])
    partners["signed"] = partners["status"].isin(SIGNED_STATUSES) & partners["first_year"].notna()
    countries = tables["countries.csv"].reset_index(drop=True)
    countries["iso_numeric"] = countries["iso_numeric"].astype(int)
    agreements = tables["agreements.csv"].reset_index(drop=True)
    agreements["year"] = agreements["year"].astype(int)
    agreements["sectors"] = _split(agreements["sectors"])
    agreements["source_urls"] = _split(agreements["source_urls"])
    agreements["corroborating_urls"] = _split(agreements["corroborating_urls"])
    activities = tables["activities.csv"].reset_index(drop=True)
    activities["corroborating_urls"] = _split(activities["corroborating_urls"])
    activities["year"] = activities["year"].astype(int)
    activities["context"] = activities["context"].eq("yes")
    sectors = ordered(tables["sectors.csv"])
    texts = tables["seoul/texts.csv"]
    content = SeoulContent(
        texts={key: {"en": en, "id": id_} for key, en, id_ in zip(texts["key"], texts["en"], texts["id"])},
        concepts=ordered(tables["seoul/concepts.csv"]), findings=ordered(tables["seoul/findings.csv"]),
        open_questions=ordered(tables["seoul/open_questions.csv"]),
        citation=tables["seoul/citation.csv"].reset_index(drop=True), reading_list=ordered(tables["seoul/reading_list.csv"]))
    content.findings["sectors"] = _split(content.findings["sectors"])
    for frame in (content.concepts, content.findings, content.open_questions):
        frame["source_urls"] = _split(frame["source_urls"])

    story = tables["story.csv"].reset_index(drop=True)
    story["step"] = story["step"].astype(int)
    story = story.sort_values("step", kind="stable").reset_index(drop=True)

    release = tables.get("dataset.csv")
    return Dataset(release=release.iloc[0].to_dict() if release is not None and len(release) else None,
                   home=places(tables["home.csv"]).iloc[0].to_dict(), countries=countries, partners=partners,
                   agreements=agreements, activities=activities, sectors=sectors,
                   i18n=tables["i18n.csv"].reset_index(drop=True), seoul=content, story=story, folder=str(folder),
                   source_urls=sources, notes=notes)


# ---------------------------------------------------------------------------------------------------------
# The cache key


def fingerprint(folder: str | Path = DATA_DIR) -> tuple:
    """A cache key that changes when any file the loader reads changes: for each file of the contract (and
    the folder's own base map) its size, modification time and a hash of its bytes, so an edit that keeps
    the size and the time is seen too. Links and unreadable files enter as such; nothing here raises."""
    folder = Path(folder)
    try:
        if not stat.S_ISDIR(os.stat(folder).st_mode):
            return ()
    except OSError as err:
        return (("folder", type(err).__name__),)
    entries = []
    for name in contract.FILES:
        path = folder / name
        try:
            info = os.lstat(path)
            if not stat.S_ISREG(info.st_mode) or any(os.path.islink(folder / p) for p in Path(name).parents if str(p) != "."):
                entries.append((name, "not a regular file"))
                continue
            digest = hashlib.blake2b(_read_bytes(path), digest_size=16).hexdigest()
        except OSError as err:
            entries.append((name, type(err).__name__))
            continue
        entries.append((name, info.st_size, info.st_mtime_ns, digest))
    return tuple(entries)
