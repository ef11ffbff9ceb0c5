"""A Data API video (and its Analytics row) as the pipeline's neutral PieceRecord."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from insights.importing.cells import parse_duration
from insights.importing.youtube_api import is_short
from insights.importing.youtube_studio import youtube_url
from insights.records import MetricsRecord, PieceRecord


@dataclass(frozen=True)
class AnalyticsRow:
    """What YouTube Analytics reports of one video over its lifetime."""

    minutes_watched: float | None
    avg_view_duration: float | None
    avg_view_percentage: float | None
    subscribers_gained: int | None
    shares: int | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> AnalyticsRow:
        """From a result-table row keyed by column name."""
        return cls(
            minutes_watched=_number(row.get("estimatedMinutesWatched")),
            avg_view_duration=_number(row.get("averageViewDuration")),
            avg_view_percentage=_number(row.get("averageViewPercentage")),
            subscribers_gained=_whole(row.get("subscribersGained")),
            shares=_whole(row.get("shares")),
        )


def video_record(video: dict[str, Any], analytics: AnalyticsRow | None) -> PieceRecord:
    """One video; a count the API leaves out (hidden likes, comments off) stays unknown."""
    snippet, stats = video["snippet"], video.get("statistics") or {}
    duration = round(parse_duration(video["contentDetails"]["duration"]))
    tags = tuple(snippet.get("tags") or ())
    title, description = snippet["title"], snippet.get("description") or ""
    short = is_short(duration, title, description, tags)
    return PieceRecord(
        platform="youtube",
        platform_id=video["id"],
        content_type="short" if short else "video",
        title=title,
        published_at=datetime.fromisoformat(snippet["publishedAt"].replace("Z", "+00:00")),
        publish_time_known=True,
        duration_seconds=duration,
        metrics=_metrics(stats, analytics),
        url=youtube_url(video["id"], short),
        thumbnail_url=((snippet.get("thumbnails") or {}).get("default") or {}).get("url"),
        description=description or None,
        tags=tags,
    )


def _metrics(stats: dict[str, Any], analytics: AnalyticsRow | None) -> MetricsRecord:
    a = analytics
    minutes = a.minutes_watched if a else None
    percentage = a.avg_view_percentage if a else None
    return MetricsRecord(
        views=int(stats.get("viewCount", 0)),
        likes=_whole(stats.get("likeCount")),
        comments=_whole(stats.get("commentCount")),
        shares=a.shares if a else None,
        saves=None,  # YouTube reports no saves
        watch_time_hours=minutes / 60 if minutes is not None else None,
        retention_rate=percentage / 100 if percentage is not None else None,
        avg_view_duration_seconds=a.avg_view_duration if a else None,
        followers_gained=a.subscribers_gained if a else None,
    )


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _whole(value: Any) -> int | None:
    return None if value is None else int(value)
