"""One tick's database work before sending: recover, derive, skip what is too late, claim the rest.

Claims are committed before anything is sent, so a crash after this point leaves claimed rows
that a later tick recovers (retried once), never a message sent without a record.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from context.scheduled.delivery.derive import derive_due
from context.scheduled.delivery.due import Due, Kind, SchedulerConfig
from context.scheduled.delivery.early import AlertMemo
from context.scheduled.delivery.ledger import (
    Key,
    LogRow,
    claim_row,
    delivery_subject,
    insert_rows,
    logged_keys,
    logged_subjects,
    mark_skipped,
    recover_interrupted,
    retries_due,
    skipped_row,
    split_subject,
    take_retry,
)
from context.scheduled.delivery.notify import Recipient, load_recipients
from storage import Database

MISSED = "missed: its time passed more than the grace window ago (the scheduler was not running)"
NO_LONGER_DUE = "no longer due: the item was completed, re-dated or the setting turned off"


@dataclass(frozen=True)
class Claim:
    """A message this worker won the right to send to one recipient."""

    delivery_id: uuid.UUID
    due: Due
    recipient: Recipient
    attempt: int


@dataclass(frozen=True)
class TickPlan:
    """What a tick is to send, and what it recorded without sending."""

    claims: list[Claim]
    skipped: int
    recovered: int
    retries: int


def plan_tick(
    db: Database,
    *,
    now: datetime,
    config: SchedulerConfig,
    channels: Collection[str],
    catch_up: bool = False,
    memo: AlertMemo | None = None,
    since: datetime | None = None,
) -> TickPlan:
    """Recover interrupted claims, then claim what is due now (committed before returning).

    Reminders and digests are looked for over the grace window, or from ``since`` when given
    (a running scheduler's last tick: what came before was handled then). With ``catch_up`` (a
    start, or taking over from a dead worker) the window reaches back ``lookback`` so that
    messages missed while nobody was running get recorded as skipped.
    """
    with db.unit_of_work() as session:
        recovered = recover_interrupted(session, now=now, config=config)
    start = now - (config.lookback if catch_up else config.grace)
    if since is not None and not catch_up:
        start = max(start, since)
    alerts_back = config.lookback if catch_up else config.alert_grace
    with db.unit_of_work() as session:
        due = derive_due(
            session,
            start=start,
            end=now,
            config=config,
            memo=memo,
            alert_start=now - alerts_back,
        )
        recipients = load_recipients(session, {d.creator_id for d in due}, channels)
        fresh, skipped = _claim_fresh(session, due, recipients, now, config)
    with db.unit_of_work() as session:
        retried = _claim_retries(session, now, config, recipients_of=channels)
    return TickPlan(fresh + retried, skipped, recovered, len(retried))


def _targets(
    due: Sequence[Due], recipients: dict[uuid.UUID, list[Recipient]]
) -> list[tuple[Due, Recipient, Key]]:
    return [
        (d, r, (d.creator_id, d.kind.value, delivery_subject(d.subject, r.key), d.scheduled_for))
        for d in due
        for r in recipients.get(d.creator_id, [])
    ]


def _claim_fresh(
    session: Session,
    due: Sequence[Due],
    recipients: dict[uuid.UUID, list[Recipient]],
    now: datetime,
    config: SchedulerConfig,
) -> tuple[list[Claim], int]:
    targets = _targets(due, recipients)
    if not targets:
        return [], 0
    creators = {d.creator_id for d, _, _ in targets}
    earliest = min(d.scheduled_for for d, _, _ in targets)
    known = logged_keys(session, since=earliest, creator_ids=creators)
    alerted = logged_subjects(session, Kind.ALERT.value, creators)
    claims, skips, wanted = [], [], []
    for d, recipient, key in targets:
        if key in known or (d.kind is Kind.ALERT and (d.creator_id, d.subject) in alerted):
            continue
        if d.send_at < now - config.grace_for(d.kind):
            skips.append(skipped_row(key, now, MISSED))
            continue
        row = claim_row(key, now)
        claims.append(Claim(row["id"], d, recipient, 1))
        wanted.append(row)
    insert_rows(session, skips)
    won = insert_rows(session, wanted)
    return [c for c in claims if c.delivery_id in won], len(skips)


def _claim_retries(
    session: Session, now: datetime, config: SchedulerConfig, *, recipients_of: Collection[str]
) -> list[Claim]:
    rows = retries_due(session, now=now, since=now - config.lookback)
    if not rows:
        return []
    creators = {r.creator_id for r in rows}
    current = derive_due(
        session, start=now - config.lookback, end=now, config=config, creator_ids=creators
    )
    by_key = {d.key: d for d in current}
    recipients = load_recipients(session, creators, recipients_of)
    claims = []
    for row in rows:
        claim = _retry_claim(session, row, by_key, recipients, now)
        if claim is not None:
            claims.append(claim)
    return claims


def _retry_claim(
    session: Session,
    row: LogRow,
    by_key: dict[Key, Due],
    recipients: dict[uuid.UUID, list[Recipient]],
    now: datetime,
) -> Claim | None:
    subject, recipient_key = split_subject(row.subject)
    due = by_key.get((row.creator_id, row.kind, subject, row.scheduled_for))
    recipient = next(
        (r for r in recipients.get(row.creator_id, []) if r.key == recipient_key), None
    )
    if not take_retry(session, row, now):
        return None
    if due is None or recipient is None:
        mark_skipped(session, row.id, NO_LONGER_DUE)
        return None
    return Claim(row.id, due, recipient, row.attempts + 1)
