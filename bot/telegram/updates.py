"""Process updates of different chats concurrently, and those of one chat strictly in order.

A creator who taps two buttons quickly must see the answers in the order of the taps, while one
slow answer (a chart, the LLM) must not hold up everybody else.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

DEFAULT_CONCURRENCY = 64


def chat_key(update: object) -> int | None:
    """The chat an update belongs to (its user's id when it carries no chat), or None."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user is not None else None


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Runs up to ``max_concurrent_updates`` updates at once, one at a time per chat."""

    def __init__(self, max_concurrent_updates: int = DEFAULT_CONCURRENCY) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}
        self.completed = 0  # updates fully handled (tests and the benchmark wait on it)
        self.on_completed: list[Callable[[], None]] = []

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Await ``coroutine`` once every earlier update of the same chat has finished."""
        key = chat_key(update)
        try:
            if key is None:
                await coroutine
            else:
                await self._in_order(key, coroutine)
        finally:
            self.completed += 1
            for listener in self.on_completed:
                listener()

    async def _in_order(self, key: int, coroutine: Awaitable[Any]) -> None:
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._waiting[key] -= 1
            if not self._waiting[key]:  # forget idle chats so the table stays small
                del self._waiting[key], self._locks[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""
