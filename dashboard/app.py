"""Entry point: `streamlit run dashboard/app.py`. The frame around every page: data, the view and its URL,
language, presentation mode and navigation.

The page scripts live in `views/`, not `pages/`: Streamlit would otherwise also serve `pages/` as legacy
pages, and a link straight to /seoul would skip this frame."""

import streamlit as st

from dashboard import browser, ui
from dashboard.markdown import md
from dashboard.views import present, widgets

presenting = ui.view().mode == "present" if "_view" in st.session_state else "present" in st.query_params.get_all("mode")
st.set_page_config(page_title="Bandung Partnerships Atlas", page_icon="🌏", layout="wide",
                   initial_sidebar_state="collapsed" if presenting else "auto")
ds = ui.dataset_or_stop()
state = ui.view()
t = ui.translator()
ui.write_url()
st.html(ui.PAGE_CSS)
ui.reconnect_timer()
ui.language_switch(t)
st.html(browser.LANGUAGE_CSS)
browser.page_language(t.lang)  # <html lang> follows the chosen language
ui.presentation_switch(t)
own = ui.own_data() is not None
if own:
    widgets.own_data_badge(ds, t, where=st if state.mode == "present" else st.sidebar)
elif ui.own_data_lost():
    st.warning(md(t("common.upload_lost")), icon=":material/cloud_off:")
pages = [
    st.Page("views/atlas.py", title=md(t("nav.atlas")), icon=":material/public:", url_path="atlas", default=True),
    # The Seoul case is the bundled data's own study: a viewer's own data has no page for it.
    *([] if own else [st.Page("views/seoul.py", title=md(t("nav.seoul")), icon=":material/menu_book:", url_path="seoul")]),
    st.Page("views/about.py", title=md(t("nav.about")), icon=":material/info:", url_path="about"),
    st.Page("views/own_data.py", title=md(t("nav.own_data")), icon=":material/upload_file:", url_path="own-data"),
]
try:
    if state.mode == "present":
        st.navigation(pages, position="hidden")
        present.render(ds, t, state)
    else:
        st.navigation(pages).run()
except Exception as err:  # noqa: BLE001  (Streamlit's rerun and stop signals are not Exceptions)
    ui.report_unexpected(t, err)
