"""Reminder and digest times on the creator's clock: timezones, DST gaps, quiet hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from context.scheduled.delivery.timing import (
    CreatorClock,
    after_quiet_hours,
    digest_days,
    in_quiet_hours,
    local_instant,
    reminder_times,
)
from context.scheduled.reminders import Occasion

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
KOLKATA = ZoneInfo("Asia/Kolkata")
QUIET = (time(22, 0), time(8, 0))


def clock(
    tz: ZoneInfo, at: time = time(9, 0), quiet: tuple[time, time] | None = QUIET
) -> CreatorClock:
    start, end = quiet if quiet else (None, None)
    return CreatorClock(tz, at, start, end)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("tz", "expected"),
    [
        (BERLIN, utc(2026, 12, 1, 8, 0)),
        (NEW_YORK, utc(2026, 12, 1, 14, 0)),
        (KOLKATA, utc(2026, 12, 1, 3, 30)),
    ],
)
def test_the_day_before_reminder_is_at_the_local_digest_time(
    tz: ZoneInfo, expected: datetime
) -> None:
    due = datetime(2026, 12, 2, 23, 59, 59, tzinfo=tz)  # a date-only item: end of that day
    before = reminder_times(due, False, clock(tz))[0]
    assert before.occasion is Occasion.BEFORE and before.scheduled_for == expected
    assert before.send_at == expected


def test_a_timed_item_gets_a_reminder_at_its_due_time_and_three_nudges() -> None:
    due = datetime(2026, 12, 2, 14, 30, tzinfo=BERLIN)
    times = reminder_times(due, True, clock(BERLIN))
    assert [(t.occasion, t.nudge) for t in times] == [
        (Occasion.BEFORE, 0),
        (Occasion.DUE, 0),
        (Occasion.OVERDUE, 1),
        (Occasion.OVERDUE, 2),
        (Occasion.OVERDUE, 3),
    ]
    local = [t.scheduled_for.astimezone(BERLIN) for t in times]
    assert [f"{t:%d %H:%M}" for t in local] == [
        "01 09:00",
        "02 14:30",
        "03 09:00",
        "04 09:00",
        "05 09:00",
    ]


def test_a_date_only_item_has_no_due_time_reminder() -> None:
    due = datetime(2026, 12, 2, 23, 59, 59, tzinfo=BERLIN)
    assert Occasion.DUE not in {t.occasion for t in reminder_times(due, False, clock(BERLIN))}


def test_reminders_keep_the_wall_time_across_the_spring_dst_change() -> None:
    # Berlin moves from +01:00 to +02:00 on Sunday 29 March 2026.
    due = datetime(2026, 3, 30, 12, 0, tzinfo=BERLIN)
    times = reminder_times(due, True, clock(BERLIN))
    before, nudge = times[0], times[2]
    assert before.scheduled_for == utc(2026, 3, 29, 7, 0)  # 09:00 CEST, the first summer day
    assert nudge.scheduled_for == utc(2026, 3, 31, 7, 0)
    assert all(t.scheduled_for.astimezone(BERLIN).hour in (9, 12) for t in times)


def test_a_digest_time_the_clocks_skip_lands_after_the_gap_once() -> None:
    skipped = clock(BERLIN, at=time(2, 30), quiet=None)
    found = digest_days(utc(2026, 3, 28, 12), utc(2026, 3, 30, 12), skipped)
    assert [day for day, _ in found] == [date(2026, 3, 29), date(2026, 3, 30)]
    gap_day = found[0][1]
    assert gap_day == utc(2026, 3, 29, 1, 30)  # 03:30 CEST: as far past the gap as it was into it
    assert f"{gap_day.astimezone(BERLIN):%H:%M}" == "03:30"


def test_a_digest_time_that_happens_twice_is_sent_once_at_the_first() -> None:
    # Berlin repeats 02:00-03:00 on Sunday 25 October 2026.
    repeated = clock(BERLIN, at=time(2, 30), quiet=None)
    found = digest_days(utc(2026, 10, 24, 12), utc(2026, 10, 25, 12), repeated)
    assert found == [(date(2026, 10, 25), utc(2026, 10, 25, 0, 30))]  # 02:30 CEST, not CET


def test_each_local_day_gets_one_digest_in_every_timezone() -> None:
    for tz in (BERLIN, NEW_YORK, KOLKATA, ZoneInfo("Pacific/Auckland")):
        found = digest_days(utc(2026, 3, 1), utc(2026, 4, 30), clock(tz, at=time(7, 15)))
        days = [day for day, _ in found]
        assert len(days) == len(set(days))
        assert all(f"{i.astimezone(tz):%H:%M}" == "07:15" for _, i in found)
        assert {day for day, _ in found} >= {
            date(2026, 3, 2) + timedelta(days=n) for n in range(59)
        }


@pytest.mark.parametrize(
    ("wall", "inside"),
    [
        (time(21, 59), False),
        (time(22, 0), True),
        (time(3, 0), True),
        (time(7, 59), True),
        (time(8, 0), False),
    ],
)
def test_quiet_hours_wrap_past_midnight(wall: time, inside: bool) -> None:
    assert in_quiet_hours(wall, *QUIET) is inside


def test_a_daytime_quiet_window_and_no_window() -> None:
    assert in_quiet_hours(time(13, 30), time(13, 0), time(14, 0))
    assert not in_quiet_hours(time(14, 0), time(13, 0), time(14, 0))
    assert not in_quiet_hours(time(3, 0), None, None)
    assert not in_quiet_hours(time(3, 0), time(8, 0), time(8, 0))


def test_quiet_hours_move_a_late_evening_reminder_to_the_next_morning() -> None:
    late = datetime(2026, 12, 2, 23, 15, tzinfo=BERLIN)
    early = datetime(2026, 12, 3, 6, 0, tzinfo=BERLIN)
    morning = datetime(2026, 12, 3, 8, 0, tzinfo=BERLIN)
    assert after_quiet_hours(late, clock(BERLIN)) == morning
    assert after_quiet_hours(early, clock(BERLIN)) == morning
    assert after_quiet_hours(morning, clock(BERLIN)) == morning
    assert after_quiet_hours(late, clock(BERLIN, quiet=None)) == late


def test_quiet_hours_delay_a_reminder_but_keep_its_nominal_instant() -> None:
    due = datetime(2026, 12, 2, 23, 0, tzinfo=NEW_YORK)
    at_due = next(
        t for t in reminder_times(due, True, clock(NEW_YORK)) if t.occasion is Occasion.DUE
    )
    assert at_due.scheduled_for == due.astimezone(UTC)
    assert at_due.send_at == datetime(2026, 12, 3, 8, 0, tzinfo=NEW_YORK)


def test_local_instant_is_utc() -> None:
    assert local_instant(date(2026, 7, 1), time(9, 0), NEW_YORK) == utc(2026, 7, 1, 13, 0)
