"""Runs of a sorted pool, each sorted once, and the medians read off sorted rows."""

from __future__ import annotations

import numpy as np
import pytest

from insights.era_runs import Runs, counts, ordered_medians


@pytest.mark.parametrize("seed", range(5))
def test_the_medians_of_sorted_rows_are_numpys_medians_of_their_values(seed: int) -> None:
    rng = np.random.default_rng(seed)
    values = np.round(rng.normal(size=(40, 9)), 1)  # ties
    values[rng.random(values.shape) < 0.3] = np.nan
    values[0] = np.nan  # a row without a value
    ordered = np.sort(values, axis=1)
    expected = [
        np.median(row[~np.isnan(row)]) if (~np.isnan(row)).any() else np.nan for row in values
    ]
    assert (counts(ordered) == (~np.isnan(values)).sum(axis=1)).all()
    assert np.array_equal(ordered_medians(ordered, counts(ordered)), expected, equal_nan=True)


def test_a_run_many_queries_share_is_sorted_once() -> None:
    values = np.array([5.0, 1.0, 4.0, 2.0, 3.0, 9.0, 0.0])
    runs = Runs(values, 3, [np.array([0, 0, 2]), np.array([2, 4])])
    assert runs.ordered.tolist() == [[1.0, 4.0, 5.0], [2.0, 3.0, 4.0], [0.0, 3.0, 9.0]]
    assert runs.at(np.array([4, 0, 2, 2])).tolist() == [3.0, 4.0, 3.0, 3.0]
