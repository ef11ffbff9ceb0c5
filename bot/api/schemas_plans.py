"""Request and response models of the action-plan endpoints (the seed's key names)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.api.fields import DueText, Goal, Line, LongText, MetricName, Title
from bot.api.ids import ID_PATTERN
from bot.api.schemas_insights import Out

MAX_ITEMS = 100
MAX_OUTCOME_METRICS = 20
Number = Annotated[float, Field(allow_inf_nan=False, ge=-1e15, le=1e15)]
OutcomeValue = Annotated[int, Field(ge=-(10**15), le=10**15)] | Number | Line
Outcome = Annotated[
    dict[MetricName, OutcomeValue],
    Field(max_length=MAX_OUTCOME_METRICS, description="Metric names mapped to numbers or text"),
]
Urgency = Literal["overdue", "due_today", "due_soon", "later", "no_date"]
Status = Literal["active", "completed", "archived"]


class In(BaseModel):
    """Base of request models: unknown fields are refused, so typos do not pass silently."""

    model_config = ConfigDict(extra="forbid")


class ItemIn(In):
    """An item of a new plan."""

    title: Title
    description: LongText | None = None
    due_date: DueText | None = Field(
        default=None,
        description=(
            "A date (`2026-12-01`: by the end of that day in your timezone), a date and time "
            "(`2026-12-01T14:00`, your timezone, or with an offset), `today`, `tomorrow` or `+3d`"
        ),
        examples=["2026-12-01"],
    )
    estimated_hours: Annotated[float, Field(gt=0, le=10_000)] | None = None
    projected_outcome: Outcome = {}
    order_index: Annotated[int, Field(ge=0, le=10_000)] | None = Field(
        default=None,
        description="The seed's item position (0 first); items are stored in this order",
    )


class PlanCreate(In):
    """A new plan and its items."""

    name: Title
    goal: Goal
    timeline: Line | None = None
    notes: LongText | None = None
    items: Annotated[list[ItemIn], Field(max_length=MAX_ITEMS)] = []
    source_content_id: Annotated[str, Field(pattern=ID_PATTERN)] | None = Field(
        default=None, description="The piece the plan is about: its UUID or short number"
    )
    projected_outcome: Outcome | None = None


class PlanUpdate(In):
    """Changes to a plan: absent fields stay; an empty timeline or notes clears it."""

    name: Title | None = None
    goal: Goal | None = None
    timeline: Line | None = None
    status: Status | None = None
    notes: LongText | None = None
    projected_outcome: Outcome | None = None
    actual_outcome: Outcome | None = None


class OutcomeOut(Out):
    """One metric, projected against actual."""

    metric: str
    projected: float
    actual: float | None
    change_percent: float | None
    text: str


class ItemOut(Out):
    """One item; times in the creator's timezone."""

    id: uuid.UUID
    ref: str = Field(description="The short id, e.g. `3.2` (also accepted in paths)")
    number: int
    plan_number: int
    title: str
    description: str | None
    order_index: int
    due_date: datetime | None
    due_time_known: bool
    due_label: str
    urgency: Urgency | None = Field(description="null once the item is done")
    estimated_hours: float | None
    is_completed: bool
    completed_at: datetime | None
    linked_content_number: int | None
    linked_content_title: str | None
    projected_outcome: dict[str, Any]
    actual_outcome: dict[str, Any]
    outcomes: list[OutcomeOut]


class PlanSummaryOut(Out):
    """A plan card: progress, X/Y items and the most urgent open item."""

    id: uuid.UUID
    number: int
    name: str
    goal: str
    status: Status
    progress_percentage: int
    completed_items: int
    total_items: int
    urgency: Urgency | None
    next_due_ref: str | None
    next_due_label: str | None
    ready_to_complete: bool
    created_at: datetime


class PlanOut(Out):
    """A plan with every item and its outcomes."""

    id: uuid.UUID
    number: int
    name: str
    goal: str
    timeline: str | None
    status: Status
    progress_percentage: int
    completed_items: int
    total_items: int
    items: list[ItemOut]
    projected_outcome: dict[str, Any]
    actual_outcome: dict[str, Any]
    outcomes: list[OutcomeOut]
    notes: str | None
    source_content_number: int | None
    source_conversation_id: uuid.UUID | None
    urgency: Urgency | None
    ready_to_complete: bool
    completion_prompt: str | None
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None


class PlansOut(Out):
    """The creator's plans of one tab, newest first."""

    plans: list[PlanSummaryOut]


class ItemChangeOut(Out):
    """What an item command did (``changed`` false: it was already so) and the plan after."""

    item: ItemOut
    plan: PlanSummaryOut
    changed: bool
    message: str
