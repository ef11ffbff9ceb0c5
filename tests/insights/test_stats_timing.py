"""Group tests, Benjamini-Hochberg and the posting-window scan on synthetic data."""

from __future__ import annotations

import numpy as np
import pytest

from insights.stats import adjust_pvalues, adjust_pvalues_two_stage, compare_groups
from insights.timing import SEARCHES, scan_windows
from insights.windows import Window


def test_benjamini_hochberg_matches_the_textbook() -> None:
    p = [0.01, 0.04, 0.03, 0.005]
    assert adjust_pvalues(p) == pytest.approx([0.02, 0.04, 0.04, 0.02])
    assert adjust_pvalues([]) == []


def test_two_stage_bh_adapts_to_the_share_of_true_effects() -> None:
    # BH: 0.006 x4, 0.054, 0.9 (the fifth misses 0.05). Stage one at 0.05 / 1.05 passes four, so
    # two of six look null: stage two scales by 1.05 * 2 / 6 and the fifth passes.
    p = [0.001, 0.002, 0.003, 0.004, 0.045, 0.9]
    assert adjust_pvalues(p)[4] == pytest.approx(0.054)
    assert adjust_pvalues_two_stage(p, 0.05) == pytest.approx([0.0021] * 4 + [0.0189, 0.315])


def test_two_stage_bh_is_never_looser_than_bh_when_nothing_stands_out() -> None:
    p = [0.2, 0.5, 0.9, 0.04]
    bh = adjust_pvalues(p)
    assert adjust_pvalues_two_stage(p, 0.05) == pytest.approx([1.05 * q for q in bh])
    assert adjust_pvalues_two_stage([], 0.05) == []


def test_groups_under_three_pieces_are_not_tested() -> None:
    assert compare_groups([1.0, 2.0], [1.0, 2.0, 3.0]) is None
    test = compare_groups([5.0, 6.0, 7.0, 8.0], [1.0, 2.0, 3.0, 1.5, 2.5])
    assert test is not None and test.direction == 1 and test.p_value < 0.05


def test_windows_read_naturally_and_wrap_past_midnight() -> None:
    slot = Window((0, 2, 3), 14, 5)
    assert (slot.key, slot.label) == ("slot:mon+wed+thu:14-19", "Mon, Wed, Thu 14-19 h")
    late = Window(tuple(range(7)), 23, 6)
    assert (late.key, late.label) == ("hours:23-05", "23-05 h (any day)")
    assert late.contains(6, 23) and late.contains(0, 4) and not late.contains(0, 5)
    sunday_night = Window((6,), 22, 4)
    assert sunday_night.contains(0, 1) and not sunday_night.contains(6, 1)
    assert Window((5, 6), 0, 24).key == "days:sat+sun"


def _posts(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    day = rng.integers(0, 7, n)
    hour = rng.integers(8, 23, n)
    return (day * 24 + hour).astype(np.int64), np.zeros(n)


def test_scan_finds_a_planted_window_and_nothing_in_noise() -> None:
    rng = np.random.default_rng(4)
    week_hours, outcome = _posts(400, rng)
    noise = rng.normal(0, 0.4, 400)
    good = np.isin(week_hours // 24, [1, 4]) & (week_hours % 24 >= 9) & (week_hours % 24 < 13)
    results = scan_windows(week_hours, outcome + noise + 0.8 * good)
    best = max(results, key=lambda r: r.z)
    assert best.p_value <= 0.01 and set(best.window.days) == {1, 4}
    assert 8 <= best.window.start_hour <= 10
    null = scan_windows(week_hours, outcome + noise)
    assert min(r.p_value for r in null) > 0.01


def test_a_shuffles_extreme_ignores_windows_too_small_to_test() -> None:
    z = np.full((2, 7, 3), np.nan)  # (shuffle, day set, hour window)
    z[0, 2, 1], z[0, 4, 0], z[0, 6, 2] = 1.5, -2.0, 9.0
    best_on_some_days, worst_on_some_days = SEARCHES[2], SEARCHES[3]
    assert best_on_some_days.extremes(z).tolist() == [1.5, -np.inf]
    assert worst_on_some_days.extremes(z).tolist() == [-2.0, np.inf]
    assert SEARCHES[0].extremes(z).tolist() == [9.0, -np.inf]
