"""The generic template and writer: round trips, and no formula ever leaves unescaped."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from insights.importing import template_text, write_generic
from insights.importing.generic import COLUMNS
from insights.records import MetricsRecord, PieceRecord

from .helpers import parse

ROUND_TRIP_FIXTURES = [
    "youtube_studio_content.csv",
    "youtube_studio_rich.csv",
    "youtube_studio_older.csv",
    "youtube_api_videos.csv",
    "youtube_api_videos.json",
    "instagram_graph.csv",
    "instagram_graph_older.csv",
    "tiktok_export.csv",
    "generic.csv",
    "hostile_titles.csv",
]
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_template_is_the_header_and_one_example_row_that_imports() -> None:
    header, example = cells(template_text())
    assert header == [c.name for c in COLUMNS]
    assert len(example) == len(header)
    (record,) = parse(template_text().encode()).records
    assert (record.platform, record.platform_id) == ("youtube", "dQw4w9WgXcQ")
    assert record.metrics.views == 12500 and record.duration_seconds == 642


def normalised(record: PieceRecord) -> PieceRecord:
    retention = record.metrics.retention_rate
    rounded = None if retention is None else round(retention, 9)
    return replace(record, metrics=replace(record.metrics, retention_rate=rounded))


@pytest.mark.parametrize("name", ROUND_TRIP_FIXTURES)
@pytest.mark.parametrize("tz", ["UTC", "America/Los_Angeles"])
def test_every_format_round_trips_through_the_generic_csv(name: str, tz: str) -> None:
    original = parse(name, timezone=tz).records
    exported = write_generic(original, ZoneInfo(tz))
    again = parse(exported.encode(), timezone=tz, fmt="generic").records
    assert [normalised(r) for r in again] == [normalised(r) for r in original]


def test_hostile_titles_are_escaped_on_export_and_restored_on_import() -> None:
    records = parse("hostile_titles.csv").records
    assert records[0].title == "=cmd|' /C calc'!A0"
    exported = write_generic(records, UTC)
    for row in cells(exported)[1:]:
        for cell in row:
            if not cell.lstrip("-").replace(".", "").isdigit():
                assert not cell.startswith(DANGEROUS), cell
    assert "'=cmd|' /C calc'!A0" in exported
    assert "'-h0Ss1Tt2Ik" in exported and "'@evil|'+x" in exported
    assert [r.title for r in parse(exported.encode()).records] == [r.title for r in records]


# Any printable text and line breaks: exports never carry other control characters.
chars = st.characters(exclude_categories=("Cs", "Cc"), include_characters="\t\n")
texts = st.text(chars, min_size=1).filter(str.strip)
# Ids shaped like a spreadsheet's scientific notation ("1E+5") are rejected on purpose.
ids = st.from_regex(r"[-_A-Za-z0-9=+@]{1,20}", fullmatch=True).filter(
    lambda text: not re.fullmatch(r"\d(?:[.,]\d+)?e\+\d+", text, re.IGNORECASE)
)
counts = st.integers(min_value=0, max_value=10**12)


@st.composite
def records(draw: st.DrawFn) -> PieceRecord:
    views = draw(counts)
    known = draw(st.booleans())
    day = datetime(2020, 1, 1, 12, tzinfo=UTC) + timedelta(days=draw(st.integers(0, 2000)))
    published = day + timedelta(minutes=draw(st.integers(-600, 600))) if known else day
    return PieceRecord(
        platform="youtube",
        platform_id=draw(ids),
        content_type=draw(st.sampled_from(["video", "short"])),
        title=draw(texts).strip(),
        published_at=published,
        publish_time_known=known,
        duration_seconds=draw(st.none() | st.integers(1, 10_000)),
        metrics=MetricsRecord(
            views=views,
            likes=draw(st.integers(0, views)),
            comments=draw(counts),
            watch_time_hours=draw(st.none() | st.floats(0, 1e6, allow_nan=False)),
            followers_gained=draw(st.none() | counts),
        ),
        theme=draw(st.none() | texts.map(lambda t: t.strip()[:100])),
        tags=tuple(draw(st.lists(st.from_regex(r"[=+@a-z][a-z ]{0,8}[a-z]", fullmatch=True)))),
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(records(), min_size=1, max_size=5, unique_by=lambda r: r.platform_id))
def test_any_records_round_trip(original: list[PieceRecord]) -> None:
    exported = write_generic(original, UTC)
    again = parse(exported.encode(), fmt="generic").records
    expected = [replace(r, tags=tuple(dict.fromkeys(r.tags))) for r in original]
    assert again == expected
