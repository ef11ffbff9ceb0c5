"""What this process last stored as each piece's factors, so a refresh reads only changed pieces.

Comparing a creator's wanted factors with the stored ones means reading every stored factor
row (about 39,000 at 10,000 pieces, the largest part of a refresh after a write). After a
refresh stores them, the process keeps a digest of each piece's factors (insights.factor_rows:
made from the factor choice's arrays, without making the rows) beside the pieces' ids (16 bytes
each, ascending: compared as arrays, no ``uuid.UUID`` made), and the data stamp it left. The
next refresh trusts them only if nothing but its own transaction can have written the creator's
data since (storage/stamp_chain.py); it then compares only the pieces whose digest changed,
with the rows the memo keeps of them (their hashes and ids: insights/factor_places.py), and
reads none. Only refresh code writes insight rows, and a deleted piece takes its
rows along, so an unchanged digest means unchanged stored rows.
``refresh_all`` replaces everything and forgets.

Bounded: ``MAX_PIECES`` pieces in all, the least recently refreshed creator dropped first.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from insights.factor_rows import NO_FACTORS
from insights.hash_mix import Hashes
from insights.uuid_array import KEY, found_in
from storage.data_version import read_state
from storage.kept_per_process import KeptPerProcess, keep_stamped
from storage.process_keys import process_key
from storage.stamp_chain import forget, trusted_since

MAX_PIECES = 200_000
Keys = NDArray[Any]  # ids as 16 big-endian bytes each (dtype S16), ascending


class Previous(NamedTuple):
    """Some pieces as the memo knows them: whether it does, and their digests, inputs and counts
    of factors (0 where it does not), and their stored rows (``Digests.hashes``, ``row_ids``)."""

    known: NDArray[np.bool_]
    digests: Hashes
    inputs: Hashes
    counts: NDArray[np.uint8]
    hashes: Hashes
    row_ids: Keys

    def take(self, at: NDArray[np.int64]) -> Previous:
        """The pieces ``at`` (indices) of these."""
        parts: list[Any] = [part[at] for part in self]
        return Previous(*parts)


@dataclass(frozen=True)
class Digests:
    """Each scored piece's digest (``NO_FACTORS``: it keeps none), by its id, ids ascending;
    with what the choice made them from (``FactorChoice.signature``, each piece's
    ``FactorChoice.piece_inputs``) and how many factor rows each piece keeps.

    And the rows themselves, a row per place (``counts`` of each piece's ``width`` places
    hold one): each one's hash (``FactorRows.row_hashes``) and stored id. A piece whose rows
    changed is then compared here, not read: what is stored and not wanted is deleted by id,
    what is wanted and not stored inserted (24 bytes a place: 29 MB at ``MAX_PIECES``)."""

    keys: Keys
    digests: Hashes
    inputs: Hashes
    counts: NDArray[np.uint8]
    signature: bytes
    hashes: Hashes  # pieces × width
    row_ids: Keys  # pieces × width

    def __len__(self) -> int:
        return int(self.keys.size)

    @classmethod
    def empty(cls, width: int) -> Digests:
        """No piece known (``width``: the most rows a piece keeps)."""
        none = np.zeros(0, dtype=np.uint64)
        places = np.zeros((0, width), dtype=np.uint64)
        rows = (places, np.zeros((0, width), dtype=KEY))
        return cls(np.zeros(0, dtype=KEY), none, none, none.astype(np.uint8), b"", *rows)

    def previous(self, keys: Keys) -> Previous:
        """For each of ``keys`` (any order): whether it is known, and its digest, inputs and
        count of factors (0 where not known)."""
        return self.matched(keys)[0]

    def gone(self, keys: Keys) -> Keys:
        """The known pieces with factors that are not among ``keys`` (ascending)."""
        return self.matched(keys)[1]

    def matched(self, keys: Keys) -> tuple[Previous, Keys]:
        """``previous(keys)`` and ``gone(keys)`` from one search of the ``keys`` (a search of
        10,000 ids among 10,000 costs ~1 ms: the ids of one import share their first 8 bytes)."""
        hit, at = found_in(self.keys, keys)
        head = _in_place(hit, at)
        found = head + np.flatnonzero(hit[head:])
        known: list[NDArray[Any]] = [
            self.digests,
            self.inputs,
            self.counts,
            self.hashes,
            self.row_ids,
        ]
        parts = [np.zeros((len(keys), *part.shape[1:]), dtype=part.dtype) for part in known]
        for part, mine in zip(parts, known, strict=True):
            # The first ``head`` copied as one block: gathering 10,000 rows of the 2-D parts
            # by index cost ~0.3 ms each.
            part[:head] = mine[:head]
            part[found] = mine[at[found]]
        among = np.zeros(len(self), dtype=bool)
        among[:head] = True
        among[at[found]] = True
        gone: Keys = self.keys[(self.digests != NO_FACTORS) & ~among]
        return Previous(hit, *parts), gone


def _in_place(hit: NDArray[np.bool_], at: NDArray[np.int64]) -> int:
    """How many first keys were found at their own place (``found_in``'s usual prefix)."""
    moved = np.flatnonzero(~hit | (at != np.arange(at.size)))
    return int(moved[0]) if moved.size else int(at.size)


_KEPT: KeptPerProcess[tuple[uuid.UUID, Digests]] = KeptPerProcess(
    budget=MAX_PIECES, size=lambda entry: len(entry[1])
)


def known_factors(session: Session, creator_id: uuid.UUID) -> Digests | None:
    """Each piece's digest as stored, when nobody else can have written since (else None)."""
    entry = _KEPT.get(process_key(session, creator_id))
    if entry is None or not trusted_since(session, creator_id, entry[0]):
        return None
    return entry[1]


def remember_factors(session: Session, creator_id: uuid.UUID, digests: Digests) -> None:
    """Keep what a refresh just stored, with the stamp its transaction leaves."""
    state = read_state(session, creator_id)
    if state is None or state[1] is None or len(digests) > MAX_PIECES:
        forget_factors(session, creator_id)
        return
    held = (digests.keys, digests.digests, digests.inputs, digests.counts)
    for array in (*held, digests.hashes, digests.row_ids):
        array.flags.writeable = False  # kept: a refresh writing into them would fail, not go stale
    keep_stamped(_KEPT, session, creator_id, state[1], digests)


def forget_factors(session: Session, creator_id: uuid.UUID) -> None:
    """Remember nothing of the creator's stored factors (a full refresh rewrote them)."""
    _KEPT.put(process_key(session, creator_id), None)
    forget(session, creator_id)


def clear() -> None:
    """Forget every creator (tests; a process that wants the memory back)."""
    _KEPT.clear()
