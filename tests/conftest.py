"""Shared fixtures: the bundled dataset, and broken copies of it in a temporary folder; the strict translator."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest

from dashboard.i18n import STRICT, Translator
from dashboard.loader import DATA_DIR, Dataset, load

ROOT = Path(__file__).resolve().parent.parent
# The strict translator in every run of the tests (unit, AppTest and the servers they start): a key the code
# asks for that data/i18n.csv lacks fails the test instead of showing the raw key on the page.
os.environ[STRICT] = "1"

APP = str(ROOT / "dashboard" / "app.py")


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    return load(DATA_DIR)


@pytest.fixture(scope="session")
def t_en(dataset) -> Translator:
    return Translator.for_dataset(dataset, "en")


@pytest.fixture(scope="session")
def t_id(dataset) -> Translator:
    return Translator.for_dataset(dataset, "id")


class DataCopy:
    """A copy of the bundled data folder that a test may break."""

    def __init__(self, folder: Path):
        self.folder = folder

    def rows(self, name: str) -> list[list[str]]:
        with open(self.folder / name, encoding="utf-8", newline="") as f:
            return list(csv.reader(f))

    def write(self, name: str, rows: list[list[str]]) -> None:
        with open(self.folder / name, "w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows(rows)

    def line_of(self, name: str, row_id: str, id_column: str = "id") -> int:
        """The spreadsheet line of the row whose id column holds `row_id`."""
        rows = self.rows(name)
        col = rows[0].index(id_column)
        return next(i + 1 for i, r in enumerate(rows) if i and r[col] == row_id)

    def set(self, name: str, line: int, column: str, value: str) -> None:
        """Put `value` in one cell, addressed as a spreadsheet user would: line number and column."""
        rows = self.rows(name)
        rows[line - 1][rows[0].index(column)] = value
        self.write(name, rows)

    def get(self, name: str, line: int, column: str) -> str:
        rows = self.rows(name)
        return rows[line - 1][rows[0].index(column)]


@pytest.fixture
def data_copy(tmp_path) -> DataCopy:
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    return DataCopy(folder)
