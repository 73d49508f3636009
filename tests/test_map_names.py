"""Names that cannot be misread: on every map the dashboard draws, each written name lies clearly nearer its own
dot than any other dot (home, every partner's drawn point, the small dots at moved points' true places), read
from what the page or the export receives (tests/mapcheck.py). Where the world map has no room for the
Korean, Japanese and Chinese partners' names, the East Asia inset names them."""

from __future__ import annotations

import math

import pytest
import vl_convert as vlc

from dashboard import charts, content, geo, maps, palette, seoul
from dashboard.contract import STATUSES
from dashboard.filters import Filters, apply
from dashboard.loader import load_basemap
from tests.mapcheck import Dot, Name, box_distance, deck_reading, misread_names, overlaps, static_reading

WIDTHS = tuple(range(400, 2000, 100))  # the map's width in pixels, from a phone on its side to a 1920 projector
EAST_ASIA = ("KOR", "JPN", "CHN")
VIEWS = {  # (filters, selected partner, map view)
    "default": (Filters(), None, "world"),
    "culture": (Filters(sectors=("culture",)), None, "world"),
    "partner=seoul": (Filters(), "seoul", "world"),
    "east_asia": (Filters(), None, "east_asia"),
}


def reading(dataset, t, filters, selected, focus, width, height):
    spec = maps.deck_map(maps.MapRequest(apply(dataset, filters), dataset.home, load_basemap(), t,
                                         charts.sector_colors(dataset), selected=selected, focus=focus, width_px=width,
                                         height_px=height)).spec()
    return deck_reading(spec, width, height)


def on_canvas(dots: list[Dot], width: float, height: float) -> set[str]:
    return {d.owner for d in dots if 0 <= d.x <= width and 0 <= d.y <= height}


def assert_readable(names: list[Name], dots: list[Dot], where: str) -> None:
    assert names, where
    assert misread_names(names, dots) == [], where
    assert overlaps(names) == [], where
    for name in names:  # and no name covers a point
        assert all(box_distance(d.x, d.y, name.box) >= d.radius for d in dots), (where, name.text)


def test_the_reading_sees_the_fault_the_walkthrough_found():
    # "Seoul" written beside Suwon's dot (the walkthrough's M1): the test's reading calls it a fault.
    seoul_dot, suwon_dot = Dot("seoul", 100, 100, 6), Dot("suwon", 100, 122, 6)
    beside_suwon = Name("seoul", "Seoul", geo.label_box(100, 122, 40, 16, "start", "center", (12, 0)))
    beside_seoul = Name("seoul", "Seoul", geo.label_box(100, 100, 40, 16, "end", "center", (-12, 0)))
    assert misread_names([beside_suwon], [seoul_dot, suwon_dot])
    assert misread_names([beside_seoul], [seoul_dot, suwon_dot]) == []


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("view", VIEWS)
def test_no_written_name_is_nearer_another_dot_than_its_own_at_any_width(dataset, t_en, t_id, view, lang):
    filters, selected, focus = VIEWS[view]
    t = t_en if lang == "en" else t_id
    # Each width at the map's own height, and at 300 px (what a 1280x720 window leaves it on the first screen).
    for width, height in [(w, h) for w in WIDTHS for h in sorted({maps.map_height(w), 300})]:
        names, dots = reading(dataset, t, filters, selected, focus, width, height)
        assert_readable(names, dots, f"{view} {lang} at {width}x{height}")
        if selected:  # the chosen partner is named, beside its own dot
            assert selected in {n.owner for n in names}, f"{view} at {width}x{height}: {selected} unnamed"


def present_sizes() -> list[tuple[str, int, int]]:
    """The map's size in each presentation step that has one, on a 1280x720 and a 1920x1080 projector and at
    150 % zoom (853x480): present.py's padding (2.5rem of 20 px each side), columns and heights, the width as
    the page's probe reports it (to 20 px)."""
    sizes = []
    for w, h in ((1280, 720), (1920, 1080), (853, 480)):
        content_width = w - 100
        step1 = (content_width - 20) * 4.2 / 5.2, max(300, h - 360)
        step2 = (content_width - 20) / 2, max(300, h - 450)
        for step, (mw, mh) in (("step 1", step1), ("step 2", step2)):
            sizes.append((f"{step} at {w}x{h}", int(round(mw / 20) * 20), int(mh)))
    return sizes


@pytest.mark.parametrize("where,width,height", present_sizes())
def test_no_written_name_is_nearer_another_dot_than_its_own_on_the_presentation_maps(dataset, t_en, where, width, height):
    for view, (filters, selected, focus) in VIEWS.items():
        names, dots = reading(dataset, t_en, filters, selected, focus, width, height)
        assert_readable(names, dots, f"{where}, {view}")


def test_the_seoul_case_partner_is_always_named_on_the_world_map(dataset, t_en):
    assert seoul.PARTNER in maps.FEATURED  # the partner the Seoul page is about
    for filters in (Filters(), Filters(sectors=("culture",)), Filters(statuses=STATUSES)):
        for width in (400, 600, 800, 1100, 1500, 1900):
            names, _ = reading(dataset, t_en, filters, None, "world", width, maps.map_height(width))
            assert "seoul" in {n.owner for n in names}, (filters, width)


@pytest.mark.parametrize("partner", ["suwon", "seongdong-gu", "daegu", "toyota", "yingkou"])
def test_any_chosen_partner_in_the_cluster_is_named(dataset, t_en, partner):
    for width in (400, 600, 900, 1300, 1900):
        height = maps.map_height(width)
        names, dots = reading(dataset, t_en, Filters(), partner, "world", width, height)
        assert partner in {n.owner for n in names}, (partner, width)
        assert_readable(names, dots, f"{partner} at {width}")


def test_the_east_asia_view_frames_the_chinese_partners_and_names_every_partner_there(dataset, t_en):
    view = apply(dataset, Filters())
    wanted = set(view.partners.loc[view.partners["country_iso3"].isin(EAST_ASIA), "id"])
    assert {"yingkou", "liuzhou", "seoul", "kawasaki"} <= wanted
    for width in WIDTHS:
        height = maps.map_height(width)
        names, dots = reading(dataset, t_en, Filters(), None, "east_asia", width, height)
        assert wanted <= on_canvas(dots, width, height), width  # Yingkou and Liuzhou too
        assert wanted <= {n.owner for n in names}, (width, wanted - {n.owner for n in names})


# --- The East Asia inset ----------------------------------------------------------------------------------

ATLAS_SIZES = {  # viewport: (map width, map height, inset width): the atlas's map, its side column less 12 px
    "1280x720": (580, 300, 248), "1440x900": (680, 480, 308), "1920x1080": (1040, 520, 488),
    "phone 390x844": (360, 306, 348),
}


def inset_for(dataset, t, filters, selected, map_width, height, inset_width):
    world = maps.deck_map(maps.MapRequest(apply(dataset, filters), dataset.home, load_basemap(), t,
                                          charts.sector_colors(dataset), selected=selected, width_px=map_width,
                                          height_px=height))
    unnamed = maps.unnamed_east_asian(apply(dataset, filters), world.named)
    spec = content.inset(dataset, filters, t.lang, load_basemap(), color_by="relationship", selected=selected,
                         focus="world", width=map_width, height=height, inline=False, inset_width=inset_width)
    return unnamed, spec


@pytest.mark.parametrize("size", ATLAS_SIZES)
@pytest.mark.parametrize("view", ["default", "culture", "partner=seoul"])
def test_the_inset_names_every_east_asian_partner_the_world_map_leaves_unnamed(dataset, t_en, view, size):
    filters, selected, _ = VIEWS[view]
    map_width, map_height, inset_width = ATLAS_SIZES[size]
    unnamed, spec = inset_for(dataset, t_en, filters, selected, map_width, map_height, inset_width)
    if not unnamed:
        assert spec is None, "an inset for nothing"
        return
    assert spec is not None and spec["width"] == inset_width
    names, dots = static_reading(spec["layer"])
    where = f"{view} at {size}"
    assert_readable(names, dots, where)
    inside = {d.owner for d in dots}
    assert set(unnamed) <= inside, where  # every partner the world map leaves unnamed is in the inset ...
    assert inside <= {n.owner for n in names}, (where, inside - {n.owner for n in names})  # ... and named there
    tips = {row["id"]: row["tooltip"] for layer in spec["layer"] for row in layer.get("data", {}).get("values", [])
            if isinstance(row, dict) and "tooltip" in row}
    deck = maps.deck_map(maps.MapRequest(apply(dataset, filters), dataset.home, load_basemap(), t_en,
                                         charts.sector_colors(dataset), selected=selected, width_px=map_width,
                                         height_px=map_height)).spec()
    on_map = {d["id"]: d["tooltip"] for d in maps.pick_layer(deck)["data"]}
    assert inside and all(tips[pid] == on_map[pid] for pid in inside)  # the same tooltips as the map's
    assert spec["description"].startswith("Enlarged map of East Asia")


def test_the_inset_is_drawn_only_on_the_world_map(dataset, t_en):
    assert content.inset(dataset, Filters(), "en", load_basemap(), color_by="relationship", selected=None,
                         focus="east_asia", width=600, height=510, inline=False, inset_width=280) is None
    assert content.inset(dataset, Filters(), "en", load_basemap(), color_by="relationship", selected=None,
                         focus="world", width=600, height=510, inline=False, inset_width=280) is not None


def test_the_inset_renders_offline_with_its_title_in_the_chosen_language(dataset, t_id):
    _, spec = inset_for(dataset, t_id, Filters(), None, 580, 300, 248)
    svg = vlc.vegalite_to_svg(spec, allowed_base_urls=[])
    assert "Asia Timur, diperbesar" in svg and "Toyota City" in svg and "Seoul" in svg
    assert len(str(spec)) < 40_000  # a few countries cut to the inset, not the world


# --- The static export ----------------------------------------------------------------------------------------

def inset_box(layers: list[dict]) -> tuple[float, float, float, float] | None:
    frames = [row for layer in layers if isinstance(layer["mark"], dict) and layer["mark"].get("type") == "rect"
              and layer["mark"].get("fill") == palette.SEA for row in layer["data"]["values"]]
    return (frames[0]["x"], frames[0]["y"], frames[0]["x2"], frames[0]["y2"]) if frames else None


@pytest.mark.parametrize("filters", [Filters(), Filters(sectors=("culture",)), Filters(years=(1960, 2015)),
                                     Filters(statuses=STATUSES)], ids=["default", "culture", "1960-2015", "every status"])
@pytest.mark.parametrize("width", [640, 1000, 1400])
def test_the_static_map_writes_no_misreadable_name_and_names_east_asia_in_its_inset(dataset, t_en, filters, width):
    view = apply(dataset, filters)
    spec = maps.static_map_spec(maps.MapRequest(view, dataset.home, load_basemap(), t_en, charts.sector_colors(dataset),
                                                home_country_numeric=360), width=width, title="Map", caption="Data")
    names, dots = static_reading(spec["layer"])
    where = f"{width} px"
    assert_readable(names, dots, where)
    box = inset_box(spec["layer"])
    world_names = {n.owner for n in names if box is None or not box[0] <= n.box[0] <= box[2] or not box[1] <= n.box[1] <= box[3]}
    east_asian = set(view.partners.loc[view.partners["country_iso3"].isin(EAST_ASIA), "id"])
    missing = east_asian - world_names
    assert (box is not None) == bool(missing), where  # an inset exactly when the world map leaves one unnamed
    if box:
        inset_dots = {d.owner for d in dots if box[0] <= d.x <= box[2] and box[1] <= d.y <= box[3]}
        inset_names = {n.owner for n in names if box[0] <= n.box[0] <= box[2] and box[1] <= n.box[1] <= box[3]}
        assert missing <= inset_dots and inset_dots <= inset_names, (where, missing, inset_dots - inset_names)
        world_dots = [d for d in dots if not (box[0] <= d.x <= box[2] and box[1] <= d.y <= box[3])]
        assert world_dots and all(not (box[0] - 4 <= d.x <= box[2] + 4 and box[1] - 4 <= d.y <= box[3] + 4)
                                  for d in world_dots), "the inset covers a point of the world map"
        assert box[3] <= spec["height"], "the inset runs off the picture"
        assert spec["usermeta"]["inset"] == pytest.approx(list(box), abs=0.2)  # (for a legend to keep clear of)


def test_the_exported_map_with_its_inset_renders_offline(dataset, t_en):
    view = apply(dataset, Filters())
    spec = maps.static_map_spec(maps.MapRequest(view, dataset.home, load_basemap(), t_en, charts.sector_colors(dataset),
                                                home_country_numeric=360), width=1000)
    svg = vlc.vegalite_to_svg(spec, allowed_base_urls=[])
    assert "East Asia, enlarged" in svg
    assert all(city in svg for city in view.partners["city_en"])
    assert vlc.vegalite_to_png(spec, scale=1, allowed_base_urls=[]).startswith(b"\x89PNG")


# --- The history player: a still frame -------------------------------------------------------------------------

def test_while_the_history_plays_the_map_keeps_the_frame_of_the_whole_period(dataset):
    common = {"color_by": "relationship", "selected": None, "focus": "world", "width": 600, "height": 300,
              "inline": False}
    basemap = {"type": "FeatureCollection", "features": []}

    def frame(years, still):
        spec = maps.MapDeck(content.deck_json(dataset, Filters(years=years), "en", basemap, still=still, **common))
        state = __import__("json").loads(spec.to_json())["initialViewState"]
        return state["longitude"], state["latitude"], state["zoom"]

    whole = frame(None, False)
    early = [frame((1960, year), True) for year in (1960, 1985, 1997, 2015, 2026)]
    assert all(f == whole for f in early)  # the network grows inside a frame that does not move
    assert frame((1960, 1985), False) != whole  # (not playing: the map fits what it shows, as before)
    assert math.isfinite(whole[2])
