"""Whether now, today or tomorrow is a good time to post, in the creator's own clock
(context.tools.posting_now)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from context.tools.posting_now import NO_WINDOW, day_line, now_line, stretch
from insights.posting_moment import Opening
from insights.views import Pattern, PostingWindows
from insights.windows import DAYS


def window(key: str, days: list[str], start: int, end: int, positive: bool) -> Pattern:
    data = {"days": days, "start_hour": start, "end_hour": end, "timezone": "Europe/Berlin"}
    return Pattern("w", "d", "medium", positive, pattern_key=key, supporting_data=data)


BEST = window("slot:mon+wed+thu:14-19", ["mon", "wed", "thu"], 14, 19, True)
WORST = window("hours:23-05", list(DAYS), 23, 5, False)
BOTH = PostingWindows("Europe/Berlin", BEST, WORST)


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    """A December 2026 instant in UTC (Berlin is UTC+1 then)."""
    return datetime(2026, 12, day, hour, minute, tzinfo=UTC)


def test_now_inside_the_best_window_says_yes_and_until_when() -> None:
    line = now_line(BOTH, utc(14, 14, 30))  # Mon 15:30 in Berlin
    assert line == "Yes: now (Mon 15:30, Europe/Berlin) is inside your best window, until 19:00."


def test_now_inside_the_weakest_window_says_not_now_and_when_the_best_opens() -> None:
    line = now_line(BOTH, utc(15, 0, 20))  # Tue 01:20 in Berlin
    assert line.startswith("Not now: it is Tue 01:20, Europe/Berlin, in your weakest window")
    assert "(until 05:00)" in line
    assert line.endswith("Your best window next opens Wed 16 Dec at 14:00.")


def test_now_in_neither_window_names_the_next_best_opening() -> None:
    line = now_line(BOTH, utc(17, 19))  # Thu 20:00: the best window just closed
    assert line == (
        "Now (Thu 20:00, Europe/Berlin) is outside your best window. "
        "Your best window next opens Mon 21 Dec at 14:00."
    )


def test_the_moment_is_read_in_the_creators_timezone_not_utc() -> None:
    # 13:30 UTC is 14:30 in Berlin: inside a 14-19 h window there, outside it in UTC.
    assert now_line(BOTH, utc(14, 13, 30)).startswith("Yes: now (Mon 14:30")


def test_no_window_found_says_no_hour_is_better() -> None:
    empty = PostingWindows("Europe/Berlin", None, None)
    assert now_line(empty, utc(14, 12)) == NO_WINDOW
    assert day_line(empty, utc(14, 12), "tomorrow") == NO_WINDOW


@pytest.mark.parametrize(
    ("now", "moment", "expected"),
    [
        (utc(15, 9), "tomorrow", "Tomorrow (Wed 16 Dec): your best window runs 14:00-19:00."),
        (utc(14, 9), "tomorrow", "Tomorrow (Tue 15 Dec) is not one of your best window's days. "
         "Your best window next opens Mon 14 Dec at 14:00."),
        (utc(14, 9), "today", "Today (Mon 14 Dec): your best window runs 14:00-19:00."),
        (utc(14, 15), "today", "Today (Mon 14 Dec): you are in your best window now, until "
         "19:00."),
        (utc(14, 19), "today", "Today (Mon 14 Dec): your best window (Mon 14 Dec, 14:00-19:00) "
         "has passed. Your best window next opens Wed 16 Dec at 14:00."),
    ],
)  # fmt: skip
def test_today_or_tomorrow_names_the_best_stretch_of_that_day(
    now: datetime, moment: str, expected: str
) -> None:
    line = day_line(PostingWindows("Europe/Berlin", BEST, None), now, moment)  # type: ignore[arg-type]
    assert line == expected


def test_the_weakest_stretch_of_the_day_is_named_while_it_is_still_ahead() -> None:
    line = day_line(BOTH, utc(15, 9), "tomorrow")
    assert line.endswith("Avoid 23:00-05:00: your weakest window.")
    late = day_line(BOTH, utc(16, 23, 30), "today")  # Thu 00:30: today's starts at 23:00
    assert "Avoid 23:00-05:00" in late


@pytest.mark.parametrize(
    ("start", "end", "said"),
    [
        (datetime(2026, 12, 16, 14), datetime(2026, 12, 16, 19), "Wed 16 Dec, 14:00-19:00"),
        (datetime(2026, 12, 14, 23), datetime(2026, 12, 15, 5), "Mon 14 Dec, 23:00 to 05:00"),
        (datetime(2026, 12, 19), datetime(2026, 12, 21), "Sat 19 Dec to Sun 20 Dec (all day)"),
        (datetime(2026, 12, 19), datetime(2026, 12, 20), "Sat 19 Dec (all day)"),
    ],
)
def test_a_stretch_reads_as_a_day_and_its_hours(start: datetime, end: datetime, said: str) -> None:
    assert stretch(Opening(start, end)) == said


@pytest.mark.parametrize(
    ("now", "moment", "expected"),
    [
        (utc(14, 9), "wednesday", "Wednesday (16 Dec): your best window runs 14:00-19:00."),
        (utc(14, 9), "monday", "Monday (14 Dec): your best window runs 14:00-19:00."),  # today
        (utc(14, 9), "friday", "Friday (18 Dec) is not one of your best window's days. "
         "Your best window next opens Mon 21 Dec at 14:00."),  # after Friday, not after now
    ],
)  # fmt: skip
def test_a_weekday_names_its_next_date_and_the_windows_stretch_then(
    now: datetime, moment: str, expected: str
) -> None:
    line = day_line(PostingWindows("Europe/Berlin", BEST, None), now, moment)  # type: ignore[arg-type]
    assert line == expected
