"""Scoring's era baselines looked up per pool give, bit for bit, what computing them gives.

Random pools (ties, fractional and whole-second instants, unreported figures) are asked at one
set of moments, then at another that shares some: every answer, looked up, computed or both,
equals ``era_medians`` over all the moments at once. A pool that moved is another key.
"""

from __future__ import annotations

import numpy as np
import pytest

from insights import baseline_lookup
from insights.baseline_lookup import pool_medians
from insights.era import era_medians
from insights.pattern_memo import fresh_patterns

TRENDS = ("log", None, None, None)


def _pool(rng: np.random.Generator) -> tuple[np.ndarray, list[np.ndarray]]:
    size = int(rng.integers(1, 120))
    whole = bool(rng.integers(0, 2))
    times = rng.integers(0, 400, size).astype(float) if whole else rng.uniform(0, 400, size)
    figures = [rng.lognormal(5, 1, size) for _ in TRENDS]
    for values in figures:
        values[rng.random(size) < 0.2] = np.nan
    return 1.7e9 + np.sort(times), figures


def _both(
    times: np.ndarray, figures: list[np.ndarray], queries: np.ndarray, k: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per figure: (looked up or computed, computed at once)."""
    pairs = zip(figures, TRENDS, strict=True)
    return [
        (pool_medians(times, v, queries, k, t), era_medians(times, v, queries, k, t))
        for v, t in pairs
    ]


@pytest.mark.parametrize("seed", range(40))
def test_medians_looked_up_or_computed_equal_computing_them_all(seed: int) -> None:
    rng = np.random.default_rng(seed)
    times, figures = _pool(rng)
    k = int(rng.choice([3, 8, 32]))
    first = rng.choice(times, 30) + rng.choice([0.0, 0.5, 3.0], 30)
    second = np.concatenate([first[:10], rng.uniform(times[0] - 50, times[-1] + 50, 25)])
    for queries in (first, second, second):
        for got, want in _both(times, figures, queries, k):
            np.testing.assert_array_equal(got, want)


def test_a_second_ask_of_a_pool_computes_only_moments_not_asked_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    baseline_lookup.MEMO.clear()
    times, figures = _pool(np.random.default_rng(1234))
    asked: list[int] = []
    real = era_medians

    def counted(pool: np.ndarray, values: np.ndarray, queries: np.ndarray, *rest: object) -> object:
        asked.append(queries.size)
        return real(pool, values, queries, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(baseline_lookup, "era_medians", counted)
    views = figures[0]
    pool_medians(times, views, times[:20], 8, "log")
    pool_medians(times, views, np.concatenate([times[:20], [times[-1] + 1.5]]), 8, "log")
    pool_medians(times, views * 2, times[:20], 8, "log")  # another pool: computed again
    with fresh_patterns():  # the full refresh: computed, never looked up
        pool_medians(times, views, times[:20], 8, "log")
    first = np.unique(times[:20]).size
    assert asked == [first, 1, first, first]
