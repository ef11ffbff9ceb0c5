"""The scoring formula on hand-made inputs: calibrated on deviation, not quotas."""

from __future__ import annotations

import math
import random
import uuid
from datetime import timedelta

import numpy as np
import pytest

from insights.baseline import ScoreInput
from insights.score_math import (
    ScoringConfig,
    category_of,
    percentile_ranks,
    score_from_deviation,
    score_pieces,
)
from tests.support.builders import NOW


def _piece(
    views: int,
    rate: float = 5.0,
    *,
    platform: str = "youtube",
    fmt: str = "long",
    age_days: float = 30,
    retention: float | None = 0.4,
    intent: int = 10,
    views_24h: int | None = None,
    likes_24h: int | None = None,
) -> ScoreInput:
    return ScoreInput(
        content_id=uuid.uuid4(),
        platform=platform,
        format_class=fmt,
        published_at=NOW - timedelta(days=age_days),
        views=views,
        engagement_rate=rate,
        retention_rate=retention,
        high_intent=intent,
        reach=None,
        views_24h=views_24h,
        likes_24h=likes_24h,
    )


def test_thresholds_sit_at_the_configured_ratio() -> None:
    config = ScoringConfig()
    assert score_from_deviation(math.log(1.5), config) == pytest.approx(75.0)
    assert score_from_deviation(-math.log(1.5), config) == pytest.approx(40.0)
    assert 40 < score_from_deviation(0.0, config) < 75
    assert category_of(75.0) == "normal" and category_of(75.01) == "overperforming"
    assert category_of(40.0) == "normal" and category_of(39.99) == "underperforming"


def test_a_uniform_creator_is_nearly_all_normal() -> None:
    rng = random.Random(7)
    pieces = [
        _piece(
            int(10_000 * rng.uniform(0.85, 1.15)),
            rate=5.0 * rng.uniform(0.9, 1.1),
            intent=int(rng.uniform(80, 120)),
            retention=0.4 * rng.uniform(0.9, 1.1),
        )
        for _ in range(60)
    ]
    results = score_pieces(pieces, NOW, ScoringConfig())
    normal = sum(r.performance_category == "normal" for r in results)
    assert normal == 60


def test_clear_hits_and_flops_are_categorised() -> None:
    pieces = [_piece(10_000) for _ in range(10)]
    pieces += [_piece(30_000, rate=10.0, intent=25), _piece(2_500, rate=2.5, intent=3)]
    results = score_pieces(pieces, NOW, ScoringConfig())
    assert results[-2].performance_category == "overperforming"
    assert results[-1].performance_category == "underperforming"
    assert results[-2].view_ratio == pytest.approx(3.0, rel=0.1)
    assert results[-2].percentile_rank > results[0].percentile_rank > results[-1].percentile_rank


def test_a_judged_piece_is_ranked_among_the_judged_pieces_only() -> None:
    judged = [_piece(5_000 + 1_000 * n) for n in range(10)]
    uploads = [_piece(50 + n, age_days=0.1) for n in range(5)]  # a few hours' views
    alone = score_pieces(judged, NOW, ScoringConfig())
    together = score_pieces([*judged, *uploads], NOW, ScoringConfig())
    assert [r.percentile_rank for r in together[:10]] == [r.percentile_rank for r in alone]
    assert [r.percentile_rank for r in alone] == [5.0 + 10 * n for n in range(10)]
    assert all(r.is_provisional and r.percentile_rank == 0.0 for r in together[10:])


def test_a_provisional_piece_is_placed_among_the_judged_ties_counted_half() -> None:
    deviations = np.array([1.0, 1.0, 2.0, 1.0, 3.0])
    provisional = np.array([False, False, False, True, True])
    ranks = percentile_ranks(deviations, provisional)
    assert ranks.tolist() == pytest.approx([100 / 3, 100 / 3, 500 / 6, 100 / 3, 100.0])


def test_with_no_judged_piece_every_piece_is_ranked_among_all() -> None:
    ranks = percentile_ranks(np.array([3.0, 1.0, 2.0]), np.ones(3, dtype=bool))
    assert ranks.tolist() == pytest.approx([500 / 6, 100 / 6, 50.0])


def test_small_groups_fall_back_to_platform_then_all() -> None:
    pieces = [_piece(10_000) for _ in range(9)]
    pieces += [_piece(500_000, platform="tiktok", fmt="short") for _ in range(2)]
    pieces += [_piece(1_000, fmt="short")]
    results = score_pieces(pieces, NOW, ScoringConfig())
    assert results[0].baseline.level == "platform+format" and results[0].baseline.size == 9
    assert results[-1].baseline.level == "platform" and results[-1].baseline.size == 10
    assert results[9].baseline.level == "all" and results[9].baseline.size == 12


def test_young_pieces_compare_24h_figures_and_are_provisional() -> None:
    pieces = [_piece(10_000, views_24h=2_000, likes_24h=100) for _ in range(8)]
    # Lifetime views look poor after two days, but its first 24 h beat the typical piece's:
    # twice the views, and half as many likes again per view.
    young = _piece(4_000, age_days=2, views_24h=4_000, likes_24h=300)
    results = score_pieces([*pieces, young], NOW, ScoringConfig())
    assert results[-1].is_provisional and results[-1].baseline.basis == "24h"
    assert results[-1].view_ratio == pytest.approx(2.0, rel=0.05)
    assert results[-1].performance_category == "overperforming"
    assert not results[0].is_provisional
