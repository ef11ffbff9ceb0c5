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
    pool_times: Array, values: Array, query_times: Array, k: int, trend: str | None
) -> Array:
    """``era_medians`` of the pool at every query moment, moments asked before looked up."""
    if 2 * query_times.nbytes > MAX_ENTRY_BYTES:  # too large to keep: as asked, memory as before
        return era_medians(pool_times, values, query_times, k, trend)
    key = digest("era-medians", k, trend, pool_times, values)
    moments = np.unique(query_times)
    kept = MEMO.peek(key) if looking_up() else None
    found = _grown(kept, moments, pool_times, values, k, trend)
    if found is not kept:
        MEMO.put(key, found, found[0].nbytes + found[1].nbytes)
    medians: Array = found[1][np.searchsorted(found[0], query_times)]
    return medians


def _grown(
    kept: Found | None, moments: Array, pool_times: Array, values: Array, k: int, trend: str | None
) -> Found:
    """The kept medians with every moment not yet among them computed (``kept`` itself when
    none is missing)."""
    missing = moments if kept is None else np.setdiff1d(moments, kept[0], assume_unique=True)
    if kept is not None and not missing.size:
        return kept
    computed = era_medians(pool_times, values, missing, k, trend)
    if kept is None:
        return missing, computed
    times = np.concatenate([kept[0], missing])
    order = np.argsort(times, kind="stable")
    return times[order], np.concatenate([kept[1], computed])[order]
