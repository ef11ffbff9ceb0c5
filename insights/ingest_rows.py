"""Column values the ingestion pipeline writes for one record, and what counts as a change."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table

from insights.metrics import engagement_rate
from insights.records import PieceRecord
from storage.models import ContentPerformance, ContentPiece, Creator, new_id

PIECES = cast(Table, ContentPiece.__table__)
PERFORMANCE = cast(Table, ContentPerformance.__table__)
CREATORS = cast(Table, Creator.__table__)

# Columns a re-ingest may change; ids, numbers, owners and scores are never taken from a source.
PIECE_FIELDS = (
    "content_type",
    "title",
    "description",
    "url",
    "thumbnail_url",
    "published_at",
    "publish_time_known",
    "theme",
    "duration_seconds",
    "follower_count_at_post",
    "tags",
    "is_demo",
    "source",
)
PERFORMANCE_FIELDS = (
    "views",
    "impressions",
    "reach",
    "likes",
    "comments",
    "shares",
    "saves",
    "engagement_rate",
    "watch_time_hours",
    "retention_rate",
    "avg_view_duration_seconds",
    "followers_gained",
    "profile_visits",
    "views_24h",
    "likes_24h",
    "views_48h",
)
# Metrics copied as they are from the record (engagement_rate is computed instead).
COPIED_METRICS = tuple(f for f in PERFORMANCE_FIELDS if f != "engagement_rate")
UNSCORED = {
    "performance_score": None,
    "percentile_rank": None,
    "performance_category": None,
    "is_provisional": False,
    "scored_at": None,
}


def piece_values(record: PieceRecord, *, source: str, is_demo: bool) -> dict[str, Any]:
    """The content_pieces values a record sets (without id, owner, number or timestamps)."""
    return {
        "content_type": str(record.content_type),
        "title": record.title.strip(),
        "description": record.description,
        "url": record.url,
        "thumbnail_url": record.thumbnail_url,
        "published_at": record.published_at.astimezone(UTC),
        "publish_time_known": record.publish_time_known,
        "theme": record.theme,
        "duration_seconds": record.duration_seconds,
        "follower_count_at_post": record.follower_count_at_post,
        "tags": list(record.tags),
        "is_demo": is_demo,
        "source": source,
    }


def performance_values(record: PieceRecord) -> dict[str, Any]:
    """The content_performance metrics a record sets, engagement by the platform's formula."""
    metrics = record.metrics
    values: dict[str, Any] = {name: getattr(metrics, name) for name in COPIED_METRICS}
    values["engagement_rate"] = engagement_rate(str(record.platform), metrics)
    return values


def new_rows(
    creator_id: uuid.UUID,
    number: int,
    piece: dict[str, Any],
    performance: dict[str, Any],
    now: datetime,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Complete insert rows for a new piece and its performance (ids made client-side)."""
    piece_id = new_id()
    piece_row = {
        **piece,
        "id": piece_id,
        "creator_id": creator_id,
        "number": number,
        "created_at": now,
        "updated_at": now,
    }
    return piece_row, performance_row(piece_id, creator_id, performance, now)


def performance_row(
    content_id: uuid.UUID, creator_id: uuid.UUID, performance: dict[str, Any], now: datetime
) -> dict[str, Any]:
    """A complete, unscored content_performance insert row for one piece."""
    return {
        **performance,
        **UNSCORED,
        "id": new_id(),
        "content_id": content_id,
        "creator_id": creator_id,
        "updated_at": now,
    }


def differs(stored: dict[str, Any], wanted: dict[str, Any]) -> bool:
    """True when any wanted value is not what is stored."""
    return any(stored.get(name) != value for name, value in wanted.items())
