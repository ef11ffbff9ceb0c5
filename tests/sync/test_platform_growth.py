"""Growth charts and the early alert for an Instagram and a TikTok piece after two syncs.

Seven pieces go out within half an hour; two syncs an hour and a half apart bracket every
piece's 24-hour mark, so each gets real 24 h views from its own snapshots. The newest grows
four times as fast as the six before it: its growth chart has both points, and the scheduler
derives one early alert for it.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select

from bot.charts import render_chart
from bot.scheduler import Kind, SchedulerConfig, derive_due
from context.chart_data import chart_for
from storage import Database
from storage.clock import FixedClock
from storage.models import ContentPerformance, ContentPiece
from tests.sync.helpers import START, cipher
from tests.sync.platforms import (
    connect_instagram,
    connect_tiktok,
    fake_instagram,
    fake_tiktok,
    runner,
)

PIECES = 7
# Published 23.5 h to 23 h before START: every 24 h mark falls between the two syncs.
FIRST = START - timedelta(hours=23, minutes=30)
EVERY = timedelta(minutes=5)
SYNCS = (START, START + timedelta(hours=1, minutes=30))
VIEWS = ((100, 130), (400, 520))  # an ordinary piece's views at each sync, the newest's


def _views(index: int, sync: int) -> int:
    return VIEWS[index == PIECES - 1][sync] + index  # a little spread among the ordinary


def _newest(db: Database, creator_id: uuid.UUID) -> tuple[int, int | None]:
    with db.read() as session:
        number, views_24h = session.execute(
            select(ContentPiece.number, ContentPerformance.views_24h)
            .join(ContentPerformance, ContentPerformance.content_id == ContentPiece.id)
            .where(ContentPiece.creator_id == creator_id)
            .order_by(ContentPiece.published_at.desc())
            .limit(1)
        ).one()
    return int(number), views_24h


def _chart_and_alert(db: Database, creator_id: uuid.UUID, clock: FixedClock) -> None:
    number, views_24h = _newest(db, creator_id)
    with db.read() as session:
        spec = chart_for(session, creator_id, "growth", now=clock.now(), piece=number)
        due = derive_due(session, start=SYNCS[0], end=SYNCS[1], config=SchedulerConfig())
    alerts = [d for d in due if d.kind is Kind.ALERT]
    assert views_24h is not None and 400 < views_24h < 520
    assert spec.kind == "growth" and len(spec.data["views"]) == 2
    assert render_chart(spec).startswith(b"\x89PNG")
    [alert] = alerts
    assert alert.creator_id == creator_id and alert.subject.startswith("piece:")
    assert "×" in alert.why


def test_an_instagram_piece_gets_its_growth_chart_and_early_alert_after_two_syncs(
    db: Database,
) -> None:
    clock, key = FixedClock(SYNCS[0]), cipher()
    with fake_instagram(clock) as ig:
        ig.state.add_media(PIECES, FIRST, EVERY, kind="VIDEO")
        creator_id = connect_instagram(db, ig, key, clock, age=timedelta(days=2))
        sync = runner(db, key, clock, instagram=ig)
        ids = [m["id"] for m in reversed(ig.state.media)]  # oldest first
        for step, at in enumerate(SYNCS):
            clock.set(at)
            for index, media_id in enumerate(ids):
                ig.state.insights[media_id]["views"] = _views(index, step)
            [outcome] = sync.run_due(force=True)
            assert outcome.status == "synced", outcome.message
    _chart_and_alert(db, creator_id, clock)


def test_a_tiktok_piece_gets_its_growth_chart_and_early_alert_after_two_syncs(
    db: Database,
) -> None:
    clock, key = FixedClock(SYNCS[0]), cipher()
    with fake_tiktok(clock) as tt:
        tt.state.add_videos(PIECES, FIRST, EVERY)
        creator_id = connect_tiktok(db, tt, key, clock, access_left=86_400)
        sync = runner(db, key, clock, tiktok=tt)
        videos = list(reversed(tt.state.videos))  # oldest first
        for step, at in enumerate(SYNCS):
            clock.set(at)
            for index, video in enumerate(videos):
                video["view_count"] = _views(index, step)
            [outcome] = sync.run_due(force=True)
            assert outcome.status == "synced", outcome.message
    _chart_and_alert(db, creator_id, clock)
