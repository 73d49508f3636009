"""Any folder the validator accepts can be drawn: filters, charts, maps, tables, the partner detail and the
Seoul page's logic run without an exception on it, and its text stays inert Markdown.

The folders come from tests/strategies.py (header-only tables, one-year data, odd but valid text and
URLs); the full-page version of this property runs the pages with AppTest on the same folders.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from dashboard import charts, export, maps, options, seoul
from dashboard.contract import SEOUL_TEXT_KEYS, STATUSES
from dashboard.detail import partner_detail
from dashboard.filters import Filters, apply, partner_events, year_bounds
from dashboard.i18n import Translator
from dashboard.loader import load, load_basemap
from dashboard.markdown import inert
from tests.strategies import folder_recipes, write_folder
from tests.test_markdown import assert_inert


def _draw_everything(folder: Path) -> None:
    ds = load(folder)
    basemap = load_basemap(folder)
    colors = charts.sector_colors(ds)
    sector_ids = list(ds.sectors["id"])
    low, high = year_bounds(ds)
    assert low < high
    for lang in ("en", "id"):
        t = Translator.for_dataset(ds, lang)
        for filters in (Filters(), Filters(statuses=STATUSES, years=(low, high)),
                        Filters(years=(low, low), sectors=tuple(sector_ids[:1])),
                        Filters(statuses=STATUSES, countries=("KOR",))):
            view = apply(ds, filters)
            view.headline()
            for chart in (charts.growth_chart(view, t), charts.regions_chart(view, t), charts.sectors_chart(view, ds, t),
                          charts.activities_chart(view, ds, t)):
                json.dumps(chart)  # a spec, or None when there is nothing to draw
            for summary in (charts.growth_summary(view, t), charts.regions_summary(view, t),
                            charts.sectors_summary(view, ds, t), charts.activities_summary(view, ds, t)):
                assert summary
            for color_by in options.COLOR_BY:
                maps.MapDeck(maps.deck_map(maps.MapRequest(view, ds.home, basemap, t, colors, color_by=color_by)).json).to_json()
                maps.legend(view, t, color_by, colors)
            maps.map_alt_text(view, t)
            export.to_csv(export.partner_table(view, t))
            export.to_csv(export.activity_table(view, t))
        for pid in ds.partners["id"]:
            info = partner_detail(ds, pid, t, sector_ids)
            for part in (info.heading, info.standing, info.summary, info.sectors, info.warning or "", info.note or "",
                         *info.agreements):
                assert_inert(part)
        texts = seoul.Texts(ds.seoul, lang)
        for key in SEOUL_TEXT_KEYS:
            assert_inert(inert(texts[key]))
        events = partner_events(ds, seoul.PARTNER)
        for finding in [None, *ds.seoul.findings["id"]]:
            highlight = seoul.highlighted(events, ds.seoul, finding)
            seoul.timeline_table(events, t, highlight)
            json.dumps(charts.timeline_chart(events, ds, t, highlight))
            if finding:
                seoul.finding_title(ds.seoul, finding, lang)
        fields = seoul.citation_fields(ds.seoul)
        seoul.citation_text({name: value for name, value, _ in fields}, t)
        seoul.keywords(ds.seoul, lang)
        for row in ds.seoul.reading_list.itertuples():
            assert_inert(seoul.reading_line(row))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(folder_recipes())
def test_every_folder_the_validator_accepts_can_be_drawn(recipe):
    with tempfile.TemporaryDirectory() as tmp:
        _draw_everything(write_folder(recipe, Path(tmp) / "data"))


def test_the_extreme_folders_can_be_drawn(tmp_path):
    """The corners the random examples may miss: everything empty, and everything in this year."""
    empty = {"no_partners": True, "no_agreements": True, "no_activities": True, "no_seoul_cards": True, "no_i18n": True,
             "one_year": None, "texts": {}, "urls": [], "multiline": False}
    _draw_everything(write_folder(empty, tmp_path / "empty"))
    from tests.strategies import THIS_YEAR
    _draw_everything(write_folder({**empty, "no_partners": False, "no_agreements": False, "no_activities": False,
                                   "no_seoul_cards": False, "no_i18n": False, "one_year": THIS_YEAR},
                                  tmp_path / "one-year"))
