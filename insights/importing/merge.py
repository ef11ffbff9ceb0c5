"""Keep what a file does not say: a re-import fills its gaps from the pieces already stored.

A Studio export has no likes column and only publish dates; an API dump has no watch time. Importing
one after the other must update what the file reports without erasing what an earlier file gave.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import tzinfo
from typing import Any

from sqlalchemy import Row, RowMapping, and_, or_, select
from sqlalchemy.orm import Session

from insights.records import PieceRecord
from storage.models import ContentPerformance, ContentPiece

CHUNK = 1000
# Up to this many rows, a file's stored pieces are looked up by id; above, all are read once.
SMALL_FILE = 500
# Counts a file may have no column for (the record then carries None, or 0 from older callers).
ZERO_DEFAULT_COUNTS = ("likes", "comments", "shares", "saves")
OPTIONAL_METRICS = (
    "impressions",
    "reach",
    "watch_time_hours",
    "retention_rate",
    "avg_view_duration_seconds",
    "followers_gained",
    "profile_visits",
    "views_24h",
    "likes_24h",
    "views_48h",
)
OPTIONAL_PIECE_FIELDS = (
    "duration_seconds",
    "url",
    "thumbnail_url",
    "description",
    "theme",
    "follower_count_at_post",
)
_PIECE_COLUMNS = (*OPTIONAL_PIECE_FIELDS, "tags", "content_type", "published_at")
_STORED = (
    ContentPiece.platform,
    ContentPiece.platform_id,
    ContentPiece.publish_time_known,
    *(getattr(ContentPiece, name) for name in _PIECE_COLUMNS),
    *(getattr(ContentPerformance, name) for name in (*OPTIONAL_METRICS, *ZERO_DEFAULT_COUNTS)),
)


def keep_known(
    session: Session,
    creator_id: uuid.UUID,
    records: Sequence[PieceRecord],
    *,
    unreported: frozenset[str],
    tz: tzinfo,
) -> list[PieceRecord]:
    """The records with every gap the file leaves filled from the creator's stored pieces."""
    stored = _stored(session, creator_id, records)
    return [
        record
        if (known := stored.get((record.platform, record.platform_id))) is None
        else _fill(record, known, unreported, tz)
        for record in records
    ]


def _stored(
    session: Session, creator_id: uuid.UUID, records: Sequence[PieceRecord]
) -> dict[tuple[str, str], Row[Any]]:
    """The stored values of the records' pieces that already exist, keyed by platform and id.

    A small file asks for its own ids; a large one reads the creator's pieces in one pass, since
    many id lists would each make PostgreSQL scan the whole table again.
    """
    wanted = {(r.platform, r.platform_id) for r in records}
    if not wanted:
        return {}
    query = (
        select(*_STORED)
        .outerjoin(ContentPerformance, ContentPerformance.content_id == ContentPiece.id)
        .where(ContentPiece.creator_id == creator_id)
    )
    if len(records) <= SMALL_FILE:
        query = query.where(_among(wanted))
    rows = session.execute(query.execution_options(yield_per=CHUNK))
    return {key: row for row in rows if (key := (row.platform, row.platform_id)) in wanted}


def _among(wanted: set[tuple[str, str]]) -> Any:
    """The pieces of ``wanted`` (platform, id), as a condition the unique index serves: SQLite
    read a (platform, id) row-value list by walking every piece of the creator instead."""
    ids: dict[str, list[str]] = {}
    for platform, platform_id in sorted(wanted):
        ids.setdefault(platform, []).append(platform_id)
    c = ContentPiece
    return or_(*(and_(c.platform == p, c.platform_id.in_(i)) for p, i in ids.items()))


def _fill(
    record: PieceRecord, row: Row[Any], unreported: frozenset[str], tz: tzinfo
) -> PieceRecord:
    known = row._mapping
    metrics = _missing_metrics(record, known, unreported)
    piece = _missing_piece_fields(record, known, tz)
    if metrics:
        piece["metrics"] = replace(record.metrics, **metrics)
    return replace(record, **piece) if piece else record


def _missing_metrics(
    record: PieceRecord, known: RowMapping, unreported: frozenset[str]
) -> dict[str, Any]:
    metrics = {
        name: known[name]
        for name in (*OPTIONAL_METRICS, *ZERO_DEFAULT_COUNTS)
        if getattr(record.metrics, name) is None and known[name] is not None
    }
    for name in unreported:
        if known[name] is not None:
            metrics[name] = known[name]
    return metrics


def _missing_piece_fields(record: PieceRecord, known: RowMapping, tz: tzinfo) -> dict[str, Any]:
    piece: dict[str, Any] = {
        name: known[name]
        for name in OPTIONAL_PIECE_FIELDS
        if getattr(record, name) is None and known[name] is not None
    }
    if not record.tags and known["tags"]:
        piece["tags"] = tuple(known["tags"])
    if record.duration_seconds is None and (record.content_type, known["content_type"]) == (
        "video",
        "short",
    ):
        piece["content_type"] = "short"
    if _same_day_with_time(record, known, tz):
        piece["published_at"] = known["published_at"]
        piece["publish_time_known"] = True
    return piece


def _same_day_with_time(record: PieceRecord, known: RowMapping, tz: tzinfo) -> bool:
    """Whether the file gives only the date of a piece whose exact time is already stored."""
    if record.publish_time_known or not known["publish_time_known"]:
        return False
    stored_day = known["published_at"].astimezone(tz).date()
    return bool(stored_day == record.published_at.astimezone(tz).date())
