"""Sharing the bot fairly between chats: a few updates per chat in line, the rest turned away.

Both front-ends take a chat's slot *before* any shared limit (PTB's concurrent-update limit, the
worker threads), so one chat that floods the bot holds at most ``per_chat`` of them while every
other chat is served as usual. Within a chat, updates run one at a time in arrival order.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Hashable

BUSY = "One at a time, please: I'm still answering your earlier messages."
DEFAULT_PER_CHAT = 5


class Busy(Exception):
    """The chat already has its share of updates queued or running; ``first`` once per burst."""

    def __init__(self, first: bool) -> None:
        super().__init__(BUSY)
        self.first = first


class ChatSlots:
    """At most ``per_chat`` updates per chat queued or running; each chat's run in order."""

    def __init__(self, per_chat: int = DEFAULT_PER_CHAT) -> None:
        self.per_chat = per_chat
        self._pending: dict[Hashable, int] = {}
        self._locks: dict[Hashable, asyncio.Lock] = {}
        self._told: set[Hashable] = set()

    def pending(self, key: Hashable) -> int:
        """How many of the chat's updates are queued or running."""
        return self._pending.get(key, 0)

    def check(self, key: Hashable) -> None:
        """Busy when the chat's line is full (before fetching what the update carries)."""
        if self.pending(key) >= self.per_chat:
            first = key not in self._told
            self._told.add(key)
            raise Busy(first)

    @contextlib.asynccontextmanager
    async def slot(self, key: Hashable) -> AsyncIterator[None]:
        """Wait for the chat's earlier updates, then run; Busy at once when its line is full."""
        self.check(key)
        self._pending[key] = self.pending(key) + 1
        lock = self._locks.setdefault(key, asyncio.Lock())
        try:
            async with lock:
                yield
        finally:
            self._pending[key] -= 1
            if not self._pending[key]:  # forget idle chats so the tables stay small
                del self._pending[key], self._locks[key]
                self._told.discard(key)
