"""Reading the insight rows' pattern keys: posting windows, topics, and their next opening."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from plans.factors import Factor, PostingWindow, group_by_topic, parse_window

BERLIN = ZoneInfo("Europe/Berlin")


def factor(key: str, **data: object) -> Factor:
    return Factor(uuid.uuid4(), "success_factor", key, key, "d", "high", 0.9, True, dict(data))


@pytest.mark.parametrize(
    ("key", "window", "label"),
    [
        ("slot:thu:14-17", PostingWindow((3,), 14, 17), "Thu 14:00–17:00"),
        ("slot:mon+wed+thu:14-19", PostingWindow((0, 2, 3), 14, 19), "Mon, Wed, Thu 14:00–19:00"),
        ("hours:23-05", PostingWindow(tuple(range(7)), 23, 5), "every day 23:00–05:00"),
        ("days:sat+sun", PostingWindow((5, 6)), "Sat, Sun"),
    ],
)
def test_timing_keys(key: str, window: PostingWindow, label: str) -> None:
    assert parse_window(key) == window
    assert window.label == label
    assert factor(key).family == "timing"


@pytest.mark.parametrize(
    "key", ["slot:thx:14-17", "slot:thu", "hours:25-26", "theme:tutorials", "days:", "slot:thu:ab"]
)
def test_other_keys_are_not_windows(key: str) -> None:
    assert parse_window(key) is None


def test_next_opening_is_on_the_creators_clock() -> None:
    wed = date(2026, 11, 25)
    window = PostingWindow((0, 3), 14, 17)
    assert window.next_due(wed, BERLIN) == (datetime(2026, 11, 26, 13, 0, tzinfo=UTC), True)
    assert window.next_due(date(2026, 11, 26), BERLIN)[0].date() == date(2026, 11, 26)
    whole_day = PostingWindow((5, 6))
    assert whole_day.next_due(wed, BERLIN) == (
        datetime(2026, 11, 28, 22, 59, 59, tzinfo=UTC),
        False,
    )


def test_topics_group_a_subject_across_metrics() -> None:
    views = factor("platform:tiktok", subject="TikTok")
    engagement = factor("platform:tiktok:engagement", subject="TikTok")
    hook = factor("retention:weak_hook")
    groups = group_by_topic([views, hook, engagement])
    assert groups == [[views, engagement], [hook]]
    assert views.subject_label == "TikTok" and hook.subject_label == "weak hook"
    assert factor("platform:youtube:retention").subject_label == "YouTube"
