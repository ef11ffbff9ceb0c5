"""A YouTube sync against the fake Google over real HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from insights import refresh
from storage import Database
from storage.clock import FixedClock
from storage.connections import get_connection, units_today
from storage.models import ContentPerformance, ContentPiece, MetricSnapshot
from tests.support.fakes.google_server import FakeGoogle
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


def test_a_creator_who_imported_a_studio_csv_gets_those_videos_enriched_not_duplicated(
    db: Database, google: FakeGoogle
) -> None:
    from pathlib import Path

    from insights.importing.service import import_file

    data = (
        Path(__file__).parent.parent / "importing/fixtures/youtube_studio_content.csv"
    ).read_bytes()
    clock, key = FixedClock(START), cipher()
    creator_id = connect(db, google, key, clock)
    with db.unit_of_work() as session:
        import_file(session, creator_id, data, "studio.csv", now=clock.now())
        imported = session.scalar(
            select(ContentPiece).where(ContentPiece.platform_id == "dQw4w9WgXcQ")
        )
        assert imported is not None and not imported.publish_time_known
        count = session.scalar(select(func.count()).select_from(ContentPiece))
    google.state.add_videos(2, start=START - timedelta(days=5), every=timedelta(days=1))
    google.state.videos[0].id = "dQw4w9WgXcQ"

    [outcome] = runner(db, google, key, clock).run_due()

    assert outcome.created == 1 and outcome.updated == 1
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(ContentPiece)) == count + 1
        piece = session.scalars(
            select(ContentPiece).where(ContentPiece.platform_id == "dQw4w9WgXcQ")
        ).one()
        perf = session.scalars(
            select(ContentPerformance).where(ContentPerformance.content_id == piece.id)
        ).one()
    assert piece.number == imported.number and piece.publish_time_known
    assert piece.published_at == START - timedelta(days=5)
    assert perf.impressions == 8_100_200  # kept from Studio: the API does not give it


def test_hourly_syncs_of_a_new_video_give_its_real_24_hour_views(
    db: Database, google: FakeGoogle
) -> None:
    google.state.add_videos(5, start=START - timedelta(days=20), every=timedelta(days=1))
    clock, key = FixedClock(START), cipher()
    creator_id = connect(db, google, key, clock)
    sync = runner(db, google, key, clock)
    sync.run_due()
    google.state.add_videos(1, start=START + timedelta(minutes=30), every=timedelta(hours=1))
    fresh = google.state.videos[-1]
    for hour in range(1, 26):
        clock.set(START + timedelta(hours=hour))
        fresh.views = 100 * hour
        [outcome] = sync.run_due()
        assert outcome.status == "synced", outcome.message

    with db.read() as session:
        piece = session.scalars(
            select(ContentPiece).where(ContentPiece.platform_id == fresh.id)
        ).one()
        perf = session.scalars(
            select(ContentPerformance).where(ContentPerformance.content_id == piece.id)
        ).one()
        history = session.scalars(
            select(MetricSnapshot).where(MetricSnapshot.content_id == piece.id)
        ).all()
    # Views at 24 h (published 15:30): between the 15:00 (2400) and 16:00 (2500) snapshots.
    assert perf.views_24h == 2450
    assert perf.views_48h is None  # not yet known: never guessed
    assert len(history) == 25
    assert creator_id == piece.creator_id


def test_a_5000_video_channel_syncs_at_the_documented_minimum_of_quota(
    db: Database, google: FakeGoogle
) -> None:
    google.state.add_videos(5000, start=START - timedelta(days=5000), every=timedelta(days=1))
    clock, key = FixedClock(START), cipher()
    connect(db, google, key, clock)

    [outcome] = runner(db, google, key, clock).run_due()

    # 1 channel + 100 playlist pages + 100 videos.list batches; Analytics asked in POSTs with
    # X-HTTP-Method-Override (the client's way for long URLs), 200 videos at a time, plus the
    # per-day views of each of the 7 videos of the last week.
    assert outcome.status == "synced", outcome.message
    assert (outcome.created, outcome.units) == (5000, 201)
    assert google.state.calls("/v2/reports") == 25 + 7


def test_a_sync_that_finds_nothing_new_skips_the_refresh_until_a_figure_moves(
    db: Database, google: FakeGoogle, monkeypatch: pytest.MonkeyPatch
) -> None:
    google.state.add_videos(10, start=START - timedelta(days=30), every=timedelta(days=1))
    computed = refreshes_computed(monkeypatch)
    clock, key = FixedClock(START), cipher()
    connect(db, google, key, clock)
    sync = runner(db, google, key, clock)
    sync.run_due()
    assert len(computed) == 1
    clock.advance(timedelta(days=1))
    sync.run_due()
    assert len(computed) == 1  # nothing new: the stored insights stand
    google.state.videos[0].views += 5000
    clock.advance(timedelta(days=1))
    [outcome] = sync.run_due()
    assert outcome.updated == 1 and outcome.snapshots == 1 and len(computed) == 2
    clock.advance(timedelta(days=1))
    sync.run_due()
    assert len(computed) == 2  # the snapshot written after the last refresh does not count


def refreshes_computed(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The creators each refresh that computed anything ran for, from now on."""
    computed: list[object] = []
    original = refresh._refresh_creator

    def counting(session: object, creator_id: object, now: object) -> object:
        computed.append(creator_id)
        return original(session, creator_id, now)  # type: ignore[arg-type]

    monkeypatch.setattr(refresh, "_refresh_creator", counting)
    return computed
