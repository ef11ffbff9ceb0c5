"""Stored conversations: one thread per creator, channel and chat, with every turn kept.

Memory survives restarts because it lives here, not in the process; plans can be drafted from it
(``plans.draft_plan_from_conversation`` reads the piece numbers recorded in message payloads).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from context.state import ConversationState
from storage.errors import NotFound
from storage.models import ChatMessage, Conversation

MAX_STORED_CHARS = 4_000
MEMORY_MESSAGES = 12
# Messages of one conversation get strictly increasing times, so order survives a frozen clock.
TICK = timedelta(microseconds=1)
# Every turn runs these; built once as Core statements on the tables, they skip the ORM's
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
# Takes the conversation's row lock (PostgreSQL; SQLite's write lock) and returns the state as
# the last committed turn left it: a turn of the same chat still storing is waited for.
_LOCK_STATE = (
    _CONVERSATIONS.update()
    .where(_CONVERSATIONS.c.id == bindparam("conversation"))
    .values(updated_at=_CONVERSATIONS.c.updated_at)
    .returning(_CONVERSATIONS.c.state)
)


@dataclass(frozen=True)
class OpenConversation:
    """A conversation as a turn opens it: its id, remembered state and last message's time."""

    id: uuid.UUID
    state: dict[str, Any]
    last_message_at: datetime | None


@dataclass(frozen=True)
class NewMessage:
    """One message to store: who said it, what, and for an answer the tool and payload."""

    role: str
    content: str
    tool_name: str | None = None
    payload: dict[str, Any] | None = None


def _find_statement(same_chat: Any) -> Any:
    latest = (
        select(func.max(_MESSAGES.c.created_at))
        .where(_MESSAGES.c.conversation_id == _CONVERSATIONS.c.id)
        .scalar_subquery()
    )
    return (
        select(_CONVERSATIONS.c.id, _CONVERSATIONS.c.state, latest)
        .where(
            _CONVERSATIONS.c.creator_id == bindparam("creator"),
            _CONVERSATIONS.c.channel == bindparam("channel"),
            same_chat,
        )
        .order_by(_CONVERSATIONS.c.created_at.desc())
        .limit(1)
    )


_FIND_IN_CHAT = _find_statement(_CONVERSATIONS.c.chat_id == bindparam("chat"))
_FIND_WITHOUT_CHAT = _find_statement(_CONVERSATIONS.c.chat_id.is_(None))


def open_conversation(
    session: Session, creator_id: uuid.UUID, channel: str, chat_id: str | None, *, now: datetime
) -> OpenConversation:
    """The creator's conversation in this chat (created on first use), read in one query."""
    chat = chat_id[:64] if chat_id else None
    params: dict[str, Any] = {"creator": creator_id, "channel": channel[:16]}
    if chat is not None:
        params["chat"] = chat
    statement = _FIND_IN_CHAT if chat is not None else _FIND_WITHOUT_CHAT
    found = session.connection().execute(statement, params).first()
    if found is not None:
        return OpenConversation(found[0], found[1] or {}, found[2])
    return _new_conversation(session, creator_id, channel[:16], chat, now)


def _new_conversation(
    session: Session, creator_id: uuid.UUID, channel: str, chat: str | None, now: datetime
) -> OpenConversation:
    conversation = Conversation(
        creator_id=creator_id,
        channel=channel,
        chat_id=chat,
        state={},
        created_at=now,
        updated_at=now,
    )
    session.add(conversation)
    session.flush()
    return OpenConversation(conversation.id, {}, None)


def own_conversation(
    session: Session, creator_id: uuid.UUID, conversation_id: uuid.UUID
) -> Conversation:
    """The creator's conversation with this id; NotFound for anyone else's."""
    conversation = session.get(Conversation, conversation_id)
    if conversation is None or conversation.creator_id != creator_id:
        raise NotFound("conversation not found")
    return conversation


def add_message(
    connection: Connection,
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
    last = after if after is not None else _last_message_at(connection, conversation_id)
    when = _next_time(now, last)
    message = NewMessage(role, content, tool_name, payload)
    connection.execute(_INSERT_MESSAGE, _row(conversation_id, message, when))
    return when


def record_turn(
    connection: Connection,
    conversation_id: uuid.UUID,
    messages: Sequence[NewMessage],
    state: ConversationState,
    *,
    now: datetime,
    after: datetime | None,
    opened: dict[str, Any] | None = None,
) -> bool:
    """Store the messages (each later than ``after`` and the one before) and the state together.

    ``after`` is the conversation's last message time (None: it has none). ``opened`` is the
    state as the turn read it: only what the turn changed is written over what another turn of
    the same chat (a double tap, a second webhook worker) stored meanwhile. Returns False, and
    stores nothing, when the conversation is gone (deleted meanwhile).
    """
    stored = connection.execute(_LOCK_STATE, {"conversation": conversation_id}).first()
    if stored is None:
        return False
    merged = merge_state(opened, state.to_dict(), stored[0])
    connection.execute(
        _SAVE_STATE, {"conversation": conversation_id, "new_state": merged, "now": now}
    )
    rows = []
    for message in messages:
        after = _next_time(now, after)
        rows.append(_row(conversation_id, message, after))
    if rows:
        connection.execute(_INSERT_MESSAGE, rows)
    return True


def take_draft(session: Session, conversation_id: uuid.UUID, *, now: datetime) -> bool:
    """Clear the conversation's stored draft under its row lock, in the caller's unit of work;
    False when no draft is stored any more (another turn of the chat saved or discarded it)."""
    connection = session.connection()
    stored = connection.execute(_LOCK_STATE, {"conversation": conversation_id}).first()
    if stored is None or not isinstance(stored[0], dict):
        return False
    state = ConversationState.from_dict(stored[0])
    if state.draft is None:
        return False
    state.draft = None
    params = {"conversation": conversation_id, "new_state": state.to_dict(), "now": now}
    connection.execute(_SAVE_STATE, params)
    return True


def merge_state(
    opened: dict[str, Any] | None, mine: dict[str, Any], stored: dict[str, Any] | None
) -> dict[str, Any]:
    """The turn's state where it changed what it ``opened`` with, else what is ``stored`` now.

    Without ``opened`` (a caller that read nothing), the turn's state wins whole.
    """
    if opened is None or not isinstance(stored, dict):
        return mine
    current = ConversationState.from_dict(stored).to_dict()
    return {k: v if v != opened.get(k) else current[k] for k, v in mine.items()}


def _next_time(now: datetime, last: datetime | None) -> datetime:
    return max(now, last + TICK) if last is not None else now


def _row(conversation_id: uuid.UUID, message: NewMessage, when: datetime) -> dict[str, Any]:
    return {
        "conversation_id": conversation_id,
        "role": message.role,
        "content": message.content[:MAX_STORED_CHARS],
        "tool_name": message.tool_name[:64] if message.tool_name else None,
        "payload": message.payload or {},
        "created_at": when,
    }


def _last_message_at(connection: Connection, conversation_id: uuid.UUID) -> datetime | None:
    found: datetime | None = connection.scalar(_LAST_MESSAGE_AT, {"conversation": conversation_id})
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


def save_state(
    connection: Connection, conversation_id: uuid.UUID, state: ConversationState, *, now: datetime
) -> bool:
    """Store the state in one UPDATE; False when the conversation is gone (deleted meanwhile)."""
    result = connection.execute(
        _SAVE_STATE, {"conversation": conversation_id, "new_state": state.to_dict(), "now": now}
    )
    return bool(result.rowcount)
