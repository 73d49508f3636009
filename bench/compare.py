"""`python -m bench`: the atlas measured against a minimal baseline app in the same run.

The baseline (`bench/baseline_app.py`) is the single-file app a user would write first: it reads the
same partners CSV on every run and draws arcs, points and two Altair charts, with no caching. Every figure
is reported next to the baseline's and as a ratio, because this machine is shared and noisy; the budget
lines at the end say which targets are met and by how much the others miss. No test depends on timings.

Parts (choose with --parts): load (load + validate), rerun (atlas rerun after a year change and after a
sector change, AppTest), bytes (what the server sends for that rerun), browser (Chromium, by the page's
own clock: navigation to the map canvas, to a settled page and to the last chart; a filter change to the
map redrawn), room (N viewers at once).
"""

from __future__ import annotations

import csv
import itertools
import os
import platform
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.server import CHROMIUM, CHROMIUM_ARGS, chromium_available, running_app, running_apps
from dashboard.loader import DATA_DIR, load

ROOT = Path(__file__).resolve().parent.parent
ATLAS = str(ROOT / "dashboard" / "app.py")  # AppTest runs the page script itself
ATLAS_SERVER = str(ROOT / "dashboard" / "serve.py")  # a server is started the way the README starts it
BASELINE = str(ROOT / "bench" / "baseline_app.py")
PARTS = ("load", "rerun", "bytes", "browser", "room", "replicas", "failover")
# The same filter changes on both apps (widget labels, English), and the atlas page in English.
QUERY = "lang=en"
YEAR_CHANGE = {"Years": [1990.0, 2010.0]}


def scaled_copy(factor: int, folder: Path) -> Path:
    """The bundled data with every partner (and its agreements and activities) repeated `factor` times
    under new ids and names, slightly moved so the copies do not sit on each other."""
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

    def suffix(value: str, k: int, sep: str = "-") -> str:
        return value if k == 0 else f"{value}{sep}{k}"

    def partner(row: dict, k: int) -> dict:
        row["id"] = suffix(row["id"], k)
        row["city_en"] = suffix(row["city_en"], k, " ")
        row["lat"] = f"{max(-89.0, min(89.0, float(row['lat']) + (k % 7) * 0.3)):.4f}"
        return row

    def linked(row: dict, k: int) -> dict:
        row["id"], row["partner_id"] = suffix(row["id"], k), suffix(row["partner_id"], k)
        return row

    rewrite("partners.csv", partner)
    rewrite("agreements.csv", linked)
    rewrite("activities.csv", linked)
    return folder


def median_ms(step: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


@contextmanager
def data_folder(folder: Path) -> Iterator[None]:
    """Point both apps at a data folder (they read ATLAS_DATA_DIR on every run)."""
    before = os.environ.get("ATLAS_DATA_DIR")
    os.environ["ATLAS_DATA_DIR"] = str(folder)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("ATLAS_DATA_DIR", None)
        else:
            os.environ["ATLAS_DATA_DIR"] = before


# --- Parts --------------------------------------------------------------------------------------------------


def load_figures(folder: Path, repeat: int) -> dict[str, float]:
    import pandas as pd

    def baseline() -> None:
        pd.read_csv(folder / "partners.csv")
        pd.read_csv(folder / "activities.csv")
    return {"atlas": median_ms(lambda: load(folder), repeat), "baseline": median_ms(baseline, repeat)}


class _Reruns:
    """One app under AppTest, opened once in English, whose reruns after a filter change are timed."""

    def __init__(self, script: str, sector_key: str, sectors: list[str]):
        from streamlit.testing.v1 import AppTest

        self.script, self.sector_key, self.sectors = script, sector_key, sectors
        self.pairs = list(itertools.combinations(sectors, 2))
        self.at = AppTest.from_file(script, default_timeout=300)
        self.at.query_params["lang"] = "en"
        self.at.run()
        self.low, self.high = self._slider().min, self._slider().max

    def _slider(self):
        return next(s for s in self.at.slider if s.label in ("Years", "Tahun"))

    def timed(self, change: str, kind: str, i: int) -> float:
        """Milliseconds of the rerun after the i-th change of the years or the sectors: to one of two views
        taken in turn ("seen"), or to a view not shown before ("new")."""
        sectors = self.sectors
        if change == "year":
            years = (self.low + 10 + i % 2, self.high) if kind == "seen" else (self.low + 1 + i, self.high)
            self._slider().set_value(years)
        else:
            # a new view: the i-th pair of sectors (the bundled 13 sectors make 78 pairs: none comes back in a run)
            chosen = ([sectors[0]] if i % 2 == 0 else []) if kind == "seen" else list(self.pairs[i % len(self.pairs)])
            self.at.multiselect(key=self.sector_key).set_value(chosen)
        start = time.perf_counter()
        self.at.run()
        elapsed = (time.perf_counter() - start) * 1000
        if self.at.exception:
            raise RuntimeError(f"{Path(self.script).name} failed: {self.at.exception[0].value}")
        return elapsed


def rerun_figures(folder: Path, repeat: int) -> dict[str, float]:
    """Median rerun times of the atlas and the baseline. Their runs alternate, so that the load of a shared
    machine, which drifts over seconds, weighs on both alike."""
    sectors = list(load(folder).sectors["id"])
    out = {}
    with data_folder(folder):
        apps = {"atlas": _Reruns(ATLAS, "w_sectors", sectors), "baseline": _Reruns(BASELINE, "sectors", sectors)}
        for kind in ("seen", "new"):
            for change in ("year", "sector"):
                runs: dict[str, list[float]] = {name: [] for name in apps}
                for i in range(repeat):
                    for name, app in apps.items():
                        runs[name].append(app.timed(change, kind, i))
                for name in apps:
                    out[f"{name} {change} {kind}"] = statistics.median(runs[name])
    return out


def bytes_figures(folder: Path) -> dict[str, float]:
    from bench import protocol

    out = {}
    with data_folder(folder):
        for name, script in (("atlas", ATLAS_SERVER), ("baseline", BASELINE)):
            with running_app(script=script) as url:
                first, rerun = protocol.one_rerun_bytes(url, QUERY, YEAR_CHANGE)
            out[f"{name} first"] = first / 1024
            out[f"{name} rerun"] = rerun / 1024
    return out


# Timed by the page's own clock (milliseconds since navigation started), not by polling from outside: a
# poll cannot run while the page is busy, and deck.gl keeps it busy for a second or more right after it
# has put its canvas in, so a polled time lands before or after that work by chance.
# - the map canvas: when deck.gl's canvas is inserted into the page;
# - the last chart: when the page holds all its charts drawn;
# - a settled page: when, after that, the page's main thread last ended a task of 100 ms or more, provided
#   one second then passes without another (the map's layers set up and first drawn, and whatever the
#   rest of the page was doing meanwhile).
_PAGE_CLOCK = """
window.__bench = {canvas: null, settled: null, charts: null};
new MutationObserver((changes, observer) => {
  const bench = window.__bench;
  if (bench.canvas === null && document.querySelector('[data-testid="stDeckGlJsonChart"] canvas')) {
    bench.canvas = performance.now();
  }
  if (bench.charts === null && document.querySelectorAll(
      '[data-testid="stVegaLiteChart"] svg, [data-testid="stVegaLiteChart"] canvas').length >= CHARTS) {
    bench.charts = performance.now();
  }
  if (bench.canvas !== null && bench.charts !== null) observer.disconnect();
}).observe(document, {subtree: true, childList: true});
let last = performance.now(), quietSince = null;
const tick = () => {
  const now = performance.now(), bench = window.__bench;
  if (bench.canvas !== null && bench.settled === null) {
    if (quietSince === null || now - last >= 100) quietSince = now;
    if (now - quietSince >= 1000) bench.settled = quietSince;
  }
  last = now;
  if (bench.settled === null) setTimeout(tick, 20);
};
tick();
"""


def _browser_times(url: str, charts: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    finished: list[float] = []

    def on_socket(socket) -> None:
        def on_frame(payload) -> None:
            if isinstance(payload, bytes) and ForwardMsg.FromString(payload).WhichOneof("type") == "script_finished":
                finished.append(time.perf_counter())
        socket.on("framereceived", on_frame)

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.add_init_script(_PAGE_CLOCK.replace("CHARTS", str(charts)))
        page.on("websocket", on_socket)
        page.goto(f"{url}/?{QUERY}")
        page.wait_for_function("() => window.__bench && window.__bench.settled !== null && window.__bench.charts !== null",
                               timeout=120000)
        clock = page.evaluate("window.__bench")
        page.wait_for_timeout(1500)
        # A filter change: the year slider's end moves one step; the rerun ends with script_finished and
        # the map is drawn on the next frames.
        before = len(finished)
        page.locator("[data-testid=stSlider] input[type=range]").last.focus()
        start = time.perf_counter()
        page.keyboard.press("ArrowLeft")
        deadline = time.monotonic() + 120
        while len(finished) == before and time.monotonic() < deadline:
            page.wait_for_timeout(20)
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        redraw = time.perf_counter() - start
        browser.close()
    return {"to map canvas (s)": clock["canvas"] / 1000, "to a settled page (s)": clock["settled"] / 1000,
            "to last chart (s)": clock["charts"] / 1000, "filter to map redrawn (s)": redraw}


def browser_figures(folder: Path, visits: int = 5) -> dict[str, float]:
    """The first visit after a server start, then the median of `visits` later visits (a fresh browser
    each time). Both servers run at once and the visits alternate, atlas then baseline, so that a busy
    moment of a shared machine falls on both."""
    out: dict[str, float] = {}
    apps = (("atlas", ATLAS_SERVER, 4), ("baseline", BASELINE, 2))
    later: dict[str, list[dict[str, float]]] = {name: [] for name, _, _ in apps}
    with data_folder(folder), running_app(script=ATLAS_SERVER) as atlas_url, running_app(script=BASELINE) as base_url:
        urls = {"atlas": atlas_url, "baseline": base_url}
        for name, _, charts in apps:  # the first visit after the server started
            out[f"{name} first visit to map canvas (s)"] = _browser_times(urls[name], charts)["to map canvas (s)"]
        for _ in range(visits):
            for name, _, charts in apps:
                later[name].append(_browser_times(urls[name], charts))
    for name, runs in later.items():
        for key in runs[0]:
            out[f"{name} {key}"] = statistics.median(v[key] for v in runs)
    return out


def room_figures(folder: Path, viewers: int) -> dict[str, float]:
    from bench import protocol

    out = {}
    with data_folder(folder):
        for name, script in (("atlas", ATLAS_SERVER), ("baseline", BASELINE)):
            with running_apps(1, script=script) as (server,):
                protocol.room(server.url, 1, QUERY, YEAR_CHANGE, within=0)  # the first visit after start-up
                for key, value in protocol.room(server.url, viewers, QUERY, YEAR_CHANGE, memory=server.rss_mb).items():
                    out[f"{name} {key}"] = value
    return out


def replicas_figures(folder: Path, viewers: int, counts: tuple[int, ...] = (2, 4)) -> dict[str, float]:
    """The same room through nginx in front of 2 and 4 atlas servers (deploy/nginx.conf), and the baseline
    on one server measured in the same run for the ratios."""
    from bench import protocol
    from bench.replicas import running_replicas

    out = {}
    with data_folder(folder):
        with running_apps(1, script=BASELINE) as (server,):
            protocol.room(server.url, 1, QUERY, YEAR_CHANGE, within=0)
            for key, value in protocol.room(server.url, viewers, QUERY, YEAR_CHANGE, memory=server.rss_mb).items():
                out[f"baseline {key}"] = value
        for count in counts:
            with running_replicas(count, script=ATLAS_SERVER) as replicas:
                for each in replicas.servers:
                    protocol.room(each.url, 1, QUERY, YEAR_CHANGE, within=0)
                figures = protocol.room(replicas.url, viewers, QUERY, YEAR_CHANGE,
                                        memory=lambda: sum(s.rss_mb() for s in replicas.servers))
                per_server = replicas.viewers_per_server()
                figures["busiest server's share of viewers"] = max(per_server) / max(1, sum(per_server))
            for key, value in figures.items():
                out[f"{count} servers {key}"] = value
    return out


def failover_figures(viewers: int = 4) -> dict[str, float]:
    """Chromium pages on two servers behind nginx; one server is killed: seconds until every page shows its
    view again, and how many pages were on the killed server."""
    from playwright.sync_api import sync_playwright

    from bench.failover import failover
    from bench.replicas import running_replicas

    with running_replicas(2, script=ATLAS_SERVER) as replicas, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        result = failover(browser, replicas, viewers)
        browser.close()
    return {"pages": viewers, "pages on the killed server": result.moved, "seconds until every page is back": result.seconds}


# --- Report -------------------------------------------------------------------------------------------------


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "–"


def run(parts: tuple[str, ...] = PARTS, scales: tuple[int, ...] = (1, 10, 100), repeat: int = 20,
        viewers: int = 30, replica_counts: tuple[int, ...] = (2, 4)) -> int:
    from bench.replicas import nginx_available

    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()}; {time.strftime('%Y-%m-%d %H:%M')}; load average {_load()} at the start")
    results: dict[int, dict[str, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for factor in scales:
            folder = DATA_DIR if factor == 1 else scaled_copy(factor, Path(tmp) / f"x{factor}")
            ds = load(folder)
            figures: dict[str, dict[str, float]] = {"size": {"partners": len(ds.partners), "activities": len(ds.activities)}}
            if "load" in parts:
                figures["load"] = load_figures(folder, max(3, repeat // 4))
            if "rerun" in parts:
                figures["rerun"] = rerun_figures(folder, repeat)
            if "bytes" in parts:
                figures["bytes"] = bytes_figures(folder)
            if "browser" in parts and factor == 1:
                figures["browser"] = browser_figures(folder, 2 if repeat < 5 else 5) if chromium_available() else {}
            if "room" in parts and factor == 1:
                figures["room"] = room_figures(folder, viewers)
            if "replicas" in parts and factor == 1 and nginx_available():
                figures["replicas"] = replicas_figures(folder, viewers, replica_counts)
            if "failover" in parts and factor == 1 and nginx_available() and chromium_available():
                figures["failover"] = failover_figures()
            results[factor] = figures
    print(report(results, viewers))
    print(f"Load average at the end: {_load()} (1, 5, 15 minutes; other work shares this machine)")
    return 0


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def report(results: dict[int, dict[str, dict[str, float]]], viewers: int) -> str:
    lines = ["Reruns (AppTest, median ms; the baseline caches nothing, so its two columns measure the same thing):", "",
             "| data | partners | activities | load + validate ms (baseline) | year change, view seen before "
             "(baseline, ratio) | sector change, view seen before | year change, new view | sector change, new view "
             "| KB sent per rerun (baseline) |",
             "|---|---|---|---|---|---|---|---|---|"]

    def cell(r: dict, key: str) -> str:
        a, b = r[f"atlas {key}"], r[f"baseline {key}"]
        return f"{a:.0f} ({b:.0f}, {_ratio(a, b)})"

    for factor, f in results.items():
        load_, rerun, sent = f.get("load", {}), f.get("rerun", {}), f.get("bytes", {})
        lines.append(
            f"| {factor}x | {f['size']['partners']} | {f['size']['activities']} | "
            + (f"{load_['atlas']:.0f} ({load_['baseline']:.0f})" if load_ else "–") + " | "
            + (" | ".join(cell(rerun, k) for k in ("year seen", "sector seen", "year new", "sector new")) if rerun
               else "– | – | – | –") + " | "
            + (f"{sent['atlas rerun']:.0f} ({sent['baseline rerun']:.0f})" if sent else "–") + " |")
    first = results.get(1, {})
    browser = first.get("browser")
    if browser:
        lines += ["", "| in Chromium (bundled data; median of later visits unless said) | atlas (s) | baseline (s) | ratio |",
                  "|---|---|---|---|"]
        for key in ("first visit to map canvas (s)", "to map canvas (s)", "to a settled page (s)", "to last chart (s)",
                    "filter to map redrawn (s)"):
            a, b = browser[f"atlas {key}"], browser[f"baseline {key}"]
            lines.append(f"| {key.replace(' (s)', '')} | {a:.2f} | {b:.2f} | {_ratio(a, b)} |")
    lines += room_table(first, viewers)
    lines += ["", "Budget:"] + [f"- {line}" for line in budget(results)]
    return "\n".join(lines)


ROOM_ROWS = ("first page median (s)", "first page p95 (s)", "rerun median (s)", "rerun p95 (s)", "errors",
             "memory before (MB)", "memory peak (MB)", "memory after (MB)")


def room_table(first: dict[str, dict[str, float]], viewers: int) -> list[str]:
    """The room on one atlas server, on the baseline, and through nginx on 2 and 4 atlas servers; times also
    as ratios to the baseline's (memory: all the servers' together)."""
    room, replicas = first.get("room", {}), first.get("replicas", {})
    base = {k.removeprefix("baseline "): v for k, v in (room or replicas).items() if k.startswith("baseline ")}
    if not base:
        return []
    columns = ([("atlas, 1 server", {k.removeprefix("atlas "): v for k, v in room.items() if k.startswith("atlas ")})]
               if room else [])
    counts = sorted({int(k.split()[0]) for k in replicas if k[0].isdigit()})
    columns += [(f"atlas, {n} servers behind nginx", {k.removeprefix(f"{n} servers "): v for k, v in replicas.items()
                                                      if k.startswith(f"{n} servers ")}) for n in counts]
    lines = ["", f"| {viewers} viewers opening the link within 5 s, then changing a filter (bundled data) | "
             + " | ".join(f"{name} (÷ baseline)" for name, _ in columns) + " | baseline, 1 server |",
             "|---" * (len(columns) + 2) + "|"]
    for key in ROOM_ROWS + ("busiest server's share of viewers",):
        if key not in base and key != "busiest server's share of viewers":
            continue
        cells = []
        for _, figures in columns:
            value = figures.get(key)
            if value is None:
                cells.append("–")
            elif key == "errors":
                cells.append(f"{value:.0f}")
            elif key.startswith("memory"):
                cells.append(f"{value:.0f}")
            elif key.startswith("busiest"):
                cells.append(f"{value:.0%}")
            else:
                cells.append(f"{value:.2f} ({_ratio(value, base[key])})")
        b = base.get(key)
        basecell = "–" if b is None else f"{b:.0f}" if key == "errors" or key.startswith("memory") else f"{b:.2f}"
        lines.append(f"| {key} | " + " | ".join(cells) + f" | {basecell} |")
    failover = first.get("failover")
    if failover:
        lines += ["", "| a server killed under its viewers (Chromium, 2 servers behind nginx) | |", "|---|---|",
                  f"| pages open / on the killed server | {failover['pages']:.0f} / "
                  f"{failover['pages on the killed server']:.0f} |",
                  f"| seconds until every page shows its view again | {failover['seconds until every page is back']:.1f} |"]
    return lines


def budget(results: dict[int, dict[str, dict[str, float]]]) -> list[str]:
    """Each budget line, met or missed, with the figure that decides it."""
    out = []
    one = results.get(1, {})
    if "rerun" in one:
        r = one["rerun"]
        for kind, words in (("seen", "a view seen before"), ("new", "a new view")):
            worst = max(r[f"atlas year {kind}"] / r[f"baseline year {kind}"],
                        r[f"atlas sector {kind}"] / r[f"baseline sector {kind}"])
            out.append(f"atlas rerun ≤ 1.0× the baseline, {words}: {'met' if worst <= 1.0 else 'MISSED'} ({worst:.2f}×)")
    hundred = results.get(100, {})
    if "rerun" in one and "rerun" in hundred:
        growth = hundred["rerun"]["atlas year new"] / one["rerun"]["atlas year new"]
        out.append(f"rerun at 100x ≤ 4× its 1x time: {'met' if growth <= 4 else 'MISSED'} ({growth:.2f}×)")
    if "bytes" in hundred:
        kb = hundred["bytes"]["atlas rerun"]
        out.append(f"payload per rerun at 100x < 1 MB: {'met' if kb < 1024 else 'MISSED'} ({kb:.0f} KB)")
    if one.get("browser"):
        b = one["browser"]
        ratio = b["atlas to map canvas (s)"] / b["baseline to map canvas (s)"]
        out.append(f"time to the map canvas ≤ 1.2× the baseline: {'met' if ratio <= 1.2 else 'MISSED'} ({ratio:.2f}×)")
    if one.get("room"):
        r = one["room"]
        ok = r["atlas first page p95 (s)"] < 2 and r["atlas rerun p95 (s)"] < 1 and r["atlas errors"] == 0
        out.append(f"{r['atlas viewers']:.0f} viewers on one server: p95 first page < 2 s, p95 rerun < 1 s, no errors: "
                   f"{'met' if ok else 'MISSED'} (p95 first page {r['atlas first page p95 (s)']:.2f} s, "
                   f"p95 rerun {r['atlas rerun p95 (s)']:.2f} s, {r['atlas errors']:.0f} errors)")
        before = r["atlas memory before (MB)"]
        grown, kept = r["atlas memory peak (MB)"] - before, r["atlas memory after (MB)"] - before
        out.append(f"memory per viewer on one server: {grown / r['atlas viewers'] * 1024:.0f} KB at the peak; "
                   f"{kept:.0f} MB of the {grown:.0f} MB still held 5 s after they left")
    return out
