"""Internally consistent metrics for one block of pieces, from its draws and the planted effects.

Consistency by construction: likes ≤ interactions ≤ views (or reach), reach ≤ impressions,
0 < retention < 1, watch time = views x average view duration, 24 h ≤ 48 h ≤ lifetime figures.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.config import PLATFORMS, SimulationConfig
from simulator.draws import GOOD, POOR, Draws

# Expected views of a piece as a fraction of the followers it was posted to.
BASE_VIEW_RATE = 0.2
# How interactions split into likes, comments, shares, saves, per platform.
INTERACTION_SPLIT = {
    "youtube": (0.85, 0.08, 0.03, 0.04),
    "instagram": (0.80, 0.04, 0.05, 0.11),
    "tiktok": (0.82, 0.05, 0.07, 0.06),
}
IMAGE_TYPES = ("post", "carousel")
DAY_SECONDS = 86_400.0
# Retention stays strictly inside (0, 1) whatever the noise.
RETENTION_FLOOR, RETENTION_CEILING = 0.02, 0.98


@dataclass(frozen=True)
class BlockMetrics:
    """Metric columns of one block (None where a platform or format does not report it)."""

    views: list[int]
    reach: list[int | None]
    impressions: list[int | None]
    likes: list[int]
    comments: list[int]
    shares: list[int]
    saves: list[int]
    retention: list[float | None]
    avg_view_duration: list[float | None]
    watch_time_hours: list[float | None]
    views_24h: list[int | None]
    views_48h: list[int | None]
    likes_24h: list[int | None]
    followers_gained: list[int]
    profile_visits: list[int]


def block_metrics(
    config: SimulationConfig,
    rng: np.random.Generator,
    draws: Draws,
    followers: np.ndarray,
    age_seconds: np.ndarray,
) -> BlockMetrics:
    """Metrics for every piece of the block."""
    n = followers.size
    names = np.array(PLATFORMS)[draws.platform]
    is_image = np.isin(np.array(draws.content_type), IMAGE_TYPES)
    expected = followers * BASE_VIEW_RATE * _lifts(config, draws)
    audience = np.maximum(1, np.rint(expected * _lognormal(rng, config.view_noise, n)))
    video_views = np.where(is_image, 0, audience).astype(np.int64)
    reach, impressions = _reach(rng, names, is_image, video_views, audience)
    # Instagram reports views for photos and carousels too: their audience (as their reach).
    views = audience.astype(np.int64)
    denominator = np.where(names == "instagram", reach_or_zero(reach), views)
    rate = _engagement_rate(config, rng, draws, names)
    interactions = np.minimum(np.rint(denominator * rate / 100.0), denominator).astype(np.int64)
    split = _split(rng, names, interactions)
    retention, avg_duration, watch = _retention(config, rng, draws, names, video_views)
    early = _early(rng, views, split[:, 0], age_seconds, is_image)
    gained = np.rint(denominator * rng.uniform(0.001, 0.004, n) * draws.engagement_multiplier)
    visits = np.rint(denominator * rng.uniform(0.005, 0.02, n))
    return BlockMetrics(
        views=views.tolist(),
        reach=_optional(reach),
        impressions=_optional(impressions),
        likes=split[:, 0].tolist(),
        comments=split[:, 1].tolist(),
        shares=split[:, 2].tolist(),
        saves=split[:, 3].tolist(),
        retention=retention,
        avg_view_duration=avg_duration,
        watch_time_hours=watch,
        views_24h=early[0],
        views_48h=early[1],
        likes_24h=early[2],
        followers_gained=gained.astype(np.int64).tolist(),
        profile_visits=visits.astype(np.int64).tolist(),
    )


def _lifts(config: SimulationConfig, draws: Draws) -> np.ndarray:
    """The product of every planted view effect: category, theme, timing, platform."""
    theme_lift = np.array(config.theme_lifts)[draws.theme]
    slot_lift = np.ones(draws.slot.size)
    slot_lift[draws.slot == GOOD] = config.good_slot_lift
    slot_lift[draws.slot == POOR] = config.poor_slot_lift
    platform_lift = np.array([config.platform_view_lift[p] for p in PLATFORMS])[draws.platform]
    result: np.ndarray = draws.view_multiplier * theme_lift * slot_lift * platform_lift
    return result


def _lognormal(rng: np.random.Generator, sigma: float, n: int) -> np.ndarray:
    # Median 1, so medians compare planted effects directly.
    return np.exp(rng.normal(0.0, sigma, n)) if sigma else np.ones(n)


def _reach(
    rng: np.random.Generator,
    names: np.ndarray,
    is_image: np.ndarray,
    views: np.ndarray,
    audience: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Reach and impressions (-1 where the platform does not report them)."""
    n = views.size
    reach = np.full(n, -1, dtype=np.int64)
    impressions = np.full(n, -1, dtype=np.int64)
    insta = names == "instagram"
    reach_of_video = np.maximum(1, np.rint(views * rng.uniform(0.55, 0.85, n)))
    reach[insta] = np.where(is_image, audience, reach_of_video)[insta]
    impressions[insta] = np.rint(reach * rng.uniform(1.15, 1.6, n))[insta]
    youtube = names == "youtube"
    impressions[youtube] = np.rint(views / rng.uniform(0.03, 0.12, n))[youtube]
    tiktok = names == "tiktok"
    reach[tiktok] = np.rint(views * rng.uniform(0.7, 0.92, n))[tiktok]
    return reach, impressions


def reach_or_zero(values: np.ndarray) -> np.ndarray:
    """The values with 'not reported' (-1) as 0."""
    result: np.ndarray = np.maximum(values, 0)
    return result


def _engagement_rate(
    config: SimulationConfig, rng: np.random.Generator, draws: Draws, names: np.ndarray
) -> np.ndarray:
    base = np.array([config.platform_engagement[p] for p in PLATFORMS])[draws.platform]
    noise = _lognormal(rng, config.engagement_noise, names.size)
    result: np.ndarray = base * draws.engagement_multiplier * noise
    return result


def _split(rng: np.random.Generator, names: np.ndarray, interactions: np.ndarray) -> np.ndarray:
    """Likes, comments, shares, saves (columns) summing to the interactions of each piece."""
    split = np.zeros((interactions.size, 4), dtype=np.int64)
    for platform, shares in INTERACTION_SPLIT.items():
        mask = names == platform
        if mask.any():
            split[mask] = rng.multinomial(interactions[mask], shares)
    return split


def _retention(
    config: SimulationConfig,
    rng: np.random.Generator,
    draws: Draws,
    names: np.ndarray,
    views: np.ndarray,
) -> tuple[list[float | None], list[float | None], list[float | None]]:
    """Retention, average view duration and watch hours of the video pieces."""
    n = views.size
    base = np.array([config.platform_retention[p] for p in PLATFORMS])[draws.platform]
    shift = np.array([e.retention_shift for _, e in config.categories])[draws.category]
    noise = rng.normal(0.0, config.retention_noise, n) if config.retention_noise else np.zeros(n)
    retention = np.clip(base + shift + noise, RETENTION_FLOOR, RETENTION_CEILING).tolist()
    rates: list[float | None] = []
    durations: list[float | None] = []
    hours: list[float | None] = []
    for rate, seconds, count in zip(retention, draws.duration, views.tolist(), strict=True):
        if seconds is None:
            rates.append(None)
            durations.append(None)
            hours.append(None)
            continue
        average = rate * seconds
        rates.append(rate)
        durations.append(average)
        hours.append(count * average / 3600.0)
    return rates, durations, hours


def _early(
    rng: np.random.Generator,
    views: np.ndarray,
    likes: np.ndarray,
    age_seconds: np.ndarray,
    is_image: np.ndarray,
) -> tuple[list[int | None], list[int | None], list[int | None]]:
    """Views after 24 h and 48 h, likes after 24 h; None until that much time has passed."""
    n = views.size
    share_24h = rng.uniform(0.3, 0.6, n)
    share_48h = share_24h + (1 - share_24h) * rng.uniform(0.2, 0.45, n)
    day_old = age_seconds >= DAY_SECONDS
    two_days_old = age_seconds >= 2 * DAY_SECONDS
    views_24h = np.where(day_old & ~is_image, np.floor(views * share_24h), -1)
    views_48h = np.where(two_days_old & ~is_image, np.floor(views * share_48h), -1)
    likes_24h = np.where(day_old, np.floor(likes * rng.uniform(0.35, 0.65, n)), -1)
    return _optional(views_24h), _optional(views_48h), _optional(likes_24h)


def _optional(values: np.ndarray) -> list[int | None]:
    """Integers, with the -1 marker as None."""
    return [None if v < 0 else v for v in values.astype(np.int64).tolist()]
