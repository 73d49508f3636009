"""The Dataset the pages use: a checked folder's tables as typed pandas frames (numbers, lists as tuples,
booleans), with the data's distinct source URLs counted once (`cited_sources`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard import contract
from dashboard.contract import SIGNED_STATUSES


@dataclass
class SeoulContent:
    texts: dict[str, dict[str, str]]
    concepts: pd.DataFrame
    findings: pd.DataFrame
    open_questions: pd.DataFrame
    citation: pd.DataFrame
    reading_list: pd.DataFrame



@dataclass(eq=False)
class Dataset:
    """One loaded data folder, its tables typed. `source_urls` holds the data's distinct source URLs, counted
    as `cited_sources` defines them; every count of sources the project shows (the About page, README.md,
    data/CHANGES.md, `python -m dashboard validate`) is `len(source_urls)`."""

    home: dict
    countries: pd.DataFrame
    partners: pd.DataFrame
    agreements: pd.DataFrame
    activities: pd.DataFrame
    sectors: pd.DataFrame
    i18n: pd.DataFrame
    seoul: SeoulContent
    story: pd.DataFrame = field(default_factory=pd.DataFrame)  # the presenter's steps, in order
    folder: str = ""
    source_urls: frozenset[str] = field(default_factory=frozenset)  # see cited_sources
    # What the loader left alone, in words (symbolic links, files and columns the contract does not name).
    notes: list[str] = field(default_factory=list)
    # The release (dataset.csv's one row: id, version, released, titles, licence, ...); None when the folder has none.
    release: dict | None = None
    # True for data checked from memory (an upload, `load_files`): its files are not in `folder`, which only
    # names whose base map the pages draw.
    uploaded: bool = False

    def summary(self) -> str:
        return (f"{len(self.partners)} partners, {len(self.agreements)} agreements, "
                f"{len(self.activities)} activities, {len(self.source_urls)} sources")



def _split(series: pd.Series) -> pd.Series:
    """Space-separated lists as tuples (what the pages expect)."""
    return pd.Series([tuple(v.split()) for v in series], index=series.index, dtype=object)


def _int_or_na(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series.replace("", None), errors="coerce").astype("Int64")


# The activities' columns the builders walk row by row most; the rest stay in Arrow (100,000 activities
# would otherwise need well over 300 MB as Python strings).
_ACTIVITY_PLAIN = ("partner_id", "sector")


def _plain_strings(df: pd.DataFrame, only: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Text columns as plain Python strings: pandas 3 keeps them in Arrow arrays, which are quick to filter
    but slow to walk value by value, and the builders walk them (a 100x data set spent most of a rerun
    there)."""
    for column in (c for c in df.columns if only is None or c in only):
        if pd.api.types.is_string_dtype(df[column].dtype) and df[column].dtype != object:
            df[column] = df[column].astype(object)
    return df


# The files whose URL columns are not sources: the release's own addresses (its licence, its home page).
_NOT_SOURCES = (contract.DATASET.name,)


def cited_sources(tables: dict[str, pd.DataFrame]) -> frozenset[str]:
    """The data's distinct source URLs: the one definition of "sources" that every count uses.

    A source URL is an address written in a source column of the data: every column the contract types as a
    URL or a list of URLs, in every file except `dataset.csv` (whose addresses are the release's licence and
    home page). On the bundled data these are `source_urls` (home, partners, agreements, and the Seoul page's
    concepts, findings and open questions), `source_url` (activities), `alt_source_url` (the source of a
    conflicting row's other version), `corroborating_urls` (second reports of an event) and the Seoul reading
    list's `url`. Each address counts once however many rows cite it, compared exactly as written: no
    normalising, so `http://` and `https://`, or an address with and without a trailing slash, are two.
    Addresses written inside text (a note, the Seoul page's running texts) are not counted.

    `tables` maps a file name of the contract to its frame of strings (an empty cell is "")."""
    urls: set[str] = set()
    for table in contract.TABLES:
        frame = tables.get(table.name)
        if frame is None or table.name in _NOT_SOURCES:
            continue
        for column in table.columns:
            if column.type in ("url", "urls") and column.name in frame.columns:
                for cell in frame[column.name]:
                    urls.update(str(cell).split())
    return frozenset(urls)


def typed(folder: Path, tables: dict[str, pd.DataFrame], notes: list[str]) -> Dataset:
    """Turn the checked string frames into typed frames (numbers, lists, booleans)."""
    tables = {name: _plain_strings(frame, _ACTIVITY_PLAIN if name == "activities.csv" else None)
              for name, frame in tables.items()}
    sources = cited_sources(tables)
    def places(df: pd.DataFrame) -> pd.DataFrame:
        df = df.reset_index(drop=True)
        df["lat"] = df["lat"].astype(float)
        df["lon"] = df["lon"].astype(float)
        df["geonames_id"] = _int_or_na(df["geonames_id"])
        df["source_urls"] = _split(df["source_urls"])
        return df

    def ordered(df: pd.DataFrame) -> pd.DataFrame:
        df = df.reset_index(drop=True)
        df["order"] = df["order"].astype(int)
        return df.sort_values("order", kind="stable").reset_index(drop=True)

    partners = places(tables["partners.csv"])
    partners["first_year"] = _int_or_na(partners["first_year"])
    partners["first_contact_year"] = _int_or_na(partners["first_contact_year"])
    partners["signed"] = partners["status"].isin(SIGNED_STATUSES) & partners["first_year"].notna()
    countries = tables["countries.csv"].reset_index(drop=True)
    countries["iso_numeric"] = countries["iso_numeric"].astype(int)
    agreements = tables["agreements.csv"].reset_index(drop=True)
    agreements["year"] = agreements["year"].astype(int)
    agreements["sectors"] = _split(agreements["sectors"])
    agreements["source_urls"] = _split(agreements["source_urls"])
    agreements["corroborating_urls"] = _split(agreements["corroborating_urls"])
    activities = tables["activities.csv"].reset_index(drop=True)
    activities["corroborating_urls"] = _split(activities["corroborating_urls"])
    activities["year"] = activities["year"].astype(int)
    activities["context"] = activities["context"].eq("yes")
    sectors = ordered(tables["sectors.csv"])
    texts = tables["seoul/texts.csv"]
    content = SeoulContent(
        texts={key: {"en": en, "id": id_} for key, en, id_ in zip(texts["key"], texts["en"], texts["id"])},
        concepts=ordered(tables["seoul/concepts.csv"]), findings=ordered(tables["seoul/findings.csv"]),
        open_questions=ordered(tables["seoul/open_questions.csv"]),
        citation=tables["seoul/citation.csv"].reset_index(drop=True), reading_list=ordered(tables["seoul/reading_list.csv"]))
    content.findings["sectors"] = _split(content.findings["sectors"])
    for frame in (content.concepts, content.findings, content.open_questions):
        frame["source_urls"] = _split(frame["source_urls"])

    story = tables["story.csv"].reset_index(drop=True)
    story["step"] = story["step"].astype(int)
    story = story.sort_values("step", kind="stable").reset_index(drop=True)

    release = tables.get("dataset.csv")
    return Dataset(release=release.iloc[0].to_dict() if release is not None and len(release) else None,
                   home=places(tables["home.csv"]).iloc[0].to_dict(), countries=countries, partners=partners,
                   agreements=agreements, activities=activities, sectors=sectors,
                   i18n=tables["i18n.csv"].reset_index(drop=True), seoul=content, story=story, folder=str(folder),
                   source_urls=sources, notes=notes)
