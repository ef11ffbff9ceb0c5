"""The Telegram notifier: scheduled replies rendered and sent like the bot's own answers.

Buttons are signed for the creator (the same key the Telegram front-end checks), so Done,
Snooze and Open plan work when pressed. Telegram asks bots to stay near 30 messages a second
overall and one a second per chat: the overall cap is the bot's AIORateLimiter (give it the
Application's bot, or ``scheduler_bot``), the per-chat pace is kept here between the parts of
a message and between messages to the same chat.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager, nullcontext
from typing import Any

from aiolimiter import AsyncLimiter
from telegram import Bot
from telegram.error import BadRequest, Forbidden
from telegram.ext import AIORateLimiter, ExtBot

from bot.telegram.app import api_urls
from bot.telegram.render import TelegramReply, render_reply
from bot.telegram.send import RETRY_DELAYS, send_reply
from context.reply import Reply
from context.scheduled.delivery.notify import DeliveryRejected, Recipient

CHANNEL = "telegram"
OVERALL_PER_SECOND = 30
PER_CHAT_INTERVAL = 1.0
MAX_IDLE_LIMITERS = 1024


class ChatPacer:
    """At most one message per ``interval`` seconds to any one chat."""

    def __init__(self, interval: float = PER_CHAT_INTERVAL) -> None:
        self.interval = interval
        self._limiters: dict[int, AsyncLimiter] = {}

    def for_chat(self, chat_id: int) -> AbstractAsyncContextManager[Any]:
        """The limiter of one chat (idle ones are forgotten once there are many)."""
        if self.interval <= 0:
            return nullcontext()
        if len(self._limiters) > MAX_IDLE_LIMITERS:
            for key, limiter in list(self._limiters.items()):
                if key != chat_id and limiter.has_capacity(limiter.max_rate):
                    del self._limiters[key]
        if chat_id not in self._limiters:
            self._limiters[chat_id] = AsyncLimiter(1, self.interval)
        return self._limiters[chat_id]


class TelegramNotifier:
    """Sends scheduled replies to Telegram chats through one bot."""

    channel = CHANNEL

    def __init__(
        self,
        bot: Bot,
        secret: bytes,
        *,
        pacer: ChatPacer | None = None,
        delays: Sequence[float] = RETRY_DELAYS,
    ) -> None:
        self.bot = bot
        self.secret = secret
        self.pacer = pacer or ChatPacer()
        self.delays = delays

    async def start(self) -> None:
        """Initialise the bot (idempotent: the Telegram Application may have done it already)."""
        await self.bot.initialize()

    async def send(self, recipient: Recipient, reply: Reply, chart_png: bytes | None) -> None:
        """Render for this creator and send part by part, one a second per chat at most."""
        chat_id = int(recipient.address)
        rendered = await asyncio.to_thread(
            render_reply, reply, str(recipient.creator_id), self.secret
        )
        limiter = self.pacer.for_chat(chat_id)
        try:
            for part in rendered.parts:
                async with limiter:
                    one = TelegramReply((part,), rendered.chart, parse_mode=rendered.parse_mode)
                    await send_reply(
                        self.bot, chat_id, one, chart_png=chart_png, delays=self.delays
                    )
        except Forbidden as refused:
            raise DeliveryRejected(f"Telegram refused: {refused.message}") from refused
        except BadRequest as refused:
            raise DeliveryRejected(f"Telegram rejected the message: {refused.message}") from refused


def scheduler_bot(token: str, *, api_base_url: str | None = None) -> ExtBot[Any]:
    """A bot for sending outside the Telegram Application, capped at 30 messages a second.

    Use it inside ``async with``; RetryAfter (429) is waited out and retried by the limiter.
    """
    urls = api_urls(api_base_url)
    base_url, file_url = urls if urls else ("https://api.telegram.org/bot", None)
    limiter = AIORateLimiter(overall_max_rate=OVERALL_PER_SECOND, max_retries=3)
    if file_url is None:
        return ExtBot(token, base_url=base_url, rate_limiter=limiter)
    return ExtBot(token, base_url=base_url, base_file_url=file_url, rate_limiter=limiter)
