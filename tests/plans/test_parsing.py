"""Reading what a creator types: due dates in their timezone, hours, item lines, item ids."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from plans import ItemRef, parse_due, parse_hours, parse_item_spec
from storage.errors import InvalidInput

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 25, 23, 30, tzinfo=UTC)  # already Thursday the 26th in Berlin


@pytest.mark.parametrize(
    ("text", "expected", "known"),
    [
        ("2026-12-01", datetime(2026, 12, 1, 22, 59, 59, tzinfo=UTC), False),
        ("2026-12-01T14:00", datetime(2026, 12, 1, 13, 0, tzinfo=UTC), True),
        ("2026-12-01 14:00", datetime(2026, 12, 1, 13, 0, tzinfo=UTC), True),
        ("2026-12-01T14:00+05:30", datetime(2026, 12, 1, 8, 30, tzinfo=UTC), True),
        ("2026-12-01T14:00Z", datetime(2026, 12, 1, 14, 0, tzinfo=UTC), True),
        ("2026-07-01T14:00", datetime(2026, 7, 1, 12, 0, tzinfo=UTC), True),  # summer time
        ("today", datetime(2026, 11, 26, 22, 59, 59, tzinfo=UTC), False),
        ("tomorrow", datetime(2026, 11, 27, 22, 59, 59, tzinfo=UTC), False),
        ("+3d", datetime(2026, 11, 29, 22, 59, 59, tzinfo=UTC), False),
    ],
)
def test_parse_due(text: str, expected: datetime, known: bool) -> None:
    assert parse_due(text, BERLIN, now=NOW) == (expected, known)


@pytest.mark.parametrize("text", ["", "soon", "2026-13-01", "2026-02-30", "1/12/2026", "12:00"])
def test_unreadable_due_dates_name_the_input(text: str) -> None:
    with pytest.raises(InvalidInput, match=r"due date|calendar date"):
        parse_due(text, BERLIN, now=NOW)


def test_a_time_the_clocks_skip_is_refused() -> None:
    with pytest.raises(InvalidInput, match="does not exist in Europe/Berlin"):
        parse_due("2026-03-29T02:30", BERLIN, now=NOW)


def test_an_ambiguous_autumn_time_takes_the_first_occurrence() -> None:
    due, _ = parse_due("2026-10-25T02:30", BERLIN, now=NOW)
    assert due == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "hours"), [("2h", 2.0), ("1.5", 1.5), ("1,5h", 1.5), ("90m", 1.5), ("3 hours", 3.0)]
)
def test_parse_hours(text: str, hours: float) -> None:
    assert parse_hours(text) == hours


@pytest.mark.parametrize("text", ["0", "0h", "-2h", "two", "nanh", ""])
def test_hours_must_be_positive_numbers(text: str) -> None:
    with pytest.raises(InvalidInput, match="hours"):
        parse_hours(text)


def test_parse_item_spec() -> None:
    spec = parse_item_spec(" Film the intro | 2026-12-01T14:00 | 2h ", BERLIN, now=NOW)
    assert spec.title == "Film the intro"
    assert spec.due_date == datetime(2026, 12, 1, 13, 0, tzinfo=UTC) and spec.due_time_known
    assert spec.estimated_hours == 2.0
    bare = parse_item_spec("Write the script", BERLIN, now=NOW)
    assert (bare.due_date, bare.estimated_hours) == (None, None)
    no_due = parse_item_spec("Edit||45m", BERLIN, now=NOW)
    assert no_due.due_date is None and no_due.estimated_hours == 0.75


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("|2026-12-01|2h", "item title is empty"),
        ("A|someday|2h", "due date"),
        ("A|2026-12-01|0h", "hours"),
        ("A|B|C|D", "title|DUE|hours"),
    ],
)
def test_bad_item_lines(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message.replace("|", r"\|")):
        parse_item_spec(text, BERLIN, now=NOW)


def test_item_refs() -> None:
    assert ItemRef.parse("3.2") == ItemRef(3, 2)
    assert ItemRef.parse("#12.10") == ItemRef(12, 10)
    assert str(ItemRef(3, 2)) == "3.2"
    for bad in ("3", "a.b", "3.2.1", ""):
        with pytest.raises(InvalidInput, match=r"item ids look like 3\.2"):
            ItemRef.parse(bad)


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("9999-12-31", "America/New_York"),
        ("0001-01-01T00:00+05:00", "UTC"),
        ("9999-12-31T23:00-05:00", "UTC"),
    ],
)
def test_dates_at_the_ends_of_the_calendar_are_refused_clearly(text: str, zone: str) -> None:
    with pytest.raises(InvalidInput, match="outside the calendar"):
        parse_due(text, ZoneInfo(zone), now=datetime(2026, 11, 25, 12, tzinfo=UTC))
