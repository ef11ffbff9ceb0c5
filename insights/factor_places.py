"""Each piece's factor rows by place: their hashes and stored ids, compared without a read.

The factor memo (insights.factor_memo) keeps, for every piece, the hash of each factor row it
stored (``FactorRows.row_hashes``: the row's content, its id and time aside) and the row's id,
in a matrix of pieces × places (a piece keeps at most ``width`` rows). A refresh after a write
that changes a piece's factors (an import across the history moves the patterns: a tenth of the
pieces) then compares that piece's wanted rows with its stored ones here: a stored row no
wanted row hashes to is deleted by its id, a wanted row no stored one hashes to is inserted, and
the rest stay as they are. Reading those pieces' rows back (about 4,300 rows at 10,000 pieces)
and comparing their contents cost several times the writes themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from insights.factor_memo import Keys
from insights.factor_rows import FactorRows
from insights.hash_mix import Hashes
from insights.uuid_array import KEY


class Places(NamedTuple):
    """Some pieces' rows by place (pieces × width): each row's hash and stored id."""

    hashes: Hashes
    row_ids: Keys

    @classmethod
    def of(cls, wanted: FactorRows, width: int) -> Places:
        """The hashes of ``wanted``'s rows in their places; no id known yet."""
        piece, place = wanted.slots()
        hashes = np.zeros((len(wanted.positions), width), dtype=np.uint64)
        hashes[piece, place] = wanted.row_hashes()
        return cls(hashes, np.zeros(hashes.shape, dtype=KEY))


class Change(NamedTuple):
    """What makes some pieces' stored rows their wanted ones."""

    deleted: Keys  # the ids of stored rows no longer wanted
    inserted: NDArray[np.int64]  # the wanted rows not stored (indices into the ``FactorRows``)


def compare(
    wanted: FactorRows,
    places: Places,
    pieces: NDArray[np.int64],
    stored: Places,
    counts: NDArray[np.uint8],
) -> Change:
    """Compare the wanted rows of ``pieces`` (indices into ``wanted.positions``) with their
    ``stored`` rows (``counts`` of them each, by place); the ids of the rows that stay are put
    into ``places.row_ids``. Rows of one piece are distinct, so a hash matches at most once."""
    width = places.hashes.shape[1]
    column = np.arange(width)
    having = np.bincount(wanted.slots()[0], minlength=len(wanted.positions))[pieces]
    old = column < counts[:, None]
    new = column < having[:, None]
    same = places.hashes[pieces][:, :, None] == stored.hashes[:, None, :]
    same &= new[:, :, None] & old[:, None, :]
    kept, source = same.any(axis=2), same.argmax(axis=2)
    piece, place = np.nonzero(kept)
    places.row_ids[pieces[piece], place] = stored.row_ids[piece, source[piece, place]]
    deleted: Keys = stored.row_ids[old & ~same.any(axis=1)]
    row_at = np.full(places.hashes.shape, -1, dtype=np.int64)
    row_at[wanted.slots()] = np.arange(len(wanted))
    missing, at = np.nonzero(new & ~kept)
    return Change(deleted, row_at[pieces[missing], at])


def place_ids(wanted: FactorRows, places: Places, rows: NDArray[np.int64], ids: Keys) -> None:
    """Put the ids of ``wanted``'s ``rows`` (indices) into their places."""
    piece, place = wanted.slots()
    places.row_ids[piece[rows], place[rows]] = ids


def keys_of(numbers: Sequence[int]) -> Keys:
    """Ids' 128-bit numbers (``storage.row_ids.id_numbers``) as 16 big-endian bytes each."""
    return np.array([number.to_bytes(16, "big") for number in numbers], dtype=KEY)
