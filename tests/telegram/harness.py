"""Run the real Telegram Application against the local Bot API server, and talk to it."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import cast

from bot.telegram.app import TelegramApplication
from bot.telegram.frontend import TelegramFrontEnd
from bot.telegram.updates import PerChatUpdateProcessor
from storage import Database
from tests.support.fakes.botapi_server import BotApiServer
from tests.support.fakes.botapi_state import StoredMessage

SECRET = b"e2e-secret"
SETTLE_SECONDS = 120.0


@dataclass
class Harness:
    """The running bot, its server and database; every helper waits until the bot is done."""

    botapi: BotApiServer
    app: TelegramApplication
    front: TelegramFrontEnd
    db: Database
    pushed: int = 0
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    task: asyncio.Task[None] | None = field(default=None, repr=False)

    async def close(self) -> None:
        """Stop the bot the way a signal does, and wait until it has finished."""
        self.stop.set()
        try:
            if self.task is not None:
                await self.task
        finally:
            close = getattr(self.front.chart_renderer, "close", None)
            if close is not None:
                await asyncio.to_thread(close)

    @property
    def processor(self) -> PerChatUpdateProcessor:
        """The update processor (it counts handled updates)."""
        return cast(PerChatUpdateProcessor, self.app.update_processor)

    async def settle(self) -> None:
        """Wait until every pushed update has been handled."""
        await self.botapi.wait_for(
            lambda: self.processor.completed >= self.pushed, timeout=SETTLE_SECONDS
        )

    async def _after(self, chat: int, push: object) -> list[StoredMessage]:
        before = {m.message_id for m in self.botapi.bot_messages(chat)}
        self.pushed += 1
        await self.settle()
        return [m for m in self.botapi.bot_messages(chat) if m.message_id not in before]

    async def say(self, user: int, text: str) -> list[StoredMessage]:
        """``user`` sends ``text`` in their private chat; returns the bot's new messages."""
        return await self._after(user, self.botapi.push_text(user, user, text))

    async def say_one(self, user: int, text: str) -> StoredMessage:
        """Like ``say``, for an answer that must be exactly one message."""
        messages = await self.say(user, text)
        assert len(messages) == 1, [m.text for m in messages]
        return messages[0]

    async def press(self, user: int, message: StoredMessage, label: str) -> list[StoredMessage]:
        """``user`` presses a button; returns new messages (edits show in ``message``)."""
        push = self.botapi.press(user, message.chat_id, message.message_id, label)
        return await self._after(message.chat_id, push)

    async def forge(self, user: int, message: StoredMessage, data: str) -> list[StoredMessage]:
        """``user``'s client sends callback ``data`` that the bot never put on ``message``."""
        push = self.botapi.push_callback(
            user, message.chat_id, message.message_id, data, forged=True
        )
        return await self._after(message.chat_id, push)

    async def share_location(self, user: int, lat: float, lon: float) -> list[StoredMessage]:
        """``user`` shares a location."""
        return await self._after(user, self.botapi.push_location(user, user, lat, lon))

    async def send_file(self, user: int, content: bytes, name: str) -> list[StoredMessage]:
        """``user`` sends a document."""
        return await self._after(user, self.botapi.push_document(user, user, content, name))


def labels(message: StoredMessage) -> list[str]:
    """The labels of a message's buttons."""
    return [str(b["text"]) for b in message.buttons]
