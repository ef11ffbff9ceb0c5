"""Era-relative baselines: the nearest pieces in time, their medians, and a growing channel."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from unittest import mock

import numpy as np
import pytest

from bench.truth import GROWTH, score_simulated, under_share_by_third
from insights import era
from insights.baseline import LIFETIME, BaselineIndex, ScoreInput
from insights.era import era_medians, local_slopes, nearest_in_time, row_medians
from insights.score_math import ScoringConfig
from simulator import SimulationConfig


@pytest.mark.parametrize("seed", range(5))
def test_the_nearest_pieces_are_the_k_closest_in_time(seed: int) -> None:
    rng = np.random.default_rng(seed)
    pool = np.sort(rng.integers(0, 500, size=60).astype(float))  # ties included
    queries = rng.uniform(-50, 550, size=40)
    rows = nearest_in_time(pool, queries, 7)
    for query, row in zip(queries, rows, strict=True):
        chosen = np.abs(pool[row] - query)
        others = np.abs(np.delete(pool, row) - query)
        assert len(set(row.tolist())) == 7 and chosen.max() <= others.min()


@pytest.mark.parametrize("seed", range(20))
def test_whole_second_instants_find_the_very_runs_of_the_distance_table(seed: int) -> None:
    rng = np.random.default_rng(seed)
    span = int(rng.choice([4, 60, 10**7]))  # a small span: many ties
    pool = 1.7e9 + np.sort(rng.integers(0, span, size=int(rng.integers(1, 90))).astype(float))
    queries = pool[0] + rng.integers(-span // 4 - 2, span + span // 4 + 2, size=50)
    for k in (1, 5, 32, 64, 200):
        width = min(k, pool.size)
        table = era._nearest_chunk(pool, queries, width)  # each run's start
        assert (nearest_in_time(pool, queries, k) == table[:, None] + np.arange(width)).all()


def test_fractional_instants_take_the_distance_table() -> None:
    pool, queries = np.array([0.5, 1.25, 2.0, 7.5]), np.array([1.0, 6.0])
    with mock.patch.object(era, "_nearest_runs", side_effect=AssertionError("not whole")):
        rows = nearest_in_time(pool, queries, 2)
    assert rows.tolist() == [[0, 1], [2, 3]]


def test_medians_of_ordered_rows_are_numpys_medians() -> None:
    rows = np.sort(np.random.default_rng(3).normal(size=(50, 64)), axis=1)
    for width in (1, 2, 31, 32):
        assert (era.sorted_medians(rows[:, :width]) == np.median(rows[:, :width], axis=1)).all()


def test_a_pool_smaller_than_k_is_taken_whole() -> None:
    rows = nearest_in_time(np.array([1.0, 2.0, 3.0]), np.array([0.0, 9.0]), 20)
    assert rows.tolist() == [[0, 1, 2], [0, 1, 2]]


def test_row_medians_skip_missing_values() -> None:
    values = np.array([[1.0, np.nan, 3.0, 10.0], [np.nan] * 4, [4.0, 2.0, np.nan, np.nan]])
    medians = row_medians(values)
    assert medians[0] == 3.0 and np.isnan(medians[1]) and medians[2] == 3.0


def test_a_piece_is_compared_with_its_own_era() -> None:
    times = np.arange(100.0)
    values = np.where(times < 50, 100.0, 1000.0)  # the channel grew tenfold halfway
    medians = era_medians(times, values, np.array([10.0, 90.0, 49.0]), 9)
    assert medians.tolist() == [100.0, 1000.0, 100.0]


def _under_thirds(config: SimulationConfig, neighbours: int | None) -> tuple[float, float]:
    scoring = replace(ScoringConfig(), era_neighbours=neighbours)
    totals = np.zeros(2)
    for seed in range(3):
        pieces, _, results = score_simulated(config, seed, scoring)
        totals += under_share_by_third(pieces, results)
    oldest, newest = totals / 3
    return float(oldest), float(newest)


def test_a_growing_channels_old_pieces_are_not_underperforming_for_being_old() -> None:
    grown = SimulationConfig(pieces=300, **GROWTH)  # type: ignore[arg-type]
    oldest, newest = _under_thirds(grown, None)  # the whole history: the trap
    assert oldest > 2 * newest
    oldest, newest = _under_thirds(grown, ScoringConfig().era_neighbours)
    assert max(oldest, newest) < 2 * min(oldest, newest)
    assert 0.12 < oldest < 0.28 and 0.12 < newest < 0.28  # the planted 20 % in both


def _growing(n: int, factor: float) -> tuple[np.ndarray, np.ndarray]:
    """Views that grow by ``factor`` over the window, with a little deterministic noise."""
    times = np.arange(float(n))
    noise = np.exp(0.1 * np.sin(times * 1.7))
    return times, 1000.0 * factor ** (times / (n - 1)) * noise


def test_the_edges_of_a_growing_channel_are_compared_nearer_their_own_moment() -> None:
    times, views = _growing(100, 9.0)
    edges = np.array([0.0, 99.0])
    plain = np.log(era_medians(times, views, edges, 32))
    corrected = np.log(era_medians(times, views, edges, 32, "log"))
    own = np.log(views[[0, -1]] / np.exp(0.1 * np.sin(edges * 1.7)))  # the trend itself
    assert plain[0] > own[0] + 0.25 and plain[1] < own[1] - 0.25  # one-sided neighbours
    bias = np.abs(corrected - own) / np.abs(plain - own)
    assert (bias < 0.6).all()  # half the trend is corrected for (era.TREND_SHRINK)
    with mock.patch.object(era, "TREND_SHRINK", 1.0):
        full = np.log(era_medians(times, views, edges, 32, "log"))
    assert np.allclose(full, own, atol=0.1)


def test_the_trend_correction_leaves_a_flat_channel_and_missing_figures_alone() -> None:
    times = np.arange(60.0)
    values = np.where(times % 7 == 3, np.nan, 50.0 + (times % 5))
    queries = np.array([0.0, 30.0, 59.0])
    assert era_medians(times, values, queries, 32, "log").tolist() == pytest.approx(
        era_medians(times, values, queries, 32).tolist(), abs=0.6
    )
    assert np.isnan(era_medians(times, np.full(60, np.nan), queries, 32, "linear")).all()


def _one_by_one(
    times: np.ndarray, values: np.ndarray, queries: np.ndarray, k: int, trend: str | None
) -> np.ndarray:
    """``era_medians`` as the module describes it, one query at a time (the reference)."""
    sloped = np.log1p(np.maximum(values, 0.0)) if trend == "log" else values
    found = []
    rows, wide = nearest_in_time(times, queries, k), nearest_in_time(times, queries, 2 * k)
    for query, row, span in zip(queries.tolist(), rows, wide, strict=True):
        known = values[row][~np.isnan(values[row])]
        median = float(np.median(known)) if known.size else np.nan
        if trend is not None and row.size >= era.MIN_TREND and not np.isnan(median):
            slope = local_slopes((times[span] - query)[None, :], sloped[span][None, :])[0, 0]
            shift = slope * (np.median(times[row]) - query)
            median = median - shift if trend == "linear" else (median + 1) * np.exp(-shift) - 1
        found.append(median)
    return np.array(found)


@pytest.mark.parametrize("seed", range(12))
def test_era_medians_are_each_querys_own_neighbours_median_moved_along_their_slope(
    seed: int,
) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 150))
    times = np.sort(rng.integers(0, int(rng.choice([20, 10**6])), size=n).astype(float))
    values = np.round(rng.lognormal(3.0, 1.0, size=n))  # ties
    values[rng.random(n) < rng.choice([0.0, 0.3, 0.9])] = np.nan
    queries = np.concatenate([times, rng.uniform(-10, times[-1] + 10, size=20).round()])
    for k in (1, 7, 8, 9, 32, 200):
        for trend in (None, "log", "linear"):
            expected = _one_by_one(times, values, queries, k, trend)
            found = era_medians(times, values, queries, k, trend)
            assert np.array_equal(found, expected, equal_nan=True), (k, trend)


def test_strided_and_read_only_figures_give_the_medians_of_their_copies() -> None:
    times = np.arange(0.0, 400.0, 4.0)
    doubled = np.repeat(np.exp(np.sin(times / 9.0)), 2)
    doubled.flags.writeable = False
    for trend in (None, "log", "linear"):
        expected = era_medians(times, doubled[::2].copy(), times, 32, trend)
        assert (era_medians(times, doubled[::2], times, 32, trend) == expected).all()


def test_a_local_slope_shrugs_off_an_outlier() -> None:
    offsets = np.arange(-8.0, 8.0)[None, :]
    values = 2.0 * offsets
    values[0, 3] = 1e6  # one viral piece
    slope = local_slopes(offsets, values)[0, 0] / era.TREND_SHRINK
    assert slope == pytest.approx(2.0, rel=0.2)  # not ~10,000


def test_an_unknown_trend_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown trend"):
        era_medians(np.arange(3.0), np.ones(3), np.zeros(1), 2, "cubic")


def _null_edges(corrected: str | None) -> tuple[float, float]:
    grown_null = SimulationConfig.null(pieces=200, **GROWTH)
    with mock.patch.object(era, "EDGE_CORRECTION", corrected):
        totals = np.zeros(2)
        for seed in range(6):
            pieces, _, results = score_simulated(grown_null, seed)
            totals += under_share_by_third(pieces, results)
    oldest, newest = totals / 6
    return float(oldest), float(newest)


def _within_twice(oldest: float, newest: float) -> bool:
    """The issue's rule, each share counted one point higher so that small shares compare."""
    return max(oldest, newest) + 0.01 <= 2 * (min(oldest, newest) + 0.01)


def test_a_grown_channel_without_effects_flags_neither_edge_for_its_era() -> None:
    oldest, newest = _null_edges(corrected=None)
    assert not _within_twice(oldest, newest)  # one-sided neighbours: the oldest look poor
    oldest, newest = _null_edges(corrected="trend")
    assert _within_twice(oldest, newest) and max(oldest, newest) < 0.02


def test_a_group_no_larger_than_the_era_is_still_trend_corrected() -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    pieces = [
        ScoreInput(
            uuid.UUID(int=i + 1),
            "youtube",
            "long",
            start + timedelta(days=7 * i),
            views=int(1000 * 2 ** (i / 4)),
            engagement_rate=5.0,
            retention_rate=0.5,
            high_intent=0,
            reach=None,
        )
        for i in range(20)
    ]
    index = BaselineIndex(pieces, LIFETIME, 8, neighbours=32)
    oldest, newest = index.for_pieces([pieces[0], pieces[-1]])
    whole = float(np.median([p.views for p in pieces]))  # about 5,200: one shared baseline
    assert pieces[0].views < oldest.median_views < 0.6 * whole
    assert 1.6 * whole < newest.median_views < pieces[-1].views


def test_detrending_takes_out_a_breakout_and_keeps_what_varies_within_an_era() -> None:
    times = np.arange(200, dtype=float)
    effect = np.where(np.arange(200) % 5 == 0, 0.5, 0.0)  # every fifth piece does better
    values = np.where(times < 100, 0.0, 1.1) + effect  # a step: x3 views mid-way
    left = era.detrended(times, values, 32)
    assert abs(np.median(left[:100]) - np.median(left[100:])) < 1e-9
    lifts = left[effect > 0] - np.median(left[effect == 0])
    assert np.median(lifts) == pytest.approx(0.5)  # the pieces at the step itself blur a little


def test_detrending_leaves_one_era_and_a_switched_off_rule_alone() -> None:
    values = np.linspace(0.0, 1.0, 32)
    assert era.detrended(np.arange(32.0), values, 32) is values
    with mock.patch.object(era, "PATTERN_DETREND", False):
        many = np.linspace(0.0, 1.0, 100)
        assert era.detrended(np.arange(100.0), many, 32) is many
