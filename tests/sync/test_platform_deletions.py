"""Posts deleted on Instagram and videos deleted on TikTok leave the catalogue after a complete
listing (the shared rule of sync/removal.py), against the fakes."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from storage import Database
from storage.clock import FixedClock
from storage.models import ContentPiece
from tests.sync.helpers import START, cipher
from tests.sync.platforms import (
    connect_instagram,
    connect_tiktok,
    fake_instagram,
    fake_tiktok,
    runner,
)


def _stored_ids(db: Database) -> set[str]:
    with db.read() as session:
        return set(session.scalars(select(ContentPiece.platform_id)))


def test_a_full_instagram_sync_removes_the_posts_instagram_no_longer_lists(db: Database) -> None:
    clock, key = FixedClock(START), cipher()
    with fake_instagram(clock) as ig:
        ig.state.add_media(150, START - timedelta(days=150), timedelta(days=1))  # two pages
        connect_instagram(db, ig, key, clock, age=timedelta(days=2))
        sync = runner(db, key, clock, instagram=ig)
        assert sync.run_due()[0].created == 150
        gone = {ig.state.media[0]["id"], ig.state.media[-1]["id"]}  # the newest and the oldest
        ig.state.media = [m for m in ig.state.media if m["id"] not in gone]
        clock.advance(timedelta(hours=1))

        [outcome] = sync.run_due(force=True, full=True)

    assert outcome.status == "synced" and outcome.removed == 2
    assert len(_stored_ids(db)) == 148 and not gone & _stored_ids(db)


def test_a_full_tiktok_sync_removes_the_videos_tiktok_no_longer_lists(db: Database) -> None:
    clock, key = FixedClock(START), cipher()
    with fake_tiktok(clock) as tt:
        tt.state.add_videos(45, START - timedelta(days=45), timedelta(days=1))  # three pages
        connect_tiktok(db, tt, key, clock, access_left=86_400)
        sync = runner(db, key, clock, tiktok=tt)
        assert sync.run_due()[0].created == 45
        gone = {tt.state.videos[0]["id"], tt.state.videos[-1]["id"]}
        tt.state.videos = [v for v in tt.state.videos if v["id"] not in gone]
        clock.advance(timedelta(hours=1))

        [outcome] = sync.run_due(force=True, full=True)

    assert outcome.status == "synced" and outcome.removed == 2
    assert len(_stored_ids(db)) == 43 and not gone & _stored_ids(db)
