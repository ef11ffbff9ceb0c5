"""The z of every leading day set of every hour window: the inner loop of the window scan.

For each row of cell sums (a shuffle's score sum per day and hour window) the days of every
hour window are ordered by mean, best first and worst first, and each leading set of that order
(best day; best two days; ...) gets its score-sum z. Empty days come last, in calendar order, and
days with tied means keep calendar order: the order a stable sort gives.

Sorting 7 days per window cost more per call than the arithmetic (``np.argsort`` on rows of
seven). Here each day's place comes from comparisons instead: a day's rank is how many days come
before it (a lower key, or the same key on an earlier day), counted over the 21 pairs of days for
every window and row at once, and each cell is then put in its place (a scatter). The arrays are
day-major, ``(direction, day, row x window)``, so every step runs along long contiguous runs.

Every figure is the one the direct formula gives: sizes and sums accumulate in the days' order,
one addition after another as ``np.cumsum`` adds them, and a set's size (a whole number of posts)
looks its expected sum and standard deviation up in tables made with the same operations.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
Ints = NDArray[np.intp]
Pairs = NDArray[np.complex128]
DAYS = 7
# The two orders' index along the arrays' first axis.
BEST, WORST = 0, 1


@dataclass
class _Scratch:
    """Arrays for parts of one row count, all (direction, day, row, hour window) but ``before``,
    kept from scan to scan: fresh ones (4 MB at 37 rows) cost more in page faults than a small
    catalogue's whole permutation loop."""

    keys: Array  # what each order sorts ascending; then the z
    before: NDArray[np.bool_]  # one shift's comparisons: (direction, day - 1, row, hour window)
    ranks: NDArray[np.int8]  # each day's place in its order
    start: NDArray[np.int8]  # each day's place before any comparison: its calendar index
    spots: Ints  # each cell's flat position once in order; then the sets' sizes
    base: Ints  # the flat position of each (direction, row, hour window)'s first place
    cells: Pairs  # score sum + 1j * post count
    placed: Pairs  # the same, in order, then accumulated
    lookup: Array  # the standard deviation of each set's sum
    divisor: Array  # post counts, 1 where a day is empty
    beyond: Array  # 0, or above every mean where a day is empty


# Scratch arrays no scan holds, by (rows, hour windows): a few, whichever thread scans next.
_FREE: dict[tuple[int, int], list[_Scratch]] = {}
_FREE_LOCK = threading.Lock()
KEPT_FREE = 4


class DaySets:
    """The z of leading day sets, from each (day, hour window) cell's post count and score sum."""

    def __init__(self, counts: Array, n: int, mean: float, spread: float, min_size: int) -> None:
        self.counts = counts  # (day, hour window)
        self.empty = counts == 0
        size = np.arange(n + 1, dtype=np.float64)
        variance = size * (n - size) / n * spread
        valid = (size >= min_size) & (n - size >= min_size)
        variance[~valid | ~(variance > 0)] = 1.0
        deviation = np.sqrt(variance)
        deviation[~valid] = np.nan  # a set too small (or too large) to test has no z
        self.expected, self.deviation = size * mean, deviation
        self._held: dict[tuple[int, int], _Scratch] = {}

    def __enter__(self) -> DaySets:
        return self

    def __exit__(self, *exc: object) -> None:
        """Hand the scratch arrays on to the next scan (unless a few are already waiting)."""
        with _FREE_LOCK:
            for shape, scratch in self._held.items():
                free = _FREE.setdefault(shape, [])
                if len(free) < KEPT_FREE:
                    free.append(scratch)
        self._held = {}

    def z(self, sums: Array) -> tuple[Array, Array]:
        """z of every leading day set from cell sums (rows, day, hour window): best first and
        worst first, each as (rows, day rank, hour window). Views of arrays that the next call
        overwrites."""
        b = self._scratch(sums.shape[0])
        self._keys(b, sums)
        _rank(b)
        _place(b)
        _accumulate(b.placed)
        np.copyto(b.spots, b.placed.imag, casting="unsafe")
        # Sizes are 0..n: no bounds to check (which made ``take`` copy its output).
        np.take(self.expected, b.spots, out=b.keys, mode="clip")
        np.subtract(b.placed.real, b.keys, out=b.keys)
        np.take(self.deviation, b.spots, out=b.lookup, mode="clip")
        np.divide(b.keys, b.lookup, out=b.keys)
        found = b.keys.transpose(0, 2, 1, 3)
        return found[BEST], found[WORST]

    def orders(self, sums: Array) -> tuple[Ints, Ints]:
        """The days of every (row, hour window) in order, best first and worst first, as
        (rows, day rank, hour window): those of the last ``z`` of these sums."""
        b = self._scratch(sums.shape[0])
        spots = _spots(b)
        order = np.empty_like(spots)
        order.ravel()[spots] = np.arange(DAYS)[:, None, None]
        found = order.transpose(0, 2, 1, 3)
        return found[BEST], found[WORST]

    def _keys(self, b: _Scratch, sums: Array) -> None:
        """The cell sums, day-major, and the keys: each mean for worst first, its negative for
        best first; empty days above every mean, in calendar order, for both."""
        sums = sums.transpose(1, 0, 2)
        mean = np.divide(sums, b.divisor, out=b.keys[BEST])
        np.add(mean, b.beyond, out=b.keys[WORST])
        np.subtract(b.beyond, mean, out=b.keys[BEST])
        np.copyto(b.cells.real, sums)

    def _scratch(self, rows: int) -> _Scratch:
        """The arrays for ``rows`` rows, holding these counts: a waiting set, or a new one."""
        shape = (rows, self.counts.shape[1])
        found = self._held.get(shape)
        if found is None:
            with _FREE_LOCK:
                free = _FREE.get(shape)
                found = free.pop() if free else None
            found = self._held[shape] = self._hold(found or _make_scratch(*shape))
        return found

    def _hold(self, scratch: _Scratch) -> _Scratch:
        beyond = np.finfo(np.float64).max / 8 * np.arange(1.0, DAYS + 1)[:, None]
        scratch.cells.imag[:] = self.counts[:, None, :]
        scratch.divisor[:] = np.where(self.empty, 1.0, self.counts)[:, None, :]
        scratch.beyond[:] = np.where(self.empty, beyond, 0.0)[:, None, :]
        return scratch


def _make_scratch(rows: int, windows: int) -> _Scratch:
    shape = (2, DAYS, rows, windows)
    return _Scratch(
        keys=np.empty(shape),
        before=np.empty((2, DAYS - 1, rows, windows), np.bool_),
        ranks=np.empty(shape, np.int8),
        start=np.broadcast_to(np.arange(DAYS, dtype=np.int8)[:, None, None], shape).copy(),
        spots=np.empty(shape, np.intp),
        base=np.arange(2 * DAYS * rows * windows).reshape(shape)[:, :1].copy(),
        cells=np.zeros(shape, np.complex128),
        placed=np.empty(shape, np.complex128),
        lookup=np.empty(shape),
        divisor=np.empty(shape[1:]),
        beyond=np.empty(shape[1:]),
    )


def _rank(b: _Scratch) -> None:
    """Each day's place in a stable sort of its keys: the days before it (a lower key, or the
    same key on an earlier day). For days i < j, j's key below i's puts j before i, one place
    earlier than its calendar index; otherwise i stays before j."""
    np.copyto(b.ranks, b.start)
    for shift in range(1, DAYS):
        later, earlier = b.keys[:, shift:], b.keys[:, :-shift]
        below = np.less(later, earlier, out=b.before[:, : DAYS - shift]).view(np.int8)
        np.add(b.ranks[:, :-shift], below, out=b.ranks[:, :-shift])
        np.subtract(b.ranks[:, shift:], below, out=b.ranks[:, shift:])


def _spots(b: _Scratch, out: Ints | None = None) -> Ints:
    """Each cell's flat position once its days are in order (its day's place for its day)."""
    spots: Ints = np.multiply(b.ranks, b.ranks[0, 0].size, out=out, dtype=np.intp)
    np.add(spots, b.base, out=spots)
    return spots


def _place(b: _Scratch) -> None:
    """Every cell's sum and count at its day's place."""
    b.placed.ravel()[_spots(b, out=b.spots).ravel()] = b.cells.ravel()


def _accumulate(values: Pairs) -> None:
    """``np.cumsum`` along the day axis, in place: one addition per day, over every cell at once
    (a complex addition adds the sums and the counts apart, each as a float addition)."""
    for k in range(1, DAYS):
        np.add(values[:, k - 1], values[:, k], out=values[:, k])
