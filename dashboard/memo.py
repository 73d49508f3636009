"""What has been worked out from one dataset, kept for reuse by every session that shows it.

`content` (and the filters' preparation of a dataset) ask `of(ds).get(key, compute)`. A key is a frozen
dataclass (a subclass of `Key`) that names every input of the value, so a key cannot forget one; a base map
enters a key as `Same(basemap)`, compared by identity. A new dataset (the files changed) has an empty memo:
the memo of a dataset lives as long as the dataset and is not part of it, so the loader knows nothing of it.

Values are shared by every session: whoever stores one makes it unchangeable (frozen dataclasses, tuples,
frozensets, read-only numpy arrays, `MappingProxyType`) or hands out copies.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar, cast

from dashboard.loader import Dataset

V = TypeVar("V")
T = TypeVar("T")


@dataclass(frozen=True)
class Key:
    """The base of every memo key. Subclasses are frozen dataclasses whose fields are the value's inputs;
    two keys are equal when their class and their fields are."""


@dataclass(frozen=True, eq=False)
class Same(Generic[T]):
    """An unhashable input (a base map, a dict) in a key, compared by identity. The key holds the object, so
    its id cannot be reused by another object while the key is kept."""

    value: T

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Same) and other.value is self.value

    def __hash__(self) -> int:
        return id(self.value)


class Memo:
    """Values by key, at most `size` of them (the least recently used go first). Thread-safe: every session
    of the server asks the same memo."""

    def __init__(self, size: int = 512):
        self._values: OrderedDict[Key, object] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: Key, compute: Callable[[], V]) -> V:
        if not isinstance(key, Key):
            raise TypeError(f"a memo key must be a dashboard.memo.Key, not {type(key).__name__}")
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return cast(V, self._values[key])  # stored by a compute for this key
        value = compute()  # outside the lock: two sessions may compute the same value once each
        with self._lock:
            self._values[key] = value
            while len(self._values) > self._size:
                self._values.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._values)


_memos: weakref.WeakKeyDictionary[Dataset, Memo] = weakref.WeakKeyDictionary()
_memos_lock = threading.Lock()


def of(ds: Dataset) -> Memo:
    """The memo of one dataset (a copy made with `dataclasses.replace` is another dataset, with its own)."""
    memo = _memos.get(ds)
    if memo is None:
        with _memos_lock:
            memo = _memos.setdefault(ds, Memo())
    return memo
