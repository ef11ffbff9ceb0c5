"""A group test on a pooled figure is the test of its two samples, worked out once per pool."""

from __future__ import annotations

import warnings

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from insights.pattern_lookups import remembered_within
from insights.pattern_memo import MEMO
from insights.pooled_figures import pooled
from insights.stats import MIN_GROUP_SIZE, GroupTest, compare_groups, compare_within

FIGURES = st.lists(
    st.tuples(
        st.one_of(st.floats(-5, 5, allow_nan=False), st.integers(0, 3).map(float)),
        st.booleans(),  # known
        st.booleans(),  # in the group
        st.booleans(),  # in the pool
    ),
    min_size=8,
    max_size=60,
)


@given(FIGURES)
def test_a_group_in_a_pooled_figure_gets_the_test_and_medians_of_its_own_two_samples(
    rows: list[tuple[float, bool, bool, bool]],
) -> None:
    values, known, group, in_pool = (np.array(column) for column in zip(*rows, strict=True))
    pool = np.flatnonzero(in_pool)
    figure = pooled(len(rows), pool, (values, known))
    chosen = group[pool][figure.known]
    members = values[pool][(group & known)[pool]]
    others = values[pool][(~group & known)[pool]]
    if min(members.size, others.size) >= MIN_GROUP_SIZE:
        assert compare_within(figure.sample, chosen) == compare_groups(members, others)
    if members.size and others.size:
        assert figure.medians(chosen) == (np.median(members), np.median(others))
    assert figure.within.tolist() == (known & in_pool).tolist()


def test_the_tested_pieces_of_a_pool_cannot_be_changed_through_a_finding() -> None:
    figure = pooled(4, np.array([0, 2]), (np.arange(4.0), np.ones(4, dtype=bool)))
    assert not figure.within.flags.writeable


def test_a_figure_no_piece_of_the_pool_knows_has_no_medians_and_no_error() -> None:
    figure = pooled(3, np.arange(3), (np.arange(3.0), np.zeros(3, dtype=bool)))
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # np.median's, of nothing
        assert all(np.isnan(figure.medians(np.zeros(0, dtype=bool))))


def test_a_group_test_is_looked_up_by_its_sample_and_mask_not_by_its_arrays() -> None:
    MEMO.clear()
    figure = pooled(6, np.arange(6), (np.array([3.0, 1, 4, 1, 5, 9]), np.ones(6, dtype=bool)))
    calls: list[np.ndarray] = []

    def test(inside: np.ndarray) -> GroupTest | None:
        def compute() -> GroupTest | None:
            calls.append(inside)
            return compare_within(figure.sample, inside)

        return remembered_within(figure.key, inside, compute)

    half = np.arange(6) < 3
    first = test(half)
    assert test(half.copy()) is first  # another array of the same mask: looked up
    assert test(~half) != first and len(calls) == 2  # another group: computed
    again = pooled(6, np.arange(6), (np.array([3.0, 1, 4, 1, 5, 9]), np.ones(6, dtype=bool)))
    assert again.key == figure.key and remembered_within(again.key, half, lambda: None) is first
