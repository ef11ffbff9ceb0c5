"""What the plan services return: snapshots with the seed's key names and the short ids."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from plans.outcomes import OutcomeComparison
from plans.urgency import Urgency


@dataclass(frozen=True)
class ItemView:
    """One item as the creator sees it; times are in the creator's timezone."""

    id: uuid.UUID
    ref: str  # the short id people type, e.g. "3.2"
    number: int
    plan_number: int
    title: str
    description: str | None
    order_index: int
    due_date: datetime | None
    due_time_known: bool
    due_label: str
    urgency: Urgency | None  # None once the item is done
    estimated_hours: float | None
    is_completed: bool
    completed_at: datetime | None
    linked_content_number: int | None
    linked_content_title: str | None
    projected_outcome: dict[str, Any]
    actual_outcome: dict[str, Any]
    outcomes: list[OutcomeComparison] = field(default_factory=list)


@dataclass(frozen=True)
class PlanSummary:
    """A plan card: progress, X/Y items, and its most urgent open item."""

    id: uuid.UUID
    number: int
    name: str
    goal: str
    status: str
    progress_percentage: int
    completed_items: int
    total_items: int
    urgency: Urgency | None  # of the most urgent open item; None when nothing is open
    next_due_ref: str | None
    next_due_label: str | None
    ready_to_complete: bool
    created_at: datetime


@dataclass(frozen=True)
class PlanView:
    """A plan with every item, its outcomes and whether it should now be marked complete."""

    id: uuid.UUID
    number: int
    name: str
    goal: str
    timeline: str | None
    status: str
    progress_percentage: int
    completed_items: int
    total_items: int
    items: list[ItemView]
    projected_outcome: dict[str, Any]
    actual_outcome: dict[str, Any]
    outcomes: list[OutcomeComparison]
    notes: str | None
    source_content_number: int | None
    source_conversation_id: uuid.UUID | None
    urgency: Urgency | None
    ready_to_complete: bool
    completion_prompt: str | None
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None

    def summary(self) -> PlanSummary:
        """The card form of this plan."""
        nxt = most_urgent(self.items)
        return PlanSummary(
            id=self.id,
            number=self.number,
            name=self.name,
            goal=self.goal,
            status=self.status,
            progress_percentage=self.progress_percentage,
            completed_items=self.completed_items,
            total_items=self.total_items,
            urgency=nxt.urgency if nxt else None,
            next_due_ref=nxt.ref if nxt else None,
            next_due_label=nxt.due_label if nxt else None,
            ready_to_complete=self.ready_to_complete,
            created_at=self.created_at,
        )


@dataclass(frozen=True)
class ItemChange:
    """The result of an item command: what it did (or why it did nothing) and the plan after."""

    item: ItemView
    plan: PlanSummary
    changed: bool
    message: str


def most_urgent(items: list[ItemView]) -> ItemView | None:
    """The open item to do next: most urgent level first, then the earliest due, then order."""
    open_items = [i for i in items if i.urgency is not None]
    if not open_items:
        return None
    return min(open_items, key=_urgency_key)


def _urgency_key(item: ItemView) -> tuple[int, float, int]:
    assert item.urgency is not None
    return next_up_key(item.urgency, item.due_date, item.order_index)


def next_up_key(level: Urgency, due: datetime | None, order_index: int) -> tuple[int, float, int]:
    """How items compete for "next": urgency level, then the earliest due, then plan order."""
    return level.rank, due.timestamp() if due else float("inf"), order_index
