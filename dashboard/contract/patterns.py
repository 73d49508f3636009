"""What a cell may hold, as patterns: identifiers, keys, numbers, dates and URLs, and the characters no
renderer or spreadsheet takes safely (control characters, noncharacters, separators, bidirectional
overrides, zero-width characters in names, formula starts). Written for both Python's `re` and RE2 (what
Arrow's compute functions use): no look-around; [0-9], never \\d: only ASCII digits are numbers."""

from __future__ import annotations

import re

SLUG = r"[a-z0-9][a-z0-9_-]*"
KEY = r"[a-z0-9_]+(?:\.[a-z0-9_-]+)*"
ISO3 = r"[A-Z]{3}"
COLOR = r"#[0-9a-fA-F]{6}"
INTEGER = r"-?[0-9]+"
NUMBER = r"-?[0-9]+(?:\.[0-9]+)?"
DATE = r"[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?"
_HOST = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
_PCHAR = r"(?:[A-Za-z0-9._~!$&*+,;=:@-]|%[0-9A-Fa-f]{2})"
# http or https, a host, an optional port, then only characters that need no escaping in a URL and
# cannot break out of Markdown: no spaces, quotes, brackets, parentheses, angle brackets or backslashes.
URL = rf"https?://{_HOST}(?::[0-9]{{1,5}})?(?:/{_PCHAR}*)*(?:\?(?:{_PCHAR}|[/?])*)?(?:#(?:{_PCHAR}|[/?])*)?"
URLS = rf"{URL}(?: {URL})*"
IDS = rf"{SLUG}(?: {SLUG})*"
# Control characters (C0, DEL, C1) other than the line feed; a tab is one of them.
CONTROL = r"[\x00-\x09\x0b-\x1f\x7f-\x9f]"
VERSION_PATTERN = r"^[0-9]{4}\.(?:[1-9]|1[0-2])\.[0-9]+$"
# A title that says a document was signed (both words must appear, in any case)...
SIGNING_WORDS = r"\b(?:sign|signs|signed|signing|signature|signatures)\b"
DOCUMENT_WORDS = (r"\b(?:agreements?|mous?|memorand(?:um|a)|lois?|letters? of intent|charters?|declarations?"
                  r"|contracts?|treat(?:y|ies)|protocols?|accords?)\b")
# ...and a title whose first clause (before ':' or ';') says the event was only planned.
PLANNED_WORDS = ("planned", "scheduled", "will")

_URL_RE = re.compile(URL)


def is_strict_url(value: object) -> bool:
    """True for an http(s) address that the contract accepts (see URL)."""
    return isinstance(value, str) and _URL_RE.fullmatch(value) is not None


# ---------------------------------------------------------------------------------------------------------
# Characters no renderer takes. Each kind is a list of code point ranges (first, last); the patterns below
# are written as character classes of the characters themselves, which both Python's `re` and RE2 read.

# Noncharacters: U+FDD0..U+FDEF and the last two code points of every plane (U+FFFE, U+FFFF, U+1FFFE, ...).
# U+FFFE and U+FFFF are also not allowed in XML 1.0: vl-convert aborts the whole server process on them.
NONCHARACTERS = ((0xFDD0, 0xFDEF), *((plane << 16 | 0xFFFE, plane << 16 | 0xFFFF) for plane in range(17)))
# Line and paragraph separators: a line end to JavaScript, so a Vega expression holding one fails.
SEPARATORS = ((0x2028, 0x2029),)
# Embeddings, overrides and isolates of the bidirectional algorithm: they reorder what follows them, so a
# cell can show other text than it holds ("Trojan Source"). The marks U+200E, U+200F and U+061C stay allowed.
BIDI_CONTROLS = ((0x202A, 0x202E), (0x2066, 0x2069))
# Zero-width characters: two names that look the same would differ by one (refused in names only; ZWJ and
# ZWNJ are part of writing in other text, emoji and several scripts).
ZERO_WIDTH = ((0x200B, 0x200D), (0x2060, 0x2060), (0xFEFF, 0xFEFF))
# Characters that XML 1.0 does not allow either (C0 controls but tab, line feed and carriage return;
# surrogates cannot occur in UTF-8 text) are control characters, refused in every cell by CONTROL.
REFUSED_EVERYWHERE = (
    ("a noncharacter, which no font, XML file or chart renderer takes", NONCHARACTERS),
    ("a line or paragraph separator, which breaks the charts' expressions (use an ordinary line break in long "
     "text)", SEPARATORS),
    ("a bidirectional override or isolate, which makes the text show in another order than it is written",
     BIDI_CONTROLS),
)
REFUSED_IN_NAMES = ("a zero-width character, which makes two names that look the same differ", ZERO_WIDTH)

# Characters a spreadsheet may drop or show as nothing before a cell's first visible one: the Unicode
# White_Space and Default_Ignorable_Code_Point characters, and the blank Braille pattern.
SPACE_LIKE = ((0x09, 0x0D), (0x20, 0x20), (0x85, 0x85), (0xA0, 0xA0), (0xAD, 0xAD), (0x34F, 0x34F), (0x61C, 0x61C),
              (0x115F, 0x1160), (0x1680, 0x1680), (0x17B4, 0x17B5), (0x180B, 0x180F), (0x2000, 0x200F),
              (0x2028, 0x202F), (0x205F, 0x206F), (0x2800, 0x2800), (0x3000, 0x3000), (0x3164, 0x3164),
              (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
              (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF))
# Every character whose compatibility form (NFKC) starts with = + - or @: the full-width ＝＋－＠, the small
# ﹦﹢﹣﹫, super- and subscript signs, ⩵ ⩶ and the Hebrew alternative plus (tests/test_contract.py finds
# them again from unicodedata, so the list cannot fall behind).
FORMULA_LOOKALIKES = "\u207a\u207c\u208a\u208c\u2a75\u2a76\ufb29\ufe62\ufe63\ufe66\ufe6b\uff0b\uff0d\uff1d\uff20"


def char_class(ranges: tuple[tuple[int, int], ...], extra: str = "") -> str:
    """A regular-expression character class of the code point ranges (and `extra`, already escaped)."""
    def char(code: int) -> str:
        return f"\\x{code:02x}" if code < 0x80 else chr(code)  # ASCII escaped; the rest as themselves
    return "[" + extra + "".join(char(a) if a == b else f"{char(a)}-{char(b)}" for a, b in ranges) + "]"


# A text cell may not start like a formula: = + - @ (and their look-alikes) or a space-like character.
FORMULA_PATTERN = "^" + char_class(SPACE_LIKE, "=+@\\-" + FORMULA_LOOKALIKES)
_FORMULA_RE = re.compile(FORMULA_PATTERN)
_REFUSED_RE = [(why, re.compile(char_class(ranges))) for why, ranges in REFUSED_EVERYWHERE]
_ZERO_WIDTH_RE = re.compile(char_class(ZERO_WIDTH))
_CONTROL_RE = re.compile(CONTROL)


def starts_like_formula(text: object) -> bool:
    """True when a spreadsheet could read the text as a formula: it starts with =, +, -, @, a full-width or
    other look-alike of them (＝＋－＠), a tab, a line end, or any space-like or invisible character a
    spreadsheet may skip (a no-break space, a byte-order mark, an ideographic space U+3000, ...). The
    validator refuses such text cells; a CSV export neutralises them."""
    return isinstance(text, str) and _FORMULA_RE.match(text) is not None


def code_point(char: str) -> str:
    """U+FFFF, U+1F600: how the messages name a character."""
    return f"U+{ord(char):04X}"


def refused_character(text: str, name: bool = False) -> tuple[str, str] | None:
    """The first character of the text that the contract refuses in any cell (or, with `name`, in a name),
    as (code point, why), or None."""
    found = []
    for why, pattern in [("a control character", _CONTROL_RE), *_REFUSED_RE,
                         *([(REFUSED_IN_NAMES[0], _ZERO_WIDTH_RE)] if name else [])]:
        match = pattern.search(text)
        if match:
            found.append((match.start(), code_point(match.group()), why))
    return min(found)[1:] if found else None

