"""Platform formulas and format classes."""

from __future__ import annotations

import pytest

from insights.metrics import engagement_rate, format_class, high_intent, interactions, known_sum
from insights.records import MetricsRecord


def test_youtube_and_tiktok_divide_by_views() -> None:
    m = MetricsRecord(views=1000, likes=40, comments=5, shares=3, saves=2, reach=500)
    assert engagement_rate("youtube", m) == pytest.approx(5.0)
    assert engagement_rate("tiktok", m) == pytest.approx(5.0)


def test_instagram_divides_by_reach() -> None:
    m = MetricsRecord(views=1000, likes=40, comments=5, shares=3, saves=2, reach=500)
    assert engagement_rate("instagram", m) == pytest.approx(10.0)


def test_no_denominator_gives_none_and_explicit_rate_wins() -> None:
    assert engagement_rate("youtube", MetricsRecord(likes=3)) is None
    assert engagement_rate("youtube", MetricsRecord(views=10, engagement_rate=7.5)) == 7.5


@pytest.mark.parametrize(
    ("content_type", "duration", "expected"),
    [
        ("video", 600, "long"),
        ("video", 45, "short"),
        ("video", None, "long"),
        ("short", None, "short"),
        ("reel", 90, "short"),
        ("carousel", None, "static"),
        ("post", None, "static"),
    ],
)
def test_format_class(content_type: str, duration: int | None, expected: str) -> None:
    assert format_class(content_type, duration) == expected


def test_an_unreported_count_is_left_out_of_engagement_not_counted_as_zero() -> None:
    # TikTok's Display API gives no saves: engagement is likes + comments + shares per view.
    tiktok = MetricsRecord(views=1000, likes=40, comments=5, shares=5, saves=None)
    assert interactions(tiktok) == 50
    assert engagement_rate("tiktok", tiktok) == pytest.approx(5.0)
    assert high_intent(tiktok.shares, tiktok.saves) == 5


def test_unknown_likes_make_engagement_unknown_and_no_intent_figure_is_unknown() -> None:
    hidden = MetricsRecord(views=1000, likes=None, comments=30, shares=3, saves=2)
    assert interactions(hidden) is None
    assert engagement_rate("youtube", hidden) is None
    assert high_intent(None, None) is None
    assert known_sum(None, 0) == 0
