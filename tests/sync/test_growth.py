"""What metric history gives: a piece's growth against the typical first 48 hours, pieces still
gaining, and period-over-period growth — from real syncs against the fake Google."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.charts import render_chart
from context.chart_data import chart_for
from insights.growth import piece_growth, still_gaining, trend
from storage import Database
from storage.clock import FixedClock
from storage.models import ContentPiece
from tests.support.fakes.google_server import FakeGoogle
from tests.sync.helpers import START, cipher, connect, runner


@pytest.fixture
def google() -> Iterator[FakeGoogle]:
    with FakeGoogle() as fake:
        yield fake


def _number(db: Database, platform_id: str) -> int:
    with db.read() as session:
        return int(
            session.scalars(
                select(ContentPiece.number).where(ContentPiece.platform_id == platform_id)
            ).one()
        )


def test_a_new_piece_is_compared_with_the_creators_typical_first_hours(
    db: Database, google: FakeGoogle
) -> None:
    clock, key = FixedClock(START), cipher()
    creator_id = connect(db, google, key, clock)
    sync = runner(db, google, key, clock)
    google.state.add_videos(4, start=START - timedelta(minutes=10), every=timedelta(seconds=1))
    for hour in range(6):
        for index, video in enumerate(google.state.videos):
            # The last upload grows twice as fast as the three before it.
            video.views = 100 * hour * (2 if index == 3 else 1)
        [outcome] = sync.run_due(force=True)
        assert outcome.status == "synced", outcome.message
        clock.advance(timedelta(hours=1))

    newest = _number(db, google.state.videos[3].id)
    with db.read() as session:
        growth = piece_growth(session, creator_id, newest)
        spec = chart_for(session, creator_id, "growth", now=clock.now(), piece=newest)
    hour, views, typical = growth.versus_typical() or (0, 0, 0.0)
    assert (hour, views, typical) == (5, 1000, 500.0)
    assert spec.kind == "growth" and len(spec.data["views"]) == 6
    assert render_chart(spec).startswith(b"\x89PNG")


def test_old_pieces_still_gaining_and_the_weekly_trend_come_from_daily_syncs(
    db: Database, google: FakeGoogle
) -> None:
    google.state.add_videos(3, start=START - timedelta(days=200), every=timedelta(days=30))
    clock, key = FixedClock(START), cipher()
    creator_id = connect(db, google, key, clock)
    sync = runner(db, google, key, clock)
    steady, growing, _flat = google.state.videos
    for day in range(22):
        steady.views = 10_000 + 10 * day
        growing.views = 10_000 + 100 * day + (300 * (day - 14) if day > 14 else 0)
        assert sync.run_due(force=True)[0].status == "synced"
        clock.advance(timedelta(days=1))
    clock.advance(-timedelta(days=1))

    with db.read() as session:
        gaining = still_gaining(session, creator_id, now=clock.now())
        change = trend(session, creator_id, now=clock.now())
    assert [g.number for g in gaining] == [_number(db, growing.id)]
    # Pieces this old keep a snapshot a week, so the weeks are interpolated between them.
    assert change is not None and change > 50


def test_how_is_my_new_video_doing_answers_against_the_usual_first_hours(
    db: Database, google: FakeGoogle
) -> None:
    from context.agent import Agent
    from tests.support.chat import Chat

    clock, key = FixedClock(START), cipher()
    connect(db, google, key, clock)
    sync = runner(db, google, key, clock)
    google.state.add_videos(4, start=START - timedelta(minutes=10), every=timedelta(seconds=1))
    for hour in range(4):
        for index, video in enumerate(google.state.videos):
            video.views = 100 * hour * (3 if index == 3 else 1)
        sync.run_due(force=True)
        clock.advance(timedelta(hours=1))
    clock.advance(-timedelta(hours=1))

    reply = Chat(Agent(db, clock), db, "mia").say("how is my new video doing?")

    assert reply.chart is not None and reply.chart.kind == "growth"
    assert "After 3 h: 900 views — 3.0× your usual 300 at that age." in reply.plain_text()
