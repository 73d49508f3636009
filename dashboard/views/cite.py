"""The About page's "Cite and reuse the data": the release's version and licence, the data set as one ZIP
(`dashboard/package.py`), and an APA reference and a BibTeX entry to copy (`dashboard/citing.py`)."""

from __future__ import annotations

import streamlit as st

from dashboard import citing, package
from dashboard.contract import is_strict_url
from dashboard.i18n import Translator
from dashboard.loader import DATA_DIR, Dataset
from dashboard.markdown import inert, md, url


def show(ds: Dataset, t: Translator) -> None:
    st.header(md(t("cite.title")), anchor="cite")
    st.markdown(inert(t("cite.lead")))
    release = ds.release or {}
    if release.get("version"):
        licence = str(release.get("licence_title") or release.get("licence") or "")
        licence_url = str(release.get("licence_url") or "")
        shown = f"[{md(licence)}]({url(licence_url)})" if is_strict_url(licence_url) else md(licence)
        st.markdown(f"**{md(t('cite.version'))}:** {md(release['version'])} · **{md(t('cite.released'))}:** "
                    f"{md(release.get('released', ''))} · **{md(t('export.licence'))}:** {shown}")
        st.caption(md(t("cite.code_licence")))
    else:
        st.markdown(inert(t("cite.no_release")))
    folder = ds.folder or DATA_DIR
    st.download_button(md(t("cite.download")), data=lambda: package.dataset_zip(folder),
                       file_name=package.file_name(ds.release), mime="application/zip", on_click="ignore",
                       icon=":material/dataset:", help=md(t("cite.download_help")))
    if release.get("version"):
        st.markdown(f"**{md(t('cite.apa'))}**")
        st.code(citing.apa(release, t), language=None, wrap_lines=True)
        st.markdown(f"**{md(t('cite.bibtex'))}**")
        st.code(citing.bibtex(release, t), language="bibtex", wrap_lines=True)  # no scrolling region
