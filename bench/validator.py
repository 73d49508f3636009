"""`python -m bench --validator`: how long loading and validating takes, and how much memory.

Three measurements, after the imports: the bundled data (median of many runs); the bundled data with
100,000 generated activity rows (median of a few runs, and the peak memory of a fresh process that
loads it); and the same 100,000 rows each with a bad sector, to show that the report stays short.
Figures go into the README; no test depends on them.
"""

from __future__ import annotations

import csv
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dashboard.loader import DATA_DIR, DataError, load

ROOT = Path(__file__).resolve().parent.parent
ROWS = 100_000

# Run in a fresh interpreter so that the peak resident memory belongs to this load alone (VmHWM, not
# ru_maxrss, which Linux carries over from the parent process).
_MEMORY_PROBE = """
import json, sys
from dashboard.loader import load

def peak_mb():  # the process's resident-memory high-water mark (Linux)
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024

before = peak_mb()
load(sys.argv[1])
print(json.dumps({"after_imports_mb": before, "peak_mb": peak_mb()}))
"""


def activities_copy(folder: Path, rows: int = ROWS, bad_sector: bool = False) -> Path:
    """The bundled data with `rows` activity rows: the bundled ones repeated under new ids (optionally
    each with a sector that does not exist)."""
    shutil.copytree(DATA_DIR, folder)
    with open(DATA_DIR / "activities.csv", encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header, body = next(reader), list(reader)
    id_col, sector_col = header.index("id"), header.index("sector")
    with open(folder / "activities.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        for n in range(rows):
            row = list(body[n % len(body)])
            row[id_col] = f"{row[id_col]}-{n}"
            if bad_sector:
                row[sector_col] = "astrology"
            writer.writerow(row)
    return folder


def _seconds(step, repeat: int) -> tuple[float, float]:
    """(median, fastest) wall-clock seconds of `repeat` runs, after one warm-up run."""
    step()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), min(runs)


def _load_problems(folder: Path) -> DataError:
    try:
        load(folder)
    except DataError as err:
        return err
    raise AssertionError("the broken copy loaded without a problem")


def validator_figures(repeat: int = 30) -> dict[str, float]:
    """The validator's speed and memory, in the units named by each key."""
    figures: dict[str, float] = {}
    median, fastest = _seconds(lambda: load(DATA_DIR), repeat)
    figures["bundled: load + validate, median (ms)"] = median * 1000
    figures["bundled: load + validate, fastest (ms)"] = fastest * 1000
    with tempfile.TemporaryDirectory() as tmp:
        big = activities_copy(Path(tmp) / "big")
        median, fastest = _seconds(lambda: load(big), 3)
        figures[f"{ROWS:,} activities: load + validate, median (s)"] = median
        figures[f"{ROWS:,} activities: load + validate, fastest (s)"] = fastest
        probe = subprocess.run([sys.executable, "-c", _MEMORY_PROBE, str(big)], cwd=ROOT,
                               capture_output=True, text=True, check=True)
        memory = json.loads(probe.stdout)
        figures[f"{ROWS:,} activities: process memory after imports (MB)"] = memory["after_imports_mb"]
        figures[f"{ROWS:,} activities: peak process memory (MB)"] = memory["peak_mb"]
        shutil.rmtree(big)
        bad = activities_copy(Path(tmp) / "bad", bad_sector=True)
        median, _ = _seconds(lambda: _load_problems(bad), 1)
        err = _load_problems(bad)
        figures[f"{ROWS:,} bad activities: load + validate (s)"] = median
        figures[f"{ROWS:,} bad activities: problems found"] = err.total
        figures[f"{ROWS:,} bad activities: lines in the report"] = len(err.problems)
    return figures


def run() -> int:
    for name, value in validator_figures().items():
        print(f"{name}: {value:,.1f}" if isinstance(value, float) else f"{name}: {value:,}")
    return 0
