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
AMOUNT_FIELDS = (
    "watch_time_hours",
    "avg_view_duration_seconds",
    "engagement_rate",
    "retention_rate",
)
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
    problem = _identity_problem(record) or _piece_problem(record) or _metrics_problem(record)
    if problem:
        raise InvalidInput(f"{record_label(record, position)}: {problem}")


def _identity_problem(record: PieceRecord) -> str | None:
    if record.platform not in PLATFORMS:
        return f"platform {record.platform!r} is unknown (use {', '.join(PLATFORMS)})"
    if not isinstance(record.platform_id, str) or not record.platform_id.strip():
        return "platform_id is empty"
    if len(record.platform_id) > MAX_PLATFORM_ID:
        return f"platform_id is longer than {MAX_PLATFORM_ID} characters"
    if not isinstance(record.title, str) or not record.title.strip():
        return "title is empty"
    return None


def _piece_problem(record: PieceRecord) -> str | None:
    if record.content_type not in CONTENT_TYPES:
        return f"content_type {record.content_type!r} is unknown (use {', '.join(CONTENT_TYPES)})"
    published = record.published_at
    if published.tzinfo is None or published.utcoffset() is None:
        return f"published_at has no timezone ({published.isoformat()})"
    if record.theme is not None and len(record.theme) > MAX_THEME:
        return f"theme is longer than {MAX_THEME} characters"
    return _count_problem(
        record.duration_seconds, "duration_seconds", MAX_DURATION
    ) or _count_problem(record.follower_count_at_post, "follower_count_at_post", MAX_COUNT)


def _count_problem(value: int | None, name: str, limit: int) -> str | None:
    if value is None or 0 <= value <= limit:
        return None
    if value < 0:
        return f"{name} is negative ({value})"
    return f"{name} is too large ({value})"


def _metrics_problem(record: PieceRecord) -> str | None:
    m = record.metrics
    return _signs_problem(m) or _ordering_problem(record, m) or _retention_problem(record, m)


def _signs_problem(metrics: MetricsRecord) -> str | None:
    # Fast path first: almost every record is fine, and this runs a million times in bulk loads.
    counts = [getattr(metrics, name) for name in COUNT_FIELDS]
    if all(v is None or 0 <= v <= MAX_COUNT for v in counts):
        problem = None
    else:
        problem = next(
            p
            for n, v in zip(COUNT_FIELDS, counts, strict=True)
            if (p := _count_problem(v, n, MAX_COUNT))
        )
    return problem or _amounts_problem(metrics)


def _amounts_problem(metrics: MetricsRecord) -> str | None:
    for name in AMOUNT_FIELDS:
        value = getattr(metrics, name)
        if value is None:
            continue
        if not math.isfinite(value):
            return f"{name} is not a number ({value})"
        if value < 0:
            return f"{name} is negative ({value})"
    return None


def _ordering_problem(record: PieceRecord, m: MetricsRecord) -> str | None:
    is_image = record.platform == Platform.INSTAGRAM and record.content_type in STATIC_TYPES
    if m.views and m.likes is not None and m.likes > m.views and not is_image:
        return f"likes ({m.likes}) exceed views ({m.views})"
    for early, later in EARLY_FIGURES:
        small, large = getattr(m, early), getattr(m, later)
        if small is not None and large is not None and small > large:
            return f"{early} ({small}) exceeds {later} ({large})"
    if m.reach is not None and m.impressions is not None and m.reach > m.impressions:
        return f"reach ({m.reach}) exceeds impressions ({m.impressions})"
    return None


def _retention_problem(record: PieceRecord, m: MetricsRecord) -> str | None:
    rate = m.retention_rate
    if rate is None or rate <= 1:
        return None
    if format_class(record.content_type, record.duration_seconds) != SHORT_FORM:
        return f"retention_rate {rate} is above 1; only short-form video can exceed 100 %"
    if rate > MAX_SHORT_FORM_RETENTION:
        return f"retention_rate {rate} is implausible (at most {MAX_SHORT_FORM_RETENTION})"
    return None
