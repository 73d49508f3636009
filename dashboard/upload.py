"""Uploaded files (several CSVs, or one ZIP of a data folder) turned into the files the loader checks.

Plain Python, no Streamlit: `prepare` takes what the browser sent (a name and its bytes per file) and
returns the contract's files as UTF-8 bytes, with the bundled vocabularies, sector colours, countries,
translations and Seoul texts standing in for those not uploaded, and a `Notice` for every file that cannot
be used (an i18n key of data/i18n.csv and its values, so it reads in the viewer's language). `check` then
runs the one validator (`loader.load_files`) on them. Nothing is written to disk and nothing in a file is
ever run: a ZIP is read member by member with its sizes bounded while reading, never extracted.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io
import posixpath
import re
import stat
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from dashboard import contract
from dashboard.loader import DATA_DIR, DataError, Dataset, Problem, cited_sources, load_files

# The largest upload, in megabytes: .streamlit/config.toml's server.maxUploadSize says the same, and the
# code checks it again (a test, or another front end, may not go through Streamlit's limit).
MAX_UPLOAD_MB = 20
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB << 20
# What the files of one upload may hold once unpacked, together and each (a ZIP bomb stops here).
MAX_UNPACKED_MB = 64
MAX_UNPACKED_BYTES = MAX_UNPACKED_MB << 20
# The CSV files of the contract: the only names an upload may hold.
CSV_FILES = tuple(table.name for table in contract.TABLES)
# Files the bundled data lends when an upload leaves them out: the shared vocabularies and texts. The home
# city, its partners, agreements and activities are the user's own and must be uploaded.
LENT = ("countries.csv", "sectors.csv", "i18n.csv", *(name for name in CSV_FILES if name.startswith("seoul/")))
# Entries a ZIP made by macOS or Windows carries besides the files (resource forks, folder thumbnails).
_SYSTEM_ENTRIES = ("__MACOSX/", ".DS_Store", "Thumbs.db", "desktop.ini")
_READ_CHUNK = 1 << 16
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an old .xls workbook
_SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods", ".numbers")


@dataclass(frozen=True)
class Upload:
    """One file as the browser sent it."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Notice:
    """A sentence about one uploaded file: `key` is an i18n key of data/i18n.csv, `values` its placeholders.
    `problem` notices stop the upload; the others say what was done (a file converted, one lent)."""

    file: str
    key: str
    values: dict[str, object] = field(default_factory=dict)
    line: int | None = None
    problem: bool = True


@dataclass
class Prepared:
    """The contract's files ready for the loader (name -> UTF-8 bytes), what the user brought, what the
    bundled data lent, and the notices."""

    files: dict[str, bytes]
    uploaded: tuple[str, ...]
    lent: tuple[str, ...]
    notices: list[Notice]

    @property
    def problems(self) -> list[Notice]:
        return [n for n in self.notices if n.problem]


@dataclass
class Outcome:
    """What an upload came to: a dataset when every file passed, else the problems (the upload's own
    notices, then the validator's)."""

    prepared: Prepared
    dataset: Dataset | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return self.dataset is not None


def contract_name(name: str) -> str | None:
    """The contract's file a loose upload stands for: `partners.csv`, or `texts.csv` for `seoul/texts.csv`
    (browsers send file names without folders)."""
    base = posixpath.basename(name.replace("\\", "/"))
    for wanted in CSV_FILES:
        if base == wanted or base == posixpath.basename(wanted):
            return wanted
    return None


def is_zip(upload: Upload) -> bool:
    """A ZIP by its name, or by its first bytes when the name says neither CSV nor workbook."""
    name = upload.name.lower()
    return name.endswith(".zip") or (upload.data.startswith(_ZIP_MAGIC) and not name.endswith((".csv", *_SPREADSHEETS)))


def prepare(uploads: Iterable[Upload]) -> Prepared:
    """The uploaded files as the contract's files, with notices for everything that cannot be used."""
    uploads = list(uploads)
    notices: list[Notice] = []
    size = sum(len(u.data) for u in uploads)
    if size > MAX_UPLOAD_BYTES:
        name = uploads[0].name if len(uploads) == 1 else ", ".join(u.name for u in uploads)
        return Prepared({}, (), (), [Notice(name, "upload.too_big", {"number": _megabytes(size),
                                                                      "total": MAX_UPLOAD_MB})])
    raw: dict[str, tuple[str, bytes]] = {}  # contract name -> (the name the user knows it by, its bytes)
    zips = [u for u in uploads if is_zip(u)]
    if zips and len(uploads) > 1:
        notices.append(Notice(zips[0].name, "upload.zip_alone"))
        return Prepared({}, (), (), notices)
    if zips:
        raw = _unzip(zips[0], notices)
    else:
        for upload in uploads:
            wanted = contract_name(upload.name)
            if upload.name.lower().endswith(_SPREADSHEETS) or upload.data.startswith(_OLE_MAGIC):
                notices.append(Notice(upload.name, "upload.spreadsheet"))
            elif wanted is None:
                notices.append(Notice(upload.name, "upload.unknown_name", {"names": ", ".join(CSV_FILES)}))
            elif wanted in raw:
                notices.append(Notice(upload.name, "upload.twice"))
            else:
                raw[wanted] = (upload.name, upload.data)
    files: dict[str, bytes] = {}
    for name, (label, data) in raw.items():
        text = _as_utf8_csv(label, data, notices)
        if text is not None:
            files[name] = text
    uploaded = tuple(files)
    if any(n.problem for n in notices):
        return Prepared(files, uploaded, (), notices)
    lent = tuple(name for name in LENT if name not in raw)
    for name in lent:
        files[name] = (DATA_DIR / name).read_bytes()
    return Prepared(files, uploaded, lent, notices)


def check(uploads: Iterable[Upload]) -> Outcome:
    """Prepare the upload and run the project's validator on it; never raises on any file."""
    prepared = prepare(uploads)
    if prepared.problems:
        return Outcome(prepared, None, [])
    try:
        return Outcome(prepared, load_files(prepared.files), [])
    except DataError as err:
        return Outcome(prepared, None, err.problems)


# The story's steps that tell the bundled data's own case study (Bandung and Seoul): left out of another
# city's story when the upload does not bring the case's files.
CASE_STEPS = ("seoul", "open")
BUNDLED_CITY = "Bandung"


def for_session(outcome: Outcome) -> Dataset:
    """The uploaded dataset as the pages show it: the lent translations and story speak of the upload's home
    city where they name the bundled one (titles, takeaways, file names), and without the case study's
    files the steps that tell it are left out."""
    ds = outcome.dataset
    assert ds is not None, "only a dataset that passed is shown"
    city = str(ds.home["city_en"])
    lent = outcome.prepared.lent
    i18n, story, seoul, sources = ds.i18n, ds.story, ds.seoul, ds.source_urls
    if city != BUNDLED_CITY:
        if "i18n.csv" in lent:
            i18n = _since_own_start(_renamed(i18n, ["en", "id"], city), ds)
        if "story.csv" not in outcome.prepared.uploaded:
            story = _renamed(story, [c for c in story.columns if c.startswith(("title_", "takeaway"))], city)
    if any(name.startswith("seoul/") for name in lent):
        story = story[~story["id"].isin(CASE_STEPS)].reset_index(drop=True)
        # no Seoul section in the seminar pack, and the case's sources are not counted as the upload's
        seoul = dataclasses.replace(seoul, texts={})
        sources = cited_sources({name: _strings(data) for name, data in outcome.prepared.files.items()
                                 if not name.startswith("seoul/")})
    return dataclasses.replace(ds, i18n=i18n, story=story, seoul=seoul, source_urls=sources)


# The year the bundled data starts in, as the lent sentences give it ("since 1960", "sejak 1960").
BUNDLED_START = "1960"


def _since_own_start(i18n: pd.DataFrame, ds: Dataset) -> pd.DataFrame:
    """The lent sentences that date the bundled network ("since 1960") dated by the upload's own first
    partnership instead, or without the date when no partner has a year: a lead that says 1960 above a
    network that began in 1992 is a wrong fact on the screen."""
    years = pd.to_numeric(ds.partners["first_year"], errors="coerce").dropna()
    start = str(int(years.min())) if len(years) else None
    out = i18n.copy()
    for column, word in (("en", "since"), ("id", "sejak")):
        phrase = f" {word} {BUNDLED_START}"
        out[column] = [text.replace(phrase, f" {word} {start}" if start else "") for text in out[column]]
    return out


def _strings(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _renamed(frame: pd.DataFrame, columns: list[str], city: str) -> pd.DataFrame:
    """The bundled city's name replaced by another city's in some text columns (a file-name word in lower case)."""
    out = frame.copy()
    slug = re.sub(r"[^a-z0-9]+", "-", city.lower()).strip("-") or "city"
    for column in columns:
        out[column] = [text.replace(BUNDLED_CITY, city).replace(BUNDLED_CITY.lower(), slug) for text in out[column]]
    return out


def _megabytes(size: int) -> str:
    return f"{size / (1 << 20):.1f}"


def _unzip(upload: Upload, notices: list[Notice]) -> dict[str, tuple[str, bytes]]:
    """The contract's files in a ZIP of a data folder (at its top, or inside one folder), read with every
    member's declared and actual size bounded. Paths that climb out (`../`), absolute paths, symbolic
    links, folders other than `seoul/`, and more members than the contract has files are refused."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(upload.data))
        members = [m for m in archive.infolist() if not m.is_dir() and not _system_entry(m.filename)]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        notices.append(Notice(upload.name, "upload.bad_zip"))
        return {}
    if len(members) > len(contract.FILES):
        notices.append(Notice(upload.name, "upload.zip_too_many", {"count": len(members), "total": len(contract.FILES)}))
        return {}
    names = [m.filename.replace("\\", "/") for m in members]
    for member, name in zip(members, names):
        label = f"{upload.name}: {name}"
        if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
            notices.append(Notice(label, "upload.zip_absolute"))
        elif ".." in name.split("/"):
            notices.append(Notice(label, "upload.zip_traversal"))
        elif stat.S_ISLNK(member.external_attr >> 16):
            notices.append(Notice(label, "upload.zip_link"))
        elif member.flag_bits & 0x1:
            notices.append(Notice(label, "upload.zip_encrypted"))
    if any(n.problem for n in notices):
        return {}
    tops = {name.split("/")[0] for name in names}
    strip = len(tops) == 1 and all("/" in name for name in names) and next(iter(tops)) + "/" not in ("seoul/",)
    out: dict[str, tuple[str, bytes]] = {}
    if _declared(members) > MAX_UNPACKED_BYTES:
        notices.append(Notice(upload.name, "upload.zip_bomb", {"total": MAX_UNPACKED_MB}))
        return {}
    unpacked = 0
    for member, name in zip(members, names):
        inner = name.split("/", 1)[1] if strip else name
        label = f"{upload.name}: {name}"
        if inner.count("/") > (1 if inner.startswith("seoul/") else 0):
            notices.append(Notice(label, "upload.zip_nested"))
            continue
        if inner not in CSV_FILES:
            if inner.lower().endswith(_SPREADSHEETS):
                notices.append(Notice(label, "upload.spreadsheet"))
            else:
                notices.append(Notice(label, "upload.zip_ignored", problem=False))
            continue
        data = _read_member(archive, member, MAX_UNPACKED_BYTES - unpacked)
        if data is None:
            notices.append(Notice(label, "upload.zip_bomb", {"total": MAX_UNPACKED_MB}))
            return {}
        if isinstance(data, Exception):  # a member whose bytes do not match what the ZIP says of them
            notices.append(Notice(label, "upload.bad_zip"))
            return {}
        unpacked += len(data)
        out[inner] = (label, data)
    return out


def _system_entry(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return any(part in _SYSTEM_ENTRIES or part + "/" in _SYSTEM_ENTRIES for part in parts)


def _declared(members: list[zipfile.ZipInfo]) -> int:
    return sum(m.file_size for m in members)


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, room: int) -> bytes | Exception | None:
    """A member's bytes, or None as soon as it unpacks past `room` (whatever size it declares), or the
    error when its bytes do not match its header."""
    parts, size = [], 0
    try:
        with archive.open(member) as f:
            while chunk := f.read(_READ_CHUNK):
                size += len(chunk)
                if size > room:
                    return None
                parts.append(chunk)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as err:
        return err
    return b"".join(parts)


def _as_utf8_csv(label: str, data: bytes, notices: list[Notice]) -> bytes | None:
    """The file as comma-separated UTF-8, or None with a notice: UTF-16 and Windows-1252 (Latin-1) text is
    converted (with a note), a file saved with semicolons (Excel in Indonesian or European settings) too,
    with its decimal commas; a workbook, binary or empty file is refused."""
    if not data.strip():
        notices.append(Notice(label, "upload.empty"))
        return None
    if data.startswith(_ZIP_MAGIC) or data.startswith(_OLE_MAGIC):
        notices.append(Notice(label, "upload.spreadsheet"))
        return None
    text = None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(data):
        try:
            text = data.decode("utf-16" if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
                               else ("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"))
            notices.append(Notice(label, "upload.converted_utf16", problem=False))
        except UnicodeDecodeError:
            text = None
    if text is None:
        if b"\x00" in data:
            notices.append(Notice(label, "upload.binary"))
            return None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            if _binary_share(data) > 0.1:
                notices.append(Notice(label, "upload.binary"))
                return None
            text = data.decode("cp1252", errors="replace") if _cp1252_ok(data) else data.decode("latin-1")
            line = data[: err.start].count(b"\n") + 1
            notices.append(Notice(label, "upload.converted_latin1", line=line, problem=False))
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    if first.count(";") > first.count(",") and first.count(";") >= 1:
        text = _from_semicolons(label, text, notices)
    return text.encode("utf-8")


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a byte-order mark: ASCII text in it has a NUL byte in every other place."""
    head = data[:4096]
    if len(head) < 4:
        return False
    even, odd = head[0::2].count(0), head[1::2].count(0)
    return max(even, odd) > 0.4 * (len(head) // 2) and min(even, odd) < 0.05 * (len(head) // 2)


def _binary_share(data: bytes) -> float:
    head = data[:4096]
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
    return control / max(1, len(head))


def _cp1252_ok(data: bytes) -> bool:
    try:
        data.decode("cp1252")
        return True
    except UnicodeDecodeError:
        return False


def _from_semicolons(label: str, text: str, notices: list[Notice]) -> str:
    """A CSV saved with semicolons, rewritten with commas (quoting as needed); in the number columns a
    decimal comma becomes a point, as Excel writes numbers in Indonesian settings."""
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    except csv.Error:
        notices.append(Notice(label, "upload.semicolons_unreadable"))
        return text
    numeric = {c.name for t in contract.TABLES for c in t.columns if c.type == "number"}
    header = [h.strip() for h in rows[0]] if rows else []
    at = [i for i, h in enumerate(header) if h in numeric]
    for row in rows[1:]:
        for i in at:
            if i < len(row) and row[i].count(",") == 1 and row[i].replace(",", "").lstrip("-").strip().isdigit():
                row[i] = row[i].replace(",", ".")
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    notices.append(Notice(label, "upload.converted_semicolons", problem=False))
    return out.getvalue()
