"""Discord beside Telegram in one ``whatsworking run``: a code made on Discord links a Telegram
chat to the same account, and scheduled reminders go out as Discord DMs: pressed there they
work, and a creator whose DMs are closed is given up on once, recorded, never retried."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import pytest_asyncio
from sqlalchemy import select

from storage import Database, open_database
from storage.creators import create_creator, link_identity
from storage.models import Delivery
from tests.discord.wire.harness import RunningBot, start_bot
from tests.scheduler.helpers import add_plan
from tests.support.fakes.botapi_server import BotApiServer
from tests.support.fakes.discord_server import DiscordServer

OPEN, CLOSED, LINKER = (1_300_000_000_000_000_041 + n for n in range(3))
TELEGRAM_USER = 7_641
BERLIN = ZoneInfo("Europe/Berlin")
pytestmark = pytest.mark.asyncio(loop_scope="module")


def creator_with_a_due_item(db: Database, handle: str, discord_user: int) -> uuid.UUID:
    """A Discord creator (since long ago) with one plan item due two minutes ago."""
    now = datetime.now(UTC)
    with db.unit_of_work() as session:
        creator = create_creator(session, handle, timezone="Europe/Berlin", now=now - timedelta(30))
        # Only the reminder, at any time of day the pinned clock lands on: quiet hours would hold
        # it till morning and a digest could come with it.
        creator.quiet_hours_start = creator.quiet_hours_end = None
        creator.digest_enabled = False
        user = str(discord_user)
        link_identity(session, creator, "discord", user, user, now=now - timedelta(30))
        creator_id = creator.id
    due = (now - timedelta(minutes=2)).astimezone(BERLIN).strftime("%Y-%m-%dT%H:%M")
    add_plan(db, creator_id, [f"Film intro|{due}"], now=now - timedelta(days=3))
    return creator_id


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[tuple[RunningBot, BotApiServer, Database]]:
    """Both bots in one process over both fakes, two creators' reminders already due."""
    tmp_path = tmp_path_factory.mktemp("scheduled")
    url = f"sqlite:///{tmp_path / 'scheduled.db'}"
    db = open_database(url)
    creator_with_a_due_item(db, "open", OPEN)
    creator_with_a_due_item(db, "closed", CLOSED)
    async with DiscordServer() as discord, BotApiServer() as telegram:
        discord.store.dms_closed.add(CLOSED)
        running = await start_bot(discord, url, tmp_path, telegram=telegram)
        try:
            yield running, telegram, db
        finally:
            log = await running.stop()
            db.dispose()
        assert running.process.returncode == 0, log[-3000:]


async def test_reminders_reach_open_dms_and_closed_ones_are_given_up_once(
    world: tuple[RunningBot, BotApiServer, Database],
) -> None:
    bot, _, db = world
    discord = bot.discord
    (reminder,) = await bot.dm_answer(OPEN, 0)
    assert "Film intro" in reminder.text and "Done" in reminder.labels()
    pressed = await discord.press(OPEN, reminder, "Done")
    (done,) = await bot.answer(pressed)
    assert done.text.startswith("Done: 1.1 Film intro") and reminder.history == []
    to_closed = f"channels/{discord.store.dm_channel(CLOSED)}/messages"
    refusals = lambda: [c.code for c in discord.store.calls if c.path == to_closed]  # noqa: E731
    await discord.wait_for(refusals)
    await bot.quiet()
    assert refusals() == [50007] and discord.dms(CLOSED) == []
    with db.unit_of_work() as session:
        rows = {r.subject.rsplit(">", 1)[-1]: r for r in session.scalars(select(Delivery))}
        closed = rows[f"discord:{CLOSED}"]
        assert (closed.status, closed.next_attempt_at) == ("failed", None)
        assert "50007" in (closed.last_error or "") or "refused" in (closed.last_error or "")
        assert rows[f"discord:{OPEN}"].status == "sent"
    discord.assert_no_violations()


async def test_a_code_made_on_discord_links_a_telegram_chat_to_the_same_account(
    world: tuple[RunningBot, BotApiServer, Database],
) -> None:
    bot, telegram, _ = world
    discord = bot.discord
    await bot.answer(await discord.slash(LINKER, "help"))
    await bot.answer(await discord.slash(LINKER, "demo", niche="beauty"))
    (menu,) = await bot.answer(await discord.slash(LINKER, "link"))
    await bot.answer(await discord.press(LINKER, menu, "Make a link code"))
    code = menu.text.split("Your link code: ", 1)[1].split()[0]
    telegram.push_text(TELEGRAM_USER, TELEGRAM_USER, f"/link {code}")
    (linked,) = await telegram.wait_for(lambda: telegram.bot_messages(TELEGRAM_USER), 60)
    assert "Linked!" in linked.text
    telegram.push_text(TELEGRAM_USER, TELEGRAM_USER, "/top")
    await telegram.wait_for(lambda: len(telegram.bot_messages(TELEGRAM_USER)) > 1, 60)
    top = telegram.bot_messages(TELEGRAM_USER)[1]
    assert "Top performers" in top.text  # the demo content made on Discord
