"""What is scheduled for a creator and why, with what became of what already fell due."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from context.scheduled.delivery.derive import derive_due
from context.scheduled.delivery.due import Due, SchedulerConfig
from context.scheduled.delivery.ledger import LogRow, log_rows, split_subject
from context.scheduled.delivery.notify import load_recipients

CHANNELS = ("telegram", "discord")


@dataclass(frozen=True)
class Listed:
    """One scheduled message as `whatsworking reminders list` shows it (times local)."""

    kind: str
    subject: str
    send_at: datetime
    scheduled_for: datetime
    why: str
    status: str


def _status(due: Due, rows: list[LogRow], recipients: list[str], now: datetime) -> str:
    if rows:
        parts = []
        for row in sorted(rows, key=lambda r: r.subject):
            where = split_subject(row.subject)[1]
            note = f": {row.last_error}" if row.last_error and row.status != "sent" else ""
            tries = f" after {row.attempts} attempts" if row.attempts > 1 else ""
            parts.append(f"{row.status}{tries} ({where}){note}")
        return "; ".join(parts)
    if not recipients:
        return "not sent: no chat account linked"
    return "due now" if due.send_at <= now else "scheduled"


def schedule_listing(
    session: Session,
    creator_id: uuid.UUID,
    *,
    now: datetime,
    days: int,
    config: SchedulerConfig | None = None,
) -> list[Listed]:
    """The creator's messages from a day ago to ``days`` days ahead, in send order."""
    config = config or SchedulerConfig()
    start = now - timedelta(days=1)
    due = derive_due(
        session,
        start=start,
        end=now + timedelta(days=days),
        config=config,
        creator_ids=[creator_id],
    )
    logged: dict[tuple[str, str, datetime], list[LogRow]] = {}
    earliest = min((d.scheduled_for for d in due), default=start)
    for row in log_rows(session, since=earliest, creator_ids=[creator_id]):
        key = (row.kind, split_subject(row.subject)[0], row.scheduled_for)
        logged.setdefault(key, []).append(row)
    linked = load_recipients(session, [creator_id], CHANNELS).get(creator_id, [])
    recipients = [r.key for r in linked]
    listed = []
    for d in due:
        tz = ZoneInfo(d.timezone)
        rows = logged.get((d.kind.value, d.subject, d.scheduled_for), [])
        listed.append(
            Listed(
                kind=d.kind.value,
                subject=d.subject,
                send_at=d.send_at.astimezone(tz),
                scheduled_for=d.scheduled_for.astimezone(tz),
                why=d.why,
                status=_status(d, rows, recipients, now),
            )
        )
    return listed
