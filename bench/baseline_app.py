"""The baseline the benchmark compares the atlas with: the single-file app a user would write first.

It reads the same partners CSV on every run (no caching, no validation), filters it by a year slider and
a sector choice, and draws arcs and points with pydeck and two Altair charts. It uses no basemap service
(`map_provider=None`), like the atlas, so both can be measured offline. Run it with
`streamlit run bench/baseline_app.py`; `python -m bench` starts it next to the atlas.
"""

import os
from pathlib import Path

import altair as alt
import pandas as pd
import pydeck as pdk
import streamlit as st

DATA = Path(os.environ.get("ATLAS_DATA_DIR") or Path(__file__).resolve().parent.parent / "data")

st.set_page_config(page_title="Baseline", layout="wide")
partners = pd.read_csv(DATA / "partners.csv")
activities = pd.read_csv(DATA / "activities.csv")
low, high = int(partners["first_year"].min()), 2026
years = st.sidebar.slider("Years", low, high, (low, high), key="years")
sectors = st.sidebar.multiselect("Sectors", sorted(activities["sector"].unique()), key="sectors")

shown = partners[partners["first_year"].between(*years) | partners["first_year"].isna()]
if sectors:
    shown = shown[shown["id"].isin(activities.loc[activities["sector"].isin(sectors), "partner_id"])]
st.title("Bandung partnerships")
home = [107.6191, -6.9175]
arcs = [{"from": home, "to": [lon, lat]} for lon, lat in zip(shown["lon"], shown["lat"])]
st.pydeck_chart(pdk.Deck(layers=[
    pdk.Layer("ArcLayer", data=arcs, get_source_position="from", get_target_position="to",
              get_source_color=[0, 114, 178], get_target_color=[0, 114, 178], get_width=2),
    pdk.Layer("ScatterplotLayer", data=shown[["lon", "lat", "city_en"]], get_position=["lon", "lat"],
              get_radius=60000, get_fill_color=[0, 114, 178], pickable=True),
], initial_view_state=pdk.ViewState(latitude=10, longitude=60, zoom=0.8), map_provider=None,
    tooltip={"text": "{city_en}"}), height=500)
left, right = st.columns(2)
left.altair_chart(alt.Chart(shown.dropna(subset=["first_year"])).mark_bar().encode(
    x="first_year:O", y="count():Q"), width="stretch")
right.altair_chart(alt.Chart(shown).mark_bar().encode(y="relationship:N", x="count():Q"), width="stretch")
