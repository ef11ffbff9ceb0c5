"""The APScheduler runner: it ticks at start, catches up once, prunes the log, stops cleanly."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select

from bot.bootstrap import App
from bot.runtime import run_services
from bot.scheduler import build_runner
from bot.scheduler.runner import JOB_ID, NIGHTLY_HOUR, NIGHTLY_ID, NIGHTLY_MINUTE
from bot.scheduler.service import scheduler_service
from bot.settings import load_settings
from bot.telegram.notify import ChatPacer, TelegramNotifier, scheduler_bot
from context.reply import Reply
from context.scheduled.delivery.notify import Recipient
from storage import Database
from storage.clock import FixedClock
from storage.models import ContentInsight, Delivery
from tests.insights.simulated import simulated_creator
from tests.scheduler.fakes import RecordingNotifier, fake_chart
from tests.scheduler.helpers import NOW, add_plan, new_creator
from tests.support.builders import NOW as SIM_NOW
from tests.support.fakes.botapi_server import BotApiServer

BERLIN = ZoneInfo("Europe/Berlin")
DUE_AT = datetime(2026, 11, 26, 15, 0, tzinfo=BERLIN)


def _app(db: Database, clock: FixedClock) -> App:
    return App(load_settings(), db, clock)


async def test_the_started_scheduler_ticks_right_away_and_sends_through_telegram(
    sqlite_db: Database, botapi: BotApiServer
) -> None:
    mia = new_creator(sqlite_db, "mia", telegram=77)
    add_plan(sqlite_db, mia, ["Film intro|2026-11-26T15:00"], now=NOW)
    clock = FixedClock(DUE_AT)
    async with scheduler_bot(botapi.token, api_base_url=botapi.base_url) as bot:
        notifier = TelegramNotifier(bot, b"s", pacer=ChatPacer(0), delays=(0.0,))
        runner = build_runner(_app(sqlite_db, clock), [notifier], chart_renderer=fake_chart)
        runner.start()
        try:
            assert runner.running and runner._scheduler is not None
            assert runner._scheduler.get_job(JOB_ID) is not None
            await botapi.wait_for(lambda: botapi.bot_messages(77))
        finally:
            await runner.stop()
    assert not runner.running and runner.leading
    assert "Due now" in botapi.bot_messages(77)[0].text


async def test_the_first_tick_catches_up_and_later_ones_do_not(sqlite_db: Database) -> None:
    mia = new_creator(sqlite_db, "mia", telegram=77)
    add_plan(sqlite_db, mia, ["Film intro|2026-11-26"], now=NOW - timedelta(days=9))
    clock = FixedClock(datetime(2026, 11, 27, 12, 0, tzinfo=BERLIN))
    notifier = RecordingNotifier()
    runner = build_runner(_app(sqlite_db, clock), [notifier], chart_renderer=fake_chart)
    first = await runner.run_once()
    assert first is not None and first.skipped >= 3  # older digests and the day-before reminder
    clock.advance(timedelta(minutes=1))
    later = await runner.run_once()
    assert later is not None and later.skipped == 0 and later.claimed == 0
    assert runner.reports == [first, later]


async def test_old_log_rows_are_pruned_once_a_day(sqlite_db: Database) -> None:
    mia = new_creator(sqlite_db, "mia", telegram=77)
    add_plan(sqlite_db, mia, ["Film intro|2026-11-26"], now=NOW - timedelta(days=9))
    clock = FixedClock(datetime(2026, 11, 27, 12, 0, tzinfo=BERLIN))
    runner = build_runner(_app(sqlite_db, clock), [RecordingNotifier()], chart_renderer=fake_chart)
    await runner.run_once()
    with sqlite_db.read() as session:
        logged = session.scalar(select(func.count()).select_from(Delivery))
    assert logged
    clock.advance(timedelta(days=40))
    await runner.run_once()
    with sqlite_db.read() as session:
        old = session.scalar(
            select(func.count())
            .select_from(Delivery)
            .where(Delivery.scheduled_for < clock.now() - timedelta(days=30))
        )
    assert old == 0


class ArrivalNotifier(RecordingNotifier):
    """Sets an event when something arrives, and records that it was started."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived = asyncio.Event()
        self.started = False

    async def start(self) -> None:
        self.started = True

    async def send(self, recipient: Recipient, reply: Reply, chart_png: bytes | None) -> None:
        await super().send(recipient, reply, chart_png)
        self.arrived.set()


async def test_the_scheduler_service_runs_beside_the_front_ends_until_stopped(
    sqlite_db: Database,
) -> None:
    mia = new_creator(sqlite_db, "mia", telegram=77)
    add_plan(sqlite_db, mia, ["Film intro|2026-11-26T15:00"], now=NOW)
    notifier = ArrivalNotifier()
    service = scheduler_service(_app(sqlite_db, FixedClock(DUE_AT)), [notifier])
    stop = asyncio.Event()
    running = asyncio.create_task(run_services([service], stop=stop, signals=()))
    await asyncio.wait_for(notifier.arrived.wait(), timeout=10)
    stop.set()
    await asyncio.wait_for(running, timeout=10)
    assert notifier.started and len(notifier.sent) == 1


async def test_the_nightly_full_refresh_runs_on_the_leader_only(sqlite_db: Database) -> None:
    creator = simulated_creator(sqlite_db, pieces=40)
    with sqlite_db.unit_of_work() as session:
        session.execute(delete(ContentInsight).where(ContentInsight.creator_id == creator))
    runner = build_runner(
        _app(sqlite_db, FixedClock(SIM_NOW)), [RecordingNotifier()], chart_renderer=fake_chart
    )
    assert await runner.run_nightly() is None  # not leading yet
    await runner.run_once()
    report = await runner.run_nightly()
    assert report is not None and report.refreshed == 1 and report.failed == 0
    with sqlite_db.read() as session:
        stored = session.scalar(select(func.count()).where(ContentInsight.creator_id == creator))
    assert stored


async def test_the_started_scheduler_declares_the_nightly_full_refresh(
    sqlite_db: Database,
) -> None:
    runner = build_runner(
        _app(sqlite_db, FixedClock(SIM_NOW)), [RecordingNotifier()], chart_renderer=fake_chart
    )
    runner.start()
    try:
        assert runner._scheduler is not None
        job = runner._scheduler.get_job(NIGHTLY_ID)
        assert job is not None and job.id != JOB_ID
        assert f"hour='{NIGHTLY_HOUR}', minute='{NIGHTLY_MINUTE}'" in str(job.trigger)
    finally:
        await runner.stop()
