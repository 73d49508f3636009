"""The data folder described for the tools of the field: a Frictionless Data Package (`datapackage.json`,
Data Package and Table Schema v1) and a citation file (`CITATION.cff`, Citation File Format 1.2), both
written from the contract's declarations and the release's one row (`dataset.csv`), so that they cannot
drift from what the validator checks. `python -m dashboard contract --write` keeps `data/datapackage.json`
and `CITATION.cff` current; a test checks that they are.

A Table Schema says what every cell may hold (type, required, allowed values, minimum and maximum, a
pattern), the primary keys and the single-valued references between files. What it cannot say stays with
the project's own validator (`python -m dashboard validate`): see `VALIDATOR_ONLY`."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from dashboard.contract.patterns import COLOR, DATE, IDS, ISO3, KEY, SLUG, URL, URLS, VERSION_PATTERN
from dashboard.contract.schema import Column, ColumnType, Table
from dashboard.contract.tables import TABLES
from dashboard.contract.vocab import FIRST_YEAR

PACKAGE_FILE = "datapackage.json"
CITATION_FILE = "CITATION.cff"
# The project as the author of the data: an entity, never a person.
AUTHOR = "Bandung Partnerships Atlas"
KEYWORDS = ("paradiplomacy", "city diplomacy", "sister cities", "twin towns", "Bandung", "Indonesia")

# Table Schema type and pattern of each kind of column ("" where the type says all there is). A date of
# the contract may be a year, a month or a day (its precision is a column of its own), which no single
# Table Schema date type holds: it is a string of the contract's date pattern.
_FIELD: dict[ColumnType, tuple[str, str]] = {
    "slug": ("string", SLUG), "key": ("string", KEY), "text": ("string", ""), "markdown": ("string", ""),
    "integer": ("integer", ""), "year": ("year", ""), "number": ("number", ""), "date": ("string", DATE),
    "enum": ("string", ""), "iso3": ("string", ISO3), "color": ("string", COLOR), "url": ("string", URL),
    "urls": ("string", URLS), "ids": ("string", IDS),
}

# The rules a Table Schema cannot express, which only `python -m dashboard validate` checks (the README's
# "Cite and reuse the data" lists them too; a test checks both lists agree).
VALIDATOR_ONLY = (
    "the rules across the columns of a row (a date's shape agrees with its precision, `year` is the year of "
    "`date`, notes are written when a row is not confirmed, the other version differs from the row's own, ...)",
    "references inside space-separated lists (`sectors` of agreements and of the Seoul findings)",
    "a year no later than the current one",
    "names unique as a reader sees them (case, compatibility forms, look-alike characters)",
    "characters no renderer takes (control characters, noncharacters, bidirectional overrides, zero-width "
    "characters in names) and text that a spreadsheet would run as a formula",
    "one line in `text` columns, the number of rows of `home.csv` and `dataset.csv`, the Seoul texts' keys",
    "the placeholders of the interface texts and of the story",
    "the base map (`geo/countries-110m.geojson`), which is not a table",
)


def resource_name(table: Table) -> str:
    """`partners`, `seoul-open-questions`: a Data Package resource name (lower case, `-`, `_`, `.`)."""
    return table.name.removesuffix(".csv").replace("/", "-").replace("_", "-")


def _title(table: Table) -> str:
    stem = table.name.removesuffix(".csv")
    if stem.startswith("seoul/"):
        return "The Seoul case: " + stem.removeprefix("seoul/").replace("_", " ")
    return {"i18n": "Interface texts"}.get(stem, stem.replace("_", " ").capitalize())


def _wrapped(pattern: str) -> str:
    # Frictionless anchors a pattern as ^pattern$: a group keeps the anchors around every alternative.
    return f"(?:{pattern})"


def field(col: Column) -> dict:
    """One column as a Table Schema field."""
    kind, pattern = _FIELD[col.type]
    out: dict = {"name": col.name, "type": kind, "description": col.en, "description_id": col.id}
    if col.type == "url":
        out["format"] = "uri"
    if col.example:
        out["example"] = col.example
    constraints: dict = {}
    if col.required:
        constraints["required"] = True
    if col.unique:
        constraints["unique"] = True
    if col.values:
        constraints["enum"] = list(col.values)
    if pattern:
        constraints["pattern"] = _wrapped(pattern)
    if col.name == "version":
        constraints["pattern"] = _wrapped(VERSION_PATTERN.strip("^$"))
    low = FIRST_YEAR if col.type == "year" else col.low
    if low is not None:
        constraints["minimum"] = int(low) if kind in ("integer", "year") else low
    if col.high is not None:
        constraints["maximum"] = int(col.high) if kind == "integer" else col.high
    if constraints:
        out["constraints"] = constraints
    return out


def table_schema(table: Table, names: Mapping[str, str]) -> dict:
    """The Table Schema of one file: its fields, primary key and the single-valued references to the files
    in `names` (file -> resource name); references inside lists stay with the validator."""
    schema: dict = {"fields": [field(c) for c in table.columns], "missingValues": [""]}
    keys = [c.name for c in table.columns if c.unique and c.required]
    if keys:
        schema["primaryKey"] = keys[:1]
    foreign = [{"fields": c.name, "reference": {"resource": names[c.ref[0]], "fields": c.ref[1]}}
               for c in table.columns if c.ref and c.type != "ids" and c.ref[0] in names]
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def resource(table: Table, names: Mapping[str, str]) -> dict:
    description = f"One row per {table.en}." + (f" {table.note_en}" if table.note_en else "")
    description_id = f"Satu baris per {table.id}." + (f" {table.note_id}" if table.note_id else "")
    return {"name": names[table.name], "path": table.name, "profile": "tabular-data-resource", "title": _title(table),
            "description": description, "description_id": description_id, "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "schema": table_schema(table, names)}


def read_release(folder: Path) -> dict[str, str] | None:
    """The one row of the folder's `dataset.csv` as text, or None when the folder has none."""
    path = Path(folder) / "dataset.csv"
    if not path.is_file():
        return None
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    return rows[0] if rows else None


def datapackage(release: Mapping[str, str] | None, files: Iterable[str] | None = None) -> dict:
    """The Data Package of a data folder with these files of the contract (all of them by default) and
    this release (None: data without a release names no version or licence)."""
    present = set(files) if files is not None else {t.name for t in TABLES}
    tables = [t for t in TABLES if t.name in present]
    names = {t.name: resource_name(t) for t in tables}
    release = release or {}
    out: dict = {"profile": "tabular-data-package", "name": release.get("id") or "bandung-partnerships"}
    for key, column in (("title", "title_en"), ("title_id", "title_id"), ("description", "description_en"),
                        ("description_id", "description_id"), ("version", "version"), ("homepage", "homepage")):
        if release.get(column):
            out[key] = release[column]
    if release.get("released"):
        out["created"] = f"{release['released']}T00:00:00Z"
    if release.get("licence"):
        out["licenses"] = [{"name": release["licence"], "path": release.get("licence_url", ""),
                            "title": release.get("licence_title", "")}]
    out["keywords"] = list(KEYWORDS)
    out["contributors"] = [{"title": AUTHOR, "role": "author"}]
    out["sources"] = [{"title": "Public web pages, cited row by row: the columns source_urls and source_url (the "
                                "pages that state each fact), alt_source_url (the source of another version where "
                                "sources disagree) and corroborating_urls (independent second reports)"}]
    out["resources"] = [resource(t, names) for t in tables]
    return out


def datapackage_json(release: Mapping[str, str] | None, files: Iterable[str] | None = None) -> str:
    """`datapackage.json`: the package as JSON, keys in a fixed order, UTF-8 as written, a final newline."""
    return json.dumps(datapackage(release, files), ensure_ascii=False, indent=2) + "\n"


def _yaml(value: str) -> str:
    # A JSON string is a YAML double-quoted scalar: every character escaped as both read it.
    return json.dumps(value, ensure_ascii=False)


def citation_cff(release: Mapping[str, str]) -> str:
    """`CITATION.cff` (Citation File Format 1.2) of a release: the data set, its version, day, licence and
    the project as its author."""
    lines = ["# How to cite the data set. Written by `python -m dashboard contract --write` from data/dataset.csv.",
             'cff-version: "1.2.0"',
             'message: "If you use this data set, please cite it as below."',
             "type: dataset",
             f"title: {_yaml(release['title_en'])}",
             f"version: {_yaml(release['version'])}",
             f"date-released: {_yaml(release['released'])}",
             f"abstract: {_yaml(release['description_en'])}",
             "authors:",
             f"  - name: {_yaml(AUTHOR)}",
             f"license: {_yaml(release['licence'])}",
             f"license-url: {_yaml(release['licence_url'])}" if release.get("licence_url") else "",
             f"url: {_yaml(release['homepage'])}" if release.get("homepage") else "",
             "keywords:", *(f"  - {_yaml(k)}" for k in KEYWORDS)]
    return "\n".join(line for line in lines if line) + "\n"
