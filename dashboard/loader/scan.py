"""The CSV scanner: a file's structure from one numpy pass over its bytes, its cells from Arrow's reader.

The pass finds the rows (line ends outside quoted cells), counts each row's cells, and finds CSV syntax
errors (a quote that is never closed, say) at the line where they start; Arrow then parses the cells as
strings. Spaces around values are trimmed and rows of empty cells dropped (`tidy`).
"""

from __future__ import annotations

import codecs
import csv
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from dashboard.loader import files
from dashboard.loader.problems import Collector, Problem

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
class Parsed:
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


def parse_csv(name: str, source: Path | bytes, out: Collector) -> Parsed | None:
    """Split a CSV file (a path, or its bytes) into rows and cells; report syntax errors and rows with the
    wrong number of cells. `lines` holds the line a spreadsheet shows for each row (the header is line 1)."""
    path = source if isinstance(source, Path) else None
    if isinstance(source, bytes):
        raw = source
    else:
        try:
            raw = files.read_bytes(source)
        except OSError as err:
            out.add(Problem(name, None, None, None, f"the file could not be read ({files.reason(err)})", True))
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
    size = len(raw)
    offset = min(start + int(stops[head]) + 1, size)  # a file of only a header may not end its line
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
    return Parsed(header, table, lines[rows][kept], has_control)


def stack(table: pa.Table, names: list[str]) -> pa.ChunkedArray:
    """Several string columns as one array, without copying (the chunks are only listed)."""
    return pa.chunked_array([chunk for name in names for chunk in table.column(name).chunks], type=pa.string())


def matrix(result: pa.ChunkedArray | pa.Array, columns: int, rows: int) -> np.ndarray:
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
        has_cr = matrix(pc.match_substring(stacked(), "\r"), len(names), rows).any(axis=1)
        for i in np.flatnonzero(has_cr):
            table = table.set_column(int(i), table.field(int(i)), pc.replace_substring(table.column(int(i)), "\r\n", "\n"))
    padded = matrix(pc.match_substring_regex(stacked(), "^ | $"), len(names), rows).any(axis=1)
    for i in np.flatnonzero(padded):
        table = table.set_column(int(i), table.field(int(i)), pc.utf8_trim(table.column(int(i)), " "))
    empty = matrix(pc.equal(stacked(), ""), len(names), rows).all(axis=0)
    if empty.any():
        table = table.filter(pa.array(~empty))
    return table, np.asarray(~empty, dtype=bool)
