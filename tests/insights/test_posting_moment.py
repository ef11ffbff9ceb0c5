"""When a stored posting window is open, and when it next opens (insights.posting_moment)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from insights.posting_moment import next_opening, open_at, opening_on, openings
from insights.windows import DAYS, Window

BERLIN = ZoneInfo("Europe/Berlin")
# Mon 14, Wed 16 and Thu 17 Dec 2026 (Berlin): fixtures far from the wall clock.
MON_NOON = datetime(2026, 12, 14, 12, 0, tzinfo=BERLIN)
AFTERNOONS = Window((0, 2, 3), 14, 5)  # Mon, Wed, Thu 14-19 h
NIGHTS = Window(tuple(range(7)), 23, 6)  # 23-05 h, any day
WEEKEND = Window((5, 6), 0, 24)  # Sat, Sun all day


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=BERLIN)


def test_a_window_opens_at_its_start_hour_and_closes_at_its_end() -> None:
    assert open_at(AFTERNOONS, at(14, 13, 59)) is None
    opening = open_at(AFTERNOONS, at(14, 14))
    assert opening is not None and (opening.start, opening.end) == (at(14, 14), at(14, 19))
    assert open_at(AFTERNOONS, at(14, 18, 59)) == opening
    assert open_at(AFTERNOONS, at(14, 19)) is None


def test_a_day_outside_the_window_is_closed_all_day() -> None:
    assert all(open_at(AFTERNOONS, at(15, hour)) is None for hour in range(24))  # a Tuesday


def test_the_next_opening_skips_to_the_next_day_of_the_window() -> None:
    opening = next_opening(AFTERNOONS, at(14, 20))  # Monday evening: next is Wednesday
    assert opening is not None and opening.start == at(16, 14)
    inside = next_opening(AFTERNOONS, at(14, 15))  # while open, the next one is the next day's
    assert inside is not None and inside.start == at(16, 14)


def test_a_window_past_midnight_is_open_in_the_small_hours_of_the_next_day() -> None:
    opening = open_at(NIGHTS, at(15, 2))
    assert opening is not None and (opening.start, opening.end) == (at(14, 23), at(15, 5))
    assert open_at(NIGHTS, at(15, 5)) is None
    assert opening_on(NIGHTS, date(2026, 12, 15), at(15, 2)) == next_opening(NIGHTS, at(15, 2))


def test_days_in_a_row_all_day_read_as_one_stretch() -> None:
    opening = open_at(WEEKEND, at(20, 9))  # Sunday morning: the stretch began on Saturday
    assert opening is not None
    assert (opening.start, opening.end) == (at(19, 0), at(21, 0))
    following = next_opening(WEEKEND, MON_NOON)
    assert following is not None and following.start == at(19, 0)


def test_a_day_the_window_does_not_start_on_has_no_opening() -> None:
    assert opening_on(AFTERNOONS, date(2026, 12, 15), MON_NOON) is None
    found = opening_on(AFTERNOONS, date(2026, 12, 17), MON_NOON)
    assert found is not None and found.start == at(17, 14)


def test_openings_follow_the_local_clock_across_a_change_of_summer_time() -> None:
    # Berlin leaves summer time on Sun 25 Oct 2026: the window still opens at 14:00 local.
    window = Window((6,), 14, 3)
    opening = next_opening(window, datetime(2026, 10, 24, 12, tzinfo=BERLIN))
    assert opening is not None and opening.start.hour == 14
    assert opening.start.utcoffset() != datetime(2026, 10, 24, 12, tzinfo=BERLIN).utcoffset()


@pytest.mark.parametrize("days", [(0,), (0, 2, 3), (5, 6), tuple(range(7))])
@pytest.mark.parametrize("start", [0, 9, 21])
def test_every_opening_covers_exactly_the_window_hours(days: tuple[int, ...], start: int) -> None:
    window = Window(days, start, 4)
    for found in openings(window, MON_NOON):
        hours = int((found.end - found.start).total_seconds() // 3600)
        stamps = [found.start + timedelta(hours=k) for k in range(hours)]
        assert stamps and all(window.contains(s.weekday(), s.hour) for s in stamps)
        assert not window.contains(found.end.weekday(), found.end.hour)
        assert not window.contains(
            (found.start - timedelta(hours=1)).weekday(), (found.start - timedelta(hours=1)).hour
        )


@pytest.mark.parametrize(
    ("key", "data", "expected"),
    [
        ("slot:mon+wed:14-19", {"days": ["mon", "wed"], "start_hour": 14, "end_hour": 19},
         Window((0, 2), 14, 5)),
        ("hours:23-05", {"days": list(DAYS), "start_hour": 23, "end_hour": 5},
         Window(tuple(range(7)), 23, 6)),
        ("days:sat+sun", {"days": ["sat", "sun"], "start_hour": 0, "end_hour": 0},
         Window((5, 6), 0, 24)),
        ("slot:mon:14-19", {"days": ["someday"], "start_hour": 14, "end_hour": 19}, None),
        ("slot:mon:14-19", {"days": ["mon"], "start_hour": "14", "end_hour": 19}, None),
        ("slot:mon:14-19", {}, None),
    ],
)  # fmt: skip
def test_a_stored_window_is_read_back_from_its_key_and_data(
    key: str, data: dict[str, object], expected: Window | None
) -> None:
    found = Window.from_data(key, data)
    assert found == expected
    if expected is not None:
        assert found is not None and found.key == key
