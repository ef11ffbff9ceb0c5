"""Videos deleted on YouTube leave the catalogue, but only after a complete listing: never on an
hourly sync (first page only), a failed sync, or for a piece no sync has written."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from insights.ingest import ingest_records
from insights.records import MetricsRecord, PieceRecord
from storage import Database
from storage.clock import FixedClock
from storage.models import ContentPiece, MetricSnapshot
from tests.support.fakes.google_server import FakeGoogle
from tests.support.fakes.google_state import backend_error
from tests.sync.helpers import START, cipher, connect, runner


@pytest.fixture
def google() -> Iterator[FakeGoogle]:
    with FakeGoogle() as fake:
        # 60 videos: two playlist pages, so the oldest ten are not on the hourly first page.
        fake.state.add_videos(60, start=START - timedelta(days=90), every=timedelta(days=1))
        yield fake


def _stored_ids(db: Database) -> set[str]:
    with db.read() as session:
        return set(session.scalars(select(ContentPiece.platform_id)))


def _snapshots(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(MetricSnapshot)) or 0)


def _delete_on_youtube(google: FakeGoogle, *indexes: int) -> set[str]:
    gone = {google.state.videos[i].id for i in indexes}
    google.state.videos = [v for v in google.state.videos if v.id not in gone]
    return gone


def test_a_full_resync_removes_the_videos_youtube_no_longer_lists(
    db: Database, google: FakeGoogle
) -> None:
    clock, key = FixedClock(START), cipher()
    connect(db, google, key, clock)
    sync = runner(db, google, key, clock)
    assert sync.run_due()[0].created == 60
    gone = _delete_on_youtube(google, 0, 59)  # the oldest and the newest
    clock.advance(timedelta(hours=1))

    [outcome] = sync.run_due(force=True, full=True)

    assert outcome.status == "synced" and outcome.removed == 2
    assert len(_stored_ids(db)) == 58 and not gone & _stored_ids(db)
    assert _snapshots(db) == 58  # their history went with them


def test_the_daily_catalogue_sync_is_a_complete_listing_too(
    db: Database, google: FakeGoogle
) -> None:
    clock, key = FixedClock(START), cipher()
    connect(db, google, key, clock)
    sync = runner(db, google, key, clock)
    sync.run_due()
    _delete_on_youtube(google, 3)
    clock.advance(timedelta(days=1))

    [outcome] = sync.run_due()

    assert (outcome.mode.value, outcome.removed) == ("catalogue", 1)


def test_an_hourly_sync_reads_one_page_and_removes_nothing(
    db: Database, google: FakeGoogle
) -> None:
    clock, key = FixedClock(START), cipher()
    connect(db, google, key, clock)
    sync = runner(db, google, key, clock)
    sync.run_due()
    gone = _delete_on_youtube(google, 0)  # the oldest: not on the first page
    clock.advance(timedelta(hours=1))

    [outcome] = sync.run_due()

    assert (outcome.mode.value, outcome.removed) == ("young", 0)
    assert gone <= _stored_ids(db)


def test_a_failed_resync_removes_nothing(db: Database, google: FakeGoogle) -> None:
    clock, key = FixedClock(START), cipher()
    connect(db, google, key, clock)
    sync = runner(db, google, key, clock)
    sync.run_due()
    gone = _delete_on_youtube(google, 0, 1, 2)
    google.state.fail_next("/youtube/v3/videos", 503, backend_error())

    [outcome] = sync.run_due(force=True, full=True)

    assert outcome.status == "failed" and outcome.removed == 0
    assert gone <= _stored_ids(db) and len(_stored_ids(db)) == 60


def test_a_video_imported_from_a_file_that_no_sync_matched_is_kept(
    db: Database, google: FakeGoogle
) -> None:
    clock, key = FixedClock(START), cipher()
    creator_id = connect(db, google, key, clock)
    older = PieceRecord(
        platform="youtube",
        platform_id="from-another-channel",
        content_type="video",
        title="Imported from Studio",
        published_at=START - timedelta(days=400),
        metrics=MetricsRecord(views=5000, likes=50, comments=5),
    )
    with db.unit_of_work() as session:
        ingest_records(session, creator_id, [older], now=START, source="youtube-studio")
    sync = runner(db, google, key, clock)

    [first] = sync.run_due()
    [again] = sync.run_due(force=True, full=True)

    assert (first.removed, again.removed) == (0, 0)
    assert "from-another-channel" in _stored_ids(db)
