"""Plans: create, list, show, update and delete — each scoped to one creator."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from plans.commands import ItemSpec, check_outcome, clean_title, validate_spec
from plans.lookup import creator_tz, find_plan, lock_plan, next_plan_number
from plans.snapshot import plan_summaries, plan_view
from plans.urgency import settle_due
from plans.views import PlanSummary, PlanView
from storage.errors import InvalidInput, NotFound
from storage.models import ActionItem, ActionPlan, ContentPiece, Conversation, PlanStatus

StatusFilter = Literal["active", "completed", "archived", "all"]
STATUS_FILTERS = ("active", "completed", "archived", "all")
MAX_TIMELINE_LENGTH = 255


def create_plan(
    session: Session,
    creator_id: uuid.UUID,
    *,
    name: str,
    goal: str,
    items: Sequence[ItemSpec] = (),
    timeline: str | None = None,
    notes: str | None = None,
    source_content_id: uuid.UUID | None = None,
    source_conversation_id: uuid.UUID | None = None,
    projected_outcome: dict[str, Any] | None = None,
    now: datetime,
) -> PlanView:
    """Create an active plan with its items; everything is checked before anything is written."""
    tz = creator_tz(session, creator_id)
    plan = ActionPlan(
        creator_id=creator_id,
        name=clean_title(name, "plan name"),
        goal=_clean_goal(goal),
        timeline=_clean_timeline(timeline),
        notes=_blank_to_none(notes),
        status=PlanStatus.ACTIVE.value,
        progress_percentage=0,
        projected_outcome=check_outcome(projected_outcome, "projected outcome"),
        actual_outcome={},
        source_content_id=_own_piece(session, creator_id, source_content_id),
        source_conversation_id=_own_conversation(session, creator_id, source_conversation_id),
        created_at=now,
        updated_at=now,
    )
    specs = [validate_spec(spec) for spec in items]
    plan.number = next_plan_number(session, creator_id)
    session.add(plan)
    session.flush()
    for index, spec in enumerate(specs):
        session.add(new_item(plan, spec, number=index + 1, order_index=index, tz=tz, now=now))
    return plan_view(session, plan, tz=tz, now=now)


def new_item(
    plan: ActionPlan,
    spec: ItemSpec,
    *,
    number: int,
    order_index: int,
    tz: ZoneInfo,
    now: datetime,
) -> ActionItem:
    """An item row for a validated spec (a date-only due becomes the end of that local day)."""
    due_date, due_time_known = settle_due(spec.due_date, spec.due_time_known, tz)
    return ActionItem(
        plan_id=plan.id,
        creator_id=plan.creator_id,
        number=number,
        order_index=order_index,
        title=spec.title,
        description=_blank_to_none(spec.description),
        due_date=due_date,
        due_time_known=due_time_known,
        estimated_hours=spec.estimated_hours,
        projected_outcome=dict(spec.projected_outcome),
        actual_outcome={},
        created_at=now,
        updated_at=now,
    )


def list_plans(
    session: Session, creator_id: uuid.UUID, *, status: str = "active", now: datetime
) -> list[PlanSummary]:
    """The creator's plans for one tab (active, completed, archived or all), newest first."""
    if status not in STATUS_FILTERS:
        raise InvalidInput(f"unknown plan status {status!r}: use {', '.join(STATUS_FILTERS)}")
    tz = creator_tz(session, creator_id)
    query = select(ActionPlan).where(ActionPlan.creator_id == creator_id)
    if status != "all":
        query = query.where(ActionPlan.status == status)
    plans = list(session.scalars(query.order_by(ActionPlan.number.desc())))
    return plan_summaries(session, plans, tz=tz, now=now)


def get_plan(
    session: Session, creator_id: uuid.UUID, plan_number: int, *, now: datetime
) -> PlanView:
    """One of the creator's plans with all its items; NotFound for anyone else's."""
    tz = creator_tz(session, creator_id)
    return plan_view(session, find_plan(session, creator_id, plan_number), tz=tz, now=now)


def update_plan(
    session: Session,
    creator_id: uuid.UUID,
    plan_number: int,
    *,
    name: str | None = None,
    goal: str | None = None,
    timeline: str | None = None,
    status: str | None = None,
    notes: str | None = None,
    projected_outcome: dict[str, Any] | None = None,
    actual_outcome: dict[str, Any] | None = None,
    now: datetime,
) -> PlanView:
    """Change what is given (None leaves a field alone; "" clears timeline and notes)."""
    tz = creator_tz(session, creator_id)
    changes = _plan_changes(name, goal, timeline, notes, projected_outcome, actual_outcome)
    new_status = _check_status(status) if status is not None else None
    plan = lock_plan(session, creator_id, plan_number)
    for attribute, value in changes.items():
        setattr(plan, attribute, value)
    plan.updated_at = now
    if new_status is not None and new_status != plan.status:
        plan.status = new_status
        plan.completed_at = now if new_status == PlanStatus.COMPLETED else None
    return plan_view(session, plan, tz=tz, now=now)


def delete_plan(
    session: Session, creator_id: uuid.UUID, plan_number: int, *, now: datetime
) -> PlanSummary:
    """Delete a plan and its items; returns what was deleted."""
    tz = creator_tz(session, creator_id)
    plan = lock_plan(session, creator_id, plan_number)
    summary = plan_view(session, plan, tz=tz, now=now).summary()
    session.delete(plan)
    session.flush()
    return summary


def _plan_changes(
    name: str | None,
    goal: str | None,
    timeline: str | None,
    notes: str | None,
    projected: dict[str, Any] | None,
    actual: dict[str, Any] | None,
) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if name is not None:
        changes["name"] = clean_title(name, "plan name")
    if goal is not None:
        changes["goal"] = _clean_goal(goal)
    if timeline is not None:
        changes["timeline"] = _clean_timeline(timeline)
    if notes is not None:
        changes["notes"] = _blank_to_none(notes)
    if projected is not None:
        changes["projected_outcome"] = check_outcome(projected, "projected outcome")
    if actual is not None:
        changes["actual_outcome"] = check_outcome(actual, "actual outcome")
    return changes


def _check_status(status: str) -> str:
    allowed = [s.value for s in PlanStatus]
    if status not in allowed:
        raise InvalidInput(f"unknown plan status {status!r}: use {', '.join(allowed)}")
    return status


def _clean_goal(goal: str) -> str:
    cleaned = (goal or "").strip()
    if not cleaned:
        raise InvalidInput("the plan goal is empty")
    return cleaned


def _clean_timeline(timeline: str | None) -> str | None:
    cleaned = _blank_to_none(timeline)
    if cleaned and len(cleaned) > MAX_TIMELINE_LENGTH:
        raise InvalidInput(f"the timeline is longer than {MAX_TIMELINE_LENGTH} characters")
    return cleaned


def _blank_to_none(text: str | None) -> str | None:
    cleaned = (text or "").strip()
    return cleaned or None


def _own_piece(
    session: Session, creator_id: uuid.UUID, content_id: uuid.UUID | None
) -> uuid.UUID | None:
    if content_id is None:
        return None
    owner = session.scalar(select(ContentPiece.creator_id).where(ContentPiece.id == content_id))
    if owner != creator_id:
        raise NotFound("the source piece was not found")
    return content_id


def _own_conversation(
    session: Session, creator_id: uuid.UUID, conversation_id: uuid.UUID | None
) -> uuid.UUID | None:
    if conversation_id is None:
        return None
    owner = session.scalar(
        select(Conversation.creator_id).where(Conversation.id == conversation_id)
    )
    if owner != creator_id:
        raise NotFound("the source conversation was not found")
    return conversation_id
