"""The Telegram front-end: updates become ChatRequests, the agent's Replies become messages.

Thin on purpose: no business logic here. Domain calls run in worker threads; buttons are signed
for the creator the chat reaches and checked on arrival; every callback query is answered.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from telegram import Bot, CallbackQuery, Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.charts import render_chart
from bot.chat.fair_share import BUSY
from bot.chat.identities import CreatorKeys
from bot.chat.turn import run_turns
from bot.chat.turn_pools import run_turn
from bot.telegram.deliver import ChartRenderer, Delivery, deliver
from bot.telegram.photos import PhotoIds
from bot.telegram.render import render_reply, verify_callback
from bot.telegram.requests import (
    CHANNEL,
    download_document,
    request_for_action,
    request_for_message,
)
from bot.telegram.send import RETRY_DELAYS, send_reply, with_retries
from context.reply import ChatAgent, ChatRequest, text_reply
from storage.errors import DomainError

EXPIRED = "This button has expired."
FRIENDLY_ERROR = "Sorry, something went wrong on my side. Please try again in a minute."
PRIVATE_ONLY = "Your numbers are private, so I only answer in a direct chat: message me there."
_log = logging.getLogger(__name__)


@dataclass
class TelegramFrontEnd:
    """Handlers for text, files, locations and button presses, bound to one agent."""

    agent: ChatAgent
    keys: CreatorKeys
    secret: bytes
    chart_renderer: ChartRenderer = render_chart  # a pool is its owner's to close (the App's)
    delays: Sequence[float] = RETRY_DELAYS
    photos: PhotoIds = field(default_factory=PhotoIds)
    public_url: str | None = None

    async def on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Text, a command, a document or a location in a private chat."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None:
            return
        if message.chat.type != ChatType.PRIVATE:
            if (message.text or "").startswith("/"):  # other group chatter is not for us
                await self._say(context.bot, message.chat.id, PRIVATE_ONLY)
            return
        try:
            attachment = await download_document(context.bot, message)
        except DomainError as problem:
            await self._say(context.bot, message.chat.id, str(problem))
            return
        request = request_for_message(message, user, attachment)
        await self._respond(context.bot, message.chat.id, request)

    async def on_callback(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A button press: verified against the creator the chat reaches, answered always."""
        query = update.callback_query
        if query is None:
            return
        try:
            key = await asyncio.to_thread(self.keys.creator_key, CHANNEL, str(query.from_user.id))
        except Exception:
            await self._answer_query(query)  # the error handler then tells the creator
            raise
        message = query.message
        action = verify_callback(query.data or "", key, self.secret) if key else None
        if action is None or not isinstance(message, Message):
            await self._answer_query(query, EXPIRED)
            return
        await self._answer_query(query)
        request = request_for_action(query.from_user, message.chat.id, action)
        await self._respond(context.bot, message.chat.id, request, pressed=message)

    async def _answer_query(self, query: CallbackQuery, text: str | None = None) -> None:
        async def call() -> bool:
            return await query.answer(text)

        try:
            await with_retries(call, "answerCallbackQuery", idempotent=False, delays=self.delays)
        except TelegramError as failure:  # the spinner stops by itself; the reply still comes
            _log.warning("callback query not answered: %s", type(failure).__name__)

    async def _respond(
        self, bot: Bot, chat_id: int, request: ChatRequest, *, pressed: Message | None = None
    ) -> None:
        answer = await run_turn(
            (request,), lambda: run_turns(self.agent, self.keys, CHANNEL, [request])
        )
        delivery = Delivery(
            bot, self.secret, self.chart_renderer, self.delays, self.photos, self.public_url
        )
        await deliver(delivery, chat_id, answer.reply, answer.creator_key, pressed=pressed)

    async def on_busy(self, bot: Bot, update: Update, first: bool) -> None:
        """An update beyond its chat's share: a press is answered, a message told once a burst."""
        if update.callback_query is not None:
            await self._answer_query(update.callback_query, BUSY)
            return
        if not first or update.effective_chat is None:
            return
        try:
            await self._say(bot, update.effective_chat.id, BUSY)
        except TelegramError as failure:
            _log.warning("could not tell a busy chat to wait: %s", type(failure).__name__)

    async def _say(self, bot: Bot, chat_id: int, text: str) -> None:
        rendered = render_reply(text_reply(text), "", self.secret)
        await send_reply(bot, chat_id, rendered, delays=self.delays)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the failure without secrets and tell the creator in one friendly line."""
        error = context.error
        update_id = update.update_id if isinstance(update, Update) else "-"
        # The type only: messages (an SQL error's parameters, say) may quote what a creator wrote.
        _log.error("update %s failed: %s", update_id, type(error).__name__)
        if error is not None:
            _log.debug("update %s traceback", update_id, exc_info=error)
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            return
        try:
            await self._say(context.bot, chat.id, FRIENDLY_ERROR)
        except TelegramError as failure:
            _log.warning("could not tell chat about the failure: %s", type(failure).__name__)
