"""`streamlit run dashboard/serve.py`: the atlas (dashboard/app.py) with its caches filled at start-up.

Streamlit runs an app's code only when a viewer arrives, so the first viewer after a start would pay for
reading and checking the data, importing the builders and working out the opening view. Here that work is
done while the server starts (an ASGI lifespan hook of `st.App`), so the first visit is as quick as any
later one. `streamlit run dashboard/app.py` works too, without the warm-up.
"""

from contextlib import asynccontextmanager

import streamlit as st
from starlette.middleware import Middleware  # Streamlit's own ASGI toolkit

from dashboard.edge import Edge


def warm() -> str:
    """Load and check the data, and work out what the opening views show, into the shared caches."""
    from dashboard import content, loading
    from dashboard.state import DEFAULT

    ds = loading.dataset_or_stop()
    basemap = loading.basemap(ds.folder)
    filters = DEFAULT.filters
    for lang in ("id", "en"):
        content.view(ds, filters)
        content.atlas_charts(ds, filters, lang)
        content.partner_table_arrow(ds, filters, lang)
        content.deck_json(ds, filters, lang, basemap, color_by=DEFAULT.color_by, selected=None, focus=DEFAULT.map_focus,
                          width=None, height=None, inline=loading.basemap_inline(ds.folder))
    return ds.summary()


@asynccontextmanager
async def lifespan(app):
    try:
        print(f"Bandung Partnerships Atlas: caches warmed ({warm()})", flush=True)
    except Exception as err:  # noqa: BLE001  (a broken data folder is reported on the page instead)
        print(f"Bandung Partnerships Atlas: no warm-up ({type(err).__name__}); the first visit will load the data",
              flush=True)
    yield


# Security headers on every answer, and 404/414 instead of 500 for over-long static paths (dashboard/edge.py).
app = st.App("app.py", lifespan=lifespan, middleware=[Middleware(Edge)])
