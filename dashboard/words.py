"""Sentences that stay sentences on every view: number agreement, lists and ties, in both languages.

The words are keys of `data/i18n.csv`; this module only chooses among them. A counted phrase has one
key per form, as translators know them from other projects: `<key>.one` (exactly one), `<key>.other`
(any other number) and, where a sentence needs it, `<key>.zero`. Indonesian nouns do not change with
the number, so its forms are usually alike; English ones differ ("one partner city", "16 partner cities").
No count of zero is written as a number: a caller leaves the part out, or a `.zero` form says it in words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

from dashboard.i18n import Translator

# What a count is of (a field's id, a year, a translated name): the labels come back as they went in.
Label = TypeVar("Label")

# Names listed in full before "and N others".
SHOWN_NAMES = 3


def counted(t: Translator, key: str, n: int, **values: object) -> str:
    """The form of `key` for the number `n` (`.zero` when n is 0 and the table has it, `.one` for 1,
    `.other` otherwise), with `{count}` = n and any other values filled in."""
    form = "zero" if n == 0 and f"{key}.zero" in t.table else "one" if n == 1 else "other"
    return t(f"{key}.{form}", count=n, **values)


def and_list(t: Translator, items: Iterable[object], shown: int | None = SHOWN_NAMES) -> str:
    """'A', 'A and B', 'A, B and C', or with more than `shown` items 'A, B, C and 2 others' (None: all).
    When a name holds the word 'and' itself ('Trade and economy'), a comma comes before the last one
    ('Trade and economy, and Culture'), so the list cannot be read as other names."""
    names = [str(item) for item in items]
    if shown is not None and len(names) > shown + 1:
        names = [*names[:shown], counted(t, "words.others", len(names) - shown)]
    if len(names) <= 1:
        return "".join(names)
    conjunction = t("words.and", first="", last="").strip()
    ambiguous = bool(conjunction) and any(conjunction in name.split() for name in names)
    return t("words.and_serial" if ambiguous else "words.and", first=", ".join(names[:-1]), last=names[-1])


def non_zero(parts: Sequence[tuple[int, str]]) -> list[str]:
    """The phrases of the parts whose count is not zero: a count of nothing is not written."""
    return [phrase for count, phrase in parts if count]


def each(t: Translator, count: int, tied: int) -> str:
    """A leader's count: '16', or '16 each' when `tied` names share it."""
    return str(count) if tied <= 1 else t("words.each", count=count)


def leaders(counts: Iterable[tuple[Label, int]]) -> tuple[list[Label], int]:
    """The labels with the highest count (in the order given: ties keep it) and that count."""
    pairs = list(counts)
    top = max(count for _, count in pairs)
    return [label for label, count in pairs if count == top], int(top)


def ranks(counts: Iterable[tuple[Label, int]]) -> list[tuple[list[Label], int]]:
    """The labels grouped by count, the highest first (labels keep their order within a group); counts
    of zero are left out."""
    groups: dict[int, list[Label]] = {}
    for label, count in counts:
        if count:
            groups.setdefault(int(count), []).append(label)
    return [(groups[count], count) for count in sorted(groups, reverse=True)]


def period(t: Translator, first: int, last: int) -> str:
    """'in 1960' for one year, 'from 1960 to 2022' for several."""
    if first == last:
        return t("words.in_year", year=first)
    return t("words.from_to", first=first, last=last)
