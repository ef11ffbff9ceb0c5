"""Periods people ask about, as instant ranges on the creator's own calendar.

Rolling windows (7d, 30d, 90d) end now and start where the dashboard's do, so a figure for
"the last 30 days" counts exactly the dashboard's pieces. Calendar periods (this week, this
month, last month, a named month) follow the creator's timezone. Each span knows the span it is
compared with: the same length just before (rolling), the same days of the week or month before
(this week / this month), or the whole month before (a finished month).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from insights.filters import PERIODS
from storage.errors import InvalidInput

# Spelled out, not calendar.month_name: that follows the process locale.
MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
CALENDAR = ("today", "yesterday", "this_week", "last_week", "this_month", "last_month")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_KEY = re.compile(r"^(\d{4})-(\d{2})$")
_MONTH_NAME = re.compile(r"^([a-z]{3,9})$")


@dataclass(frozen=True)
class Span:
    """Pieces published in [start, end): None is open (all time, or up to now)."""

    key: str
    label: str
    start: datetime | None
    end: datetime | None
    previous: Span | None = None


def period_keys() -> str:
    """The keys ``resolve_span`` reads, for error messages and tool descriptions."""
    return (
        "7d, 30d, 90d, all, today, yesterday, this_week, last_week, this_month, last_month, a "
        "weekday (the latest one), a month name or YYYY-MM"
    )


def resolve_span(key: str, now: datetime, tz: ZoneInfo) -> Span:
    """The span a period key names, with the span it is compared with."""
    key = key.strip().lower()
    if key in PERIODS:
        return _rolling(key, now)
    if key in CALENDAR:
        return _calendar(key, now, tz)
    if key in WEEKDAYS:
        return _weekday(key, now.astimezone(tz), tz)
    month = _month_of(key, now.astimezone(tz))
    if month is None:
        raise InvalidInput(f"unknown period {key[:30]!r}: use {period_keys()}")
    return _whole_month(*month, tz)


def _rolling(key: str, now: datetime) -> Span:
    length = PERIODS[key]
    if length is None:
        return Span("all", "all time", None, None)
    label = f"the last {length.days} days"
    before = Span(key, f"the {length.days} days before", now - 2 * length, now - length)
    return Span(key, label, now - length, None, before)


def _local_midnight(day: datetime, tz: ZoneInfo) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=tz)


def _day(key: str, local: datetime, tz: ZoneInfo) -> Span:
    """Today so far against the same hours yesterday; yesterday against the day before."""
    midnight = _local_midnight(local, tz)
    prior = midnight - timedelta(days=1)  # wall-clock arithmetic: local midnight across DST too
    if key == "yesterday":
        before = Span(key, "the day before", prior - timedelta(days=1), prior)
        return Span(key, f"yesterday ({prior:%a %d %b})", prior, midnight, before)
    before = Span(key, "the same hours yesterday", prior, prior + (local - midnight))
    return Span(key, "today so far", midnight, None, before)


def _weekday(key: str, local: datetime, tz: ZoneInfo) -> Span:
    """The latest local day of that name before today ("Monday's video", said on a Monday, is
    last week's: today's is "today's"), against the one a week before (wall-clock arithmetic: a
    day across a clock change is 23 or 25 hours)."""
    back = (local.weekday() - WEEKDAYS.index(key)) % 7 or 7
    start = _local_midnight(local - timedelta(days=back), tz)
    earlier = start - timedelta(days=7)
    before = Span(key, f"the {key.capitalize()} before", earlier, earlier + timedelta(days=1))
    return Span(key, f"{start:%A %d %b}", start, start + timedelta(days=1), before)


def _calendar(key: str, now: datetime, tz: ZoneInfo) -> Span:
    local = now.astimezone(tz)
    if key in ("today", "yesterday"):
        return _day(key, local, tz)
    if key.endswith("week"):
        monday = _local_midnight(local - timedelta(days=local.weekday()), tz)
        if key == "last_week":
            start = monday - timedelta(days=7)
            before = Span(key, "the week before", start - timedelta(days=7), start)
            return Span(key, f"last week (from {start:%a %d %b})", start, monday, before)
        elapsed = local - monday
        before = Span(
            key,
            "the same days of last week",
            monday - timedelta(7),
            monday - timedelta(7) + elapsed,
        )
        return Span(key, f"this week (since {monday:%a %d %b})", monday, None, before)
    first = datetime(local.year, local.month, 1, tzinfo=tz)
    if key == "last_month":
        previous = _previous_month(local.year, local.month)
        return _whole_month(*previous, tz)
    prior = datetime(*_previous_month(local.year, local.month), 1, tzinfo=tz)
    same_days = prior + (local - first)
    before = Span(key, f"the same days of {prior:%B}", prior, min(same_days, first))
    return Span(key, f"this month (since {first:%d %b})", first, None, before)


def _previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def _whole_month(year: int, month: int, tz: ZoneInfo) -> Span:
    start = datetime(year, month, 1, tzinfo=tz)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=tz)
    py, pm = _previous_month(year, month)
    before = Span(
        f"{py}-{pm:02d}", f"{datetime(py, pm, 1):%B %Y}", datetime(py, pm, 1, tzinfo=tz), start
    )
    return Span(f"{year}-{month:02d}", f"{start:%B %Y}", start, end, before)


def _month_of(key: str, local: datetime) -> tuple[int, int] | None:
    """(year, month) for '2026-01', or the latest month of that name not after this one."""
    numeric = _MONTH_KEY.match(key)
    if numeric:
        year, month = int(numeric.group(1)), int(numeric.group(2))
        return (year, month) if 1 <= month <= 12 and 1900 < year < 3000 else None
    named = _MONTH_NAME.match(key)
    if not named:
        return None
    found = [i for i, name in enumerate(MONTHS, 1) if name.startswith(named.group(1))]
    if len(found) != 1:
        return None
    month = found[0]
    return (local.year if month <= local.month else local.year - 1, month)
