"""The stored rows of the factors some pieces keep, made only when read, and each piece's digest.

A refresh after a write compares each piece's wanted factors with what it stored last time
(insights.factor_memo) and reads and rewrites only the pieces whose factors changed: about a
tenth of them after an import of older pieces. Making every piece's rows (tuples with an id, a
dict of data each) and a key per row only to hash them cost more than the comparison itself
(about 38,000 rows at 10,000 pieces). A kept factor is fully described by its piece and its
candidate (``FactorChoice``): a link says the pattern's key and side, and its data is the piece's
local time of posting for a timing pattern (a function of the publishing instant and the time
zone); a rule of thumb's row is a function of the piece's figure. So each row hashes from
numbers in the choice's arrays, and each piece's digest combines its rows' hashes in order, all
vectorised; rows are made only for the pieces that changed (or all of them, when iterated).

A digest is 64 well-mixed bits (splitmix64 over the row hashes, each weighted by its place), as
likely to collide as Python's hash of the rows was. Digests compare only with digests this
process made (the memo lives in its memory), so Python's per-process string hashes are fine.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, overload

import numpy as np
from numpy.typing import NDArray

from insights.hash_mix import FOLD, Hashes, mixed
from insights.insight_rows import LinkColumns, Values
from insights.uuid_array import id_texts, ids_at

if TYPE_CHECKING:
    from insights.factor_choice import FactorChoice

# The digest of a piece that keeps no factor.
NO_FACTORS = 0
_MASK = (1 << 64) - 1


def hashed(*parts: object) -> int:
    """Python's hash of ``parts``, as an unsigned 64-bit number."""
    return hash(parts) & _MASK


class FactorRows(Sequence[Values]):
    """The rows (``insight_values``, ``link_values``) of the factors kept by some pieces, piece
    after piece, made when first read; ``digests`` describes them without making them."""

    def __init__(
        self,
        choice: FactorChoice,
        creator_id: uuid.UUID,
        positions: NDArray[np.int64],
        kept: tuple[NDArray[np.int64], NDArray[np.int64]],
        now: datetime,
    ) -> None:
        self._choice, self._creator, self._now = choice, creator_id, now
        self.positions = positions  # the pieces, in their order
        self._piece, self._candidate = kept  # per row: index into positions, candidate
        self._made: list[Values] | None = None
        self._hashes: Hashes | None = None
        self._places: NDArray[np.int64] | None = None

    def __len__(self) -> int:
        return int(self._piece.size)

    @overload
    def __getitem__(self, index: int) -> Values: ...

    @overload
    def __getitem__(self, index: slice) -> list[Values]: ...

    def __getitem__(self, index: int | slice) -> Values | list[Values]:
        return self._all()[index]

    def __iter__(self) -> Iterator[Values]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return self._all() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def _all(self) -> list[Values]:
        if self._made is None:
            ids = ids_at(self._choice.ids, self.positions)
            self._made = self._rows(np.arange(len(self)), ids, self._piece)
        return self._made

    def digests(self) -> tuple[NDArray[np.int64], list[int]]:
        """(indices into ``positions`` of the pieces that keep factors, each one's digest)."""
        having, digests = self._digested()
        return having, digests.tolist()

    def piece_digests(self) -> Hashes:
        """Each piece's digest, in the order of ``positions``: ``NO_FACTORS`` (0) for a piece
        that keeps none (a digest of rows is never 0)."""
        found = np.full(len(self.positions), NO_FACTORS, dtype=np.uint64)
        having, digests = self._digested()
        found[having] = digests
        return found

    def piece_counts(self) -> NDArray[np.uint8]:
        """How many factors each piece keeps, in the order of ``positions``."""
        counts: NDArray[np.uint8] = np.bincount(self._piece, minlength=len(self.positions)).astype(
            np.uint8
        )
        return counts

    def row_hashes(self) -> Hashes:
        """Each row's hash (``FactorChoice.row_hashes``: its content, id and time aside)."""
        if self._hashes is None:
            self._hashes = self._choice.row_hashes(self.positions[self._piece], self._candidate)
        return self._hashes

    def slots(self) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Each row's piece (an index into ``positions``) and place among that piece's rows."""
        if self._places is None:
            starts = np.flatnonzero(np.diff(self._piece, prepend=-1))
            counts = np.diff(starts, append=len(self))
            self._places = np.arange(len(self)) - np.repeat(starts, counts)
        return self._piece, self._places

    def rows_at(self, at: NDArray[np.int64]) -> list[Values]:
        """The rows ``at`` (indices into these rows, ascending), their pieces' ids made."""
        pieces, owners = np.unique(self._piece[at], return_inverse=True)
        ids = ids_at(self._choice.ids, self.positions[pieces])
        return self._rows(at, ids, owners.reshape(-1))

    def links_apart(self) -> tuple[list[Values], LinkColumns]:
        """The rows, those of rules of thumb as rows and the links as columns (what a full
        refresh writes: no tuple per link, no UUID per piece)."""
        link = self._candidate < self._choice.finding_count
        at = np.flatnonzero(link)
        positions = self.positions[self._piece[at]]
        keys, sides, data = self._choice.link_columns(positions, self._candidate[at])
        content = id_texts(self._choice.ids, positions)
        return self.rows_at(np.flatnonzero(~link)), LinkColumns(content, keys, sides, data)

    def _digested(self) -> tuple[NDArray[np.int64], Hashes]:
        if not len(self):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
        rows = self.row_hashes()
        starts = np.flatnonzero(np.diff(self._piece, prepend=-1))
        place = self.slots()[1].astype(np.uint64)
        with np.errstate(over="ignore"):
            weighted = mixed(rows + place * FOLD)
            sums = np.add.reduceat(weighted, starts)
            counts = np.diff(starts, append=len(self)).astype(np.uint64)
            digests = mixed(sums ^ mixed(counts))
        digests[digests == NO_FACTORS] = 1  # 0 says "no factors"
        return self._piece[starts], digests

    def rows_of_pieces(self, pieces: NDArray[np.int64], ids: Sequence[uuid.UUID]) -> list[Values]:
        """The rows of these pieces (indices into ``positions``, ascending) in order; ``ids``:
        those pieces' ids, in the same order (no id is made for the other pieces)."""
        index = np.full(len(self.positions), -1, dtype=np.int64)
        index[pieces] = np.arange(len(pieces))
        at = np.flatnonzero(index[self._piece] >= 0)
        return self._rows(at, ids, index[self._piece[at]])

    def _rows(
        self, at: NDArray[np.int64], ids: Sequence[uuid.UUID], owners: NDArray[np.int64]
    ) -> list[Values]:
        """Rows ``at`` (indices into the kept factors); ``owners``: each one's index into ids."""
        pieces = self._piece[at]
        kept = (owners.tolist(), self.positions[pieces].tolist(), self._candidate[at].tolist())
        return self._choice.rows_at(self._creator, ids, kept, self._now)
