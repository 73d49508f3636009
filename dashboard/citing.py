"""How to cite a release of the data set (`dataset.csv`'s one row): an APA reference in the page's language
and a BibTeX entry, both naming the version and the licence; the project is the author (an entity, never
a person). Plain functions: the About page shows them to copy (`views/cite.py`)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from dashboard.contract import is_strict_url
from dashboard.contract.datapackage import AUTHOR
from dashboard.i18n import Translator


def _text(release: Mapping, key: str) -> str:
    value = release.get(key)
    return "" if value is None or value != value else str(value).strip()  # value != value: a missing number


def title(release: Mapping, lang: str) -> str:
    return _text(release, f"title_{lang}") or _text(release, "title_en")


def year(release: Mapping) -> str:
    released = _text(release, "released")
    return released[:4] if re.fullmatch(r"[0-9]{4}.*", released) else ""


def apa(release: Mapping, t: Translator) -> str:
    """An APA 7 reference to the data set: author, year, title, version, [Data set], licence, address."""
    head = f"{AUTHOR}. ({year(release) or t('cite.no_date')}). {title(release, t.lang)}"
    out = f"{head} ({t('cite.apa_version')} {_text(release, 'version')}) [{t('cite.apa_dataset')}]."
    licence, licence_url = _text(release, "licence_title") or _text(release, "licence"), _text(release, "licence_url")
    if licence:
        out += f" {t('export.licence')}: {licence}" + (f" ({licence_url})." if is_strict_url(licence_url) else ".")
    homepage = _text(release, "homepage")
    return out + (f" {homepage}" if is_strict_url(homepage) else "")


def _bibtex_value(text: str) -> str:
    # BibTeX reads braces and backslashes; the release's texts are escaped so they stay as written.
    return re.sub(r"([{}\\%&$#_^~])", r"\\\1", text)


def bibtex_key(release: Mapping) -> str:
    name = re.sub(r"[^a-z0-9]+", "_", (_text(release, "id") or "dataset").lower()).strip("_")
    version = re.sub(r"[^0-9]+", "_", _text(release, "version")).strip("_")
    return f"{name}_{version}" if version else name


def bibtex(release: Mapping, t: Translator) -> str:
    """A BibTeX entry (`@misc`, which every style reads; biblatex reads `version` too)."""
    licence = _text(release, "licence_title") or _text(release, "licence")
    licence_url = _text(release, "licence_url")
    if licence and is_strict_url(licence_url):
        licence += f", {licence_url}"
    fields = [("author", f"{{{_bibtex_value(AUTHOR)}}}"),  # double braces: an organisation, not a person's name
              ("title", _bibtex_value(title(release, t.lang))),
              ("year", year(release)),
              ("version", _bibtex_value(_text(release, "version"))),
              ("howpublished", _bibtex_value(t("cite.apa_dataset"))),
              ("note", _bibtex_value(f"{t('export.licence')}: {licence}" if licence else "")),
              ("url", _text(release, "homepage") if is_strict_url(_text(release, "homepage")) else "")]
    body = ",\n".join(f"  {name:<12} = {{{value}}}" for name, value in fields if value)
    return f"@misc{{{bibtex_key(release)},\n{body}\n}}"
