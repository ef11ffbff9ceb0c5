"""Pattern computations looked up by the digest of their input instead of computed again.

Every pattern test is a pure function of the tested (mature) pieces' figures. Between two
refreshes of a creator those often did not move at all: an hourly sync brings new uploads and
pieces younger than 48 hours, which are provisional and tested by no family. Their outcomes
(a quality fit and era medians), the posting-window scans (999 permutations of every tested
piece, the refresh's largest cost) and each group comparison are then looked up.

The key is a digest of every input array's bytes, dtype and shape, so a hit returns what the
computation returns, bit for bit: whatever the creator, the process or the order of writes.
A full refresh (``fresh_patterns``) computes everything and only fills the memo, which is what
the property test holds the incremental refresh equal to. Bounded: the least recently used
entries go first past ``MAX_BYTES``; an entry over ``MAX_ENTRY_BYTES`` (a million pieces'
outcomes) is not kept.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

import numpy as np

MAX_BYTES = 64 << 20
MAX_ENTRY_BYTES = 8 << 20
SMALL_ENTRY_BYTES = 1024  # what a test result or a scan's few windows cost, counted flat
T = TypeVar("T")
_LOOKUP: ContextVar[bool] = ContextVar("pattern_memo_lookup", default=True)


def digest(kind: str, *parts: Any) -> bytes:
    """A key for ``kind`` over arrays (bytes, dtype, shape) and plain values (their repr)."""
    return digest_of(kind, parts)


def digest_of(kind: str, parts: Iterable[Any]) -> bytes:
    """``digest`` of the parts an iterable yields: made one at a time, each can be let go once
    hashed (a million pieces' tested figures are about 100 MB all at once)."""
    # SHA-256: the processor's SHA instructions hash twice as fast as BLAKE2 (10,000 pieces'
    # tested figures, about 1 MB: 0.6 ms against 1.4).
    found = hashlib.sha256(kind.encode())
    for part in parts:
        if isinstance(part, np.ndarray):
            found.update(f"|{part.dtype.str}{part.shape}".encode())
            found.update(np.ascontiguousarray(part).data)
        else:
            found.update(f"|{part!r}".encode())
    return found.digest()


class PatternMemo:
    """Least-recently-used results by key, at most ``max_bytes`` in all; thread-safe."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[bytes, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: bytes, compute: Callable[[], T], size: Callable[[T], int]) -> T:
        """The remembered result of ``key``, or ``compute()`` remembered."""
        entry = self._used(key) if _LOOKUP.get() else None
        if entry is not None:
            self.hits += 1
            found: T = entry[0]
            return found
        self.misses += 1
        value = compute()
        self.put(key, value, size(value))
        return value

    def peek(self, key: bytes) -> Any:
        """The value kept for ``key`` (None: none), counted as used."""
        entry = self._used(key)
        return None if entry is None else entry[0]

    def clear(self) -> None:
        """Forget everything (tests; a process that wants its memory back)."""
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def put(self, key: bytes, value: Any, nbytes: int) -> None:
        """Keep ``value`` for ``key`` (not when it alone would pass ``MAX_ENTRY_BYTES``)."""
        if nbytes > min(MAX_ENTRY_BYTES, self.max_bytes):
            return
        with self._lock:
            old = self._entries.pop(key, None)
            self._bytes += nbytes - (old[1] if old else 0)
            self._entries[key] = (value, nbytes)
            while self._bytes > self.max_bytes:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._bytes -= dropped

    def _used(self, key: bytes) -> tuple[Any, int] | None:
        """The entry of ``key`` (value, bytes), moved to the most recently used end."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry


MEMO = PatternMemo()


@contextmanager
def fresh_patterns() -> Iterator[None]:
    """Compute every pattern input in the block (a full refresh), remembering the results."""
    token = _LOOKUP.set(False)
    try:
        yield
    finally:
        _LOOKUP.reset(token)


def looking_up() -> bool:
    """Whether computations may be looked up here (False inside ``fresh_patterns``)."""
    return _LOOKUP.get()


def small(_: object) -> int:
    """The flat size counted for a small result."""
    return SMALL_ENTRY_BYTES


def arrays_size(values: tuple[np.ndarray[Any, Any], ...]) -> int:
    """The bytes of a tuple of arrays."""
    return sum(v.nbytes for v in values) + SMALL_ENTRY_BYTES
