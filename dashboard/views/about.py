"""About the data: where it comes from, what the columns mean, how to check it, and the base map's source."""

import streamlit as st

from dashboard import contract, ui
from dashboard.data import AGREEMENT_KINDS, RELATIONSHIPS, STATUSES
from dashboard.markdown import inert, md

ds, t, _ = ui.context()
st.title(md(t("about.title")))
st.markdown(inert(t("about.lead")))
one, two, three, four = st.columns(4)
one.metric(md(t("headline.partners")), len(ds.partners))
two.metric(md(t("about.agreements")), len(ds.agreements))
three.metric(md(t("headline.activities")), len(ds.activities))
# Distinct source URLs as dashboard/data.py cited_sources defines them (README.md and data/CHANGES.md use the same count)
four.metric(md(t("about.sources")), len(ds.source_urls), help=md(t("about.sources_help")))
st.header(md(t("about.vocabulary")))
st.markdown(f"**{md(t('filters.relationship'))}:** " + " · ".join(md(t.label("relationship", r)) for r in RELATIONSHIPS))
st.markdown(f"**{md(t('filters.status'))}:** " + " · ".join(md(t.label("status", s)) for s in STATUSES))
st.markdown(f"**{md(t('about.kinds'))}:** " + " · ".join(md(t.label("kind", k)) for k in AGREEMENT_KINDS))
st.dataframe({t("filters.sectors"): [t.sector(s) for s in ds.sectors["id"]], "id": ds.sectors["id"],
              t("about.colour"): ds.sectors["color"]}, hide_index=True)
st.header(md(t("about.provenance")))
st.markdown(inert(t("about.provenance_text")))
st.header(md(t("about.basemap")))
st.markdown(inert(t("about.basemap_text")))

# --- The data contract: the empty template, and what the loader left aside ------------------------------------
st.header(md(t("about.template")))
st.markdown(inert(t("about.template_text")))
st.download_button(md(t("about.template_download")), data=contract.template_zip, file_name="bandung-atlas-template.zip",
                   mime="application/zip", on_click="ignore", icon=":material/download:")
if ds.notes:
    with st.expander(md(t("about.notes"))):
        st.markdown("\n".join(f"- {md(note)}" for note in ds.notes))
