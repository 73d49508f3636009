"""About the data: where it comes from, what the columns mean, how to check it, and the base map's source."""

import streamlit as st

from dashboard import ui
from dashboard.data import AGREEMENT_KINDS, RELATIONSHIPS, STATUSES

ds, t, _ = ui.context()
st.title(t("about.title"))
st.markdown(t("about.lead"))
one, two, three, four = st.columns(4)
one.metric(t("headline.partners"), len(ds.partners))
two.metric(t("about.agreements"), len(ds.agreements))
three.metric(t("headline.activities"), len(ds.activities))
four.metric(t("about.sources"), len(ds.source_urls))
st.subheader(t("about.vocabulary"))
st.markdown(f"**{t('filters.relationship')}:** " + " · ".join(t.label("relationship", r) for r in RELATIONSHIPS))
st.markdown(f"**{t('filters.status')}:** " + " · ".join(t.label("status", s) for s in STATUSES))
st.markdown(f"**{t('about.kinds')}:** " + " · ".join(t.label("kind", k) for k in AGREEMENT_KINDS))
st.dataframe({t("filters.sectors"): [t.sector(s) for s in ds.sectors["id"]], "id": ds.sectors["id"],
              t("about.colour"): ds.sectors["color"]}, hide_index=True)
st.subheader(t("about.provenance"))
st.markdown(t("about.provenance_text"))
st.subheader(t("about.basemap"))
st.markdown(t("about.basemap_text"))
