"""The map and chart builders, inspected through the specs they return."""

from __future__ import annotations

import json

import pytest

from dashboard import charts, geo, maps, options, palette
from dashboard.contract import SIGNED_STATUSES, STATUSES
from dashboard.filters import Filters, apply
from dashboard.loader import DATA_DIR, load_basemap


def deck_spec(dataset, t, view, **kwargs) -> dict:
    request = maps.MapRequest(view, dataset.home, load_basemap(), t, charts.sector_colors(dataset), **kwargs)
    deck = maps.MapDeck(maps.deck_map(request).json)
    return json.loads(deck.to_json())


def layer(spec: dict, layer_id: str) -> dict:
    """A layer by id, top-level or in one of the nested lists."""
    for item in spec["layers"]:
        for candidate in item if isinstance(item, list) else [item]:
            if candidate["id"].split("~")[0] == layer_id:  # the pickable layers' ids end with "~<selected>"
                return candidate
    raise KeyError(layer_id)


def test_the_map_draws_the_world_routes_points_home_and_names_and_uses_no_basemap_service(dataset, t_en):
    view = apply(dataset, Filters())
    spec = deck_spec(dataset, t_en, view)
    assert layer(spec, "countries")["@@type"] == "GeoJsonLayer"
    routes = layer(spec, "routes")
    assert routes["@@type"] == "PathLayer" and len(routes["data"]) == len(view.partners)  # every one signed
    assert {p["id"] for p in layer(spec, "partners")["data"]} == {"bandung", *dataset.partners["id"]}
    assert maps.shown_partner_ids(spec) == set(view.partners["id"])
    assert len(layer(spec, "markers")["data"]) == len(view.partners) and len(layer(spec, "home")["data"]) == 1
    # pydeck's "no basemap" sentinel, which Streamlit draws as nothing; a missing mapStyle would make
    # Streamlit fetch CARTO's online style instead.
    assert spec["mapStyle"] == "__MAP_STYLE__" and "mapProvider" not in spec
    assert "mapbox" not in json.dumps(spec).lower() and "carto" not in json.dumps(spec).lower()
    assert spec["views"][0]["repeat"] is False  # one copy of the world: no city drawn twice


def test_only_the_invisible_pick_targets_are_exposed_to_streamlits_selection_styling(dataset, t_en):
    # Streamlit 1.67 dims every object of every top-level layer but the selected one; it leaves nested
    # lists of layers alone. So all that is drawn sits in nested lists, and the one top-level layer is
    # the row of pick targets, drawn at opacity 0.
    spec = deck_spec(dataset, t_en, apply(dataset, Filters()), selected="seoul")
    top = [item for item in spec["layers"] if isinstance(item, dict)]
    assert [item["id"] for item in top] == ["sea~seoul", "partners~seoul"]
    assert all(item["opacity"] == 0 and item["pickable"] is True for item in top)
    nested = [item for group in spec["layers"] if isinstance(group, list) for item in group]
    assert nested and not any(item.get("pickable") for item in nested)


def test_every_route_starts_in_bandung_and_none_crosses_the_maps_edge(dataset, t_en):
    spec = deck_spec(dataset, t_en, apply(dataset, Filters(statuses=STATUSES)))
    paths = [row["path"] for layer_id in ("routes", "routes-open") for row in layer(spec, layer_id)["data"]]
    assert len(paths) == len(dataset.partners)
    bandung = [geo.frame_lon(dataset.home["lon"]), dataset.home["lat"]]
    for flat in paths:
        points = list(zip(flat[::2], flat[1::2]))
        assert points[0] == pytest.approx(bandung, abs=0.01)
        assert not geo.crosses_edge(points)


def test_the_pick_targets_keep_one_place_per_partner_whatever_the_filter(dataset, t_en):
    # Streamlit keeps a map selection as an index into the layer's data: the same index must always
    # be the same partner, or a filter change would quietly select another one.
    orders = [[d["id"] for d in layer(deck_spec(dataset, t_en, apply(dataset, filters)), "partners")["data"]]
              for filters in (Filters(), Filters(statuses=STATUSES), Filters(years=(1960, 1965)))]
    assert orders[0] == orders[1] == orders[2]


def test_tooltips_are_a_constant_text_template_filled_with_city_country_relationship_and_year(dataset, t_en):
    view = apply(dataset, Filters())
    request = maps.MapRequest(view, dataset.home, load_basemap(), t_en, charts.sector_colors(dataset))
    deck = maps.MapDeck(maps.deck_map(request).json)
    # An HTML template whose only placeholder Streamlit fills with the escaped text (&, <, >, quotes).
    assert deck._tooltip == maps.TOOLTIP and deck._tooltip["html"].count("{tooltip}") == 1
    assert "white-space:pre-line" in deck._tooltip["html"]
    spec = json.loads(deck.to_json())
    suwon = next(p for p in layer(spec, "partners")["data"] if p["id"] == "suwon")
    assert suwon["tooltip"].startswith("Suwon, South Korea\nSister city · ")
    assert suwon["tooltip"].endswith("\nsince 1997")


def test_tooltips_speak_indonesian_by_default(dataset, t_id):
    spec = deck_spec(dataset, t_id, apply(dataset, Filters()))
    suwon = next(p for p in layer(spec, "partners")["data"] if p["id"] == "suwon")
    assert "Korea Selatan" in suwon["tooltip"] and "sejak 1997" in suwon["tooltip"]


def test_unsigned_partners_are_drawn_open_with_a_dashed_route_in_full_colour(dataset, t_en):
    view = apply(dataset, Filters(statuses=STATUSES))
    spec = deck_spec(dataset, t_en, view)
    order = list(view.partners["id"])
    markers = dict(zip(order, layer(spec, "markers")["data"]))
    assert markers["cebu"]["fill"] == [255, 255, 255, 255] and markers["cebu"]["line"][3] == 255
    assert markers["seoul"]["fill"] == markers["seoul"]["line"]
    dashed = layer(spec, "routes-open")
    assert dashed["extensions"] == [{"@@type": "PathStyleExtension", "dash": True}]
    assert len(dashed["data"]) == int((~view.partners["signed"]).sum())
    assert all(row["color"][3] == 255 for row in dashed["data"])


def test_every_point_and_route_colour_stands_out_3_to_1_against_sea_and_land(dataset):
    colours = [*palette.RELATIONSHIP_COLORS.values(), *palette.STATUS_COLORS.values(), palette.HOME_COLOR, palette.INK,
               palette.NO_SECTOR, *(palette.map_color(c) for c in dataset.sectors["color"])]
    for colour in colours:
        for background in palette.BACKGROUNDS:
            assert geo.contrast(colour, background) >= 3.0, (colour, background)
    assert geo.contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert palette.map_color("#0072B2") == "#0072B2"  # dark enough already: left as it is
    assert geo.contrast("#F6C141", palette.SEA) < 3.0 <= geo.contrast(palette.map_color("#F6C141"), palette.SEA)


def test_countries_with_a_shown_partner_are_shaded(dataset, t_en):
    view = apply(dataset, Filters(years=(1960, 1999)))
    partner, home = maps.shaded_country_ids(view, 360)
    assert partner == ["276", "410", "840"] and home == "360"  # Germany, South Korea, United States
    fill = layer(deck_spec(dataset, t_en, view, home_country_numeric=360), "countries")["getFillColor"]
    assert fill.startswith("@@=") and all(f"'{c}'" in fill for c in [*partner, home])


def test_the_base_layer_is_served_cut_at_the_maps_edge_and_can_travel_inline(dataset, t_en):
    from pathlib import Path
    view = apply(dataset, Filters())
    assert layer(deck_spec(dataset, t_en, view), "countries")["data"] == maps.BASEMAP_URL
    served = Path(maps.__file__).parent.parent / "static" / Path(maps.BASEMAP_URL).name
    assert served.read_bytes() == (DATA_DIR / "geo" / Path(maps.BASEMAP_URL).name).read_bytes()
    inline = layer(deck_spec(dataset, t_en, view, basemap_inline=True), "countries")["data"]
    assert json.loads(served.read_text(encoding="utf-8")) == json.loads(json.dumps(inline))


def test_an_empty_view_still_draws_the_world(dataset, t_en):
    view = apply(dataset, Filters(years=(1960, 1965), sectors=("disaster_management",)))
    spec = deck_spec(dataset, t_en, view)
    assert layer(spec, "routes")["data"] == [] and layer(spec, "countries")["data"] == maps.BASEMAP_URL
    assert maps.shown_partner_ids(spec) == set()


def test_colouring_by_sector_uses_the_sector_palette_darkened_for_the_map_and_the_legend_agrees(dataset, t_en):
    view = apply(dataset, Filters())
    spec = deck_spec(dataset, t_en, view, color_by="sector")
    sector_palette = {tuple(palette.rgb(palette.map_color(c))[:3]) for c in dataset.sectors["color"]}
    assert all(tuple(p["fill"][:3]) in sector_palette for p in layer(spec, "markers")["data"])
    legend = maps.legend(view, t_en, "sector", charts.sector_colors(dataset))
    drawn = {tuple(p["fill"][:3]) for p in layer(spec, "markers")["data"]}
    assert legend and {tuple(palette.rgb(c)[:3]) for _, c in legend} == drawn


def test_the_legend_explains_open_points_only_when_they_are_shown(dataset, t_en):
    colors = charts.sector_colors(dataset)
    signed = maps.legend_html(apply(dataset, Filters()), t_en, "relationship", colors)
    every = maps.legend_html(apply(dataset, Filters(statuses=STATUSES)), t_en, "relationship", colors)
    assert "Sister city" in signed and "Home city" in signed and t_en("map.open_marker") not in signed
    assert t_en("map.open_marker") in every and "dashed" in every


def test_a_map_click_opens_the_partner_and_a_click_on_the_sea_closes_it(dataset, t_en):
    view = apply(dataset, Filters())
    spec = deck_spec(dataset, t_en, view)
    targets, sea = maps.pick_layer(spec), maps.pick_layer(spec, "sea")
    seoul = next(d for d in targets["data"] if d["id"] == "seoul")
    home = targets["data"][0]

    def click(layer, obj):
        return {"indices": {layer["id"]: [layer["data"].index(obj)]}, "objects": {layer["id"]: [obj]}}

    action, partner, key = maps.map_click(click(targets, seoul), None)
    assert (action, partner) == ("open", "seoul")
    # Streamlit re-sends the same selection after a rerun changed the object's data: not a new click.
    assert maps.map_click(click(targets, seoul), key) == ("ignore", None, key)
    assert maps.map_click(click(sea, sea["data"][0]), key)[:2] == ("clear", None)
    assert maps.map_click(click(targets, home), key)[:2] == ("clear", None)  # Bandung
    # An empty selection (the selection dropped after a rerun, a second click on the same point) does nothing.
    assert maps.map_click({"indices": {}, "objects": {}}, key) == ("ignore", None, key)
    assert maps.map_click(None, None) == ("ignore", None, None)
    # Once Seoul is open, the layers' ids change, so the next click on Seoul counts again.
    reopened = deck_spec(dataset, t_en, view, selected="seoul")
    again = next(d for d in maps.pick_layer(reopened)["data"] if d["id"] == "seoul")
    assert maps.map_click(click(maps.pick_layer(reopened), again), key)[:2] == ("open", "seoul")


WIDTHS = (358, 820, 1460)  # the map's width on a phone (390 px), a 1280 px projector and 1920 px


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("statuses", [SIGNED_STATUSES, STATUSES])
def test_at_the_opening_view_every_partner_is_on_the_map_and_apart_from_the_others(dataset, t_en, width, statuses):
    view = apply(dataset, Filters(statuses=statuses))
    height = maps.map_height(width)
    spec = deck_spec(dataset, t_en, view, width_px=width, height_px=height)
    state = tuple(spec["initialViewState"][k] for k in ("longitude", "latitude", "zoom"))
    targets = [d for d in layer(spec, "partners")["data"] if d["r"] > 0]
    xy = [geo.on_screen(*d["position"], state, width, height) for d in targets]
    assert all(0 <= x <= width and 0 <= y <= height for x, y in xy)
    assert geo.min_distance(xy) >= 2 * maps.PICK_RADIUS  # pick targets never overlap


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("focus", options.FOCUS)
def test_no_two_names_overlap_and_none_covers_a_point(dataset, t_en, width, focus):
    view = apply(dataset, Filters(statuses=STATUSES))
    height = maps.map_height(width)
    state = maps.opening_view(view, dataset.home, focus, width, height)
    plan = maps.layout(view, dataset.home, state, width, height)
    boxes = [spot["box"] for spot in plan["labels"].values()]
    assert len(boxes) >= 5
    for i, a in enumerate(boxes):
        assert 0 <= a[0] and a[2] <= width and 0 <= a[1] and a[3] <= height
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
        for p in plan["partners"]:
            x, y = p["xy"]
            nx, ny = min(max(x, a[0]), a[2]), min(max(y, a[1]), a[3])
            assert (nx - x) ** 2 + (ny - y) ** 2 >= maps.MARKER_RADIUS ** 2
    # Bandung is named, on every map wider than a phone's; on a phone's 358 px with every status shown (30
    # points), its neighbours can leave no spot that is clearly its own, and a name beside another city's
    # dot would be worse than none (the legend's red home dot says which is Bandung). The default view
    # names it at every width (test_the_world_map_names_bandung_and_the_oldest_partnerships).
    assert "bandung" in plan["labels"] or focus != "world" or width < 400


def test_the_world_map_names_bandung_and_the_oldest_partnerships(dataset, t_en):
    view = apply(dataset, Filters())
    for width in WIDTHS:
        height = maps.map_height(width)
        plan = maps.layout(view, dataset.home, maps.opening_view(view, dataset.home, "world", width, height), width, height)
        assert {"bandung", "braunschweig", "fort-worth", "seoul", "melbourne", "cuenca"} <= set(plan["labels"]), width


@pytest.mark.parametrize("width", WIDTHS)
def test_east_asia_and_the_seoul_pages_map_name_every_korean_and_japanese_partner(dataset, t_en, width):
    every = apply(dataset, Filters(statuses=STATUSES))
    korea = apply(dataset, Filters(statuses=STATUSES, countries=("KOR",)))
    for view, focus, countries in ((every, "east_asia", ("KOR", "JPN")), (korea, "korea", ("KOR",))):
        wanted = set(view.partners.loc[view.partners["country_iso3"].isin(countries), "id"])
        assert {"seoul", "suwon", "daegu", "gumi", "gimcheon"} <= wanted
        height = maps.map_height(width)
        state = maps.opening_view(view, dataset.home, focus, width, height)
        # (laid out as the app lays out a regional view: searching for a way to name every partner)
        plan = maps.layout(view, dataset.home, state, width, height, selected="seoul", complete=True)
        assert wanted <= set(plan["labels"]), (focus, wanted - set(plan["labels"]))
        shown = {p["id"]: p["xy"] for p in plan["partners"] if p["id"] in wanted}
        assert geo.min_distance(list(shown.values())) >= 2 * maps.PICK_RADIUS
        # Korea in the middle: the Korean partners' centre lies in the middle third of the map.
        if focus == "korea":
            cx = sum(x for x, _ in shown.values()) / len(shown)
            cy = sum(y for _, y in shown.values()) / len(shown)
            assert width / 3 <= cx <= 2 * width / 3 and height / 3 <= cy <= 2 * height / 3


def test_the_opening_view_fits_the_map_to_its_width(dataset, t_en):
    view = apply(dataset, Filters())
    zooms = [maps.opening_view(view, dataset.home, "world", w, maps.map_height(w))[2] for w in WIDTHS]
    assert zooms == sorted(zooms) and zooms[0] < zooms[-1] - 1


def test_the_map_json_stays_small(dataset, t_en):
    view = apply(dataset, Filters(statuses=STATUSES))
    request = maps.MapRequest(view, dataset.home, load_basemap(), t_en, charts.sector_colors(dataset), home_country_numeric=360)
    text = maps.deck_map(request).json
    assert len(text.encode("utf-8")) < 30_000  # the outlines travel by URL; everything else is compact
    assert maps.MapDeck(text).to_json() == text


def test_the_static_twin_is_plain_vega_lite_with_inline_data_and_renders_offline(dataset, t_en):
    import altair as alt
    import vl_convert as vlc
    view = apply(dataset, Filters())
    spec = maps.static_map_spec(maps.MapRequest(view, dataset.home, load_basemap(), t_en, charts.sector_colors(dataset),
                                                home_country_numeric=360), title="Bandung's partners")
    text = json.dumps(spec)
    assert "http" not in text.replace(spec["$schema"], "") and '"url"' not in text
    alt.LayerChart.from_dict(spec)  # a valid Vega-Lite spec
    svg = vlc.vegalite_to_svg(spec, allowed_base_urls=[])
    assert all(city in svg for city in ("Bandung", "Braunschweig", "Fort Worth", "Seoul", "Melbourne", "Cuenca"))
    assert "Bandung&apos;s partners" in svg or "Bandung's partners" in svg
    assert vlc.vegalite_to_png(spec, scale=2, allowed_base_urls=[]).startswith(b"\x89PNG")
    routes = [row for item in spec["layer"] if item["mark"] == {"type": "line"} or
              (isinstance(item["mark"], dict) and item["mark"]["type"] == "line") for row in item["data"]["values"]]
    assert {row["id"] for row in routes} == set(view.partners["id"])


def test_the_static_twin_of_the_seoul_map_names_every_korean_partner(dataset, t_en):
    import vl_convert as vlc
    view = apply(dataset, Filters(statuses=STATUSES, countries=("KOR",)))
    request = maps.MapRequest(view, dataset.home, load_basemap(), t_en, charts.sector_colors(dataset), focus="korea")
    spec = maps.static_map_spec(request, width=640)
    svg = vlc.vegalite_to_svg(spec, allowed_base_urls=[])
    assert all(city in svg for city in view.partners["city_en"])


def test_the_map_is_no_taller_than_the_first_screen_leaves_it():
    assert maps.map_height(820) == maps.DEFAULT_HEIGHT  # until the window's height is known
    assert maps.map_height(820, 300) == 300  # a 1280x720 projector: the map and its legend fit together
    assert maps.map_height(820, 900) == maps.DEFAULT_HEIGHT
    assert maps.map_height(820, 60) == maps.MIN_HEIGHT  # 150 % zoom: never too small to read
    assert maps.map_height(358, 2000) == maps.map_height(358)  # a phone keeps its near-square map
