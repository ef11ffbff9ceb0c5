"""Process updates of different chats concurrently, and those of one chat strictly in order.

A creator who taps two buttons quickly must see the answers in the order of the taps, while one
slow answer (a chart, the LLM) must not hold up everybody else. A chat takes its own slot
(``bot.chat.fair_share``) before one of the shared ones, so a chat that floods the bot holds a few
shared slots at most; its updates beyond its share are turned away (``on_busy`` tells it once).
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.chat.fair_share import DEFAULT_PER_CHAT, Busy, ChatSlots

DEFAULT_CONCURRENCY = 64
# PTB's own semaphore (taken before ``do_process_update``, and ``process_update`` is final) is
# set out of reach, so the chat's slot is taken first and the shared limit after it, here.
_UNBOUNDED = 2**31 - 1
BusyHandler = Callable[[Update, bool], Awaitable[None]]


def chat_key(update: object) -> int | None:
    """The chat an update belongs to (its user's id when it carries no chat), or None."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user is not None else None


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Runs up to ``max_concurrent_updates`` updates at once, a few per chat, in order per chat."""

    def __init__(
        self, max_concurrent_updates: int = DEFAULT_CONCURRENCY, per_chat: int = DEFAULT_PER_CHAT
    ) -> None:
        super().__init__(_UNBOUNDED)
        self.shared_limit = max_concurrent_updates
        self.slots = ChatSlots(per_chat)
        self._shared = asyncio.BoundedSemaphore(max_concurrent_updates)
        self.completed = 0  # updates fully handled (tests and the benchmark wait on it)
        self.turned_away = 0
        self.on_completed: list[Callable[[], None]] = []
        self.on_busy: BusyHandler | None = None  # (update, first of this burst)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """The chat's slot first, then a shared one; a chat over its share is turned away."""
        key = chat_key(update)
        try:
            if key is None:
                async with self._shared:
                    await coroutine
                return
            async with self.slots.slot(key), self._shared:
                await coroutine
        except Busy as busy:
            await self._turn_away(update, coroutine, busy.first)
        finally:
            self.completed += 1
            for listener in self.on_completed:
                listener()

    async def _turn_away(self, update: object, coroutine: Awaitable[Any], first: bool) -> None:
        if inspect.iscoroutine(coroutine):
            coroutine.close()  # never started: nothing to clean up, no "never awaited" warning
        self.turned_away += 1
        if self.on_busy is not None and isinstance(update, Update):
            await self.on_busy(update, first)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""
