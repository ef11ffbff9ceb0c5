"""Translate Discord interactions and messages into neutral ChatRequests.

A slash command becomes the text the agent already understands ("/whatsworking 30d tiktok",
"/done 3.2", "/settings digest 07:30"); a plan from a piece becomes the button action the
agent hands out for it. The chat id is always the person's own user id: DMs on Discord are
addressed by user, so the scheduler reaches the same place whichever channel a turn came from.
"""

from __future__ import annotations

from dataclasses import dataclass

import discord

from context.actions import DIAGNOSE, MORE, on_piece
from context.reply import Action, Attachment, ChatRequest
from storage.errors import InvalidInput

CHANNEL = "discord"
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
TOO_LARGE = "{name} is too large: I accept files up to 10 MB."


@dataclass(frozen=True)
class Turn:
    """What the creator asked for: a command's text, or an action (exactly one is set)."""

    text: str | None = None
    action_name: str | None = None
    action_piece: int | None = None


def display_name(user: discord.abc.User) -> str:
    """The name Discord shows for a person."""
    return user.display_name


def request_for(user: discord.abc.User, turn: Turn) -> ChatRequest:
    """The ChatRequest of a slash command turn."""
    action = None
    if turn.action_name is not None and turn.action_piece is not None:
        action = on_piece(turn.action_name, turn.action_piece)
    return ChatRequest(
        channel=CHANNEL,
        external_id=str(user.id),
        chat_id=str(user.id),
        text=turn.text,
        action=action,
        display_name=display_name(user),
    )


def request_for_action(user: discord.abc.User, action: Action) -> ChatRequest:
    """The ChatRequest of a verified button press."""
    return ChatRequest(
        channel=CHANNEL,
        external_id=str(user.id),
        chat_id=str(user.id),
        action=action,
        display_name=display_name(user),
    )


def command(name: str, *arguments: str | None) -> Turn:
    """``/name arg1 arg2`` with empty arguments left out."""
    words = [name, *(a.strip() for a in arguments if a and a.strip())]
    return Turn(text="/" + " ".join(words))


def plan_from(piece: str, kind: str) -> Turn:
    """A plan drafted from a piece: the agent's 'more like this' or 'diagnose' action."""
    ref = piece.strip().lstrip("#")
    if ref.isdigit():
        return Turn(action_name=DIAGNOSE if kind == "diagnose" else MORE, action_piece=int(ref))
    phrase = "diagnose" if kind == "diagnose" else "make more like"
    return Turn(text=f"{phrase} {piece.strip()}")


def settings_turns(
    timezone: str | None, digest_time: str | None, digest: bool | None, reminders: bool | None
) -> list[Turn]:
    """One /settings turn per change asked for (the bare card when nothing is)."""
    changes: list[Turn] = []
    if timezone:
        changes.append(command("settings", "timezone", timezone))
    if digest_time:
        changes.append(command("settings", "digest", digest_time))
    if digest is not None:
        changes.append(command("settings", "digest", "on" if digest else "off"))
    if reminders is not None:
        changes.append(command("settings", "reminders", "on" if reminders else "off"))
    return changes or [command("settings")]


def message_text(message: discord.Message, bot_id: int | None) -> str:
    """A message's text without the mention of the bot that brought it here."""
    text = message.content
    if bot_id is not None:
        for mention in (f"<@{bot_id}>", f"<@!{bot_id}>"):
            text = text.replace(mention, " ")
    return text.strip()


def request_for_message(
    message: discord.Message, text: str, attachment: Attachment | None = None
) -> ChatRequest:
    """A ChatRequest for free text (or a file with its caption) in a DM or a mention."""
    author = message.author
    return ChatRequest(
        channel=CHANNEL,
        external_id=str(author.id),
        chat_id=str(author.id),
        text=text or None,
        display_name=display_name(author),
        attachment=attachment,
    )


async def read_attachment(message: discord.Message) -> Attachment | None:
    """The first file a message carries; InvalidInput (for the creator) when it is too large."""
    if not message.attachments:
        return None
    file = message.attachments[0]
    name = file.filename or "upload"
    if file.size > MAX_ATTACHMENT_BYTES:
        raise InvalidInput(TOO_LARGE.format(name=name))
    data = bytes(await file.read())
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise InvalidInput(TOO_LARGE.format(name=name))
    return Attachment(filename=name, data=data)
