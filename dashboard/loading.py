"""The dataset and the base map a server shows, read once per version of the files and shared by every
session (Streamlit's resource cache), and the plain list of problems when the data breaks its contract.

Three things are remembered here besides the caches, each to keep a page's many asks for the dataset cheap:
the folder's stamp (worked out at most once a second), the dataset last loaded, and whether a folder brings
outlines of its own."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from pathlib import Path

import streamlit as st

from dashboard.loader import BASEMAP_FILE, DATA_DIR, DataError, Dataset, fingerprint, load, load_basemap
from dashboard.markdown import md
from dashboard.state import Vocabulary


def data_folder() -> Path:
    """The bundled data, or another folder named by ATLAS_DATA_DIR (validated the same way)."""
    return Path(os.environ.get("ATLAS_DATA_DIR") or DATA_DIR)


@st.cache_resource(show_spinner=False, max_entries=4)
def _cached_load(folder: str, stamp: str) -> tuple[Dataset, Vocabulary]:
    # `stamp` changes when a file changes, so an edited CSV is read again without a restart. A resource,
    # not data: every session shares the one read-only copy instead of unpickling its own on each rerun.
    ds = load(folder)
    return ds, Vocabulary.for_dataset(ds)


@st.cache_resource(show_spinner=False, max_entries=4)
def _basemap(folder: str, stamp: str) -> dict:
    # Shared read-only by every session; the map builder copies what it changes.
    return load_basemap(folder)


def basemap(folder: str) -> dict:
    """The folder's own outlines when it brings them, else the bundled ones; read again when they change."""
    return _basemap(folder, _stamp(Path(folder)))


def basemap_inline(folder: str | Path | None = None) -> bool:
    """True when the map must carry its outlines: the server does not serve dashboard/static, or the data
    folder brings outlines of its own (the served file is the bundled outlines)."""
    if not st.get_option("server.enableStaticServing"):
        return True
    if folder is None:
        return False
    key = (str(folder), _stamp(Path(folder)))  # resolving paths costs ~30 system calls: once per version of the files
    if key not in _own_outlines:
        own = Path(folder) / BASEMAP_FILE
        if len(_own_outlines) > 8:
            _own_outlines.clear()
        _own_outlines[key] = own.is_file() and own.resolve() != (DATA_DIR / BASEMAP_FILE).resolve()
    return _own_outlines[key]


_own_outlines: dict[tuple[str, str], bool] = {}


_stamps: dict[str, tuple[float, str]] = {}
STAMP_SECONDS = 1.0


_stamp_lock = threading.Lock()


def _stamp(folder: Path) -> str:
    """A digest of the folder's fingerprint (sizes, times and a hash of the contents), worked out at most
    once a second by one session at a time: pages ask for the dataset several times per run, many sessions
    run at once, and an edit is still seen within a second. One short string, because Streamlit hashes a
    cached function's arguments on every call."""
    known = _stamps.get(str(folder))
    if known and time.monotonic() - known[0] < STAMP_SECONDS:
        return known[1]
    with _stamp_lock:
        known = _stamps.get(str(folder))  # another session may have just worked it out
        if known and time.monotonic() - known[0] < STAMP_SECONDS:
            return known[1]
        stamp = hashlib.blake2b(repr(fingerprint(folder)).encode(), digest_size=16).hexdigest()
        _stamps[str(folder)] = (time.monotonic(), stamp)
        return stamp


_last_loaded: tuple[str, str, tuple[Dataset, Vocabulary]] | None = None


def _loaded() -> tuple[Dataset, Vocabulary]:
    global _last_loaded
    folder = data_folder()
    stamp = _stamp(folder)
    last = _last_loaded  # one read: another session may replace it meanwhile
    if last is not None and last[0] == str(folder) and last[1] == stamp:
        return last[2]  # the same files as a moment ago: skip the cache's own bookkeeping, asked for ~7 times a run
    try:
        loaded = _cached_load(str(folder), stamp)
        _last_loaded = (str(folder), stamp, loaded)
        return loaded
    except DataError as err:
        # The translation table may be what is broken, so this message is in both languages, in code.
        if err.could_not_read:
            st.error(f"Part of the data in '{md(folder.name)}' could not be read. "
                     f"Sebagian data di '{md(folder.name)}' tidak dapat dibaca.")
        else:
            st.error(f"The data in '{md(folder.name)}' does not follow the data contract (data/README.md): "
                     f"{err.total} problem(s). Data di '{md(folder.name)}' tidak sesuai kontrak data: "
                     f"{err.total} masalah.")
        st.code("\n".join([*(str(p) for p in err.problems), *err.notes]), language=None, wrap_lines=True)
        st.stop()


def dataset_or_stop() -> Dataset:
    """The validated dataset (the viewer's own upload, when this session has one); on bad data, a plain
    list of the problems and nothing else."""
    return (own_data() or _loaded())[0]


def vocabulary() -> Vocabulary:
    return (own_data() or _loaded())[1]


def bundled() -> Dataset:
    """The bundled (or ATLAS_DATA_DIR) dataset, whatever this session shows."""
    return _loaded()[0]


# The viewer's own data (ui.use_data puts it here): in this session's state only, so no other viewer ever
# sees it, and it goes with the session (the memo of a dataset is weakly keyed, so that goes too). Nothing
# is written to disk.
OWN_DATA_KEY = "_own_data"


def own_data() -> tuple[Dataset, Vocabulary] | None:
    return st.session_state.get(OWN_DATA_KEY)
