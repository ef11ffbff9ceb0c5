"""Send a rendered reply through python-telegram-bot: edit in place when asked, retry what is safe.

RetryAfter (429) is retried by the Application's AIORateLimiter. Here: a send that failed with a
network error or a 5xx is retried after a short pause, since Telegram did not take it; a send
that timed out is not (Telegram may have delivered it, and a second copy would flood the chat),
while edits, being idempotent, are retried after a timeout too.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from telegram import Bot, Message
from telegram.error import BadRequest, NetworkError, TimedOut

from bot.telegram.render import EMPTY_TEXT, TelegramPart, TelegramReply

T = TypeVar("T")
RETRY_DELAYS = (0.25, 1.0)
NOT_MODIFIED = "message is not modified"
_log = logging.getLogger(__name__)


async def with_retries(
    call: Callable[[], Awaitable[T]],
    what: str,
    *,
    idempotent: bool,
    delays: Sequence[float] = RETRY_DELAYS,
) -> T:
    """Run a Bot API call, retrying network errors (and timeouts when ``idempotent``)."""
    for delay in (*delays, None):
        try:
            return await call()
        except BadRequest:
            raise
        except TimedOut:
            if not idempotent or delay is None:
                raise
            _log.warning("%s timed out; retrying in %.2fs", what, delay)
        except NetworkError as exc:
            if delay is None:
                raise
            _log.warning("%s failed (%s); retrying in %.2fs", what, type(exc).__name__, delay)
        await asyncio.sleep(delay)
    raise AssertionError("unreachable: the last attempt either returns or raises")


async def send_reply(
    bot: Bot,
    chat_id: int,
    rendered: TelegramReply,
    *,
    chart_png: bytes | str | None = None,
    edit_message_id: int | None = None,
    delays: Sequence[float] = RETRY_DELAYS,
    on_photo: Callable[[Message], None] | None = None,
) -> list[int]:
    """Deliver a rendered reply; returns the ids of the messages now showing it, in order.

    With ``edit_message_id`` and ``rendered.edit_in_place`` the first text part replaces that
    message (same content is fine); if it can no longer be edited, it is sent as a new message.
    ``chart_png`` is the chart's PNG or the file_id of an earlier upload of it; a chart part
    without it is sent as text. ``on_photo`` gets the sent photo's message.
    """
    parts = list(rendered.parts)
    shown: list[int] = []
    mode = rendered.parse_mode
    editable = bool(parts) and parts[0].kind == "text" and rendered.edit_in_place
    if (
        editable
        and edit_message_id is not None
        and await _edit(bot, chat_id, edit_message_id, parts[0], mode, delays)
    ):
        shown.append(edit_message_id)
        parts.pop(0)
    for part in parts:
        message = await _send(bot, chat_id, part, mode, chart_png, delays)
        shown.append(message.message_id)
        if on_photo is not None and message.photo:
            on_photo(message)
    return shown


async def _edit(
    bot: Bot,
    chat_id: int,
    message_id: int,
    part: TelegramPart,
    mode: str,
    delays: Sequence[float],
) -> bool:
    async def call() -> Message | bool:
        return await bot.edit_message_text(
            part.html,
            chat_id=chat_id,
            message_id=message_id,
            parse_mode=mode,
            reply_markup=part.keyboard,
        )

    try:
        await with_retries(call, "editMessageText", idempotent=True, delays=delays)
    except BadRequest as exc:
        if NOT_MODIFIED in exc.message.lower():
            return True
        _log.info("message %s could not be edited (%s); sending anew", message_id, exc.message)
        return False
    return True


async def _send(
    bot: Bot,
    chat_id: int,
    part: TelegramPart,
    mode: str,
    chart_png: bytes | str | None,
    delays: Sequence[float],
) -> Message:
    if part.kind == "photo" and chart_png is not None:
        png = chart_png

        async def photo() -> Message:
            return await bot.send_photo(
                chat_id, png, caption=part.html or None, parse_mode=mode, reply_markup=part.keyboard
            )

        return await with_retries(photo, "sendPhoto", idempotent=False, delays=delays)

    async def text() -> Message:
        return await bot.send_message(
            chat_id, part.html or EMPTY_TEXT, parse_mode=mode, reply_markup=part.keyboard
        )

    return await with_retries(text, "sendMessage", idempotent=False, delays=delays)
