"""Word a due message when it is sent, and record what became of each send.

The digest is composed at send time (so it reports the latest figures) and, when there is
nothing new and nothing due, not sent at all: its rows are recorded as skipped.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import or_, update

from context.reply import Reply
from context.scheduled.alerts import EarlySignal, alert_reply
from context.scheduled.delivery.due import (
    ConnectionPayload,
    Due,
    Kind,
    ReminderPayload,
    SchedulerConfig,
)
from context.scheduled.delivery.ledger import mark_failed, mark_sent, mark_skipped
from context.scheduled.digest import Digest, compose_digest
from context.scheduled.reminders import reminder_reply
from context.sync_views import reconnect_reply
from storage import Database
from storage.creators import get_creator
from storage.models import Creator

NOTHING_TO_SAY = "nothing new and nothing due: no digest today"


@dataclass(frozen=True)
class Composed:
    """The reply to send, or why nothing is sent; ``at`` is when it was composed."""

    reply: Reply | None
    at: datetime
    skip_reason: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What happened to one claimed send."""

    delivery_id: uuid.UUID
    attempt: int
    sent: bool
    error: str | None = None
    permanent: bool = False
    skip_reason: str | None = None


def compose(db: Database, due: Due, now: datetime) -> Composed:
    """The reply for a due message, composed from current data at ``now``."""
    tz = ZoneInfo(due.timezone)
    payload = due.payload
    if isinstance(payload, ReminderPayload):
        reply = reminder_reply(payload.facts, payload.occasion, tz=tz, nudge=payload.nudge)
        return Composed(reply, now)
    if isinstance(payload, EarlySignal):
        return Composed(alert_reply(payload, tz), now)
    if isinstance(payload, ConnectionPayload):
        return Composed(reconnect_reply(payload.platform, payload.account_name), now)
    with db.read() as session:
        creator = get_creator(session, due.creator_id)
        digest = compose_digest(session, due.creator_id, now=now, since=creator.last_digest_at)
    if digest.is_empty:
        return Composed(None, now, NOTHING_TO_SAY)
    return Composed(digest.reply, now)


def record(
    db: Database,
    due: Due,
    outcomes: Sequence[Outcome],
    *,
    composed_at: datetime,
    now: datetime,
    config: SchedulerConfig,
) -> None:
    """Record each send's outcome; a digest that reached anyone moves last_digest_at."""
    with db.unit_of_work() as session:
        for outcome in outcomes:
            if outcome.skip_reason is not None:
                mark_skipped(session, outcome.delivery_id, outcome.skip_reason)
            elif outcome.sent:
                mark_sent(session, outcome.delivery_id, now)
            else:
                mark_failed(
                    session,
                    outcome.delivery_id,
                    attempts=outcome.attempt,
                    error=outcome.error or "unknown failure",
                    now=now,
                    config=config,
                    permanent=outcome.permanent,
                )
        if due.kind is Kind.DIGEST and any(o.sent for o in outcomes):
            session.execute(
                update(Creator)
                .where(
                    Creator.id == due.creator_id,
                    or_(Creator.last_digest_at.is_(None), Creator.last_digest_at < composed_at),
                )
                .values(last_digest_at=composed_at)
            )


def digest_now(db: Database, creator_id: uuid.UUID, now: datetime) -> Digest:
    """The creator's digest of everything since the last one, composed outside the schedule."""
    with db.read() as session:
        creator = get_creator(session, creator_id)
        return compose_digest(session, creator_id, now=now, since=creator.last_digest_at)


def digest_sent(db: Database, creator_id: uuid.UUID, digest: Digest) -> None:
    """An unscheduled digest went out: the next one covers only what came after it."""
    with db.unit_of_work() as session:
        session.execute(
            update(Creator).where(Creator.id == creator_id).values(last_digest_at=digest.facts.now)
        )
