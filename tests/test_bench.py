"""The benchmark runs and prints every row of its table (a smoke test on the bundled data; no timings are
checked: speed is measured by `python -m bench`, and its figures go into the README)."""

from __future__ import annotations

import pytest

from bench import compare as bench
from bench.replicas import nginx_available

pytestmark = pytest.mark.bench


def test_the_quick_benchmark_prints_every_row_and_every_budget_line(capsys):
    assert bench.run(bench.PARTS, scales=(1,), repeat=2, viewers=3, replica_counts=(2,)) == 0
    out = capsys.readouterr().out
    assert "| 1x | " in out and "(baseline" in out
    for part in ("year change, view seen before", "KB sent per rerun", "viewers opening the link", "rerun p95 (s)", "errors"):
        assert part in out, part
    for line in ("atlas rerun ≤ 1.0× the baseline, a view seen before", "a new view",
                 "viewers on one server: p95 first page < 2 s", "memory per viewer on one server"):
        assert line in out, line
    if nginx_available():
        assert "atlas, 2 servers behind nginx" in out and "busiest server's share of viewers" in out
    if nginx_available() and bench.chromium_available():
        assert "seconds until every page shows its view again" in out
    if bench.chromium_available():
        for row in ("to map canvas", "to a settled page", "to last chart", "filter to map redrawn", "time to the map canvas"):
            assert row in out, row
