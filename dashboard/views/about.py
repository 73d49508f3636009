"""About the data: where it comes from, what the columns mean, how to check it, and the base map's source."""

from html import escape

import streamlit as st

from dashboard import contract, ui
from dashboard.contract import AGREEMENT_KINDS, RELATIONSHIPS, STATUSES
from dashboard.markdown import inert, md
from dashboard.views import cite

ds, t, _ = ui.context()
st.title(md(t("about.title")))
st.markdown(inert(t("about.lead")))
one, two, three, four = st.columns(4)
one.metric(md(t("headline.partners")), len(ds.partners))
two.metric(md(t("about.agreements")), len(ds.agreements))
three.metric(md(t("headline.activities")), len(ds.activities))
# Distinct source URLs as cited_sources (dashboard/loader/dataset.py) defines them; README.md and data/CHANGES.md count the same
four.metric(md(t("about.sources")), len(ds.source_urls), help=md(t("about.sources_help")))
st.header(md(t("about.vocabulary")))
st.markdown(f"**{md(t('filters.relationship'))}:** " + " · ".join(md(t.label("relationship", r)) for r in RELATIONSHIPS))
st.markdown(f"**{md(t('filters.status'))}:** " + " · ".join(md(t.label("status", s)) for s in STATUSES))
st.markdown(f"**{md(t('about.kinds'))}:** " + " · ".join(md(t.label("kind", k)) for k in AGREEMENT_KINDS))
# Each field's colour as a swatch beside its name and id (the colours are `#rrggbb` by the contract; the
# names are escaped).
st.markdown(f"**{md(t('filters.sectors'))}**")
st.html("<ul style='list-style:none;padding:0;margin:0;columns:2 16rem;column-gap:2rem'>" + "".join(
    f"<li style='margin:0 0 0.35rem 0;break-inside:avoid'><span aria-hidden='true' style='display:inline-block;"
    f"width:1.1rem;height:1.1rem;border-radius:0.2rem;vertical-align:-0.2rem;margin-right:0.5rem;background:{color};"
    f"border:1px solid #1F2933'></span>{escape(t.sector(sector))} <code>{escape(sector)}</code> "
    f"<span style='color:#52606D'>{escape(color)}</span></li>"
    for sector, color in zip(ds.sectors["id"], ds.sectors["color"])) + "</ul>")
cite.show(ds, t)  # the version, the licence, the data set as one ZIP, and how to cite it
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
