"""The handlers through Application.process_update (no polling): quick checks of each path."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram import Update

from bot.chat.identities import IdentityKeys
from bot.telegram.app import TelegramApplication, build_application
from bot.telegram.frontend import EXPIRED, PRIVATE_ONLY, TelegramFrontEnd
from bot.telegram.render import sign_callback
from bot.telegram.updates import PerChatUpdateProcessor, chat_key
from context.reply import Action
from storage import Database
from storage.clock import FixedClock
from tests.support.fakes.botapi_server import BotApiServer
from tests.telegram.agent_double import ScriptedAgent
from tests.telegram.harness import SECRET

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
USER = 7601


@pytest.fixture
async def app(botapi: BotApiServer, sqlite_db: Database) -> AsyncIterator[TelegramApplication]:
    """An initialised Application (not polling) wired to the scripted agent."""
    agent = ScriptedAgent(sqlite_db, FixedClock())
    front = TelegramFrontEnd(agent, IdentityKeys(sqlite_db), SECRET, delays=(0.01,))
    application = build_application(
        front, botapi.token, api_base_url=f"http://127.0.0.1:{botapi.port}"
    )
    async with application:
        yield application
    botapi.assert_no_violations()
    assert botapi.unanswered_callbacks() == []


async def _process(app: TelegramApplication, botapi: BotApiServer) -> None:
    """Hand the update the server queued last straight to the Application."""
    data: dict[str, Any] = botapi.store.updates.pop()
    await app.process_update(Update.de_json(data, app.bot))


async def test_text_from_a_new_user_onboards(
    app: TelegramApplication, botapi: BotApiServer
) -> None:
    botapi.push_text(USER, USER, "hello")
    await _process(app, botapi)
    (welcome,) = botapi.bot_messages(USER)
    assert welcome.text.startswith("Welcome to whatsworking") and welcome.buttons


async def test_a_button_signed_for_nobody_is_expired(
    app: TelegramApplication, botapi: BotApiServer
) -> None:
    botapi.push_text(USER, USER, "/start")
    await _process(app, botapi)
    (welcome,) = botapi.bot_messages(USER)
    data = sign_callback(Action("tz", ("UTC",)), "someone-else", SECRET)
    botapi.push_callback(USER, USER, welcome.message_id, data, forged=True)
    await _process(app, botapi)
    (answer,) = botapi.calls("answerCallbackQuery")
    assert answer.params.get("text") == EXPIRED and welcome.history == []


async def test_a_genuine_button_edits_its_message(
    app: TelegramApplication, botapi: BotApiServer
) -> None:
    botapi.push_text(USER, USER, "/start")
    await _process(app, botapi)
    (welcome,) = botapi.bot_messages(USER)
    botapi.press(USER, USER, welcome.message_id, "UTC")
    await _process(app, botapi)
    assert "Timezone set to UTC" in welcome.text and len(welcome.history) == 1
    (answer,) = botapi.calls("answerCallbackQuery")
    assert answer.params.get("text") in (None, "")


async def test_groups_get_one_line(app: TelegramApplication, botapi: BotApiServer) -> None:
    botapi.push_text(USER, -42, "/top")
    await _process(app, botapi)
    (line,) = botapi.bot_messages(-42)
    assert line.text == PRIVATE_ONLY and botapi.bot_messages(USER) == []
    botapi.push_text(USER, -42, "nice video everyone")
    await _process(app, botapi)
    assert len(botapi.bot_messages(-42)) == 1, "ordinary group chatter gets no answer"


async def test_updates_are_keyed_by_chat(app: TelegramApplication, botapi: BotApiServer) -> None:
    botapi.push_text(USER, -42, "hi")
    update = Update.de_json(botapi.store.updates.pop(), app.bot)
    assert chat_key(update) == -42 and chat_key(object()) is None


def _update(update_id: int, chat_id: int) -> Update:
    message = {"message_id": update_id, "date": 0, "chat": {"id": chat_id, "type": "private"}}
    update = Update.de_json({"update_id": update_id, "message": message}, None)
    assert update is not None
    return update


async def test_one_chat_waits_its_turn_while_other_chats_go_ahead() -> None:
    processor = PerChatUpdateProcessor(8)
    gate, events = asyncio.Event(), []

    async def work(name: str, hold: bool) -> None:
        events.append(f"start {name}")
        if hold:
            await gate.wait()
        events.append(f"end {name}")

    first = asyncio.create_task(processor.process_update(_update(1, 10), work("10a", True)))
    second = asyncio.create_task(processor.process_update(_update(2, 10), work("10b", False)))
    other = asyncio.create_task(processor.process_update(_update(3, 20), work("20", False)))
    await other
    assert events == ["start 10a", "start 20", "end 20"], "chat 20 must not wait for chat 10"
    gate.set()
    await asyncio.gather(first, second)
    assert events[3:] == ["end 10a", "start 10b", "end 10b"]
    assert processor.completed == 3
