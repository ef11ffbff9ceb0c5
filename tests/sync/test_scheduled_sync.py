"""Scheduled syncing: the poll syncs what is due, and a revoked grant sends one reconnect message
through the scheduler's delivery path."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.scheduler import Dispatcher, SchedulerConfig
from bot.scheduler.syncing import poll_once
from storage import Database
from storage.clock import FixedClock
from tests.scheduler.fakes import RecordingNotifier, fake_chart
from tests.support.fakes.google_server import FakeGoogle
from tests.sync.helpers import START, cipher, connect, runner


@pytest.fixture
def google() -> Iterator[FakeGoogle]:
    with FakeGoogle() as fake:
        fake.state.add_videos(8, start=START - timedelta(days=10), every=timedelta(days=1))
        yield fake


async def test_the_poll_syncs_hourly_then_daily_then_weekly(
    db: Database, google: FakeGoogle
) -> None:
    clock, key = FixedClock(START), cipher()
    connect(db, google, key, clock)
    sync = runner(db, google, key, clock)

    modes = []
    for _ in range(26):
        modes += [o.mode.value for o in await poll_once(sync)]
        clock.advance(timedelta(hours=1))

    assert modes[0] == "full"
    assert modes[1:24] == ["young"] * 23
    assert modes[24] == "catalogue"
    assert len(modes) == 26  # nothing ran twice, nothing was skipped


async def test_a_revoked_grant_sends_one_reconnect_message(
    db: Database, google: FakeGoogle
) -> None:
    from storage.creators import get_creator
    from storage.creators import link_identity as link

    clock, key = FixedClock(START), cipher()
    creator_id = connect(db, google, key, clock)
    with db.unit_of_work() as session:
        link(
            session,
            get_creator(session, creator_id),
            "telegram",
            "4242",
            chat_id="4242",
            now=clock.now(),
        )
    google.state.revoke_all()
    await poll_once(runner(db, google, key, clock))
    notifier = RecordingNotifier()
    dispatcher = Dispatcher(db, [notifier], clock, SchedulerConfig(), chart_renderer=fake_chart)

    for _ in range(3):
        clock.advance(timedelta(minutes=1))
        await dispatcher.tick()

    [message] = notifier.to(creator_id)
    assert "YouTube is disconnected" in message.text
    assert [b.action.encode() for b in message.reply.buttons] == ["connect:youtube"]


async def test_an_instagram_token_that_cannot_be_refreshed_tells_the_creator_once(
    db: Database,
) -> None:
    from storage.creators import get_creator
    from storage.creators import link_identity as link
    from tests.sync.platforms import connect_instagram, fake_instagram
    from tests.sync.platforms import runner as platform_runner

    clock, key = FixedClock(START), cipher()
    with fake_instagram(clock) as ig:
        ig.state.add_media(3, START - timedelta(days=3), timedelta(days=1))
        creator_id = connect_instagram(db, ig, key, clock, age=timedelta(days=55))
        with db.unit_of_work() as session:
            creator = get_creator(session, creator_id)
            link(session, creator, "telegram", "4242", chat_id="4242", now=clock.now())
        ig.state.revoked = True  # the refresh before the sync is refused (error 190)
        [outcome] = await poll_once(platform_runner(db, key, clock, instagram=ig))
    notifier = RecordingNotifier()
    dispatcher = Dispatcher(db, [notifier], clock, SchedulerConfig(), chart_renderer=fake_chart)

    for _ in range(3):
        clock.advance(timedelta(minutes=1))
        await dispatcher.tick()

    assert outcome.status == "revoked" and ig.calls("/refresh_access_token") == 1
    [message] = notifier.to(creator_id)
    assert "Instagram is disconnected" in message.text
    assert [b.action.encode() for b in message.reply.buttons] == ["connect:instagram"]
