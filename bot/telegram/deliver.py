"""Deliver an agent reply to a chat: new messages for a turn, an edit in place for a button.

Edits change text, never pictures: a reply that replaces the pressed message is shown without
its chart (the chart already on screen stays), so tapping through tabs or ticking plan items
edits one message instead of adding a photo per tap. A pressed photo gets its caption replaced
when the new text fits in one; otherwise the reply comes as a new message.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from telegram import Bot, Message
from telegram.error import BadRequest

from bot.charts.draw import draw_or_none
from bot.telegram.photos import REFUSED_ID, PhotoIds
from bot.telegram.render import TelegramReply, render_reply
from bot.telegram.send import NOT_MODIFIED, send_reply, with_retries
from bot.telegram.web_app import dashboard_button
from context.reply import ChartSpec, Reply

ChartRenderer = Callable[[ChartSpec], bytes]
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivery:
    """How to reach the chat and sign buttons, and what to draw charts with."""

    bot: Bot
    secret: bytes
    chart_renderer: ChartRenderer
    delays: Sequence[float]
    photos: PhotoIds = field(default_factory=PhotoIds)
    # The https address the web pages are served at: dashboards get an "Open" Mini App button.
    public_url: str | None = None


async def deliver(
    delivery: Delivery,
    chat_id: int,
    reply: Reply,
    creator_key: str | None,
    *,
    pressed: Message | None = None,
) -> list[int]:
    """Send ``reply`` with buttons signed for ``creator_key``; returns the shown message ids."""
    if creator_key is None:  # nobody to sign for (e.g. the account was just deleted)
        reply = replace(reply, buttons=())
    in_place = pressed is not None and reply.edit_in_place
    if in_place:
        reply = replace(reply, chart=None)
    web_app = dashboard_button(delivery.public_url, reply) if creator_key else None
    extra = (web_app,) if web_app is not None else ()
    # Layout grows with the text: it runs in a worker thread, never on the event loop.
    rendered = await asyncio.to_thread(
        functools.partial(render_reply, extra_row=extra),
        reply,
        creator_key or "",
        delivery.secret,
    )
    if in_place and pressed is not None and pressed.photo:
        if await _edit_caption(delivery, chat_id, pressed, reply, creator_key or ""):
            return [pressed.message_id]
        pressed = None
    edit = pressed.message_id if in_place and pressed is not None else None
    chart = reply.chart
    if chart is not None and (known := delivery.photos.get(chart)) is not None:
        try:
            return await _send(delivery, chat_id, rendered, known, edit, chart)
        except BadRequest as refused:  # the photo goes first: nothing was sent yet
            if REFUSED_ID not in refused.message.lower():
                raise
            delivery.photos.forget(chart)
    png = await _chart_png(delivery, chart)
    return await _send(delivery, chat_id, rendered, png, edit, chart)


async def _send(
    delivery: Delivery,
    chat_id: int,
    rendered: TelegramReply,
    photo: bytes | str | None,
    edit: int | None,
    chart: ChartSpec | None,
) -> list[int]:
    def uploaded(message: Message) -> None:
        if chart is not None and isinstance(photo, bytes):
            delivery.photos.remember(chart, message.photo[-1].file_id)

    return await send_reply(
        delivery.bot,
        chat_id,
        rendered,
        chart_png=photo,
        edit_message_id=edit,
        delays=delivery.delays,
        on_photo=uploaded,
    )


async def _edit_caption(
    delivery: Delivery, chat_id: int, pressed: Message, reply: Reply, creator_key: str
) -> bool:
    """Replace a photo's caption and keyboard when the whole reply fits in one caption."""
    web_app = dashboard_button(delivery.public_url, reply)
    as_caption: TelegramReply = await asyncio.to_thread(
        functools.partial(render_reply, extra_row=(web_app,) if web_app is not None else ()),
        replace(reply, chart=ChartSpec("caption", "")),
        creator_key,
        delivery.secret,
    )
    if len(as_caption.parts) != 1:
        return False
    part = as_caption.parts[0]

    async def call() -> object:
        return await delivery.bot.edit_message_caption(
            chat_id=chat_id,
            message_id=pressed.message_id,
            caption=part.html,
            parse_mode=as_caption.parse_mode,
            reply_markup=part.keyboard,
        )

    try:
        await with_retries(call, "editMessageCaption", idempotent=True, delays=delivery.delays)
    except BadRequest as exc:
        if NOT_MODIFIED in exc.message.lower():
            return True
        _log.info("caption of %s could not be edited (%s)", pressed.message_id, exc.message)
        return False
    return True


async def _chart_png(delivery: Delivery, chart: ChartSpec | None) -> bytes | None:
    """The chart as PNG, drawn in a worker thread; None (text only) when it cannot be drawn."""
    return await draw_or_none(delivery.chart_renderer, chart)
