"""Seeding simulated creators and talking to the agent the way a front-end does."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from context.agent import Agent
from context.reply import Action, ChatRequest, Reply
from context.state import ConversationState
from simulator import enable_demo
from storage import Database
from storage.creators import find_creator, link_identity
from storage.models import ChatMessage, Conversation

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
CHANNEL = "console"


def seed_creator(
    db: Database, handle: str, *, pieces: int, seed: int, niche: str = "tech_reviews"
) -> uuid.UUID:
    """A demo creator with simulated content, scored through the real pipeline."""
    with db.unit_of_work() as session:
        result = enable_demo(
            session, handle=handle, niche=niche, profile="mid", pieces=pieces, seed=seed, now=NOW
        )
        return result.creator_id


def creator_id(db: Database, handle: str) -> uuid.UUID:
    """The id of the creator with this handle."""
    with db.read() as session:
        creator = find_creator(session, handle)
        assert creator is not None
        return creator.id


class Chat:
    """One chat account linked to a creator, talking to an agent."""

    def __init__(self, agent: Agent, db: Database, handle: str, chat: str = "main") -> None:
        self.agent, self.db = agent, db
        self.external_id = f"{handle}-{chat}"
        with db.unit_of_work() as session:
            creator = find_creator(session, handle)
            assert creator is not None
            link_identity(session, creator, CHANNEL, self.external_id, self.external_id, now=NOW)
            self.creator_id = creator.id

    def say(self, text: str) -> Reply:
        """Send a typed message."""
        return self.agent.handle(
            ChatRequest(CHANNEL, self.external_id, self.external_id, text=text)
        )

    def press(self, action: Action | str) -> Reply:
        """Press a button."""
        pressed = Action.decode(action) if isinstance(action, str) else action
        return self.agent.handle(
            ChatRequest(CHANNEL, self.external_id, self.external_id, action=pressed)
        )

    def _conversation(self, session: Session) -> Conversation:
        found = session.scalar(
            select(Conversation).where(
                Conversation.creator_id == self.creator_id,
                Conversation.chat_id == self.external_id,
            )
        )
        assert found is not None
        return found

    def conversation_id(self) -> uuid.UUID:
        """This chat's stored conversation."""
        with self.db.read() as session:
            return self._conversation(session).id

    def messages(self) -> list[ChatMessage]:
        """Every stored message of this chat, oldest first."""
        with self.db.unit_of_work() as session:
            conversation_id = self._conversation(session).id
            found = list(
                session.scalars(
                    select(ChatMessage)
                    .where(ChatMessage.conversation_id == conversation_id)
                    .order_by(ChatMessage.created_at)
                )
            )
            session.expunge_all()
            return found

    def last_answer(self) -> ChatMessage:
        """The agent's last stored answer."""
        answers = [m for m in self.messages() if m.role == "assistant"]
        assert answers, "the agent stored no answer"
        return answers[-1]

    def state(self) -> ConversationState:
        """The conversation's remembered state."""
        with self.db.read() as session:
            return ConversationState.from_dict(dict(self._conversation(session).state))
