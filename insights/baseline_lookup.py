"""Scoring's era baselines looked up for the pieces whose group pool did not move.

A piece's baseline medians are a function of its group's pool (the mature pieces' times and
figures, in order) and of its own moment only: each query is answered on its own
(``insights.era``). Between two refreshes most pools are unchanged (an hourly sync brings
provisional pieces, which join no pool), so the medians found for each pool are kept by the
digest of its arrays (as ``insights.pattern_memo`` keys the pattern tests) and only moments not
asked before are computed. A pool that moved has another digest: everything is computed again.
The full refresh (``fresh_patterns``) computes every median and keeps them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from insights.era import Array, era_medians
from insights.pattern_memo import PatternMemo, digest, looking_up

# Medians kept for this many bytes in all (the least recently used pools go first).
MAX_BYTES = 32 << 20
MEMO = PatternMemo(MAX_BYTES)
Found = tuple[Array, list[Array]]  # the moments asked (sorted, unique), each figure's medians


def pool_medians(
    pool_times: Array,
    pools: Sequence[Array],
    query_times: Array,
    k: int,
    trends: Sequence[str | None],
) -> list[Array]:
    """``era_medians`` of each figure's pool at every query moment, known moments looked up."""
    key = digest("era-medians", k, repr(tuple(trends)), pool_times, *pools)
    moments = np.unique(query_times)
    kept = MEMO.peek(key) if looking_up() else None
    found = _grown(kept, moments, pool_times, pools, k, trends)
    if found is not kept:
        MEMO.put(key, found, _size(found))
    at = np.searchsorted(found[0], query_times)
    return [medians[at] for medians in found[1]]


def _grown(
    kept: Found | None,
    moments: Array,
    pool_times: Array,
    pools: Sequence[Array],
    k: int,
    trends: Sequence[str | None],
) -> Found:
    """The kept medians with every moment not yet among them computed (``kept`` itself when
    none is missing)."""
    missing = moments if kept is None else np.setdiff1d(moments, kept[0], assume_unique=True)
    if kept is not None and not missing.size:
        return kept
    computed = [
        era_medians(pool_times, values, missing, k, trend)
        for values, trend in zip(pools, trends, strict=True)
    ]
    if kept is None:
        return missing, computed
    order = np.argsort(np.concatenate([kept[0], missing]), kind="stable")
    times = np.concatenate([kept[0], missing])[order]
    return times, [
        np.concatenate([old, new])[order] for old, new in zip(kept[1], computed, strict=True)
    ]


def _size(found: Found) -> int:
    return found[0].nbytes + sum(medians.nbytes for medians in found[1])
