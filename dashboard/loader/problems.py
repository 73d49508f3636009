"""What the loader reports: a `Problem` (file, line, column, value, rule), the `DataError` that carries all
of them, and the collector that keeps the first MAX_PER_RULE of each kind and counts the rest."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

# At most this many problems are listed per rule, column and file; the rest are counted.
MAX_PER_RULE = 20
# Problems of one kind: (file, column, rule).
GroupKey = tuple[str, str | None, str]


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


class Collector:
    """Problems grouped by (file, column, rule): the first MAX_PER_RULE of each are kept, the rest counted."""

    def __init__(self) -> None:
        self.groups: dict[GroupKey, list[Problem]] = {}
        self.counts: dict[GroupKey, int] = {}

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
