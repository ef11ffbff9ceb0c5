"""Every validation rule of the ingestion pipeline, and the message that names record and field."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from insights.records import MetricsRecord, PieceRecord
from insights.validation import validate_records
from storage.errors import InvalidInput

WHEN = datetime(2026, 3, 1, 15, 0, tzinfo=UTC)
GOOD = PieceRecord(
    platform="youtube",
    platform_id="abc",
    content_type="video",
    title="How I edit",
    published_at=WHEN,
    duration_seconds=600,
    metrics=MetricsRecord(
        views=1000,
        likes=100,
        impressions=5000,
        reach=3000,
        views_24h=300,
        views_48h=500,
        likes_24h=40,
        retention_rate=0.5,
    ),
)


def with_metrics(**kw: Any) -> PieceRecord:
    return replace(GOOD, metrics=replace(GOOD.metrics, **kw))


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (replace(GOOD, platform="myspace"), r"platform 'myspace' is unknown"),
        (replace(GOOD, platform_id="  "), r"^record 2: platform_id is empty$"),
        (replace(GOOD, platform_id="x" * 256), r"platform_id is longer than 255"),
        (replace(GOOD, title=""), r"\(youtube abc\): title is empty"),
        (replace(GOOD, content_type="hologram"), r"content_type 'hologram' is unknown"),
        (replace(GOOD, published_at=WHEN.replace(tzinfo=None)), r"published_at has no timezone"),
        (replace(GOOD, theme="t" * 101), r"theme is longer than 100"),
        (replace(GOOD, duration_seconds=-1), r"duration_seconds is negative \(-1\)"),
        (replace(GOOD, follower_count_at_post=2**64), r"follower_count_at_post is too large"),
        (with_metrics(comments=-3), r"comments is negative \(-3\)"),
        (with_metrics(views=-1), r"views is negative"),
        (with_metrics(saves=2**63), r"saves is too large"),
        (with_metrics(watch_time_hours=float("nan")), r"watch_time_hours is not a number"),
        (with_metrics(engagement_rate=-2.0), r"engagement_rate is negative"),
        (with_metrics(likes=1001), r"likes \(1001\) exceed views \(1000\)"),
        (
            with_metrics(views_24h=1200, views_48h=None),
            r"views_24h \(1200\) exceeds views \(1000\)",
        ),
        (with_metrics(views_24h=600), r"views_24h \(600\) exceeds views_48h \(500\)"),
        (with_metrics(views_48h=1001), r"views_48h \(1001\) exceeds views"),
        (with_metrics(likes_24h=101), r"likes_24h \(101\) exceeds likes \(100\)"),
        (with_metrics(reach=6000), r"reach \(6000\) exceeds impressions \(5000\)"),
        (with_metrics(retention_rate=1.2), r"retention_rate 1.2 is above 1; only short-form"),
        (with_metrics(retention_rate=-0.1), r"retention_rate is negative"),
    ],
)
def test_rejects_with_a_message_naming_record_and_field(record: PieceRecord, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        validate_records([replace(GOOD, platform_id="first"), record])


def test_message_names_the_position_and_the_record() -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_records([replace(GOOD, platform_id="a"), with_metrics(likes=5000)])
    assert str(caught.value) == "record 2 (youtube abc): likes (5000) exceed views (1000)"


def test_valid_edge_cases_pass() -> None:
    image = replace(
        GOOD,
        platform="instagram",
        content_type="carousel",
        duration_seconds=None,
        metrics=MetricsRecord(views=0, likes=400, reach=900, impressions=900),
    )
    short = replace(
        GOOD,
        platform_id="s1",
        content_type="short",
        duration_seconds=30,
        metrics=MetricsRecord(views=100, likes=100, retention_rate=1.8),
    )
    no_views_yet = replace(GOOD, platform_id="n", metrics=MetricsRecord(views=0, likes=3))
    assert len(validate_records([GOOD, image, short, no_views_yet])) == 4


def test_short_form_retention_has_a_ceiling() -> None:
    short = replace(
        GOOD, content_type="short", duration_seconds=30, metrics=MetricsRecord(retention_rate=12.0)
    )
    with pytest.raises(InvalidInput, match=r"retention_rate 12\.0 is implausible"):
        validate_records([short])


def test_long_video_reported_as_short_by_duration_may_exceed_one() -> None:
    clip = replace(GOOD, duration_seconds=45, metrics=MetricsRecord(retention_rate=1.1))
    assert validate_records([clip]) == [clip]


def test_duplicate_keys_in_one_batch_are_refused() -> None:
    with pytest.raises(
        InvalidInput, match=r"record 3 \(youtube abc\): platform_id repeats record 1"
    ):
        validate_records([GOOD, replace(GOOD, platform_id="b"), GOOD])
