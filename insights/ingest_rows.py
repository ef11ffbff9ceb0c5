"""Column values the ingestion pipeline writes for one record, and what counts as a change."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table

from insights.metrics import engagement_rate
from insights.records import PieceRecord
from storage.models import ContentPerformance, ContentPiece, Creator

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
UNSCORED = {
    "performance_score": None,
    "percentile_rank": None,
    "performance_category": None,
    "is_provisional": False,
    "scored_at": None,
}
PIECE_INSERT = ("id", "creator_id", "number", "platform", "platform_id", *PIECE_FIELDS)
PIECE_INSERT_COLUMNS = (*PIECE_INSERT, "created_at", "updated_at")
PERFORMANCE_INSERT_COLUMNS = (
    "id",
    "content_id",
    "creator_id",
    *PERFORMANCE_FIELDS,
    *UNSCORED,
    "updated_at",
)
_UNSCORED_VALUES = tuple(UNSCORED.values())
Values = tuple[Any, ...]


def piece_values(record: PieceRecord, *, source: str, is_demo: bool) -> Values:
    """The content_pieces values a record sets, in PIECE_FIELDS order."""
    return (
        str(record.content_type),
        record.title.strip(),
        record.description,
        record.url,
        record.thumbnail_url,
        record.published_at.astimezone(UTC),
        record.publish_time_known,
        record.theme,
        record.duration_seconds,
        record.follower_count_at_post,
        tuple(record.tags),  # a tuple: hashable, so bulk_insert serialises each distinct set once
        is_demo,
        source,
    )


def performance_values(record: PieceRecord) -> Values:
    """The content_performance metrics a record sets, in PERFORMANCE_FIELDS order.

    Engagement is computed by the platform's own formula.
    """
    m = record.metrics
    return (
        m.views,
        m.impressions,
        m.reach,
        m.likes,
        m.comments,
        m.shares,
        m.saves,
        engagement_rate(str(record.platform), m),
        m.watch_time_hours,
        m.retention_rate,
        m.avg_view_duration_seconds,
        m.followers_gained,
        m.profile_visits,
        m.views_24h,
        m.likes_24h,
        m.views_48h,
    )


def new_piece_row(
    piece_id: uuid.UUID,
    creator_id: uuid.UUID,
    number: int,
    record: PieceRecord,
    piece: Values,
    now: datetime,
) -> Values:
    """A content_pieces insert row (PIECE_INSERT_COLUMNS order)."""
    return (
        piece_id,
        creator_id,
        number,
        str(record.platform),
        record.platform_id,
        *piece,
        now,
        now,
    )


def new_performance_row(
    row_id: uuid.UUID,
    content_id: uuid.UUID,
    creator_id: uuid.UUID,
    performance: Values,
    now: datetime,
) -> Values:
    """An unscored content_performance insert row (PERFORMANCE_INSERT_COLUMNS order)."""
    return (row_id, content_id, creator_id, *performance, *_UNSCORED_VALUES, now)


def differs(stored: dict[str, Any], names: tuple[str, ...], values: Values) -> bool:
    """True when any of the values is not what is stored under its name."""
    return any(stored[name] != value for name, value in zip(names, values, strict=True))
