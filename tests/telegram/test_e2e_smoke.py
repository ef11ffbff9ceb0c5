"""Smoke test over real HTTP: PTB's Application with long polling, the renderer, the sender and the
local Bot API server fit together, with faults injected on the way."""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from telegram import Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.telegram.render import render_reply, sign_callback, verify_callback
from bot.telegram.send import send_reply
from context.reply import Action, Button, ContentRef, Headline, Paragraph, Reply
from tests.support.fakes.botapi_server import BotApiServer
from tests.support.fakes.botapi_state import StoredMessage
from tests.support.telegram_samples import HOSTILE_TITLES, squash

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
SECRET = b"smoke-secret"
ALICE, BOB = 501, 502
EXPIRED = "This button has expired."
FAST_RETRIES = (0.05,)


def dashboard(heading: str) -> Reply:
    """A reply full of hostile creator text, with per-piece buttons."""
    refs = tuple(
        ContentRef(n, t, "youtube", f"score {90 - n}") for n, t in enumerate(HOSTILE_TITLES, 1)
    )
    return Reply(
        blocks=(Headline(heading), *refs),
        buttons=(
            Button("Why #1 worked", Action("why", ("1",))),
            Button("Details", Action("details", ("1",)), row=1),
        ),
    )


def why(number: str) -> Reply:
    return Reply(
        blocks=(Headline(f"Why #{number} worked"), Paragraph("Posted at your best hour.")),
        buttons=(Button("Back", Action("top")),),
        edit_in_place=True,
    )


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_user and update.effective_chat and update.message
    reply = dashboard(f"You said: {update.message.text}")
    rendered = render_reply(reply, str(update.effective_user.id), SECRET)
    await send_reply(context.bot, update.effective_chat.id, rendered, delays=FAST_RETRIES)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None and query.message is not None
    action = verify_callback(query.data or "", str(query.from_user.id), SECRET)
    if action is None:
        await query.answer(EXPIRED)
        return
    await query.answer()
    reply = why(action.args[0]) if action.name == "why" else dashboard("Top performers")
    reply = Reply(reply.blocks, reply.buttons, edit_in_place=True)
    rendered = render_reply(reply, str(query.from_user.id), SECRET)
    await send_reply(
        context.bot,
        query.message.chat.id,
        rendered,
        edit_message_id=query.message.message_id,
        delays=FAST_RETRIES,
    )


@dataclass
class RunningBot:
    app: Application[Any, Any, Any, Any, Any, Any]
    errors: list[object] = field(default_factory=list)


@pytest.fixture
async def running_bot(botapi: BotApiServer) -> AsyncIterator[RunningBot]:
    app = (
        ApplicationBuilder()
        .token(botapi.token)
        .base_url(botapi.base_url)
        .base_file_url(botapi.base_file_url)
        .rate_limiter(AIORateLimiter(max_retries=2))
        .build()
    )
    running = RunningBot(app)

    async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        running.errors.append(context.error)

    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, on_text))
    app.add_handler(CallbackQueryHandler(on_button))
    app.add_error_handler(on_error)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(timeout=datetime.timedelta(seconds=2))
        await botapi.wait_for(lambda: botapi.polling)
        yield running
        await app.updater.stop()
        await app.stop()
    assert running.errors == []
    botapi.assert_no_violations()
    assert botapi.unanswered_callbacks() == []


async def say(botapi: BotApiServer, user: int, text: str) -> StoredMessage:
    """A person sends text; wait for exactly one new bot message and return it."""
    before = len(botapi.bot_messages(user))
    botapi.push_text(user, user, text)
    await botapi.wait_for(lambda: len(botapi.bot_messages(user)) > before)
    return botapi.bot_messages(user)[-1]


async def test_a_reply_with_buttons_is_edited_in_place(
    botapi: BotApiServer, running_bot: RunningBot
) -> None:
    message = await say(botapi, ALICE, "<b>hi</b> & top")
    assert message.text.startswith("You said: <b>hi</b> & top")
    for title in HOSTILE_TITLES:
        assert squash(title)[:40] in squash(message.text)
    assert [b["text"] for b in message.buttons] == ["Why #1 worked", "Details"]

    query_id = botapi.press(ALICE, ALICE, message.message_id, "Why #1 worked")
    await botapi.wait_for(lambda: len(message.history) == 1)
    assert message.text == "Why #1 worked\n\nPosted at your best hour."
    assert [b["text"] for b in message.buttons] == ["Back"]
    assert botapi.store.callbacks[query_id]

    botapi.press(ALICE, ALICE, message.message_id, "Back")
    await botapi.wait_for(lambda: len(message.history) == 2)
    assert message.text.startswith("Top performers")
    assert len(botapi.bot_messages(ALICE)) == 1  # edits, never a flood of new messages


async def test_a_forged_or_foreign_button_is_expired(
    botapi: BotApiServer, running_bot: RunningBot
) -> None:
    message = await say(botapi, BOB, "hello")
    alices_button = sign_callback(Action("why", ("1",)), str(ALICE), SECRET)
    for data in (alices_button, "why:1|AAAAAAAAAAA", "why:1"):
        botapi.push_callback(BOB, BOB, message.message_id, data, forged=True)
        await botapi.wait_for(lambda: not botapi.unanswered_callbacks())
    answers = [c.params.get("text") for c in botapi.calls("answerCallbackQuery")]
    assert answers == [EXPIRED] * 3
    assert message.history == [] and message.text.startswith("You said: hello")


@pytest.mark.parametrize(
    ("inject", "statuses"),
    [
        (lambda s: s.throttle_next("sendMessage", retry_after=1), [429, 200, 200]),
        (lambda s: s.fail_next("sendMessage", status=500), [500, 200, 200]),
        (lambda s: s.delay_next("sendMessage", seconds=0.3), [200, 200]),
    ],
    ids=["429-retry-after", "500", "slow"],
)
async def test_a_reply_arrives_exactly_once_despite_a_fault(
    botapi: BotApiServer, running_bot: RunningBot, inject: Any, statuses: list[int]
) -> None:
    inject(botapi)
    first = await say(botapi, ALICE, "first")
    second = await say(botapi, ALICE, "second")  # handled strictly after the first finished
    assert [m.message_id for m in botapi.bot_messages(ALICE)] == [
        first.message_id,
        second.message_id,
    ]
    assert first.text.startswith("You said: first")
    assert [c.status for c in botapi.calls("sendMessage", chat_id=ALICE)] == statuses
