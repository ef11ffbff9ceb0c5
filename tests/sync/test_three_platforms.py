"""One creator with YouTube, Instagram and TikTok connected, synced against the three fakes.

Seen side by side in the platform comparison with the times of day the APIs gave; what a
platform does not report (TikTok's saves, YouTube's saves) is unknown, and the insights say so.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from context.reply import Paragraph
from context.tools.figures import figure_sentence
from context.tools.performance import summary_blocks
from insights.availability import INSIGHT_TYPE
from insights.dashboard import build_dashboard, platform_comparison
from insights.figures import Scope, figure_stat
from insights.insight_rows import creator_insights
from storage import Database
from storage.clock import FixedClock
from storage.connections import NewConnection, save_connection
from storage.creators import create_creator
from storage.models import ContentPerformance, ContentPiece
from storage.secrets import TokenCipher
from sync.instagram.fetch import InstagramAdapter
from sync.runner import SyncRunner
from sync.schedule import SyncSettings
from sync.tiktok.fetch import TikTokAdapter
from sync.youtube.client import SCOPES as YT_SCOPES
from sync.youtube.fetch import YouTubeAdapter
from tests.support.fakes.google_server import FakeGoogle
from tests.support.fakes.instagram_server import FakeInstagram
from tests.support.fakes.tiktok_server import FakeTikTok
from tests.sync.helpers import START, cipher, google_client
from tests.sync.platforms import (
    connect_instagram,
    connect_tiktok,
    fake_instagram,
    fake_tiktok,
    instagram_client,
    tiktok_client,
)

DAY = 86_400


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def fakes(clock: FixedClock) -> Iterator[tuple[FakeGoogle, FakeInstagram, FakeTikTok]]:
    with FakeGoogle() as google, fake_instagram(clock) as ig, fake_tiktok(clock) as tt:
        yield google, ig, tt


def _connect_all(
    db: Database,
    fakes: tuple[FakeGoogle, FakeInstagram, FakeTikTok],
    key: TokenCipher,
    clock: FixedClock,
) -> uuid.UUID:
    google, ig, tt = fakes
    refresh, access = google.state.issue_grant()
    document = {
        "token": access,
        "refresh_token": refresh,
        "expiry": None,
        "scopes": list(YT_SCOPES),
    }
    with db.unit_of_work() as session:
        creator_id = create_creator(session, "mia", now=clock.now()).id
        new = NewConnection(creator_id, "youtube", "pending", "pending", document, YT_SCOPES)
        save_connection(session, key, new, now=clock.now())
    connect_instagram(db, ig, key, clock, age=timedelta(days=2), creator_id=creator_id)
    connect_tiktok(db, tt, key, clock, access_left=DAY, creator_id=creator_id)
    return creator_id


def _runner(
    db: Database,
    fakes: tuple[FakeGoogle, FakeInstagram, FakeTikTok],
    key: TokenCipher,
    clock: FixedClock,
) -> SyncRunner:
    google, ig, tt = fakes
    adapters: dict[str, Any] = {
        "youtube": YouTubeAdapter(google_client(google)),
        "instagram": InstagramAdapter(instagram_client(ig)),
        "tiktok": TikTokAdapter(tiktok_client(tt)),
    }
    return SyncRunner(db, key, adapters, clock, SyncSettings())


def _sync_all(sync: SyncRunner) -> None:
    outcomes = sync.run_due(force=True)
    assert sorted(o.platform for o in outcomes) == ["instagram", "tiktok", "youtube"]
    assert all(o.status == "synced" for o in outcomes), [o.message for o in outcomes]


def test_three_platforms_sync_side_by_side_with_their_times_of_day(
    db: Database, fakes: tuple[FakeGoogle, FakeInstagram, FakeTikTok], clock: FixedClock
) -> None:
    google, ig, tt = fakes
    # Each platform publishes at its own hour (UTC): 09:00, 13:30 and 19:45.
    google.state.add_videos(6, start=START - timedelta(days=20, hours=6), every=timedelta(days=3))
    ig.state.add_media(6, START - timedelta(days=19, hours=1, minutes=30), timedelta(days=3))
    tt.state.add_videos(
        6, START - timedelta(days=18) + timedelta(hours=4, minutes=45), timedelta(days=3)
    )
    key = cipher()
    creator_id = _connect_all(db, fakes, key, clock)

    _sync_all(_runner(db, fakes, key, clock))

    with db.read() as session:
        compared = platform_comparison(session, creator_id, period="30d", now=clock.now())
        times = session.execute(
            select(
                ContentPiece.platform, ContentPiece.published_at, ContentPiece.publish_time_known
            ).where(ContentPiece.creator_id == creator_id)
        ).all()
    assert {p.platform: p.content_count for p in compared} == {
        "youtube": 6,
        "instagram": 6,
        "tiktok": 6,
    }
    assert all(p.avg_views for p in compared)
    hours = {(platform, at.hour, at.minute) for platform, at, known in times if known}
    assert hours == {("youtube", 9, 0), ("instagram", 13, 30), ("tiktok", 19, 45)}


def test_what_a_platform_does_not_report_is_unknown_and_the_insights_say_so(
    db: Database, fakes: tuple[FakeGoogle, FakeInstagram, FakeTikTok], clock: FixedClock
) -> None:
    google, ig, tt = fakes
    google.state.add_videos(4, start=START - timedelta(days=10), every=timedelta(days=1))
    google.state.videos[0].likes = None  # the creator hid its likes
    ig.state.add_media(4, START - timedelta(days=10), timedelta(days=1))
    tt.state.add_videos(4, START - timedelta(days=10), timedelta(days=1))
    key = cipher()
    creator_id = _connect_all(db, fakes, key, clock)

    _sync_all(_runner(db, fakes, key, clock))

    with db.read() as session:
        saves = dict(
            session.execute(
                select(ContentPiece.platform, ContentPerformance.saves)
                .join(ContentPerformance, ContentPerformance.content_id == ContentPiece.id)
                .where(ContentPiece.creator_id == creator_id)
            ).all()
        )
        hidden = session.execute(
            select(ContentPerformance.likes, ContentPerformance.engagement_rate)
            .join(ContentPiece, ContentPerformance.content_id == ContentPiece.id)
            .where(ContentPiece.platform_id == google.state.videos[0].id)
        ).one()
        tiktok_saves = figure_stat(
            session, creator_id, "saves", scope=Scope(platform="tiktok"), now=clock.now()
        )
        on_tiktok = summary_blocks(
            build_dashboard(session, creator_id, platform="tiktok", now=clock.now())
        )
        notes = {
            i.supporting_data["platform"]: i.description
            for i in creator_insights(session, creator_id)
            if i.insight_type == INSIGHT_TYPE
        }
    assert saves["tiktok"] is None and saves["youtube"] is None and saves["instagram"] is not None
    assert hidden == (None, None)  # hidden likes: likes and engagement unknown, never 0
    assert tiktok_saves.current.value is None and tiktok_saves.current.reported == 0
    assert "not reported by any of the 4 pieces (TikTok's Display API does not give it)" in (
        figure_sentence(tiktok_saves)
    )
    assert notes["tiktok"] == (
        "Saves and watch time are not available from TikTok's Display API, "
        "so they are not part of these scores."
    )
    assert notes["youtube"].startswith("Saves are not available from the YouTube")
    shown = [b.text for b in on_tiktok if isinstance(b, Paragraph)]
    assert notes["tiktok"] in shown and not any(notes["youtube"] in t for t in shown)
    assert "saves" not in notes.get("instagram", "").lower()
