"""Entry point: `streamlit run dashboard/app.py`. The frame around every page: data, language, navigation.

The page scripts live in `views/`, not `pages/`: Streamlit would otherwise also serve `pages/` as legacy
pages, and a link straight to /seoul would skip this frame."""

import sys
from pathlib import Path

# `streamlit run` puts this folder, not the project root, on the import path.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import ui  # noqa: E402

st.set_page_config(page_title="Bandung Partnerships Atlas", page_icon="🌏", layout="wide")
dataset = ui.dataset_or_stop()
t = ui.Translator.for_dataset(dataset, ui.current_language())
pages = [
    st.Page("views/atlas.py", title=t("nav.atlas"), icon=":material/public:", url_path="atlas", default=True),
    st.Page("views/seoul.py", title=t("nav.seoul"), icon=":material/menu_book:", url_path="seoul"),
    st.Page("views/about.py", title=t("nav.about"), icon=":material/info:", url_path="about"),
]
st.navigation(pages).run()
