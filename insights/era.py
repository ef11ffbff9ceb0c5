"""Era-relative medians: a piece's typical figures from the pieces published nearest to it in time.

A growing channel's old pieces are not worse for being old, nor are its new ones better for being
new: each piece is compared with the ``k`` pieces of its group published nearest to it in time
(itself included when it is in the pool), not with the group's whole history. The baseline of a
group at a moment is a function of that group's pieces around the moment only, so a change to one
piece moves the baselines of its neighbours and nothing else (what an incremental refresh needs).

At the edges of a catalogue the nearest pieces all lie on one side: a growing channel's oldest
pieces are compared with newer (bigger) ones only, its newest with older (smaller) ones. With
``trend`` the median is moved along the local trend from the neighbours' centre (their median
time) to the piece's own moment: nothing moves for a centred neighbourhood, and at an edge half
of the growth is undone (``TREND_SHRINK``; docs/SCORING.md §1). The slope is robust (medians of
halves), taken over ``SLOPE_SPAN`` times the neighbours, and zero unless clearly there
(``TREND_GATE``). "log" corrects a growth by a factor (counts: fitted on ln(1 + v)), "linear" one
by an amount (figures already on a log scale); "centred" instead cuts the neighbours to a window
centred on the piece (measured as the alternative, ``bench.era_baseline``).

Everything is vectorised: the ``k`` nearest of a sorted pool form a contiguous run, found among
``k + 1`` candidate runs per query, so the cost is O((n + q) k) in bounded chunks of queries.
When the instants are whole numbers (seconds) the run is found by one binary search instead
(``_nearest_runs``): the very same run, in O((n + q) log n). Neighbouring queries share runs
(one's median run is the older half of another's slope and the newer half of a third's), so
each run is sorted once however many queries read it (``insights.era_runs``), and each slope's
rise and error are worked out once: over a pool's own pieces a third of the sorts of one per use.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from insights.era_runs import Runs, counts, distinct, ordered_medians

Array = NDArray[np.float64]
Index = NDArray[np.int64]
# How many pieces nearest in time a piece is compared with: measured on growing simulated
# channels (categories) and on planted posting windows (pattern power); docs/SCORING.md §1.
ERA_NEIGHBOURS = 32
# The trend corrections era_medians knows (None: plain medians).
TRENDS = (None, "log", "linear", "centred")
# A local rise smaller than this many standard errors is taken as no trend at all.
TREND_GATE = 2.0
# The share of the local trend corrected for: half removes half the edge bias and adds a quarter
# of the slope's noise (measured against 1 and no correction: docs/SCORING.md §1).
TREND_SHRINK = 0.5
# A centred window keeps at least this many nearest pieces at the very edge.
EDGE_FLOOR = 8
# Whether scoring and the pattern families trend-correct views at the edges (the benchmarks
# switch it off to show the difference; docs/SCORING.md §1).
EDGE_CORRECTION: str | None = "trend"
# The local slope is taken over this many times the neighbours (a steadier slope).
SLOPE_SPAN = 2
# Below this many neighbours a local slope is too noisy to correct with.
MIN_TREND = 8
# Whether the pattern families' like-for-like views are detrended by their own era median over
# every piece (``detrended``; the benchmarks switch it off to show the difference).
PATTERN_DETREND = True
# Queries handled at once: bounds the (chunk x k) work arrays to a few MB whatever the catalogue
# (20,000 held 45 MB of a full refresh's peak in the trend correction's arrays; no slower).
CHUNK = 5_000


def nearest_in_time(pool_times: Array, query_times: Array, k: int) -> Index:
    """Indices (queries x min(k, pool)) of the pool pieces nearest each query in time.

    ``pool_times`` must be sorted (seconds, or any number); ties go to the older piece.
    """
    width = min(k, pool_times.size)
    if width == 0:
        return np.zeros((query_times.size, 0), dtype=np.int64)
    rows: Index = run_starts(pool_times, query_times, width)[:, None] + np.arange(width)
    return rows


def run_starts(pool_times: Array, query_times: Array, width: int) -> Index:
    """Where each query's run of the ``width`` nearest starts (0 < ``width`` <= pool size)."""
    return _Nearest(pool_times, query_times).starts(width)


class _Nearest:
    """The runs of the nearest pool pieces of some queries, for any width: the instants made
    relative, checked and searched once for every width asked."""

    def __init__(self, pool_times: Array, query_times: Array) -> None:
        self.pool, self.queries = pool_times, query_times
        self.times, self.relative = pool_times - pool_times[0], query_times - pool_times[0]
        self.whole = _whole(self.times, self.relative)
        # Pieces before it are earlier than the query (read only when whole).
        self.position = np.searchsorted(self.times, self.relative) if self.whole else None

    def starts(self, width: int) -> Index:
        """Where each query's run of ``width`` starts (0 < ``width`` <= pool size)."""
        if self.position is not None:
            return _nearest_runs(self.times, self.relative, self.position, width)
        parts = [
            _nearest_chunk(self.pool, self.queries[start : start + CHUNK], width)
            for start in range(0, self.queries.size, CHUNK)
        ]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _nearest_chunk(pool: Array, queries: Array, width: int) -> Index:
    """The runs' starts, from each query's table of the summed distances of its candidates."""
    n = pool.size
    origin = pool[0]
    times, queries = pool - origin, queries - origin  # small numbers keep the sums exact
    sums = np.concatenate([[0.0], np.cumsum(times)])
    position = np.searchsorted(times, queries)  # pieces before it are earlier than the query
    # The nearest run of ``width`` contains position - 1 or position: its start is within width.
    starts = np.clip(position[:, None] - np.arange(width, -1, -1)[None, :], 0, n - width)
    ends = starts + width
    split = np.clip(position[:, None], starts, ends)
    q = queries[:, None]
    # The k nearest minimise the summed distance (the largest alone can tie).
    distance = (split - starts) * q - (sums[split] - sums[starts])
    distance += (sums[ends] - sums[split]) - (ends - split) * q
    best: Index = starts[np.arange(queries.size), np.argmin(distance, axis=1)]
    return best


def _whole(times: Array, queries: Array) -> bool:
    """True when every sum ``_nearest_chunk`` forms of these (relative) instants is exact: whole
    numbers small enough that n times the largest stays below 2**53."""
    both = np.concatenate([times, queries])
    if not np.isfinite(both).all():
        return False
    if 4.0 * (times.size + 1) * float(np.abs(both).max(initial=0.0)) >= 2.0**53:
        return False
    return bool((both == np.floor(both)).all())


def _nearest_runs(times: Array, queries: Array, position: Index, width: int) -> Index:
    """``_nearest_chunk``'s starts without its (queries x width) distance table (``times`` and
    ``queries`` relative to the first piece, ``position`` where each query would go).

    Moving a run of the candidates (starts ``position - width`` to ``position``) one piece
    later changes its summed distance by ``t[s + width] + t[s] - 2q``, which never decreases
    with ``s`` (the pool is sorted): the first start where it is no longer negative is the
    smallest start of least distance, the one ``argmin`` picks. Exact in whole numbers, so the
    very same run is chosen, ties included.
    """
    last = times.size - width
    steps = times[:last] + times[width:]
    first = np.searchsorted(steps, 2.0 * queries, side="left")
    best: Index = np.clip(first, np.clip(position - width, 0, last), np.clip(position, 0, last))
    return best


def row_medians(values: Array) -> Array:
    """The median of each row, ignoring NaN (NaN where a row has no value)."""
    if values.shape[1] == 0:
        return np.full(values.shape[0], np.nan)
    ordered = np.sort(values, axis=1)  # NaN sorts last
    return ordered_medians(ordered, counts(ordered))


def era_medians(
    pool_times: Array, pool_values: Array, query_times: Array, k: int, trend: str | None = None
) -> Array:
    """Per query, the median of ``pool_values`` (NaN = missing) over the ``k`` nearest in time.

    ``pool_times`` must be sorted, ``pool_values`` in the same order. ``trend``: None (plain
    medians), "log" or "linear" (trend-corrected to each query's moment, see the module).
    """
    if trend not in TRENDS:
        raise ValueError(f"unknown trend {trend!r}")
    # No figure to take a median of (nor a trend), or no neighbour: all NaN.
    if np.isnan(pool_values).all() or min(k, pool_times.size) <= 0:
        return np.full(query_times.size, np.nan)
    result = np.empty(query_times.size)
    # The slopes' figures, each logged once rather than once per query it neighbours.
    sloped = np.log1p(np.maximum(pool_values, 0.0)) if trend == "log" else pool_values
    for start in range(0, query_times.size, CHUNK):
        queries = query_times[start : start + CHUNK]
        if trend == "centred":
            rows = nearest_in_time(pool_times, queries, k)
            medians = row_medians(_centred(pool_times, pool_values, queries, rows))
        else:
            medians = _run_medians(pool_times, (pool_values, sloped), queries, k, trend)
        result[start : start + queries.size] = medians
    return result


def _run_medians(
    times: Array, values: tuple[Array, Array], queries: Array, k: int, trend: str | None
) -> Array:
    """``era_medians`` of one chunk of queries (``values``: the figures, and the figures the
    slopes are fitted on), trend-corrected as in ``_at_query``."""
    width, nearest = min(k, times.size), _Nearest(times, queries)
    starts = nearest.starts(width)
    if trend is None or width < MIN_TREND:
        return Runs(values[0], width, [starts]).at(starts)
    span = min(SLOPE_SPAN * width, times.size)
    slope = _Slope(nearest.starts(span), span - span // 2)
    halves = [slope.older, slope.older + slope.offset]
    shared = values[1] is values[0] and span // 2 == width  # its medians' runs are halves' runs
    sloped = Runs(values[1], span // 2, [*halves, starts] if shared else halves)
    medians = (sloped if shared else Runs(values[0], width, [starts])).at(starts)
    return _at_query(times, sloped, queries, (starts, width, slope), medians, trend)


@dataclass(frozen=True)
class _Slope:
    """Where each query's slope runs: its older half's start; its newer half's is ``offset``
    later (half the span, rounded up)."""

    older: Index
    offset: int


def _centred(times: Array, values: Array, queries: Array, rows: Index) -> Array:
    """The neighbours' values, NaN outside a window centred on the query: it reaches no further
    than the pool does on the other side (the ``EDGE_FLOOR`` nearest are always kept)."""
    offsets = np.abs(times[rows] - queries[:, None])
    reach = np.minimum(queries - times[0], times[-1] - queries)
    rank = np.argsort(np.argsort(offsets, axis=1, kind="stable"), axis=1, kind="stable")
    keep = (offsets <= reach[:, None]) | (rank < EDGE_FLOOR)
    kept: Array = np.where(keep, values[rows], np.nan)
    return kept


def _at_query(
    times: Array,
    sloped: Runs,
    queries: Array,
    runs: tuple[Index, int, _Slope],
    medians: Array,
    trend: str,
) -> Array:
    """The medians moved along the local trend from their neighbours' centre to the query.

    ``sloped``: the halves' runs of the values the trend is fitted on; ``runs``: where the
    neighbours start, how many they are, and where the slope's runs start.
    """
    starts, width, slope = runs
    # local_slopes' run, from the middle columns only (each the same t - q it would take).
    run = _middle(times, slope.older + slope.offset, sloped.width, queries)
    run -= _middle(times, slope.older, sloped.width, queries)
    slopes = _run_slopes(sloped, slope, run)
    centre = _middle(times, starts, width) - queries  # 0 for a centred neighbourhood
    shift = np.where(np.isnan(medians), 0.0, slopes * centre)
    if trend == "linear":
        moved: Array = medians - shift
        return moved
    return (medians + 1.0) * np.exp(-shift) - 1.0  # zero shift leaves a median as it was


def _run_slopes(sloped: Runs, slope: _Slope, run: Array) -> Array:
    """``_slopes`` of each query's halves: the rise and its error worked out once per slope
    the queries share, from the runs sorted once."""
    first, place = distinct([slope.older], int(slope.older.max(initial=0)) + 1)
    halves = [sloped.place[first + offset] for offset in (0, slope.offset)]
    rise, error = _rise(*[(sloped.ordered[h], sloped.medians[h], sloped.count[h]) for h in halves])
    return _gated(rise[place[slope.older]], error[place[slope.older]], run)


def local_slopes(offsets: Array, values: Array) -> Array:
    """Per row (columns in time order), the change of ``values`` per unit of time, robustly.

    The difference of the medians of the older and the newer half over the difference of their
    median times (a Wald-Bartlett slope): outliers move it little. Zero where it is undefined,
    or where the rise is within ``TREND_GATE`` standard errors of none (noise is not a trend).
    """
    half = offsets.shape[1] // 2
    return _slopes(values, sorted_medians(offsets[:, -half:]) - sorted_medians(offsets[:, :half]))


def _slopes(values: Array, run: Array) -> Array:
    """``local_slopes`` with the difference of the halves' median times already taken."""
    half = values.shape[1] // 2
    parts = []
    for part in (values[:, :half], values[:, values.shape[1] - half :]):
        ordered = np.sort(part, axis=1)
        count = counts(ordered)
        parts.append((ordered, ordered_medians(ordered, count), count))
    return _gated(*_rise(parts[0], parts[1]), run)[:, None]


Half = tuple[Array, Array, Index]  # a half's rows sorted, their medians, their counts


def _rise(older: Half, newer: Half) -> tuple[Array, Array]:
    """The rise from the older half's median to the newer's, and ``TREND_GATE`` times its
    standard error (from the rows' robust spread)."""
    # Deviations from each half's own median, so that the trend itself is not counted as noise
    # (taken from the sorted rows: the same values, so the same median of them).
    width = older[0].shape[1]
    deviations = np.empty((older[0].shape[0], width + newer[0].shape[1]))
    for (part, median, _), at in ((older, slice(0, width)), (newer, slice(width, None))):
        np.subtract(part, median[:, None], out=deviations[:, at])
    np.abs(deviations, out=deviations)
    deviations.sort(axis=1)
    spread = 1.4826 * ordered_medians(deviations, counts(deviations))  # the MAD as a std dev
    sizes = [np.maximum(count, 1) for _, _, count in (older, newer)]
    error: Array = 1.2533 * spread * np.sqrt(1.0 / sizes[0] + 1.0 / sizes[1])
    return newer[1] - older[1], TREND_GATE * error


def _gated(rise: Array, error: Array, run: Array) -> Array:
    """The slopes ``rise / run`` (shrunk), zero where undefined or within the error of none."""
    with np.errstate(divide="ignore", invalid="ignore"):
        slopes: Array = TREND_SHRINK * np.where(run > 0, rise / run, 0.0)
    slopes[~np.isfinite(slopes) | (np.abs(rise) < error)] = 0.0
    return slopes


def sorted_medians(ordered: Array) -> Array:
    """The median of each row of rows already in ascending order, without NaN: the number
    ``np.median`` gives (the middle value, or the mean of the two middle ones) without a sort."""
    width = ordered.shape[1]
    if width % 2:
        middle: Array = ordered[:, width // 2].copy()
        return middle
    pair = ordered[:, width // 2 - 1 : width // 2 + 1]
    means: Array = (pair[:, 0] + pair[:, 1]) / 2.0
    return means


def _middle(times: Array, starts: Index, width: int, queries: Array | None = None) -> Array:
    """``sorted_medians(times[runs] - queries[:, None])`` of the runs of ``width`` at ``starts``,
    reading only the middle columns."""
    columns = [times[starts + c] for c in sorted({(width - 1) // 2, width // 2})]
    if queries is not None:
        columns = [column - queries for column in columns]
    if width % 2:
        return columns[0]
    means: Array = (columns[0] + columns[1]) / 2.0
    return means


def views_trend(logged: bool) -> str | None:
    """The edge correction for views: "centred", or the trend ("linear" on ln views, "log" on
    counts), or None when off."""
    if EDGE_CORRECTION != "trend":
        return EDGE_CORRECTION
    return "linear" if logged else "log"


def local_medians(times: Array, values: Array, k: int, trend: str | None = None) -> Array:
    """Each value's era median among the same values (any order; NaN = missing)."""
    order = np.argsort(times, kind="stable")
    medians = np.empty(times.size)
    medians[order] = era_medians(times[order], values[order], times[order], k, trend)
    return medians


def detrended(times: Array, values: Array, k: int) -> Array:
    """``values`` minus their own era median: the median of the ``k`` nearest in time, of any group.

    What a group's baselines could not follow (on a small group the ``k`` nearest span months, so
    a breakout stays in its pieces' ratios) is swung out over the whole catalogue, whose ``k``
    nearest are weeks. Unchanged when off (``PATTERN_DETREND``) or when every value is one era
    (at most ``k``): there a shift by one constant would only move the medians shown.
    """
    if not PATTERN_DETREND or values.size <= k:
        return values
    left: Array = values - local_medians(times, values, k)
    return left
