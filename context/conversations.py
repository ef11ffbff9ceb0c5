"""Stored conversations: one thread per creator, channel and chat, with every turn kept.

Memory survives restarts because it lives here, not in the process; plans can be drafted from it
(``plans.draft_plan_from_conversation`` reads the piece numbers recorded in message payloads).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from context.state import ConversationState
from storage.errors import NotFound
from storage.models import ChatMessage, Conversation

MAX_STORED_CHARS = 4_000
MEMORY_MESSAGES = 12
# Messages of one conversation get strictly increasing times, so order survives a frozen clock.
TICK = timedelta(microseconds=1)
# Every turn runs these three; built once as Core statements on the tables, they skip the ORM's
# per-call statement building and bulk-persistence machinery (a third of a /help turn).
_MESSAGES: Any = ChatMessage.__table__
_CONVERSATIONS: Any = Conversation.__table__
_INSERT_MESSAGE = _MESSAGES.insert()
_LAST_MESSAGE_AT = select(func.max(_MESSAGES.c.created_at)).where(
    _MESSAGES.c.conversation_id == bindparam("conversation")
)
_SAVE_STATE = (
    _CONVERSATIONS.update()
    .where(_CONVERSATIONS.c.id == bindparam("conversation"))
    .values(state=bindparam("new_state"), updated_at=bindparam("now"))
)


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
    row = {
        "conversation_id": conversation_id,
        "role": role,
        "content": content[:MAX_STORED_CHARS],
        "tool_name": tool_name[:64] if tool_name else None,
        "payload": payload or {},
        "created_at": when,
    }
    session.connection().execute(_INSERT_MESSAGE, row)
    return when


def _last_message_at(session: Session, conversation_id: uuid.UUID) -> datetime | None:
    found: datetime | None = session.connection().scalar(
        _LAST_MESSAGE_AT, {"conversation": conversation_id}
    )
    return found


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
    result = session.connection().execute(
        _SAVE_STATE, {"conversation": conversation_id, "new_state": state.to_dict(), "now": now}
    )
    return bool(result.rowcount)
