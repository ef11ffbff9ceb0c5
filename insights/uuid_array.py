"""A column of ids as one numpy array of 16-byte values, each made a ``uuid.UUID`` when read.

A full refresh of a million pieces held every content id as a ``uuid.UUID`` (≈ 110 bytes with
its integer) and every performance id as the driver's hex text (≈ 90 bytes): 200 MB of its peak
for ids only ever read one at a time (the rows written). Here they take 16 bytes each; the
objects are made a block at a time as they are read, and the last ``CACHED_BLOCKS`` blocks
kept: a reader walking the pieces in order (the factor choice) builds each UUID once, and a
catalogue of up to 100,000 pieces (a refresh after a write reads its ids three times) has them
made once in all, as when they were read as objects (≈ 1 µs each, 1.6 from hex text).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

import numpy as np
from numpy.typing import NDArray

BLOCK = 4096  # ids made UUIDs at once (a few hundred KB) when one of them is read
CACHED_BLOCKS = 25  # blocks of UUIDs kept (≈ 100,000 ids, 11 MB)
RAW = np.dtype("V16")
KEY = np.dtype("S16")


def driver_bytes(raws: Sequence[Any]) -> bytes:
    """The ids as the driver returned them (SQLite: 32-digit hex text; PostgreSQL: UUIDs, or
    their 16 bytes from ``uuid_send``), as 16 bytes each."""
    try:
        packed = bytes.fromhex("".join(raws))
    except (TypeError, ValueError):  # UUIDs, their bytes, or text in another spelling
        packed = b"".join(raws) if all(type(raw) is bytes for raw in raws) else b""
    if len(packed) == 16 * len(raws):
        return packed
    return b"".join(r.bytes if isinstance(r, uuid.UUID) else uuid.UUID(r).bytes for r in raws)


def distinct_bytes(raws: Sequence[Any]) -> set[bytes]:
    """The distinct ids among ``raws`` (any form ``driver_bytes`` reads), 16 bytes each."""
    packed = driver_bytes(raws)
    return {packed[i : i + 16] for i in range(0, len(packed), 16)}


class UuidArray(Sequence[uuid.UUID]):
    """Ids by position; ``values`` holds each as 16 big-endian bytes (``UUID.bytes``)."""

    def __init__(self, values: NDArray[Any]) -> None:
        self.values = values
        self._made: dict[int, list[uuid.UUID]] = {}
        self._last: tuple[int, uuid.UUID | None] = (-2, None)  # the position read last
        self._all: list[uuid.UUID] | None = None

    @classmethod
    def joined(cls, parts: Iterable[bytes]) -> UuidArray:
        """The ids of ``driver_bytes`` parts, in order."""
        return cls(np.frombuffer(b"".join(parts), dtype=RAW))

    def __len__(self) -> int:
        return int(self.values.size)

    @overload
    def __getitem__(self, index: int) -> uuid.UUID: ...

    @overload
    def __getitem__(self, index: slice) -> list[uuid.UUID]: ...

    def __getitem__(self, index: int | slice) -> uuid.UUID | list[uuid.UUID]:
        if isinstance(index, slice):
            return [self[position] for position in range(len(self))[index]]
        if self._all is not None:
            return self._all[index]
        if len(self) <= CACHED_BLOCKS * BLOCK:  # small: every UUID made once, and kept
            self._all = list(self)
            return self._all[index]
        position = range(len(self))[index]  # negative positions, and the IndexError
        block, offset = divmod(position, BLOCK)
        if block in self._made or position == self._last[0] + 1:
            self._last = (position, None)
            return self._block(block)[offset]
        # A large column read out of order (in id order, say): only the id read is made (a
        # block for each was 4,096 UUIDs for one), and kept while it is read again.
        made = self._last[1] if position == self._last[0] else None
        if made is None:
            made = uuid.UUID(int=int.from_bytes(self.values[position].tobytes()))
            self._last = (position, made)
        return made

    def __iter__(self) -> Iterator[uuid.UUID]:
        for block in range(-(-len(self) // BLOCK)):
            yield from self._block(block)

    def _block(self, block: int) -> list[uuid.UUID]:
        made = self._made.get(block)
        if made is None:
            if len(self._made) >= CACHED_BLOCKS:
                del self._made[next(iter(self._made))]  # the oldest
            start = block * BLOCK
            made = self._made[block] = self.take(np.arange(start, min(start + BLOCK, len(self))))
        return made

    def __eq__(self, other: object) -> bool:
        if isinstance(other, UuidArray):
            return bool(np.array_equal(self.values, other.values))
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def take(self, positions: NDArray[np.integer[Any]]) -> list[uuid.UUID]:
        """The ids at these positions, as UUIDs."""
        halves = self.values[positions].view(">u8").reshape(-1, 2).tolist()
        return [uuid.UUID(int=high << 64 | low) for high, low in halves]

    def hex_at(self, positions: NDArray[np.integer[Any]]) -> list[str]:
        """The ids at these positions as 32 hex digits: what SQLite stores and PostgreSQL reads
        as a uuid, made without a UUID object each (the score updates' ids: 1 µs -> 0.1 µs)."""
        digits = self.values[positions].tobytes().hex()
        return [digits[i : i + 32] for i in range(0, len(digits), 32)]

    def key_order(self, positions: NDArray[np.integer[Any]]) -> NDArray[np.int64]:
        """``positions`` sorted by their ids (as UUIDs, and their hex text, compare)."""
        halves = self.values[positions].view(">u8").reshape(-1, 2)
        order: NDArray[np.int64] = np.asarray(positions)[np.lexsort((halves[:, 1], halves[:, 0]))]
        return order


def positions_in(ids: UuidArray, wanted: list[Any]) -> tuple[NDArray[np.bool_], NDArray[np.int64]]:
    """Which of the ``wanted`` ids (any driver form) are in ``ids``, and the positions of those.

    Found by the ids' last 8 bytes (random in a UUID; integers sort many times faster than
    16-byte strings), among the few positions a table of those bytes leaves (no sort of the
    whole catalogue to find a hundred ids), each then checked whole."""
    probe = np.frombuffer(driver_bytes(wanted), np.uint64).reshape(-1, 2)
    halves = ids.values.view(np.uint64).reshape(-1, 2)
    candidates = _candidates(halves[:, 1], probe[:, 1])
    keys = halves[candidates]
    order = np.argsort(keys[:, 1], kind="stable")
    low = keys[order, 1]
    if not low.size:
        return np.zeros(len(probe), dtype=bool), np.zeros(0, dtype=np.int64)
    if (low[1:] == low[:-1]).any():  # two ids alike in their last 8 bytes: by all 16
        return _sorted_positions(ids, probe)
    found = order[np.searchsorted(low, probe[:, 1]).clip(max=low.size - 1)]
    hit = (keys[found] == probe).all(axis=1)
    return hit, candidates[found[hit]]


def _candidates(stored: NDArray[np.uint64], wanted: NDArray[np.uint64]) -> NDArray[np.int64]:
    """The positions of ``stored`` that may hold one of ``wanted``: every one that does, and
    about one in 16 of the others (a table marks each wanted value's last bits)."""
    if not wanted.size or wanted.size * 16 >= stored.size:  # as many as there are: all
        return np.arange(stored.size)
    bits = min(int(stored.size * wanted.size).bit_length() - 4, 24)  # ~16 slots per value
    mask = np.uint64((1 << bits) - 1)
    table = np.zeros(1 << bits, dtype=bool)
    table[wanted & mask] = True
    return np.flatnonzero(table[stored & mask])


def _sorted_positions(
    ids: UuidArray, probe: NDArray[np.uint64]
) -> tuple[NDArray[np.bool_], NDArray[np.int64]]:
    """``positions_in`` by a sort of the whole ids."""
    keys = ids.values.view("S16")
    wanted = probe.view("S16").ravel()
    order = np.argsort(keys, kind="stable")
    at = np.searchsorted(keys[order], wanted).clip(max=len(keys) - 1)
    hit = keys[order][at] == wanted
    return hit, order[at[hit]]


def keys_at(ids: Sequence[uuid.UUID], positions: NDArray[np.integer[Any]]) -> NDArray[Any]:
    """The ids at these positions as 16 big-endian bytes each (dtype S16: they compare, sort and
    are searched as the ids do), without a ``uuid.UUID`` from an id column."""
    if isinstance(ids, UuidArray):
        keys: NDArray[Any] = ids.values[positions].view(KEY)
        return keys
    return np.array([ids[p].bytes for p in positions.tolist()], dtype=KEY)


def found_in(
    ordered: NDArray[Any], keys: NDArray[Any]
) -> tuple[NDArray[np.bool_], NDArray[np.int64]]:
    """Which of ``keys`` are in ``ordered`` (``keys_at`` keys, ascending), and where (an index
    into ``ordered``, valid where found). Searched by their first 8 bytes as integers (two to
    three times faster than 16-byte strings), then checked whole; keys whose first 8 bytes
    repeat are searched again by all 16."""
    if not ordered.size:
        return np.zeros(keys.size, dtype=bool), np.zeros(keys.size, dtype=np.int64)
    # Keys as ``ordered`` holds them up to a first difference (time-ordered ids: the pieces made
    # since come last) are where they are: one comparison, not a search (~0.8 ms at 10,000).
    same = _common_prefix(ordered, keys)
    hit, at = np.ones(keys.size, dtype=bool), np.arange(keys.size, dtype=np.int64)
    if same < keys.size:
        hit[same:], at[same:] = _searched(ordered, keys[same:])
    return hit, at


def _common_prefix(ordered: NDArray[Any], keys: NDArray[Any]) -> int:
    """How many first keys equal ``ordered``'s first ones, place by place."""
    count = min(ordered.size, keys.size)
    differ = np.flatnonzero(ordered[:count] != keys[:count])
    return int(differ[0]) if differ.size else count


def _searched(
    ordered: NDArray[Any], keys: NDArray[Any]
) -> tuple[NDArray[np.bool_], NDArray[np.int64]]:
    """``found_in`` by a search of each key."""
    high, wanted = _high(ordered), _high(keys)
    at = np.searchsorted(high, wanted).clip(max=ordered.size - 1)
    hit = ordered[at] == keys
    again = np.flatnonzero(~hit & (high[at] == wanted))
    if again.size:
        at[again] = np.searchsorted(ordered, keys[again]).clip(max=ordered.size - 1)
        hit[again] = ordered[at[again]] == keys[again]
    return hit, at


def _high(keys: NDArray[Any]) -> NDArray[np.uint64]:
    """The keys' first 8 bytes, as integers."""
    high: NDArray[np.uint64] = np.ascontiguousarray(keys).view(">u8")[::2].astype(np.uint64)
    return high


def uuids_of(keys: NDArray[Any]) -> list[uuid.UUID]:
    """``keys_at``'s keys as UUIDs."""
    return UuidArray(np.ascontiguousarray(keys).view(RAW)).take(np.arange(keys.size))


def ids_at(ids: Sequence[uuid.UUID], positions: NDArray[np.integer[Any]]) -> list[uuid.UUID]:
    """The ids at these positions, made at once from an id column (one read each otherwise)."""
    if isinstance(ids, UuidArray):
        return ids.take(positions)
    return [ids[p] for p in positions.tolist()]


def id_texts(ids: Sequence[uuid.UUID], positions: NDArray[np.integer[Any]]) -> list[str]:
    """``ids_at``'s ids as 32 hex digits each (``UuidArray.hex_at``: no UUID made)."""
    if isinstance(ids, UuidArray):
        return ids.hex_at(positions)
    return [ids[p].hex for p in positions.tolist()]
