"""How urgent an item is, judged on the creator's own calendar; one symbol per level everywhere."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo

DUE_SOON_DAYS = 3
# A due date given without a time means "by the end of that day" on the creator's calendar.
END_OF_DAY = time(23, 59, 59)


class Urgency(StrEnum):
    """The seed's colour-coded due-date warning levels, most urgent first."""

    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    DUE_SOON = "due_soon"
    LATER = "later"
    NO_DATE = "no_date"

    @property
    def symbol(self) -> str:
        """The one symbol every front-end shows for this level."""
        return _SYMBOLS[self]

    @property
    def label(self) -> str:
        """A short human label, e.g. 'due today'."""
        return _LABELS[self]

    @property
    def rank(self) -> int:
        """0 for the most urgent level; sorts items and plans by urgency."""
        return list(Urgency).index(self)


_SYMBOLS = {
    Urgency.OVERDUE: "🔴",
    Urgency.DUE_TODAY: "🟠",
    Urgency.DUE_SOON: "🟡",
    Urgency.LATER: "🟢",
    Urgency.NO_DATE: "⚪",
}
_LABELS = {
    Urgency.OVERDUE: "overdue",
    Urgency.DUE_TODAY: "due today",
    Urgency.DUE_SOON: "due soon",
    Urgency.LATER: "later",
    Urgency.NO_DATE: "no date",
}


def local_day(instant: datetime, tz: ZoneInfo) -> date:
    """The calendar day ``instant`` falls on in ``tz``."""
    return instant.astimezone(tz).date()


def end_of_local_day(day: date, tz: ZoneInfo) -> datetime:
    """The UTC instant at which ``day`` ends on the creator's clock (date-only dues)."""
    return datetime.combine(day, END_OF_DAY, tzinfo=tz).astimezone(UTC)


def urgency(
    due_date: datetime | None, due_time_known: bool, *, now: datetime, tz: ZoneInfo
) -> Urgency:
    """The urgency of an open item due at ``due_date``, seen at ``now`` in timezone ``tz``."""
    if due_date is None:
        return Urgency.NO_DATE
    if due_time_known and due_date <= now:
        return Urgency.OVERDUE
    # Calendar days, not 24-hour spans: a DST change must not move an item to another day.
    days_left = (local_day(due_date, tz) - local_day(now, tz)).days
    if days_left < 0:
        return Urgency.OVERDUE
    if days_left == 0:
        return Urgency.DUE_TODAY
    if days_left <= DUE_SOON_DAYS:
        return Urgency.DUE_SOON
    return Urgency.LATER


def due_label(due_date: datetime | None, due_time_known: bool, tz: ZoneInfo) -> str:
    """The due date as the creator reads it: 'Tue 1 Dec 2026' or 'Tue 1 Dec 2026 14:00'."""
    if due_date is None:
        return "no date"
    local = due_date.astimezone(tz)
    text = f"{local:%a} {local.day} {local:%b %Y}"
    return f"{text} {local:%H:%M}" if due_time_known else text


def settle_due(
    due_date: datetime | None, due_time_known: bool, tz: ZoneInfo
) -> tuple[datetime | None, bool]:
    """How a due date is kept: a date without a time becomes the end of that day in ``tz``."""
    if due_date is None:
        return None, False
    if due_time_known:
        return due_date.astimezone(UTC), True
    return end_of_local_day(local_day(due_date, tz), tz), False
