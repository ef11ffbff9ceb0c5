"""Scheduled messages through the local Bot API server: buttons, charts, 429s, 500s, refusals."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from telegram.ext import ExtBot

from bot.scheduler import Dispatcher, SchedulerConfig
from bot.telegram.notify import ChatPacer, TelegramNotifier, scheduler_bot
from bot.telegram.render import verify_callback
from storage import Database
from storage.clock import FixedClock
from storage.models import Delivery
from tests.scheduler.fakes import fake_chart
from tests.scheduler.helpers import NOW, add_plan, new_creator, set_creator
from tests.support.fakes.botapi_server import BotApiServer

BERLIN = ZoneInfo("Europe/Berlin")
DUE_AT = datetime(2026, 11, 26, 15, 0, tzinfo=BERLIN)
CHAT = 5151
SECRET = b"test-secret"


@pytest.fixture
async def bot(botapi: BotApiServer) -> AsyncIterator[ExtBot[Any]]:
    async with scheduler_bot(botapi.token, api_base_url=botapi.base_url) as started:
        yield started


def worker(db: Database, bot: ExtBot[Any], clock: FixedClock, interval: float = 0.0) -> Dispatcher:
    notifier = TelegramNotifier(bot, SECRET, pacer=ChatPacer(interval), delays=(0.0, 0.0))
    return Dispatcher(db, [notifier], clock, SchedulerConfig(), chart_renderer=fake_chart)


def reminder_creator(db: Database, *, digest: bool = False) -> uuid.UUID:
    mia = new_creator(db, "mia", telegram=CHAT)
    set_creator(db, mia, digest_enabled=digest)
    add_plan(db, mia, ["Film <the> intro & outro|2026-11-26T15:00"], now=NOW - timedelta(days=3))
    return mia


def logged(db: Database) -> list[tuple[str, int, str | None]]:
    with db.unit_of_work() as session:
        rows = session.scalars(select(Delivery).where(Delivery.status != "skipped"))
        return [(r.status, r.attempts, r.last_error) for r in rows]


async def test_a_reminder_arrives_with_buttons_signed_for_the_creator(
    db: Database, botapi: BotApiServer, bot: ExtBot[Any]
) -> None:
    mia = reminder_creator(db)
    await worker(db, bot, FixedClock(DUE_AT)).tick()
    (message,) = botapi.bot_messages(CHAT)
    assert "Film <the> intro & outro" in message.text and "Due now" in message.text
    datas = [b["callback_data"] for b in message.buttons]
    actions = [verify_callback(d, str(mia), SECRET) for d in datas]
    assert [a.encode() for a in actions if a] == ["done:1.1", "snooze:1.1,1d", "plan:1"]
    assert verify_callback(datas[0], str(uuid.uuid4()), SECRET) is None
    botapi.assert_no_violations()
    assert logged(db) == [("sent", 1, None)]


async def test_a_429_is_waited_out_and_the_message_arrives_once(
    db: Database, botapi: BotApiServer, bot: ExtBot[Any]
) -> None:
    reminder_creator(db)
    botapi.throttle_next("sendMessage", retry_after=1)
    await worker(db, bot, FixedClock(DUE_AT)).tick()
    assert len(botapi.bot_messages(CHAT)) == 1
    assert [c.status for c in botapi.calls("sendMessage")] == [429, 200]
    assert logged(db) == [("sent", 1, None)]


async def test_500s_beyond_the_quick_retries_are_retried_by_the_next_tick_once(
    db: Database, botapi: BotApiServer, bot: ExtBot[Any]
) -> None:
    reminder_creator(db)
    botapi.fail_next("sendMessage", times=3)
    clock = FixedClock(DUE_AT)
    scheduler = worker(db, bot, clock)
    assert (await scheduler.tick()).failed == 1
    assert botapi.bot_messages(CHAT) == []
    ((status, attempts, error),) = logged(db)
    assert (status, attempts) == ("failed", 1) and error is not None
    clock.advance(timedelta(minutes=1))
    assert (await scheduler.tick()).sent == 1
    clock.advance(timedelta(minutes=10))
    assert (await scheduler.tick()).claimed == 0
    assert len(botapi.bot_messages(CHAT)) == 1
    assert logged(db) == [("sent", 2, None)]


async def test_a_blocked_bot_is_recorded_and_not_retried(
    db: Database, botapi: BotApiServer, bot: ExtBot[Any]
) -> None:
    reminder_creator(db)
    botapi.fail_next("sendMessage", status=403)
    clock = FixedClock(DUE_AT)
    scheduler = worker(db, bot, clock)
    await scheduler.tick()
    clock.advance(timedelta(hours=3))
    assert (await scheduler.tick()).claimed == 0
    ((status, attempts, error),) = logged(db)
    assert (status, attempts) == ("failed", 1) and error is not None and "refused" in error
    assert len(botapi.calls("sendMessage")) == 1


async def test_a_digest_arrives_as_a_chart_and_text_one_part_per_interval(
    db: Database, botapi: BotApiServer, bot: ExtBot[Any]
) -> None:
    mia = reminder_creator(db, digest=True)
    for n in range(2, 12):  # enough due items and plans for a caption and a follow-up text
        add_plan(db, mia, [f"Item {n} " + "x" * 60 + "|2026-11-26"], now=NOW, name=f"P{n}")
    await worker(db, bot, FixedClock(datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN)), 0.3).tick()
    messages = botapi.bot_messages(CHAT)
    assert messages[0].kind == "photo" and messages[0].text.startswith("Your daily digest")
    calls = [c for c in botapi.records if c.chat_id == CHAT and c.method.startswith("send")]
    assert len(calls) == len(messages) >= 2
    gaps = [b.at - a.at for a, b in itertools.pairwise(calls)]
    assert min(gaps) >= 0.25
    botapi.assert_no_violations()
