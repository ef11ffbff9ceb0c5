"""The Discord notifier: scheduled replies rendered like the bot's own answers, sent as DMs.

Buttons are signed for the creator (the key the Discord front-end checks), so Done, Snooze and
Open plan work when pressed. Discord's rate limits are kept by discord.py's HTTP client, which
waits out every 429; a refusal for good (DMs closed, the account gone, a message Discord will
never accept) is ``DeliveryRejected`` so the scheduler does not retry it.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Protocol

import discord

from bot.discord.render import render_reply
from bot.discord.send import send_to_channel
from context.reply import Reply
from context.scheduled.delivery.notify import DeliveryRejected, Recipient

CHANNEL = "discord"
BAD_REQUEST = 400
# The scheduler starts beside the bot, so its first tick can come before the bot has logged in;
# a DM tried then would fail and wait out a retry's backoff (a minute or more).
READY_WITHIN = 30.0
READY_POLL = 0.1


class NotConnected(ConnectionError):
    """The bot had no Discord session in time; the scheduler retries the delivery later."""


class UserSource(Protocol):
    """Finds a Discord user to DM (``discord.Client`` is one)."""

    def is_ready(self) -> bool:
        """True once the gateway session is up."""
        ...

    def get_user(self, user_id: int, /) -> discord.User | None:
        """A cached user, or None."""
        ...

    async def fetch_user(self, user_id: int, /) -> discord.User:
        """The user, asked from Discord."""
        ...


class DiscordNotifier:
    """Sends scheduled replies to creators' DMs through the bot's client."""

    channel = CHANNEL

    def __init__(
        self, client: UserSource, secret: bytes, *, ready_within: float = READY_WITHIN
    ) -> None:
        self.client = client
        self.secret = secret
        self.ready_within = ready_within

    async def send(self, recipient: Recipient, reply: Reply, chart_png: bytes | None) -> None:
        """Render for this creator and DM every part; refusals for good are DeliveryRejected."""
        rendered = await asyncio.to_thread(
            functools.partial(render_reply, chart_attached=chart_png is not None),
            reply,
            str(recipient.creator_id),
            self.secret,
        )
        await self._connected()
        try:
            user = await self._user(int(recipient.external_id))
            await send_to_channel(user, rendered, chart_png)
        except discord.Forbidden as refused:
            raise DeliveryRejected(f"Discord refused the DM: {refused.text}") from refused
        except discord.NotFound as gone:
            raise DeliveryRejected(f"Discord has no such user: {gone.text}") from gone
        except discord.HTTPException as failure:
            if failure.status == BAD_REQUEST:
                raise DeliveryRejected(f"Discord rejected the message: {failure.text}") from failure
            raise

    async def _connected(self) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.ready_within
        while not self.client.is_ready():
            if loop.time() >= deadline:
                raise NotConnected(f"no Discord session after {self.ready_within:.0f} s")
            await asyncio.sleep(READY_POLL)

    async def _user(self, user_id: int) -> discord.User:
        return self.client.get_user(user_id) or await self.client.fetch_user(user_id)
