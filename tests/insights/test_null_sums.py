"""The window scan's null drawn from the normal limit of its hour sums, against real shuffles."""

from __future__ import annotations

import numpy as np
import pytest

from insights import shuffles, timing
from insights.null_sums import NormalSums


def _posts(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Week-hours at a creator's evening habit, and noise as outcomes."""
    rng = np.random.default_rng(seed)
    hours = np.clip(np.round(rng.normal(18, 2.5, n)), 0, 23).astype(np.int64)
    return rng.integers(0, 7, n) * 24 + hours, rng.normal(size=n)


def test_the_drawn_sums_have_the_mean_and_covariance_of_shuffled_ones() -> None:
    week_hours, outcomes = _posts(600, 1)
    scan = timing._Scan(week_hours, timing.normal_scores(outcomes), 3)
    counts = np.bincount(week_hours, minlength=timing.WEEK_HOURS).astype(float)
    drawn = NormalSums(np.random.default_rng(2), counts, scan.mean, scan.spread).draw(20_000)
    rng = np.random.default_rng(3)
    scores = timing.normal_scores(outcomes)
    shuffled = scan.hour_sums(rng.permuted(np.tile(scores, (20_000, 1)), axis=1))
    busy = counts >= 20  # week-hours with enough posts for a covariance to settle
    assert drawn.mean(axis=0) == pytest.approx(shuffled.mean(axis=0), abs=0.15)
    found, expected = np.cov(drawn[:, busy].T), np.cov(shuffled[:, busy].T)
    assert np.abs(found - expected).max() < 0.1 * np.abs(expected).max()
    assert np.allclose(drawn.sum(axis=1), scores.sum())  # the sums always add up to the whole


def test_a_large_catalogue_scans_without_shuffling_any_score(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refused(*args: object) -> None:
        raise AssertionError("a large catalogue shuffled its scores")

    monkeypatch.setattr(shuffles.Shuffles, "__init__", refused)
    week_hours, outcomes = _posts(timing.NORMAL_FROM, 4)
    assert timing.scan_windows(week_hours, outcomes)
    with pytest.raises(AssertionError, match="shuffled"):
        timing.scan_windows(week_hours[:-1], outcomes[:-1])


@pytest.mark.parametrize("planted", [0.0, 0.35])
def test_the_normal_null_gives_the_p_values_the_shuffles_give(
    planted: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    week_hours, outcomes = _posts(3_000, 5)
    good = np.isin(week_hours // 24, [1, 4]) & (week_hours % 24 >= 17) & (week_hours % 24 < 20)
    outcomes = outcomes + planted * good
    normal = timing.scan_windows(week_hours, outcomes)
    monkeypatch.setattr(timing, "NORMAL_FROM", 10**9)
    exact = timing.scan_windows(week_hours, outcomes)
    assert [r.window for r in normal] == [r.window for r in exact]
    for a, b in zip(normal, exact, strict=True):
        # Within three standard errors of two Monte Carlo estimates of the same p-value.
        spread = b.p_value * (1 - b.p_value) * (1 / a.permutations + 1 / b.permutations)
        assert abs(a.p_value - b.p_value) <= 3 * spread**0.5 + 0.002
    if planted:
        best = max(normal, key=lambda r: r.z)
        assert best.p_value <= 0.002 and set(best.window.days) == {1, 4}
