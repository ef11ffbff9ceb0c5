"""Urgency on the creator's calendar: day boundaries, timezones, DST changes, one symbol each."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from plans import Urgency, due_label, parse_due, urgency

BERLIN = ZoneInfo("Europe/Berlin")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def level(due_text: str, now_utc: str, tz: ZoneInfo = BERLIN) -> Urgency:
    now = at(now_utc)
    due, known = parse_due(due_text, tz, now=now)
    return urgency(due, known, now=now, tz=tz)


def test_each_level_has_its_own_symbol_and_label() -> None:
    symbols = {u.symbol for u in Urgency}
    labels = {u.label for u in Urgency}
    assert len(symbols) == len(Urgency) == len(labels) == 5
    assert [u.rank for u in Urgency] == [0, 1, 2, 3, 4]


def test_no_date() -> None:
    assert urgency(None, False, now=at("2026-11-25T12:00Z"), tz=BERLIN) is Urgency.NO_DATE


@pytest.mark.parametrize(
    ("due", "now", "expected"),
    [
        ("2026-11-25", "2026-11-25T12:00Z", Urgency.DUE_TODAY),
        ("2026-11-24", "2026-11-25T12:00Z", Urgency.OVERDUE),
        ("2026-11-26", "2026-11-25T12:00Z", Urgency.DUE_SOON),
        ("2026-11-28", "2026-11-25T12:00Z", Urgency.DUE_SOON),
        ("2026-11-29", "2026-11-25T12:00Z", Urgency.LATER),
        # A date-only item is due until the end of the creator's day, not UTC's.
        ("2026-11-25", "2026-11-25T22:59:59Z", Urgency.DUE_TODAY),
        ("2026-11-25", "2026-11-25T23:00:00Z", Urgency.OVERDUE),
        # A timed item is overdue the moment it passes, even on the same day.
        ("2026-11-25T14:00", "2026-11-25T12:59Z", Urgency.DUE_TODAY),
        ("2026-11-25T14:00", "2026-11-25T13:00Z", Urgency.OVERDUE),
        # Local midnight decides "today": 23:30 UTC is already the 26th in Berlin.
        ("2026-11-26T09:00", "2026-11-25T22:59Z", Urgency.DUE_SOON),
        ("2026-11-26T09:00", "2026-11-25T23:00Z", Urgency.DUE_TODAY),
    ],
)
def test_levels_at_day_boundaries(due: str, now: str, expected: Urgency) -> None:
    assert level(due, now) is expected


def test_same_instant_is_a_different_day_in_different_timezones() -> None:
    now = "2026-11-25T20:00Z"  # already the 26th in Auckland, still the 25th in Los Angeles
    assert level("2026-11-26", now, ZoneInfo("Pacific/Auckland")) is Urgency.DUE_TODAY
    assert level("2026-11-26", now, ZoneInfo("America/Los_Angeles")) is Urgency.DUE_SOON
    assert level("2026-11-25", now, ZoneInfo("Pacific/Auckland")) is Urgency.OVERDUE
    assert level("2026-11-25", now, ZoneInfo("America/Los_Angeles")) is Urgency.DUE_TODAY


@pytest.mark.parametrize(
    ("due", "now", "expected"),
    [
        # Spring forward, Sunday 29 March 2026: the day is 23 hours long in Berlin.
        ("2026-03-29", "2026-03-28T22:59Z", Urgency.DUE_SOON),  # 23:59 CET on the 28th
        ("2026-03-29", "2026-03-28T23:00Z", Urgency.DUE_TODAY),  # 00:00 CET on the 29th
        ("2026-03-29", "2026-03-29T21:59Z", Urgency.DUE_TODAY),  # 23:59 CEST
        ("2026-03-29", "2026-03-29T22:00Z", Urgency.OVERDUE),  # 00:00 CEST on the 30th
        ("2026-04-01", "2026-03-28T23:30Z", Urgency.DUE_SOON),  # 3 calendar days away
        ("2026-04-02", "2026-03-29T22:30Z", Urgency.DUE_SOON),
        # Fall back, Sunday 25 October 2026: the day is 25 hours long.
        ("2026-10-25", "2026-10-25T22:30Z", Urgency.DUE_TODAY),  # 23:30 CET, still the 25th
        ("2026-10-25", "2026-10-25T23:00Z", Urgency.OVERDUE),
        ("2026-10-26", "2026-10-24T22:30Z", Urgency.DUE_SOON),  # 00:30 CEST on the 25th
        ("2026-10-28", "2026-10-24T22:30Z", Urgency.DUE_SOON),  # 3 calendar days, 96 hours
        ("2026-10-29", "2026-10-24T22:30Z", Urgency.LATER),
        ("2026-10-25T02:30+01:00", "2026-10-25T01:20Z", Urgency.DUE_TODAY),
        ("2026-10-25T02:30+01:00", "2026-10-25T01:30Z", Urgency.OVERDUE),
    ],
)
def test_levels_across_dst_changes(due: str, now: str, expected: Urgency) -> None:
    assert level(due, now) is expected


def test_date_only_due_is_the_end_of_the_local_day_across_dst() -> None:
    spring, known = parse_due("2026-03-29", BERLIN, now=at("2026-03-01T00:00Z"))
    autumn, _ = parse_due("2026-10-25", BERLIN, now=at("2026-10-01T00:00Z"))
    assert not known
    assert spring == at("2026-03-29T21:59:59Z")  # CEST, +02:00
    assert autumn == at("2026-10-25T22:59:59Z")  # CET, +01:00


def test_due_label_is_in_the_creator_timezone() -> None:
    due = at("2026-11-30T23:30Z")
    assert due_label(due, True, BERLIN) == "Tue 1 Dec 2026 00:30"
    assert due_label(due, False, BERLIN) == "Tue 1 Dec 2026"
    assert due_label(due, True, ZoneInfo("UTC")) == "Mon 30 Nov 2026 23:30"
    assert due_label(None, False, BERLIN) == "no date"
