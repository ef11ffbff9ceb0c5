"""Era-relative baselines: the nearest pieces in time, their medians, and a growing channel."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from bench.truth import GROWTH, score_simulated, under_share_by_third
from insights.era import era_medians, nearest_in_time, row_medians
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
