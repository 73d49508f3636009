"""The adversarial corpus of issue 16 as properties: one cell of any text column of any file of the contract,
holding characters drawn from the whole Unicode range (and the sequences that broke something before), is
either refused with a message naming that file, line and column, or the folder loads, every page and every
presentation step renders without an exception or an error box (AppTest), and every export is made
(figures as SVG and PNG through vl-convert, and the seminar pack).

Bounded: the validator property runs many examples (a copy and a load each); the page and export property
runs a few, since each renders eight pages and every figure.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from dashboard import contract, export
from dashboard.filters import apply
from dashboard.i18n import Translator
from dashboard.loader import DATA_DIR, DataError, load, load_basemap
from dashboard.state import DEFAULT
from tests.conftest import APP

# Every column of free text, in every file of the contract.
TEXT_CELLS = [(table.name, col.name) for table in contract.TABLES for col in table.columns
              if col.type in ("text", "markdown")]


def _rows(name: str) -> list[list[str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


ROWS = {name: len(_rows(name)) - 1 for name in {name for name, _ in TEXT_CELLS}}
# What broke a renderer, a chart or a page in the adversarial run, and what a curator's paste brings.
HOSTILE = ["\uffff", "\ufffe", "\U0010fffe", "\ufdd0", "\u2028", "\u2029", "\u202e", "\u2066", "\u200b", "\u200d",
           "\ufeff", "\u00a0", "\u3000", "\uff1d", "\uff0b", "\uff20", ":red[", "]", ":material/home:", ":smile:",
           "Note:red", "https://user@evil.example/", "www.evil.example", "\n===\n", "\n---\n", "1. ", "    ",
           "\x00", "\x85", "\t", '"', "'", ",", "\n", "\r\n", "{year}", "{", "}", "<", "\\", "`", "$", "*", "_",
           "\u0301", "\U0001f600", "\U0001f468\u200d\U0001f469", "\u05d0", "\u0645", "수원시"]
any_character = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=("Cs",))
cell_text = st.lists(st.one_of(any_character, st.sampled_from(HOSTILE), st.sampled_from(["Suwon", " ", "a", "Bandung"])),
                     min_size=1, max_size=8).map("".join)


@st.composite
def single_cells(draw) -> tuple[str, str, int, str]:
    """(file, column, row index among the data rows, new text)."""
    name, column = draw(st.sampled_from(TEXT_CELLS))
    return name, column, draw(st.integers(0, ROWS[name] - 1)), draw(cell_text)


def write_cell(folder: Path, name: str, column: str, row: int, text: str) -> int:
    """A copy of the bundled data with one cell changed; returns the line a spreadsheet shows for it."""
    shutil.copytree(DATA_DIR, folder)
    rows = _rows(name)
    rows[row + 1][rows[0].index(column)] = text
    with open(folder / name, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return row + 2


def loaded_or_refused_at(folder: Path, name: str, column: str, line: int):
    """The dataset, or None after checking that the refusal names the cell: its file and line, and a column
    (the one changed, or the other half of a rule across columns, such as an i18n row's placeholders); a name
    that repeats another is reported on the later line, with the earlier one in the message."""
    try:
        return load(folder)
    except DataError as err:
        named = [p for p in err.problems if p.file == name and p.column
                 and (p.line == line or f"line {line}" in p.rule)]
        assert named, (name, line, column, [str(p) for p in err.problems][:5])
        message = str(named[0])
        assert message.startswith(name) and (f"line {line}" in message) and f"column '{named[0].column}'" in message
        return None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(single_cells())
def test_any_text_in_any_cell_is_refused_at_that_cell_or_loads(cell):
    name, column, row, text = cell
    with tempfile.TemporaryDirectory() as tmp:
        line = write_cell(Path(tmp) / "data", name, column, row, text)
        event("loaded" if loaded_or_refused_at(Path(tmp) / "data", name, column, line) is not None else "refused")


def _partner_of(name: str, row: int) -> str | None:
    rows = _rows(name)
    key = {"partners.csv": "id", "agreements.csv": "partner_id", "activities.csv": "partner_id"}.get(name)
    return rows[row + 1][rows[0].index(key)] if key else None


def render_and_export(folder: Path, lang: str, partner: str | None) -> None:
    """Every page and presentation step in one language, then every export, on the accepted folder."""
    before = os.environ.get("ATLAS_DATA_DIR")
    os.environ["ATLAS_DATA_DIR"] = str(folder)
    try:
        runs = [(None, {"partner": partner} if partner else {}), ("views/seoul.py", {}), ("views/about.py", {})]
        runs += [(None, {"mode": "present", "step": str(step)}) for step in range(1, 6)]
        for page, params in runs:
            at = AppTest.from_file(APP, default_timeout=180)
            if page:
                at.switch_page(page)
            at.query_params.update({"lang": lang, **params})
            at.run()
            assert not at.exception, (page, params, [e.value for e in at.exception])
            assert not at.error, (page, params, [e.value for e in at.error])
            assert at.title, (page, params)
    finally:
        if before is None:
            os.environ.pop("ATLAS_DATA_DIR", None)
        else:
            os.environ["ATLAS_DATA_DIR"] = before
    ds = load(folder)
    t = Translator.for_dataset(ds, lang)
    view = apply(ds, DEFAULT.filters)
    today = dt.date(2026, 12, 1)
    figures = export.figures(view, ds, load_basemap(folder), t, "corpus", today)
    assert figures
    for figure in figures:
        assert export.svg(figure.spec).lstrip().startswith("<svg")
        assert export.png(figure.spec, scale=1).startswith(b"\x89PNG")
    assert export.seminar_pack(figures, view, t, "corpus", today)[:2] == b"PK"


@pytest.mark.apptest
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(single_cells(), st.sampled_from(["id", "en"]))
def test_an_accepted_cell_renders_every_page_and_every_export(cell, lang):
    """Refused cells are the other property's; here only folders that load count (`assume`), so that the
    few examples all reach the pages and the exports."""
    name, column, row, text = cell
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        accepted = loaded_or_refused_at(folder, name, column, write_cell(folder, name, column, row, text))
        assume(accepted is not None)
        event(f"rendered with {name}:{column}")
        render_and_export(folder, lang, _partner_of(name, row))
