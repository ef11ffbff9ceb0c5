"""A configuration that cannot be simulated is refused with a message naming the field."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from simulator import CategoryEffect, SimulationConfig, TimeSlot, generate_pieces
from storage.errors import InvalidInput
from tests.support.simulated_data import NOW


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"niche": "knitting"}, r"unknown niche 'knitting' \(use tech_reviews, fitness"),
        ({"profile": "huge"}, r"unknown profile 'huge' \(use auto, small, mid, large\)"),
        ({"pieces": -1}, r"pieces must be between 0 and 10,000,000, not -1"),
        ({"pieces": 10**9}, r"pieces must be between 0 and 10,000,000"),
        ({"pieces": 2.5}, r"pieces must be a whole number"),
        ({"timezone": "Mars/Base"}, r"unknown timezone 'Mars/Base'"),
        ({"days": 0}, r"days must be between 1 and 3650"),
        ({"normal": CategoryEffect(0.5, (0.8, 1.3), (0.9, 1.1))}, r"category shares must sum to 1"),
        ({"overperforming": CategoryEffect(0.2, (4.0, 2.0), (1.5, 2.5))}, r"overperforming.views"),
        ({"good_slots": (TimeSlot((6,), 19, 21),)}, r"good slot Sun 19-21h overlaps poor slot"),
        ({"good_slots": (TimeSlot((7,), 10, 12),)}, r"good_slots: weekdays must be 0"),
        ({"poor_slots": (TimeSlot((1,), 5, 5),)}, r"poor_slots: a slot needs start_hour"),
        ({"good_slot_lift": 0.0}, r"good_slot_lift must be a positive number"),
        ({"theme_lifts": (1.0, 1.0)}, r"theme_lifts has 2 values for 4 themes"),
        ({"theme_ranking": ("A", "A", "B", "C")}, r"theme_ranking must name distinct"),
        ({"platform_shares": {"youtube": 1.0}}, r"platform_shares must give a value for each"),
        ({"platform_shares": {"youtube": 0.5, "instagram": 0.5, "tiktok": 0.5}}, r"sum to 1"),
        (
            {"platform_retention": {"youtube": 1.5, "instagram": 0.4, "tiktok": 0.4}},
            r"between 0 and 1",
        ),
        ({"follower_growth": -1.0}, r"follower_growth must be above -0.9"),
        ({"view_noise": -0.1}, r"view_noise must be between 0 and 2"),
        ({"view_growth": 0.0}, r"view_growth must be between 0.01 and 100"),
        ({"growth_shape": "zigzag"}, r"unknown growth_shape 'zigzag'"),
        ({"schedule_drift_hours": 24}, r"schedule_drift_hours must be a whole number"),
        ({"schedule_drift_hours": 1.5}, r"schedule_drift_hours must be a whole number"),
    ],
)
def test_invalid_configuration_names_the_field(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        SimulationConfig(**overrides)


def test_null_switches_every_effect_off_and_accepts_overrides() -> None:
    null = SimulationConfig.null(niche="travel", pieces=10, good_slot_lift=2.0)
    assert null.niche == "travel" and null.good_slot_lift == 2.0
    assert null.poor_slot_lift == 1.0 and null.follower_growth == 0.0
    assert set(null.theme_lifts) == {1.0}
    assert len(set(null.platform_view_lift.values())) == 1
    assert null.normal.share == 1.0 and null.overperforming.share == 0.0
    assert null.view_noise == SimulationConfig().view_noise


def test_ranked_themes_default_to_the_niche() -> None:
    assert SimulationConfig(niche="cooking").ranked_themes == (
        "Recipe Tutorials",
        "Kitchen Tips",
        "Product Reviews",
        "Kitchen Vlogs",
    )


@pytest.mark.parametrize("seed", [-1, 2**63, "7", 1.5, True])
def test_bad_seeds_are_refused(seed: Any) -> None:
    with pytest.raises(InvalidInput, match="seed must be"):
        generate_pieces(SimulationConfig(pieces=1), seed=seed, now=NOW)


def test_naive_now_is_refused() -> None:
    with pytest.raises(InvalidInput, match="timezone-aware"):
        generate_pieces(SimulationConfig(pieces=1), seed=1, now=datetime(2026, 1, 1))


def test_zero_pieces_is_an_empty_run() -> None:
    assert generate_pieces(SimulationConfig(pieces=0), seed=1, now=datetime.now(UTC)) == []


def test_slot_wrapping_midnight() -> None:
    late = TimeSlot((0, 1, 2, 3, 4, 5, 6), 23, 5)
    assert late.contains(2, 23) and late.contains(2, 0) and late.contains(2, 4)
    assert not late.contains(2, 5) and not late.contains(2, 22)
    assert late.label() == "every day 23-05h"
