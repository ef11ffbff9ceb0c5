"""Validation of a SimulationConfig: every message names the field that is wrong."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

from simulator.niches import NICHES
from storage.creators import validate_timezone
from storage.errors import InvalidInput

if TYPE_CHECKING:
    from simulator.config import SimulationConfig, TimeSlot

SHARE_TOLERANCE = 1e-6
PROFILES: tuple[str, ...] = ("auto", "small", "mid", "large")
PLATFORMS = ("youtube", "instagram", "tiktok")
GROWTH_SHAPES = ("steady", "breakout")
MAX_PIECES = 10_000_000


def check_config(config: SimulationConfig) -> None:
    """Raise InvalidInput naming the first field of ``config`` that cannot be simulated."""
    _check_who(config)
    _check_categories(config)
    _check_slots(config)
    _check_themes(config)
    _check_platforms(config)
    _check_amounts(config)


def _check_who(config: SimulationConfig) -> None:
    if config.niche not in NICHES:
        raise InvalidInput(f"unknown niche {config.niche!r} (use {', '.join(NICHES)})")
    if config.profile not in PROFILES:
        raise InvalidInput(f"unknown profile {config.profile!r} (use {', '.join(PROFILES)})")
    if isinstance(config.pieces, bool) or not isinstance(config.pieces, int):
        raise InvalidInput(f"pieces must be a whole number, not {config.pieces!r}")
    if not 0 <= config.pieces <= MAX_PIECES:
        raise InvalidInput(f"pieces must be between 0 and {MAX_PIECES:,}, not {config.pieces:,}")
    if not 1 <= config.days <= 3650:
        raise InvalidInput(f"days must be between 1 and 3650, not {config.days}")
    validate_timezone(config.timezone)


def _check_categories(config: SimulationConfig) -> None:
    total = 0.0
    for name, effect in config.categories:
        total += effect.share
        if not 0 <= effect.share <= 1:
            raise InvalidInput(f"{name}.share must be between 0 and 1, not {effect.share}")
        for part, (low, high) in (("views", effect.views), ("engagement", effect.engagement)):
            if not 0 < low <= high:
                raise InvalidInput(f"{name}.{part} must be a range 0 < low <= high")
        if abs(effect.retention_shift) >= 1:
            raise InvalidInput(f"{name}.retention_shift must be between -1 and 1")
    if abs(total - 1) > SHARE_TOLERANCE:
        raise InvalidInput(f"the category shares must sum to 1, not {total:g}")


def _check_slots(config: SimulationConfig) -> None:
    for name in ("good_slots", "poor_slots"):
        for slot in getattr(config, name):
            _check_slot(name, slot)
    for good in config.good_slots:
        for poor in config.poor_slots:
            overlap = [
                (d, h)
                for d in good.weekdays
                for h in range(24)
                if good.contains(d, h) and poor.contains(d, h)
            ]
            if overlap:
                raise InvalidInput(f"good slot {good.label()} overlaps poor slot {poor.label()}")
    for name in ("good_slot_lift", "poor_slot_lift"):
        _check_positive(name, getattr(config, name))


def _check_slot(name: str, slot: TimeSlot) -> None:
    if not slot.weekdays or any(d not in range(7) for d in slot.weekdays):
        raise InvalidInput(f"{name}: weekdays must be 0 (Monday) to 6 (Sunday)")
    if not (0 <= slot.start_hour < 24 and 0 <= slot.end_hour < 24):
        raise InvalidInput(f"{name}: hours must be 0 to 23")
    if slot.start_hour == slot.end_hour:
        raise InvalidInput(f"{name}: a slot needs start_hour != end_hour")


def _check_themes(config: SimulationConfig) -> None:
    themes = config.ranked_themes
    if len(set(themes)) != len(themes) or not all(t.strip() for t in themes):
        raise InvalidInput("theme_ranking must name distinct, non-empty themes")
    if len(config.theme_lifts) != len(themes):
        raise InvalidInput(
            f"theme_lifts has {len(config.theme_lifts)} values for {len(themes)} themes"
        )
    for lift in config.theme_lifts:
        _check_positive("theme_lifts", lift)


def _check_platforms(config: SimulationConfig) -> None:
    for name in (
        "platform_shares",
        "platform_view_lift",
        "platform_retention",
        "platform_engagement",
    ):
        values: Mapping[str, float] = getattr(config, name)
        if set(values) != set(PLATFORMS):
            raise InvalidInput(f"{name} must give a value for each of {', '.join(PLATFORMS)}")
    shares = config.platform_shares.values()
    if any(s < 0 for s in shares) or abs(sum(shares) - 1) > SHARE_TOLERANCE:
        raise InvalidInput("platform_shares must be non-negative and sum to 1")
    for platform, value in config.platform_retention.items():
        if not 0 < value < 1:
            raise InvalidInput(f"platform_retention[{platform}] must be between 0 and 1")
    for name in ("platform_view_lift", "platform_engagement"):
        for value in getattr(config, name).values():
            _check_positive(name, value)


def _check_amounts(config: SimulationConfig) -> None:
    if not -0.9 < config.follower_growth <= 100:
        raise InvalidInput("follower_growth must be above -0.9 and at most 100")
    if not (math.isfinite(config.view_growth) and 0.01 <= config.view_growth <= 100):
        raise InvalidInput(f"view_growth must be between 0.01 and 100, not {config.view_growth}")
    if config.growth_shape not in GROWTH_SHAPES:
        raise InvalidInput(
            f"unknown growth_shape {config.growth_shape!r} (use {', '.join(GROWTH_SHAPES)})"
        )
    drift = config.schedule_drift_hours
    if isinstance(drift, bool) or not isinstance(drift, int) or not -23 <= drift <= 23:
        raise InvalidInput(
            f"schedule_drift_hours must be a whole number from -23 to 23, not {drift!r}"
        )
    for name in ("view_noise", "engagement_noise", "retention_noise"):
        value = getattr(config, name)
        if not (math.isfinite(value) and 0 <= value <= 2):
            raise InvalidInput(f"{name} must be between 0 and 2, not {value}")


def _check_positive(name: str, value: float) -> None:
    if not (math.isfinite(value) and value > 0):
        raise InvalidInput(f"{name} must be a positive number, not {value}")
