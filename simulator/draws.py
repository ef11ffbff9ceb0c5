"""The random draws behind one block of pieces, vectorised with numpy.

Every planted effect reads its size from the SimulationConfig; the constants here (content mix,
durations, posting-hour habits, interaction split) are not effects and stay the same in the null
configuration, so they carry no timing, theme or platform signal by themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

import numpy as np

from simulator.config import PLATFORMS, SimulationConfig

# Formats each platform uses and how often (shares sum to 1 per platform).
CONTENT_MIX: dict[str, tuple[tuple[str, float], ...]] = {
    "youtube": (("video", 0.6), ("short", 0.4)),
    "instagram": (("reel", 0.5), ("post", 0.2), ("carousel", 0.3)),
    "tiktok": (("video", 1.0),),
}
DURATIONS: dict[tuple[str, str], tuple[int, int]] = {
    ("youtube", "video"): (300, 1500),
    ("youtube", "short"): (15, 60),
    ("instagram", "reel"): (10, 90),
    ("tiktok", "video"): (10, 60),
}
# When creators post (local hour of day): mostly daytime, some late at night.
HOUR_WEIGHTS = np.array(
    [
        *(0.2, 0.15, 0.15, 0.15, 0.15, 0.2, 0.4, 0.6, 0.8, 1.0, 1.0, 1.0),
        *(1.1, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.1, 1.0, 0.9, 0.8, 0.5),
    ]
)
HOUR_P = HOUR_WEIGHTS / HOUR_WEIGHTS.sum()
NEUTRAL, GOOD, POOR = 0, 1, 2
# ln(19) / 0.1: the breakout's logistic goes from 5 % to 95 % of its way over 0.2 of the window.
BREAKOUT_STEEPNESS = 29.44
SLOT_NAMES = ("neutral", "good", "poor")


@dataclass(frozen=True)
class Draws:
    """Per-piece draws of one block (arrays of equal length)."""

    platform: np.ndarray  # index into PLATFORMS
    content_type: list[str]
    duration: list[int | None]
    day_offset: np.ndarray  # days before the local today, 1..days
    hour: np.ndarray
    minute: np.ndarray
    slot: np.ndarray  # NEUTRAL, GOOD or POOR
    category: np.ndarray  # 0 over, 1 normal, 2 under
    view_multiplier: np.ndarray
    engagement_multiplier: np.ndarray
    theme: np.ndarray  # index into config.ranked_themes


def slot_table(config: SimulationConfig) -> np.ndarray:
    """7 x 24 table of NEUTRAL / GOOD / POOR by local weekday and hour."""
    table = np.full((7, 24), NEUTRAL, dtype=np.int8)
    for weekday in range(7):
        for hour in range(24):
            if any(s.contains(weekday, hour) for s in config.good_slots):
                table[weekday, hour] = GOOD
            elif any(s.contains(weekday, hour) for s in config.poor_slots):
                table[weekday, hour] = POOR
    return table


def draw_block(config: SimulationConfig, rng: np.random.Generator, n: int, today: date) -> Draws:
    """Draw platform, format, timing, category and theme for ``n`` pieces."""
    shares = np.array([config.platform_shares[p] for p in PLATFORMS])
    platform = rng.choice(len(PLATFORMS), size=n, p=shares)
    content_type, duration = _formats(rng, platform)
    day_offset = rng.integers(1, config.days + 1, size=n)
    hour = _drifted(config, rng.choice(24, size=n, p=HOUR_P), day_offset)
    minute = rng.integers(0, 60, size=n)
    weekday = np.array([(today - timedelta(days=int(d))).weekday() for d in range(config.days + 1)])
    slot = slot_table(config)[weekday[day_offset], hour]
    category, view_mult, engagement_mult = _categories(config, rng, n)
    theme = rng.integers(0, len(config.ranked_themes), size=n)
    return Draws(
        platform=platform,
        content_type=content_type,
        duration=duration,
        day_offset=day_offset,
        hour=hour,
        minute=minute,
        slot=slot,
        category=category,
        view_multiplier=view_mult,
        engagement_multiplier=engagement_mult,
        theme=theme,
    )


def progress(config: SimulationConfig, elapsed: np.ndarray) -> np.ndarray:
    """How far growth and schedule drift have come (0 to 1) at each elapsed fraction of the window.

    "steady": in proportion to time; "breakout": a logistic step centred mid-window, 90 % of it
    within the middle fifth, rescaled to run from exactly 0 to exactly 1.
    """
    done: np.ndarray = np.clip(elapsed, 0.0, 1.0)
    if config.growth_shape != "breakout":
        return done
    step = 1.0 / (1.0 + np.exp(-BREAKOUT_STEEPNESS * (done - 0.5)))
    low, high = (1.0 / (1.0 + np.exp(BREAKOUT_STEEPNESS * 0.5 * s)) for s in (1, -1))
    shaped: np.ndarray = (step - low) / (high - low)
    return shaped


def _drifted(config: SimulationConfig, hour: np.ndarray, day_offset: np.ndarray) -> np.ndarray:
    """Posting hours moved later by the schedule drift: none on the oldest day, all on today."""
    if not config.schedule_drift_hours:
        return hour
    elapsed = 1.0 - day_offset / config.days  # 0 for the oldest day, about 1 for the newest
    shift = np.rint(config.schedule_drift_hours * progress(config, elapsed)).astype(np.int64)
    drifted: np.ndarray = (hour + shift) % 24
    return drifted


def _formats(rng: np.random.Generator, platform: np.ndarray) -> tuple[list[str], list[int | None]]:
    u_type = rng.random(platform.size).tolist()
    u_duration = rng.random(platform.size).tolist()
    types: list[str] = []
    durations: list[int | None] = []
    for p, ut, ud in zip(platform.tolist(), u_type, u_duration, strict=True):
        name = PLATFORMS[p]
        content_type = _pick(CONTENT_MIX[name], ut)
        types.append(content_type)
        bounds = DURATIONS.get((name, content_type))
        durations.append(None if bounds is None else int(bounds[0] + ud * (bounds[1] - bounds[0])))
    return types, durations


def _pick(mix: tuple[tuple[str, float], ...], u: float) -> str:
    cumulative = 0.0
    for name, share in mix:
        cumulative += share
        if u < cumulative:
            return name
    return mix[-1][0]


def _categories(
    config: SimulationConfig, rng: np.random.Generator, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    effects = [effect for _, effect in config.categories]
    category = rng.choice(3, size=n, p=np.array([e.share for e in effects]))
    view_low = np.array([e.views[0] for e in effects])[category]
    view_high = np.array([e.views[1] for e in effects])[category]
    eng_low = np.array([e.engagement[0] for e in effects])[category]
    eng_high = np.array([e.engagement[1] for e in effects])[category]
    view_mult = view_low + rng.random(n) * (view_high - view_low)
    engagement_mult = eng_low + rng.random(n) * (eng_high - eng_low)
    return category, view_mult, engagement_mult


def local_datetimes(draws: Draws, today: date, tz: tzinfo) -> list[datetime]:
    """The publish instants of the block as aware datetimes in the creator's zone."""
    result = []
    for offset, hour, minute in zip(
        draws.day_offset.tolist(), draws.hour.tolist(), draws.minute.tolist(), strict=True
    ):
        day = today - timedelta(days=offset)
        result.append(datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz))
    return result
