"""The delivery log: claim a message before sending it, then record what became of it.

Each row is one message to one chat account, keyed (creator, kind, subject, scheduled instant)
with the account appended to the subject ("daily:2026-11-25>telegram:42"). Inserting the claim
is the decision: the unique constraint lets exactly one inserter win, on SQLite and PostgreSQL
alike, so two workers (or a worker and its own restart) never both send.

Statuses: claimed (being sent) → sent | failed (retried with backoff while next_attempt_at is
set) | skipped (missed while down, no longer due, or nothing to say). A claim that stays claimed
past ``stale_claim`` was interrupted between claim and send: it is retried once.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from context.scheduled.delivery.due import SchedulerConfig
from storage.models import Delivery, DeliveryStatus, new_id

RECIPIENT_SEPARATOR = ">"
INTERRUPTED = "interrupted between claim and send"
ERROR_CHARS = 500
CHUNK = 500
Key = tuple[uuid.UUID, str, str, datetime]


def delivery_subject(subject: str, recipient_key: str) -> str:
    """The logged subject: the message's subject and the chat account it goes to."""
    return f"{subject}{RECIPIENT_SEPARATOR}{recipient_key}"


def split_subject(logged: str) -> tuple[str, str]:
    """(message subject, recipient key) of a logged subject."""
    subject, _, recipient = logged.rpartition(RECIPIENT_SEPARATOR)
    return subject, recipient


@dataclass(frozen=True)
class LogRow:
    """One row of the delivery log, detached from the session."""

    id: uuid.UUID
    creator_id: uuid.UUID
    kind: str
    subject: str
    scheduled_for: datetime
    status: str
    attempts: int
    last_error: str | None

    @property
    def key(self) -> Key:
        """The row's unique key."""
        return (self.creator_id, self.kind, self.subject, self.scheduled_for)


def _row(d: Any) -> LogRow:
    return LogRow(
        d.id, d.creator_id, d.kind, d.subject, d.scheduled_for, d.status, d.attempts, d.last_error
    )


_FIELDS = (
    Delivery.id,
    Delivery.creator_id,
    Delivery.kind,
    Delivery.subject,
    Delivery.scheduled_for,
    Delivery.status,
    Delivery.attempts,
    Delivery.last_error,
)


def log_rows(
    session: Session, *, since: datetime, creator_ids: Collection[uuid.UUID] | None = None
) -> list[LogRow]:
    """Rows scheduled at or after ``since`` (optionally of some creators only)."""
    stmt = select(*_FIELDS).where(Delivery.scheduled_for >= since)
    if creator_ids is not None:
        stmt = stmt.where(Delivery.creator_id.in_(list(creator_ids)))
    return [_row(r) for r in session.connection().execute(stmt)]


def logged_keys(
    session: Session, *, since: datetime, creator_ids: Collection[uuid.UUID]
) -> set[Key]:
    """Keys of the rows scheduled at or after ``since`` for these creators (just the keys)."""
    d = Delivery
    found: set[Key] = set()
    ids = list(creator_ids)
    for begin in range(0, len(ids), CHUNK):
        stmt = select(d.creator_id, d.kind, d.subject, d.scheduled_for).where(
            d.scheduled_for >= since, d.creator_id.in_(ids[begin : begin + CHUNK])
        )
        rows = session.connection().execute(stmt)
        found.update((r.creator_id, r.kind, r.subject, r.scheduled_for) for r in rows)
    return found


def logged_subjects(
    session: Session, kind: str, creator_ids: Collection[uuid.UUID]
) -> set[tuple[uuid.UUID, str]]:
    """(creator, message subject) of every row of ``kind`` whatever its instant (one per piece)."""
    found: set[tuple[uuid.UUID, str]] = set()
    ids = list(creator_ids)
    for begin in range(0, len(ids), CHUNK):
        stmt = select(Delivery.creator_id, Delivery.subject).where(
            Delivery.kind == kind, Delivery.creator_id.in_(ids[begin : begin + CHUNK])
        )
        rows = session.connection().execute(stmt)
        found.update((r.creator_id, split_subject(r.subject)[0]) for r in rows)
    return found


def insert_rows(session: Session, rows: Sequence[dict[str, Any]]) -> set[uuid.UUID]:
    """Insert rows that do not exist yet; returns the ids of those this call inserted."""
    if not rows:
        return set()
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert(Delivery).on_conflict_do_nothing().returning(Delivery.id)
    return {row_id for (row_id,) in session.execute(stmt, list(rows))}


def claim_row(key: Key, now: datetime) -> dict[str, Any]:
    """The values of a fresh claim of ``key``."""
    creator_id, kind, subject, scheduled_for = key
    return {
        "id": new_id(),
        "creator_id": creator_id,
        "kind": kind,
        "subject": subject,
        "scheduled_for": scheduled_for,
        "status": DeliveryStatus.CLAIMED.value,
        "attempts": 1,
        "claimed_at": now,
        "sent_at": None,
        "next_attempt_at": None,
        "last_error": None,
    }


def skipped_row(key: Key, now: datetime, reason: str) -> dict[str, Any]:
    """The values of a row recording that ``key`` was not sent, and why."""
    row = claim_row(key, now)
    row.update(status=DeliveryStatus.SKIPPED.value, attempts=0, last_error=reason)
    return row


def _set(session: Session, row_id: uuid.UUID, only_if: str | None, **values: Any) -> bool:
    stmt = update(Delivery).where(Delivery.id == row_id)
    if only_if is not None:
        stmt = stmt.where(Delivery.status == only_if)
    result = cast(CursorResult[Any], session.execute(stmt.values(**values)))
    return result.rowcount == 1


def mark_sent(session: Session, row_id: uuid.UUID, now: datetime) -> bool:
    """Record a confirmed send of a claimed row."""
    claimed = DeliveryStatus.CLAIMED.value
    return _set(
        session, row_id, claimed, status="sent", sent_at=now, next_attempt_at=None, last_error=None
    )


def mark_failed(
    session: Session,
    row_id: uuid.UUID,
    *,
    attempts: int,
    error: str,
    now: datetime,
    config: SchedulerConfig,
    permanent: bool = False,
) -> bool:
    """Record a failed attempt; another is planned with backoff unless attempts ran out."""
    retry = not permanent and attempts < config.max_attempts
    next_at = now + config.retry_delay(attempts) if retry else None
    return _set(
        session,
        row_id,
        DeliveryStatus.CLAIMED.value,
        status=DeliveryStatus.FAILED.value,
        next_attempt_at=next_at,
        last_error=error[:ERROR_CHARS],
    )


def mark_skipped(session: Session, row_id: uuid.UUID, reason: str) -> bool:
    """Record that a claimed row was not sent after all (nothing to say, no longer due)."""
    return _set(
        session,
        row_id,
        DeliveryStatus.CLAIMED.value,
        status=DeliveryStatus.SKIPPED.value,
        next_attempt_at=None,
        last_error=reason,
    )


def recover_interrupted(session: Session, *, now: datetime, config: SchedulerConfig) -> int:
    """Claims left unconfirmed past ``stale_claim``: retried once now; a second time, given up."""
    stale = session.execute(
        select(Delivery.id, Delivery.last_error).where(
            Delivery.scheduled_for >= now - config.lookback,
            Delivery.status == DeliveryStatus.CLAIMED.value,
            Delivery.claimed_at < now - config.stale_claim,
        )
    ).all()
    for row_id, last_error in stale:
        again = (last_error or "").startswith(INTERRUPTED)
        _set(
            session,
            row_id,
            DeliveryStatus.CLAIMED.value,
            status=DeliveryStatus.FAILED.value,
            next_attempt_at=None if again else now,
            last_error=f"{INTERRUPTED}{' twice; given up' if again else ''}",
        )
    return len(stale)


def retries_due(session: Session, *, now: datetime, since: datetime) -> list[LogRow]:
    """Failed rows whose next attempt is due (scheduled at or after ``since``)."""
    stmt = select(*_FIELDS).where(
        Delivery.status == DeliveryStatus.FAILED.value,
        Delivery.next_attempt_at.is_not(None),
        Delivery.next_attempt_at <= now,
        Delivery.scheduled_for >= since,
    )
    return [_row(r) for r in session.connection().execute(stmt.order_by(Delivery.next_attempt_at))]


def take_retry(session: Session, row: LogRow, now: datetime) -> bool:
    """Claim a failed row for its next attempt; False when someone else took it first."""
    stmt = (
        update(Delivery)
        .where(
            Delivery.id == row.id,
            Delivery.status == DeliveryStatus.FAILED.value,
            Delivery.attempts == row.attempts,
        )
        .values(
            status=DeliveryStatus.CLAIMED.value,
            attempts=row.attempts + 1,
            claimed_at=now,
            next_attempt_at=None,
        )
    )
    return cast(CursorResult[Any], session.execute(stmt)).rowcount == 1


def prune(session: Session, *, before: datetime) -> int:
    """Delete settled rows scheduled before ``before``; returns how many went."""
    settled = (DeliveryStatus.SENT.value, DeliveryStatus.SKIPPED.value, DeliveryStatus.FAILED.value)
    stmt = delete(Delivery).where(Delivery.scheduled_for < before, Delivery.status.in_(settled))
    return cast(CursorResult[Any], session.execute(stmt)).rowcount


def statuses(rows: Iterable[LogRow]) -> dict[Key, LogRow]:
    """Rows by key."""
    return {row.key: row for row in rows}
