"""One translation table for every word on the pages: data/i18n.csv (UI) plus the data's own labels."""

from __future__ import annotations

import csv
import functools
import os
from dataclasses import dataclass, replace
from typing import Final, Literal, get_args

from dashboard.loader import DATA_DIR, Dataset

Language = Literal["id", "en"]
LANGUAGES: Final[tuple[Language, ...]] = get_args(Language)
DEFAULT_LANGUAGE: Final[Language] = "id"
# The strict translator: with this variable set to 1 (the tests set it), a key that the project's own
# data/i18n.csv lacks raises UnknownKey instead of showing itself on the page, so a forgotten key fails a
# test. A data folder whose i18n.csv lacks a key the project has still shows the key, strict or not.
STRICT = "ATLAS_STRICT_I18N"


class UnknownKey(KeyError):
    """The code asked for a translation key that data/i18n.csv does not have (strict translator only)."""


@functools.cache
def shipped_keys() -> frozenset[str]:
    """The keys of the project's own translation table (the bundled data/i18n.csv)."""
    with open(DATA_DIR / "i18n.csv", encoding="utf-8", newline="") as f:
        return frozenset(row["key"] for row in csv.DictReader(f))


def language(value: object) -> Language:
    """The language of a URL value or widget; anything unknown falls back to Indonesian."""
    return next((lang for lang in LANGUAGES if lang == value), DEFAULT_LANGUAGE)


@dataclass(frozen=True)
class Translator:
    """Looks words up in one language; a missing key shows itself rather than failing the page (unless the
    translator is strict: see STRICT)."""

    lang: str
    table: dict[str, dict[str, str]]
    sectors: dict[str, dict[str, str]]
    countries: dict[str, dict[str, str]]

    @classmethod
    def for_dataset(cls, ds: Dataset, lang: str) -> Translator:
        def pairs(frame, key: str, en: str, id_: str) -> dict[str, dict[str, str]]:
            # Column by column: itertuples boxes every row (a good part of a small map's time on a cold memo).
            return {k: {"en": e, "id": i} for k, e, i in zip(frame[key].tolist(), frame[en].tolist(), frame[id_].tolist())}

        return cls(language(lang), pairs(ds.i18n, "key", "en", "id"), pairs(ds.sectors, "id", "label_en", "label_id"),
                   pairs(ds.countries, "iso3", "name_en", "name_id"))

    def every_language(self) -> tuple[Translator, ...]:
        """The same table in each language (a link may carry labels of either)."""
        return tuple(replace(self, lang=lang) for lang in LANGUAGES)

    def __call__(self, key: str, **values: object) -> str:
        """The text of a key in this language, its {placeholders} filled in. A template the validator would
        refuse (a stray brace, an unknown placeholder) is shown as written; only the strict translator raises,
        on a key data/i18n.csv lacks."""
        entry = self.table.get(key)
        if entry is None and os.environ.get(STRICT) == "1" and key not in shipped_keys():
            raise UnknownKey(f"{key!r} is not in data/i18n.csv: add it with its English and Indonesian text")
        text = key if entry is None else entry.get(self.lang, key)
        if not values:
            return text
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError, AttributeError, TypeError):
            return text

    def sector(self, sector_id: str) -> str:
        return self.sectors.get(sector_id, {}).get(self.lang, sector_id)

    def country(self, iso3: str) -> str:
        return self.countries.get(iso3, {}).get(self.lang, iso3)

    def label(self, group: str, value: str) -> str:
        """Labels of controlled values: relationship, status, kind, region, confidence, precision."""
        return self(f"{group}.{value}")

    def pick(self, row: object, column: str) -> str:
        """The Indonesian or English version of a bilingual data column (`title_en` / `title_id`)."""
        return getattr(row, f"{column}_{self.lang}") if not isinstance(row, dict) else row[f"{column}_{self.lang}"]
