"""With every effect off, the data carries no timing, theme, platform or category signal."""

from __future__ import annotations

from collections import Counter
from statistics import mean

import pytest
from scipy import stats

from simulator import SimulatedPiece, SimulationConfig, generate_pieces
from tests.support.simulated_data import (
    NOW,
    engagement,
    groups_of,
    is_video,
    median_by,
    per_follower,
)

NULL = SimulationConfig.null(pieces=3000, profile="large")


@pytest.fixture(scope="module")
def pieces() -> list[SimulatedPiece]:
    return generate_pieces(NULL, seed=21, now=NOW)


def test_every_piece_is_normal_and_followers_stay_flat(pieces: list[SimulatedPiece]) -> None:
    assert Counter(p.planted_category for p in pieces) == {"normal": len(pieces)}
    assert len({p.record.follower_count_at_post for p in pieces}) == 1


@pytest.mark.parametrize("group", ["slot", "theme", "platform"])
def test_no_view_signal(pieces: list[SimulatedPiece], group: str) -> None:
    key = {
        "slot": lambda p: p.slot,
        "theme": lambda p: p.record.theme or "",
        "platform": lambda p: p.record.platform,
    }[group]
    medians = median_by(pieces, key, per_follower)
    overall = median_by(pieces, lambda p: "all", per_follower)["all"]
    for value in medians.values():
        assert value == pytest.approx(overall, rel=0.08)
    assert stats.kruskal(*groups_of(pieces, key, per_follower).values()).pvalue > 0.01


def test_no_engagement_or_retention_signal_by_platform(pieces: list[SimulatedPiece]) -> None:
    eng = median_by(pieces, lambda p: p.record.platform, engagement)
    for value in eng.values():
        assert value == pytest.approx(5.0, rel=0.05)
    videos = [p for p in pieces if is_video(p)]
    retention = groups_of(
        videos, lambda p: p.record.platform, lambda p: p.record.metrics.retention_rate or 0
    )
    for values in retention.values():
        assert mean(values) == pytest.approx(0.45, abs=0.01)


def test_null_still_has_noise(pieces: list[SimulatedPiece]) -> None:
    ratios = [per_follower(p) for p in pieces]
    assert 0.2 < stats.tstd([r for r in ratios]) < 0.4
