"""What a page shows for a view is worked out once and reused, and never mixed up between views."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pyarrow as pa
import pytest

from dashboard import content, memo
from dashboard.filters import Filters
from dashboard.loader import load


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
    assert len(memo.of(first)) >= 1 and len(memo.of(second)) == 0


def test_the_map_json_depends_on_what_the_map_shows(dataset):
    common = {"color_by": "relationship", "focus": "world", "width": 1000, "height": 520, "inline": False}
    basemap = {"type": "FeatureCollection", "features": []}
    plain = content.deck_json(dataset, Filters(), "en", basemap, selected=None, **common)
    chosen = content.deck_json(dataset, Filters(), "en", basemap, selected="seoul", **common)
    assert plain != chosen and content.deck_json(dataset, Filters(), "en", basemap, selected=None, **common) is plain


def test_the_map_is_worked_out_again_for_other_outlines():
    ds = load()  # a dataset of its own: the memo starts empty
    common = {"color_by": "relationship", "focus": "world", "width": 1000, "height": 520, "inline": True,
              "selected": None}
    empty = {"type": "FeatureCollection", "features": []}
    square = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "999", "name": "Sq"},
              "geometry": {"type": "Polygon", "coordinates": [[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]]}}]}
    plain = content.deck_json(ds, Filters(), "en", empty, **common)
    other = content.deck_json(ds, Filters(), "en", square, **common)
    assert '"Sq"' not in plain and '"Sq"' in other  # the map carries its outlines: another base map, another map


def test_values_shared_between_sessions_cannot_be_changed_or_are_copies():
    ds = load()
    charts = content.atlas_charts(ds, Filters(), "en")
    with pytest.raises(TypeError):
        charts["growth"] = None  # a read-only mapping
    with pytest.raises(dataclasses.FrozenInstanceError):
        charts["growth"].summary = "changed"
    view = content.view(ds, Filters())
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.partners = view.partners.head(0)
    with pytest.raises(ValueError):
        view.activity_year[0] = 0  # a read-only array
    with pytest.raises(TypeError):
        view.partner_sectors["braunschweig"] = frozenset()  # type: ignore[index]
    assert isinstance(content.eventful_years(ds, Filters()), frozenset)

    table = content.partner_table(ds, Filters(), "en")
    table.loc[0, "id"] = "changed"
    table["extra"] = 1
    again = content.partner_table(ds, Filters(), "en")
    assert again.loc[0, "id"] != "changed" and "extra" not in again.columns  # the change stayed in the copy

    basemap = {"type": "FeatureCollection", "features": []}
    figures = content.figures(ds, Filters(), "en", basemap, "every year", dt.date(2026, 12, 1), "relationship")
    assert isinstance(figures, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        figures[0].title = "changed"


def test_a_memo_key_must_be_a_typed_key():
    ds = load()
    with pytest.raises(TypeError, match="memo key"):
        memo.of(ds).get(("view", Filters()), lambda: None)  # type: ignore[arg-type]
    assert memo.of(ds).get(content.ViewKey(Filters()), lambda: "x") == "x"
    assert memo.of(ds).get(content.ViewKey(Filters()), lambda: "y") == "x"  # an equal key finds the value


def test_chart_data_goes_to_the_page_as_arrow_with_every_row(dataset):
    charts = [c for c in content.atlas_charts(dataset, Filters(), "en").values() if c.spec and c.spec.get("datasets")]
    assert charts  # the regions, fields and activities charts name their data
    for chart in charts:
        for name, rows in chart.spec["datasets"].items():
            table = pa.ipc.open_stream(io.BytesIO(chart.page_spec["datasets"][name])).read_all()
            assert table.num_rows == len(rows) and set(table.column_names) == set(rows[0])
        assert all(isinstance(rows, list) for rows in chart.spec["datasets"].values())  # the spec itself unchanged


def test_a_map_request_is_the_key_of_its_map_equal_for_the_same_view_and_options_and_not_otherwise(dataset):
    from dashboard.loader import load_basemap

    basemap = load_basemap()

    def request(**changes):
        options = dict(color_by="relationship", selected=None, focus="world", width=800, height=520, inline=False)
        return content.map_request(dataset, Filters(), "en", basemap, **{**options, **changes})

    assert request() == request() and hash(request()) == hash(request())
    assert content.deck(request(), dataset) is content.deck(request(), dataset)  # worked out once
    for other in (request(selected="seoul"), request(width=640), request(color_by="status"), request(focus="east_asia")):
        assert other != request()
        assert content.deck(other, dataset).json != content.deck(request(), dataset).json
    english = request()
    indonesian = content.map_request(dataset, Filters(), "id", basemap, color_by="relationship", selected=None,
                                     focus="world", width=800, height=520, inline=False)
    assert indonesian != english  # the tooltips are in the page's language
    assert content.map_request(dataset, Filters(), "en", dict(basemap), color_by="relationship", selected=None,
                               focus="world", width=800, height=520, inline=False) != english  # other outlines


def test_the_atlas_model_holds_what_the_page_draws_for_the_whole_view(dataset):
    from dashboard.loader import load_basemap
    from dashboard.state import DEFAULT, Vocabulary

    vocab, basemap = Vocabulary.for_dataset(dataset), load_basemap()
    state = DEFAULT.with_(lang="en", partner="seoul", years=(1990, 2020))
    page = content.atlas_page(dataset, state, vocab.bounds, content.MapSource(basemap), content.Screen(1000, 900, 400))
    assert page.showing.startswith("1990–2020")
    assert page.map_request.selected == "seoul" and page.map_request.width_px == 1000
    assert page.deck.to_json() == content.deck_json(dataset, state.filters, "en", basemap, color_by="relationship",
                                                    selected="seoul", focus="world", width=1000,
                                                    height=page.map_height, inline=False)
    assert page.detail is not None and "Seoul" in page.detail.heading
    assert page.inset_beside and page.inset_width == 400 - content.pages.INSET_SLACK
    assert set(page.charts) == {"growth", "regions", "fields", "activities"}
    assert page.table.num_rows == len(page.view.partners)
    narrow = content.atlas_page(dataset, state, vocab.bounds, content.MapSource(basemap), content.Screen(500, 900, 200))
    assert not narrow.inset_beside and narrow.inset_width == 500 - content.pages.INSET_SLACK  # under the map
