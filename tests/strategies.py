"""Hypothesis strategies for data folders the validator accepts, and a function that writes one.

A recipe (`folder_recipes()`) says how to bend a copy of the bundled data while keeping it valid: tables
left with only their header, every dated fact moved into one year, odd but valid text (Markdown images,
references, emphasis, maths, other scripts) in the text columns, unusual but valid source URLs.
`write_folder(recipe, folder)` writes it. The property tests use both; a page-level test (AppTest) can
reuse them with ATLAS_DATA_DIR pointing at the folder.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

from hypothesis import strategies as st

from dashboard import contract
from dashboard.loader import DATA_DIR

THIS_YEAR = dt.date.today().year
# What a valid free text may not start with (the contract refuses more: see contract.starts_like_formula).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TABLE_BY_NAME = {table.name: table for table in contract.TABLES}

# Text a curator might type, or paste, that is valid (no leading formula character, no < or >, no control
# character) yet means something to Markdown or to a browser.
ODD_TEXT = [
    "![](http://evil.example/p.png)", "![](//evil.example/p.png)", "![x][r]", "[r]: http://evil.example/r.png",
    "[link](https://ok.example/a_b) and **bold** *it* _u_ ~~s~~ `code`", "$x^2$ and $$y$$", ":red[red] :material/home:",
    "&lt;img src=x&gt; &#33;[x](http://evil.example/p.png)", "# heading | a | b |", "Ünïcödé 수원시 浜松市 柳州市 🌏",
    "javascript:alert(1)", "a \"quoted\" word, with a comma", "trailing backslash \\", "{not a placeholder}",
    "x" * 400,
]
ODD_URLS = ["https://xn--bcher-kva.example/~a_b*c!d;e=f?q=1&r=%20#top", "http://127.0.0.1:8501/",
            "https://EXAMPLE.org:443/A/", "https://a.b/%28x%29?(", "http://localhost/"]
ODD_URLS = [u for u in ODD_URLS if contract.is_strict_url(u)]

# The text columns whose value is free text (not a name used as a link or a key).
TEXT_COLUMNS = {
    "partners.csv": ("summary_en", "summary_id", "note_en", "note_id"),
    "agreements.csv": ("signatories", "note_en", "note_id"),
    "activities.csv": ("title_id", "note_en", "note_id"),
    "sectors.csv": ("label_en", "label_id"),
    "countries.csv": ("name_en", "name_id"),
    "seoul/texts.csv": ("en", "id"),
    "seoul/concepts.csv": ("name_en", "name_id", "text_en", "text_id"),
    "seoul/findings.csv": ("title_en", "title_id", "text_en", "text_id", "evidence_en", "evidence_id"),
    "seoul/open_questions.csv": ("title_en", "title_id", "text_en", "text_id"),
    "seoul/reading_list.csv": ("title", "authors", "venue"),
}


def _valid_text(value: str) -> bool:
    return bool(value.strip()) and not value.lstrip(" ").startswith(FORMULA_START) and "<" not in value \
        and ">" not in value


free_text = st.one_of(
    st.sampled_from(ODD_TEXT),
    st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="<>"), min_size=1,
             max_size=40).filter(_valid_text),
)


@st.composite
def folder_recipes(draw) -> dict:
    """What to change in a copy of the bundled data; every result is a folder the validator accepts."""
    no_partners = draw(st.booleans())
    return {
        "no_partners": no_partners,  # partners, agreements and activities with only a header
        "no_agreements": no_partners or draw(st.booleans()),
        "no_activities": no_partners or draw(st.booleans()),
        "no_seoul_cards": draw(st.booleans()),  # concepts, findings, open questions, reading list
        "no_i18n": draw(st.booleans()),
        "one_year": draw(st.one_of(st.none(), st.sampled_from([THIS_YEAR, contract.FIRST_YEAR]),
                                   st.integers(contract.FIRST_YEAR, THIS_YEAR))),
        "texts": draw(st.dictionaries(st.sampled_from(sorted(TEXT_COLUMNS)), free_text, max_size=6)),
        "urls": draw(st.lists(st.sampled_from(ODD_URLS), max_size=3, unique=True)),
        "multiline": draw(st.booleans()),  # a line break inside the long texts
    }


def _rows(folder: Path, name: str) -> list[list[str]]:
    with open(folder / name, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def _write(folder: Path, name: str, rows: list[list[str]]) -> None:
    with open(folder / name, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def write_folder(recipe: dict, folder: Path) -> Path:
    """A copy of the bundled data changed as the recipe says."""
    shutil.copytree(DATA_DIR, folder)
    tables = {t.name: _rows(folder, t.name) for t in contract.TABLES}

    def col(name: str, column: str) -> int:
        return tables[name][0].index(column)

    def header_only(*names: str) -> None:
        for name in names:
            tables[name] = tables[name][:1]

    if recipe["no_partners"]:
        header_only("partners.csv")
    if recipe["no_agreements"]:
        header_only("agreements.csv")
        for row in tables["partners.csv"][1:]:
            row[col("partners.csv", "first_year")] = ""  # no document, so no year of the first one
    if recipe["no_activities"]:
        header_only("activities.csv")
    if recipe["no_seoul_cards"]:
        header_only("seoul/concepts.csv", "seoul/findings.csv", "seoul/open_questions.csv", "seoul/reading_list.csv")
    if recipe["no_i18n"]:
        header_only("i18n.csv")

    year = recipe["one_year"]
    if year is not None:
        for name in ("agreements.csv", "activities.csv"):
            for row in tables[name][1:]:
                row[col(name, "date")], row[col(name, "date_precision")], row[col(name, "year")] = str(year), "year", \
                    str(year)
                if name == "activities.csv":
                    row[col(name, "end_date")] = ""
                if row[col(name, "confidence")] == "conflicting":
                    row[col(name, "alt_value")] = "another version"
        for row in tables["partners.csv"][1:]:
            for column in ("first_year", "first_contact_year"):
                if row[col("partners.csv", column)]:
                    row[col("partners.csv", column)] = str(year)
            if row[col("partners.csv", "confidence")] == "conflicting":
                row[col("partners.csv", "alt_value")] = "another version"  # the other year may now be this one
        for row in tables["seoul/reading_list.csv"][1:]:
            if row[col("seoul/reading_list.csv", "year")]:
                row[col("seoul/reading_list.csv", "year")] = str(year)

    for name, text in recipe["texts"].items():
        for row in tables[name][1:]:
            for column in TEXT_COLUMNS[name]:
                value = text
                if recipe["multiline"] and TABLE_BY_NAME[name].column(column).type == "markdown":
                    value = f"{text}\n\n* {text}\n[r]: http://evil.example/r.png"
                row[col(name, column)] = value

    if recipe["urls"]:
        for name in ("partners.csv", "agreements.csv", "seoul/concepts.csv"):
            for row in tables[name][1:]:
                row[col(name, "source_urls")] += " " + " ".join(recipe["urls"])

    for name, rows in tables.items():
        _write(folder, name, rows)
    return folder
