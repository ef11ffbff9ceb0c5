"""Column values the ingestion pipeline writes for one record, and what counts as a change."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from operator import attrgetter, methodcaller
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
# Without the id: storage.bulk makes each row's (fresh_ids="id").
PERFORMANCE_INSERT_COLUMNS = (
    "content_id",
    "creator_id",
    *PERFORMANCE_FIELDS,
    *UNSCORED,
    "updated_at",
)
# Insert columns holding one value on every row of a call (storage.bulk's ``constant``).
PIECE_CONSTANT = ("creator_id", "is_demo", "source", "created_at", "updated_at")
PERFORMANCE_CONSTANT = ("creator_id", *UNSCORED, "updated_at")
Values = tuple[Any, ...]
Column = list[Any]
# How a record's attribute becomes its column's value (as piece_values converts it).
_PIECE_CONVERSIONS: dict[str, Callable[[Any], Any]] = {
    "platform": str,
    "content_type": str,
    "title": str.strip,
    "published_at": methodcaller("astimezone", UTC),
    "tags": tuple,
}


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


def new_piece_columns(
    records: Sequence[PieceRecord],
    ids: Sequence[Any],
    creator_id: uuid.UUID,
    first_number: int,
    *,
    source: str,
    is_demo: bool,
    now: datetime,
) -> list[Column]:
    """The content_pieces insert columns (PIECE_INSERT_COLUMNS order) of new records.

    The values ``piece_values`` gives, after the id, owner, number, platform and platform_id, and
    before created_at and updated_at; built a column at a time, as a bulk load of a million
    pieces is faster without a tuple per row.
    """
    count = len(records)
    given: dict[str, Column] = {
        "id": list(ids),
        "creator_id": [creator_id] * count,
        "number": list(range(first_number, first_number + count)),
        "is_demo": [is_demo] * count,
        "source": [source] * count,
        "created_at": [now] * count,
        "updated_at": [now] * count,
    }
    return [
        given[name] if name in given else _record_column(records, name)
        for name in PIECE_INSERT_COLUMNS
    ]


def _record_column(records: Sequence[PieceRecord], name: str) -> Column:
    values = map(attrgetter(name), records)
    convert = _PIECE_CONVERSIONS.get(name)
    return list(values if convert is None else map(convert, values))


def new_performance_columns(
    records: Sequence[PieceRecord],
    content_ids: Sequence[Any],
    creator_id: uuid.UUID,
    now: datetime,
) -> list[Column]:
    """The unscored content_performance insert columns (PERFORMANCE_INSERT_COLUMNS order).

    The piece and owner, the values ``performance_values`` gives, no scores yet, updated_at;
    a column at a time.
    """
    count = len(records)
    metrics = [record.metrics for record in records]
    given: dict[str, Column] = {
        "content_id": list(content_ids),
        "creator_id": [creator_id] * count,
        "engagement_rate": list(map(_engagement, records)),
        **{name: [value] * count for name, value in UNSCORED.items()},
        "updated_at": [now] * count,
    }
    return [
        given[name] if name in given else list(map(attrgetter(name), metrics))
        for name in PERFORMANCE_INSERT_COLUMNS
    ]


def _engagement(record: PieceRecord) -> float | None:
    return engagement_rate(str(record.platform), record.metrics)


def differs(stored: dict[str, Any], names: tuple[str, ...], values: Values) -> bool:
    """True when any of the values is not what is stored under its name."""
    return any(stored[name] != value for name, value in zip(names, values, strict=True))
