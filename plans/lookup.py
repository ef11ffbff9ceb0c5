"""Finding and locking a creator's plans, items and pieces; every query is scoped by creator."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import cast
from zoneinfo import ZoneInfo

from sqlalchemy import CursorResult, case, func, select, update
from sqlalchemy.orm import Session

from plans.commands import ItemRef
from storage.errors import NotFound
from storage.models import ActionItem, ActionPlan, ContentPiece, Creator


def creator_tz(session: Session, creator_id: uuid.UUID) -> ZoneInfo:
    """The creator's timezone; NotFound when there is no such creator."""
    name = session.scalar(select(Creator.timezone).where(Creator.id == creator_id))
    if name is None:
        raise NotFound("creator not found")
    return ZoneInfo(name)


def next_plan_number(session: Session, creator_id: uuid.UUID) -> int:
    """Take the creator's next plan number in one atomic UPDATE … RETURNING."""
    number = session.scalar(
        update(Creator)
        .where(Creator.id == creator_id)
        .values(plan_seq=Creator.plan_seq + 1)
        .returning(Creator.plan_seq)
        .execution_options(synchronize_session=False)
    )
    if number is None:
        raise NotFound("creator not found")
    return int(number)


def find_plan(session: Session, creator_id: uuid.UUID, number: int) -> ActionPlan:
    """The creator's plan with this short number, or NotFound."""
    plan = session.scalar(
        select(ActionPlan).where(ActionPlan.creator_id == creator_id, ActionPlan.number == number)
    )
    if plan is None:
        raise NotFound(f"plan {number} not found")
    return plan


def lock_plan(session: Session, creator_id: uuid.UUID, number: int) -> ActionPlan:
    """The plan, locked for the rest of the transaction, with fresh values.

    The UPDATE (which changes nothing) comes first because SQLite takes its write lock only at
    the first write and ignores FOR UPDATE; PostgreSQL locks the row with either. Reads after it
    see every commit that finished before the lock was granted, so counts taken afterwards are
    exact.
    """
    touched = cast(
        CursorResult[tuple[()]],
        session.execute(
            update(ActionPlan)
            .where(ActionPlan.creator_id == creator_id, ActionPlan.number == number)
            .values(updated_at=ActionPlan.updated_at)
            .execution_options(synchronize_session=False)
        ),
    )
    if touched.rowcount == 0:
        raise NotFound(f"plan {number} not found")
    return session.scalars(
        select(ActionPlan)
        .where(ActionPlan.creator_id == creator_id, ActionPlan.number == number)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def find_item(session: Session, plan: ActionPlan, item_number: int) -> ActionItem:
    """The plan's item with this number, or NotFound naming the short id."""
    item = session.scalars(
        select(ActionItem)
        .where(ActionItem.plan_id == plan.id, ActionItem.number == item_number)
        .execution_options(populate_existing=True)
    ).one_or_none()
    if item is None:
        raise NotFound(f"item {plan.number}.{item_number} not found")
    return item


def lock_item(
    session: Session, creator_id: uuid.UUID, ref: ItemRef
) -> tuple[ActionPlan, ActionItem]:
    """The item behind a short ref, with its plan locked."""
    plan = lock_plan(session, creator_id, ref.plan_number)
    return plan, find_item(session, plan, ref.item_number)


def plan_items(session: Session, plan_id: uuid.UUID) -> list[ActionItem]:
    """A plan's items in display order."""
    return list(
        session.scalars(
            select(ActionItem)
            .where(ActionItem.plan_id == plan_id)
            .order_by(ActionItem.order_index, ActionItem.number)
        )
    )


def next_item_number(session: Session, plan_id: uuid.UUID) -> tuple[int, int]:
    """(next item number, next order index) of a locked plan; numbers are never reused."""
    row = session.execute(
        select(func.max(ActionItem.number), func.max(ActionItem.order_index)).where(
            ActionItem.plan_id == plan_id
        )
    ).one()
    return (row[0] or 0) + 1, (-1 if row[1] is None else row[1]) + 1


def recount_progress(session: Session, plan: ActionPlan, now: datetime) -> None:
    """Set the locked plan's progress from a fresh count of its items."""
    session.flush()
    total, done = session.execute(
        select(
            func.count(ActionItem.id),
            func.coalesce(func.sum(case((ActionItem.is_completed, 1), else_=0)), 0),
        ).where(ActionItem.plan_id == plan.id)
    ).one()
    plan.progress_percentage = progress_of(int(done), int(total))
    plan.updated_at = now
    session.flush()


def progress_of(done: int, total: int) -> int:
    """Whole-number percent of items done; a plan without items is at 0."""
    return 0 if total == 0 else round(100 * done / total)


def find_piece(session: Session, creator_id: uuid.UUID, content_number: int) -> ContentPiece:
    """The creator's piece with this short number, or NotFound."""
    piece = session.scalar(
        select(ContentPiece).where(
            ContentPiece.creator_id == creator_id, ContentPiece.number == content_number
        )
    )
    if piece is None:
        raise NotFound(f"piece {content_number} not found")
    return piece
