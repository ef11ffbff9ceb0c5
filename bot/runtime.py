"""Run long-lived services (chat front-ends, the scheduler) in one asyncio process until a signal.

SIGINT or SIGTERM sets one stop event; every service then stops taking new work, finishes what
is in flight and returns. If one service fails, the others are stopped too.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable, Coroutine, Sequence
from typing import Any

Service = Callable[[asyncio.Event], Coroutine[Any, Any, None]]
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_log = logging.getLogger(__name__)


async def run_services(
    services: Sequence[Service],
    *,
    stop: asyncio.Event | None = None,
    signals: Sequence[signal.Signals] = STOP_SIGNALS,
) -> None:
    """Run every service until ``stop`` is set (by a signal or the caller) and all have returned."""
    stop = stop or asyncio.Event()
    installed = _install_handlers(stop, signals)
    try:
        async with asyncio.TaskGroup() as group:
            for service in services:
                group.create_task(service(stop))
    finally:
        loop = asyncio.get_running_loop()
        for sig in installed:
            loop.remove_signal_handler(sig)


def _install_handlers(stop: asyncio.Event, signals: Sequence[signal.Signals]) -> list[int]:
    loop = asyncio.get_running_loop()
    installed: list[int] = []
    for sig in signals:
        try:
            loop.add_signal_handler(sig, _stopper(stop, sig))
        except (NotImplementedError, RuntimeError):  # not the main thread, or not POSIX
            continue
        installed.append(sig)
    return installed


def _stopper(stop: asyncio.Event, sig: signal.Signals) -> Callable[[], None]:
    def handler() -> None:
        _log.info("%s received: finishing the updates in flight, then stopping", sig.name)
        stop.set()

    return handler
