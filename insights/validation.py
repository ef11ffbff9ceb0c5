"""Checks every piece record passes before the ingestion pipeline writes anything."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from operator import attrgetter
from typing import Any

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
    """Return the records as a list, or raise InvalidInput naming the first bad record and field.

    The batch is screened a column at a time first (a bulk load has a million records): only
    the records the screen cannot pass go through the record-by-record checks, or every record
    in order when the screen cannot tell, so the error is always the first bad record's.
    """
    batch = list(records)
    suspects = screen(batch)
    if suspects is None:
        _validate_in_order(batch, first_position)
    for index in suspects or ():
        validate_record(batch[index], first_position + index)
    return batch


def _validate_in_order(batch: list[PieceRecord], first_position: int) -> None:
    seen: dict[tuple[str, str], int] = {}
    for position, record in enumerate(batch, start=first_position):
        validate_record(record, position)
        key = (record.platform, record.platform_id)
        if key in seen:
            raise InvalidInput(
                f"{record_label(record, position)}: platform_id repeats record {seen[key]}"
            )
        seen[key] = position


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


def screen(batch: Sequence[PieceRecord]) -> list[int] | None:
    """The indexes of the records that may fail a check (every other record passes them all),
    or None when the screen cannot tell: repeated keys, or values of unexpected types."""
    metrics = [record.metrics for record in batch]
    try:
        if len({(r.platform, r.platform_id) for r in batch}) < len(batch):
            return None
        # Each metric's column taken once, for every check that reads it.
        figures = {name: _column(metrics, name) for name in (*COUNT_FIELDS, *AMOUNT_FIELDS)}
        flagged = _piece_flags(batch) | _count_flags(batch, figures) | _metric_flags(figures)
        flagged |= _retention_flags(batch, figures)
    except (TypeError, AttributeError, ValueError, OverflowError):
        return None
    return sorted(flagged)


def _column(items: Sequence[Any], name: str) -> list[Any]:
    return list(map(attrgetter(name), items))


def _piece_flags(batch: Sequence[PieceRecord]) -> set[int]:
    platforms, types = _column(batch, "platform"), _column(batch, "content_type")
    flagged = {i for i, v in enumerate(platforms) if v not in PLATFORMS}
    flagged.update(i for i, v in enumerate(types) if v not in CONTENT_TYPES)
    ids, titles = _column(batch, "platform_id"), _column(batch, "title")
    flagged.update(
        i
        for i, v in enumerate(ids)
        if type(v) is not str or not v.strip() or len(v) > MAX_PLATFORM_ID
    )
    flagged.update(i for i, v in enumerate(titles) if type(v) is not str or not v.strip())
    published = _column(batch, "published_at")
    flagged.update(i for i, v in enumerate(published) if v.utcoffset() is None)
    themes = _column(batch, "theme")
    flagged.update(i for i, v in enumerate(themes) if v is not None and len(v) > MAX_THEME)
    return flagged


def _count_flags(batch: Sequence[PieceRecord], figures: dict[str, list[Any]]) -> set[int]:
    flagged = _out_of_range(_column(batch, "duration_seconds"), MAX_DURATION)
    flagged |= _out_of_range(_column(batch, "follower_count_at_post"), MAX_COUNT)
    for name in COUNT_FIELDS:
        flagged |= _out_of_range(figures[name], MAX_COUNT)
    for name in AMOUNT_FIELDS:
        amounts = figures[name]
        # Only floats pass: math.isfinite, as _amounts_problem calls it, fails on huge ints.
        flagged.update(
            i
            for i, v in enumerate(amounts)
            if v is not None and not (type(v) is float and 0 <= v < math.inf)
        )
    return flagged


def _out_of_range(values: list[Any], limit: int) -> set[int]:
    return {
        i
        for i, v in enumerate(values)
        if v is not None and not (type(v) is int and 0 <= v <= limit)
    }


def _metric_flags(figures: dict[str, list[Any]]) -> set[int]:
    """Figures above the figure they may not exceed (likes above views may be an image's)."""
    pairs = (("likes", "views"), *EARLY_FIGURES, ("reach", "impressions"))
    flagged: set[int] = set()
    for small_name, large_name in pairs:
        smaller, larger = figures[small_name], figures[large_name]
        flagged.update(
            i
            for i, (small, large) in enumerate(zip(smaller, larger, strict=True))
            if small is not None and large is not None and small > large
        )
    return flagged


def _retention_flags(batch: Sequence[PieceRecord], figures: dict[str, list[Any]]) -> set[int]:
    rates = figures["retention_rate"]
    return {
        i
        for i, rate in enumerate(rates)
        if rate is not None
        and rate > 1
        and (
            rate > MAX_SHORT_FORM_RETENTION
            or format_class(batch[i].content_type, batch[i].duration_seconds) != SHORT_FORM
        )
    }
