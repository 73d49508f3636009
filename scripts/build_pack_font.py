"""Build the CJK font the seminar pack embeds, so that Korean, Chinese and Japanese names show on a computer
without CJK fonts (the pack's page would show empty boxes there).

Usage:
    python scripts/build_pack_font.py path/to/NotoSansCJK-Regular.ttc [DATA_DIR]

The input is Noto Sans CJK (SIL Open Font License 1.1), as Debian's package `fonts-noto-cjk` installs it
(`/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc`; or `apt-get download fonts-noto-cjk` and
`dpkg-deb -x` it anywhere, without installing). The Korean face of the collection is cut down to the
characters of the data folder (default: the bundled `data/`) that `dashboard.export.is_cjk` counts, and
written as WOFF to `dashboard/fonts/noto-sans-cjk-subset.woff`, its name table (copyright, licence) kept.
Run it again when the data gains a CJK character (a test says so). Needs fontTools
(requirements-dev.txt). No network access. Output is deterministic.
"""

from __future__ import annotations

import sys
from pathlib import Path

from dashboard.export import PACK_FONT, is_cjk
from dashboard.loader import DATA_DIR

ROOT = Path(__file__).resolve().parent.parent

FACE = "Noto Sans CJK KR"


def data_characters(folder: Path) -> set[str]:
    """Every CJK character of every CSV of the data folder (and its subfolders)."""
    chars: set[str] = set()
    for path in sorted(folder.rglob("*.csv")):
        chars.update(c for c in path.read_text(encoding="utf-8-sig") if is_cjk(c))
    return chars


def build(collection: Path, folder: Path, out: Path = PACK_FONT) -> int:
    from fontTools import subset
    from fontTools.ttLib import TTCollection

    fonts = TTCollection(str(collection)).fonts
    font = next((f for f in fonts if f["name"].getDebugName(1) == FACE), None)
    if font is None:
        print(f"{collection} has no face named {FACE}", file=sys.stderr)
        return 1
    chars = data_characters(folder)
    options = subset.Options()
    options.flavor = "woff"
    options.name_IDs = ["*"]  # copyright, trademark, licence and its address stay in the font
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.layout_features = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    subsetter.subset(font)
    font.recalcTimestamp = False  # the same input gives the same bytes
    out.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff"
    font.save(str(out))
    missing = sorted(c for c in chars if ord(c) not in font.getBestCmap())
    print(f"{out.relative_to(ROOT)}: {len(chars) - len(missing)} characters, {out.stat().st_size:,} bytes")
    if missing:
        print(f"not in {FACE}: {''.join(missing)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(build(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else DATA_DIR))
