"""The local Bot API server, driven by python-telegram-bot's Bot over real HTTP."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator

import pytest
from telegram import Bot, BotCommand, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    InvalidToken,
    NetworkError,
    RetryAfter,
)

from tests.support.fakes.botapi_server import BotApiServer
from tests.support.telegram_samples import tiny_png

# PTB itself warns when formatting RetryAfter; nothing here reads the deprecated attribute.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
CHAT = 1001
HTML = "HTML"


def keyboard(*labels: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(x, callback_data=x) for x in labels]])


@pytest.fixture
async def bot(botapi: BotApiServer) -> AsyncIterator[Bot]:
    async with Bot(botapi.token, base_url=botapi.base_url, base_file_url=botapi.base_file_url) as b:
        yield b


async def test_get_me_and_commands(bot: Bot, botapi: BotApiServer) -> None:
    assert bot.username == "whatsworking_test_bot"
    await bot.set_my_commands([BotCommand("top", "Your best pieces")])
    assert botapi.commands == [{"command": "top", "description": "Your best pieces"}]
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand("Top-Pieces", "bad name")])
    assert [c.method for c in botapi.violations] == ["setMyCommands"]


async def test_messages_are_stored_validated_and_edited_in_place(
    bot: Bot, botapi: BotApiServer
) -> None:
    sent = await bot.send_message(CHAT, "<b>Hi</b> &amp; welcome", parse_mode=HTML)
    assert (sent.message_id, sent.text, sent.entities[0].type) == (1, "Hi & welcome", "bold")
    edited = await bot.edit_message_text(
        "<i>Now</i>", CHAT, sent.message_id, parse_mode=HTML, reply_markup=keyboard("a", "b")
    )
    assert not isinstance(edited, bool) and edited.text == "Now"
    stored = botapi.message(CHAT, sent.message_id)
    assert stored.text == "Now" and stored.source == "<i>Now</i>"
    assert [b["callback_data"] for b in stored.buttons] == ["a", "b"]
    assert [v.source for v in stored.history] == ["<b>Hi</b> &amp; welcome"]
    await bot.edit_message_reply_markup(CHAT, sent.message_id, reply_markup=keyboard("c"))
    assert [b["text"] for b in botapi.message(CHAT, 1).buttons] == ["c"]
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_reply_markup(CHAT, sent.message_id, reply_markup=keyboard("c"))
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", CHAT, 99)
    assert len(botapi.bot_messages(CHAT)) == 1


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("<b>unclosed", "Can't find end tag"),
        ("Tom & Jerry", "unsupported HTML entity"),
        ("<script>x</script>", 'Unsupported start tag "script"'),
        ("x" * 4097, "message is too long"),
    ],
)
async def test_rule_violations_answer_400_and_are_recorded(
    bot: Bot, botapi: BotApiServer, text: str, complaint: str
) -> None:
    with pytest.raises(BadRequest, match=f"(?i){re.escape(complaint)}"):
        await bot.send_message(CHAT, text, parse_mode=HTML)
    (violation,) = botapi.violations
    assert violation.status == 400 and complaint in (violation.description or "")
    assert botapi.bot_messages(CHAT) == []
    with pytest.raises(AssertionError, match=complaint):
        botapi.assert_no_violations()


async def test_callback_data_over_64_bytes_is_refused(bot: Bot, botapi: BotApiServer) -> None:
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(CHAT, "x", reply_markup=keyboard("é" * 33))


async def test_photos_are_uploaded_as_multipart_with_a_checked_caption(
    bot: Bot, botapi: BotApiServer
) -> None:
    sent = await bot.send_photo(CHAT, tiny_png(), caption="<b>Chart</b>", parse_mode=HTML)
    assert sent.caption == "Chart" and (sent.photo[0].width, sent.photo[0].height) == (3, 2)
    stored = botapi.message(CHAT, sent.message_id)
    assert stored.kind == "photo" and stored.file is not None
    assert stored.file.content == tiny_png()
    with pytest.raises(BadRequest, match=r"(?i)caption is too long"):
        await bot.send_photo(CHAT, tiny_png(), caption="y" * 1025)
    with pytest.raises(BadRequest, match=r"(?i)IMAGE_PROCESS_FAILED"):
        await bot.send_photo(CHAT, b"not an image")
    with pytest.raises(BadRequest, match=r"(?i)no text in the message"):
        await bot.edit_message_text("x", CHAT, sent.message_id)


async def test_long_polling_delivers_pushed_updates_and_honours_offsets(
    bot: Bot, botapi: BotApiServer
) -> None:
    polling = asyncio.create_task(bot.get_updates(timeout=5))
    await botapi.wait_for(lambda: botapi.polling)
    botapi.push_command(7, CHAT, "top", "30d")
    (update,) = await asyncio.wait_for(polling, 2)
    assert update.message is not None and update.message.text == "/top 30d"
    assert update.message.entities[0].type == "bot_command"
    assert update.effective_user is not None and update.effective_user.id == 7
    again = await bot.get_updates(offset=update.update_id, timeout=0)
    assert [u.update_id for u in again] == [update.update_id]  # not yet confirmed
    assert await bot.get_updates(offset=update.update_id + 1, timeout=0) == ()


async def test_button_presses_and_their_answers(bot: Bot, botapi: BotApiServer) -> None:
    sent = await bot.send_message(CHAT, "pick", reply_markup=keyboard("yes", "no"))
    query_id = botapi.press(7, CHAT, sent.message_id, "no")
    (update,) = await bot.get_updates(timeout=0)
    query = update.callback_query
    assert query is not None and query.data == "no" and query.id == query_id
    assert query.message is not None and query.message.message_id == sent.message_id
    assert botapi.unanswered_callbacks() == [query_id]
    await bot.answer_callback_query(query_id, text="Done")
    assert botapi.unanswered_callbacks() == []
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query_id)
    with pytest.raises(AssertionError, match="is not on message"):
        botapi.push_callback(7, CHAT, sent.message_id, "maybe")
    botapi.push_callback(7, CHAT, sent.message_id, "maybe", forged=True)


async def test_documents_can_be_fetched_and_downloaded(bot: Bot, botapi: BotApiServer) -> None:
    content = b"title,views\nHello,10\n"
    botapi.push_document(7, CHAT, content, "export.csv", caption="my data")
    (update,) = await bot.get_updates(timeout=0)
    assert update.message is not None and update.message.document is not None
    assert update.message.document.file_name == "export.csv"
    file = await bot.get_file(update.message.document.file_id)
    assert bytes(await file.download_as_bytearray()) == content
    with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
        await bot.get_file("nope")


async def test_injected_faults(bot: Bot, botapi: BotApiServer) -> None:
    botapi.throttle_next("sendMessage", retry_after=3)
    with pytest.raises(RetryAfter, match="Retry in 3"):
        await bot.send_message(CHAT, "x")
    botapi.fail_next("sendMessage", status=500)
    with pytest.raises(NetworkError, match=r"(?i)Internal Server Error"):
        await bot.send_message(CHAT, "x")
    botapi.delay_next("sendMessage", seconds=0.05)
    await bot.send_message(CHAT, "x")
    faults = [(c.status, c.fault) for c in botapi.calls("sendMessage", chat_id=CHAT)]
    assert faults == [(429, "retry_after"), (500, "status"), (200, "delay")]
    assert len(botapi.bot_messages(CHAT)) == 1 and botapi.violations == []


async def test_a_wrong_token_is_unauthorized(botapi: BotApiServer) -> None:
    with pytest.raises(InvalidToken):
        async with Bot("1:wrong", base_url=botapi.base_url):
            pass


async def test_wait_for_times_out_with_the_recent_calls(botapi: BotApiServer) -> None:
    with pytest.raises(AssertionError, match=r"condition not met within 0\.05s"):
        await botapi.wait_for(lambda: False, timeout=0.05)


async def test_an_unknown_method_is_not_found_and_recorded(bot: Bot, botapi: BotApiServer) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": CHAT})
    (violation,) = botapi.violations
    assert (violation.method, violation.status) == ("sendTelepathy", 404)
    assert await bot.send_chat_action(CHAT, "typing")


async def test_a_second_poller_ends_the_first_with_a_conflict(
    bot: Bot, botapi: BotApiServer
) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await botapi.wait_for(lambda: botapi.polling)
    async with Bot(botapi.token, base_url=botapi.base_url) as other_instance:
        second = asyncio.create_task(other_instance.get_updates(timeout=5))
        with pytest.raises(Conflict, match="terminated by other getUpdates request"):
            await asyncio.wait_for(first, 2)
        botapi.push_text(7, CHAT, "hi")
        assert len(await asyncio.wait_for(second, 2)) == 1
    assert [c.status for c in botapi.violations] == [409]
