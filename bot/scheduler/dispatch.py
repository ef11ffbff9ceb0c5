"""One scheduler tick, end to end: claim, compose, draw, send through the notifiers, record.

Database work runs in worker threads; sends run concurrently up to ``send_concurrency`` (the
notifiers' rate limiters decide the real pace). Each message's outcome is recorded as soon as
its sends finish, so a crash costs at most the messages in flight.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bot.charts.draw import draw_or_none
from context.reply import ChartSpec
from context.scheduled.delivery.claims import Claim, TickPlan, plan_tick
from context.scheduled.delivery.compose import Composed, Outcome, compose, record
from context.scheduled.delivery.due import Due, SchedulerConfig
from context.scheduled.delivery.early import AlertMemo
from context.scheduled.delivery.notify import DeliveryRejected, Notifier
from storage import Database
from storage.clock import Clock

ChartRenderer = Callable[[ChartSpec], bytes]
_log = logging.getLogger(__name__)


def _default_renderer(spec: ChartSpec) -> bytes:
    from bot.charts.render import render_chart

    return render_chart(spec)


@dataclass
class TickReport:
    """What one tick did."""

    claimed: int = 0
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    recovered: int = 0
    retries: int = 0
    not_sent: int = 0  # claimed but left for a later tick (this worker stopped leading)


@dataclass
class Dispatcher:
    """Runs ticks for one database and a set of notifiers (one per chat service)."""

    db: Database
    notifiers: Sequence[Notifier]
    clock: Clock
    config: SchedulerConfig = field(default_factory=SchedulerConfig)
    chart_renderer: ChartRenderer = _default_renderer
    # Checked before each message: False once this worker no longer holds the scheduler lock.
    still_leading: Callable[[], bool] = lambda: True
    alert_memo: AlertMemo = field(default_factory=AlertMemo)
    _last_tick: datetime | None = field(default=None, init=False)
    _last_sweep: datetime | None = field(default=None, init=False)

    @property
    def channels(self) -> dict[str, Notifier]:
        """The notifiers by chat service."""
        return {n.channel: n for n in self.notifiers}

    async def tick(self, *, catch_up: bool = False) -> TickReport:
        """Send everything due now; ``catch_up`` also records what was missed while down."""
        now = self.clock.now()
        plan: TickPlan = await asyncio.to_thread(
            plan_tick,
            self.db,
            now=now,
            config=self.config,
            channels=list(self.channels),
            catch_up=catch_up,
            memo=self.alert_memo,
            since=self._window_start(now, catch_up),
        )
        report = TickReport(
            claimed=len(plan.claims),
            skipped=plan.skipped,
            recovered=plan.recovered,
            retries=plan.retries,
        )
        gate = asyncio.Semaphore(self.config.send_concurrency)
        groups = _by_message(plan.claims)
        outcomes = await asyncio.gather(
            *(self._deliver(due, claims, gate) for due, claims in groups)
        )
        for batch in outcomes:
            _count(report, batch)
        report.not_sent = report.claimed - report.sent - report.failed - _skips(outcomes)
        return report

    def _window_start(self, now: datetime, catch_up: bool) -> datetime | None:
        """Since the last tick (with some overlap), except on a full sweep of the grace window.

        Full sweeps (at a start, and every ``sweep_every``) pick up what became due in the past
        after that past was looked at: a chat linked, a setting turned on, an alert's late figures.
        """
        last, self._last_tick = self._last_tick, now
        if catch_up or last is None or self._last_sweep is None:
            self._last_sweep = now
            return None
        if now - self._last_sweep >= self.config.sweep_every:
            self._last_sweep = now
            return None
        return last - self.config.tick_overlap

    async def _deliver(
        self, due: Due, claims: list[Claim], gate: asyncio.Semaphore
    ) -> list[Outcome]:
        async with gate:
            if not self.still_leading():
                return []
            composed, outcomes = await self._compose_and_send(due, claims)
            try:
                await asyncio.to_thread(
                    record,
                    self.db,
                    due,
                    outcomes,
                    composed_at=composed.at,
                    now=self.clock.now(),
                    config=self.config,
                )
            except Exception:  # the rows stay claimed; a later tick recovers them
                _log.exception("could not record the outcome of %s %s", due.kind, due.subject)
                return []
            return outcomes

    async def _compose_and_send(
        self, due: Due, claims: list[Claim]
    ) -> tuple[Composed, list[Outcome]]:
        now = self.clock.now()
        try:
            composed = await asyncio.to_thread(compose, self.db, due, now)
        except Exception as failure:
            _log.warning("could not compose %s %s: %s", due.kind, due.subject, failure)
            error = _describe(failure)
            return Composed(None, now), [
                Outcome(c.delivery_id, c.attempt, False, error) for c in claims
            ]
        if composed.reply is None:
            reason = composed.skip_reason
            return composed, [
                Outcome(c.delivery_id, c.attempt, False, skip_reason=reason) for c in claims
            ]
        return composed, await self._send_all(composed, claims)

    async def _send_all(self, composed: Composed, claims: list[Claim]) -> list[Outcome]:
        assert composed.reply is not None
        png = await self._chart(composed.reply.chart)
        return [await self._send_one(claim, composed, png) for claim in claims]

    async def _send_one(self, claim: Claim, composed: Composed, png: bytes | None) -> Outcome:
        assert composed.reply is not None
        notifier = self.channels[claim.recipient.channel]
        try:
            await notifier.send(claim.recipient, composed.reply, png)
        except DeliveryRejected as refused:
            return Outcome(claim.delivery_id, claim.attempt, False, str(refused), permanent=True)
        except Exception as failure:
            _log.warning("delivery %s failed: %s", claim.delivery_id, type(failure).__name__)
            return Outcome(claim.delivery_id, claim.attempt, False, _describe(failure))
        return Outcome(claim.delivery_id, claim.attempt, True)

    async def _chart(self, spec: ChartSpec | None) -> bytes | None:
        return await draw_or_none(self.chart_renderer, spec)


def _describe(failure: BaseException) -> str:
    message = str(failure).strip()
    return f"{type(failure).__name__}: {message}" if message else type(failure).__name__


def _by_message(claims: Sequence[Claim]) -> list[tuple[Due, list[Claim]]]:
    groups: dict[tuple[object, ...], tuple[Due, list[Claim]]] = {}
    for claim in claims:
        key = claim.due.key
        groups.setdefault(key, (claim.due, []))[1].append(claim)
    return list(groups.values())


def _count(report: TickReport, outcomes: Sequence[Outcome]) -> None:
    for outcome in outcomes:
        if outcome.skip_reason is not None:
            report.skipped += 1
        elif outcome.sent:
            report.sent += 1
        else:
            report.failed += 1


def _skips(batches: Sequence[Sequence[Outcome]]) -> int:
    return sum(1 for batch in batches for o in batch if o.skip_reason is not None)
