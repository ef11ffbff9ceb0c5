"""Sending rendered replies: parts in order, charts as photos, edits in place, safe retries."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot
from telegram.error import BadRequest, NetworkError, TimedOut

from bot.telegram.render import render_reply
from bot.telegram.send import send_reply, with_retries
from context.reply import Action, Button, ChartSpec, Headline, Paragraph, Reply
from tests.support.fakes.botapi_server import BotApiServer
from tests.support.telegram_samples import tiny_png

CHAT = 2002
SECRET = b"k"
NO_WAIT = (0.0, 0.0)


@pytest.fixture
async def bot(botapi: BotApiServer) -> AsyncIterator[Bot]:
    async with Bot(botapi.token, base_url=botapi.base_url) as b:
        yield b


def reply(text: str, *, chart: bool = False, edit: bool = False) -> Reply:
    return Reply(
        blocks=(Headline("Scores"), Paragraph(text)),
        buttons=(Button("Back", Action("top")),),
        chart=ChartSpec("score_distribution", "Scores") if chart else None,
        edit_in_place=edit,
    )


async def test_a_chart_goes_as_a_photo_and_the_keyboard_rides_on_the_last_part(
    bot: Bot, botapi: BotApiServer
) -> None:
    rendered = render_reply(reply("word " * 400, chart=True), "c1", SECRET)
    ids = await send_reply(bot, CHAT, rendered, chart_png=tiny_png())
    photo, text = botapi.bot_messages(CHAT)
    assert ids == [photo.message_id, text.message_id]
    assert photo.kind == "photo" and photo.text.startswith("Scores") and photo.buttons == []
    assert text.kind == "text" and [b["text"] for b in text.buttons] == ["Back"]
    botapi.assert_no_violations()


async def test_without_a_png_the_chart_caption_is_sent_as_text(
    bot: Bot, botapi: BotApiServer
) -> None:
    await send_reply(bot, CHAT, render_reply(reply("short", chart=True), "c1", SECRET))
    (only,) = botapi.bot_messages(CHAT)
    assert only.kind == "text" and only.text == "Scores\n\nshort" and only.buttons


async def test_edit_in_place_replaces_the_pressed_message(bot: Bot, botapi: BotApiServer) -> None:
    (first,) = await send_reply(bot, CHAT, render_reply(reply("one"), "c1", SECRET))
    edited = render_reply(reply("two", edit=True), "c1", SECRET)
    assert await send_reply(bot, CHAT, edited, edit_message_id=first) == [first]
    assert await send_reply(bot, CHAT, edited, edit_message_id=first) == [first]  # unchanged
    (message,) = botapi.bot_messages(CHAT)
    assert message.text == "Scores\n\ntwo" and len(message.history) == 1
    botapi.assert_no_violations()


async def test_a_message_that_can_no_longer_be_edited_is_sent_anew(
    bot: Bot, botapi: BotApiServer
) -> None:
    (first,) = await send_reply(bot, CHAT, render_reply(reply("one"), "c1", SECRET))
    await bot.delete_message(CHAT, first)
    edited = render_reply(reply("two", edit=True), "c1", SECRET)
    (second,) = await send_reply(bot, CHAT, edited, edit_message_id=first)
    assert second != first and botapi.message(CHAT, second).text == "Scores\n\ntwo"


async def test_a_5xx_is_retried_and_gives_up_after_the_last_delay(
    bot: Bot, botapi: BotApiServer
) -> None:
    botapi.fail_next("sendMessage", times=2)
    await send_reply(bot, CHAT, render_reply(reply("x"), "c1", SECRET), delays=NO_WAIT)
    assert [c.status for c in botapi.calls("sendMessage")] == [500, 500, 200]
    botapi.fail_next("sendMessage", times=3)
    with pytest.raises(NetworkError):
        await send_reply(bot, CHAT, render_reply(reply("y"), "c1", SECRET), delays=NO_WAIT)
    assert len(botapi.bot_messages(CHAT)) == 1


class Flaky:
    """A call failing with the given errors first, then answering."""

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.calls = 0

    async def __call__(self) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "ok"


async def test_timeouts_are_retried_only_for_idempotent_calls() -> None:
    edit = Flaky(TimedOut())
    assert await with_retries(edit, "edit", idempotent=True, delays=NO_WAIT) == "ok"
    assert edit.calls == 2
    send = Flaky(TimedOut())
    with pytest.raises(TimedOut):
        await with_retries(send, "send", idempotent=False, delays=NO_WAIT)
    assert send.calls == 1


async def test_bad_requests_are_never_retried() -> None:
    call = Flaky(BadRequest("Can't parse entities"))
    with pytest.raises(BadRequest):
        await with_retries(call, "send", idempotent=True, delays=NO_WAIT)
    assert call.calls == 1
