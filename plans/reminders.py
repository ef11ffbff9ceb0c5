"""What is due: the open items of a creator's active plans, for reminders and digests."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from plans.lookup import creator_tz
from plans.snapshot import item_view
from plans.views import ItemView
from storage.models import ActionItem, ActionPlan, PlanStatus


@dataclass(frozen=True)
class DueItem:
    """An open item with a due date, and the plan it belongs to."""

    item: ItemView
    plan_number: int
    plan_name: str


def due_items(
    session: Session, creator_id: uuid.UUID, *, until: datetime, now: datetime
) -> list[DueItem]:
    """Open items of the creator's active plans due by ``until`` (overdue included), soonest first.

    An item given only a date is due at the end of that day on the creator's clock, so a morning
    reminder for "today" should ask with ``until`` at the end of the local day.
    """
    tz = creator_tz(session, creator_id)
    rows = session.execute(
        select(ActionItem, ActionPlan.number, ActionPlan.name)
        .join(ActionPlan, ActionPlan.id == ActionItem.plan_id)
        .where(
            ActionItem.creator_id == creator_id,
            ActionPlan.creator_id == creator_id,
            ActionPlan.status == PlanStatus.ACTIVE.value,
            ActionItem.is_completed.is_(False),
            ActionItem.due_date.is_not(None),
            ActionItem.due_date <= until,
        )
        .order_by(ActionItem.due_date, ActionPlan.number, ActionItem.number)
    ).all()
    return [
        DueItem(item_view(item, number, {}, tz=tz, now=now), number, name)
        for item, number, name in rows
    ]
