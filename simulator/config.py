"""Every effect the simulator plants, as a named, documented, switchable parameter."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from simulator.config_checks import MAX_PIECES, PLATFORMS, PROFILES, check_config
from simulator.niches import NICHES, niche

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
ALL_DAYS = (0, 1, 2, 3, 4, 5, 6)


@dataclass(frozen=True)
class TimeSlot:
    """Hours ``start_hour`` ≤ h < ``end_hour`` on the given weekdays (0 = Monday), local time.

    ``start_hour > end_hour`` wraps past midnight (23 → 5 is 23:00-04:59); each hour belongs to
    the weekday it falls on.
    """

    weekdays: tuple[int, ...]
    start_hour: int
    end_hour: int

    def contains(self, weekday: int, hour: int) -> bool:
        """True when a local weekday and hour fall inside the slot."""
        if weekday not in self.weekdays:
            return False
        if self.start_hour <= self.end_hour:
            return self.start_hour <= hour < self.end_hour
        return hour >= self.start_hour or hour < self.end_hour

    def label(self) -> str:
        """Readable form, e.g. 'Mon/Wed/Thu 14-19h'."""
        days = (
            "every day"
            if self.weekdays == ALL_DAYS
            else "/".join(WEEKDAY_NAMES[d] for d in self.weekdays)
        )
        return f"{days} {self.start_hour:02d}-{self.end_hour:02d}h"


@dataclass(frozen=True)
class CategoryEffect:
    """One planted performance category.

    share: fraction of pieces drawn into it (the three shares sum to 1).
    views: (low, high) multiplier of the piece's expected views, drawn uniformly.
    engagement: (low, high) multiplier of the platform's base engagement rate, drawn uniformly.
    retention_shift: added to the platform's base retention (fraction), e.g. +0.08.
    """

    share: float
    views: tuple[float, float]
    engagement: tuple[float, float]
    retention_shift: float = 0.0


def _frozen(values: dict[str, float]) -> Mapping[str, float]:
    return MappingProxyType(values)


@dataclass(frozen=True)
class SimulationConfig:
    """What to simulate and every effect planted in it; ``SimulationConfig.null()`` turns all off.

    Who: ``niche`` (one of NICHES), ``profile`` (channel size: small, mid, large, or auto = drawn
    from the seed), ``pieces`` (how many), ``timezone`` (the creator's IANA zone: slots are local),
    ``days`` (pieces fall in the last ``days`` days before ``now``).

    Categories (the seed's distribution): ``overperforming`` 20 % at 2-4x views and 1.5-2.5x
    engagement, ``normal`` 60 % at 0.8-1.3x / 0.9-1.1x, ``underperforming`` 20 % at 0.2-0.5x /
    0.4-0.7x. ``SimulatedPiece.planted_category`` tells which one each piece got.

    Timing: pieces posted in ``good_slots`` get ``good_slot_lift`` x views, pieces in
    ``poor_slots`` get ``poor_slot_lift`` x views (local time; the slots may not overlap). Plant a
    different best window by passing other ``good_slots``.

    Themes: ``theme_ranking`` lists the themes best first (None: the niche's own, Tutorials >
    Tips > Reviews > Vlogs); ``theme_lifts[i]`` multiplies the views of the i-th theme. Reorder
    ``theme_ranking`` to plant another order.

    Platforms: ``platform_shares`` (how often each is used), ``platform_view_lift`` (TikTok
    higher), ``platform_retention`` (base average fraction watched; YouTube higher) and
    ``platform_engagement`` (base engagement in percent, by the platform's own formula).

    Audience: ``follower_growth`` is the fractional follower growth over the window (0.3 = +30 %);
    expected views follow the follower count at posting time.

    Channel growth (the trap of real catalogues; off by default): ``view_growth`` multiplies the
    expected views of the newest pieces against the oldest on top of followers (3.0 = views x3
    over the window: reach, the algorithm, a channel's breakthrough); ``growth_shape`` says how it
    arrives: "steady" (the same rate all along, log-linear) or "breakout" (flat, then most of it
    over the middle fifth of the window, then flat again: a viral season or an algorithm change).

    Schedule drift (off by default): ``schedule_drift_hours`` moves the creator's posting hours
    later by up to this many hours over the window (the oldest pieces at the usual hours, the
    newest ``schedule_drift_hours`` later, wrapping past midnight; negative = earlier), at the
    pace of ``growth_shape`` (a creator who breaks out often changes how they post at the same
    time), so that with growth the time of day a piece went out stands in for its era.

    Noise (not an effect; kept by ``null``): ``view_noise`` and ``engagement_noise`` are the sigmas
    of log-normal multipliers, ``retention_noise`` the standard deviation added to retention.
    """

    niche: str = "tech_reviews"
    profile: str = "auto"
    pieces: int = 40
    timezone: str = "UTC"
    days: int = 90
    overperforming: CategoryEffect = CategoryEffect(0.20, (2.0, 4.0), (1.5, 2.5), 0.08)
    normal: CategoryEffect = CategoryEffect(0.60, (0.8, 1.3), (0.9, 1.1), 0.0)
    underperforming: CategoryEffect = CategoryEffect(0.20, (0.2, 0.5), (0.4, 0.7), -0.08)
    good_slots: tuple[TimeSlot, ...] = (
        TimeSlot((0, 2, 3), 14, 19),
        TimeSlot((5,), 10, 15),
    )
    poor_slots: tuple[TimeSlot, ...] = (
        TimeSlot(ALL_DAYS, 23, 5),
        TimeSlot((6,), 18, 23),
    )
    good_slot_lift: float = 1.5
    poor_slot_lift: float = 0.6
    theme_ranking: tuple[str, ...] | None = None
    theme_lifts: tuple[float, ...] = (1.45, 1.2, 1.0, 0.75)
    platform_shares: Mapping[str, float] = field(
        default_factory=lambda: _frozen({"youtube": 0.4, "instagram": 0.3, "tiktok": 0.3})
    )
    platform_view_lift: Mapping[str, float] = field(
        default_factory=lambda: _frozen({"youtube": 1.0, "instagram": 0.8, "tiktok": 1.8})
    )
    platform_retention: Mapping[str, float] = field(
        default_factory=lambda: _frozen({"youtube": 0.55, "instagram": 0.38, "tiktok": 0.4})
    )
    platform_engagement: Mapping[str, float] = field(
        default_factory=lambda: _frozen({"youtube": 4.0, "instagram": 4.5, "tiktok": 5.5})
    )
    follower_growth: float = 0.3
    view_growth: float = 1.0
    growth_shape: str = "steady"
    schedule_drift_hours: int = 0
    view_noise: float = 0.25
    engagement_noise: float = 0.15
    retention_noise: float = 0.04

    def __post_init__(self) -> None:
        """Refuse a configuration that cannot be simulated, naming the field."""
        check_config(self)

    @classmethod
    def null(cls, **overrides: Any) -> SimulationConfig:
        """Every planted effect off (noise kept): no timing, theme, platform or category signal."""
        flat = CategoryEffect(0.0, (1.0, 1.0), (1.0, 1.0))
        off: dict[str, Any] = {
            "overperforming": flat,
            "normal": replace(flat, share=1.0),
            "underperforming": flat,
            "good_slot_lift": 1.0,
            "poor_slot_lift": 1.0,
            "theme_lifts": (1.0, 1.0, 1.0, 1.0),
            "platform_view_lift": _frozen(dict.fromkeys(PLATFORMS, 1.0)),
            "platform_retention": _frozen(dict.fromkeys(PLATFORMS, 0.45)),
            "platform_engagement": _frozen(dict.fromkeys(PLATFORMS, 5.0)),
            "follower_growth": 0.0,
        }
        return cls(**(off | overrides))

    @property
    def ranked_themes(self) -> tuple[str, ...]:
        """The themes, best first."""
        return self.theme_ranking or niche(self.niche).themes

    @property
    def categories(self) -> tuple[tuple[str, CategoryEffect], ...]:
        """The three categories with their names, best first."""
        return (
            ("overperforming", self.overperforming),
            ("normal", self.normal),
            ("underperforming", self.underperforming),
        )


__all__ = [
    "MAX_PIECES",
    "NICHES",
    "PLATFORMS",
    "PROFILES",
    "CategoryEffect",
    "SimulationConfig",
    "TimeSlot",
]
