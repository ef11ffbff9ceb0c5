"""Scoring's era baselines looked up for the pieces whose group pool did not move.

A piece's baseline median of one figure is a function of its group's pool (the mature pieces'
times and that figure, in order) and of its own moment only: each query is answered on its own
(``insights.era``). Between two refreshes most pools are unchanged (an hourly sync brings
provisional pieces, which join no pool), so the medians found for each pool are kept by the
digest of its arrays (as ``insights.pattern_memo`` keys the pattern tests) and only moments not
asked before are computed. A pool that moved has another digest: everything is computed again.
The full refresh (``fresh_patterns``) computes every median and keeps them; a pool too large
to keep is computed as asked, holding no more than before.
"""

from __future__ import annotations

import numpy as np

from insights.era import Array, era_medians
from insights.pattern_memo import MAX_ENTRY_BYTES, PatternMemo, digest, looking_up

# Medians kept for this many bytes in all (the least recently used pools go first).
MAX_BYTES = 32 << 20
MEMO = PatternMemo(MAX_BYTES)
Found = tuple[Array, Array]  # the moments asked (sorted, unique), the medians at them


def pool_medians(
    pool_times: Array,
    values: Array,
    query_times: Array,
    k: int,
    trend: str | None,
    times_key: bytes | None = None,
) -> Array:
    """``era_medians`` of the pool at every query moment, moments asked before looked up.
    ``times_key``: ``times_digest(pool_times)`` when the caller has it (a pool's times serve
    each of its figures: digested once)."""
    if not keeps(query_times):  # too large to keep: as asked, memory as before
        return era_medians(pool_times, values, query_times, k, trend)
    times_key = times_digest(pool_times) if times_key is None else times_key
    key = digest("era-medians", k, trend, times_key, values)
    kept = MEMO.peek(key) if looking_up() else None
    found = _grown(kept, query_times, pool_times, values, k, trend)
    if found is not kept:
        MEMO.put(key, found, found[0].nbytes + found[1].nbytes)
    medians: Array = found[1][np.searchsorted(found[0], query_times)]
    return medians


def keeps(query_times: Array) -> bool:
    """Whether the medians at these moments are kept (else computed as asked, not digested)."""
    return 2 * query_times.nbytes <= MAX_ENTRY_BYTES


def times_digest(pool_times: Array) -> bytes:
    """What a pool's times are known by in the key of its medians."""
    return digest("pool-times", pool_times)


def _grown(
    kept: Found | None,
    query_times: Array,
    pool_times: Array,
    values: Array,
    k: int,
    trend: str | None,
) -> Found:
    """The kept medians with every moment asked and not yet among them computed (``kept``
    itself when none is missing): found by a binary search of the kept moments, not a sort."""
    if kept is None or not kept[0].size:
        missing = np.unique(query_times)
    else:
        at = np.searchsorted(kept[0], query_times).clip(max=kept[0].size - 1)
        missing = np.unique(query_times[kept[0][at] != query_times])
    if kept is not None and not missing.size:
        return kept
    computed = era_medians(pool_times, values, missing, k, trend)
    if kept is None:
        return missing, computed
    at = np.searchsorted(kept[0], missing)  # none of them among the kept: one place each
    return np.insert(kept[0], at, missing), np.insert(kept[1], at, computed)
