"""A digest of each day's rows, the ones the day cells sum: which days' cells can have changed.

After a write, ``insights.day_cell_diff`` summed every piece's row into cells to find the few
days whose cells moved (an upload's days, a rescore's): at 10,000 pieces most of its time went
into the ~2,800 cells of days nothing had touched. Here each row (its UTC day, keys and figures)
is hashed in numpy and the hashes of a day are added up (modulo 2 ** 64, so in any order). A day
whose digest equals the one this process noted with the cells it last wrote holds the same rows,
so the same cells; only the other days are summed and compared. Unequal rows giving an equal
digest would leave that day's cells stale until the next full refresh: a chance of 2 ** -64 a
day. Labels are hashed with Python's ``hash``, stable within a process, as are the digests'
only readers (the memo is the process's own).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from insights.fact_arrays import Codes, Ints
from insights.hash_mix import FOLD, Hashes, mixed
from insights.piece_columns import Floats

DAY_US = 86_400_000_000


@dataclass(frozen=True)
class DayDigests:
    """Each day number with rows (ascending) and the sum of its rows' hashes."""

    days: Ints
    sums: Hashes


def labels_hashed(labels: Sequence[Any]) -> Hashes:
    """Each label's hash."""
    return np.fromiter(map(hash, labels), np.int64, len(labels)).view(np.uint64)


def codes_hashed(found: Codes) -> Hashes:
    """Each numbered label's hash: one hash per distinct label, spread by its codes."""
    hashes = np.array([hash(name) for name in found.names], dtype=np.int64).view(np.uint64)
    spread: Hashes = hashes[found.codes] if found.codes.size else np.zeros(0, np.uint64)
    return spread


def row_hashes(published_us: Ints, labels: Sequence[Hashes], figures: Sequence[Floats]) -> Hashes:
    """One 64-bit hash per row of its instant, labels (their hashes) and figures (NaN: one
    value)."""
    hashed = mixed(published_us.astype(np.int64).view(np.uint64))
    for codes in labels:
        hashed = mixed(hashed * FOLD + codes)
    for figure in figures:
        bits = np.where(np.isnan(figure), np.nan, figure).astype(np.float64).view(np.uint64)
        hashed = mixed(hashed * FOLD + bits)
    return hashed


def day_digests(published_us: Ints, hashes: Hashes) -> DayDigests:
    """The rows' hashes summed by UTC day."""
    if not published_us.size:
        return DayDigests(np.zeros(0, np.int64), np.zeros(0, np.uint64))
    day = published_us // DAY_US
    if (day[1:] < day[:-1]).any():  # the columns come by instant; rows left out come after
        order = np.argsort(day, kind="stable")
        day, hashes = day[order], hashes[order]
    starts = np.flatnonzero(np.r_[True, day[1:] != day[:-1]])
    return DayDigests(day[starts], np.add.reduceat(hashes, starts))


def changed_days(old: DayDigests, new: DayDigests) -> Ints:
    """The days whose digest differs, or that have rows in only one of the two (ascending)."""
    every = np.union1d(old.days, new.days)
    before, after = _spread(every, old), _spread(every, new)
    changed: Ints = every[(before[0] != after[0]) | (before[1] != after[1])]
    return changed


def _spread(every: Ints, digests: DayDigests) -> tuple[Hashes, NDArray[np.bool_]]:
    """``digests``' sums laid over ``every`` day (0 where none), and where it has rows."""
    sums, present = np.zeros(len(every), np.uint64), np.zeros(len(every), bool)
    at = np.searchsorted(every, digests.days)
    sums[at], present[at] = digests.sums, True
    return sums, present
