"""The realised data carries every planted effect at the configured size (within tolerances)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import timedelta
from statistics import mean, median
from zoneinfo import ZoneInfo

import pytest
from scipy import stats

from simulator import CategoryEffect, SimulatedPiece, SimulationConfig, TimeSlot, generate_pieces
from tests.support.simulated_data import (
    NOW,
    engagement,
    groups_of,
    is_video,
    median_by,
    normalised,
    per_follower,
)

DEFAULT = SimulationConfig(pieces=2000, profile="large")


@pytest.fixture(scope="module")
def default_pieces() -> list[SimulatedPiece]:
    return generate_pieces(DEFAULT, seed=11, now=NOW)


def test_category_shares_are_near_20_60_20(default_pieces: list[SimulatedPiece]) -> None:
    counts = Counter(p.planted_category for p in default_pieces)
    shares = {name: count / len(default_pieces) for name, count in counts.items()}
    assert shares["overperforming"] == pytest.approx(0.20, abs=0.03)
    assert shares["normal"] == pytest.approx(0.60, abs=0.03)
    assert shares["underperforming"] == pytest.approx(0.20, abs=0.03)


def test_category_multipliers_are_realised_exactly_without_other_effects() -> None:
    """Only categories planted, no noise: audience / expected = the drawn view multiplier."""
    seed_categories = SimulationConfig()
    config = SimulationConfig.null(
        pieces=600,
        profile="large",
        overperforming=seed_categories.overperforming,
        normal=seed_categories.normal,
        underperforming=seed_categories.underperforming,
        view_noise=0.0,
        engagement_noise=0.0,
    )
    pieces = generate_pieces(config, seed=3, now=NOW)
    for piece in pieces:
        effect: CategoryEffect = getattr(config, piece.planted_category)
        ratio = per_follower(piece)
        assert effect.views[0] * 0.999 <= ratio <= effect.views[1] * 1.001
        assert ratio == pytest.approx(piece.view_multiplier, rel=1e-3)
        rate = engagement(piece) / 5.0  # the null configuration's base engagement
        assert effect.engagement[0] * 0.98 <= rate <= effect.engagement[1] * 1.02


def test_category_multipliers_show_through_noise(default_pieces: list[SimulatedPiece]) -> None:
    views = median_by(
        default_pieces, lambda p: p.planted_category, lambda p: normalised(p, DEFAULT)
    )
    eng = median_by(default_pieces, lambda p: p.planted_category, engagement)
    assert 2.0 <= views["overperforming"] / views["normal"] <= 4.0
    assert 0.8 * 0.2 <= views["underperforming"] / views["normal"] <= 0.5
    assert 1.4 <= eng["overperforming"] / eng["normal"] <= 2.6
    assert 0.35 <= eng["underperforming"] / eng["normal"] <= 0.75


def test_theme_order_is_the_seeds_ranking(default_pieces: list[SimulatedPiece]) -> None:
    by_theme = median_by(
        default_pieces, lambda p: p.record.theme or "", lambda p: normalised(p, DEFAULT)
    )
    assert sorted(by_theme, key=by_theme.__getitem__, reverse=True) == [
        "Tutorials",
        "Tips",
        "Reviews",
        "Vlogs",
    ]


def test_a_planted_theme_order_is_realised() -> None:
    planted = ("Money Diaries", "App & Card Reviews", "Money Tips", "Money Explainers")
    config = SimulationConfig(pieces=1500, niche="finance", theme_ranking=planted)
    pieces = generate_pieces(config, seed=5, now=NOW)
    by_theme = median_by(pieces, lambda p: p.record.theme or "", lambda p: normalised(p, config))
    assert tuple(sorted(by_theme, key=by_theme.__getitem__, reverse=True)) == planted


def test_timing_lift_of_good_and_poor_slots_in_isolation() -> None:
    config = SimulationConfig.null(pieces=1500, good_slot_lift=1.5, poor_slot_lift=0.6)
    pieces = generate_pieces(config, seed=8, now=NOW)
    by_slot = median_by(pieces, lambda p: p.slot, per_follower)
    assert by_slot["good"] / by_slot["neutral"] == pytest.approx(1.5, rel=0.08)
    assert by_slot["poor"] / by_slot["neutral"] == pytest.approx(0.6, rel=0.08)


def test_timing_lift_shows_with_every_effect_on(default_pieces: list[SimulatedPiece]) -> None:
    by_slot = median_by(default_pieces, lambda p: p.slot, lambda p: normalised(p, DEFAULT))
    assert by_slot["good"] / by_slot["neutral"] == pytest.approx(1.5, rel=0.2)
    assert by_slot["poor"] / by_slot["neutral"] == pytest.approx(0.6, rel=0.2)


@pytest.mark.parametrize("timezone", ["UTC", "America/New_York", "Asia/Kolkata"])
def test_slots_are_read_in_the_creators_timezone(timezone: str) -> None:
    best = TimeSlot((1,), 9, 12)  # Tuesday morning, a window the seed does not use
    config = SimulationConfig(pieces=800, timezone=timezone, good_slots=(best,))
    pieces = generate_pieces(config, seed=2, now=NOW)
    zone = ZoneInfo(timezone)
    for piece in pieces:
        local = piece.record.published_at.astimezone(zone)
        in_best = best.contains(local.weekday(), local.hour)
        in_poor = any(s.contains(local.weekday(), local.hour) for s in config.poor_slots)
        assert piece.slot == ("good" if in_best else "poor" if in_poor else "neutral")
    by_slot = median_by(pieces, lambda p: p.slot, lambda p: normalised(p, config))
    assert by_slot["good"] > 1.25 * by_slot["neutral"]


def test_platform_differences(default_pieces: list[SimulatedPiece]) -> None:
    videos = [p for p in default_pieces if is_video(p)]
    views = median_by(videos, lambda p: p.record.platform, per_follower)
    assert views["tiktok"] / views["youtube"] == pytest.approx(1.8, rel=0.15)
    assert views["tiktok"] > views["instagram"]
    retention = groups_of(
        videos, lambda p: p.record.platform, lambda p: p.record.metrics.retention_rate or 0
    )
    means = {name: mean(values) for name, values in retention.items()}
    assert means["youtube"] == pytest.approx(0.55, abs=0.03)
    assert means["youtube"] > means["tiktok"] + 0.1 and means["youtube"] > means["instagram"] + 0.1
    eng = median_by(
        [p for p in default_pieces if p.planted_category == "normal"],
        lambda p: p.record.platform,
        engagement,
    )
    for platform, base in DEFAULT.platform_engagement.items():
        assert eng[platform] == pytest.approx(base, rel=0.1)


def test_planted_effects_are_significant(default_pieces: list[SimulatedPiece]) -> None:
    for key in (lambda p: p.slot, lambda p: p.record.theme or "", lambda p: p.record.platform):
        groups = groups_of(default_pieces, key, lambda p: per_follower(p))
        assert stats.kruskal(*groups.values()).pvalue < 1e-6


def test_followers_grow_over_time_and_profile_sets_channel_size() -> None:
    sizes = {}
    for profile in ("small", "mid", "large"):
        config = SimulationConfig(pieces=300, profile=profile)
        pieces = sorted(
            generate_pieces(config, seed=4, now=NOW), key=lambda p: p.record.published_at
        )
        counts = [p.record.follower_count_at_post or 0 for p in pieces]
        assert counts == sorted(counts)
        span = pieces[-1].record.published_at - pieces[0].record.published_at
        assert counts[-1] / counts[0] == pytest.approx(1.3 ** (span / timedelta(days=90)), rel=0.01)
        sizes[profile] = median(counts)
    assert 2_000 <= sizes["small"] < 20_000 <= sizes["mid"] < 200_000 <= sizes["large"]


def test_follower_growth_is_a_parameter() -> None:
    flat = replace(SimulationConfig(pieces=200), follower_growth=0.0)
    counts = {p.record.follower_count_at_post for p in generate_pieces(flat, seed=1, now=NOW)}
    assert len(counts) == 1


def _by_age(config: SimulationConfig) -> list[SimulatedPiece]:
    pieces = generate_pieces(config, seed=3, now=NOW)
    return sorted(pieces, key=lambda p: p.record.published_at)


def _audience(piece: SimulatedPiece) -> int:
    return piece.record.metrics.views or piece.record.metrics.reach or 0


@pytest.mark.parametrize("shape", ["steady", "breakout"])
def test_channel_growth_multiplies_the_newest_pieces_views(shape: str) -> None:
    config = SimulationConfig.null(pieces=3000, days=365, view_growth=3.0, growth_shape=shape)
    pieces = _by_age(config)
    tenth = len(pieces) // 10
    oldest = median(map(_audience, pieces[:tenth]))
    newest = median(map(_audience, pieces[-tenth:]))
    assert 2.4 < newest / oldest < 3.6  # x3 (the breakout is flat at both ends)
    if shape == "breakout":  # flat, then the step mid-way
        quarter = len(pieces) // 4
        first, second = pieces[:quarter], pieces[quarter : 2 * quarter]
        assert median(map(_audience, second)) / median(map(_audience, first)) < 1.3


def test_without_growth_or_drift_the_output_is_unchanged() -> None:
    plain = generate_pieces(SimulationConfig(pieces=300), seed=5, now=NOW)
    explicit = SimulationConfig(
        pieces=300, view_growth=1.0, growth_shape="breakout", schedule_drift_hours=0
    )
    assert [p.record for p in generate_pieces(explicit, seed=5, now=NOW)] == [
        p.record for p in plain
    ]


def _late_shift(drift: int) -> float:
    """How much more often the newest tenth is posted 18-02 h than the oldest tenth."""
    pieces = _by_age(SimulationConfig.null(pieces=3000, days=365, schedule_drift_hours=drift))
    tenth = len(pieces) // 10

    def share_late(chunk: list[SimulatedPiece]) -> float:
        return sum(
            p.record.published_at.hour >= 18 or p.record.published_at.hour < 2 for p in chunk
        ) / len(chunk)

    return share_late(pieces[-tenth:]) - share_late(pieces[:tenth])


def test_the_posting_schedule_drifts_later_over_the_window() -> None:
    assert _late_shift(6) > 0.12  # afternoon posts move into the evening
    assert abs(_late_shift(0)) < 0.06
