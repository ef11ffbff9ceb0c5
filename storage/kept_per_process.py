"""What one process keeps per creator between refreshes: a bounded, thread-safe store.

The refresh's memos (themes, unscored rows, factor digests, day cells) each keep one value per
``process_keys.Key`` with the data stamp it holds for: the least recently stored is dropped
first once more than ``most`` are kept or their sizes sum past ``budget``. ``keep_stamped``
keeps a value with its stamp and notes that stamp as the one this process left.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

from sqlalchemy.orm import Session

from storage.process_keys import Key, process_key
from storage.stamp_chain import left

V = TypeVar("V")


def _one(value: object) -> int:
    return 1


class KeptPerProcess(Generic[V]):
    """Values by process key, bounded by count (``most``) and by summed ``size`` (``budget``)."""

    def __init__(
        self,
        most: int | None = None,
        budget: int | None = None,
        size: Callable[[V], int] = _one,
    ) -> None:
        self._entries: OrderedDict[Key, V] = OrderedDict()
        self._lock = threading.Lock()
        self._most, self._budget, self._size = most, budget, size

    def get(self, key: Key) -> V | None:
        """The value kept under ``key`` (None: none)."""
        with self._lock:
            return self._entries.get(key)

    def put(self, key: Key, value: V | None) -> None:
        """Keep ``value`` under ``key`` as the most recent (None: keep nothing under it)."""
        with self._lock:
            self._entries.pop(key, None)
            if value is None:
                return
            self._entries[key] = value
            total = sum(map(self._size, self._entries.values())) if self._budget else 0
            while self._over(total):
                total -= self._size(self._entries.popitem(last=False)[1])

    def clear(self) -> None:
        """Keep nothing (tests; a process that wants the memory back)."""
        with self._lock:
            self._entries.clear()

    def _over(self, total: int) -> bool:
        too_many = self._most is not None and len(self._entries) > self._most
        return too_many or (self._budget is not None and total > self._budget)


def keep_stamped(
    kept: KeptPerProcess[tuple[uuid.UUID, V]],
    session: Session,
    creator_id: uuid.UUID,
    stamp: uuid.UUID | None,
    value: V | None,
) -> None:
    """Keep ``value`` for the creator under the data ``stamp`` it holds for, and note that stamp
    as the one this process left (``stamp_chain.left``); nothing is kept when either is None."""
    if stamp is None or value is None:
        kept.put(process_key(session, creator_id), None)
        return
    kept.put(process_key(session, creator_id), (stamp, value))
    left(session, creator_id, stamp)
