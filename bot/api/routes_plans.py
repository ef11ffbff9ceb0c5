"""`/api/v1/action-plans*` and `/api/v1/action-items/*`: plans and items over the plan services."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter

from bot.api.auth import CallerDep
from bot.api.convert import item_specs
from bot.api.errors import responses
from bot.api.ids import ItemId, PlanId, content_uuid, item_ref, plan_number
from bot.api.schemas_plans import (
    ItemChangeOut,
    PlanCreate,
    PlanOut,
    PlansOut,
    PlanSummaryOut,
    PlanUpdate,
)
from plans import (
    complete_item,
    create_plan,
    delete_plan,
    get_plan,
    list_plans,
    uncomplete_item,
    update_plan,
)
from plans.lookup import creator_tz

plans_router = APIRouter(prefix="/api/v1/action-plans", tags=["action plans"])
items_router = APIRouter(prefix="/api/v1/action-items", tags=["action plans"])
ERRORS = responses(401, 404, 422, 500, 503)
BODY_ERRORS = responses(400, 401, 404, 413, 422, 500, 503)


@plans_router.post("", status_code=201, responses=BODY_ERRORS)
def create(caller: CallerDep, body: PlanCreate) -> PlanOut:
    """Create an active plan with its items; nothing is written if any part is invalid."""
    now = caller.now()
    with caller.writing() as session:
        source = body.source_content_id
        view = create_plan(
            session,
            caller.creator_id,
            name=body.name,
            goal=body.goal,
            items=item_specs(body.items, creator_tz(session, caller.creator_id), now),
            timeline=body.timeline,
            notes=body.notes,
            source_content_id=content_uuid(session, caller.creator_id, source) if source else None,
            projected_outcome=body.projected_outcome,
            now=now,
        )
    return PlanOut.model_validate(view)


@plans_router.get("", responses=ERRORS)
def index(
    caller: CallerDep, status: Literal["active", "completed", "archived", "all"] = "all"
) -> PlansOut:
    """Your plans (all, or one status), newest first."""
    with caller.reading() as session:
        found = list_plans(session, caller.creator_id, status=status, now=caller.now())
    return PlansOut.model_validate({"plans": found})


@plans_router.get("/{plan_id}", responses=ERRORS)
def show(caller: CallerDep, plan_id: PlanId) -> PlanOut:
    """One of your plans with every item."""
    with caller.reading() as session:
        number = plan_number(session, caller.creator_id, plan_id)
        view = get_plan(session, caller.creator_id, number, now=caller.now())
    return PlanOut.model_validate(view)


@plans_router.patch("/{plan_id}", responses=BODY_ERRORS)
def update(caller: CallerDep, plan_id: PlanId, body: PlanUpdate) -> PlanOut:
    """Change a plan's name, goal, timeline, status, notes or outcomes."""
    with caller.writing() as session:
        number = plan_number(session, caller.creator_id, plan_id)
        view = update_plan(
            session,
            caller.creator_id,
            number,
            **body.model_dump(exclude_none=True),
            now=caller.now(),
        )
    return PlanOut.model_validate(view)


@plans_router.delete("/{plan_id}", responses=ERRORS)
def delete(caller: CallerDep, plan_id: PlanId) -> PlanSummaryOut:
    """Delete a plan and its items; answers with what was deleted."""
    with caller.writing() as session:
        number = plan_number(session, caller.creator_id, plan_id)
        gone = delete_plan(session, caller.creator_id, number, now=caller.now())
    return PlanSummaryOut.model_validate(gone)


@items_router.patch("/{item_id}/complete", responses=ERRORS)
def complete(caller: CallerDep, item_id: ItemId) -> ItemChangeOut:
    """Tick an item off (an item already done is left as it was; `changed` says so)."""
    with caller.writing() as session:
        ref = item_ref(session, caller.creator_id, item_id)
        change = complete_item(session, caller.creator_id, ref, now=caller.now())
    return ItemChangeOut.model_validate(change)


@items_router.patch("/{item_id}/uncomplete", responses=ERRORS)
def uncomplete(caller: CallerDep, item_id: ItemId) -> ItemChangeOut:
    """Mark a done item as not done (an open item is left as it was)."""
    with caller.writing() as session:
        ref = item_ref(session, caller.creator_id, item_id)
        change = uncomplete_item(session, caller.creator_id, ref, now=caller.now())
    return ItemChangeOut.model_validate(change)
