"""The account flows the agent runs first on every turn: who is this, and is this turn about the
account (onboarding, linking, timezone, demo mode, settings, deleting data) rather than content?

``handle_account_turn`` resolves the chat identity to a creator and, when the turn belongs to the
account flows, answers it. Otherwise it returns the creator with no reply and the agent goes on.
Nothing waits for a typed answer across turns: a code, a timezone or a city is recognised from
the message itself, so any worker can take any turn.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.orm import Session

from context.account import flows, settings
from context.account.state import AccountContext
from context.account.timezones import zone_from_text
from context.account.views import (
    ACTION_DEMO,
    ACTION_FORGET,
    ACTION_LINK,
    ACTION_SETTINGS,
    ACTION_TZ,
)
from context.reply import ChatRequest, Reply
from storage.creators import find_identity_link, set_identity_chat
from storage.linking import normalise_code
from storage.models import Creator

# Shown in every front-end's command menu beside the agent's own commands.
ACCOUNT_COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "Set up, or link this chat with a code"),
    ("settings", "Timezone, digest time, digest and reminders"),
    ("demo", "Try demo mode with simulated content"),
    ("link", "Use whatsworking in another chat app"),
    ("forgetme", "Delete all your data"),
)
ACCOUNT_ACTIONS = frozenset({ACTION_TZ, ACTION_DEMO, ACTION_SETTINGS, ACTION_FORGET, ACTION_LINK})


@dataclass(frozen=True)
class AccountTurn:
    """The creator this chat identity resolves to, and the reply when the account flow answered."""

    creator_id: uuid.UUID | None  # None while the identity is not linked (or was just deleted)
    reply: Reply | None  # set when the account flow answered; the agent returns it as is


def parse_command(text: str | None) -> tuple[str | None, str]:
    """('settings', 'digest 07:30') for '/settings@bot digest 07:30'; (None, text) otherwise."""
    stripped = (text or "").strip()
    if not stripped.startswith("/"):
        return None, stripped
    head, _, rest = stripped.partition(" ")
    return head[1:].split("@", 1)[0].lower(), rest.strip()


def handle_account_turn(session: Session, request: ChatRequest, *, now: datetime) -> AccountTurn:
    """Resolve the identity and answer the turn when it is about the account."""
    command, argument = parse_command(request.text)
    link = find_identity_link(session, request.channel, request.external_id)
    if link is None:
        turn = AccountContext(session, request, now, None)
        creator_id, reply = flows.unlinked_turn(turn, command, argument)
        return AccountTurn(creator_id, reply)
    if request.chat_id and link.chat_id != request.chat_id:
        set_identity_chat(session, link.id, request.chat_id)
    if not _is_account_turn(request, command, argument):
        return AccountTurn(link.creator_id, None)
    turn = AccountContext(session, request, now, session.get(Creator, link.creator_id))
    creator_id, reply = _linked_turn(turn, command, argument)
    if request.action is None and reply.edit_in_place:
        reply = replace(reply, edit_in_place=False)  # a typed turn has no message to edit
    return AccountTurn(creator_id, reply)


def _is_account_turn(request: ChatRequest, command: str | None, argument: str) -> bool:
    """Cheap checks first: most turns are questions for the agent and touch nothing here."""
    if request.action is not None:
        return request.action.name in ACCOUNT_ACTIONS
    if request.location is not None:
        return True
    if command is not None:
        return command in flows.COMMANDS
    return _typed_code(argument) is not None or zone_from_text(argument) is not None


def _typed_code(text: str) -> str | None:
    """A link code typed on its own, in its dashed form (so plain words never look like one)."""
    return normalise_code(text) if "-" in text else None


def _linked_turn(
    turn: AccountContext, command: str | None, argument: str
) -> tuple[uuid.UUID | None, Reply]:
    request = turn.request
    if request.action is not None:
        return flows.action_turn(turn, request.action)
    if request.location is not None:
        return turn.creator_id, settings.timezone_from_location(turn, *request.location)
    if command is not None:
        return flows.command_turn(turn, command, argument)
    if _typed_code(argument) is not None:
        return flows.redeem(turn, argument)
    return turn.creator_id, settings.set_typed_timezone(turn, argument)
