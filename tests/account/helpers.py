"""Drive the account flows turn by turn, each turn in its own unit of work like the agent does."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import func, select

from context.account.turn import AccountTurn, handle_account_turn
from context.reply import Action, ChatRequest, Reply
from storage import Database
from storage.creators import CreatorView, find_identity, get_creator
from storage.models import Creator

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@dataclass
class Chat:
    """One chat account (a channel and a user id) talking to the account flows."""

    db: Database
    external_id: str = "1001"
    channel: str = "telegram"
    name: str = "Mia"
    now: datetime = NOW
    turns: list[AccountTurn] = field(default_factory=list)

    def send(self, text: str | None = None, **extra: object) -> AccountTurn:
        """One turn with ``text`` (or a location, via extra) and the chat's identity."""
        request = ChatRequest(
            channel=self.channel,
            external_id=self.external_id,
            chat_id=f"chat-{self.external_id}",
            text=text,
            display_name=self.name,
            **extra,  # type: ignore[arg-type]
        )
        with self.db.unit_of_work() as session:
            turn = handle_account_turn(session, request, now=self.now)
        self.turns.append(turn)
        return turn

    def press(self, name: str, *args: str) -> AccountTurn:
        """Press a button carrying ``Action(name, args)``."""
        return self.send(action=Action(name, tuple(args)))

    def reply(self, text: str | None = None, **extra: object) -> Reply:
        """Send and return the reply, which must be set."""
        turn = self.send(text, **extra)
        assert turn.reply is not None, f"the account flow did not answer {text!r}"
        return turn.reply

    def creator_id(self) -> uuid.UUID | None:
        """Who this chat account reaches now."""
        with self.db.read() as session:
            identity = find_identity(session, self.channel, self.external_id)
            return identity.creator_id if identity else None

    def creator(self) -> CreatorView:
        """The linked creator's settings."""
        creator_id = self.creator_id()
        assert creator_id is not None, "this chat is not linked"
        with self.db.read() as session:
            return CreatorView.of(get_creator(session, creator_id))


def actions(reply: Reply) -> list[str]:
    """Every button's encoded action, in order."""
    return [button.action.encode() for button in reply.buttons]


def creator_count(db: Database) -> int:
    """How many creators exist."""
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Creator)) or 0)
