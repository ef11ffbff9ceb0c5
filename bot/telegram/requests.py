"""Translate Telegram messages and button presses into neutral ChatRequests."""

from __future__ import annotations

from telegram import Bot, Message, User

from context.reply import Action, Attachment, ChatRequest
from storage.errors import InvalidInput

CHANNEL = "telegram"
# Bots may download files up to 20 MB; analytics exports are far smaller.
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


def display_name(user: User) -> str:
    """The name Telegram shows for a person (first and last name)."""
    return user.full_name


def request_for_message(
    message: Message, user: User, attachment: Attachment | None = None
) -> ChatRequest:
    """A ChatRequest for text, a command, a document (with its caption) or a location."""
    location = (message.location.latitude, message.location.longitude) if message.location else None
    return ChatRequest(
        channel=CHANNEL,
        external_id=str(user.id),
        chat_id=str(message.chat.id),
        text=message.text or message.caption,
        display_name=display_name(user),
        attachment=attachment,
        location=location,
    )


def request_for_action(user: User, chat_id: int, action: Action) -> ChatRequest:
    """A ChatRequest for a verified button press."""
    return ChatRequest(
        channel=CHANNEL,
        external_id=str(user.id),
        chat_id=str(chat_id),
        action=action,
        display_name=display_name(user),
    )


async def download_document(bot: Bot, message: Message) -> Attachment | None:
    """The document a message carries, downloaded through getFile; None when there is none.

    Raises InvalidInput (a message for the creator) when the file is too large to accept.
    """
    document = message.document
    if document is None:
        return None
    name = document.file_name or "upload"
    if document.file_size is not None and document.file_size > MAX_ATTACHMENT_BYTES:
        raise InvalidInput(f"{name} is too large: I accept files up to 10 MB.")
    file = await bot.get_file(document.file_id)
    data = bytes(await file.download_as_bytearray())
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise InvalidInput(f"{name} is too large: I accept files up to 10 MB.")
    return Attachment(filename=name, data=data)
