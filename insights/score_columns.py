"""The scoring formula of ``insights.score_math`` over column arrays: the same scores, vectorised.

``score_math.score_pieces`` scores one ``ScoreInput`` at a time and stays the reference (what-ifs,
comparisons and the tests use it); a full refresh scores every piece at once here. Every step is
the same IEEE operation in the same order, and logarithms and exponentials go through ``math``
(numpy's differ in the last bit), so the scores, ranks and categories are identical
(``tests/insights/test_score_columns.py`` holds the two to each other).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import chain

import numpy as np
from numpy.typing import NDArray

from insights import era
from insights.baseline_lookup import keeps, pool_medians, times_digest
from insights.fact_arrays import EPOCH, MICROSECOND, Ints
from insights.piece_columns import Bools, Floats, PieceColumns
from insights.score_math import (
    CATEGORY_NAMES,
    COMPONENT_CLIP,
    OVER_THRESHOLD,
    SMOOTHING,
    UNDER_THRESHOLD,
    ScoringConfig,
    percentile_ranks,
)

FIGURES = 4  # views, engagement, retention, intent
GROUP_CODES = 1 << 32  # (level, code) packed into one integer
PYTHON_SLICE = 65_536  # values made Python floats at once
# How near a half (relative to the figure) a scaled value is rounded by Python, not numpy: a
# million times the product's own rounding error.
HALF_MARGIN = 1e-9
BASELINES = "baselines"  # the memo's entry: each piece's medians, basis and pools
RANK_PLACES = "rank places"  # and each piece's place in the last sort by deviation


@dataclass
class ScoreColumns:
    """Each piece's score (same order as the columns); ratio arrays hold NaN for None."""

    performance_score: Floats
    percentile_rank: Floats
    performance_category: list[str]
    provisional: Bools
    view_ratio: Floats
    engagement_ratio: Floats
    retention_ratio: Floats
    intent_ratio: Floats
    category_codes: Ints  # the categories as numbers (``CATEGORY_NAMES``): compared in numpy


@dataclass
class _Basis:
    """One basis (lifetime or first 24 h): each piece's four figures and which pieces it pools."""

    figures: list[Floats]
    pool: Bools


def mapped(function: Callable[[float], float], values: Floats) -> Floats:
    """``function`` (from ``math``: numpy's logarithm differs in the last bit) on every value."""
    return np.fromiter(map(function, floats(values)), np.float64, values.size)


def remembered(
    c: PieceColumns, name: str, function: Callable[[float], float], values: Floats
) -> Floats:
    """``mapped(function, values)``, the pieces whose value the columns' memo holds not
    computed again (``insights.column_memo``; every piece when the columns keep none)."""
    if c.memo is None:
        return mapped(function, values)
    found: Floats = c.memo.computed(name, values, lambda missing: mapped(function, missing))
    return found


def floats(values: Floats) -> Iterator[float]:
    """The values as Python floats, a slice at a time (a million at once held 32 MB)."""
    slices = range(0, values.size, PYTHON_SLICE)
    return chain.from_iterable(values[i : i + PYTHON_SLICE].tolist() for i in slices)


def category_codes(scores: Floats) -> Ints:
    """Each score's category as its place in ``CATEGORY_NAMES`` (NaN: normal, as there)."""
    codes: Ints = (scores > OVER_THRESHOLD) + 2 * (scores < UNDER_THRESHOLD)
    return codes


def categories(scores: Floats) -> list[str]:
    """``score_math.category_of`` of every score, compared at once (NaN: normal, as there)."""
    labels = np.array(CATEGORY_NAMES, dtype=object)
    found: list[str] = labels[category_codes(scores)].tolist()
    return found


def rounded(values: Floats, digits: int) -> Floats:
    """Python's ``round`` of every value (correctly rounded, where numpy's is not), by numpy.

    ``rint(x * 10^d) / 10^d`` is Python's result unless the exact ``x * 10^d`` lies so near a
    half that the rounded product may fall on its other side (then, or past 2^52, Python's own
    ``round`` is taken): away from a half both round to the same whole number, and dividing
    it is correctly rounded as Python's reading of its decimal is. 10,000 scores: 3.7 -> 0.04 ms.
    """
    scale = 10.0**digits
    with np.errstate(invalid="ignore"):
        scaled = values * scale
        found: Floats = np.rint(scaled) / scale
        span = np.abs(scaled)
        doubtful = np.abs(scaled - np.floor(scaled) - 0.5) <= HALF_MARGIN * np.maximum(1.0, span)
        doubtful |= span >= 2.0**52
    where = np.flatnonzero(doubtful)
    found[where] = [round(value, digits) for value in values[where].tolist()]
    return found


def _lifetime(c: PieceColumns) -> list[Floats]:
    return [c.audience, c.engagement_rate, c.figures["retention_rate"], c.intent_rate]


def _early(c: PieceColumns) -> list[Floats]:
    views, likes = c.figures["views_24h"], c.figures["likes_24h"]
    rate = np.full(len(c), np.nan)
    usable = ~np.isnan(views) & (views != 0) & ~np.isnan(likes)
    rate[usable] = 100.0 * likes[usable] / views[usable]
    empty = np.full(len(c), np.nan)  # only ever read
    return [np.nan_to_num(views, nan=0.0), rate, empty, empty]


class _Groups:
    """The fallback chain's keys per piece: platform+format, platform, all."""

    def __init__(self, c: PieceColumns) -> None:
        platforms, formats = c.platform_codes, c.format_codes
        # A number per (platform, format) pair: which number does not matter, only equality.
        pairs = platforms.codes * len(formats.names) + formats.codes
        self.keys = [pairs, platforms.codes]

    def chosen(self, pool: Bools, minimum: int) -> tuple[np.ndarray, np.ndarray]:
        """Per piece (level 0/1/2, code) of the first group of the pool that is large enough."""
        level = np.full(pool.size, 2)
        code = np.zeros(pool.size, dtype=np.int64)
        for depth in (1, 0):  # the narrowest large-enough group wins
            keys = self.keys[depth]
            counts = np.bincount(keys[pool], minlength=int(keys.max(initial=0)) + 1)
            large = (counts[keys] >= minimum) & (counts[keys] > 0)
            level[large], code[large] = depth, keys[large]
        return level, code

    def members(self, level: int, code: int, pool: Bools) -> Bools:
        """The pool's pieces of one group."""
        return pool if level == 2 else pool & (self.keys[level] == code)


def _baselines(
    c: PieceColumns, bases: tuple[_Basis, _Basis], young: Bools, config: ScoringConfig
) -> list[Floats]:
    """Each piece's baseline medians: young pieces' on the first 24 h basis, the others' on
    the lifetime one (filled into one set of arrays, the two sets of queries being disjoint)."""
    out = [np.full(len(c), np.nan) for _ in range(FIGURES)]
    times, groups = c.timestamps(), _Groups(c)
    reused = _kept_baselines(c, bases, young, config, out)
    _medians(bases[0], times, groups, young & ~reused, config, out)
    _medians(bases[1], times, groups, ~young & ~reused, config, out)
    if c.memo is not None:
        flags = young + 2 * bases[0].pool + 4 * bases[1].pool
        c.memo.keep(BASELINES, c.published_us, np.column_stack([*out, flags]))
        c.memo.notes[BASELINES] = _pools_context(bases, config)
    return out


def _pools_context(bases: tuple[_Basis, _Basis], config: ScoringConfig) -> tuple[object, ...]:
    """What every baseline depends on besides the pools' pieces: the settings, the pool sizes."""
    counts = tuple(int(basis.pool.sum()) for basis in bases)
    return (config, era.EDGE_CORRECTION, era.views_trend(logged=False), *counts)


def _kept_baselines(
    c: PieceColumns,
    bases: tuple[_Basis, _Basis],
    young: Bools,
    config: ScoringConfig,
    out: list[Floats],
) -> Bools:
    """The pieces whose baselines the last refresh left (``out`` filled there): when both pools
    hold the same pieces (each still in its place and pooled, the pools as large as then), a
    piece at the same instant and basis has the same medians. Its figures and groups are those
    it had: the columns at a kept place are the piece as it was (insights.column_cache)."""
    none = np.zeros(len(c), dtype=bool)
    kept = None if c.memo is None else c.memo.kept(BASELINES)
    if c.memo is None or kept is None or kept[0].shape != c.published_us.shape:
        return none
    if c.memo.notes.get(BASELINES) != _pools_context(bases, config):
        return none
    instants, medians, known = kept
    same = known & (instants == c.published_us)
    flags = np.where(same, medians[:, FIGURES], 0.0).astype(np.int64)
    for bit, basis in ((2, bases[0]), (4, bases[1])):
        if (basis.pool & ~(same & (flags & bit != 0))).any():  # a piece joined a pool
            return none
    reused: Bools = same & ((flags & 1 != 0) == young)
    for figure, values in enumerate(out):
        values[reused] = medians[reused, figure]
    return reused


def _medians(
    basis: _Basis,
    times: Floats,
    groups: _Groups,
    queries: Bools,
    config: ScoringConfig,
    out: list[Floats],
) -> None:
    """Each queried piece's baseline medians into ``out`` (NaN where a figure has none)."""
    if not queries.any():  # every piece's baselines kept (after an upload: often the mature)
        return
    level, code = groups.chosen(basis.pool, config.min_group_size)
    for key in np.unique(level[queries] * GROUP_CODES + code[queries]).tolist():
        lv, cd = divmod(key, GROUP_CODES)
        asked = np.flatnonzero(queries & (level == lv) & (code == cd))
        members = np.flatnonzero(groups.members(lv, cd, basis.pool))
        members = members[np.argsort(times[members], kind="stable")]
        member_times, asked_times = times[members], times[asked]
        k = min(config.era_neighbours or members.size, members.size)
        # As ``BaselineIndex``: one shared median unless era baselines correct the edges.
        shared = k == members.size and not (config.era_neighbours and era.EDGE_CORRECTION)
        trends = (era.views_trend(logged=False), None, None, None)
        # One pool, four figures: its times digested once (when its medians are kept at all).
        times_key = times_digest(member_times) if keeps(asked_times) and not shared else None
        for figure, values, trend in zip(out, basis.figures, trends, strict=True):
            pool_values = values[members]
            if shared:
                whole = math.nan if np.isnan(pool_values).all() else np.nanmedian(pool_values)
                figure[asked] = float(whole)
            else:
                medians = pool_medians(member_times, pool_values, asked_times, k, trend, times_key)
                figure[asked] = medians


def _log_ratio(
    c: PieceColumns, figure: int, values: Floats, medians: Floats, smooth: Floats | None = None
) -> Floats:
    """``score_math.log_ratio`` elementwise (NaN for None)."""
    smooth = SMOOTHING * medians if smooth is None else smooth
    usable = ~np.isnan(values) & ~np.isnan(medians) & (smooth > 0)
    ratio = np.full(values.size, np.nan)
    quotient = (values[usable] + smooth[usable]) / (medians[usable] + smooth[usable])
    if c.memo is None:
        logs = mapped(math.log, quotient)
    else:  # kept per piece: every piece's quotient (NaN where unusable: never logged)
        quotients = np.full(values.size, np.nan)
        quotients[usable] = quotient
        logs = remembered(c, f"log ratio {figure}", math.log, quotients)[usable]
    ratio[usable] = np.maximum(-COMPONENT_CLIP, np.minimum(COMPONENT_CLIP, logs))
    return ratio


def _deviation(parts: list[Floats], config: ScoringConfig) -> Floats:
    weights = (
        config.weight_views,
        config.weight_engagement,
        config.weight_retention,
        config.weight_intent,
    )
    total = np.zeros(parts[0].size)
    weighted = np.zeros(parts[0].size)
    for weight, part in zip(weights, parts, strict=True):
        if weight > 0:
            present = ~np.isnan(part)
            total[present] += weight
            weighted[present] += weight * part[present]
    deviation = np.zeros(total.size)
    nonzero = total != 0
    deviation[nonzero] = weighted[nonzero] / total[nonzero]
    return deviation


def _bases(c: PieceColumns, now: datetime, config: ScoringConfig) -> tuple[_Basis, _Basis, Bools]:
    cutoff = (now - config.provisional_age - EPOCH) // MICROSECOND
    provisional = c.published_us > cutoff
    mature = ~provisional
    pool = mature if mature.sum() >= config.min_group_size else np.ones(len(c), dtype=bool)
    early_pool = pool & ~np.isnan(c.figures["views_24h"])
    return _Basis(_lifetime(c), pool), _Basis(_early(c), early_pool), provisional


def _parts(c: PieceColumns, now: datetime, config: ScoringConfig) -> tuple[list[Floats], Bools]:
    """Each piece's four log ratios to its baseline (NaN: unknown; views': 0), and which pieces
    are provisional."""
    lifetime, early, provisional = _bases(c, now, config)
    young = provisional & ~np.isnan(c.figures["views_24h"]) & bool(early.pool.any())
    medians = _baselines(c, (early, lifetime), young, config)
    values = [np.where(young, a, b) for a, b in zip(early.figures, lifetime.figures, strict=True)]
    del lifetime, early  # seven arrays of the catalogue's size, no longer read
    # Each figure's value and median dropped as its ratio is taken (popped from the lists).
    smooth: list[Floats | None] = [np.ones(len(c)), None, None, None]
    parts = [
        _log_ratio(c, figure, values.pop(0), medians.pop(0), smooth.pop(0))
        for figure in range(FIGURES)
    ]
    parts[0] = np.nan_to_num(parts[0], nan=0.0)
    return parts, provisional


def score_columns(c: PieceColumns, now: datetime, config: ScoringConfig) -> ScoreColumns:
    """Score every piece of one creator against that creator's own typical piece."""
    if not len(c):
        empty = np.zeros(0)
        none, nothing = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool)
        return ScoreColumns(empty, empty, [], nothing, empty, empty, empty, empty, none)
    parts, provisional = _parts(c, now, config)
    deviation = _deviation(parts, config)
    exponent = -(config.intercept + config.slope * deviation)
    scores = 100.0 / (1.0 + remembered(c, "score exp", math.exp, exponent))
    score = rounded(scores, 2)
    ranks = percentile_ranks(deviation, provisional, _by_deviation(c, deviation))
    return ScoreColumns(
        performance_score=score,
        percentile_rank=rounded(ranks, 1),
        performance_category=categories(score),
        category_codes=category_codes(score),
        provisional=provisional,
        view_ratio=remembered(c, "ratio exp 0", math.exp, parts[0]),
        engagement_ratio=remembered(c, "ratio exp 1", math.exp, parts[1]),
        retention_ratio=remembered(c, "ratio exp 2", math.exp, parts[2]),
        intent_ratio=remembered(c, "ratio exp 3", math.exp, parts[3]),
    )


def _by_deviation(c: PieceColumns, deviation: Floats) -> NDArray[np.int64]:
    """The positions by deviation, sorted from the order the last refresh left where the memo
    holds it: the kept pieces mostly keep their order, and sorting runs already in order is a
    merge (a sort at random took ~0.6 ms at 10,000 pieces). Ties may fall in another order:
    the ranks are read off the sorted values."""
    guess = _last_order(c)
    if guess is None:
        order: NDArray[np.int64] = np.argsort(deviation, kind="stable")
    else:
        order = guess[np.argsort(deviation[guess], kind="stable")]
    if c.memo is not None:
        places = np.empty(order.size, dtype=np.int64)
        places[order] = np.arange(order.size)
        c.memo.keep(RANK_PLACES, c.published_us, places)
    return order


def _last_order(c: PieceColumns) -> NDArray[np.int64] | None:
    """Every position, the kept pieces first in their last order by deviation (None: no such
    order kept for these columns)."""
    kept = None if c.memo is None else c.memo.kept(RANK_PLACES)
    if kept is None or kept[1].shape != c.published_us.shape:
        return None
    _, places, known = kept
    slots = np.full(int(places[known].max(initial=-1)) + 1, -1, dtype=np.int64)
    slots[places[known]] = np.flatnonzero(known)
    guess = np.concatenate([slots[slots >= 0], np.flatnonzero(~known)])
    return guess if guess.size == len(c) else None  # each position once, or no guess
