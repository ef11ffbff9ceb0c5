"""A small in-process cache of built views, valid for one data stamp and a span of time.

An entry is keyed by what the view was asked for; it carries the creator's data stamp and
timezone it was built from, the instant it was built for, and the instant until which the same
request would give the same answer (the next time a piece crosses one of the view's window
boundaries). Any write to the creator's data changes the stamp (storage/data_version.py), which
the caller reads in one query per request, so a hit is always what a rebuild would return.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

DEFAULT_SIZE = 256


@dataclass(frozen=True)
class Entry:
    """One cached view and the conditions under which it is still the answer."""

    stamp: Hashable
    built_for: datetime
    valid_until: datetime | None
    value: Any


class ViewCache:
    """A thread-safe LRU of built views; one entry per key, replaced when the stamp moves."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self._size = size
        self._entries: OrderedDict[Hashable, Entry] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, stamp: Hashable, now: datetime) -> Any | None:
        """The cached value if it was built from ``stamp`` and still holds at ``now``."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or not _holds(entry, stamp, now):
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry.value

    def put(self, key: Hashable, entry: Entry) -> None:
        """Store ``entry`` under ``key``, dropping the least recently used beyond the size."""
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        """Forget every entry (benchmarks measuring cold builds, tests)."""
        with self._lock:
            self._entries.clear()


def _holds(entry: Entry, stamp: Hashable, now: datetime) -> bool:
    if entry.stamp != stamp or now < entry.built_for:
        return False
    return entry.valid_until is None or now < entry.valid_until
