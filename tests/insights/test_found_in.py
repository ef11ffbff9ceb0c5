"""Ids are found among sorted ids by their bytes, whatever first 8 bytes they share.

``uuid_array.found_in`` takes the keys equal to the stored ones place by place, up to a first
difference, as found there; it searches the others by their first 8 bytes as integers, and where
those repeat (the ids made in one batch share them) by all 16. Each case is checked against a
dictionary of the ids' bytes.
"""

from __future__ import annotations

import numpy as np
import pytest

from insights.uuid_array import KEY, found_in


def _keys(rng: np.random.Generator, count: int, prefixes: int) -> np.ndarray:
    """``count`` random 16-byte keys whose first 8 bytes take one of ``prefixes`` values."""
    high = rng.integers(0, 2**63, prefixes, dtype=np.uint64)[rng.integers(0, prefixes, count)]
    low = rng.integers(0, 2**63, count, dtype=np.uint64)
    low[rng.random(count) < 0.1] = 0  # last bytes all zero: no key cut short
    pairs = np.empty((count, 2), dtype=">u8")
    pairs[:, 0], pairs[:, 1] = high, low
    return np.unique(pairs.view(KEY).ravel())


@pytest.mark.parametrize("prefixes", [1, 3, 200, 5000])
@pytest.mark.parametrize("seed", range(5))
def test_every_key_is_found_where_it_is_and_no_other(prefixes: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    pool = _keys(rng, 6000, prefixes)
    stored = np.sort(pool[rng.random(pool.size) < 0.7])
    asked = pool[rng.permutation(pool.size)][: pool.size // 2]
    hit, at = found_in(stored, asked)
    where = {key: i for i, key in enumerate(stored.tolist())}
    assert hit.tolist() == [key in where for key in asked.tolist()]
    assert at[hit].tolist() == [where[key] for key in asked[hit].tolist()]


@pytest.mark.parametrize("seed", range(5))
def test_keys_as_stored_up_to_a_difference_are_found_in_place_and_the_rest_searched(
    seed: int,
) -> None:
    rng = np.random.default_rng(seed)
    pool = _keys(rng, 3000, 2)
    stored = np.sort(pool[rng.random(pool.size) < 0.8])
    newer = np.sort(_keys(rng, 50, 1))  # as ids made since: after the stored ones here
    gone = rng.integers(0, stored.size, 3)
    for asked in (
        stored,
        np.concatenate([stored, newer]),
        np.sort(np.concatenate([np.delete(stored, gone), pool[:40]])),
        stored[: stored.size // 2],
    ):
        hit, at = found_in(stored, asked)
        where = {key: i for i, key in enumerate(stored.tolist())}
        assert hit.tolist() == [key in where for key in asked.tolist()]
        assert at[hit].tolist() == [where[key] for key in asked[hit].tolist()]
