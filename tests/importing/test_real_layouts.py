"""Each real layout, with its quirks, imports — or is refused with a way forward."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from insights.importing import ImportRejected
from insights.importing.parse import ImportOptions
from insights.metrics import format_class
from storage.errors import InvalidInput
from tests.support import real_layouts as files

from .helpers import by_id, parse


def test_studio_export_with_total_row_private_videos_and_shorts_quirks() -> None:
    parsed = parse(files.STUDIO)
    records = by_id(parsed)
    assert parsed.format.key == "youtube-studio" and parsed.tally["total_rows"] == 1
    assert set(records) == {"dQw4w9WgXcQ", "-a1B2c3D4e"}
    assert [p.where for p in parsed.skipped] == ["line 5"]  # the private video: no date
    short = records["-a1B2c3D4e"]
    assert short.content_type == "short" and short.metrics.retention_rate == pytest.approx(1.423)
    assert short.metrics.followers_gained is None  # net -2: the gain is unknown
    assert short.metrics.likes is None and not short.publish_time_known  # no likes column


def test_api_dump_with_iso_durations_live_streams_hidden_views_and_plus_00() -> None:
    parsed = parse(files.API)
    records = by_id(parsed)
    assert records["vid00000001"].duration_seconds == 253
    description = records["vid00000001"].description or ""
    assert description.splitlines() == ["Line one", "line two"]
    assert records["vid00000002"].duration_seconds is None  # P0D: a live stream
    assert records["vid00000002"].published_at == datetime(2024, 5, 4, 18, tzinfo=UTC)
    assert records["vid00000003"].metrics.views is None  # 105 likes, 0 views: hidden
    assert [p.where for p in parsed.flagged] == ["line 5"]


def test_third_party_tiktok_layout_is_detected_with_abbreviated_counts() -> None:
    parsed = parse(files.TIKTOK_SCRAPER)
    assert parsed.format.key == "tiktok"
    packing = by_id(parsed)["7234567890123456789"]
    m = packing.metrics
    assert (m.views, m.likes, m.comments, m.shares, m.saves) == (
        1_600_000,
        213_100,
        1_200,
        5_200,
        31_000,
    )
    assert packing.duration_seconds == 34 and packing.tags == ("travel", "packing")
    assert format_class(packing.content_type, packing.duration_seconds) == "short"


def test_a_spreadsheet_rounded_id_is_refused_with_what_to_do() -> None:
    with pytest.raises(ImportRejected) as caught:
        parse(files.TIKTOK_EXCEL)
    assert "export the file again" in caught.value.problems[0].message


def test_instagram_graph_pull_is_detected_and_missing_views_stay_unknown() -> None:
    parsed = parse(files.INSTAGRAM_PULL)
    assert parsed.format.key == "instagram"
    records = by_id(parsed)
    reel = records["17890000000000002"]
    assert reel.content_type == "reel" and reel.title == "Three ways to fold a shirt"
    assert all(r.metrics.views is None for r in records.values())
    assert records["17890000000000001"].metrics.reach == 4100
    assert "engagements" in parsed.unused_columns


def test_several_accounts_are_refused_listing_each_with_its_rows() -> None:
    data = files.several_accounts({"Mia Cooks": 3, "Mia Travels": 2})
    with pytest.raises(InvalidInput) as caught:
        parse(data)
    message = str(caught.value)
    assert "2 accounts" in message and "Mia Cooks (3 rows), Mia Travels (2 rows)" in message
    assert "--account NAME" in message and "--split" in message


def test_account_picks_one_account_of_the_file() -> None:
    data = files.several_accounts({"Mia Cooks": 3, "Mia Travels": 2})
    parsed = parse(data, options=ImportOptions(account="Mia Travels"))
    assert len(parsed.records) == 2
    with pytest.raises(InvalidInput, match="its accounts: Mia Cooks"):
        parse(data, options=ImportOptions(account="Nobody"))


def test_one_account_in_the_column_imports_as_usual() -> None:
    parsed = parse(files.API)
    assert set(parsed.accounts) == {"Mia Cooks"}
