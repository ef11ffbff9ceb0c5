"""Conversations (chat memory) and the delivery log of scheduled messages."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, IdMixin, TimestampMixin


class Conversation(IdMixin, TimestampMixin, Base):
    """One chat thread with a creator on one channel."""

    __tablename__ = "conversations"
    __table_args__ = (
        Index("ix_conversations_creator_channel", "creator_id", "channel", "chat_id"),
    )

    creator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("creators.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str | None] = mapped_column(String(64), default=None)
    title: Mapped[str | None] = mapped_column(String(255), default=None)
    # What the last reply showed (e.g. the ids of a listed page), so "the 2nd one" resolves.
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    messages: Mapped[list[ChatMessage]] = relationship(
        back_populates="conversation",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ChatMessage.created_at",
    )


class ChatMessage(IdMixin, Base):
    """One turn of a conversation."""

    __tablename__ = "chat_messages"
    __table_args__ = (
        Index("ix_chat_messages_conversation_created", "conversation_id", "created_at"),
    )

    conversation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE")
    )
    role: Mapped[str] = mapped_column(String(16))
    content: Mapped[str] = mapped_column(Text)
    tool_name: Mapped[str | None] = mapped_column(String(64), default=None)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime]

    conversation: Mapped[Conversation] = relationship(back_populates="messages")


class Delivery(IdMixin, Base):
    """A scheduled message; the unique key makes sure it is sent at most once."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("creator_id", "kind", "subject", "scheduled_for"),
        # The scheduler reads the recent window of the log every minute, across creators.
        Index("ix_deliveries_scheduled_for", "scheduled_for"),
    )

    creator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("creators.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(128))
    scheduled_for: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16), default="claimed")
    attempts: Mapped[int] = mapped_column(default=0)
    claimed_at: Mapped[datetime]
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    next_attempt_at: Mapped[datetime | None] = mapped_column(default=None)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
