"""Failed link-code redemptions, counted per chat identity so codes cannot be guessed at speed.

A code is 8 characters from a large alphabet and lives 15 minutes; five wrong tries per identity
in any 15 minutes leave a guesser a negligible chance. Counted in this process, on the injected
clock; the table forgets identities whose failures have aged out, and never holds more than
``max_keys`` of them.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable
from datetime import datetime, timedelta

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
MAX_KEYS = 10_000


class FailedAttempts:
    """Recent failures per key; a key with ``limit`` of them in ``window`` waits."""

    def __init__(
        self, limit: int = MAX_FAILURES, window: timedelta = WINDOW, max_keys: int = MAX_KEYS
    ) -> None:
        self.limit, self.window, self.max_keys = limit, window, max_keys
        self._failures: dict[Hashable, list[datetime]] = {}
        self._lock = threading.Lock()

    def wait(self, key: Hashable, now: datetime) -> timedelta | None:
        """How long ``key`` must wait before trying again, or None when it may try now."""
        with self._lock:
            recent = self._recent(key, now)
            if len(recent) < self.limit:
                return None
            return recent[0] + self.window - now

    def failed(self, key: Hashable, now: datetime) -> None:
        """Record one failed attempt by ``key``."""
        with self._lock:
            self._failures[key] = [*self._recent(key, now), now][-self.limit :]
            if len(self._failures) > self.max_keys:
                self._failures = {k: v for k, v in self._failures.items() if self._recent(k, now)}
                while len(self._failures) > self.max_keys:
                    self._failures.pop(next(iter(self._failures)))

    def clear(self) -> None:
        """Forget every failure (tests start afresh)."""
        with self._lock:
            self._failures.clear()

    def _recent(self, key: Hashable, now: datetime) -> list[datetime]:
        return [t for t in self._failures.get(key, []) if now - t < self.window]


LINK_ATTEMPTS = FailedAttempts()
