"""Items: add, edit, reorder, remove, complete, uncomplete and link — progress kept exact."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from plans.commands import ItemEdit, ItemRef, ItemSpec, validate_spec
from plans.lookup import (
    creator_tz,
    find_piece,
    lock_item,
    lock_plan,
    next_item_number,
    plan_items,
    recount_progress,
)
from plans.service import new_item
from plans.snapshot import plan_view
from plans.urgency import due_label, settle_due
from plans.views import ItemChange, ItemView, PlanSummary, PlanView
from storage.errors import InvalidInput, NotFound
from storage.models import ActionItem, ActionPlan


def add_item(
    session: Session,
    creator_id: uuid.UUID,
    plan_number: int,
    spec: ItemSpec,
    *,
    position: int | None = None,
    now: datetime,
) -> ItemChange:
    """Add an item (at the end, or at 1-based ``position``); progress is recounted."""
    spec = validate_spec(spec)
    plan = lock_plan(session, creator_id, plan_number)
    number, last_index = next_item_number(session, plan.id)
    tz = creator_tz(session, creator_id)
    item = new_item(plan, spec, number=number, order_index=last_index, tz=tz, now=now)
    session.add(item)
    if position is not None:
        _move(session, plan, item, position, now)
    recount_progress(session, plan, now)
    return _change(session, plan, item, now, f"Added {plan.number}.{number}: {item.title}.")


def edit_item(
    session: Session, creator_id: uuid.UUID, ref: str | ItemRef, edit: ItemEdit, *, now: datetime
) -> ItemChange:
    """Change an item's title, description, due date, hours or outcomes."""
    changes = edit.changes()
    if not changes:
        raise InvalidInput("nothing to change: give a title, due date, hours or outcome")
    tz = creator_tz(session, creator_id)
    plan, item = lock_item(session, creator_id, ItemRef.parse(ref))
    if changes.get("due_date") is not None:
        changes["due_date"], changes["due_time_known"] = settle_due(
            changes["due_date"], changes["due_time_known"], tz
        )
    for attribute, value in changes.items():
        setattr(item, attribute, value)
    item.updated_at = now
    return _change(session, plan, item, now, f"Updated {plan.number}.{item.number}.")


def reorder_items(
    session: Session,
    creator_id: uuid.UUID,
    plan_number: int,
    order: Sequence[int],
    *,
    now: datetime,
) -> PlanView:
    """Put the items with these numbers first, in this order; the rest keep theirs after."""
    plan = lock_plan(session, creator_id, plan_number)
    items = plan_items(session, plan.id)
    by_number = {i.number: i for i in items}
    if len(set(order)) != len(order):
        raise InvalidInput("an item is listed twice in the new order")
    missing = [n for n in order if n not in by_number]
    if missing:
        raise NotFound(f"item {plan.number}.{missing[0]} not found")
    first = [by_number[n] for n in order]
    rest = [i for i in items if i.number not in set(order)]
    _renumber(first + rest, now)
    return plan_view(session, plan, tz=creator_tz(session, creator_id), now=now)


def remove_item(
    session: Session, creator_id: uuid.UUID, ref: str | ItemRef, *, now: datetime
) -> ItemChange:
    """Delete an item; its number is not reused. Progress is recounted."""
    plan, item = lock_item(session, creator_id, ItemRef.parse(ref))
    tz = creator_tz(session, creator_id)
    gone = _item_view(session, plan, item, now)
    session.delete(item)
    recount_progress(session, plan, now)
    summary = plan_view(session, plan, tz=tz, now=now).summary()
    return ItemChange(
        gone, summary, True, f"Removed {gone.ref}: {gone.title}. {_progress(summary)}"
    )


def complete_item(
    session: Session, creator_id: uuid.UUID, ref: str | ItemRef, *, now: datetime
) -> ItemChange:
    """Tick an item off; an item already done is left alone and the message says so."""
    plan, item = lock_item(session, creator_id, ItemRef.parse(ref))
    short = f"{plan.number}.{item.number}"
    if item.is_completed:
        tz = creator_tz(session, creator_id)
        when = f" on {due_label(item.completed_at, True, tz)}" if item.completed_at else ""
        return _unchanged(session, plan, item, now, f"{short} was already done{when}.")
    item.is_completed, item.completed_at, item.updated_at = True, now, now
    recount_progress(session, plan, now)
    return _change(session, plan, item, now, f"Done: {short} {item.title}.")


def uncomplete_item(
    session: Session, creator_id: uuid.UUID, ref: str | ItemRef, *, now: datetime
) -> ItemChange:
    """Mark a done item as not done; an open item is left alone and the message says so."""
    plan, item = lock_item(session, creator_id, ItemRef.parse(ref))
    short = f"{plan.number}.{item.number}"
    if not item.is_completed:
        return _unchanged(session, plan, item, now, f"{short} is not done yet.")
    item.is_completed, item.completed_at, item.updated_at = False, None, now
    recount_progress(session, plan, now)
    return _change(session, plan, item, now, f"Reopened {short} {item.title}.")


def link_item(
    session: Session,
    creator_id: uuid.UUID,
    ref: str | ItemRef,
    content_number: int,
    *,
    now: datetime,
) -> ItemChange:
    """Link an item to the creator's piece that was made for it; outcomes then come from it."""
    parsed = ItemRef.parse(ref)
    piece = find_piece(session, creator_id, content_number)
    plan, item = lock_item(session, creator_id, parsed)
    item.linked_content_id, item.updated_at = piece.id, now
    message = f"Linked {parsed} to piece {piece.number} ({piece.title})."
    return _change(session, plan, item, now, message)


def _move(
    session: Session, plan: ActionPlan, item: ActionItem, position: int, now: datetime
) -> None:
    if position < 1:
        raise InvalidInput(f"positions start at 1; got {position}")
    session.flush()
    others = [i for i in plan_items(session, plan.id) if i.id != item.id]
    others.insert(min(position, len(others) + 1) - 1, item)
    _renumber(others, now)


def _renumber(items: Sequence[ActionItem], now: datetime) -> None:
    """Give ``items`` their positions in this order; each item that moved was changed ``now``."""
    for index, item in enumerate(items):
        if item.order_index != index:
            item.order_index, item.updated_at = index, now


def _item_view(session: Session, plan: ActionPlan, item: ActionItem, now: datetime) -> ItemView:
    view = plan_view(session, plan, tz=creator_tz(session, plan.creator_id), now=now)
    return next(i for i in view.items if i.id == item.id)


def _change(
    session: Session, plan: ActionPlan, item: ActionItem, now: datetime, message: str
) -> ItemChange:
    view = plan_view(session, plan, tz=creator_tz(session, plan.creator_id), now=now)
    item_view = next(i for i in view.items if i.id == item.id)
    text = f"{message} {_progress(view.summary())}"
    if view.completion_prompt:
        text += f" {view.completion_prompt}"
    return ItemChange(item_view, view.summary(), True, text)


def _progress(plan: PlanSummary) -> str:
    done = f"{plan.completed_items}/{plan.total_items} done ({plan.progress_percentage} %)"
    return f"Plan {plan.number}: {done}."


def _unchanged(
    session: Session, plan: ActionPlan, item: ActionItem, now: datetime, message: str
) -> ItemChange:
    change = _change(session, plan, item, now, "")
    return ItemChange(change.item, change.plan, False, f"{message} Nothing changed.")
