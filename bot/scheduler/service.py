"""The scheduler as a service of `whatsworking run`, beside the chat front-ends."""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Coroutine, Sequence
from typing import Any

from bot.bootstrap import App
from bot.runtime import Service
from bot.scheduler.runner import start_scheduler
from context.scheduled.delivery.due import SchedulerConfig
from context.scheduled.delivery.notify import Notifier

_log = logging.getLogger(__name__)


async def prepare(notifiers: Sequence[Notifier]) -> None:
    """Let notifiers that need it get ready (a Telegram bot fetches its identity once)."""
    for notifier in notifiers:
        start = getattr(notifier, "start", None)
        if start is not None:
            result = start()
            if inspect.isawaitable(result):
                await result


def scheduler_service(
    app: App, notifiers: Sequence[Notifier], *, config: SchedulerConfig | None = None
) -> Service:
    """A `run_services` service: tick every minute until the stop event, then give the lock up."""

    def serve(stop: asyncio.Event) -> Coroutine[Any, Any, None]:
        return _serve(app, notifiers, config, stop)

    return serve


async def _serve(
    app: App,
    notifiers: Sequence[Notifier],
    config: SchedulerConfig | None,
    stop: asyncio.Event,
) -> None:
    await prepare(notifiers)
    runner = start_scheduler(app, notifiers, config=config)
    channels = ", ".join(n.channel for n in notifiers) or "no chat service"
    _log.info("scheduler running (sends through %s)", channels)
    try:
        await stop.wait()
    finally:
        await runner.stop()
        _log.info("scheduler stopped")
