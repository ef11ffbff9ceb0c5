"""Telling formats apart by their header, and refusing what fits none."""

from __future__ import annotations

import pytest

from storage.errors import InvalidInput

from .helpers import fixture, parse


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("youtube_studio_content.csv", "youtube-studio"),
        ("youtube_studio_rich.csv", "youtube-studio"),
        ("youtube_studio_older.csv", "youtube-studio"),
        ("youtube_api_videos.csv", "youtube-api"),
        ("youtube_api_videos.json", "youtube-api"),
        ("instagram_graph.csv", "instagram"),
        ("instagram_graph_older.csv", "instagram"),
        ("tiktok_export.csv", "tiktok"),
        ("generic.csv", "generic"),
    ],
)
def test_each_fixture_is_detected(name: str, key: str) -> None:
    assert parse(name).format.key == key


def test_header_names_match_whatever_the_case_and_punctuation() -> None:
    data = b"VIDEO_ID;Title;Published At;View Count\nabc;Hi;2024-05-01T10:00:00Z;12\n"
    parsed = parse(data)
    assert parsed.format.key == "youtube-api"
    assert parsed.records[0].metrics.views == 12


def test_unknown_header_lists_found_columns_and_supported_formats() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse(b"Name,Colour,Size\nshirt,red,M\n")
    message = str(caught.value)
    assert "Found: 'Name', 'Colour', 'Size'" in message
    for label in ("YouTube Studio export", "YouTube Data API dump", "Instagram media table"):
        assert label in message
    assert "TikTok table" in message and "generic CSV" in message
    assert "'Video title'" in message and "'platform_id'" in message
    assert "--template" in message


def test_a_plain_id_date_views_table_is_not_guessed_to_be_tiktok() -> None:
    data = b"id,date,views\n1,2024-05-01,3\n"
    with pytest.raises(InvalidInput, match="match no supported format"):
        parse(data)
    assert parse(data, platform="tiktok").format.key == "tiktok"


def test_a_named_format_must_fit_the_file() -> None:
    with pytest.raises(InvalidInput, match="not a TikTok table: it has no column"):
        parse("youtube_studio_content.csv", fmt="tiktok")
    with pytest.raises(InvalidInput, match="unknown format 'excel'"):
        parse("generic.csv", fmt="excel")


def test_platform_option_must_agree_with_the_format() -> None:
    with pytest.raises(InvalidInput, match="holds youtube data, not instagram"):
        parse("youtube_studio_content.csv", fmt="youtube-studio", platform="instagram")
    with pytest.raises(InvalidInput, match="for instagram"):
        parse("youtube_studio_content.csv", platform="instagram")
    with pytest.raises(InvalidInput, match="unknown platform 'myspace'"):
        parse("generic.csv", platform="myspace")


def test_unknown_timezone_is_refused() -> None:
    with pytest.raises(InvalidInput, match="unknown timezone 'Mars/Base'"):
        parse(fixture("generic.csv"), timezone="Mars/Base")
