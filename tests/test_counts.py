"""The figures a reader is given (README.md, the About page, the newest release in data/CHANGES.md) are the data's
own, counted the one way the code defines them (issue 20: "208 distinct source URLs" did not reproduce)."""

from __future__ import annotations

import csv
import re

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.detail import partner_detail
from dashboard.loader import DATA_DIR, load
from tests.conftest import APP, ROOT
from tests.test_data_rules import cross_check, cross_checked_events

# The source columns as data/README.md names them in words, file by file: the count must be what they hold.
SOURCE_COLUMNS = {"home.csv": ("source_urls",), "partners.csv": ("source_urls", "alt_source_url"),
                  "agreements.csv": ("source_urls", "alt_source_url", "corroborating_urls"),
                  "activities.csv": ("source_url", "alt_source_url", "corroborating_urls"),
                  "seoul/concepts.csv": ("source_urls",), "seoul/findings.csv": ("source_urls",),
                  "seoul/open_questions.csv": ("source_urls",), "seoul/reading_list.csv": ("url",)}


def recount_sources(folder) -> set[str]:
    """The distinct source URLs read straight from the CSV files, as data/README.md words the definition."""
    urls: set[str] = set()
    for name, columns in SOURCE_COLUMNS.items():
        with open(folder / name, encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                for column in columns:
                    urls.update((row.get(column) or "").split())
    return urls


def figures(ds) -> dict[str, int]:
    outcomes = [cross_check(row) for _, row in cross_checked_events(ds)]
    happened = ds.activities["happened"]
    return {"partners": len(ds.partners), "signed": int(ds.partners["signed"].sum()),
            "unsigned": int((~ds.partners["signed"]).sum()), "agreements": len(ds.agreements),
            "activities": len(ds.activities), "planned": int((happened == "planned").sum()),
            "cancelled": int((happened == "cancelled").sum()), "sources": len(ds.source_urls),
            "events": len(outcomes), "agreed": outcomes.count("agreed"), "conflicting": outcomes.count("conflicting"),
            "no_second": outcomes.count("none")}


def prose(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def newest_release(changes: str) -> tuple[str, str, str]:
    """(version, date, text) of the first release section of data/CHANGES.md."""
    match = re.search(r"^## (\S+) \((\d{4}-\d{2}-\d{2})\):.*?$(.*?)(?=^## |\Z)", changes, re.M | re.S)
    assert match, "data/CHANGES.md has no release section"
    return match.group(1), match.group(2), match.group(3)


def number(pattern: str, text: str) -> int:
    found = re.findall(pattern, text)
    assert len(found) == 1, f"expected one match of {pattern!r}, found {found}"
    return int(found[0])


# --- The definition ------------------------------------------------------------------------------------------

def test_the_source_count_is_what_the_source_columns_hold(dataset):
    assert set(dataset.source_urls) == recount_sources(DATA_DIR)
    assert set(dataset.home["source_urls"]) <= dataset.source_urls  # the home city's sources count too
    licence = dataset.release["licence_url"]
    assert licence not in dataset.source_urls  # the release's own addresses are not sources


def other_scheme(url: str) -> str:
    return "http://" + url[8:] if url.startswith("https://") else "https://" + url[7:]


def test_a_new_second_report_counts_once_and_a_repeated_or_rewritten_address_as_written(data_copy):
    ds = load(data_copy.folder)
    before = len(ds.source_urls)
    rows = data_copy.rows("activities.csv")
    column = rows[0].index("corroborating_urls")
    new_page = "https://example.org/a-second-report"
    rows[1][column] = " ".join(filter(None, [rows[1][column], new_page]))  # a new page
    rows[2][column] = " ".join(filter(None, [rows[2][column], new_page]))  # the same page again
    # a page the data cites, written with the other scheme: another address
    rewritten = next(other_scheme(u) for u in sorted(ds.source_urls) if other_scheme(u) not in ds.source_urls)
    rows[3][column] = " ".join(filter(None, [rows[3][column], rewritten]))
    data_copy.write("activities.csv", rows)
    ds = load(data_copy.folder)
    assert len(ds.source_urls) == before + 2
    assert set(ds.source_urls) == recount_sources(data_copy.folder)


# --- Where the figures are given ------------------------------------------------------------------------------

def test_the_readme_gives_the_datas_figures(dataset):
    readme = prose((ROOT / "README.md").read_text(encoding="utf-8"))
    section = readme[readme.index("## The data"):readme.index("## How it is built")]
    f = figures(dataset)
    assert f"(release {dataset.release['version']})" in section
    assert number(r"\*\*(\d+) partner cities\*\*", section) == f["partners"]
    assert number(r"\((\d+) with a signed document", section) == f["signed"]
    assert number(r"(\d+) prospective, unverified or disputed", section) == f["unsigned"]
    assert number(r"\*\*(\d+) agreements\*\*", section) == f["agreements"]
    assert number(r"\*\*(\d+) dated activities\*\*", section) == f["activities"]
    assert number(r"\((\d+) of them only planned\)", section) == f["planned"]
    assert number(r"\*\*(\d+) distinct source URLs\*\*", section) == f["sources"]
    assert number(r"of the (\d+) such events", section) == f["events"]
    assert number(r"(\d+) agree with one", section) == f["agreed"]
    assert number(r"(\d+) are conflicting", section) == f["conflicting"]
    assert number(r"(\d+) have no second source", section) == f["no_second"]


def test_changes_is_grouped_by_release_newest_first_and_the_newest_is_the_datas():
    changes = (DATA_DIR / "CHANGES.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## (.*)$", changes, re.M)
    parsed = [re.fullmatch(r"(\d{4})\.(\d{1,2})\.(\d+) \((\d{4}-\d{2}-\d{2})\): .+", heading) for heading in releases]
    assert all(parsed), [h for h, m in zip(releases, parsed) if not m]
    versions = [tuple(int(m.group(i)) for i in (1, 2, 3)) for m in parsed]
    dates = [m.group(4) for m in parsed]
    assert versions == sorted(versions, reverse=True) and len(set(versions)) == len(versions)
    assert dates == sorted(dates, reverse=True)
    with open(DATA_DIR / "dataset.csv", encoding="utf-8", newline="") as f:
        release = next(csv.DictReader(f))
    assert newest_release(changes)[:2] == (release["version"], release["released"])


def test_the_newest_release_in_changes_gives_the_datas_figures(dataset):
    _, _, text = newest_release((DATA_DIR / "CHANGES.md").read_text(encoding="utf-8"))
    text = prose(text)
    figures_line = text[text.index("Figures before → after:"):]
    figures_line = figures_line[:figures_line.index("Partners by status")]
    f = figures(dataset)
    assert number(r"→ (\d+) partners", figures_line) == f["partners"]
    assert number(r"→ (\d+) with a signed document", figures_line) == f["signed"]
    assert number(r"→ (\d+) agreements", figures_line) == f["agreements"]
    assert number(r"→ (\d+) activities", figures_line) == f["activities"]
    assert number(r"→ (\d+) planned", figures_line) == f["planned"]
    assert number(r"→ (\d+) cancelled", figures_line) == f["cancelled"]
    assert number(r"→ (\d+) distinct source URLs", figures_line) == f["sources"]
    assert number(r"Over all (\d+) events of this release dated 2000 or later", text) == f["events"]
    assert number(r"dated 2000 or later: (\d+) agree with a second report", text) == f["agreed"]
    assert number(r"(\d+) are conflicting and \d+ have no second source", text) == f["conflicting"]
    assert number(r"are conflicting and (\d+) have no second source", text) == f["no_second"]


@pytest.mark.apptest
@pytest.mark.parametrize(("lang", "labels"), [("en", ["Partners", "Agreements", "Activities", "Sources"]),
                                              ("id", ["Mitra", "Perjanjian", "Kegiatan", "Sumber"])])
def test_the_about_page_gives_the_datas_figures(dataset, lang, labels):
    at = AppTest.from_file(APP, default_timeout=90)
    at.switch_page("views/about.py")
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    f = figures(dataset)
    shown = {m.label: m.value for m in at.metric}
    assert [shown.get(label) for label in labels] == [str(f[k]) for k in ("partners", "agreements", "activities",
                                                                             "sources")]
    sources = next(m for m in at.metric if m.label == labels[3])
    assert "data/README.md" in sources.help.replace("\\", "")


def test_a_partners_detail_lists_every_source_of_its_rows_and_together_they_make_the_count(dataset, t_en):
    """The detail's "Sources (N)" counts the same columns, for one partner's rows."""
    order = list(dataset.sectors["id"])
    seen: set[str] = set()
    for pid in dataset.partners["id"]:
        listed = set(partner_detail(dataset, pid, t_en, order).sources)
        own = dataset.partners.set_index("id").loc[pid]
        expected = {*own["source_urls"], own["alt_source_url"]} - {""}
        for frame, column in ((dataset.agreements, "source_urls"), (dataset.activities, "source_url")):
            rows = frame[frame["partner_id"] == pid]
            for values in rows[column]:
                expected.update([values] if isinstance(values, str) else values)
            expected.update(u for us in rows["corroborating_urls"] for u in us)
            expected.update(u for u in rows["alt_source_url"] if u)
        assert listed == expected, pid
        seen |= listed
    melbourne = set(partner_detail(dataset, "melbourne", t_en, order).sources)
    assert "https://lenterajabar.com/2021/04/pemkot-bandung-gandeng-melbourne-gelar.html" in melbourne  # a second report
    # with the home city's and the Seoul page's sources, the partners' make up the whole count
    seoul = {u for frame in (dataset.seoul.concepts, dataset.seoul.findings, dataset.seoul.open_questions)
             for us in frame["source_urls"] for u in us} | set(dataset.seoul.reading_list["url"])
    assert seen | set(dataset.home["source_urls"]) | seoul == set(dataset.source_urls)
