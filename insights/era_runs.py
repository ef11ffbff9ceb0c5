"""Runs of a sorted pool's values, each sorted once, and the medians of sorted rows.

A query's ``k`` nearest pieces are a contiguous run of its sorted pool (``insights.era``), and
neighbouring queries share runs: one's median run is the older half of another's slope and the
newer half of a third's. ``Runs`` sorts each run asked for once however many queries read it;
the medians are then read off the sorted rows (NaN sorts last: only the rows ending in NaN are
counted), the very numbers ``np.median`` of the values would give.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
Index = NDArray[np.int64]


def counts(ordered: Array) -> Index:
    """How many values (not NaN) each row sorted by ``np.sort`` holds: NaN sorts last, so only
    the rows ending in NaN are counted."""
    count = np.full(ordered.shape[0], ordered.shape[1], dtype=np.int64)
    gaps = np.flatnonzero(np.isnan(ordered[:, -1]))
    if gaps.size:
        count[gaps] = (~np.isnan(ordered[gaps])).sum(axis=1)
    return count


def ordered_medians(ordered: Array, count: Index) -> Array:
    """The median of each row of rows already sorted, each holding ``count`` values then NaN
    (NaN where it holds none)."""
    width = ordered.shape[1]
    if (count == width).all():  # the same two columns of every row: no gather by row
        full: Array = (ordered[:, (width - 1) // 2] + ordered[:, width // 2]) / 2.0
        return full
    low = np.maximum(count - 1, 0) // 2
    high = np.minimum(count // 2, width - 1)
    rows = np.arange(ordered.shape[0])
    medians: Array = (ordered[rows, low] + ordered[rows, high]) / 2.0
    medians[count == 0] = np.nan
    return medians


class Runs:
    """The runs of ``width`` of one array at the starts asked, each sorted once however many
    queries share it (neighbouring queries' runs overlap: one's median run is the older half
    of another's slope and the newer half of a third's)."""

    def __init__(self, values: Array, width: int, starts: list[Index]) -> None:
        self.width = width
        first, self.place = distinct(starts, values.size - width + 1)
        self.ordered = windows(values, width)[first]  # a copy: sorted in place
        self.ordered.sort(axis=1)
        self.count = counts(self.ordered)
        self.medians = ordered_medians(self.ordered, self.count)

    def at(self, starts: Index) -> Array:
        """The medians of the runs that start at ``starts``."""
        found: Array = self.medians[self.place[starts]]
        return found


def distinct(starts: list[Index], size: int) -> tuple[Index, Index]:
    """The distinct starts (ascending, all below ``size``) and, per start, its place among
    them: marked in a table rather than sorted."""
    asked = np.zeros(size, dtype=bool)
    for some in starts:
        asked[some] = True
    return np.flatnonzero(asked), np.cumsum(asked) - 1


def windows(values: Array, width: int) -> Array:
    """Every run of ``width`` of ``values`` as a row of one read-only view: what
    ``sliding_window_view`` gives, without its checks (9 us a call, more than a small pool's
    whole gather)."""
    values = np.ascontiguousarray(values)
    step = values.itemsize
    view: Array = np.ndarray(
        (values.size - width + 1, width), values.dtype, values, 0, (step, step)
    )
    view.flags.writeable = False
    return view
