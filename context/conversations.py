"""Stored conversations: one thread per creator, channel and chat, with every turn kept.

Memory survives restarts because it lives here, not in the process; plans can be drafted from it
(``plans.draft_plan_from_conversation`` reads the piece numbers recorded in message payloads).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from context.state import ConversationState
from storage.errors import NotFound
from storage.models import ChatMessage, Conversation

MAX_STORED_CHARS = 4_000
MEMORY_MESSAGES = 12
# Messages of one conversation get strictly increasing times, so order survives a frozen clock.
TICK = timedelta(microseconds=1)


def open_conversation(
    session: Session, creator_id: uuid.UUID, channel: str, chat_id: str | None, *, now: datetime
) -> Conversation:
    """The creator's conversation in this chat, created on first use."""
    found = session.scalar(
        select(Conversation)
        .where(
            Conversation.creator_id == creator_id,
            Conversation.channel == channel,
            _same_chat(chat_id),
        )
        .order_by(Conversation.created_at.desc())
        .limit(1)
    )
    if found is not None:
        return found
    conversation = Conversation(
        creator_id=creator_id,
        channel=channel[:16],
        chat_id=chat_id[:64] if chat_id else None,
        state={},
        created_at=now,
        updated_at=now,
    )
    session.add(conversation)
    session.flush()
    return conversation


def _same_chat(chat_id: str | None) -> Any:
    if chat_id is None:
        return Conversation.chat_id.is_(None)
    return Conversation.chat_id == chat_id[:64]


def own_conversation(
    session: Session, creator_id: uuid.UUID, conversation_id: uuid.UUID
) -> Conversation:
    """The creator's conversation with this id; NotFound for anyone else's."""
    conversation = session.get(Conversation, conversation_id)
    if conversation is None or conversation.creator_id != creator_id:
        raise NotFound("conversation not found")
    return conversation


def add_message(
    session: Session,
    conversation: Conversation,
    role: str,
    content: str,
    *,
    now: datetime,
    tool_name: str | None = None,
    payload: dict[str, Any] | None = None,
) -> ChatMessage:
    """Store one turn (text capped) at a time later than the conversation's previous one."""
    last = session.scalar(
        select(func.max(ChatMessage.created_at)).where(
            ChatMessage.conversation_id == conversation.id
        )
    )
    when = max(now, last + TICK) if last is not None else now
    message = ChatMessage(
        conversation_id=conversation.id,
        role=role,
        content=content[:MAX_STORED_CHARS],
        tool_name=tool_name[:64] if tool_name else None,
        payload=payload or {},
        created_at=when,
    )
    session.add(message)
    conversation.updated_at = now
    session.flush()
    return message


def recent_history(
    session: Session, conversation_id: uuid.UUID, limit: int = MEMORY_MESSAGES
) -> list[tuple[str, str]]:
    """The last ``limit`` messages as (role, text), oldest first."""
    rows = session.execute(
        select(ChatMessage.role, ChatMessage.content)
        .where(ChatMessage.conversation_id == conversation_id)
        .order_by(ChatMessage.created_at.desc())
        .limit(limit)
    ).all()
    return [(role, content) for role, content in reversed(rows)]


def load_state(conversation: Conversation) -> ConversationState:
    """The conversation's remembered state."""
    return ConversationState.from_dict(conversation.state)


def save_state(conversation: Conversation, state: ConversationState, *, now: datetime) -> None:
    """Store the state (a new dict, so the JSON column is seen as changed)."""
    conversation.state = state.to_dict()
    conversation.updated_at = now
