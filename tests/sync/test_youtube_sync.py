"""A YouTube sync against the fake Google over real HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from storage import Database
from storage.clock import FixedClock
from storage.connections import get_connection, units_today
from storage.models import ContentPerformance, ContentPiece, MetricSnapshot
from tests.fakes.google_server import FakeGoogle
from tests.sync.helpers import START, cipher, connect, runner


@pytest.fixture
def google() -> FakeGoogle:
    with FakeGoogle() as fake:
        yield fake


def test_a_first_sync_brings_every_video_with_its_time_of_day_and_analytics(
    db: Database, google: FakeGoogle
) -> None:
    google.state.add_videos(120, start=START - timedelta(days=200), every=timedelta(hours=37))
    clock, key = FixedClock(START), cipher()
    creator_id = connect(db, google, key, clock)

    [outcome] = runner(db, google, key, clock).run_due()

    assert outcome.status == "synced", outcome.message
    assert outcome.created == 120
    # 1 channel + 3 playlist pages + 3 videos.list batches, as Google documents the costs.
    assert outcome.units == 7
    assert google.state.units_used == 7
    with db.read() as session:
        pieces = session.scalars(
            select(ContentPiece).where(ContentPiece.creator_id == creator_id)
        ).all()
        first = next(p for p in pieces if p.platform_id == "vid00000001")
        assert first.published_at == START - timedelta(days=200) + timedelta(hours=37)
        assert first.publish_time_known and first.source == "youtube-sync"
        assert {p.content_type for p in pieces} == {"short", "video"}
        perf = session.scalars(
            select(ContentPerformance).where(ContentPerformance.content_id == first.id)
        ).one()
        assert perf.watch_time_hours == pytest.approx(50.0)
        assert perf.retention_rate == pytest.approx(0.35)
        assert perf.followers_gained == 3
        assert session.scalar(select(func.count()).select_from(MetricSnapshot)) == 120
        connection = get_connection(session, creator_id, "youtube")
        assert connection.account_name == "Fake Channel"
        assert connection.next_sync_at == START + timedelta(hours=1)
        assert units_today(session, "youtube", now=clock.now()) == (7, False)


def test_requests_follow_the_discovery_documents(db: Database, google: FakeGoogle) -> None:
    google.state.add_videos(3, start=START - timedelta(days=3), every=timedelta(hours=5))
    clock, key = FixedClock(START), cipher()
    connect(db, google, key, clock)

    runner(db, google, key, clock).run_due()

    paths = [path for _m, path, _p in google.state.requests]
    assert "/youtube/v3/channels" in paths and "/v2/reports" in paths
    # The fake answers 400 to anything the discovery documents do not allow; none happened.
    assert google.state.calls("/videos") == 1


def test_an_unchanged_catalogue_writes_no_new_snapshots(db: Database, google: FakeGoogle) -> None:
    google.state.add_videos(10, start=START - timedelta(days=30), every=timedelta(days=1))
    clock, key = FixedClock(START), cipher()
    connect(db, google, key, clock)
    sync = runner(db, google, key, clock)
    sync.run_due()

    clock.advance(timedelta(days=1))
    [outcome] = sync.run_due()

    assert outcome.status == "synced" and outcome.snapshots == 0
    assert outcome.updated == 0
