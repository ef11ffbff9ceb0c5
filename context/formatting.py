"""How numbers read in chat: one place, so every answer quotes the creator's figures alike."""

from __future__ import annotations

from datetime import datetime

from insights.view_models import PerformanceBlock
from plans.outcomes import compact_number

PLATFORM_NAMES = {"youtube": "YouTube", "instagram": "Instagram", "tiktok": "TikTok"}
PERIOD_NAMES = {
    "7d": "the last 7 days",
    "30d": "the last 30 days",
    "90d": "the last 90 days",
    "all": "all time",
    "this_week": "this week",
    "last_week": "last week",
    "this_month": "this month",
    "last_month": "last month",
}
MISSING = "—"


def counted(number: int, noun: str) -> str:
    """'1 piece', '3 pieces'."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def views(value: float | None) -> str:
    """2400471 → '2.4M'."""
    return MISSING if value is None else compact_number(float(value))


def percent(value: float | None) -> str:
    """An engagement rate stored in percent: 6.863 → '6.9%'."""
    return MISSING if value is None else f"{value:.1f}%"


def fraction(value: float | None) -> str:
    """A retention rate stored as a fraction: 0.696 → '70%'."""
    return MISSING if value is None else f"{value * 100:.0f}%"


def score(value: float | None) -> str:
    """A 0-100 performance score: 92.83 → '93'."""
    return MISSING if value is None else f"{value:.0f}"


def ratio(value: float | None) -> str:
    """A multiple of the typical piece: 7.756 → '7.8×'."""
    return MISSING if value is None else f"{value:.1f}×"


def platform_name(platform: str | None) -> str:
    """'tiktok' → 'TikTok'; None → 'all platforms'."""
    if platform is None:
        return "all platforms"
    return PLATFORM_NAMES.get(platform, platform)


def period_name(period: str) -> str:
    """'30d' → 'the last 30 days'."""
    return PERIOD_NAMES.get(period, period)


def local_time(instant: datetime) -> str:
    """An instant already in the creator's timezone: 'Sat 24 Jan 2026 13:24'."""
    return f"{instant:%a} {instant.day} {instant:%b %Y %H:%M}"


def published(instant: datetime, time_known: bool) -> str:
    """When a piece went out: 'Sat 24 Jan 2026 13:24', or the date alone when that is all known."""
    return local_time(instant) if time_known else f"{instant:%a} {instant.day} {instant:%b %Y}"


def performance_line(block: PerformanceBlock) -> str:
    """'score 93 · 2.4M views · 6.9% engagement' (or 'too recent to judge · …')."""
    head = (
        "too recent to judge" if block.is_provisional else f"score {score(block.performance_score)}"
    )
    parts = [head, f"{views(block.views)} views"]
    if block.engagement_rate is not None:
        parts.append(f"{percent(block.engagement_rate)} engagement")
    return " · ".join(parts)
