"""Reading a data folder safely: only the regular files the contract names (no symbolic link anywhere
below the folder), a survey of what is left alone, and the fingerprint that changes when any of them does.
Nothing here ever writes into the data folder."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from dashboard import contract
from dashboard.loader.problems import Collector, Problem

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data"
BASEMAP_FILE = Path(contract.BASEMAP_FILE)
# Files with these endings that the contract does not name get a note that they were not read.
DATA_LIKE = (".csv", ".tsv", ".txt", ".json", ".geojson", ".xlsx", ".xls", ".ods")
# What `fingerprint` records of one file: (name, size, mtime_ns, hash), or (name, why it was not read).
FileStamp = tuple[str, int, int, str] | tuple[str, str]



def read_bytes(path: Path) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def reason(err: OSError) -> str:
    return err.strerror or type(err).__name__


def regular_file(folder: Path, name: str, out: Collector, missing_is_problem: bool = True) -> Path | None:
    """The path of a contract file if it is a regular file (no link anywhere below the folder), else None
    with a problem saying why."""
    path = folder
    parts = Path(name).parts
    for depth, part in enumerate(parts):
        path = path / part
        try:
            info = os.lstat(path)
        except (FileNotFoundError, NotADirectoryError):
            if missing_is_problem:
                out.add(Problem(name, None, None, None, "the file is missing"))
            return None
        except OSError as err:
            out.add(Problem(name, None, None, None, f"the file could not be read ({reason(err)})", True))
            return None
        if stat.S_ISLNK(info.st_mode):
            what = "the file" if depth == len(parts) - 1 else f"the folder '{'/'.join(parts[:depth + 1])}'"
            out.add(Problem(name, None, None, None, f"{what} is a symbolic link; only regular files are read "
                                                    "(put the file itself here)"))
            return None
        if depth == len(parts) - 1 and not stat.S_ISREG(info.st_mode):
            out.add(Problem(name, None, None, None, "is not a regular file"))
            return None
    return path


def survey(folder: Path, out: Collector) -> list[str]:
    """Notes on what is in the folder but will not be read: symbolic links (an editor's lock link such as
    '.#partners.csv' among them) and data-like files the contract does not name."""
    notes = []
    named = {*contract.FILES, *contract.DERIVED_FILES, *contract.DESCRIPTION_FILES}
    for sub in ("", "seoul", "geo"):
        where = folder / sub if sub else folder
        try:
            # os.lstat, not Path.is_dir: a folder that cannot be searched raises PermissionError there.
            if sub and not stat.S_ISDIR(os.lstat(where).st_mode):
                continue
            entries = sorted(os.scandir(where), key=lambda e: e.name)
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError as err:
            out.add(Problem(sub or folder.name or str(folder), None, None, None,
                            f"the folder could not be read ({reason(err)})", True))
            continue
        for entry in entries:
            rel = f"{sub}/{entry.name}" if sub else entry.name
            if rel in named:
                continue
            try:
                if entry.is_symlink():
                    notes.append(f"{rel} is a symbolic link and was not read (only regular files are)")
                elif entry.name.lower().endswith(DATA_LIKE) and entry.is_file(follow_symlinks=False):
                    notes.append(f"{rel} is not a file of the data contract and was not read")
            except OSError:
                continue  # a name that cannot be looked at is not read either; the contract's files say why
    return notes



def fingerprint(folder: str | Path = DATA_DIR) -> tuple[FileStamp, ...]:
    """A cache key that changes when any file the loader reads changes: for each file of the contract (and
    the folder's own base map) its size, modification time and a hash of its bytes, so an edit that keeps
    the size and the time is seen too. Links and unreadable files enter as such; nothing here raises."""
    folder = Path(folder)
    try:
        if not stat.S_ISDIR(os.stat(folder).st_mode):
            return ()
    except OSError as err:
        return (("folder", type(err).__name__),)
    entries: list[FileStamp] = []
    for name in contract.FILES:
        path = folder / name
        try:
            info = os.lstat(path)
            if not stat.S_ISREG(info.st_mode) or any(os.path.islink(folder / p) for p in Path(name).parents if str(p) != "."):
                entries.append((name, "not a regular file"))
                continue
            digest = hashlib.blake2b(read_bytes(path), digest_size=16).hexdigest()
        except OSError as err:
            entries.append((name, type(err).__name__))
            continue
        entries.append((name, info.st_size, info.st_mtime_ns, digest))
    return tuple(entries)
