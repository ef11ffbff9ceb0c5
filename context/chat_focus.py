"""Put one piece in focus in the creator's chat, so "why did it work?" there is about it.

The web page's "Ask in chat" calls this: the creator's most recent conversation remembers the
piece as the one being talked about (and as the last list shown), exactly as if the chat had
just shown its details.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from context.conversations import save_state
from context.state import ConversationState
from insights.content import content_detail
from storage.models import Conversation


def focus_in_chat(session: Session, creator_id: uuid.UUID, number: int, *, now: datetime) -> bool:
    """Focus piece ``number`` (NotFound if it is not the creator's) in their latest chat.

    False when the creator has not chatted yet, so there is no conversation to focus.
    """
    content_detail(session, creator_id, number, now=now)
    row = session.execute(
        select(Conversation.id, Conversation.state)
        .where(Conversation.creator_id == creator_id)
        .order_by(Conversation.updated_at.desc(), Conversation.created_at.desc())
        .limit(1)
    ).one_or_none()
    if row is None:
        return False
    state = ConversationState.from_dict(row.state)
    state.remember_list([number])
    save_state(session.connection(), row.id, state, now=now)
    return True
