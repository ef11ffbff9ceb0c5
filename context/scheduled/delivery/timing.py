"""When things are sent, on the creator's own clock: pure functions of settings and due dates.

Wall-clock times become instants through zoneinfo. A time a DST change skips (02:30 on the
spring-forward night in Europe) is read with the offset before the change, so it lands as many
minutes after the gap as it was into it (03:30); a time that happens twice (the autumn night)
is its first occurrence. Either way each local day yields exactly one instant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from context.scheduled.reminders import Occasion


@dataclass(frozen=True)
class CreatorClock:
    """A creator's scheduling settings."""

    tz: ZoneInfo
    digest_time: time
    quiet_start: time | None
    quiet_end: time | None


@dataclass(frozen=True)
class ReminderTime:
    """One reminder of an item: why, which nudge, the instant it is for, and when it goes out."""

    occasion: Occasion
    nudge: int  # 1..N for overdue nudges, else 0
    scheduled_for: datetime  # the nominal instant: part of the delivery key
    send_at: datetime  # after quiet hours


def local_instant(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The UTC instant of wall time ``at`` on ``day`` in ``tz`` (gaps and repeats as above)."""
    return datetime.combine(day, at.replace(tzinfo=None), tz).astimezone(UTC)


def in_quiet_hours(local: time, start: time | None, end: time | None) -> bool:
    """True when the wall time falls in [start, end); a window may wrap past midnight."""
    if start is None or end is None or start == end:
        return False
    if start < end:
        return start <= local < end
    return local >= start or local < end


def after_quiet_hours(instant: datetime, clock: CreatorClock) -> datetime:
    """``instant``, or the end of the quiet hours it falls in (on the creator's clock)."""
    local = instant.astimezone(clock.tz)
    wall = local.time().replace(tzinfo=None)
    if clock.quiet_end is None or not in_quiet_hours(wall, clock.quiet_start, clock.quiet_end):
        return instant
    day = local.date()
    start = clock.quiet_start
    if start is not None and start > clock.quiet_end and wall >= start:
        day += timedelta(days=1)  # the evening half of a window that wraps past midnight
    return max(instant, local_instant(day, clock.quiet_end, clock.tz))


def reminder_times(
    due_date: datetime, due_time_known: bool, clock: CreatorClock, *, nudges: int = 3
) -> list[ReminderTime]:
    """The reminders of an item due at ``due_date``, in time order.

    The day before at the digest time; at the due time when one was given; then a nudge at the
    digest time on each of the ``nudges`` days after the due day.
    """
    due_day = due_date.astimezone(clock.tz).date()
    nominal: list[tuple[Occasion, int, datetime]] = [
        (
            Occasion.BEFORE,
            0,
            local_instant(due_day - timedelta(days=1), clock.digest_time, clock.tz),
        )
    ]
    if due_time_known:
        nominal.append((Occasion.DUE, 0, due_date.astimezone(UTC)))
    for n in range(1, nudges + 1):
        day = due_day + timedelta(days=n)
        nominal.append((Occasion.OVERDUE, n, local_instant(day, clock.digest_time, clock.tz)))
    return [
        ReminderTime(occasion, n, at, after_quiet_hours(at, clock))
        for occasion, n, at in sorted(nominal, key=lambda entry: entry[2])
    ]


def digest_days(start: datetime, end: datetime, clock: CreatorClock) -> list[tuple[date, datetime]]:
    """(local day, instant) of every digest whose instant falls in [start, end]."""
    first = start.astimezone(clock.tz).date() - timedelta(days=1)
    last = end.astimezone(clock.tz).date() + timedelta(days=1)
    found = []
    day = first
    while day <= last:
        instant = local_instant(day, clock.digest_time, clock.tz)
        if start <= instant <= end:
            found.append((day, instant))
        day += timedelta(days=1)
    return found
