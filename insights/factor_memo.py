"""What this process last stored as each piece's factors, so a refresh reads only changed pieces.

Comparing a creator's wanted factors with the stored ones means reading every stored factor
row (about 39,000 at 10,000 pieces, the largest part of a refresh after a write). After a
refresh stores them, the process keeps a digest of each piece's factors (insights.factor_rows:
made from the factor choice's arrays, without making the rows) beside the pieces' ids (16 bytes
each, ascending: compared as arrays, no ``uuid.UUID`` made), and the data stamp it left. The
next refresh trusts them only if nothing but its own transaction can have written the creator's
data since (storage/stamp_chain.py); it then reads and compares only the pieces whose digest
changed (and had factors). Only refresh code writes insight rows, and a deleted piece takes its
rows along, so an unchanged digest means unchanged stored rows.
``refresh_all`` replaces everything and forgets.

Bounded: ``MAX_PIECES`` pieces in all, the least recently refreshed creator dropped first.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from insights.factor_rows import NO_FACTORS, Hashes
from storage.data_version import read_state
from storage.stamp_chain import forget, left, trusted_since

MAX_PIECES = 200_000
Keys = NDArray[Any]  # ids as 16 big-endian bytes each (dtype S16), ascending


@dataclass(frozen=True)
class Digests:
    """Each scored piece's digest (``NO_FACTORS``: it keeps none), by its id, ids ascending."""

    keys: Keys
    digests: Hashes

    def __len__(self) -> int:
        return int(self.keys.size)

    def previous(self, keys: Keys) -> tuple[NDArray[np.bool_], Hashes]:
        """For each of ``keys`` (any order): whether it is known, and its digest (0 if not)."""
        if not len(self):
            return np.zeros(len(keys), dtype=bool), np.zeros(len(keys), dtype=np.uint64)
        at = np.searchsorted(self.keys, keys).clip(max=len(self) - 1)
        hit = self.keys[at] == keys
        return hit, np.where(hit, self.digests[at], np.uint64(NO_FACTORS))

    def gone(self, keys: Keys) -> Keys:
        """The known pieces with factors that are not among ``keys`` (ascending)."""
        having: Keys = self.keys[self.digests != NO_FACTORS]
        if not keys.size:
            return having
        at = np.searchsorted(keys, having).clip(max=keys.size - 1)
        found: Keys = having[keys[at] != having]
        return found


_ENTRIES: OrderedDict[tuple[str, uuid.UUID], tuple[uuid.UUID, Digests]] = OrderedDict()
_LOCK = threading.Lock()


def known_factors(session: Session, creator_id: uuid.UUID) -> Digests | None:
    """Each piece's digest as stored, when nobody else can have written since (else None)."""
    with _LOCK:
        entry = _ENTRIES.get(_key(session, creator_id))
    if entry is None or not trusted_since(session, creator_id, entry[0]):
        return None
    return entry[1]


def remember_factors(session: Session, creator_id: uuid.UUID, digests: Digests) -> None:
    """Keep what a refresh just stored, with the stamp its transaction leaves."""
    state = read_state(session, creator_id)
    key = _key(session, creator_id)
    if state is None or state[1] is None or len(digests) > MAX_PIECES:
        forget_factors(session, creator_id)
        return
    with _LOCK:
        _ENTRIES[key] = (state[1], digests)
        _ENTRIES.move_to_end(key)
        while sum(len(d) for _, d in _ENTRIES.values()) > MAX_PIECES:
            _ENTRIES.popitem(last=False)
    left(session, creator_id, state[1])


def forget_factors(session: Session, creator_id: uuid.UUID) -> None:
    """Remember nothing of the creator's stored factors (a full refresh rewrote them)."""
    with _LOCK:
        _ENTRIES.pop(_key(session, creator_id), None)
    forget(session, creator_id)


def clear() -> None:
    """Forget every creator (tests; a process that wants the memory back)."""
    with _LOCK:
        _ENTRIES.clear()


def _key(session: Session, creator_id: uuid.UUID) -> tuple[str, uuid.UUID]:
    return (str(session.connection().engine.url), creator_id)
