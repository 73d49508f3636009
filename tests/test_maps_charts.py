"""The map builder, inspected through the specs it returns (the charts are in test_charts.py)."""

from __future__ import annotations

import json

from dashboard import charts, maps
from dashboard.data import DATA_DIR, STATUSES, load_basemap
from dashboard.filters import Filters, apply


def deck_spec(dataset, t, view, **kwargs) -> dict:
    deck = maps.build_deck(view, dataset.home, load_basemap(), t, charts.sector_colors(dataset), **kwargs)
    return json.loads(deck.to_json())


def layer(spec: dict, layer_id: str) -> dict:
    return next(layer for layer in spec["layers"] if layer["id"] == layer_id)


def test_the_map_has_the_base_layer_arcs_points_home_and_labels_and_no_basemap_service(dataset, t_en):
    view = apply(dataset, Filters())
    spec = deck_spec(dataset, t_en, view)
    assert [layer["id"] for layer in spec["layers"]] == list(maps.LAYER_IDS)
    assert layer(spec, "countries")["@@type"] == "GeoJsonLayer"
    assert layer(spec, "arcs")["@@type"] == "ArcLayer" and layer(spec, "arcs")["greatCircle"] is True
    assert len(layer(spec, "arcs")["data"]) == len(view.partners)
    assert {p["id"] for p in layer(spec, "partners")["data"]} == set(view.partners["id"])
    assert layer(spec, "home")["data"][0]["id"] == "bandung"
    # pydeck's "no basemap" sentinel, which Streamlit draws as nothing; a missing mapStyle would make
    # Streamlit fetch CARTO's online style instead.
    assert spec["mapStyle"] == "__MAP_STYLE__" and "mapProvider" not in spec
    assert "mapbox" not in json.dumps(spec).lower() and "carto" not in json.dumps(spec).lower()


def test_every_arc_starts_in_bandung(dataset, t_en):
    spec = deck_spec(dataset, t_en, apply(dataset, Filters()))
    home = [dataset.home["lon"], dataset.home["lat"]]
    assert all(arc["from"] == home for arc in layer(spec, "arcs")["data"])


def test_tooltips_are_a_constant_text_template_filled_with_city_country_relationship_and_year(dataset, t_en):
    view = apply(dataset, Filters())
    deck = maps.build_deck(view, dataset.home, load_basemap(), t_en, charts.sector_colors(dataset))
    assert deck._tooltip == {"text": "{tooltip}"}  # text, never an HTML template
    spec = json.loads(deck.to_json())
    suwon = next(p for p in layer(spec, "partners")["data"] if p["id"] == "suwon")
    assert suwon["tooltip"].startswith("Suwon, South Korea\nSister city · ")
    assert suwon["tooltip"].endswith("\nsince 1997")


def test_tooltips_speak_indonesian_by_default(dataset, t_id):
    spec = deck_spec(dataset, t_id, apply(dataset, Filters()))
    suwon = next(p for p in layer(spec, "partners")["data"] if p["id"] == "suwon")
    assert "Korea Selatan" in suwon["tooltip"] and "sejak 1997" in suwon["tooltip"]


def test_unsigned_partners_are_drawn_hollow_and_faint(dataset, t_en):
    spec = deck_spec(dataset, t_en, apply(dataset, Filters(statuses=STATUSES)))
    points = {p["id"]: p for p in layer(spec, "partners")["data"]}
    arcs = {a["id"]: a for a in layer(spec, "arcs")["data"]}
    assert points["cebu"]["fill"][:3] == [255, 255, 255] and points["seoul"]["fill"][:3] != [255, 255, 255]
    assert arcs["cebu"]["color"][3] < arcs["seoul"]["color"][3]


def test_countries_with_a_shown_partner_are_shaded(dataset, t_en):
    spec = deck_spec(dataset, t_en, apply(dataset, Filters(years=(1960, 1999))), home_country_numeric=360)
    fills = {f["properties"]["name"]: f["properties"]["fill"] for f in layer(spec, "shaded")["data"]["features"]}
    assert fills == {"Germany": maps.LAND_WITH_PARTNER, "United States of America": maps.LAND_WITH_PARTNER,
                     "South Korea": maps.LAND_WITH_PARTNER, "Indonesia": maps.LAND_HOME}


def test_the_base_layer_is_served_from_the_bundled_file_and_can_travel_inline(dataset, t_en):
    from pathlib import Path
    view = apply(dataset, Filters())
    assert layer(deck_spec(dataset, t_en, view), "countries")["data"] == maps.BASEMAP_URL
    served = Path(maps.__file__).parent / "static" / Path(maps.BASEMAP_URL).name
    assert served.read_bytes() == (DATA_DIR / "geo" / "countries-110m.geojson").read_bytes()
    inline = layer(deck_spec(dataset, t_en, view, basemap_inline=True), "countries")["data"]
    assert len(inline["features"]) > 150


def test_an_empty_view_still_draws_the_world(dataset, t_en):
    view = apply(dataset, Filters(years=(1960, 1965), sectors=("disaster_management",)))
    spec = deck_spec(dataset, t_en, view)
    assert layer(spec, "arcs")["data"] == [] and layer(spec, "countries")["data"] == maps.BASEMAP_URL


def test_colouring_by_sector_uses_the_sector_palette(dataset, t_en):
    view = apply(dataset, Filters())
    spec = deck_spec(dataset, t_en, view, color_by="sector")
    palette = {tuple(maps.rgb(c)[:3]) for c in dataset.sectors["color"]}
    assert all(tuple(p["fill"][:3]) in palette for p in layer(spec, "partners")["data"])
    legend = maps.legend(view, t_en, "sector", charts.sector_colors(dataset))
    assert legend and all(color in set(dataset.sectors["color"]) for _, color in legend)


def test_labels_do_not_overlap_at_the_opening_zoom(dataset):
    points = [{"id": "a", "position": [126.98, 37.57]}, {"id": "b", "position": [127.03, 37.26]},
              {"id": "c", "position": [10.5, 52.3]}]
    assert maps.legible_labels(points) == {"a", "c"}
