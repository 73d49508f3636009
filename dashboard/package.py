"""The data set as one download: a ZIP with `datapackage.json`, every CSV of the folder, the data READMEs,
the changelog, the citation and the licence. The About page and the seminar pack offer these bytes, and
the tests validate these bytes with Frictionless. Deterministic: the same folder gives the same bytes
(entries in a fixed order, dated at the release, readable by everyone once unpacked)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from dashboard.contract import TABLES
from dashboard.contract.datapackage import (
    AUTHOR,
    CITATION_FILE,
    KEYWORDS,
    PACKAGE_FILE,
    citation_cff,
    datapackage_json,
    read_release,
)
from dashboard.loader import DATA_DIR, Dataset

# The documents that travel with the tables, when the folder has them.
DOCUMENTS = ("README.md", "seoul/README.md", "CHANGES.md", "LICENSE.md")
FALLBACK_NAME = "bandung-partnerships"
# The date of every entry when the folder has no release (the earliest a ZIP can hold).
NO_RELEASE_DATE = dt.date(1980, 1, 1)


def file_name(release: dict | None) -> str:
    """`bandung-partnerships-2026.12.0.zip`: the data set's short name and version."""
    release = release or {}
    name = str(release.get("id") or FALLBACK_NAME)
    version = str(release.get("version") or "")
    return f"{name}-{version}.zip" if version else f"{name}.zip"


def dataset_files(folder: Path | str = DATA_DIR) -> list[tuple[str, bytes]]:
    """The files of the download as (path inside the ZIP, bytes): the Data Package written from the
    contract and the folder's release, the contract's CSV files the folder holds (as they are), the
    documents it has, and the citation of its release."""
    folder = Path(folder)
    release = read_release(folder)
    tables = [t.name for t in TABLES if (folder / t.name).is_file()]
    files = [(PACKAGE_FILE, datapackage_json(release, tables).encode("utf-8"))]
    files += [(name, (folder / name).read_bytes()) for name in tables]
    files += [(name, (folder / name).read_bytes()) for name in DOCUMENTS if (folder / name).is_file()]
    if release is not None:
        files.append((CITATION_FILE, citation_cff(release).encode("utf-8")))
    return files


def release_date(folder: Path | str = DATA_DIR) -> dt.date:
    release = read_release(Path(folder)) or {}
    try:
        return dt.date.fromisoformat(str(release.get("released", "")))
    except ValueError:
        return NO_RELEASE_DATE


def dataset_zip(folder: Path | str = DATA_DIR) -> bytes:
    """The download: `datapackage.json` at the top, so `frictionless validate` reads the ZIP as it is."""
    from dashboard.export import zip_files  # the project's one deterministic ZIP writer

    return zip_files(dataset_files(folder), release_date(folder))


def _years(ds: Dataset) -> tuple[int, int] | None:
    """The first and last year the data records (agreements, activities, first contacts)."""
    import pandas as pd

    years = pd.concat([ds.agreements["year"], ds.activities["year"], ds.partners["first_contact_year"]]).dropna()
    return (int(years.min()), int(years.max())) if len(years) else None


def schema_org(ds: Dataset, lang: str, download: str) -> dict:
    """schema.org `Dataset` metadata (for JSON-LD) of the data set in the page's language, whose ZIP is at
    `download` (an address, or a path relative to the page): what a catalogue or a search engine reads."""
    release = ds.release or {}
    out: dict = {"@context": "https://schema.org", "@type": "Dataset",
                 "name": str(release.get(f"title_{lang}") or release.get("title_en") or FALLBACK_NAME),
                 "inLanguage": ["en", "id"],
                 "creator": {"@type": "Organization", "name": AUTHOR},
                 "isAccessibleForFree": True}
    description = release.get(f"description_{lang}") or release.get("description_en")
    if description:
        out["description"] = str(description)
    for key, column in (("version", "version"), ("datePublished", "released"), ("license", "licence_url"),
                        ("url", "homepage")):
        if release.get(column):
            out[key] = str(release[column])
    out["keywords"] = list(KEYWORDS)
    out["distribution"] = [{"@type": "DataDownload", "encodingFormat": "application/zip", "contentUrl": download,
                            "name": file_name(ds.release)}]
    years = _years(ds)
    if years:
        out["temporalCoverage"] = f"{years[0]}/{years[1]}"
    home = ds.home or {}
    places = [{"@type": "Place", "name": f"{home.get('city_en', '')}, {_country(ds, home.get('country_iso3'))}",
               "geo": {"@type": "GeoCoordinates", "latitude": home.get("lat"), "longitude": home.get("lon")}}]
    places += [{"@type": "Country", "name": name} for name in sorted(ds.countries["name_en"])
               if name != _country(ds, home.get("country_iso3"))]
    out["spatialCoverage"] = places
    return out


def _country(ds: Dataset, iso3: object) -> str:
    names = dict(zip(ds.countries["iso3"], ds.countries["name_en"]))
    return str(names.get(iso3, iso3 or ""))


def json_ld(ds: Dataset, lang: str, download: str) -> str:
    """The metadata as a <script type="application/ld+json"> element (a "</" in the data cannot close it)."""
    text = json.dumps(schema_org(ds, lang, download), ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'
