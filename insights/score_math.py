"""The scoring formula: deviation from the creator's typical piece, mapped onto 0-100.

Pure functions over ``ScoreInput`` rows; ``insights.scoring`` reads and writes the database.
See docs/SCORING.md for the formula and a worked example.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from numpy.typing import NDArray

from insights.baseline import FIRST_24H, LIFETIME, Baseline, BaselineIndex, ScoreInput, figures
from insights.era import ERA_NEIGHBOURS

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]

OVERPERFORMING = "overperforming"
NORMAL = "normal"
UNDERPERFORMING = "underperforming"
# The categories as numbers (``score_columns.category_codes``, a stored one's
# ``piece_columns.PieceColumns.stored_codes``): compared in numpy, not as texts.
CATEGORY_NAMES = (NORMAL, OVERPERFORMING, UNDERPERFORMING)
OVER_THRESHOLD = 75.0
UNDER_THRESHOLD = 40.0
# A component is at most e^3 ≈ 20× above or below typical, so one freak figure cannot dominate.
COMPONENT_CLIP = 3.0
# Smoothing as a share of the group median keeps ratios of tiny numbers from exploding.
SMOOTHING = 0.1


@dataclass(frozen=True)
class ScoringConfig:
    """Every knob of the scoring formula (defaults documented in docs/SCORING.md)."""

    provisional_age: timedelta = timedelta(days=7)
    min_group_size: int = 8
    # A piece is compared with this many pieces of its group published nearest to it in time
    # (its era); None compares it with the group's whole history. Chosen by measurement on
    # growing simulated channels (docs/SCORING.md §1).
    era_neighbours: int | None = ERA_NEIGHBOURS
    # A piece this many times better than typical (all components together) scores exactly 75;
    # one that is this many times worse scores exactly 40.
    over_ratio: float = 1.5
    # Reach and engagement count alike: a piece performs when it reaches people and they act.
    weight_views: float = 0.4
    weight_engagement: float = 0.4
    weight_retention: float = 0.1
    weight_intent: float = 0.1

    @property
    def slope(self) -> float:
        """Logistic slope so that ``over_ratio`` lands on 75 and its inverse on 40."""
        return (_logit(0.75) - _logit(0.40)) / (2 * math.log(self.over_ratio))

    @property
    def intercept(self) -> float:
        """Logistic intercept: the typical piece sits midway between the two thresholds."""
        return (_logit(0.75) + _logit(0.40)) / 2


@dataclass(frozen=True)
class ScoreResult:
    """The score of one piece and what it was compared with."""

    content_id: uuid.UUID
    deviation: float  # weighted log ratio against the baseline (0 = typical)
    view_ratio: float
    engagement_ratio: float | None
    retention_ratio: float | None
    intent_ratio: float | None
    performance_score: float
    percentile_rank: float
    performance_category: str
    is_provisional: bool
    baseline: Baseline


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def score_from_deviation(deviation: float, config: ScoringConfig) -> float:
    """Map a deviation (log ratio) onto 0-100 with a logistic curve."""
    return 100.0 / (1.0 + math.exp(-(config.intercept + config.slope * deviation)))


def category_of(score: float) -> str:
    """The seed's buckets: > 75 overperforming, < 40 underperforming, else normal."""
    if score > OVER_THRESHOLD:
        return OVERPERFORMING
    if score < UNDER_THRESHOLD:
        return UNDERPERFORMING
    return NORMAL


def log_ratio(
    value: float | None, median: float | None, *, smooth: float | None = None
) -> float | None:
    """ln(value / median), smoothed and clipped; None when either side is missing.

    Rates are smoothed by a tenth of the median; views (``smooth=1``) only enough to allow zero.
    """
    if value is None or median is None:
        return None
    smooth = SMOOTHING * median if smooth is None else smooth
    if smooth <= 0:
        return None
    ratio = math.log((value + smooth) / (median + smooth))
    return max(-COMPONENT_CLIP, min(COMPONENT_CLIP, ratio))


def _ratio(log_value: float | None) -> float | None:
    return None if log_value is None else math.exp(log_value)


@dataclass(frozen=True)
class _Components:
    views: float
    engagement: float | None
    retention: float | None
    intent: float | None

    def deviation(self, config: ScoringConfig) -> float:
        parts = [
            (config.weight_views, self.views),
            (config.weight_engagement, self.engagement),
            (config.weight_retention, self.retention),
            (config.weight_intent, self.intent),
        ]
        # Added one by one in this order (not sum(), compensated since Python 3.12), so the
        # vectorised scoring (insights.score_columns) gives the same bits.
        total = weighted = 0.0
        for w, v in parts:
            if v is not None and w > 0:
                total += w
                weighted += w * v
        return weighted / total if total else 0.0


def _components(piece: ScoreInput, baseline: Baseline) -> _Components:
    fig = figures(piece, baseline.basis)
    views = log_ratio(fig.views, baseline.median_views, smooth=1.0)
    return _Components(
        views=views if views is not None else 0.0,
        engagement=log_ratio(fig.engagement, baseline.median_engagement),
        retention=log_ratio(fig.retention, baseline.median_retention),
        intent=log_ratio(fig.intent, baseline.median_intent),
    )


def piece_ratios(piece: ScoreInput, baseline: Baseline) -> tuple[float, float | None, float | None]:
    """The piece's views, engagement and retention over the baseline's (as scoring clips them)."""
    parts = _components(piece, baseline)
    return math.exp(parts.views), _ratio(parts.engagement), _ratio(parts.retention)


class _Baselines:
    """Chooses each piece's basis (lifetime or 24 h) and its group baseline."""

    def __init__(self, pieces: Sequence[ScoreInput], now: datetime, config: ScoringConfig):
        self.cutoff = now - config.provisional_age
        mature = [p for p in pieces if p.published_at <= self.cutoff]
        pool = mature if len(mature) >= config.min_group_size else list(pieces)
        k = config.era_neighbours
        self.lifetime = BaselineIndex(pool, LIFETIME, config.min_group_size, k)
        early = [p for p in pool if p.views_24h is not None]
        self.early = BaselineIndex(early, FIRST_24H, config.min_group_size, k)

    def provisional(self, piece: ScoreInput) -> bool:
        return piece.published_at > self.cutoff

    def _early(self, piece: ScoreInput) -> bool:
        return self.provisional(piece) and piece.views_24h is not None and not self.early.empty

    def for_pieces(self, pieces: Sequence[ScoreInput]) -> list[Baseline]:
        """Each piece's baseline: 24 h figures for young pieces that have them, else lifetime."""
        early = [self._early(p) for p in pieces]
        young = iter(self.early.for_pieces([p for p, e in zip(pieces, early, strict=True) if e]))
        rest = self.lifetime.for_pieces([p for p, e in zip(pieces, early, strict=True) if not e])
        others = iter(rest)
        return [next(young) if e else next(others) for e in early]


def percentile_ranks(
    deviations: Floats, provisional: Bools, order: NDArray[np.int64] | None = None
) -> Floats:
    """Each piece's place among the creator's judged pieces, 0-100: the share of the pieces not
    provisional whose deviation is below its own, ties counted half (a judged piece's own
    included, so 100 × (mid-rank − ½) ÷ n among them). A provisional piece is placed among
    them but not counted: a few hours' views would put every new upload at the bottom, and
    "ahead of 91 % of your pieces" would count pieces not judged yet (and every upload would
    move every judged piece's rank). With no judged piece yet, among all of them. ``order``:
    the positions by deviation when the caller sorted them (ties in any order: each rank is
    read off the sorted values)."""
    order = np.argsort(deviations, kind="stable") if order is None else order
    placed = deviations[order]  # searched in order: twice as fast as at random at 10,000
    judged = placed[~provisional[order]]
    ranks = np.empty(len(deviations))
    ranks[order] = ranks_among(judged if judged.size else placed, placed)
    return ranks


def ranks_among(ordered: Floats, deviations: Floats) -> Floats:
    """The rank of each deviation among the sorted ``ordered`` ones, 0-100, ties counted half
    (``percentile_ranks``' own: a refresh that kept the judged pieces ranks new ones so)."""
    below = np.searchsorted(ordered, deviations, "left")
    up_to = np.searchsorted(ordered, deviations, "right")
    ranks: Floats = 100.0 * (below + up_to) / (2 * len(ordered))
    return ranks


def score_pieces(
    pieces: Sequence[ScoreInput], now: datetime, config: ScoringConfig
) -> list[ScoreResult]:
    """Score every piece of one creator against that creator's own typical piece."""
    if not pieces:
        return []
    baselines = _Baselines(pieces, now, config)
    chosen = baselines.for_pieces(pieces)
    parts = [_components(p, b) for p, b in zip(pieces, chosen, strict=True)]
    deviations = [c.deviation(config) for c in parts]
    provisional = np.array([baselines.provisional(p) for p in pieces], dtype=bool)
    ranks = percentile_ranks(np.array(deviations, dtype=np.float64), provisional)
    results = []
    for i, piece in enumerate(pieces):
        score = score_from_deviation(deviations[i], config)
        results.append(
            ScoreResult(
                content_id=piece.content_id,
                deviation=deviations[i],
                view_ratio=math.exp(parts[i].views),
                engagement_ratio=_ratio(parts[i].engagement),
                retention_ratio=_ratio(parts[i].retention),
                intent_ratio=_ratio(parts[i].intent),
                performance_score=round(score, 2),
                percentile_rank=round(float(ranks[i]), 1),
                performance_category=category_of(round(score, 2)),
                is_provisional=bool(provisional[i]),
                baseline=chosen[i],
            )
        )
    return results
