"""Stored conversations: one thread per creator, channel and chat, with every turn kept.

Memory survives restarts because it lives here, not in the process; plans can be drafted from it
(``plans.draft_plan_from_conversation`` reads the piece numbers recorded in message payloads).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select, update
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
    conversation_id: uuid.UUID,
    role: str,
    content: str,
    *,
    now: datetime,
    after: datetime | None = None,
    tool_name: str | None = None,
    payload: dict[str, Any] | None = None,
) -> datetime:
    """Store one turn (text capped) later than the conversation's previous one; returns its time.

    ``after`` is the previous message's time when the caller knows it (the agent stores the
    answer right after the question), which saves a query.
    """
    last = after if after is not None else _last_message_at(session, conversation_id)
    when = max(now, last + TICK) if last is not None else now
    # A Core insert: one statement, no unit-of-work flush for a row nothing reads back this turn.
    session.execute(
        insert(ChatMessage).values(
            conversation_id=conversation_id,
            role=role,
            content=content[:MAX_STORED_CHARS],
            tool_name=tool_name[:64] if tool_name else None,
            payload=payload or {},
            created_at=when,
        )
    )
    return when


def _last_message_at(session: Session, conversation_id: uuid.UUID) -> datetime | None:
    return session.scalar(
        select(func.max(ChatMessage.created_at)).where(
            ChatMessage.conversation_id == conversation_id
        )
    )


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


def save_state(
    session: Session, conversation_id: uuid.UUID, state: ConversationState, *, now: datetime
) -> bool:
    """Store the state in one UPDATE; False when the conversation is gone (deleted meanwhile)."""
    result = session.execute(
        update(Conversation)
        .where(Conversation.id == conversation_id)
        .values(state=state.to_dict(), updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))
