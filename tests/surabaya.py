"""A generated data folder for another home city: Surabaya with a handful of partners, as a user would
upload it (home, partners, agreements and activities only; the rest is lent by the bundled data).

The rows are made up for the tests (their addresses are on example.org): they follow the contract, not
the record."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from dashboard import contract

SRC = "https://example.org/surabaya"
TABLES = {t.name: t for t in contract.TABLES}
# (id, city, country, lat, lon, relationship, status, year of the first agreement)
PARTNERS = [
    ("seattle", "Seattle", "USA", "47.6062", "-122.3321", "sister_city", "unclear", "1992"),
    ("busan", "Busan", "KOR", "35.1796", "129.0756", "sister_city", "active", "1994"),
    ("kochi", "Kochi", "JPN", "33.5597", "133.5311", "friendship_city", "unclear", "1997"),
    ("guangzhou", "Guangzhou", "CHN", "23.1291", "113.2644", "sister_city", "active", "2005"),
    ("kitakyushu", "Kitakyushu", "JPN", "33.8834", "130.8752", "cooperation_mou", "active", "2012"),
]
HOME_CITY = "Surabaya"


def _csv(name: str, rows: list[dict[str, str]]) -> bytes:
    header = [c.name for c in TABLES[name].columns if not c.optional]
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def files() -> dict[str, bytes]:
    """The four files of the user's own (name -> bytes)."""
    home = [{"id": "surabaya", "city_en": HOME_CITY, "country_iso3": "IDN", "lat": "-7.2575", "lon": "112.7521",
             "source_urls": f"{SRC}/home"}]
    partners, agreements, activities = [], [], []
    for pid, city, iso3, lat, lon, relationship, status, year in PARTNERS:
        partners.append({"id": pid, "city_en": city, "country_iso3": iso3, "lat": lat, "lon": lon,
                         "relationship": relationship, "status": status, "first_year": year,
                         "summary_en": f"Surabaya and {city} signed their first agreement in {year}.",
                         "summary_id": f"Surabaya dan {city} menandatangani perjanjian pertama pada {year}.",
                         "confidence": "confirmed", "source_urls": f"{SRC}/{pid}"})
        agreements.append({"id": f"{pid}-{year}-mou", "partner_id": pid, "date": year, "date_precision": "year",
                           "year": year, "kind": "mou", "sectors": "education culture", "confidence": "confirmed",
                           "source_urls": f"{SRC}/{pid}/mou"})
        activities.append({"id": f"{pid}-2023-visit", "partner_id": pid, "date": "2023-05", "date_precision": "month",
                           "year": "2023", "kind": "delegation", "sector": "education",
                           "title_en": f"A delegation from {city} visits Surabaya",
                           "title_id": f"Delegasi {city} berkunjung ke Surabaya", "context": "no",
                           "confidence": "confirmed", "source_url": f"{SRC}/{pid}/visit"})
    return {"home.csv": _csv("home.csv", home), "partners.csv": _csv("partners.csv", partners),
            "agreements.csv": _csv("agreements.csv", agreements), "activities.csv": _csv("activities.csv", activities)}


def broken_files() -> dict[str, bytes]:
    """The same folder with three problems: a partner in a country countries.csv lacks (BRA), a
    relationship outside the vocabulary, and an activity year that is not the year of its date."""
    given = files()
    partners = given["partners.csv"].decode()
    partners = partners.replace("seattle,Seattle,USA", "seattle,Seattle,BRA").replace("kochi,Kochi,JPN,33.5597,133.5311,"
                                                                                      "friendship_city",
                                                                                      "kochi,Kochi,JPN,33.5597,133.5311,"
                                                                                      "twin_town")
    given["partners.csv"] = partners.encode()
    given["activities.csv"] = given["activities.csv"].decode().replace("2023-05,month,2023", "2023-05,month,2022",
                                                                       1).encode()
    return given


def zipped(given: dict[str, bytes], folder: str = "surabaya") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in given.items():
            archive.writestr(f"{folder}/{name}" if folder else name, data)
    return out.getvalue()


def write(folder: Path, given: dict[str, bytes] | None = None) -> Path:
    """The files written into a folder (for set_input_files)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in (given or files()).items():
        (folder / name).write_bytes(data)
    return folder
