"""The group test's own Mann-Whitney p-value is scipy's, bit for bit, on any samples."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import mannwhitneyu

from insights.mann_whitney import p_value, ranked
from insights.stats import compare_groups, compare_within

SAMPLES = st.lists(
    st.one_of(
        st.floats(-5, 5, allow_nan=False),
        st.integers(0, 4).map(float),  # many ties
    ),
    min_size=6,
    max_size=80,
)


def mann_whitney_p(both: np.ndarray, n1: int) -> float:
    """The p-value of the first ``n1`` values against the others."""
    return p_value(ranked(both), np.arange(len(both)) < n1)


def scipy_p(both: np.ndarray, n1: int) -> float:
    return float(mannwhitneyu(both[:n1], both[n1:], alternative="two-sided").pvalue)


@given(SAMPLES, st.integers(3, 40))
def test_the_p_value_is_scipy_s_exactly_with_or_without_ties(values: list[float], n1: int) -> None:
    both = np.array(values)
    n1 = min(n1, len(both) - 3)
    if np.ptp(both) > 0:
        assert mann_whitney_p(both, n1) == scipy_p(both, n1)


def test_large_samples_with_ties_get_scipy_s_p_value_exactly() -> None:
    rng = np.random.default_rng(4)
    for size in (200, 5_000, 12_000):
        both = np.round(rng.standard_normal(size) + np.repeat([0.05, 0.0], size // 2), 2)
        for n1 in (9, size // 3, size - 20):
            assert mann_whitney_p(both, n1) == scipy_p(both, n1)


def test_small_samples_without_ties_use_scipy_s_exact_distribution() -> None:
    both = np.array([0.3, 1.2, 2.5, 0.1, 0.7, 1.9, 3.3, 2.2, 0.05, 4.1])
    exact = mannwhitneyu(both[:3], both[3:], method="exact").pvalue
    normal = mannwhitneyu(both[:3], both[3:], method="asymptotic").pvalue
    assert mann_whitney_p(both, 3) == exact != normal


def test_a_missing_value_makes_no_claim() -> None:
    test = compare_groups([1.0, 2.0, float("nan"), 4.0], [5.0, 6.0, 7.0, 8.0, 9.0, 10.0])
    assert test is not None and test.p_value == 1.0


def test_groups_of_one_ranked_sample_get_what_each_test_on_its_own_gets() -> None:
    rng = np.random.default_rng(7)
    values = np.round(rng.standard_normal(3_000), 1)
    sample = ranked(values)
    for share in (0.002, 0.1, 0.5, 0.97):
        inside = rng.random(3_000) < share
        alone = compare_groups(values[inside], values[~inside])
        assert compare_within(sample, inside) == alone
        assert alone is not None and alone.p_value == scipy_p(
            np.concatenate([values[inside], values[~inside]]), int(inside.sum())
        )


@given(
    st.lists(
        st.one_of(
            st.floats(-5, 5, allow_nan=False),
            st.integers(0, 4).map(float),
            st.sampled_from([np.inf, -np.inf, np.nan]),  # read with np.median itself
        ),
        min_size=2,
        max_size=60,
    ),
    st.data(),
)
def test_a_group_s_and_the_rest_s_medians_are_numpy_s_bit_for_bit(
    values: list[float], data: st.DataObject
) -> None:
    sample = np.array(values)
    sides = st.lists(st.booleans(), min_size=len(values), max_size=len(values))
    inside = np.array(data.draw(sides))
    inside[0], inside[-1] = True, False  # neither side empty
    medians = ranked(sample).medians(inside)
    wanted = (np.median(sample[inside]), np.median(sample[~inside]))
    assert np.array(medians).tobytes() == np.array(wanted).tobytes()
