"""Derive the scheduled messages of a time window from current state: items, settings, pieces.

Nothing is stored ahead of time, so completing an item cancels its reminders and re-dating it
moves them, simply because the next derivation no longer (or differently) yields them. A
reminder whose instant came before the item was last changed is not derived: it was not due
when the item looked the way it does now (snoozing at 09:05 does not fire the 09:00 reminder of
the new date).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from context.scheduled.delivery.due import (
    ConnectionPayload,
    Due,
    Kind,
    ReminderPayload,
    SchedulerConfig,
)
from context.scheduled.delivery.early import AlertMemo, alerts_due
from context.scheduled.delivery.timing import CreatorClock, digest_days, reminder_times
from context.scheduled.reminders import Occasion, ReminderFacts
from plans import due_label
from storage.models import ActionItem, ActionPlan, Creator, PlanStatus, PlatformConnection

OCCASION_WORDS = {
    Occasion.BEFORE: "the day before",
    Occasion.DUE: "at the due time of",
    Occasion.OVERDUE: "overdue nudge {n} for",
}


class CreatorRow:
    """A creator's scheduling settings, read once per derivation."""

    def __init__(self, row: Any) -> None:
        self.id: uuid.UUID = row.id
        self.timezone: str = row.timezone
        self.created_at: datetime = row.created_at
        self.digest_enabled: bool = row.digest_enabled
        self.reminders_enabled: bool = row.reminders_enabled
        self.clock = CreatorClock(
            ZoneInfo(row.timezone), row.digest_time, row.quiet_hours_start, row.quiet_hours_end
        )


def derive_due(
    session: Session,
    *,
    start: datetime,
    end: datetime,
    config: SchedulerConfig,
    creator_ids: Collection[uuid.UUID] | None = None,
    memo: AlertMemo | None = None,
    alert_start: datetime | None = None,
) -> list[Due]:
    """Every message whose send time falls in [start, end], in send order.

    Alerts may look further back (``alert_start``); ``memo`` keeps alert decisions between
    calls (a long-running scheduler passes its own).
    """
    creators = load_creators(session, creator_ids)
    since_alerts = start if alert_start is None else alert_start
    found = [
        *reminders_due(session, creators, start, end, config, scoped=creator_ids is not None),
        *digests_due(creators.values(), start, end),
        *alerts_due(session, creators, since_alerts, end, config, memo),
        *revocations_due(session, creators, start, end),
    ]
    return sorted(found, key=lambda d: (d.send_at, d.kind.value, d.subject))


def load_creators(
    session: Session, creator_ids: Collection[uuid.UUID] | None
) -> dict[uuid.UUID, CreatorRow]:
    """Settings of the given creators (all creators when None)."""
    c = Creator
    stmt = select(
        c.id,
        c.timezone,
        c.created_at,
        c.digest_time,
        c.digest_enabled,
        c.reminders_enabled,
        c.quiet_hours_start,
        c.quiet_hours_end,
    )
    if creator_ids is not None:
        stmt = stmt.where(c.id.in_(list(creator_ids)))
    rows = session.connection().execute(stmt)
    return {row.id: CreatorRow(row) for row in rows}


def reminders_due(
    session: Session,
    creators: dict[uuid.UUID, CreatorRow],
    start: datetime,
    end: datetime,
    config: SchedulerConfig,
    *,
    scoped: bool = False,
) -> list[Due]:
    """Reminders of open, dated items of active plans whose send time falls in [start, end]."""
    wanted = [cid for cid, c in creators.items() if c.reminders_enabled]
    if not wanted:
        return []
    i, p = ActionItem, ActionPlan
    stmt = (
        select(i.id, i.creator_id, i.number, i.title, i.due_date, i.due_time_known, i.updated_at)
        .add_columns(p.number.label("plan_number"), p.name.label("plan_name"))
        .join(p, p.id == i.plan_id)
        .where(
            p.status == PlanStatus.ACTIVE.value,
            i.is_completed.is_(False),
            i.due_date >= start - timedelta(days=config.overdue_nudges + 2),
            i.due_date <= end + timedelta(days=2),
        )
    )
    if scoped:
        stmt = stmt.where(i.creator_id.in_(wanted))
    found: list[Due] = []
    daily: dict[uuid.UUID, bool] = {}
    for row in session.connection().execute(stmt):
        creator = creators.get(row.creator_id)
        if creator is None or not creator.reminders_enabled:
            continue
        if creator.id not in daily:
            daily[creator.id] = _daily_time_in(creator.clock, start, end)
        timed = row.due_time_known and start <= row.due_date <= end
        if daily[creator.id] or timed:
            found += _item_reminders(row, creator, start, end, config)
    return found


def _daily_time_in(clock: CreatorClock, start: datetime, end: datetime) -> bool:
    """True when the window holds the creator's digest time or the end of their quiet hours.

    Every reminder goes out at one of those two wall times except a due-time reminder outside
    quiet hours, so for other creators only items due inside the window need a closer look.
    """
    if digest_days(start, end, clock):
        return True
    if clock.quiet_end is None:
        return False
    return bool(digest_days(start, end, replace(clock, digest_time=clock.quiet_end)))


def _item_reminders(
    row: Any, creator: CreatorRow, start: datetime, end: datetime, config: SchedulerConfig
) -> Iterable[Due]:
    facts = ReminderFacts(
        item_id=row.id,
        ref=f"{row.plan_number}.{row.number}",
        title=row.title,
        plan_number=row.plan_number,
        plan_name=row.plan_name,
        due_date=row.due_date,
        due_time_known=row.due_time_known,
    )
    for at in reminder_times(
        row.due_date, row.due_time_known, creator.clock, nudges=config.overdue_nudges
    ):
        if at.scheduled_for < row.updated_at or not start <= at.send_at <= end:
            continue
        suffix = f"{at.occasion.value}{at.nudge or ''}"
        yield Due(
            creator_id=creator.id,
            kind=Kind.REMINDER,
            subject=f"item:{row.id}:{suffix}",
            scheduled_for=at.scheduled_for,
            send_at=at.send_at,
            timezone=creator.timezone,
            why=_reminder_why(facts, at.occasion, at.nudge, at.scheduled_for, at.send_at, creator),
            payload=ReminderPayload(facts, at.occasion, at.nudge),
        )


def _reminder_why(
    facts: ReminderFacts,
    occasion: Occasion,
    nudge: int,
    nominal: datetime,
    send_at: datetime,
    creator: CreatorRow,
) -> str:
    words = OCCASION_WORDS[occasion].format(n=nudge)
    due = due_label(facts.due_date, facts.due_time_known, creator.clock.tz)
    text = f"{words} {facts.ref} “{facts.title}” (due {due})"
    if send_at != nominal:
        text += f"; quiet hours moved it from {nominal.astimezone(creator.clock.tz):%H:%M}"
    return text


def digests_due(creators: Iterable[CreatorRow], start: datetime, end: datetime) -> list[Due]:
    """The daily digest of every creator who wants one, at their local digest time."""
    found = []
    for creator in creators:
        if not creator.digest_enabled:
            continue
        for day, instant in digest_days(start, end, creator.clock):
            if instant < creator.created_at:
                continue
            found.append(
                Due(
                    creator_id=creator.id,
                    kind=Kind.DIGEST,
                    subject=f"daily:{day.isoformat()}",
                    scheduled_for=instant,
                    send_at=instant,
                    timezone=creator.timezone,
                    why=f"daily digest for {day:%a} {day.day} {day:%b} at "
                    f"{creator.clock.digest_time:%H:%M} (quiet hours do not delay it)",
                )
            )
    return found


def revocations_due(
    session: Session, creators: dict[uuid.UUID, CreatorRow], start: datetime, end: datetime
) -> list[Due]:
    """One message per revoked platform grant, with a reconnect button (sent once: its key)."""
    c = PlatformConnection
    stmt = select(c.id, c.creator_id, c.platform, c.account_name, c.revoked_at).where(
        c.status == "revoked", c.revoked_at >= start, c.revoked_at <= end
    )
    found = []
    for row in session.connection().execute(stmt):
        creator = creators.get(row.creator_id)
        if creator is None:
            continue
        found.append(
            Due(
                creator_id=row.creator_id,
                kind=Kind.CONNECTION,
                subject=f"connection:{row.id}:revoked",
                scheduled_for=row.revoked_at,
                send_at=row.revoked_at,
                timezone=creator.timezone,
                why=f"{row.platform} access was revoked: ask to reconnect",
                payload=ConnectionPayload(row.platform, row.account_name),
            )
        )
    return found
