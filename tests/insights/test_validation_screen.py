"""A batch screened a column at a time fails as record-by-record checking would: same record,
same message, and every record the screen lets through passes every check."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from insights.records import PieceRecord
from insights.validation import screen, validate_record, validate_records
from storage.errors import InvalidInput
from tests.insights.test_ingest_validation import GOOD as VALID
from tests.insights.test_ingest_validation import WHEN

# The record every rule accepts, with a figure more (watch time) for the screen to check.
GOOD = replace(VALID, metrics=replace(VALID.metrics, watch_time_hours=2.5))
Change = Callable[[PieceRecord], PieceRecord]


def metrics(**kw: object) -> Change:
    return lambda r: replace(r, metrics=replace(r.metrics, **kw))  # type: ignore[arg-type]


def piece(**kw: object) -> Change:
    return lambda r: replace(r, **kw)  # type: ignore[arg-type]


# Valid oddities the screen may not pass on its own, and one of each broken value.
CHANGES: list[Change] = [
    piece(),
    lambda r: replace(
        piece(duration_seconds=40)(r), metrics=replace(r.metrics, retention_rate=1.5)
    ),
    lambda r: replace(
        piece(content_type="short")(r), metrics=replace(r.metrics, retention_rate=1.7)
    ),
    piece(platform="instagram", content_type="post"),
    lambda r: replace(
        piece(platform="instagram", content_type="carousel")(r),
        metrics=replace(r.metrics, likes=2000),
    ),
    metrics(views=0, likes=5, views_24h=0, views_48h=0, likes_24h=0),
    metrics(views=None, likes=None, comments=None, shares=None, saves=None),
    metrics(watch_time_hours=3, retention_rate=1),
    metrics(comments=2.0),
    metrics(comments=True),
    piece(duration_seconds=30.5),
    piece(published_at=WHEN.astimezone(timezone(timedelta(hours=-7)))),
    piece(theme="t" * 100, title="  padded  "),
    piece(platform="myspace"),
    piece(platform_id="  "),
    piece(platform_id="x" * 256),
    piece(title=" "),
    piece(content_type="hologram"),
    piece(published_at=WHEN.replace(tzinfo=None)),
    piece(theme="t" * 101),
    piece(duration_seconds=-1),
    piece(follower_count_at_post=2**64),
    metrics(comments=-3),
    metrics(saves=2**63),
    metrics(watch_time_hours=float("nan")),
    metrics(avg_view_duration_seconds=float("inf")),
    metrics(engagement_rate=-2.0),
    metrics(likes=1001),
    metrics(views_24h=1200, views_48h=None),
    metrics(views_24h=600),
    metrics(likes_24h=101),
    metrics(reach=6000),
    metrics(retention_rate=1.2),
    lambda r: replace(
        piece(content_type="reel")(r), metrics=replace(r.metrics, retention_rate=11.0)
    ),
    metrics(retention_rate=-0.1),
]


def one_by_one(batch: list[PieceRecord]) -> str | None:
    """The error record-by-record checking gives (the rules before any screen)."""
    seen: dict[tuple[str, str], int] = {}
    for position, record in enumerate(batch, start=1):
        try:
            validate_record(record, position)
        except InvalidInput as error:
            return str(error)
        key = (record.platform, record.platform_id)
        if key in seen:
            label = f"record {position} ({record.platform} {record.platform_id.strip()})"
            return f"{label}: platform_id repeats record {seen[key]}"
        seen[key] = position
    return None


batches = st.lists(
    st.tuples(st.integers(0, len(CHANGES) - 1), st.integers(0, 40)), min_size=1, max_size=12
)


def built(drawn: list[tuple[int, int]]) -> list[PieceRecord]:
    records = []
    for change, key in drawn:
        record = CHANGES[change](replace(GOOD, platform_id=f"id-{key}"))
        records.append(record)
    return records


@given(batches)
def test_a_batch_fails_with_the_first_bad_records_message(drawn: list[tuple[int, int]]) -> None:
    batch = built(drawn)
    try:
        validate_records(batch)
        error = None
    except InvalidInput as caught:
        error = str(caught)
    assert error == one_by_one(batch)


@given(batches)
def test_every_record_the_screen_passes_passes_every_check(drawn: list[tuple[int, int]]) -> None:
    batch = built(drawn)
    flagged = screen(batch)
    for index, record in enumerate(batch):
        if flagged is not None and index not in flagged:
            validate_record(record, index + 1)


def test_the_screen_flags_only_records_that_need_a_closer_look() -> None:
    batch = [replace(GOOD, platform_id="a"), replace(GOOD, platform_id="b", theme="t" * 101)]
    assert screen(batch) == [1]
