"""Response models of the insights endpoints: the seed's key names, read from the domain views."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Out(BaseModel):
    """Base of every response model: built from the domain's dataclasses by attribute."""

    model_config = ConfigDict(from_attributes=True)


class InsightOut(Out):
    """A finding: a creator-level pattern or recommendation, or a factor of one piece."""

    title: str
    description: str
    impact_level: str = Field(examples=["high"])
    is_positive: bool
    insight_type: str = Field(examples=["success_factor"])
    pattern_key: str | None
    confidence: float
    supporting_data: dict[str, Any]


class PerformanceOut(Out):
    """A piece's score and headline figures (engagement in percent, retention a fraction 0..1)."""

    performance_score: float | None = Field(description="0-100 against your own typical piece")
    percentile_rank: float | None
    performance_category: Literal["overperforming", "normal", "underperforming"] | None
    views: int
    engagement_rate: float | None
    retention_rate: float | None
    is_provisional: bool = Field(description="Too recent to judge; scored on early figures")
    verdict: str


class PieceOut(Out):
    """One piece as the dashboard and lists show it; times in the creator's timezone."""

    id: str = Field(description="The piece's UUID")
    number: int = Field(description="The short per-creator number (also accepted in paths)")
    title: str
    platform: str
    content_type: str
    theme: str | None
    published_at: datetime
    performance: PerformanceOut
    insights: list[InsightOut]


class SummaryOut(Out):
    """The dashboard's headline figures for the period."""

    total_content: int
    overperforming_count: int
    normal_count: int
    underperforming_count: int
    provisional_count: int
    avg_engagement_rate: float | None = Field(description="null when no piece has a rate")
    total_views: int | None = Field(description="null when no piece reports views")
    total_reach: int | None = Field(description="null when no piece reports reach")
    engagement_trend: Literal["up", "down", "flat"]


class ThemeOut(Out):
    """How one theme performs for the creator."""

    theme: str
    content_count: int
    total_views: int | None = Field(description="null when no piece of it reports views")
    avg_engagement_rate: float
    avg_performance_score: float


class PlatformOut(Out):
    """How one platform performs for the creator over the period."""

    platform: str
    content_count: int
    total_views: int | None = Field(description="null when no piece reports views")
    avg_views: float | None = Field(description="over the pieces that report views")
    avg_engagement_rate: float | None
    avg_retention_rate: float | None
    avg_performance_score: float | None
    overperforming_count: int
    underperforming_count: int


class DashboardOut(Out):
    """The seed's dashboard: summary, top performers, needs attention, themes, platforms."""

    period: str
    platform: str | None
    timezone: str
    summary: SummaryOut
    top_performers: list[PieceOut]
    needs_attention: list[PieceOut]
    themes: list[ThemeOut]
    platform_comparison: list[PlatformOut]
    insights: list[InsightOut]


class ContentPageOut(Out):
    """One page of the filtered content list."""

    items: list[PieceOut]
    page: int
    page_size: int
    total: int
    pages: int


class MetricsOut(Out):
    """Every figure stored for a piece (null: the platform does not report it)."""

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


class ComparisonOut(Out):
    """The piece beside the creator's median piece of its group."""

    group: str
    group_size: int
    basis: str
    median_views: float
    median_engagement_rate: float | None
    median_retention_rate: float | None
    view_ratio: float
    engagement_ratio: float | None
    retention_ratio: float | None


class ContentDetailOut(Out):
    """Everything about one piece: figures, score, comparison, success and failure factors."""

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
    metrics: MetricsOut
    performance: PerformanceOut
    comparison: ComparisonOut | None
    success_factors: list[InsightOut]
    failure_factors: list[InsightOut]


class ThemesOut(Out):
    """The creator's themes, best average score first."""

    themes: list[ThemeOut]
