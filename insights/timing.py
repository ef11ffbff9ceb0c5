"""Posting windows: scans over hour windows and sets of days, with permutation tests.

For every hour window (2-6 hours starting at any hour, or the whole day) the days are ordered by
how well posts in that window did on each day, and every leading set of days is a candidate
(Thu; Thu+Mon; ...), so a window like "Mon, Wed, Thu 14-19 h" can be found. Each candidate's
score-sum z (van der Waerden normal scores of the outcome) against all other posts is computed
at once. Four searches run: the best and the worst window held on every day, and the best and
the worst on some days. Each one's p-value comes from the same search repeated on shuffled
outcomes (the distribution of its maximum, or minimum, z), which accounts for every window and
day set it looked at.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.special import ndtri
from threadpoolctl import ThreadpoolController

from insights.day_sets import DaySets
from insights.mann_whitney import average_ranks
from insights.null_sums import NormalSums
from insights.shuffles import Shuffles
from insights.windows import WEEK_HOURS, Window

WIDTHS = (2, 3, 4, 5, 6, 24)
MAX_PERMUTATIONS = 999
BATCH = 111
# From this many posts the null's hour sums are drawn from their normal limit (insights.null_sums)
# instead of shuffling every score: there even a two-hour window on one day holds ~20 posts.
NORMAL_FROM = 2_000
# The null's fixed seed: the same data always yields the same p-values.
NULL_SEED = 0
# Shuffling stops early once both extremes were beaten this often: the p-value is clearly large.
EARLY_STOP_EXCEEDANCES = 20
# Shuffled scores in a block (rows x posts), two blocks held at once (insights.shuffles): bounds
# the scan's memory whatever the catalogue. 1 MB blocks stay in cache from shuffle to sums: a
# sixth less CPU than 8 MB ones (10,000 pieces: 0.19 -> 0.16 s; 90,000: 1.59 -> 1.37 s).
SHUFFLE_VALUES = 1 << 17
# Shuffled rows whose z are worked out at once (insights.day_sets): of 12 to 111, 37 took the
# least CPU at 200 and at 10,000 pieces (fewer rows, more calls; more, arrays out of cache).
Z_ROWS = 37
Array = NDArray[np.float64]


@dataclass(frozen=True)
class ScanResult:
    """The most extreme window in one direction and its permutation p-value."""

    window: Window
    z: float
    p_value: float
    permutations: int
    search: int = 0  # index into SEARCHES


@functools.cache
def _hour_windows() -> tuple[tuple[int, int], ...]:
    starts = [(s, w) for w in WIDTHS if w < 24 for s in range(24)]
    return (*starts, (0, 24))


@functools.cache
def _membership() -> Array:
    """Rows: (day, hour window) cells in day-major order; columns: the 168 week-hours."""
    windows = _hour_windows()
    matrix = np.zeros((7 * len(windows), WEEK_HOURS))
    for day in range(7):
        for j, (start, width) in enumerate(windows):
            hours = [(day * 24 + start + k) % WEEK_HOURS for k in range(width)]
            matrix[day * len(windows) + j, hours] = 1.0
    return matrix


class _Scan:
    """Cell sums per (day, hour window) and the best day-set z of every hour window."""

    def __init__(self, week_hours: NDArray[np.int64], scores: Array, min_size: int) -> None:
        self.bins = week_hours
        self.n = len(week_hours)
        self.min_size = min_size
        self.counts = np.bincount(week_hours, minlength=WEEK_HOURS).astype(float)
        self.cell_counts = (_membership() @ self.counts).reshape(7, -1)  # (7, H)
        self.mean = float(scores.mean())
        self.spread = float(((scores - self.mean) ** 2).sum()) / max(1, self.n - 1)
        self._cells: dict[int, NDArray[np.int64]] = {}
        self.day_sets = DaySets(self.cell_counts, self.n, self.mean, self.spread, min_size)

    def hour_sums(self, ranks: Array) -> Array:
        """Rank sums per (row of ranks, week-hour)."""
        rows = ranks.shape[0]
        sums = np.bincount(self._offsets(rows), weights=ranks.ravel(), minlength=rows * WEEK_HOURS)
        found: Array = sums.reshape(rows, WEEK_HOURS).astype(np.float64, copy=False)
        return found

    def _offsets(self, rows: int) -> NDArray[np.int64]:
        """Each post's (row, week-hour) cell in ``rows`` rows: the same for every block."""
        found = self._cells.get(rows)
        if found is None:
            found = (np.arange(rows)[:, None] * WEEK_HOURS + self.bins[None, :]).ravel()
            self._cells[rows] = found
        return found

    def shuffles(self, rng: np.random.Generator, scores: Array) -> Shuffles:
        """The permutation test's shuffles of the scores, ``BATCH`` rows a batch, a few rows a
        block (at a million posts, 111 rows of them were 900 MB, twice): the generator shuffles
        row after row, so they are the very shuffles ``rng.permuted`` of all rows at once draws.
        """
        batch = self._blocks()
        return Shuffles(rng, scores, batch * -(-MAX_PERMUTATIONS // BATCH))

    def batch_sums(self, shuffles: Shuffles) -> Array:
        """``hour_sums`` of the next ``BATCH`` shuffles."""
        return np.concatenate([self.hour_sums(b) for b in shuffles.take(len(self._blocks()))])

    def _blocks(self) -> list[int]:
        """The rows of each block of a batch."""
        step = max(1, SHUFFLE_VALUES // max(1, self.n))
        return [min(step, BATCH - start) for start in range(0, BATCH, step)]

    def z_by_sign(self, hour_sums: Array) -> dict[int, tuple[Array, NDArray[np.intp]]]:
        """z of every leading day set (days ordered best-first for +1, worst-first for -1), as
        (rows, day rank, hour window), with the day order, keyed by +1 and -1."""
        sums = self._cell_sums(hour_sums)
        best, worst = (z.copy() for z in self.day_sets.z(sums))
        best_first, worst_first = self.day_sets.orders(sums)
        return {1: (best, best_first), -1: (worst, worst_first)}

    def z_parts(self, hour_sums: Array, rows: int = Z_ROWS) -> Iterator[dict[int, Array]]:
        """The z of ``z_by_sign`` (no day order), ``rows`` rows at a time: each row's z is its
        own, and a few rows' arrays stay in cache. Each part's arrays are overwritten by the
        next one's."""
        sums = self._cell_sums(hour_sums)
        for start in range(0, len(sums), rows):
            best, worst = self.day_sets.z(sums[start : start + rows])
            yield {1: best, -1: worst}

    @staticmethod
    def _cell_sums(hour_sums: Array) -> Array:
        """Score sums per (row, day, hour window): one product of all rows (BLAS rounds a
        product of fewer rows differently)."""
        return (hour_sums @ _membership().T).reshape(hour_sums.shape[0], 7, -1)


@dataclass(frozen=True)
class _Search:
    """One scan: a direction and which leading day sets it may pick (k - 1 for k days)."""

    sign: int
    day_sets: tuple[int, ...]

    def extremes(self, z: Array) -> Array:
        """The most extreme z of each row over the allowed day sets and every hour window."""
        first, last = self.day_sets[0], self.day_sets[-1]
        run = self.day_sets == tuple(range(first, last + 1))
        part = z[:, first : last + 1, :] if run else z[:, list(self.day_sets), :]
        # The largest (smallest) z that is not NaN; -inf (+inf) where every one is NaN.
        extreme = np.fmax if self.sign > 0 else np.fmin
        found: Array = extreme.reduce(part, axis=(1, 2))
        found[np.isnan(found)] = -np.inf * self.sign
        return found

    def observed(self, z: Array, order: NDArray[np.int64]) -> tuple[Window, float] | None:
        """The observed most extreme window, or None when no window qualifies."""
        part = z[0, list(self.day_sets), :]
        if np.isnan(part).all():
            return None
        flat = np.nan_to_num(part, nan=-np.inf * self.sign)
        i, h = np.unravel_index(int(np.argmax(self.sign * flat)), flat.shape)
        k = self.day_sets[int(i)]
        days = tuple(sorted(int(d) for d in order[0, : k + 1, h]))
        start, width = _hour_windows()[h]
        return Window(days, start, width), float(part[i, h])


# Windows that hold every day, and windows on some days, are searched separately: a window on
# every day is a far smaller family, so a real all-days effect (late nights) needs less evidence.
SEARCHES = (
    _Search(1, (6,)),
    _Search(-1, (6,)),
    _Search(1, (0, 1, 2, 3, 4, 5)),
    _Search(-1, (0, 1, 2, 3, 4, 5)),
)


def normal_scores(values: Array) -> Array:
    """Van der Waerden scores: normal quantiles of the ranks (robust, and efficient).

    ``norm.ppf(rankdata(values) / (n + 1))`` to the last bit: ``norm.ppf`` is ``ndtri`` on
    quantiles strictly inside (0, 1)."""
    scores: Array = ndtri(average_ranks(values) / (len(values) + 1))
    return scores


def observed_windows(
    week_hours: NDArray[np.int64], outcomes: Array, *, min_size: int = 3
) -> dict[int, tuple[Window, float]]:
    """The most extreme window of each search (by index into SEARCHES) and its z, untested."""
    if len(outcomes) < 2 * min_size:
        return {}
    scores = normal_scores(outcomes)
    scan = _Scan(week_hours, scores, min_size)
    with _one_thread(), scan.day_sets:
        observed_z = scan.z_by_sign(scan.hour_sums(scores[None, :]))
    found = {i: search.observed(*observed_z[search.sign]) for i, search in enumerate(SEARCHES)}
    return {i: hit for i, hit in found.items() if hit is not None}


def scan_windows(
    week_hours: NDArray[np.int64], outcomes: Array, *, min_size: int = 3
) -> list[ScanResult]:
    """The most extreme window of each search, with permutation p-values."""
    if len(outcomes) < 2 * min_size:
        return []
    with _one_thread():
        return _scan(week_hours, outcomes, min_size)


def _one_thread() -> Any:
    """BLAS on one thread: its threads spinning against other processes for two cores took
    twice the CPU. (Threads split a product by rows and columns, never along the sum, so every
    figure is the same either way.)"""
    return _blas().limit(limits=1, user_api="blas")


@functools.cache
def _blas() -> ThreadpoolController:
    """The loaded thread pools, found once: looking them up walked every loaded library (about
    4 ms a scan in a process that has loaded the whole application). numpy's BLAS, the one the
    scan multiplies with, is loaded before this module is."""
    return ThreadpoolController()


def _scan(week_hours: NDArray[np.int64], outcomes: Array, min_size: int) -> list[ScanResult]:
    scores = normal_scores(outcomes)
    scan = _Scan(week_hours, scores, min_size)
    done = 0
    # The first block is shuffled while the observed windows are found.
    with scan.day_sets, _null_sums(scan, scores) as null_sums:
        observed_z = scan.z_by_sign(scan.hour_sums(scores[None, :]))
        found = [(i, s.observed(*observed_z[s.sign])) for i, s in enumerate(SEARCHES)]
        active = [(SEARCHES[i], i, hit) for i, hit in found if hit is not None]
        exceed = [0] * len(active)
        while active and done < MAX_PERMUTATIONS:
            for z in scan.z_parts(null_sums()):
                for i, (search, _, (_, value)) in enumerate(active):
                    extremes = search.extremes(z[search.sign])
                    exceed[i] += int((search.sign * (extremes - value) >= -1e-9).sum())
            done += BATCH
            if min(exceed) >= EARLY_STOP_EXCEEDANCES:
                break
    return [
        ScanResult(window, value, (1 + count) / (1 + done), done, index)
        for (_, index, (window, value)), count in zip(active, exceed, strict=True)
    ]


@contextmanager
def _null_sums(scan: _Scan, scores: Array) -> Iterator[Callable[[], Array]]:
    """What hands out the hour sums of the next ``BATCH`` draws of the null, seeded alike."""
    rng = np.random.default_rng(NULL_SEED)
    if scan.n >= NORMAL_FROM:
        normal = NormalSums(rng, scan.counts, scan.mean, scan.spread)
        yield lambda: normal.draw(BATCH)
        return
    with scan.shuffles(rng, scores) as shuffles:
        yield lambda: scan.batch_sums(shuffles)
