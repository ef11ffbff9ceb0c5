"""Free text to the bot: a DM, or a message mentioning the bot in a server, goes to the agent.

The answer always goes to the DM: numbers are private, so a mention in a server channel is
answered there, with a short public note pointing to it (or, when the creator does not accept
direct messages, a note saying how to get answers privately).
"""

from __future__ import annotations

import contextlib
import logging

import discord

from bot.chat.fair_share import BUSY, Busy
from bot.discord.frontend import FRIENDLY_ERROR, DiscordFrontEnd, log_failure
from bot.discord.requests import message_text, read_attachment, request_for_message
from bot.discord.send import say_in_channel, send_to_channel
from storage.errors import DomainError

ANSWERED_IN_DM = "I answered you in a direct message: your numbers stay private."
DM_CLOSED = (
    "I could not message you privately. Use /whatsworking here (only you see the answers), "
    "or allow direct messages from server members."
)
_log = logging.getLogger(__name__)


def is_dm(message: discord.Message) -> bool:
    """True for a message in a direct chat with the bot."""
    return isinstance(message.channel, discord.DMChannel)


def addressed_to(message: discord.Message, bot_user: discord.abc.User | None) -> bool:
    """True for a message the bot should answer: a DM, or a mention of the bot itself."""
    if message.author.bot or bot_user is None or message.author.id == bot_user.id:
        return False
    if is_dm(message):
        return True
    return any(user.id == bot_user.id for user in message.mentions)


async def on_message(
    front: DiscordFrontEnd, message: discord.Message, bot_user: discord.abc.User | None
) -> None:
    """Answer a DM or a mention through the agent; anything else is ignored."""
    if not addressed_to(message, bot_user) or front.closing:
        return
    async with front.tracked():
        target: discord.abc.Messageable = message.channel if is_dm(message) else message.author
        try:
            await _answer(front, message, bot_user, target)
        except discord.Forbidden:
            await _say(message.channel, DM_CLOSED)
        except DomainError as problem:
            await _say(target, str(problem))
        except Busy as busy:
            front.turned_away += 1
            if busy.first:  # told once per burst; the rest of a flood is dropped quietly
                await _say(target, BUSY)
        except Exception as error:  # never a traceback in chat, and no content in the log
            log_failure("message", error)
            await _say(target, FRIENDLY_ERROR)


async def _answer(
    front: DiscordFrontEnd,
    message: discord.Message,
    bot_user: discord.abc.User | None,
    target: discord.abc.Messageable,
) -> None:
    front.slots.check(str(message.author.id))  # before downloading what a flood attaches
    text = message_text(message, bot_user.id if bot_user is not None else None)
    attachment = await read_attachment(message)
    request = request_for_message(message, text, attachment)
    with contextlib.suppress(discord.HTTPException):
        await target.typing()  # one indicator, shown for ten seconds or until the answer
    answer = await front.answer([request])
    png = await front.chart_png(answer.reply.chart)
    await send_to_channel(target, front.render(answer, png is not None), png)
    front.turns += 1
    if not is_dm(message):
        await say_in_channel(message.channel, ANSWERED_IN_DM)


async def _say(channel: discord.abc.Messageable, text: str) -> None:
    try:
        await say_in_channel(channel, text)
    except discord.HTTPException as failure:
        _log.warning("could not send a one-line answer: %s", type(failure).__name__)
