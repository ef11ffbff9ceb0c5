"""What every format shares when it turns a row into a PieceRecord: ids, dates and sanity checks."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime

from insights.importing.cells import clean_id
from insights.importing.columns import RowView
from insights.importing.dates import DateReader, PublishTime, in_future
from insights.importing.problems import CellError, RowProblem
from insights.metrics import SHORT_FORM, STATIC_TYPES, format_class
from insights.records import PieceRecord
from insights.validation import MAX_SHORT_FORM_RETENTION, validate_record
from storage.errors import InvalidInput

TITLE_MAX_CHARS = 120

# What a tally key means, for the summary a creator reads ({n} is the count).
NOTE_TEXT = {
    "total_rows": "Total rows skipped: {n}",
    "live_or_zero_duration": "Zero durations (live streams), left unknown: {n}",
    "likes_hidden": "Videos with hidden likes, likes left unknown: {n}",
    "views_unreported": "Pieces whose file gives no views, views left unknown: {n}",
    "upcoming": "Upcoming videos skipped (no statistics yet): {n}",
    "impressions_deprecated": "Instagram impressions of 0 (deprecated), left unknown: {n}",
    "views_unknown_scored_on_reach": (
        "Posts without a views figure: views left unknown, scored on their reach: {n}"
    ),
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
    # --strict: a row that is real but incomplete or odd stops the file like a malformed one.
    strict: bool = False
    skipped: list[RowProblem] = field(default_factory=list)
    flagged: list[RowProblem] = field(default_factory=list)

    def skip(self, view: RowView, field_name: str | None, reason: str) -> None:
        """A real but incomplete row: left out and listed (a problem under --strict)."""
        if self.strict:
            view.fail(field_name, reason)
        else:
            self.skipped.append(view.problem(field_name, reason))

    def flag(self, view: RowView, field_name: str | None, reason: str) -> bool:
        """An odd figure: imported as unknown and listed; False (a problem) under --strict."""
        if self.strict:
            view.fail(field_name, reason)
            return False
        self.flagged.append(view.problem(field_name, reason))
        return True


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
    """The publish time; None when missing (the row is skipped), a problem when unreadable."""
    if not view.raw(field_name).strip():
        ctx.skip(view, field_name, "has no publish date (private, unlisted or unpublished?)")
        return None
    try:
        published = ctx.dates.read(view.raw(field_name))
    except CellError as exc:
        view.fail(field_name, str(exc))
        return None
    if in_future(published.at, ctx.now):
        view.fail(field_name, "lies in the future: check the day/month order and --timezone")
        return None
    return published


def views_count(view: RowView, field_name: str, ctx: BuildContext) -> int | None:
    """The views; a blank (or "hidden") cell is unknown, flagged — never read as 0."""
    value = view.count(field_name)
    if value is None and not view.failed:
        ctx.flag(view, field_name, "gives no views: views left unknown")
    return value


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
    retention_field: str = "percent_viewed",
) -> PieceRecord | None:
    """The record after the checks no single cell shows; None when the row had problems.

    An implausible combination (likes above views, reach above impressions, more than 100 %
    viewed on long-form) is imported with the doubtful figure unknown and flagged; under
    --strict it is a problem. These mirror the ingestion pipeline's rules (insights.validation),
    so a creator hears about a bad value with its line and column instead of a record number.
    """
    if view.failed:
        return None
    record = _check_likes(view, ctx, record)
    record = _check_reach(view, ctx, record)
    record = _check_retention(view, ctx, record, retention_field)
    if not view.failed:
        _check_storable(view, record)
    if view.failed:
        return None
    return record


def _check_likes(view: RowView, ctx: BuildContext, record: PieceRecord) -> PieceRecord:
    m = record.metrics
    if record.platform == "instagram" and record.content_type in STATIC_TYPES:
        return record
    if m.views is None or m.likes is None or m.likes <= m.views or not view.has("likes"):
        return record
    reason = (
        f"reports {m.likes:,} likes and 0 views (hidden or not counted yet): views left unknown"
        if m.views == 0
        else f"reports more likes ({m.likes:,}) than views ({m.views:,}): views left unknown"
    )
    if ctx.flag(view, "views", reason):
        return replace(record, metrics=replace(m, views=None))
    return record


def _check_reach(view: RowView, ctx: BuildContext, record: PieceRecord) -> PieceRecord:
    m = record.metrics
    if m.reach is None or m.impressions is None or m.reach <= m.impressions:
        return record
    reason = f"is more than the impressions ({m.impressions:,}): impressions left unknown"
    if ctx.flag(view, "reach", reason):
        return replace(record, metrics=replace(m, impressions=None))
    return record


def _check_retention(
    view: RowView, ctx: BuildContext, record: PieceRecord, field_name: str
) -> PieceRecord:
    rate = record.metrics.retention_rate
    if rate is None or rate <= 1:
        return record
    if format_class(record.content_type, record.duration_seconds) != SHORT_FORM:
        reason = "is above 100 %, which only short-form video (loops) can reach: left unknown"
    elif rate > MAX_SHORT_FORM_RETENTION:
        reason = "is implausibly high (a broken export?): left unknown"
    else:
        return record
    if ctx.flag(view, field_name, reason):
        return replace(record, metrics=replace(record.metrics, retention_rate=None))
    return record


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
