"""Per-piece results a refresh computed, kept beside the creator's resident columns.

Scoring and the fact arrays call ``math.log`` and ``math.exp`` once per piece (numpy's differ in
the last bit) and find each instant's UTC offset in the creator's zone: at 10,000 pieces ~8 ms
of Python calls a refresh, although after an import of a hundred pieces nearly every input is
the one the last refresh had. Each such step is a function of the piece's own input only, so
its results are kept, in the columns' order, with the inputs they came from
(``insights.column_cache`` keeps them with the columns and moves them with the pieces when it
splices the written ones in); the next refresh computes only the pieces whose input is not bit
for bit the one kept at that place, or that are new. No trust is needed beyond that: such an
entry (``computed``) is only ever a function's own result for the input beside it, so a stale
or misplaced entry costs a computation, never a wrong value. An entry its caller keeps itself
(``keep``: scoring's era baselines, which depend on whole pools, with ``notes`` on what they
were computed under) is checked by that caller, or only guides it (the pieces' last order by
deviation, which the next sort starts from). A full refresh keeps none
(``PieceColumns.memo`` is None there): its columns and their memory stay as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

Array = NDArray[Any]
Compute = Callable[[Array], Array]


@dataclass(frozen=True)
class _Entry:
    """One step's inputs and results, per piece (read-only); ``known`` None: every place."""

    inputs: Array
    outputs: Array
    known: NDArray[np.bool_] | None = None

    def hits(self, inputs: Array) -> NDArray[np.bool_]:
        """Where ``inputs`` are bit for bit the kept ones (and a result is kept there)."""
        same: NDArray[np.bool_] = _bits(self.inputs) == _bits(inputs)
        return same if self.known is None else same & self.known

    def fits(self, inputs: Array) -> bool:
        """Whether ``inputs`` are of the kept ones' shape and type (else none is kept)."""
        return (self.inputs.shape, self.inputs.dtype) == (inputs.shape, inputs.dtype)

    def reused(self, inputs: Array) -> tuple[Array, NDArray[np.int64]]:
        """The kept results (a copy) and the places where ``inputs`` need computing."""
        return self.outputs.copy(), np.flatnonzero(~self.hits(inputs))


@dataclass(frozen=True)
class _Moved:
    """An entry whose pieces moved (``ColumnMemo.spliced``), not yet copied into their new
    places: its first ``in_place`` pieces stayed, the piece at ``in_place + i`` was at
    ``at[i]`` (-1: new). Most entries are computed again at once: their results are put
    together from the kept ones directly (copying each entry into its new places first, then
    into the results, took ~1.4 ms a refresh at 10,000 pieces)."""

    entry: _Entry
    in_place: int
    at: NDArray[np.int64]

    def fits(self, inputs: Array) -> bool:
        """Whether ``inputs`` are of the moved entry's shape and type."""
        kept = self.entry.inputs
        return (inputs.shape, inputs.dtype) == ((self.in_place + self.at.size,), kept.dtype)

    def reused(self, inputs: Array) -> tuple[Array, NDArray[np.int64]]:
        """As ``_Entry.reused``: the kept results at their new places, and where to compute."""
        entry, head = self.entry, self.in_place
        new = self.at < 0
        at = np.where(new, 0, self.at)
        hit = np.empty(inputs.size, dtype=bool)
        hit[:head] = _bits(entry.inputs[:head]) == _bits(inputs[:head])
        hit[head:] = (_bits(entry.inputs[at]) == _bits(inputs[head:])) & ~new
        if entry.known is not None:
            hit[:head] &= entry.known[:head]
            hit[head:] &= entry.known[at]
        return _taken(entry.outputs, at, head), np.flatnonzero(~hit)

    def copied(self) -> _Entry:
        """The entry with every piece in its new place."""
        entry, head = self.entry, self.in_place
        new = self.at < 0
        at = np.where(new, 0, self.at)
        if entry.known is None:
            known = np.ones(head + at.size, dtype=bool)
        else:
            known = _taken(entry.known, at, head)
        known[head:] &= ~new
        inputs, outputs = (_taken(kept, at, head) for kept in (entry.inputs, entry.outputs))
        for array in (inputs, outputs, known):
            array.flags.writeable = False
        return _Entry(inputs, outputs, known)


class ColumnMemo:
    """Named per-piece results of one set of columns (positions as the columns')."""

    def __init__(
        self,
        entries: dict[str, _Entry | _Moved] | None = None,
        notes: dict[str, Any] | None = None,
    ) -> None:
        self._entries = dict(entries or {})
        # What an entry was computed under, beyond its inputs (kept with it, never per piece).
        self.notes: dict[str, Any] = dict(notes or {})

    def __len__(self) -> int:
        return len(self._entries)

    def copy(self) -> ColumnMemo:
        """Another memo of the same entries (entries are read-only: shared, not copied)."""
        return ColumnMemo(self._entries, self.notes)

    def kept(self, name: str) -> tuple[Array, Array, NDArray[np.bool_]] | None:
        """An entry's inputs, results and the places it holds them (None: no entry)."""
        entry = self._entry(name)
        if entry is None:
            return None
        known = np.ones(entry.inputs.size, dtype=bool) if entry.known is None else entry.known
        return entry.inputs, entry.outputs, known

    def _entry(self, name: str) -> _Entry | None:
        """An entry with its pieces in their places (a moved one copied so, once)."""
        entry = self._entries.get(name)
        if isinstance(entry, _Moved):
            entry = self._entries[name] = entry.copied()
        return entry

    def keep(self, name: str, inputs: Array, outputs: Array, *, owned: bool = False) -> None:
        """Results computed by the caller, one row per piece (``kept`` gives them back).
        ``owned``: ``outputs`` is the caller's own new array, no view of it held: made
        read-only and kept as it is, not copied."""
        if owned:
            outputs.flags.writeable = False
        else:
            outputs = _read_only(outputs)
        self._entries[name] = _Entry(_read_only(inputs), outputs)

    def computed(self, name: str, inputs: Array, compute: Compute) -> Array:
        """``compute(inputs)``, elementwise: kept results where the input is the kept one,
        ``compute`` of the others only. The results are kept under ``name`` for the next."""
        if inputs.dtype.itemsize != 8 or inputs.ndim != 1:
            raise ValueError("a memo keeps one 8-byte value per piece")
        entry = self._entries.get(name)
        if entry is None or not entry.fits(inputs):
            outputs = np.array(compute(inputs))
        else:
            outputs, missing = entry.reused(inputs)
            if missing.size:
                outputs[missing] = compute(inputs[missing])
        self._entries[name] = _Entry(_read_only(inputs), _read_only(outputs))
        return outputs

    def spliced(self, previous: NDArray[np.int64], in_place: int = 0) -> ColumnMemo:
        """The memo of columns whose piece at ``i`` was at ``previous[i]`` here (-1: new), the
        first ``in_place`` of them at their own places: each entry is copied into its new places
        (those as a block) only when read whole, most are computed again first (``_Moved``)."""
        moved = previous[in_place:].copy()
        moved.flags.writeable = False
        entries: dict[str, _Entry | _Moved] = {}
        for name in self._entries:
            entry = self._entry(name)  # a moved one moved again: copied first
            if entry is not None and entry.inputs.size:  # else nothing kept to take from
                entries[name] = _Moved(entry, in_place, moved)
        return ColumnMemo(entries, self.notes)


def _taken(values: Array, at: NDArray[np.int64], in_place: int) -> Array:
    """``values``' first ``in_place`` rows, then its rows at ``at`` (a new array)."""
    taken = np.empty((in_place + at.size, *values.shape[1:]), dtype=values.dtype)
    taken[:in_place] = values[:in_place]
    taken[in_place:] = values[at]
    return taken


def _bits(values: Array) -> Array:
    """Values as their bit patterns (a NaN is then equal to itself)."""
    return values.view(np.int64)


def _read_only(values: Array) -> Array:
    kept = values.copy()
    kept.flags.writeable = False
    return kept
