"""Load a data folder, check it against the contract (`dashboard/contract/`), return typed frames.

`load(folder)` is the door: a `Dataset`, or a `DataError` listing every problem. Plain Python (no
Streamlit): the pages cache `load`, the command line and the tests call it directly. Every problem is
collected in one pass and reported with the file, the line a spreadsheet shows, the column, the value and
the rule; problems of one rule in one column of one file are capped, with a count of the rest. Only the
regular files the contract names are read (symbolic links and other files are left alone, with a note);
nothing here ever writes into the data folder.

The rooms: `files` (safe file access, the survey of what is left alone, the fingerprint), `scan` (the CSV
scanner: rows from one numpy pass over the bytes, cells from Arrow's reader), `checks` (the rule engine,
Arrow compute over whole columns), `basemap` (the GeoJSON outlines), `dataset` (the typed frames) and
`problems` (what is reported). Only a folder that passes becomes pandas frames.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import stat
from collections.abc import Callable, Mapping
from pathlib import Path

from dashboard import contract
from dashboard.contract import Context
from dashboard.loader import files
from dashboard.loader.basemap import check_basemap, load_basemap, read_basemap
from dashboard.loader.checks import check_table, header_cells
from dashboard.loader.dataset import Dataset, SeoulContent, cited_sources, typed
from dashboard.loader.files import BASEMAP_FILE, DATA_DIR, fingerprint
from dashboard.loader.problems import MAX_PER_RULE, Collector, DataError, Problem
from dashboard.loader.scan import Parsed, parse_csv

__all__ = ["BASEMAP_FILE", "DATA_DIR", "MAX_PER_RULE", "DataError", "Dataset", "Problem", "SeoulContent",
           "check_basemap", "cited_sources", "fingerprint", "load", "load_basemap", "load_files"]


def load(folder: str | Path = DATA_DIR) -> Dataset:
    """Read and check every file of the data folder; raise DataError listing all problems."""
    folder = Path(folder)
    label = str(folder.name or folder)
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        raise DataError([Problem(label, None, None, None, "the data folder does not exist", True)]) from None
    except OSError as err:
        raise DataError([Problem(label, None, None, None, f"the data folder could not be read ({files.reason(err)})",
                                 True)]) from None
    if not stat.S_ISDIR(info.st_mode):
        raise DataError([Problem(label, None, None, None, "is not a folder", True)])
    try:
        os.stat(os.path.join(folder, "."))  # needs search (execute) permission on the folder, as every file in it does
    except OSError as err:
        raise DataError([Problem(label, None, None, None, f"the data folder could not be searched ({files.reason(err)}), so "
                                 "none of its files can be opened; give it search (execute) permission", True)]) from None
    out = Collector()
    notes = files.survey(folder, out)

    def find(name: str, missing_is_problem: bool) -> tuple[Path | bytes | None, bool]:
        return files.regular_file(folder, name, out, missing_is_problem), os.path.lexists(folder / name)

    def basemap() -> Path | None:
        return files.regular_file(folder, contract.BASEMAP_FILE, out, missing_is_problem=False)

    return _check(folder, find, basemap, out, notes)


def load_files(given: Mapping[str, bytes], folder: str | Path = DATA_DIR) -> Dataset:
    """The same checks as `load` on files held in memory (an upload): `given` maps a contract file name to
    its bytes. A file it leaves out is missing, or the bundled one stands in as `load` lets it. Base-map
    outlines are never taken from memory: the Dataset's `folder` names whose outlines the pages draw."""
    out = Collector()
    notes: list[str] = []

    def find(name: str, missing_is_problem: bool) -> tuple[Path | bytes | None, bool]:
        if name in given:
            return given[name], True
        if missing_is_problem:
            out.add(Problem(name, None, None, None, "the file is missing"))
        return None, False

    return dataclasses.replace(_check(Path(folder), find, None, out, notes), uploaded=True)


Finder = Callable[[str, bool], tuple["Path | bytes | None", bool]]


def _check(folder: Path, find: Finder, basemap: Callable[[], Path | None] | None, out: Collector, notes: list[str]) -> Dataset:
    """Read and check every table `find` hands over (a path or bytes, and whether the name is there at all)."""
    ctx = Context(tables={}, this_year=dt.date.today().year)
    parsed: dict[str, Parsed] = {}
    for table in contract.TABLES:
        source, present = find(table.name, not table.optional)
        if source is None and table.optional and not present:
            if not table.bundled_stands_in:
                ctx.tables[table.name] = None
                continue
            source = DATA_DIR / table.name  # an optional file a folder leaves out: the bundled one stands in
            notes.append(f"{table.name}: not in the folder; the bundled one is used")
        result = parse_csv(table.name, source, out) if source is not None else None
        cells = header_cells(table, result, out, notes) if result is not None else None
        if cells is not None and result is not None:
            parsed[table.name] = result
        ctx.tables[table.name] = cells
    outlines = basemap() if basemap is not None else None
    if outlines is not None:
        read_basemap(outlines, out)

    for table in contract.TABLES:
        if table.name in parsed:
            check_table(table, ctx.tables[table.name], parsed[table.name], ctx, out)
    if out:
        raise DataError(out.problems(), notes, out.total)
    frames = {name: cells.to_pandas(split_blocks=True) for name, cells in ctx.tables.items() if cells is not None}
    return typed(folder, frames, notes)
