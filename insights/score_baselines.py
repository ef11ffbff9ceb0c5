"""Scoring's baselines: each piece's era medians in its group's pool, on its basis (the first
24 hours for young pieces, the lifetime for the others), left as the last refresh found them
where the pools did not move.

What ``insights.score_columns`` scores against; ``insights.baseline.BaselineIndex`` is the per-piece
reference, held equal to these by ``tests/insights/test_score_columns.py``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from insights import era
from insights.baseline_lookup import keeps, pool_medians, times_digest
from insights.fact_arrays import EPOCH, MICROSECOND
from insights.piece_columns import Bools, Floats, PieceColumns
from insights.score_math import ScoringConfig

FIGURES = 4  # views, engagement, retention, intent
GROUP_CODES = 1 << 32  # (level, code) packed into one integer
BASELINES = "baselines"  # the memo's entry: each piece's medians, basis and pools


def baseline_inputs(
    c: PieceColumns, now: datetime, config: ScoringConfig
) -> tuple[list[Floats], list[Floats], Bools, Bools]:
    """Each piece's four figures and their baseline medians, which pieces are provisional, and
    whose medians the last refresh left."""
    lifetime, early, provisional = _bases(c, now, config)
    young = provisional & ~np.isnan(c.figures["views_24h"]) & bool(early.pool.any())
    medians, reused = _baselines(c, (early, lifetime), young, config)
    values = [np.where(young, a, b) for a, b in zip(early.figures, lifetime.figures, strict=True)]
    return values, medians, provisional, reused


@dataclass
class _Basis:
    """One basis (lifetime or first 24 h): each piece's four figures and which pieces it pools."""

    figures: list[Floats]
    pool: Bools


def _lifetime(c: PieceColumns) -> list[Floats]:
    return [c.audience, c.engagement_rate, c.figures["retention_rate"], c.intent_rate]


def _early(c: PieceColumns) -> list[Floats]:
    views, likes = c.figures["views_24h"], c.figures["likes_24h"]
    rate = np.full(len(c), np.nan)
    usable = ~np.isnan(views) & (views != 0) & ~np.isnan(likes)
    rate[usable] = 100.0 * likes[usable] / views[usable]
    empty = np.full(len(c), np.nan)  # only ever read
    return [np.nan_to_num(views, nan=0.0), rate, empty, empty]


class _Groups:
    """The fallback chain's keys per piece: platform+format, platform, all."""

    def __init__(self, c: PieceColumns) -> None:
        platforms, formats = c.platform_codes, c.format_codes
        # A number per (platform, format) pair: which number does not matter, only equality.
        pairs = platforms.codes * len(formats.names) + formats.codes
        self.keys = [pairs, platforms.codes]

    def chosen(self, pool: Bools, minimum: int) -> tuple[np.ndarray, np.ndarray]:
        """Per piece (level 0/1/2, code) of the first group of the pool that is large enough."""
        level = np.full(pool.size, 2)
        code = np.zeros(pool.size, dtype=np.int64)
        for depth in (1, 0):  # the narrowest large-enough group wins
            keys = self.keys[depth]
            counts = np.bincount(keys[pool], minlength=int(keys.max(initial=0)) + 1)
            large = (counts[keys] >= minimum) & (counts[keys] > 0)
            level[large], code[large] = depth, keys[large]
        return level, code

    def members(self, level: int, code: int, pool: Bools) -> Bools:
        """The pool's pieces of one group."""
        return pool if level == 2 else pool & (self.keys[level] == code)


def _baselines(
    c: PieceColumns, bases: tuple[_Basis, _Basis], young: Bools, config: ScoringConfig
) -> tuple[list[Floats], Bools]:
    """Each piece's baseline medians: young pieces' on the first 24 h basis, the others' on
    the lifetime one (filled into one set of arrays, the two sets of queries being disjoint);
    and the pieces whose medians the last refresh left."""
    out = [np.full(len(c), np.nan) for _ in range(FIGURES)]
    times, groups = c.timestamps(), _Groups(c)
    reused = _kept_baselines(c, bases, young, config, out)
    _medians(bases[0], times, groups, young & ~reused, config, out)
    _medians(bases[1], times, groups, ~young & ~reused, config, out)
    if c.memo is not None:
        flags = young + 2 * bases[0].pool + 4 * bases[1].pool
        c.memo.keep(BASELINES, c.published_us, np.column_stack([*out, flags]))
        c.memo.notes[BASELINES] = _pools_context(bases, config)
    return out, reused


def _pools_context(bases: tuple[_Basis, _Basis], config: ScoringConfig) -> tuple[object, ...]:
    """What every baseline depends on besides the pools' pieces: the settings, the pool sizes."""
    counts = tuple(int(basis.pool.sum()) for basis in bases)
    return (config, era.EDGE_CORRECTION, era.views_trend(logged=False), *counts)


def _kept_baselines(
    c: PieceColumns,
    bases: tuple[_Basis, _Basis],
    young: Bools,
    config: ScoringConfig,
    out: list[Floats],
) -> Bools:
    """The pieces whose baselines the last refresh left (``out`` filled there): when both pools
    hold the same pieces (each still in its place and pooled, the pools as large as then), a
    piece at the same instant and basis has the same medians. Its figures and groups are those
    it had: the columns at a kept place are the piece as it was (insights.column_cache)."""
    none = np.zeros(len(c), dtype=bool)
    kept = None if c.memo is None else c.memo.kept(BASELINES)
    if c.memo is None or kept is None or kept[0].shape != c.published_us.shape:
        return none
    if c.memo.notes.get(BASELINES) != _pools_context(bases, config):
        return none
    instants, medians, known = kept
    same = known & (instants == c.published_us)
    flags = np.where(same, medians[:, FIGURES], 0.0).astype(np.int64)
    for bit, basis in ((2, bases[0]), (4, bases[1])):
        if (basis.pool & ~(same & (flags & bit != 0))).any():  # a piece joined a pool
            return none
    reused: Bools = same & ((flags & 1 != 0) == young)
    for figure, values in enumerate(out):
        values[reused] = medians[reused, figure]
    return reused


def _medians(
    basis: _Basis,
    times: Floats,
    groups: _Groups,
    queries: Bools,
    config: ScoringConfig,
    out: list[Floats],
) -> None:
    """Each queried piece's baseline medians into ``out`` (NaN where a figure has none)."""
    if not queries.any():  # every piece's baselines kept (after an upload: often the mature)
        return
    level, code = groups.chosen(basis.pool, config.min_group_size)
    for key in np.unique(level[queries] * GROUP_CODES + code[queries]).tolist():
        lv, cd = divmod(key, GROUP_CODES)
        asked = np.flatnonzero(queries & (level == lv) & (code == cd))
        members = np.flatnonzero(groups.members(lv, cd, basis.pool))
        members = members[np.argsort(times[members], kind="stable")]
        member_times, asked_times = times[members], times[asked]
        k = min(config.era_neighbours or members.size, members.size)
        # As ``BaselineIndex``: one shared median unless era baselines correct the edges.
        shared = k == members.size and not (config.era_neighbours and era.EDGE_CORRECTION)
        trends = (era.views_trend(logged=False), None, None, None)
        # One pool, four figures: its times digested once (when its medians are kept at all).
        times_key = times_digest(member_times) if keeps(asked_times) and not shared else None
        for figure, values, trend in zip(out, basis.figures, trends, strict=True):
            pool_values = values[members]
            if shared:
                whole = math.nan if np.isnan(pool_values).all() else np.nanmedian(pool_values)
                figure[asked] = float(whole)
            else:
                medians = pool_medians(member_times, pool_values, asked_times, k, trend, times_key)
                figure[asked] = medians


def _bases(c: PieceColumns, now: datetime, config: ScoringConfig) -> tuple[_Basis, _Basis, Bools]:
    cutoff = (now - config.provisional_age - EPOCH) // MICROSECOND
    provisional = c.published_us > cutoff
    mature = ~provisional
    pool = mature if mature.sum() >= config.min_group_size else np.ones(len(c), dtype=bool)
    early_pool = pool & ~np.isnan(c.figures["views_24h"])
    return _Basis(_lifetime(c), pool), _Basis(_early(c), early_pool), provisional
