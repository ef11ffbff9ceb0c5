"""The window scan's day orders and leading-set z against a stable argsort and the direct
formula, to the bit, and whole scans against a scan built on them."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from insights import timing
from insights.day_sets import DaySets


def _reference(
    counts: np.ndarray, sums: np.ndarray, n: int, mean: float, spread: float, min_size: int = 3
) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Days sorted by mean with a stable argsort (empty days last), each leading set's z from
    its formula; (rows, day rank, hour window), keyed by +1 (best first) and -1."""
    found = {}
    counts = np.broadcast_to(counts, sums.shape)
    for sign in (1, -1):
        with np.errstate(invalid="ignore", divide="ignore"):
            means = np.where(counts > 0, sums / counts, -np.inf * sign)
        order = np.argsort(-sign * means, axis=1, kind="stable")
        size = np.cumsum(np.take_along_axis(counts, order, axis=1), axis=1)
        total = np.cumsum(np.take_along_axis(sums, order, axis=1), axis=1)
        valid = (size >= min_size) & (n - size >= min_size)
        variance = size * (n - size) / n * spread
        z = (total - size * mean) / np.sqrt(np.where(valid & (variance > 0), variance, 1.0))
        found[sign] = (np.where(valid, z, np.nan), order)
    return found


def _cells(kind: str, rows: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Post counts (day, hour window) and score sums (rows, day, hour window): continuous sums,
    sums of a few whole values (many tied means), or cells with one post and empty days."""
    rng = np.random.default_rng(seed)
    counts = rng.integers(1, 4 if kind == "sparse" else 40, (7, 121)).astype(float)
    if kind == "sparse":
        counts[rng.random(counts.shape) < 0.4] = 0.0
    sums = rng.normal(size=(rows, 7, 121)) * np.sqrt(counts)
    if kind != "continuous":
        sums = rng.integers(-2, 3, sums.shape) * np.minimum(counts, 2.0)
    return counts, np.where(counts > 0, sums, 0.0)


@pytest.mark.parametrize("kind", ["continuous", "tied", "sparse"])
@pytest.mark.parametrize("rows", [1, 37])
def test_days_sort_stably_by_mean_and_every_leading_set_has_its_formulas_z(
    kind: str, rows: int
) -> None:
    counts, sums = _cells(kind, rows, rows)
    n = int(counts.sum() / 3)  # each post in about three windows a day
    sets = DaySets(counts, n, 0.1, 0.9, 3)
    best, worst = (z.copy() for z in sets.z(sums))
    orders = sets.orders(sums)
    expected = _reference(counts, sums, n, 0.1, 0.9)
    tied = np.take_along_axis(sums / np.maximum(counts, 1), expected[1][1], axis=1)
    assert kind == "continuous" or (tied[:, 1:] == tied[:, :-1]).mean() > 0.1
    for found, order, sign in ((best, orders[0], 1), (worst, orders[1], -1)):
        assert np.array_equal(order, expected[sign][1])
        assert np.array_equal(found, expected[sign][0], equal_nan=True)
        assert np.isnan(found).any() and not np.isnan(found).all()


def test_arrays_handed_on_to_the_next_scan_hold_its_counts_and_not_another_scans() -> None:
    (counts, sums), (other, other_sums) = _cells("sparse", 5, 1), _cells("tied", 5, 2)
    with DaySets(counts, 500, 0.0, 1.0, 3) as first:
        alone = first.z(sums)[0].copy()
    expected = _reference(other, other_sums, 900, 0.0, 1.0)[1][0]
    with DaySets(other, 900, 0.0, 1.0, 3) as second, DaySets(counts, 500, 0.0, 1.0, 3) as third:
        assert np.array_equal(second.z(other_sums)[0], expected, equal_nan=True)
        assert np.array_equal(third.z(sums)[0], alone, equal_nan=True)
        assert np.array_equal(second.z(other_sums)[0], expected, equal_nan=True)


class _SortedScan(timing._Scan):
    """The scan with every row's days sorted by argsort and every z from its formula."""

    def z_by_sign(self, hour_sums: timing.Array) -> dict[int, tuple[timing.Array, np.ndarray]]:
        sums = self._cell_sums(hour_sums)
        return _reference(self.cell_counts, sums, self.n, self.mean, self.spread, self.min_size)

    def z_parts(self, hour_sums: timing.Array, rows: int = 0) -> Any:
        yield {sign: z for sign, (z, _) in self.z_by_sign(hour_sums).items()}


def _posts(n: int, seed: int, kind: str) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    week_hours = rng.integers(0, 168, n)
    if kind == "some days":  # three days, four evening hours, whole-number outcomes
        week_hours = rng.choice([0, 2, 5], n) * 24 + rng.integers(18, 22, n)
    outcomes = rng.lognormal(size=n) * np.exp(0.6 * (week_hours % 24 >= 18))
    if kind != "planted":
        outcomes = rng.integers(0, 3, n).astype(float)
    return week_hours.astype(np.int64), outcomes


@pytest.mark.parametrize(
    ("n", "kind"), [(60, "tied"), (500, "some days"), (700, "planted"), (2_500, "planted")]
)
def test_scans_find_what_a_scan_sorting_every_row_finds(
    n: int, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    week_hours, outcomes = _posts(n, n, kind)
    found = timing.scan_windows(week_hours, outcomes)
    observed = timing.observed_windows(week_hours, outcomes)
    monkeypatch.setattr(timing, "_Scan", _SortedScan)
    assert found and found == timing.scan_windows(week_hours, outcomes)
    assert observed == timing.observed_windows(week_hours, outcomes)
