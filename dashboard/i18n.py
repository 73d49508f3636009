"""One translation table for every word on the pages: data/i18n.csv (UI) plus the data's own labels."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final, Literal, get_args

from dashboard.loader import Dataset

Language = Literal["id", "en"]
LANGUAGES: Final[tuple[Language, ...]] = get_args(Language)
DEFAULT_LANGUAGE: Final[Language] = "id"


def language(value: object) -> Language:
    """The language of a URL value or widget; anything unknown falls back to Indonesian."""
    return next((lang for lang in LANGUAGES if lang == value), DEFAULT_LANGUAGE)


@dataclass(frozen=True)
class Translator:
    """Looks words up in one language; a missing key shows itself rather than failing the page."""

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
        """The text of a key in this language, its {placeholders} filled in. Never raises: a template the
        validator would refuse (a stray brace, an unknown placeholder) is shown as written."""
        text = self.table.get(key, {}).get(self.lang, key)
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
