"""Publish dates: the forms exports use, unknown times of day, and day/month ambiguity."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from insights.importing.dates import (
    DAY_FIRST,
    MONTH_FIRST,
    DateReader,
    settle_order,
)
from insights.importing.problems import CellError, ImportRejected

BERLIN = ZoneInfo("Europe/Berlin")


def read(raw: str, order: str | None = None, tz: ZoneInfo = BERLIN) -> tuple[datetime, bool]:
    published = DateReader(tz, order).read(raw)
    return published.at, published.time_known


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2020-04-29T16:00:03Z", datetime(2020, 4, 29, 16, 0, 3, tzinfo=UTC)),
        ("2024-03-05T12:00:00.000Z", datetime(2024, 3, 5, 12, tzinfo=UTC)),
        ("2024-05-03T17:30:00+0000", datetime(2024, 5, 3, 17, 30, tzinfo=UTC)),
        ("2024-05-03T17:30:00+02:00", datetime(2024, 5, 3, 15, 30, tzinfo=UTC)),
        ("1714750200", datetime(2024, 5, 3, 15, 30, tzinfo=UTC)),
        ("1714750200000", datetime(2024, 5, 3, 15, 30, tzinfo=UTC)),
    ],
)
def test_instants_with_a_zone_ignore_the_import_timezone(raw: str, expected: datetime) -> None:
    assert read(raw) == (expected, True)


@pytest.mark.parametrize(
    ("raw", "local"),
    [
        ("2024-04-02 18:30:00", datetime(2024, 4, 2, 18, 30)),
        ("Apr 29, 2020 3:15 PM", datetime(2020, 4, 29, 15, 15)),
        ("29 April 2020 15:15", datetime(2020, 4, 29, 15, 15)),
        ("2024/03/05 07:05", datetime(2024, 3, 5, 7, 5)),
    ],
)
def test_naive_times_are_read_in_the_import_timezone(raw: str, local: datetime) -> None:
    assert read(raw) == (local.replace(tzinfo=BERLIN).astimezone(UTC), True)


@pytest.mark.parametrize("raw", ["Apr 29, 2020", "29 Apr 2020", "2020-04-29", "4/29/2020"])
def test_a_date_alone_is_an_unknown_time_never_midnight(raw: str) -> None:
    at, known = read(raw, MONTH_FIRST)
    assert known is False
    local = at.astimezone(BERLIN)
    assert local.date().isoformat() == "2020-04-29"
    assert (local.hour, local.minute) == (12, 0)


def test_numeric_dates_follow_the_settled_order() -> None:
    assert read("03/05/2024", DAY_FIRST)[0].astimezone(BERLIN).month == 5
    assert read("03/05/2024", MONTH_FIRST)[0].astimezone(BERLIN).month == 3
    assert read("5/5/24", None)[0].astimezone(BERLIN).date().isoformat() == "2024-05-05"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "empty"),
        ("2024-13-45", "not a valid ISO date"),
        ("31/02/2024", "not a real date"),
        ("03/05/2024", "unclear day/month order"),
        ("yesterday", "not a date"),
        ("Mar 5", "not a date"),
        ("2024/3/5 13:00 PM", "AM/PM"),
        ("2024/03/05 25:00", "impossible time"),
    ],
)
def test_unreadable_dates_say_why(raw: str, message: str) -> None:
    order = DAY_FIRST if raw.startswith("31") else None
    with pytest.raises(CellError, match=message):
        read(raw, order)


def samples(*values: str) -> list[tuple[str, str]]:
    return [(f"line {n}", v) for n, v in enumerate(values, start=2)]


def test_one_day_above_twelve_settles_the_whole_file() -> None:
    assert settle_order(samples("03/05/2024", "25/05/2024"), None) == DAY_FIRST
    assert settle_order(samples("03/05/2024", "05/25/2024 10:00"), None) == MONTH_FIRST
    assert settle_order(samples("2024-05-03", "Apr 29, 2020", "01/01/2024"), None) is None


def test_an_ambiguous_file_is_refused_with_the_rows_that_show_it() -> None:
    with pytest.raises(ImportRejected) as caught:
        settle_order(samples("03/05/2024", "07/07/2024", "04/06/2024"), None)
    assert "--date-format" in str(caught.value)
    assert [p.where for p in caught.value.problems] == ["line 2", "line 4"]
    assert caught.value.problems[0].value == "03/05/2024"


def test_a_file_mixing_orders_is_refused() -> None:
    with pytest.raises(ImportRejected, match="disagree") as caught:
        settle_order(samples("25/05/2024", "05/25/2024"), None)
    assert {p.where for p in caught.value.problems} == {"line 2", "line 3"}


def test_date_format_settles_the_order_or_gives_a_pattern() -> None:
    rows = samples("03/05/2024", "04/06/2024")
    assert settle_order(rows, "DMY") == DAY_FIRST
    assert settle_order(rows, "month-first") == MONTH_FIRST
    assert settle_order(rows, "%d/%m/%Y") is None
    with pytest.raises(ImportRejected, match="unknown --date-format"):
        settle_order(rows, "sideways")


def test_a_strptime_pattern_reads_dates_and_knows_whether_a_time_was_given() -> None:
    reader = DateReader(BERLIN, None, "%d/%m/%Y %H:%M")
    published = reader.read("03/05/2024 14:30")
    assert published.time_known
    assert published.at == datetime(2024, 5, 3, 12, 30, tzinfo=UTC)
    assert DateReader(BERLIN, None, "%d.%m.%Y").read("03.05.2024").time_known is False
    with pytest.raises(CellError, match="does not match --date-format"):
        reader.read("2024-05-03")
