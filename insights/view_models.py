"""What the views return: plain dataclasses whose field names follow the seed's responses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Insight:
    """A finding: creator-level (a pattern or recommendation) or about one piece (a factor)."""

    title: str
    description: str
    impact_level: str
    is_positive: bool
    insight_type: str = "pattern"
    pattern_key: str | None = None
    confidence: float = 0.5
    supporting_data: dict[str, Any] = field(default_factory=dict)


# Creator-level patterns are insights without a piece; the name says what callers get.
Pattern = Insight


@dataclass(frozen=True)
class PerformanceBlock:
    """A piece's score and headline figures."""

    performance_score: float | None
    percentile_rank: float | None
    performance_category: str | None
    views: int | None  # None: not reported by the platform
    engagement_rate: float | None
    retention_rate: float | None
    is_provisional: bool

    @property
    def verdict(self) -> str:
        """What a person reads: the category, or that the piece is too recent to judge."""
        if self.is_provisional:
            return "too recent to judge"
        return self.performance_category or "not scored yet"


@dataclass(frozen=True)
class PieceSummary:
    """One piece as the dashboard and lists show it (times in the creator's timezone)."""

    id: str
    number: int
    title: str
    platform: str
    content_type: str
    theme: str | None
    published_at: datetime
    performance: PerformanceBlock
    insights: list[Insight] = field(default_factory=list)
    # False when the source gave only the date: show the date, never a made-up "12:00".
    publish_time_known: bool = True


@dataclass(frozen=True)
class Summary:
    """The dashboard's headline figures for the period.

    total_content = overperforming + normal + underperforming + provisional pieces.
    """

    total_content: int
    overperforming_count: int
    normal_count: int
    underperforming_count: int
    provisional_count: int
    avg_engagement_rate: float | None
    total_views: int | None  # None: no piece reports the figure
    total_reach: int | None
    engagement_trend: str  # up | down | flat


@dataclass(frozen=True)
class ThemeStat:
    """How one theme performs for the creator."""

    theme: str
    content_count: int
    total_views: int | None
    avg_engagement_rate: float
    avg_performance_score: float


@dataclass(frozen=True)
class PlatformStat:
    """How one platform performs for the creator."""

    platform: str
    content_count: int
    total_views: int | None
    avg_views: float | None
    avg_engagement_rate: float | None
    avg_retention_rate: float | None
    avg_performance_score: float | None
    overperforming_count: int
    underperforming_count: int


@dataclass(frozen=True)
class Dashboard:
    """The seed's dashboard response."""

    period: str
    platform: str | None
    timezone: str
    summary: Summary
    top_performers: list[PieceSummary]
    needs_attention: list[PieceSummary]
    themes: list[ThemeStat]
    platform_comparison: list[PlatformStat]
    insights: list[Insight]


@dataclass(frozen=True)
class ContentPage:
    """One page of a filtered, sorted content list."""

    items: list[PieceSummary]
    page: int
    page_size: int
    total: int

    @property
    def pages(self) -> int:
        """How many pages the list has (at least 1)."""
        return max(1, -(-self.total // self.page_size))


@dataclass(frozen=True)
class Metrics:
    """Every figure stored for a piece (None: not reported)."""

    views: int | None
    impressions: int | None
    reach: int | None
    likes: int | None
    comments: int | None
    shares: int | None
    saves: int | None
    engagement_rate: float | None
    retention_rate: float | None
    watch_time_hours: float | None
    avg_view_duration_seconds: float | None
    followers_gained: int | None
    profile_visits: int | None
    views_24h: int | None
    likes_24h: int | None
    views_48h: int | None


@dataclass(frozen=True)
class Comparison:
    """The piece beside the creator's median piece of its group."""

    group: str  # e.g. "YouTube long-form"
    group_size: int
    basis: str  # "lifetime" or "24h"
    median_views: float
    median_engagement_rate: float | None
    median_retention_rate: float | None
    view_ratio: float
    engagement_ratio: float | None
    retention_ratio: float | None


@dataclass(frozen=True)
class ContentDetail:
    """Everything about one piece: figures, score, comparison and factors."""

    id: str
    number: int
    title: str
    platform: str
    content_type: str
    format_class: str
    theme: str | None
    url: str | None
    description: str | None
    published_at: datetime
    publish_time_known: bool
    duration_seconds: int | None
    metrics: Metrics
    performance: PerformanceBlock
    comparison: Comparison | None
    success_factors: list[Insight]
    failure_factors: list[Insight]
