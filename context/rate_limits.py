"""Per-creator rate limits: token buckets for turns, LLM calls and imports.

A bucket holds up to ``count`` tokens and refills at ``count`` per ``seconds``; each use takes
one. It measures with a monotonic clock (operational time, never a timestamp the domain stores),
and forgets full buckets when it holds many, so strangers cannot grow it without bound.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from storage.errors import InvalidInput

PERIODS = {"second": 1.0, "minute": 60.0, "hour": 3600.0, "day": 86400.0}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(second|minute|hour|day)\s*$")
MAX_KEYS = 10_000


@dataclass(frozen=True)
class Rate:
    """``count`` uses per ``seconds``, with bursts of up to ``count``."""

    count: int
    seconds: float

    @classmethod
    def parse(cls, text: str) -> Rate:
        """``"20/minute"``, ``"10/hour"`` …; InvalidInput naming the form otherwise."""
        match = _RATE.match(text.casefold())
        if match is None or int(match.group(1)) < 1:
            raise InvalidInput(f"{text!r} is not a rate like 20/minute (second, minute, hour, day)")
        return cls(int(match.group(1)), PERIODS[match.group(2)])

    def __str__(self) -> str:
        period = next(name for name, seconds in PERIODS.items() if seconds == self.seconds)
        return f"{self.count}/{period}"


@dataclass
class TokenBuckets:
    """One bucket per key; ``take`` says how long to wait (0 when the use is allowed)."""

    rate: Rate
    clock: Callable[[], float] = time.monotonic
    max_keys: int = MAX_KEYS
    _buckets: dict[Hashable, tuple[float, float]] = field(default_factory=dict, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def take(self, key: Hashable) -> float:
        """Take one token for ``key``: 0.0 if there was one, else the seconds until there is."""
        with self._lock:
            now = self.clock()
            tokens = self._tokens(key, now)
            if tokens >= 1:
                self._buckets[key] = (tokens - 1, now)
                self._forget_full(now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1 - tokens) * self.rate.seconds / self.rate.count

    def _tokens(self, key: Hashable, now: float) -> float:
        tokens, then = self._buckets.get(key, (float(self.rate.count), now))
        refill = (now - then) * self.rate.count / self.rate.seconds
        return min(float(self.rate.count), tokens + refill)

    def _forget_full(self, now: float) -> None:
        if len(self._buckets) <= self.max_keys:
            return
        self._buckets = {
            k: v for k, v in self._buckets.items() if self._tokens(k, now) < self.rate.count
        }


@dataclass(frozen=True)
class RateLimits:
    """The agent's three limits: turns per chat identity, LLM calls and imports per creator."""

    turns: TokenBuckets
    llm_calls: TokenBuckets
    imports: TokenBuckets

    @classmethod
    def of(
        cls,
        turns: Rate,
        llm_calls: Rate,
        imports: Rate,
        clock: Callable[[], float] = time.monotonic,
    ) -> RateLimits:
        """Buckets for the three rates, on one clock."""
        return cls(
            TokenBuckets(turns, clock), TokenBuckets(llm_calls, clock), TokenBuckets(imports, clock)
        )


def wait_text(seconds: float) -> str:
    """'12 seconds', '3 minutes': how long to wait, rounded up."""
    if seconds < 90:
        whole = max(1, math.ceil(seconds))
        return f"{whole} second{'s' if whole != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minutes"
