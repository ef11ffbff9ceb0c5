"""Platform syncs as a service of `whatsworking run`: every worker claims due connections.

Unlike the message scheduler (one leader at a time), every worker syncs: claims are leases
taken with FOR UPDATE SKIP LOCKED, so they share the work and never sync one creator twice at
once. What is due, and when, is decided in ``sync.schedule`` (hourly, daily, weekly, quota).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from datetime import timedelta
from typing import Any

from bot.bootstrap import App
from bot.runtime import Service
from bot.sync_setup import sync_runner
from storage.errors import InvalidInput
from sync.runner import SyncOutcome, SyncRunner

POLL_EVERY = timedelta(minutes=1)
PER_POLL = 5
_log = logging.getLogger(__name__)


def sync_service(app: App) -> Service | None:
    """The service, or None (logged) when the key or the OAuth client is not configured."""
    try:
        runner = sync_runner(app)
    except InvalidInput as missing:
        _log.info("platform sync is off: %s", missing)
        return None

    def serve(stop: asyncio.Event) -> Coroutine[Any, Any, None]:
        return _serve(runner, stop)

    return serve


async def _serve(runner: SyncRunner, stop: asyncio.Event) -> None:
    _log.info("platform sync running")
    while not stop.is_set():
        await poll_once(runner)
        try:
            await asyncio.wait_for(stop.wait(), timeout=POLL_EVERY.total_seconds())
        except TimeoutError:
            continue


async def poll_once(runner: SyncRunner) -> list[SyncOutcome]:
    """Sync what is due now (a few connections), logging what happened without any token."""
    try:
        outcomes = await asyncio.to_thread(runner.run_due, limit=PER_POLL)
    except Exception:  # one bad poll must not stop the next
        _log.exception("a sync poll failed")
        return []
    for outcome in outcomes:
        _log.info(
            "%s sync %s (%s): %d new, %d updated, %d removed, %d units; next %s",
            outcome.platform,
            outcome.status,
            outcome.mode,
            outcome.created,
            outcome.updated,
            outcome.removed,
            outcome.units,
            outcome.next_sync_at,
        )
    return outcomes
