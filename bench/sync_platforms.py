"""The three platforms' fakes as ``bench.sync_hourly`` uses them, and the fakes' own time.

Each fake runs in this process (tests/support/fakes/, real HTTP on 127.0.0.1), so its answering
time is counted apart and taken out of what the sync is said to cost: the platform's own time is
not ours to count.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from storage import Database
from storage.clock import FixedClock
from storage.secrets import TokenCipher
from sync.runner import SyncRunner
from tests.support.fakes import google_server, json_server
from tests.support.fakes.google_server import FakeGoogle
from tests.sync import helpers, platforms


@dataclass(frozen=True)
class Platform:
    """How to run one platform's fake, fill it, connect a creator to it and sync it."""

    open: Callable[[FixedClock], AbstractContextManager[Any]]
    add: Callable[[Any, int, datetime, timedelta], None]
    connect: Callable[[Database, Any, TokenCipher, FixedClock], Any]
    runner: Callable[[Database, Any, TokenCipher, FixedClock], SyncRunner]


PLATFORMS = {
    "youtube": Platform(
        open=lambda clock: FakeGoogle(),
        add=lambda fake, n, start, every: fake.state.add_videos(n, start=start, every=every),
        connect=helpers.connect,
        runner=lambda db, fake, key, clock: helpers.runner(
            db, fake, key, clock, daily_budget=1_000_000
        ),
    ),
    "instagram": Platform(
        open=platforms.fake_instagram,
        add=lambda fake, n, start, every: fake.state.add_media(n, start, every),
        connect=lambda db, fake, key, clock: platforms.connect_instagram(
            db, fake, key, clock, age=timedelta(days=1)
        ),
        runner=lambda db, fake, key, clock: platforms.runner(db, key, clock, instagram=fake),
    ),
    "tiktok": Platform(
        open=platforms.fake_tiktok,
        add=lambda fake, n, start, every: fake.state.add_videos(n, start, every),
        connect=lambda db, fake, key, clock: platforms.connect_tiktok(
            db, fake, key, clock, access_left=30 * 86_400
        ),
        runner=lambda db, fake, key, clock: platforms.runner(db, key, clock, tiktok=fake),
    ),
}


class FakeTime:
    """Requests the fakes answered, and the CPU and wall seconds their handlers spent."""

    def __init__(self) -> None:
        self.cpu = 0.0
        self.wall = 0.0
        self.calls = 0
        self._depth = threading.local()

    def wrap(self, method: Callable[..., None]) -> Callable[..., None]:
        """``method`` timed, except when called from within another timed one (POST → GET)."""

        def timed(handler: Any, *args: Any) -> None:
            depth = getattr(self._depth, "n", 0)
            self._depth.n = depth + 1
            cpu, wall = time.thread_time(), time.perf_counter()
            try:
                method(handler, *args)
            finally:
                self._depth.n = depth
                if not depth:
                    self.calls += 1
                    self.cpu += time.thread_time() - cpu
                    self.wall += time.perf_counter() - wall

        return timed


# The methods that answer a request, per fake handler class.
_ANSWERING = ((google_server._Handler, ("do_GET", "do_POST")), (json_server._Handler, ("_handle",)))


@contextmanager
def fake_time() -> Iterator[FakeTime]:
    """Count every fake's answering time while inside."""
    spent = FakeTime()
    originals = [
        (owner, name, getattr(owner, name)) for owner, names in _ANSWERING for name in names
    ]
    for owner, name, method in originals:
        setattr(owner, name, spent.wrap(method))
    try:
        yield spent
    finally:
        for owner, name, method in originals:
            setattr(owner, name, method)
