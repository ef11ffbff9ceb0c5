"""The scheduler inside `whatsworking run`: an APScheduler job that ticks once a minute.

Nothing is kept in APScheduler's memory but the tick itself: every tick derives what is due
from the database, so a restart rebuilds the whole schedule. The first tick after start (or
after taking the lock over from a dead worker) catches up on what was missed while nobody ran.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.bootstrap import App
from bot.scheduler.dispatch import ChartRenderer, Dispatcher, TickReport
from context.scheduled.delivery.due import SchedulerConfig
from context.scheduled.delivery.ledger import prune
from context.scheduled.delivery.notify import Notifier
from insights.incremental_nightly import NightlyReport, refresh_everyone
from storage.clock import SystemClock
from storage.leader_lock import LeaderLock, leader_lock

JOB_ID = "whatsworking-scheduler-tick"
NIGHTLY_ID = "whatsworking-nightly-full-refresh"
# The full refresh of every creator (insights.incremental_nightly): at a quiet hour, UTC.
NIGHTLY_HOUR, NIGHTLY_MINUTE = 3, 17
PRUNE_EVERY = timedelta(days=1)
STOP_GRACE_SECONDS = 30.0
_log = logging.getLogger(__name__)


@dataclass
class SchedulerRunner:
    """Ticks under the scheduler lock; one per `whatsworking run` process."""

    dispatcher: Dispatcher
    lock: LeaderLock
    leading: bool = False
    last_pruned: datetime | None = None
    reports: list[TickReport] = field(default_factory=list)
    _scheduler: AsyncIOScheduler | None = None
    _ticking: asyncio.Task[Any] | None = None
    _stopping: bool = False

    async def run_once(self) -> TickReport | None:
        """One tick if this worker holds (or takes) the lock; None when another worker leads."""
        holds = await asyncio.to_thread(self.lock.acquire)
        if not holds:
            if self.leading:
                _log.warning("another worker now runs the scheduler")
            self.leading = False
            return None
        catch_up = not self.leading
        self.leading = True
        report = await self.dispatcher.tick(catch_up=catch_up)
        await self._prune_daily()
        self.reports = [*self.reports[-99:], report]
        return report

    async def _prune_daily(self) -> None:
        now = self.dispatcher.clock.now()
        if self.last_pruned is not None and now - self.last_pruned < PRUNE_EVERY:
            return
        before = now - self.dispatcher.config.keep_log
        await asyncio.to_thread(self._prune, before)
        self.last_pruned = now

    def _prune(self, before: datetime) -> None:
        with self.dispatcher.db.unit_of_work() as session:
            gone = prune(session, before=before)
        if gone:
            _log.info("pruned %d delivery log rows", gone)

    async def _job(self) -> None:
        self._ticking = asyncio.current_task()
        try:
            report = await self.run_once()
        except Exception:  # a failed tick must not stop the next one
            _log.exception("scheduler tick failed")
            return
        finally:
            self._ticking = None
        if report is not None and (report.claimed or report.skipped or report.recovered):
            _log.info("scheduler tick: %s", report)

    async def run_nightly(self) -> NightlyReport | None:
        """The nightly full refresh, run by the worker leading the scheduler (else None)."""
        if not self.leading:
            return None
        dispatcher = self.dispatcher
        report = await asyncio.to_thread(
            refresh_everyone, dispatcher.db, dispatcher.clock.now, keep_going=self._still_on
        )
        _log.info("nightly full refresh: %s", report)
        return report

    def _still_on(self) -> bool:
        return self.leading and not self._stopping

    async def _nightly(self) -> None:
        try:
            await self.run_nightly()
        except Exception:  # the next night tries again
            _log.exception("nightly full refresh failed")

    def start(self) -> None:
        """Start ticking at second 0 of every minute, and once right away; refresh nightly."""
        scheduler = AsyncIOScheduler(timezone=UTC)
        scheduler.add_job(
            self._job,
            CronTrigger(second=0, timezone=UTC),
            id=JOB_ID,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=30,
            # APScheduler times its jobs on the wall clock ("run once right away" is in its
            # frame); what a tick decides reads the app's injected clock.
            next_run_time=SystemClock().now(),
        )
        scheduler.add_job(
            self._nightly,
            CronTrigger(hour=NIGHTLY_HOUR, minute=NIGHTLY_MINUTE, timezone=UTC),
            id=NIGHTLY_ID,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=3600,
        )
        scheduler.start()
        self._scheduler = scheduler

    @property
    def running(self) -> bool:
        """True between start and stop."""
        return self._scheduler is not None and self._scheduler.running

    async def stop(self, *, finish_within: float = STOP_GRACE_SECONDS) -> None:
        """Stop ticking, let a tick in progress finish (within limits), give the lock up.

        A tick cut short leaves claimed rows, which the next start recovers (retried once).
        """
        self._stopping = True
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None
        ticking = self._ticking
        if ticking is not None and ticking is not asyncio.current_task():
            done, _ = await asyncio.wait({ticking}, timeout=finish_within)
            if not done:
                _log.warning("a scheduler tick was still sending at shutdown; it resumes on start")
        await asyncio.to_thread(self.lock.release)


def build_runner(
    app: App,
    notifiers: Sequence[Notifier],
    *,
    config: SchedulerConfig | None = None,
    lock: LeaderLock | None = None,
    chart_renderer: ChartRenderer | None = None,
) -> SchedulerRunner:
    """A runner for the app's database and clock, sending through ``notifiers``."""
    runner = SchedulerRunner(
        dispatcher=Dispatcher(app.db, list(notifiers), app.clock, config or SchedulerConfig()),
        lock=lock or leader_lock(app.db.engine),
    )
    if chart_renderer is not None:
        runner.dispatcher.chart_renderer = chart_renderer
    runner.dispatcher.still_leading = lambda: runner.leading
    return runner


def start_scheduler(
    app: App, notifiers: Sequence[Notifier], *, config: SchedulerConfig | None = None
) -> SchedulerRunner:
    """Build the runner and start ticking inside the running event loop (`whatsworking run`)."""
    runner = build_runner(app, notifiers, config=config)
    runner.start()
    return runner
