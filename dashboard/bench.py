"""`python -m dashboard bench`: time the steps of one page run on the bundled data and on 10x and 100x
generated copies of it, and the size of what the map sends to the browser. Figures go into the README;
no test depends on timings."""

from __future__ import annotations

import csv
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from dashboard import charts, export, maps
from dashboard.data import DATA_DIR, load, load_basemap
from dashboard.filters import Filters, apply
from dashboard.i18n import Translator


def scaled_copy(factor: int, folder: Path) -> Path:
    """The bundled data with every partner (and its agreements and activities) repeated `factor` times
    under new ids, slightly moved so the copies do not sit on each other."""
    shutil.copytree(DATA_DIR, folder)
    def rewrite(name: str, change) -> None:
        with open(folder / name, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        fields = list(rows[0].keys())
        out = [change(dict(row), k) for k in range(factor) for row in rows]
        with open(folder / name, "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(out)

    def suffix(value: str, k: int) -> str:
        return value if k == 0 else f"{value}-{k}"

    def partner(row: dict, k: int) -> dict:
        row["id"] = suffix(row["id"], k)
        row["lat"] = f"{max(-89.0, min(89.0, float(row['lat']) + (k % 7) * 0.3)):.4f}"
        return row

    def linked(row: dict, k: int) -> dict:
        row["id"], row["partner_id"] = suffix(row["id"], k), suffix(row["partner_id"], k)
        return row

    rewrite("partners.csv", partner)
    rewrite("agreements.csv", linked)
    rewrite("activities.csv", linked)
    return folder


def _time(step, repeat: int) -> float:
    """Median milliseconds of `repeat` runs."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def measure(folder: Path, repeat: int) -> dict[str, float]:
    ds = load(folder)
    t = Translator.for_dataset(ds, "en")
    basemap = load_basemap(folder)
    colors = charts.sector_colors(ds)
    view = apply(ds, Filters())
    deck = maps.build_deck(view, ds.home, basemap, t, colors)
    return {
        "partners": len(ds.partners), "activities": len(ds.activities),
        "load + validate (ms)": _time(lambda: load(folder), max(3, repeat // 4)),
        "filter (ms)": _time(lambda: apply(ds, Filters(years=(2000, 2026), sectors=("culture",))), repeat),
        "map (ms)": _time(lambda: maps.build_deck(view, ds.home, basemap, t, colors).to_json(), repeat),
        "charts (ms)": _time(lambda: [json.dumps(spec) for spec in (charts.growth_chart(view, t), charts.regions_chart(view, t),
                                                                    charts.sectors_chart(view, ds, t),
                                                                    charts.activities_chart(view, ds, t))], repeat),
        "table + CSV (ms)": _time(lambda: export.to_csv(export.partner_table(view, t)), repeat),
        "map payload (KB)": len(deck.to_json().encode("utf-8")) / 1024,
    }


def run(repeat: int = 20) -> int:
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for factor in (1, 10, 100):
            folder = DATA_DIR if factor == 1 else scaled_copy(factor, Path(tmp) / f"x{factor}")
            results.append((f"{factor}x", measure(folder, repeat)))
    keys = list(results[0][1])
    print("| data | " + " | ".join(keys) + " |")
    print("|---" * (len(keys) + 1) + "|")
    for name, figures in results:
        cells = [f"{figures[k]:.0f}" if k in ("partners", "activities") else f"{figures[k]:.1f}" for k in keys]
        print(f"| {name} | " + " | ".join(cells) + " |")
    return 0
