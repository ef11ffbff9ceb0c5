"""Action plans and their items."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, IdMixin, TimestampMixin


class ActionPlan(IdMixin, TimestampMixin, Base):
    """A plan the creator works through; progress is recomputed whenever an item changes."""

    __tablename__ = "action_plans"
    __table_args__ = (UniqueConstraint("creator_id", "number"),)

    creator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("creators.id", ondelete="CASCADE"))
    number: Mapped[int]
    name: Mapped[str] = mapped_column(String(255))
    goal: Mapped[str] = mapped_column(Text)
    timeline: Mapped[str | None] = mapped_column(String(255), default=None)
    status: Mapped[str] = mapped_column(String(20), default="active")
    progress_percentage: Mapped[int] = mapped_column(default=0)
    source_content_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("content_pieces.id", ondelete="SET NULL"), default=None
    )
    source_conversation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL"), default=None
    )
    projected_outcome: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    actual_outcome: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    notes: Mapped[str | None] = mapped_column(Text, default=None)
    completed_at: Mapped[datetime | None] = mapped_column(default=None)

    items: Mapped[list[ActionItem]] = relationship(
        back_populates="plan",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ActionItem.order_index",
    )


class ActionItem(IdMixin, TimestampMixin, Base):
    """One task of a plan."""

    __tablename__ = "action_items"
    __table_args__ = (
        UniqueConstraint("plan_id", "number"),
        Index("ix_action_items_creator_due", "creator_id", "due_date"),
    )

    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("action_plans.id", ondelete="CASCADE"))
    creator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("creators.id", ondelete="CASCADE"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text, default=None)
    order_index: Mapped[int] = mapped_column(default=0)
    due_date: Mapped[datetime | None] = mapped_column(default=None)
    # False when only a day was given: the item is due at the end of that local day.
    due_time_known: Mapped[bool] = mapped_column(default=False)
    estimated_hours: Mapped[float | None] = mapped_column(default=None)
    is_completed: Mapped[bool] = mapped_column(default=False)
    completed_at: Mapped[datetime | None] = mapped_column(default=None)
    linked_content_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("content_pieces.id", ondelete="SET NULL"), default=None
    )
    projected_outcome: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    actual_outcome: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    plan: Mapped[ActionPlan] = relationship(back_populates="items")
