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

from insights.fact_arrays import Ints
from insights.piece_columns import Bools, Floats, PieceColumns
from insights.score_baselines import FIGURES, baseline_inputs
from insights.score_math import (
    CATEGORY_NAMES,
    COMPONENT_CLIP,
    OVER_THRESHOLD,
    SMOOTHING,
    UNDER_THRESHOLD,
    ScoringConfig,
    percentile_ranks,
    ranks_among,
)
from insights.score_reuse import (
    DEVIATION,
    ENGAGEMENT,
    INTENT,
    RANK,
    RETENTION,
    SCORE,
    VIEW,
    KeptScores,
    keep_scores,
    kept_scores,
)

PYTHON_SLICE = 65_536  # values made Python floats at once
# How near a half (relative to the figure) a scaled value is rounded by Python, not numpy: a
# million times the product's own rounding error.
HALF_MARGIN = 1e-9
RANK_PLACES = "rank places"  # the memo's entry: each piece's place in the last sort by deviation


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


def _log_ratio(
    c: PieceColumns | None,
    figure: int,
    values: Floats,
    medians: Floats,
    smooth: Floats | None = None,
) -> Floats:
    """``score_math.log_ratio`` elementwise (NaN for None); ``c``: the columns whose memo keeps
    the logarithms (None: these values are some pieces', all logged)."""
    smooth = SMOOTHING * medians if smooth is None else smooth
    usable = ~np.isnan(values) & ~np.isnan(medians) & (smooth > 0)
    ratio = np.full(values.size, np.nan)
    quotient = (values[usable] + smooth[usable]) / (medians[usable] + smooth[usable])
    if c is None or c.memo is None:
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


def _parts(c: PieceColumns | None, values: list[Floats], medians: list[Floats]) -> list[Floats]:
    """The four log ratios to the baselines (NaN: unknown; views': 0). Each figure's values and
    medians are dropped as its ratio is taken (popped from the lists)."""
    smooth: list[Floats | None] = [np.ones(values[0].size), None, None, None]
    parts = [
        _log_ratio(c, figure, values.pop(0), medians.pop(0), smooth.pop(0))
        for figure in range(FIGURES)
    ]
    parts[0] = np.nan_to_num(parts[0], nan=0.0)
    return parts


def score_columns(c: PieceColumns, now: datetime, config: ScoringConfig) -> ScoreColumns:
    """Score every piece of one creator against that creator's own typical piece: after an
    upload, only the pieces whose inputs moved (``insights.score_reuse``)."""
    if not len(c):
        empty = np.zeros(0)
        none, nothing = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool)
        return ScoreColumns(empty, empty, [], nothing, empty, empty, empty, empty, none)
    values, medians, provisional, reused = baseline_inputs(c, now, config)
    kept = kept_scores(c, reused, provisional)
    if kept is None:
        found = _scored(c, values, medians, provisional, config)
    else:
        found = _rescored(kept, values, medians, provisional, config)
    keep_scores(c, found)
    score = found[SCORE]
    return ScoreColumns(
        performance_score=score,
        percentile_rank=found[RANK],
        performance_category=categories(score),
        category_codes=category_codes(score),
        provisional=provisional,
        view_ratio=found[VIEW],
        engagement_ratio=found[ENGAGEMENT],
        retention_ratio=found[RETENTION],
        intent_ratio=found[INTENT],
    )


def _scored(
    c: PieceColumns,
    values: list[Floats],
    medians: list[Floats],
    provisional: Bools,
    config: ScoringConfig,
) -> list[Floats]:
    """Every piece's score columns (``score_reuse``'s order)."""
    parts = _parts(c, values, medians)
    deviation = _deviation(parts, config)
    ranks = percentile_ranks(deviation, provisional, _by_deviation(c, deviation))
    ratios = [remembered(c, f"ratio exp {i}", math.exp, part) for i, part in enumerate(parts)]
    flags = provisional.astype(np.float64)
    return [_score(c, deviation, config), rounded(ranks, 1), flags, *ratios, deviation]


def _rescored(
    kept: KeptScores,
    values: list[Floats],
    medians: list[Floats],
    provisional: Bools,
    config: ScoringConfig,
) -> list[Floats]:
    """The kept score columns with the pieces ``kept.todo`` scored again."""
    todo = kept.todo
    parts = _parts(None, [v[todo] for v in values], [m[todo] for m in medians])
    deviation = _deviation(parts, config)
    ranks = ranks_among(kept.judged(provisional), deviation)
    ratios = [mapped(math.exp, part) for part in parts]
    flags = provisional[todo].astype(np.float64)
    found = [_score(None, deviation, config), rounded(ranks, 1), flags, *ratios, deviation]
    columns = [kept.column(index) for index in range(DEVIATION + 1)]
    for column, scored in zip(columns, found, strict=True):
        column[todo] = scored
    return columns


def _score(c: PieceColumns | None, deviation: Floats, config: ScoringConfig) -> Floats:
    """The scores of these deviations, rounded (``c``: whose memo keeps the exponentials)."""
    exponent = -(config.intercept + config.slope * deviation)
    exps = (
        mapped(math.exp, exponent) if c is None else remembered(c, "score exp", math.exp, exponent)
    )
    return rounded(100.0 / (1.0 + exps), 2)


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
