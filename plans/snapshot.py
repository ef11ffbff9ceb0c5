"""Turning plan and item rows into views, with urgency and outcomes computed for the creator."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from plans.outcomes import PieceMeasure, actual_outcome, compare, load_measures
from plans.urgency import due_label, urgency
from plans.views import ItemView, PlanSummary, PlanView, most_urgent, next_up_key
from storage.models import ActionItem, ActionPlan, PlanStatus


def plan_views(
    session: Session, plans: Sequence[ActionPlan], *, tz: ZoneInfo, now: datetime
) -> list[PlanView]:
    """Views of these plans (one creator's), loading their items and linked pieces in bulk."""
    if not plans:
        return []
    creator_id = plans[0].creator_id
    items_by_plan = _items_by_plan(session, [p.id for p in plans])
    linked = {i.linked_content_id for items in items_by_plan.values() for i in items}
    sources = {p.source_content_id for p in plans}
    measures = load_measures(session, creator_id, {x for x in linked | sources if x})
    return [
        _plan_view(plan, items_by_plan.get(plan.id, []), measures, tz=tz, now=now) for plan in plans
    ]


def plan_view(session: Session, plan: ActionPlan, *, tz: ZoneInfo, now: datetime) -> PlanView:
    """The view of one plan."""
    session.flush()
    return plan_views(session, [plan], tz=tz, now=now)[0]


def _items_by_plan(
    session: Session, plan_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[ActionItem]]:
    rows = session.scalars(
        select(ActionItem)
        .where(ActionItem.plan_id.in_(plan_ids))
        .order_by(ActionItem.order_index, ActionItem.number)
    )
    grouped: dict[uuid.UUID, list[ActionItem]] = defaultdict(list)
    for item in rows:
        grouped[item.plan_id].append(item)
    return grouped


def _plan_view(
    plan: ActionPlan,
    items: list[ActionItem],
    measures: dict[uuid.UUID, PieceMeasure],
    *,
    tz: ZoneInfo,
    now: datetime,
) -> PlanView:
    item_views = [item_view(i, plan.number, measures, tz=tz, now=now) for i in items]
    done = sum(1 for i in items if i.is_completed)
    linked_ids = {i.linked_content_id for i in items if i.linked_content_id is not None}
    linked = [measures[x] for x in linked_ids if x in measures]
    actual = actual_outcome(plan.actual_outcome or {}, linked)
    ready = plan.status == PlanStatus.ACTIVE and bool(items) and done == len(items)
    source = measures.get(plan.source_content_id) if plan.source_content_id else None
    nxt = most_urgent(item_views)
    return PlanView(
        id=plan.id,
        number=plan.number,
        name=plan.name,
        goal=plan.goal,
        timeline=plan.timeline,
        status=plan.status,
        progress_percentage=plan.progress_percentage,
        completed_items=done,
        total_items=len(items),
        items=item_views,
        projected_outcome=dict(plan.projected_outcome or {}),
        actual_outcome=actual,
        outcomes=compare(plan.projected_outcome or {}, actual),
        notes=plan.notes,
        source_content_number=source.number if source else None,
        source_conversation_id=plan.source_conversation_id,
        urgency=nxt.urgency if nxt else None,
        ready_to_complete=ready,
        completion_prompt=_completion_prompt(plan, len(items)) if ready else None,
        created_at=plan.created_at.astimezone(tz),
        updated_at=plan.updated_at.astimezone(tz),
        completed_at=plan.completed_at.astimezone(tz) if plan.completed_at else None,
    )


def _completion_prompt(plan: ActionPlan, total: int) -> str:
    return f"All {total} items of plan {plan.number} are done. Mark the plan complete?"


def item_view(
    item: ActionItem,
    plan_number: int,
    measures: dict[uuid.UUID, PieceMeasure],
    *,
    tz: ZoneInfo,
    now: datetime,
) -> ItemView:
    """The view of one item; ``measures`` holds the linked piece's metrics when it has one."""
    piece = measures.get(item.linked_content_id) if item.linked_content_id else None
    actual = actual_outcome(item.actual_outcome or {}, [piece] if piece else [])
    level = (
        None if item.is_completed else urgency(item.due_date, item.due_time_known, now=now, tz=tz)
    )
    return ItemView(
        id=item.id,
        ref=f"{plan_number}.{item.number}",
        number=item.number,
        plan_number=plan_number,
        title=item.title,
        description=item.description,
        order_index=item.order_index,
        due_date=item.due_date.astimezone(tz) if item.due_date else None,
        due_time_known=item.due_time_known,
        due_label=due_label(item.due_date, item.due_time_known, tz),
        urgency=level,
        estimated_hours=item.estimated_hours,
        is_completed=item.is_completed,
        completed_at=item.completed_at.astimezone(tz) if item.completed_at else None,
        linked_content_number=piece.number if piece else None,
        linked_content_title=piece.title if piece else None,
        projected_outcome=dict(item.projected_outcome or {}),
        actual_outcome=actual,
        outcomes=compare(item.projected_outcome or {}, actual),
    )


def plan_summaries(
    session: Session, plans: Sequence[ActionPlan], *, tz: ZoneInfo, now: datetime
) -> list[PlanSummary]:
    """Plan cards, from a light read of the items' columns (lists stay fast with many plans)."""
    rows = session.execute(
        select(
            ActionItem.plan_id,
            ActionItem.number,
            ActionItem.is_completed,
            ActionItem.due_date,
            ActionItem.due_time_known,
            ActionItem.order_index,
        ).where(ActionItem.plan_id.in_([p.id for p in plans]))
    ).all()
    by_plan: dict[uuid.UUID, list[Any]] = defaultdict(list)
    for row in rows:
        by_plan[row.plan_id].append(row)
    return [_summary(plan, by_plan.get(plan.id, []), tz=tz, now=now) for plan in plans]


def _summary(plan: ActionPlan, rows: list[Any], *, tz: ZoneInfo, now: datetime) -> PlanSummary:
    done = sum(1 for r in rows if r.is_completed)
    open_rows = [
        (urgency(r.due_date, r.due_time_known, now=now, tz=tz), r)
        for r in rows
        if not r.is_completed
    ]
    best = min(
        open_rows, key=lambda o: next_up_key(o[0], o[1].due_date, o[1].order_index), default=None
    )
    level, nxt = best if best else (None, None)
    return PlanSummary(
        id=plan.id,
        number=plan.number,
        name=plan.name,
        goal=plan.goal,
        status=plan.status,
        progress_percentage=plan.progress_percentage,
        completed_items=done,
        total_items=len(rows),
        urgency=level,
        next_due_ref=f"{plan.number}.{nxt.number}" if nxt else None,
        next_due_label=due_label(nxt.due_date, nxt.due_time_known, tz) if nxt else None,
        ready_to_complete=plan.status == PlanStatus.ACTIVE and bool(rows) and done == len(rows),
        created_at=plan.created_at.astimezone(tz),
    )
