"""Every supported export, read from fixture files with their real quirks."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from insights.metrics import format_class

from .helpers import by_id, parse


def test_studio_content_export() -> None:
    parsed = parse("youtube_studio_content.csv", timezone="Europe/Berlin")
    assert parsed.format.key == "youtube-studio"
    assert parsed.tally["total_rows"] == 1
    records = by_id(parsed)
    assert list(records) == ["dQw4w9WgXcQ", "-x7Qb3Lz0aE", "_kR2mN8pQzT", "-7uYtRe3WqA"]
    first = records["dQw4w9WgXcQ"]
    assert first.title == "How I film, edit and post in one day"
    assert first.metrics.views == 1_024_118
    assert first.metrics.impressions == 8_100_200
    assert first.metrics.watch_time_hours == pytest.approx(70321.1234)
    assert first.metrics.followers_gained == 1311
    assert first.duration_seconds == 613 and first.content_type == "video"
    assert first.publish_time_known is False
    local = first.published_at.astimezone(ZoneInfo("Europe/Berlin"))
    assert local.date().isoformat() == "2020-04-29" and local.hour == 12
    assert records["_kR2mN8pQzT"].title == 'Why I quit "perfect" thumbnails'
    assert records["-x7Qb3Lz0aE"].content_type == "short"
    assert records["-7uYtRe3WqA"].content_type == "short"  # 59 s
    assert parsed.unused_columns == ("Impressions click-through rate (%)",)


def test_studio_net_subscriber_loss_is_read_but_not_stored_as_a_gain() -> None:
    parsed = parse("youtube_studio_content.csv")
    assert by_id(parsed)["_kR2mN8pQzT"].metrics.followers_gained is None
    assert parsed.tally["net_subscribers_lost"] == 1


def test_studio_rich_export_with_shorts_metrics() -> None:
    records = by_id(parse("youtube_studio_rich.csv"))
    tripod = records["aB3dE5gH7jK"]
    assert tripod.content_type == "short"
    assert tripod.metrics.retention_rate == pytest.approx(1.317)  # > 100 % viewed on a Short
    assert tripod.metrics.avg_view_duration_seconds == 40
    assert tripod.metrics.followers_gained == 500  # "Subscribers gained" wins over net
    assert (tripod.metrics.likes, tripod.metrics.shares) == (4200, 800)
    lighting = records["Lm9Nb8Vc7Xz"]
    assert lighting.content_type == "video"
    assert lighting.metrics.impressions == 410_000  # "Thumbnail impressions"
    assert lighting.metrics.avg_view_duration_seconds == 285
    # 170 s is long by duration, but YouTube's Shorts-only metrics mark it as a Short.
    three_minute = records["Qw2Er4Ty6Ui"]
    assert three_minute.content_type == "short"
    assert format_class(three_minute.content_type, three_minute.duration_seconds) == "short"


def test_older_studio_export() -> None:
    parsed = parse("youtube_studio_older.csv")
    records = by_id(parsed)
    assert set(records) == {"dQw4w9WgXcQ", "Zx8Cv7Bn6Ma"}
    first = records["dQw4w9WgXcQ"].metrics
    assert (first.views, first.likes, first.comments, first.shares) == (150_000, 7000, 201, 300)
    assert first.retention_rate == pytest.approx(0.431)
    assert first.avg_view_duration_seconds == 264
    assert first.followers_gained == 610
    assert records["dQw4w9WgXcQ"].duration_seconds is None
    assert "RPM (USD)" in parsed.unused_columns


def test_youtube_api_csv_dump() -> None:
    parsed = parse("youtube_api_videos.csv")
    assert parsed.format.key == "youtube-api"
    records = by_id(parsed)
    video = records["dQw4w9WgXcQ"]
    assert video.published_at == datetime(2020, 4, 29, 16, 0, 3, tzinfo=UTC)
    assert video.publish_time_known and video.duration_seconds == 613
    assert video.tags == ("vlog", "editing")
    assert records["Yt7Uu8Ii9Oo"].content_type == "short"
    assert records["Pp0Oo9Ii8Uu"].duration_seconds is None  # P0D: a live stream
    assert records["Hh1Gg2Ff3Dd"].metrics.likes is None  # hidden: unknown, never 0
    assert parsed.tally["likes_hidden"] == 1
    assert parsed.tally["live_or_zero_duration"] == 1


def test_youtube_api_json_response() -> None:
    parsed = parse("youtube_api_videos.json")
    assert parsed.format.key == "youtube-api"
    records = by_id(parsed)
    assert set(records) == {"dQw4w9WgXcQ", "Yt7Uu8Ii9Oo"}  # the upcoming premiere is skipped
    assert parsed.tally["upcoming"] == 1
    assert records["dQw4w9WgXcQ"].thumbnail_url == (
        "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg"
    )
    assert records["dQw4w9WgXcQ"].description == "Everything in one day.\nGear list below."
    # 90 s, but tagged #shorts in the description: YouTube's own marker.
    assert records["Yt7Uu8Ii9Oo"].content_type == "short"


def test_instagram_graph_table() -> None:
    records = by_id(parse("instagram_graph.csv"))
    reel = records["17890000000000001"]
    assert reel.content_type == "reel"
    assert reel.title == "Morning routine, the honest version"
    assert reel.description == "Morning routine, the honest version\n#routine"
    assert (reel.metrics.views, reel.metrics.reach, reel.metrics.saves) == (88_000, 51_000, 930)
    assert reel.published_at == datetime(2024, 5, 3, 17, 30, tzinfo=UTC)
    assert records["17890000000000002"].content_type == "post"
    carousel = records["17890000000000003"]
    assert carousel.content_type == "carousel"
    assert carousel.title == "Instagram carousel of 2024-05-07"


def test_older_instagram_table_with_deprecated_impressions() -> None:
    parsed = parse("instagram_graph_older.csv")
    post = by_id(parsed)["17840000000000011"]
    assert post.metrics.impressions is None
    assert post.metrics.reach == 4100
    assert post.metrics.views is None  # never reach or impressions passed off as views
    assert parsed.tally["impressions_deprecated"] == 2


def test_tiktok_table_with_abbreviated_counts() -> None:
    parsed = parse("tiktok_export.csv", timezone="Europe/Lisbon")
    records = by_id(parsed)
    packing = records["7234567890123456789"]
    assert (packing.metrics.views, packing.metrics.likes) == (1_600_000, 213_100)
    assert (packing.metrics.shares, packing.metrics.saves) == (5200, 31_000)
    assert packing.duration_seconds == 34
    assert packing.published_at == datetime(2024, 4, 2, 17, 30, tzinfo=UTC)  # Lisbon is UTC+1
    assert format_class(packing.content_type, packing.duration_seconds) == "short"
    vlog = records["7234567890123456790"]
    assert vlog.duration_seconds == 192
    assert format_class(vlog.content_type, vlog.duration_seconds) == "long"
    assert records["7234567890123456791"].metrics.views == 12_904


def test_tiktok_ids_can_come_from_the_video_link() -> None:
    data = (
        b"Video link,Create time,Plays,Likes\n"
        b"https://www.tiktok.com/@mia/video/7234567890123456789?lang=en,1714750200,1.2K,100\n"
    )
    (record,) = parse(data).records
    assert record.platform_id == "7234567890123456789"
    assert record.title == "TikTok video of 2024-05-03"


def test_generic_csv() -> None:
    parsed = parse("generic.csv", timezone="Europe/Berlin")
    assert parsed.format.key == "generic"
    records = by_id(parsed)
    video = records["dQw4w9WgXcQ"]
    assert video.published_at == datetime(2024, 5, 3, 15, 30, tzinfo=UTC)
    assert video.duration_seconds == 642
    assert video.metrics.retention_rate == pytest.approx(0.469)
    assert video.metrics.avg_view_duration_seconds == 301
    assert video.tags == ("editing", "premiere pro") and video.theme == "editing"
    reel = records["17890000000000009"]
    assert (reel.platform, reel.content_type, reel.publish_time_known) == (
        "instagram",
        "reel",
        False,
    )
    tiktok = records["7234567890123456000"]
    assert tiktok.content_type == "video" and tiktok.duration_seconds == 65
    assert tiktok.metrics.views == 1250


def test_generic_platform_can_come_from_the_option() -> None:
    data = b"platform_id,title,published_at,views\nabc,Hello,2024-05-01T10:00:00Z,5\n"
    (record,) = parse(data, platform="tiktok").records
    assert record.platform == "tiktok"


def test_instagram_graph_json_with_nested_insights() -> None:
    data = b"""{"data": [
      {"id": "17890000000000021", "timestamp": "2024-06-01T09:00:00+0000",
       "media_type": "VIDEO", "media_product_type": "REELS", "caption": "Reel",
       "like_count": 120, "comments_count": 4,
       "insights": {"data": [
         {"name": "reach", "values": [{"value": 2400}]},
         {"name": "views", "values": [{"value": 3100}]},
         {"name": "saved", "total_value": {"value": 33}}]}}
    ]}"""
    (record,) = parse(data).records
    assert record.content_type == "reel"
    assert (record.metrics.views, record.metrics.reach, record.metrics.saves) == (3100, 2400, 33)


def test_tiktok_display_api_json() -> None:
    data = b"""{"data": {"videos": [
      {"id": "7300000000000000001", "title": "Day one", "create_time": 1714750200,
       "duration": 42, "view_count": 5000, "like_count": 410, "comment_count": 9,
       "share_count": 3}], "has_more": false}}"""
    parsed = parse(data)
    assert parsed.format.key == "tiktok"
    (record,) = parsed.records
    assert record.published_at == datetime(2024, 5, 3, 15, 30, tzinfo=UTC)
    assert (record.metrics.views, record.metrics.shares, record.duration_seconds) == (5000, 3, 42)
