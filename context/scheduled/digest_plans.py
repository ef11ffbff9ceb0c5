"""The plan part of a digest — what is due today or overdue, and each active plan's progress —
read in one query.

It reports what ``plans.due_items`` and ``plans.list_plans`` would (urgency and due labels come
from ``plans.urgency``; tests hold the two to the same answers), but a digest is composed for
every creator every day, and five queries per creator for this part alone were most of its cost.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from plans import Urgency, due_label, urgency
from plans.urgency import end_of_local_day, local_day
from storage.models import ActionItem, ActionPlan, PlanStatus

_ROWS = (
    select(
        ActionPlan.id,
        ActionPlan.number.label("plan_number"),
        ActionPlan.name,
        ActionPlan.progress_percentage,
        ActionItem.number,
        ActionItem.title,
        ActionItem.due_date,
        ActionItem.due_time_known,
        ActionItem.is_completed,
    )
    .outerjoin(ActionItem, ActionItem.plan_id == ActionPlan.id)
    .where(
        ActionPlan.creator_id == bindparam("creator_id"),
        ActionPlan.status == PlanStatus.ACTIVE.value,
    )
)


@dataclass(frozen=True)
class DueLine:
    """An open item due by the end of today (or overdue), with its plan."""

    ref: str
    title: str
    urgency: Urgency
    due_date: datetime
    due_label: str
    plan_number: int
    plan_name: str


@dataclass(frozen=True)
class PlanLine:
    """An active plan's progress."""

    number: int
    name: str
    completed_items: int
    total_items: int
    progress_percentage: int


@dataclass(frozen=True)
class PlanPart:
    """What the digest says about plans."""

    overdue: tuple[DueLine, ...]
    due_today: tuple[DueLine, ...]
    plans: tuple[PlanLine, ...]


def plan_part(session: Session, creator_id: uuid.UUID, *, now: datetime, tz: ZoneInfo) -> PlanPart:
    """Due and overdue items (soonest first) and active plans (newest first) of one creator."""
    rows = list(session.connection().execute(_ROWS, {"creator_id": creator_id}))
    until = end_of_local_day(local_day(now, tz), tz)
    due = sorted(
        (_due_line(r, now, tz) for r in rows if _open_and_due(r, until)),
        key=lambda d: (d.due_date, d.plan_number, int(d.ref.split(".")[1])),
    )
    return PlanPart(
        overdue=tuple(d for d in due if d.urgency is Urgency.OVERDUE),
        due_today=tuple(d for d in due if d.urgency is Urgency.DUE_TODAY),
        plans=_plan_lines(rows),
    )


def _open_and_due(row: Any, until: datetime) -> bool:
    return (
        row.number is not None
        and not row.is_completed
        and row.due_date is not None
        and row.due_date <= until
    )


def _due_line(row: Any, now: datetime, tz: ZoneInfo) -> DueLine:
    return DueLine(
        ref=f"{row.plan_number}.{row.number}",
        title=row.title,
        urgency=urgency(row.due_date, row.due_time_known, now=now, tz=tz),
        due_date=row.due_date,
        due_label=due_label(row.due_date, row.due_time_known, tz),
        plan_number=row.plan_number,
        plan_name=row.name,
    )


def _plan_lines(rows: list[Any]) -> tuple[PlanLine, ...]:
    plans: dict[uuid.UUID, list[Any]] = {}
    for row in rows:
        plans.setdefault(row.id, []).append(row)
    lines = []
    for items in plans.values():
        first = items[0]
        real = [i for i in items if i.number is not None]
        done = sum(1 for i in real if i.is_completed)
        lines.append(
            PlanLine(first.plan_number, first.name, done, len(real), first.progress_percentage)
        )
    return tuple(sorted(lines, key=lambda p: -p.number))
