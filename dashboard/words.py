"""Sentences that stay sentences on every view: number agreement, lists and ties, in both languages.

The words are keys of `data/i18n.csv`; this module only chooses among them. A counted phrase has one
key per form, as translators know them from other projects: `<key>.one` (exactly one), `<key>.other`
(any other number) and, where a sentence needs it, `<key>.zero`. Indonesian nouns do not change with
the number, so its forms are usually alike; English ones differ ("one partner city", "16 partner cities").
No count of zero is written as a number: a caller leaves the part out, or a `.zero` form says it in words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from dashboard.i18n import Translator

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
    items = [str(item) for item in items]
    if shown is not None and len(items) > shown + 1:
        items = [*items[:shown], counted(t, "words.others", len(items) - shown)]
    if len(items) <= 1:
        return "".join(items)
    conjunction = t("words.and", first="", last="").strip()
    ambiguous = bool(conjunction) and any(conjunction in item.split() for item in items)
    return t("words.and_serial" if ambiguous else "words.and", first=", ".join(items[:-1]), last=items[-1])


def non_zero(parts: Sequence[tuple[int, str]]) -> list[str]:
    """The phrases of the parts whose count is not zero: a count of nothing is not written."""
    return [phrase for count, phrase in parts if count]


def each(t: Translator, count: int, tied: int) -> str:
    """A leader's count: '16', or '16 each' when `tied` names share it."""
    return str(count) if tied <= 1 else t("words.each", count=count)


def leaders(counts: Iterable[tuple[object, int]]) -> tuple[list[object], int]:
    """The labels with the highest count (in the order given: ties keep it) and that count."""
    counts = list(counts)
    top = max(count for _, count in counts)
    return [label for label, count in counts if count == top], int(top)


def ranks(counts: Iterable[tuple[object, int]]) -> list[tuple[list[object], int]]:
    """The labels grouped by count, the highest first (labels keep their order within a group); counts
    of zero are left out."""
    groups: dict[int, list[object]] = {}
    for label, count in counts:
        if count:
            groups.setdefault(int(count), []).append(label)
    return [(groups[count], count) for count in sorted(groups, reverse=True)]


def period(t: Translator, first: int, last: int) -> str:
    """'in 1960' for one year, 'from 1960 to 2022' for several."""
    if first == last:
        return t("words.in_year", year=first)
    return t("words.from_to", first=first, last=last)
