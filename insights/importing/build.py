"""What every format shares when it turns a row into a PieceRecord: ids, dates and sanity checks."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from insights.importing.cells import clean_id
from insights.importing.columns import RowView
from insights.importing.dates import DateReader, PublishTime, in_future
from insights.importing.problems import CellError
from insights.metrics import SHORT_FORM, STATIC_TYPES, format_class
from insights.records import MetricsRecord, PieceRecord
from insights.validation import MAX_SHORT_FORM_RETENTION, validate_record
from storage.errors import InvalidInput

TITLE_MAX_CHARS = 120

# What a tally key means, for the summary a creator reads ({n} is the count).
NOTE_TEXT = {
    "total_rows": "Total rows skipped: {n}",
    "live_or_zero_duration": "Zero durations (live streams), left unknown: {n}",
    "likes_hidden": "Videos with hidden likes, stored as 0: {n}",
    "upcoming": "Upcoming videos skipped (no statistics yet): {n}",
    "impressions_deprecated": "Instagram impressions of 0 (deprecated), left unknown: {n}",
    "views_from_impressions": "Posts without views, impressions used instead: {n}",
    "views_from_reach": "Posts without views, reach used instead: {n}",
    "untitled": "Pieces without a caption, titled by type and date: {n}",
    "net_subscribers_lost": "Videos with a net subscriber loss, followers gained left unknown: {n}",
}


@dataclass
class BuildContext:
    """The file-wide state while rows become records."""

    dates: DateReader
    now: datetime
    platform: str | None = None
    tally: Counter[str] = field(default_factory=Counter)
    seen: dict[tuple[str, str], str] = field(default_factory=dict)


def read_id(view: RowView, field_name: str, ctx: BuildContext, platform: str) -> str | None:
    """The row's platform id, trimmed; a problem when empty, malformed or seen before."""
    try:
        platform_id = clean_id(view.raw(field_name))
    except CellError as exc:
        view.fail(field_name, str(exc))
        return None
    first = ctx.seen.setdefault((platform, platform_id), view.where)
    if first != view.where:
        view.fail(field_name, f"appears twice in the file (first on {first})")
        return None
    return platform_id


def read_published(view: RowView, field_name: str, ctx: BuildContext) -> PublishTime | None:
    """The publish time; a problem when missing, unreadable or in the future."""
    try:
        published = ctx.dates.read(view.raw(field_name))
    except CellError as exc:
        view.fail(field_name, str(exc))
        return None
    if in_future(published.at, ctx.now):
        view.fail(field_name, "lies in the future: check the day/month order and --timezone")
        return None
    return published


def required_count(view: RowView, field_name: str) -> int:
    """A count the row must have (views); a problem when it is blank."""
    value = view.count(field_name)
    if value is None and not view.failed:
        view.fail(field_name, "is empty; this column needs a number on every row")
    return value or 0


def first_line(text: str, limit: int = TITLE_MAX_CHARS) -> str:
    """The first non-blank line of ``text``, shortened to ``limit`` characters."""
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def whole_seconds(duration: float | None, ctx: BuildContext) -> int | None:
    """A duration as whole seconds; zero (live streams, ``P0D``) becomes unknown."""
    if duration is None:
        return None
    if duration == 0:
        ctx.tally["live_or_zero_duration"] += 1
        return None
    return round(duration)


def finish(
    view: RowView,
    ctx: BuildContext,
    record: PieceRecord,
    *,
    views_reported: bool = True,
    retention_field: str = "percent_viewed",
) -> PieceRecord | None:
    """The record after the checks no single cell shows; None when the row had problems.

    These mirror the ingestion pipeline's rules (insights.validation), so a creator hears about
    a bad value with its line and column instead of a record number.
    """
    if view.failed:
        return None
    _check_likes(view, record, views_reported)
    _check_reach(view, record.metrics)
    _check_retention(view, record, retention_field)
    if not view.failed:
        _check_storable(view, record)
    if view.failed:
        return None
    return record


def _check_likes(view: RowView, record: PieceRecord, views_reported: bool) -> None:
    m = record.metrics
    if record.platform == "instagram" and record.content_type in STATIC_TYPES:
        return
    if m.likes > m.views and (m.views > 0 or views_reported) and view.has("likes"):
        view.fail("likes", f"is more than the views ({m.views:,}), which cannot be")


def _check_reach(view: RowView, m: MetricsRecord) -> None:
    if m.reach is not None and m.impressions is not None and m.reach > m.impressions:
        view.fail("reach", f"is more than the impressions ({m.impressions:,}), which cannot be")


def _check_retention(view: RowView, record: PieceRecord, field_name: str) -> None:
    rate = record.metrics.retention_rate
    if rate is None or rate <= 1:
        return
    if format_class(record.content_type, record.duration_seconds) != SHORT_FORM:
        view.fail(field_name, "is above 100 %, which only short-form video (loops) can reach")
    elif rate > MAX_SHORT_FORM_RETENTION:
        view.fail(field_name, "is implausibly high (a broken export?)")


def _check_storable(view: RowView, record: PieceRecord) -> None:
    """The pipeline's own rules, so nothing it would refuse gets past the row check."""
    try:
        validate_record(record, 0)
    except InvalidInput as exc:
        reason = str(exc).split(": ", 1)[-1]
        view.fail(None, f"cannot be stored: {reason}")


def fraction(percent: float | None) -> float | None:
    """A percentage as a fraction (55.0 → 0.55); Shorts may exceed 1."""
    return None if percent is None else percent / 100.0
