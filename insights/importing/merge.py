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

from sqlalchemy import select
from sqlalchemy.orm import Session

from insights.records import PieceRecord
from storage.models import ContentPerformance, ContentPiece

CHUNK = 1000
# Counts a record carries as 0 when its file has no column for them.
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
    merged: list[PieceRecord] = []
    for start in range(0, len(records), CHUNK):
        chunk = records[start : start + CHUNK]
        stored = _stored(session, creator_id, chunk)
        for record in chunk:
            known = stored.get((record.platform, record.platform_id))
            merged.append(record if known is None else _fill(record, known, unreported, tz))
    return merged


def _stored(
    session: Session, creator_id: uuid.UUID, chunk: Sequence[PieceRecord]
) -> dict[tuple[str, str], dict[str, Any]]:
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for platform in {r.platform for r in chunk}:
        ids = [r.platform_id for r in chunk if r.platform == platform]
        query = (
            select(*_STORED)
            .outerjoin(ContentPerformance, ContentPerformance.content_id == ContentPiece.id)
            .where(
                ContentPiece.creator_id == creator_id,
                ContentPiece.platform == platform,
                ContentPiece.platform_id.in_(ids),
            )
        )
        for row in session.execute(query).mappings():
            found[(row["platform"], row["platform_id"])] = dict(row)
    return found


def _fill(
    record: PieceRecord, known: dict[str, Any], unreported: frozenset[str], tz: tzinfo
) -> PieceRecord:
    metrics = {
        name: known[name]
        for name in OPTIONAL_METRICS
        if getattr(record.metrics, name) is None and known[name] is not None
    }
    metrics.update(
        {n: known[n] for n in ZERO_DEFAULT_COUNTS if n in unreported and known[n] is not None}
    )
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
    return replace(record, metrics=replace(record.metrics, **metrics), **piece)


def _same_day_with_time(record: PieceRecord, known: dict[str, Any], tz: tzinfo) -> bool:
    """Whether the file gives only the date of a piece whose exact time is already stored."""
    if record.publish_time_known or not known["publish_time_known"]:
        return False
    stored_day = known["published_at"].astimezone(tz).date()
    return bool(stored_day == record.published_at.astimezone(tz).date())
