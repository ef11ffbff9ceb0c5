"""Per-piece results kept beside the columns give what computing every piece gives, bit for bit.

Random inputs (NaN, negative zero, infinities, repeated values) are computed through a memo,
changed at random places, spliced into another order with new pieces among them, and computed
again: every result equals the function over all inputs, and only the places whose input
changed (or that are new) are computed.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from insights.column_memo import ColumnMemo
from insights.score_columns import mapped

Floats = np.ndarray


def _inputs(rng: np.random.Generator, size: int) -> Floats:
    values = rng.normal(0, 3, size)
    specials = np.array([np.nan, -0.0, 0.0, np.inf, -np.inf, 1.0])
    at = rng.random(size) < 0.1
    values[at] = rng.choice(specials, int(at.sum()))
    return values


class Counted:
    """``mapped(math.exp, ...)``, counting the values it was given."""

    def __init__(self) -> None:
        self.values = 0

    def __call__(self, values: Floats) -> Floats:
        self.values += values.size
        return mapped(math.exp, values)


def _bits(values: Floats) -> Floats:
    return values.view(np.int64)


@pytest.mark.parametrize("seed", range(30))
def test_results_after_changes_and_splices_equal_computing_every_value(seed: int) -> None:
    rng = np.random.default_rng(seed)
    size = int(rng.integers(1, 300))
    memo, inputs = ColumnMemo(), _inputs(rng, size)
    for _ in range(4):
        counted = Counted()
        found = memo.computed("exp", inputs, counted)
        np.testing.assert_array_equal(_bits(found), _bits(mapped(math.exp, inputs)))
        # The next refresh: some pieces gone, some new, some changed, in a new order.
        staying = np.flatnonzero(rng.random(size) < 0.9)
        new = int(rng.integers(1, 20))  # never empty
        previous = rng.permutation(np.concatenate([staying, np.full(new, -1)]))
        memo = memo.spliced(previous.astype(np.int64))
        before = np.where(previous >= 0, inputs[np.maximum(previous, 0)], 0.0)
        inputs = np.where(previous >= 0, before, _inputs(rng, previous.size))
        changed = rng.random(previous.size) < 0.1
        inputs[changed] = _inputs(rng, int(changed.sum()))
        size = previous.size
        counted = Counted()
        found = memo.computed("exp", inputs, counted)
        np.testing.assert_array_equal(_bits(found), _bits(mapped(math.exp, inputs)))
        moved = (previous < 0) | changed
        assert counted.values <= int(moved.sum())


def test_only_the_values_not_kept_at_their_place_are_computed() -> None:
    memo, inputs = ColumnMemo(), np.arange(10.0)
    first = Counted()
    memo.computed("exp", inputs, first)
    assert first.values == 10
    again = Counted()
    memo.computed("exp", inputs, again)
    assert again.values == 0
    shifted = memo.spliced(np.array([-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9], dtype=np.int64))
    moved = np.concatenate([[42.0], inputs])
    moved[5] = -1.0  # changed in place
    counted = Counted()
    found = shifted.computed("exp", moved, counted)
    assert counted.values == 2
    np.testing.assert_array_equal(found, mapped(math.exp, moved))


def test_another_name_shape_or_type_is_computed_afresh() -> None:
    memo = ColumnMemo()
    memo.computed("exp", np.zeros(4), Counted())
    for name, inputs in (("log", np.zeros(4)), ("exp", np.zeros(5))):
        counted = Counted()
        memo.computed(name, inputs, counted)
        assert counted.values == inputs.size
    offsets = memo.computed("offsets", np.arange(3, dtype=np.int64), lambda us: us * 2)
    np.testing.assert_array_equal(offsets, [0, 2, 4])
    floats = memo.computed("offsets", np.arange(3.0), lambda us: us * 3)
    np.testing.assert_array_equal(floats, [0.0, 3.0, 6.0])


def test_kept_results_cannot_be_written_through_what_is_returned() -> None:
    memo = ColumnMemo()
    found = memo.computed("exp", np.zeros(3), Counted())
    found[:] = 7.0
    np.testing.assert_array_equal(memo.computed("exp", np.zeros(3), Counted()), np.ones(3))


def test_values_of_more_than_eight_bytes_are_refused() -> None:
    with pytest.raises(ValueError):
        ColumnMemo().computed("x", np.zeros((2, 2)), Counted())


@pytest.mark.parametrize("seed", range(20))
def test_a_splice_told_its_first_pieces_stayed_in_place_keeps_what_a_gather_keeps(
    seed: int,
) -> None:
    rng = np.random.default_rng(seed)
    size = int(rng.integers(2, 200))
    memo = ColumnMemo()
    memo.computed("exp", _inputs(rng, size), Counted())
    memo.keep("rows", np.arange(size, dtype=np.int64), rng.normal(size=(size, 3)))
    once = memo.spliced(np.concatenate([np.arange(size), [-1]]))  # "rows" known, "exp" not yet
    stayed = int(rng.integers(0, size + 1))
    tail = rng.permutation(np.concatenate([np.arange(stayed, size), np.full(3, -1)]))
    previous = np.concatenate([np.arange(stayed), tail]).astype(np.int64)
    for name in ("exp", "rows"):
        gathered = once.spliced(previous).kept(name)
        blocked = once.spliced(previous, stayed).kept(name)
        assert gathered is not None and blocked is not None
        for whole, block in zip(gathered, blocked, strict=True):
            np.testing.assert_array_equal(block, whole)
