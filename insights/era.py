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
(``_nearest_runs``): the very same run, in O((n + q) log n).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

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
    n = pool_times.size
    width = min(k, n)
    if width == 0:
        return np.zeros((query_times.size, 0), dtype=np.int64)
    if _whole(pool_times - pool_times[0], query_times - pool_times[0]):
        return _nearest_runs(pool_times, query_times, width)
    parts = [
        _nearest_chunk(pool_times, query_times[start : start + CHUNK], width)
        for start in range(0, query_times.size, CHUNK)
    ]
    return np.concatenate(parts) if parts else np.zeros((0, width), dtype=np.int64)


def _nearest_chunk(pool: Array, queries: Array, width: int) -> Index:
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
    best = starts[np.arange(queries.size), np.argmin(distance, axis=1)]
    rows: Index = best[:, None] + np.arange(width)[None, :]
    return rows


def _whole(times: Array, queries: Array) -> bool:
    """True when every sum ``_nearest_chunk`` forms of these (relative) instants is exact: whole
    numbers small enough that n times the largest stays below 2**53."""
    if not (np.isfinite(times).all() and np.isfinite(queries).all()):
        return False
    largest = max(float(np.abs(times).max(initial=0.0)), float(np.abs(queries).max(initial=0.0)))
    if 4.0 * (times.size + 1) * largest >= 2.0**53:
        return False
    return bool((times == np.floor(times)).all() and (queries == np.floor(queries)).all())


def _nearest_runs(pool: Array, queries: Array, width: int) -> Index:
    """``_nearest_chunk``'s runs without its (queries x width) distance table.

    Moving a run of the candidates (starts ``position - width`` to ``position``) one piece
    later changes its summed distance by ``t[s + width] + t[s] - 2q``, which never decreases
    with ``s`` (the pool is sorted): the first start where it is no longer negative is the
    smallest start of least distance, the one ``argmin`` picks. Exact in whole numbers, so the
    very same run is chosen, ties included.
    """
    n = pool.size
    times, queries = pool - pool[0], queries - pool[0]
    position = np.searchsorted(times, queries)
    steps = times[: n - width] + times[width:]
    first = np.searchsorted(steps, 2.0 * queries, side="left")
    best = np.clip(first, np.clip(position - width, 0, n - width), np.clip(position, 0, n - width))
    rows: Index = best[:, None] + np.arange(width)[None, :]
    return rows


def row_medians(values: Array) -> Array:
    """The median of each row, ignoring NaN (NaN where a row has no value)."""
    if values.shape[1] == 0:
        return np.full(values.shape[0], np.nan)
    ordered = np.sort(values, axis=1)  # NaN sorts last
    count = (~np.isnan(values)).sum(axis=1)
    low = np.maximum(count - 1, 0) // 2
    high = count // 2
    rows = np.arange(values.shape[0])
    high = np.minimum(high, values.shape[1] - 1)
    medians: Array = (ordered[rows, low] + ordered[rows, high]) / 2.0
    medians[count == 0] = np.nan
    return medians


def era_medians(
    pool_times: Array, pool_values: Array, query_times: Array, k: int, trend: str | None = None
) -> Array:
    """Per query, the median of ``pool_values`` (NaN = missing) over the ``k`` nearest in time.

    ``pool_times`` must be sorted, ``pool_values`` in the same order. ``trend``: None (plain
    medians), "log" or "linear" (trend-corrected to each query's moment, see the module).
    """
    if trend not in TRENDS:
        raise ValueError(f"unknown trend {trend!r}")
    if np.isnan(pool_values).all():  # no figure to take a median of (nor a trend): all NaN
        return np.full(query_times.size, np.nan)
    result = np.empty(query_times.size)
    # The slopes' figures, each logged once rather than once per query it neighbours.
    sloped = np.log1p(np.maximum(pool_values, 0.0)) if trend == "log" else pool_values
    for start in range(0, query_times.size, CHUNK):
        queries = query_times[start : start + CHUNK]
        rows = nearest_in_time(pool_times, queries, k)
        if trend == "centred":
            medians = row_medians(_centred(pool_times, pool_values, queries, rows))
        else:
            medians = row_medians(pool_values[rows])
        if trend in ("log", "linear") and rows.shape[1] >= MIN_TREND:
            medians = _at_query(pool_times, sloped, queries, rows, medians, trend)
        result[start : start + queries.size] = medians
    return result


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
    times: Array, sloped: Array, queries: Array, rows: Index, medians: Array, trend: str
) -> Array:
    """The medians moved along the local trend from their neighbours' centre to the query
    (``sloped``: the pool's values on the scale the trend is fitted on)."""
    wide = nearest_in_time(times, queries, SLOPE_SPAN * rows.shape[1])
    half = wide.shape[1] // 2
    # local_slopes' run, from the middle columns only (each the same t - q it would take).
    run = _middle(times, wide[:, -half:], queries) - _middle(times, wide[:, :half], queries)
    slopes = _slopes(sloped[wide], run)[:, 0]
    centre = _middle(times, rows) - queries  # 0 for a centred neighbourhood
    shift = np.where(np.isnan(medians), 0.0, slopes * centre)
    if trend == "linear":
        moved: Array = medians - shift
        return moved
    return (medians + 1.0) * np.exp(-shift) - 1.0  # zero shift leaves a median as it was


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
    older, newer = values[:, :half], values[:, values.shape[1] - half :]
    medians = row_medians(older), row_medians(newer)
    rise = medians[1] - medians[0]
    error = TREND_GATE * _rise_error((older, newer), medians)
    with np.errstate(divide="ignore", invalid="ignore"):
        slopes: Array = TREND_SHRINK * np.where(run > 0, rise / run, 0.0)
    slopes[~np.isfinite(slopes) | (np.abs(rise) < error)] = 0.0
    return slopes[:, None]


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


def _middle(times: Array, runs: Index, queries: Array | None = None) -> Array:
    """``sorted_medians(times[runs] - queries[:, None])`` (the runs ascending), reading only the
    middle columns."""
    width = runs.shape[1]
    columns = [times[runs[:, c]] for c in sorted({(width - 1) // 2, width // 2})]
    if queries is not None:
        columns = [column - queries for column in columns]
    if width % 2:
        return columns[0]
    means: Array = (columns[0] + columns[1]) / 2.0
    return means


def _rise_error(halves: tuple[Array, Array], medians: tuple[Array, Array]) -> Array:
    """The standard error of the difference of two medians, from the rows' robust spread."""
    # Deviations from each half's own median, so that the trend itself is not counted as noise.
    deviations = [np.abs(part - m[:, None]) for part, m in zip(halves, medians, strict=True)]
    spread = 1.4826 * row_medians(np.concatenate(deviations, axis=1))  # the MAD as a std dev
    counts = [np.maximum((~np.isnan(part)).sum(axis=1), 1) for part in halves]
    error: Array = 1.2533 * spread * np.sqrt(1.0 / counts[0] + 1.0 / counts[1])
    return error


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
