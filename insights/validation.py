"""Checks every piece record passes before the ingestion pipeline writes anything."""

from __future__ import annotations

import math
from collections.abc import Iterable

from insights.metrics import SHORT_FORM, STATIC_TYPES, format_class
from insights.records import MetricsRecord, PieceRecord
from storage.errors import InvalidInput
from storage.models import ContentType, Platform

PLATFORMS = tuple(p.value for p in Platform)
CONTENT_TYPES = tuple(t.value for t in ContentType)
# Column widths of content_pieces: longer values would fail inside the database instead.
MAX_PLATFORM_ID = 255
MAX_THEME = 100
# Shorts report "average percentage viewed" above 100 % (rewatches); beyond 10x is a broken export.
MAX_SHORT_FORM_RETENTION = 10.0
# BIGINT columns: a larger figure is a broken export, and would fail inside the database.
MAX_COUNT = 2**63 - 1
MAX_DURATION = 2**31 - 1
COUNT_FIELDS = (
    "views",
    "likes",
    "comments",
    "shares",
    "saves",
    "impressions",
    "reach",
    "followers_gained",
    "profile_visits",
    "views_24h",
    "likes_24h",
    "views_48h",
)
AMOUNT_FIELDS = ("watch_time_hours", "avg_view_duration_seconds", "engagement_rate")
# (smaller, larger): the early figure may never exceed the later or lifetime one.
EARLY_FIGURES = (
    ("views_24h", "views_48h"),
    ("views_24h", "views"),
    ("views_48h", "views"),
    ("likes_24h", "likes"),
)


def record_label(record: PieceRecord, position: int) -> str:
    """How error messages name a record: its position and, when present, platform/id."""
    platform_id = str(record.platform_id).strip()
    if platform_id:
        return f"record {position} ({record.platform} {platform_id})"
    return f"record {position}"


def validate_records(
    records: Iterable[PieceRecord], *, first_position: int = 1
) -> list[PieceRecord]:
    """Return the records as a list, or raise InvalidInput naming the first bad record and field."""
    batch = list(records)
    seen: dict[tuple[str, str], int] = {}
    for position, record in enumerate(batch, start=first_position):
        validate_record(record, position)
        key = (record.platform, record.platform_id)
        if key in seen:
            raise InvalidInput(
                f"{record_label(record, position)}: platform_id repeats record {seen[key]}"
            )
        seen[key] = position
    return batch


def validate_record(record: PieceRecord, position: int) -> None:
    """Raise InvalidInput if one record cannot be stored as it is."""
    label = record_label(record, position)
    _check_identity(record, label)
    _check_piece_fields(record, label)
    _check_metrics(record, label)


def _check_identity(record: PieceRecord, label: str) -> None:
    if record.platform not in PLATFORMS:
        raise InvalidInput(
            f"{label}: platform {record.platform!r} is unknown (use {', '.join(PLATFORMS)})"
        )
    if not isinstance(record.platform_id, str) or not record.platform_id.strip():
        raise InvalidInput(f"{label}: platform_id is empty")
    if len(record.platform_id) > MAX_PLATFORM_ID:
        raise InvalidInput(f"{label}: platform_id is longer than {MAX_PLATFORM_ID} characters")
    if not isinstance(record.title, str) or not record.title.strip():
        raise InvalidInput(f"{label}: title is empty")


def _check_piece_fields(record: PieceRecord, label: str) -> None:
    if record.content_type not in CONTENT_TYPES:
        raise InvalidInput(
            f"{label}: content_type {record.content_type!r} is unknown "
            f"(use {', '.join(CONTENT_TYPES)})"
        )
    published = record.published_at
    if published.tzinfo is None or published.utcoffset() is None:
        raise InvalidInput(f"{label}: published_at has no timezone ({published.isoformat()})")
    if record.theme is not None and len(record.theme) > MAX_THEME:
        raise InvalidInput(f"{label}: theme is longer than {MAX_THEME} characters")
    _check_count(record.duration_seconds, "duration_seconds", label, limit=MAX_DURATION)
    _check_count(record.follower_count_at_post, "follower_count_at_post", label)


def _check_count(value: int | None, name: str, label: str, *, limit: int = MAX_COUNT) -> None:
    if value is None:
        return
    if value < 0:
        raise InvalidInput(f"{label}: {name} is negative ({value})")
    if value > limit:
        raise InvalidInput(f"{label}: {name} is too large ({value})")


def _check_metrics(record: PieceRecord, label: str) -> None:
    metrics = record.metrics
    _check_signs(metrics, label)
    _check_ordering(record, label)
    _check_retention(record, label)


def _check_signs(metrics: MetricsRecord, label: str) -> None:
    for name in COUNT_FIELDS:
        _check_count(getattr(metrics, name), name, label)
    for name in (*AMOUNT_FIELDS, "retention_rate"):
        value = getattr(metrics, name)
        if value is None:
            continue
        if not math.isfinite(value):
            raise InvalidInput(f"{label}: {name} is not a number ({value})")
        if value < 0:
            raise InvalidInput(f"{label}: {name} is negative ({value})")


def _check_ordering(record: PieceRecord, label: str) -> None:
    m = record.metrics
    is_image = record.platform == Platform.INSTAGRAM and record.content_type in STATIC_TYPES
    if m.views > 0 and m.likes > m.views and not is_image:
        raise InvalidInput(f"{label}: likes ({m.likes}) exceed views ({m.views})")
    for early, later in EARLY_FIGURES:
        small, large = getattr(m, early), getattr(m, later)
        if small is not None and large is not None and small > large:
            raise InvalidInput(f"{label}: {early} ({small}) exceeds {later} ({large})")
    if m.reach is not None and m.impressions is not None and m.reach > m.impressions:
        raise InvalidInput(f"{label}: reach ({m.reach}) exceeds impressions ({m.impressions})")


def _check_retention(record: PieceRecord, label: str) -> None:
    rate = record.metrics.retention_rate
    if rate is None or rate <= 1:
        return
    if format_class(record.content_type, record.duration_seconds) != SHORT_FORM:
        raise InvalidInput(
            f"{label}: retention_rate {rate} is above 1; only short-form video can exceed 100 %"
        )
    if rate > MAX_SHORT_FORM_RETENTION:
        raise InvalidInput(
            f"{label}: retention_rate {rate} is implausible (at most {MAX_SHORT_FORM_RETENTION})"
        )
