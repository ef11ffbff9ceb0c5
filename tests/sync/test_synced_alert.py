"""End to end: the early 24 h alert fires for a piece that came in through sync.

A creator imported a Studio CSV (their usual first-day views), then connected YouTube; a new
video is synced an hour before and an hour after its 24 h mark with views growing fast, and the
scheduler's alert job sends one "taking off" message to the linked chat.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.scheduler import Dispatcher, SchedulerConfig
from insights.ingest import ingest_records
from insights.records import MetricsRecord, PieceRecord
from storage import Database
from storage.clock import FixedClock
from storage.creators import get_creator, link_identity
from storage.models import ContentPerformance, ContentPiece
from tests.scheduler.fakes import RecordingNotifier, fake_chart
from tests.support.fakes.google_server import FakeGoogle
from tests.sync.helpers import START, cipher, connect, runner

USUAL = [900, 1000, 1100, 1000, 950, 1050]  # first-day views of the six earlier videos
PUBLISHED = START - timedelta(hours=23)  # the first sync sees it 23 h old


@pytest.fixture
def google() -> Iterator[FakeGoogle]:
    with FakeGoogle() as fake:
        fake.state.add_videos(6, start=START - timedelta(days=60), every=timedelta(days=7))
        fake.state.add_videos(1, start=PUBLISHED, every=timedelta(0))
        for video in fake.state.videos:
            video.duration = "PT9M5S"  # all long-form: one comparison group
            video.views = 20_000
        yield fake


def _import_studio_csv(db: Database, google: FakeGoogle, creator_id: uuid.UUID) -> None:
    records = [
        PieceRecord(
            platform="youtube",
            platform_id=video.id,
            content_type="video",
            title=video.title,
            published_at=video.published_at,
            duration_seconds=545,
            metrics=MetricsRecord(views=video.views, views_24h=usual),
        )
        for video, usual in zip(google.state.videos, USUAL, strict=False)
    ]
    with db.unit_of_work() as session:
        ingest_records(session, creator_id, records, now=START, source="youtube-studio")


def _views_24h(db: Database, platform_id: str) -> int | None:
    with db.read() as session:
        return session.scalar(
            select(ContentPerformance.views_24h)
            .join(ContentPiece, ContentPiece.id == ContentPerformance.content_id)
            .where(ContentPiece.platform_id == platform_id)
        )


async def test_a_synced_video_far_above_usual_at_24_hours_sends_one_alert(
    db: Database, google: FakeGoogle
) -> None:
    clock, key = FixedClock(START), cipher()
    creator_id = connect(db, google, key, clock)
    with db.unit_of_work() as session:
        creator = get_creator(session, creator_id)
        link_identity(session, creator, "telegram", "4242", chat_id="4242", now=clock.now())
    _import_studio_csv(db, google, creator_id)
    new = google.state.videos[-1]
    sync = runner(db, google, key, clock)
    notifier = RecordingNotifier()
    alerts = Dispatcher(db, [notifier], clock, SchedulerConfig(), chart_renderer=fake_chart)

    new.views = 1500  # 23 h after publishing
    assert sync.run_due()[0].status == "synced"
    await alerts.tick()
    assert _views_24h(db, new.id) is None and notifier.to(creator_id) == []

    clock.advance(timedelta(hours=2))
    new.views = 4500  # 25 h after publishing: 3,000 at the 24 h mark, 3× the usual 1,000
    [second] = sync.run_due()
    assert (second.status, second.mode.value) == ("synced", "young")
    assert _views_24h(db, new.id) == 3000
    for _ in range(3):
        clock.advance(timedelta(minutes=1))
        await alerts.tick()

    [alert] = notifier.to(creator_id)
    with db.read() as session:
        number = session.scalar(
            select(ContentPiece.number).where(ContentPiece.platform_id == new.id)
        )
    assert alert.text.startswith(f"🚀 #{number} is taking off")
    assert "3.0×" in alert.text
    assert [b.action.encode() for b in alert.reply.buttons] == [f"piece:{number}"]
