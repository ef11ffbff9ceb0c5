"""Several workers on one PostgreSQL: each message goes out once, one worker schedules at a time."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, select

from bot.bootstrap import App
from bot.scheduler import Dispatcher, SchedulerConfig, build_runner
from bot.scheduler.leader import PostgresLeaderLock, SingleProcessLock
from bot.settings import load_settings
from storage import Database, open_database
from storage.clock import FixedClock
from storage.models import Delivery
from tests.scheduler.fakes import RecordingNotifier, fake_chart
from tests.scheduler.helpers import NOW, add_plan, new_creator
from tests.support.databases import POSTGRES_URL

BERLIN = ZoneInfo("Europe/Berlin")
TICK_AT = datetime(2026, 11, 26, 9, 0, 10, tzinfo=BERLIN)
CREATORS = 12


@pytest.fixture
def two_databases(pg_schema_url: str) -> Iterator[tuple[Database, Database]]:
    """Two independent connections pools on one PostgreSQL schema: two worker processes."""
    first, second = open_database(pg_schema_url), open_database(pg_schema_url, migrate=False)
    try:
        yield first, second
    finally:
        first.dispose()
        second.dispose()


def _creators(db: Database) -> None:
    for n in range(CREATORS):
        creator = new_creator(db, f"c{n}", telegram=1000 + n)
        add_plan(db, creator, [f"Item {n}|2026-11-26T09:00", "Today|2026-11-26"], now=NOW)


def _logged(db: Database) -> list[tuple[str, str]]:
    with db.unit_of_work() as session:
        return [(d.subject, d.status) for d in session.scalars(select(Delivery))]


async def test_two_workers_ticking_together_send_each_message_once(
    two_databases: tuple[Database, Database],
) -> None:
    first, second = two_databases
    _creators(first)
    clock = FixedClock(TICK_AT.astimezone(ZoneInfo("UTC")))
    notifiers = RecordingNotifier(), RecordingNotifier()
    workers = [
        Dispatcher(db, [n], clock, SchedulerConfig(), chart_renderer=fake_chart)
        for db, n in zip((first, second), notifiers, strict=True)
    ]
    for _ in range(3):
        await asyncio.gather(*(w.tick(catch_up=True) for w in workers))
    sent = [(s.recipient.key, s.text.splitlines()[0]) for n in notifiers for s in n.sent]
    assert len(sent) == len(set(sent)) == 2 * CREATORS  # a digest and a due-time reminder each
    statuses = [status for _, status in _logged(first)]
    assert statuses.count("sent") == 2 * CREATORS


def test_only_one_worker_holds_the_scheduler_lock_and_a_dead_holders_is_taken_over(
    two_databases: tuple[Database, Database],
) -> None:
    first, second = two_databases
    a, b = PostgresLeaderLock(first.engine), PostgresLeaderLock(second.engine)
    try:
        assert a.acquire() and a.acquire()  # keeps it
        assert not b.acquire()
        assert a._conn is not None
        a._conn.connection.dbapi_connection.close()  # type: ignore[union-attr]  # the holder dies
        assert b.acquire()
        assert not a.acquire()  # the old holder notices and does not lead
        b.release()
        assert a.acquire()
    finally:
        a.dispose()
        b.dispose()


def test_locks_in_different_schemas_do_not_block_each_other(
    two_databases: tuple[Database, Database],
) -> None:
    first, _ = two_databases
    public = create_engine(POSTGRES_URL)
    a, b = PostgresLeaderLock(first.engine), PostgresLeaderLock(public)
    try:
        assert a.acquire() and b.acquire()
    finally:
        a.dispose()
        b.dispose()
        public.dispose()


async def test_runners_on_two_workers_let_one_lead_and_the_other_take_over(
    two_databases: tuple[Database, Database],
) -> None:
    first, second = two_databases
    _creators(first)
    clock = FixedClock(TICK_AT.astimezone(ZoneInfo("UTC")))
    settings = load_settings()
    runners = []
    notifiers = RecordingNotifier(), RecordingNotifier()
    for db, notifier in zip((first, second), notifiers, strict=True):
        runner = build_runner(App(settings, db, clock), [notifier], chart_renderer=fake_chart)
        runners.append(runner)
    try:
        reports = await asyncio.gather(*(r.run_once() for r in runners))
        assert sum(report is not None for report in reports) == 1
        leader = next(r for r, rep in zip(runners, reports, strict=True) if rep is not None)
        follower = next(r for r in runners if r is not leader)
        await leader.stop()  # the leader goes away
        clock.advance(timedelta(minutes=1))
        assert await follower.run_once() is not None and follower.leading
        sent = [s for n in notifiers for s in n.sent]
        assert len(sent) == 2 * CREATORS
    finally:
        for runner in runners:
            await runner.stop()


def test_sqlite_assumes_a_single_process() -> None:
    lock = SingleProcessLock()
    assert lock.acquire() and lock.acquire()
    lock.release()
