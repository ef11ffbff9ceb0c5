"""The neutral shape of a piece and its metrics, as every source hands it to the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class MetricsRecord:
    """Lifetime metrics of one piece (None: the source does not report it)."""

    views: int | None = 0  # None: not reported (hidden, not counted yet)
    # None: not reported (TikTok gives no saves, hidden likes, a doubtful import figure).
    likes: int | None = 0
    comments: int | None = 0
    shares: int | None = 0
    saves: int | None = 0
    impressions: int | None = None
    reach: int | None = None
    watch_time_hours: float | None = None
    retention_rate: float | None = None  # fraction 0..1 of the piece watched on average
    avg_view_duration_seconds: float | None = None
    followers_gained: int | None = None
    profile_visits: int | None = None
    views_24h: int | None = None
    likes_24h: int | None = None
    views_48h: int | None = None
    engagement_rate: float | None = None  # percent; computed by the platform's formula when None


@dataclass(frozen=True)
class PieceRecord:
    """One piece as a source (simulator, import, API) describes it."""

    platform: str
    platform_id: str
    content_type: str
    title: str
    published_at: datetime  # timezone-aware
    metrics: MetricsRecord = field(default_factory=MetricsRecord)
    publish_time_known: bool = True
    theme: str | None = None
    duration_seconds: int | None = None
    follower_count_at_post: int | None = None
    url: str | None = None
    thumbnail_url: str | None = None
    description: str | None = None
    tags: tuple[str, ...] = ()
