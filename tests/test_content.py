"""What a page shows for a view is worked out once and reused, and never mixed up between views."""

from __future__ import annotations

import io

import pyarrow as pa

from dashboard import content
from dashboard.data import load
from dashboard.filters import Filters


def test_the_cached_specs_differ_when_the_filters_or_the_language_differ_and_are_reused_when_not(tmp_path):
    ds = load()  # a dataset of its own: the memo starts empty
    every, early = Filters(), Filters(years=(1960, 1999))
    english = content.atlas_charts(ds, every, "en")
    assert content.atlas_charts(ds, every, "en") is english  # the same view again: nothing rebuilt
    assert content.atlas_charts(ds, early, "en")["growth"].spec != english["growth"].spec
    indonesian = content.atlas_charts(ds, every, "id")
    assert indonesian["growth"].spec != english["growth"].spec
    assert "Pertumbuhan" in str(indonesian["growth"].spec) and "Growth" in str(english["growth"].spec)


def test_a_new_dataset_starts_with_an_empty_memo_so_an_edit_is_never_hidden_by_old_results():
    first, second = load(), load()
    content.view(first, Filters())
    assert len(first.memo) >= 1 and len(second.memo) == 0


def test_the_map_json_depends_on_what_the_map_shows(dataset):
    common = {"color_by": "relationship", "focus": "world", "width": 1000, "height": 520, "inline": False}
    basemap = {"type": "FeatureCollection", "features": []}
    plain = content.deck_json(dataset, Filters(), "en", basemap, selected=None, **common)
    chosen = content.deck_json(dataset, Filters(), "en", basemap, selected="seoul", **common)
    assert plain != chosen and content.deck_json(dataset, Filters(), "en", basemap, selected=None, **common) is plain


def test_chart_data_goes_to_the_page_as_arrow_with_every_row(dataset):
    charts = [c for c in content.atlas_charts(dataset, Filters(), "en").values() if c.spec and c.spec.get("datasets")]
    assert charts  # the regions, fields and activities charts name their data
    for chart in charts:
        for name, rows in chart.spec["datasets"].items():
            table = pa.ipc.open_stream(io.BytesIO(chart.page_spec["datasets"][name])).read_all()
            assert table.num_rows == len(rows) and set(table.column_names) == set(rows[0])
        assert all(isinstance(rows, list) for rows in chart.spec["datasets"].values())  # the spec itself unchanged
