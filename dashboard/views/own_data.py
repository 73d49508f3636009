"""Use your own data: upload a data folder, see every problem at its cell, fix it in place, and explore it.

The work is done by plain functions (dashboard/upload.py checks and converts the files, dashboard/report.py
builds the problems table, the previews, the editor's columns and the corrected folder); this page draws
them. A dataset that passes is this browser session's own (ui.use_data); a failed upload changes nothing.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from dashboard import content, contract, report, ui, upload
from dashboard.loader import DATA_DIR
from dashboard.markdown import inert, md

CHECKED = "_own_checked"  # (digest of the upload, its outcome, its sheets)

state = ui.view()
# The page's own words come from the bundled translations: an upload's i18n.csv may lack them.
t = content.translator(ui.bundled(), state.lang)
st.title(md(t("nav.own_data")))
st.markdown(inert(t("own.lead")))
left, right = st.columns(2)
left.download_button(md(t("own.template")), data=contract.template_zip, file_name="atlas-template.zip",
                     mime="application/zip", icon=":material/download:")
right.download_button(md(t("own.guide")), data=(DATA_DIR / "README.md").read_bytes(), file_name="atlas-data-guide.md",
                      mime="text/markdown", icon=":material/menu_book:")

own = ui.own_data()
if own is not None:
    st.success(md(t("own.loaded", city=own[0].home["city_en"], count=len(own[0].partners))))

files = st.file_uploader(md(t("own.uploader")), accept_multiple_files=True, key="w_own_files",
                         help=md(t("own.uploader_help", total=upload.MAX_UPLOAD_MB)))
if not files:
    st.stop()

given = [upload.Upload(f.name, f.getvalue()) for f in files]
digest = hashlib.blake2b(b"".join(u.name.encode() + b"\0" + hashlib.blake2b(u.data).digest() for u in given)).hexdigest()
checked = st.session_state.get(CHECKED)
if checked is None or checked[0] != digest:
    outcome = upload.check(given)
    st.session_state[CHECKED] = checked = (digest, outcome, report.sheets(outcome.prepared))
    if outcome.ok:
        ui.use_data(upload.for_session(outcome))
        st.rerun()  # the whole frame (badge, navigation, every page) now draws the upload
outcome, sheets = checked[1], checked[2]

notes = [n for n in outcome.prepared.notices if not n.problem]
if notes or outcome.prepared.lent:
    with st.expander(md(t("own.notes"))):
        st.markdown("\n".join(f"- **{md(n.file)}**: {md(report.notice_text(n, t))}" for n in notes))
        if outcome.prepared.lent:
            st.caption(md(t("own.lent", names=", ".join(outcome.prepared.lent))))
if outcome.ok:
    if ui.own_data() is None:  # the viewer went back to the bundled data: the same files may be used again
        if st.button(md(t("own.use_fixed")), type="primary", key="w_own_use_again"):
            ui.use_data(upload.for_session(outcome))
            st.rerun()
    st.stop()

# Problems first, drawn after the editors below have given their edits (containers keep the order).
summary, problems_box, report_box = st.container(), st.container(), st.container()
sectors = tuple(report.read_sheet("sectors.csv", outcome.prepared.files["sectors.csv"]).frame["id"]) \
    if "sectors.csv" in outcome.prepared.files else ()
edited: dict[str, pd.DataFrame] = {}
previews = {}
if sheets:
    st.subheader(md(t("own.editor")))
    st.caption(md(t("own.editor_help")))
    # the files with problems first: the first tab is the one open
    with_problems = {p.file for p in outcome.problems}
    sheets = dict(sorted(sheets.items(), key=lambda item: item[0] not in with_problems))
    for tab, (name, sheet) in zip(st.tabs(list(sheets)), sheets.items()):
        previews[name] = tab.container()
        specs = report.editor_columns(name, t.lang, sectors)
        frame = report.for_editor(sheet, specs).set_axis(pd.Index(sheet.lines, name="line"))
        config = {}
        for column, spec in specs.items():
            if spec.kind == "select":  # a value outside the list stays in it, so the cell shows what is to fix
                odd = sorted(set(frame[column].astype(str)) - set(spec.options) - {""})
                config[column] = st.column_config.SelectboxColumn(column, help=md(spec.help),
                                                                  options=[*spec.options, *odd])
            elif spec.kind in ("number", "integer") and pd.api.types.is_numeric_dtype(frame[column].dtype):
                config[column] = st.column_config.NumberColumn(column, help=md(spec.help), min_value=spec.low,
                                                               max_value=spec.high, step=1 if spec.kind == "integer" else None)
            else:
                config[column] = st.column_config.TextColumn(column, help=md(spec.help))
        edited[name] = report.from_editor(tab.data_editor(frame, column_config=config, num_rows="fixed",
                                                          key=f"w_own_edit_{digest[:12]}_{name}", width="stretch"))

current, now = report.recheck(outcome.prepared, edited) if edited else (outcome, sheets)
table = report.problem_table(current, t)
if current.ok:
    summary.success(md(t("own.fixed")))
    if summary.button(md(t("own.use_fixed")), type="primary", key="w_own_use"):
        ui.use_data(upload.for_session(current))
        st.rerun()
else:
    summary.error(md(t("own.failed", count=len(table))))
if len(table):
    problems_box.subheader(md(t("own.problems")))
    names = report.headers(t)
    problems_box.dataframe(table.rename(columns=names), hide_index=True, width="stretch", key="own_problems",
                           column_config={names["rule"]: st.column_config.TextColumn(width="large"),
                                          names["fix"]: st.column_config.TextColumn(width="large")})
left, right = report_box.columns(2)
left.download_button(md(t("own.report_download")), data=report.problem_csv(table, t), file_name="problems.csv",
                     mime="text/csv", icon=":material/download:", disabled=not len(table))
if now:
    right.download_button(md(t("own.download_zip")), file_name="corrected-data.zip", mime="application/zip",
                          data=report.corrected_zip(report.corrected_files(current.prepared, now)),
                          icon=":material/folder_zip:")
for name, box in previews.items():
    box.caption(md(t("own.preview")))
    box.dataframe(report.preview(now[name], current.problems), width="stretch", key=f"own_preview_{name}")
