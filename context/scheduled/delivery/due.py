"""What the scheduler sends, derived from the database: one ``Due`` per message and creator.

A Due's key — (creator, kind, subject, scheduled_for) — names the message for good: re-deriving
it tomorrow yields the same key, so the delivery log can tell it was already handled. Moving a
due date changes the key (a new reminder) and drops the old one from the derived set (a
cancelled reminder), so nothing has to be cancelled by hand.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from context.scheduled.alerts import AlertRules, EarlySignal
from context.scheduled.reminders import Occasion, ReminderFacts


class Kind(StrEnum):
    """The kinds of scheduled message (the ``kind`` column of the delivery log)."""

    REMINDER = "reminder"
    DIGEST = "digest"
    ALERT = "alert"
    CONNECTION = "connection"  # a platform grant was revoked: reconnect


@dataclass(frozen=True)
class ConnectionPayload:
    """What the reconnect message needs."""

    platform: str
    account_name: str


@dataclass(frozen=True)
class ReminderPayload:
    """What a reminder needs to be worded."""

    facts: ReminderFacts
    occasion: Occasion
    nudge: int


Payload = ReminderPayload | EarlySignal | ConnectionPayload | None


@dataclass(frozen=True)
class Due:
    """One scheduled message for one creator."""

    creator_id: uuid.UUID
    kind: Kind
    subject: str  # e.g. "item:<id>:before", "daily:2026-11-25", "piece:<id>"
    scheduled_for: datetime  # the nominal instant (UTC), part of the key
    send_at: datetime  # when it may go out: later than scheduled_for in quiet hours
    timezone: str
    why: str  # one line for `whatsworking reminders list`
    payload: Payload = field(default=None, compare=False)

    @property
    def key(self) -> tuple[uuid.UUID, str, str, datetime]:
        """The delivery key without the recipient."""
        return (self.creator_id, self.kind.value, self.subject, self.scheduled_for)


@dataclass(frozen=True)
class SchedulerConfig:
    """Every knob of the scheduler (defaults documented in docs/SCHEDULER.md)."""

    # Missed while down: sent late within this window after send_at, else recorded as skipped.
    grace: timedelta = timedelta(hours=6)
    # Alerts wait for imported figures, so they stay worth sending for longer.
    alert_grace: timedelta = timedelta(hours=24)
    # How far back a (re)start looks for messages it missed, to record them as skipped.
    lookback: timedelta = timedelta(days=4)
    overdue_nudges: int = 3
    alerts: AlertRules = field(default_factory=AlertRules)
    # A claim older than this whose send was never confirmed was interrupted (a crash).
    stale_claim: timedelta = timedelta(minutes=2)
    max_attempts: int = 5
    backoff: tuple[timedelta, ...] = (
        timedelta(minutes=1),
        timedelta(minutes=5),
        timedelta(minutes=15),
        timedelta(hours=1),
    )
    # A running scheduler looks only at what fell due since its last tick (minus the overlap),
    # and sweeps the whole grace window every ``sweep_every``.
    tick_overlap: timedelta = timedelta(minutes=2)
    sweep_every: timedelta = timedelta(minutes=15)
    send_concurrency: int = 32
    keep_log: timedelta = timedelta(days=30)

    def grace_for(self, kind: Kind) -> timedelta:
        """How late a message of ``kind`` may still go out."""
        return self.alert_grace if kind is Kind.ALERT else self.grace

    def retry_delay(self, attempts: int) -> timedelta:
        """The pause before attempt ``attempts + 1``."""
        return self.backoff[min(attempts, len(self.backoff)) - 1]
