"""Send rendered replies: as the answer to an interaction (deferred or not), or into a channel.

In a server every interaction answer is ephemeral (only the creator sees it); in the DM with
the bot answers are ordinary messages. A pressed button whose reply edits in place replaces the
message that carried it; anything else is a new message. Mentions never ping anyone.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import discord

from bot.chat.text import one_line
from bot.discord.buttons import build_view
from bot.discord.layout import escape
from bot.discord.render import (
    ALLOWED_MENTIONS,
    CHART_FILENAME,
    CONTENT_LIMIT,
    DiscordMessage,
    DiscordReply,
)

Interaction = discord.Interaction[Any]


def is_private(interaction: Interaction) -> bool:
    """True in the DM with the bot, where answers need not be ephemeral."""
    channel_type = getattr(interaction.channel, "type", None)
    return interaction.guild_id is None and channel_type == discord.ChannelType.private


def chart_file(png: bytes | None) -> list[discord.File]:
    """The chart as a one-use attachment (empty without a chart)."""
    return [discord.File(io.BytesIO(png), filename=CHART_FILENAME)] if png else []


def line_text(text: str) -> str:
    """A one-line answer as escaped message content within Discord's 2,000 characters."""
    text = escape(one_line(text))
    return text if len(text) <= CONTENT_LIMIT else text[: CONTENT_LIMIT - 1] + "…"


def _message_kwargs(message: DiscordMessage, files: Sequence[discord.File]) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"embeds": list(message.embeds), "allowed_mentions": ALLOWED_MENTIONS}
    view = build_view(message.rows)
    if view is not None:
        kwargs["view"] = view
    if files:
        kwargs["files"] = list(files)
    return kwargs


class InteractionReplier:
    """Answers one interaction: the first response, an optional deferral, then follow-ups."""

    def __init__(self, interaction: Interaction, *, pressed: bool) -> None:
        self.interaction = interaction
        self.pressed = pressed
        self.ephemeral = not is_private(interaction)
        self.deferred = False

    @property
    def responded(self) -> bool:
        """Whether Discord already has the first response (an answer or a deferral)."""
        return self.interaction.response.is_done()

    async def defer(self) -> None:
        """Tell Discord an answer is coming (a pressed button keeps its message meanwhile)."""
        if self.responded:
            return
        if self.pressed:
            await self.interaction.response.defer()
        else:
            await self.interaction.response.defer(ephemeral=self.ephemeral, thinking=True)
        self.deferred = True

    async def say(self, text: str) -> None:
        """One line only the creator sees (an error or an expired button)."""
        content = line_text(text)
        if self.responded:
            await self.interaction.followup.send(
                content, ephemeral=True, allowed_mentions=ALLOWED_MENTIONS
            )
        else:
            await self.interaction.response.send_message(
                content, ephemeral=True, allowed_mentions=ALLOWED_MENTIONS
            )

    async def send(self, rendered: DiscordReply, png: bytes | None) -> None:
        """Show the rendered reply: the first message answers (or edits), the rest follow."""
        first, *rest = rendered.messages
        files = chart_file(png)
        if rendered.edit_in_place and self.pressed:
            await self._edit(first, files)
        elif self.deferred and not self.pressed:
            await self._replace_thinking(first, files)
        elif self.responded:
            await self._follow_up(first, files)
        else:
            kwargs = _message_kwargs(first, files)
            await self.interaction.response.send_message(ephemeral=self.ephemeral, **kwargs)
        for message in rest:
            await self._follow_up(message, [])

    async def _edit(self, message: DiscordMessage, files: list[discord.File]) -> None:
        kwargs = _message_kwargs(message, ())
        kwargs.setdefault("view", None)  # no buttons now: remove the old ones
        kwargs["attachments"] = files  # replaces (or removes) the previous chart
        if self.responded:
            await self.interaction.edit_original_response(**kwargs)
        else:
            await self.interaction.response.edit_message(**kwargs)

    async def _replace_thinking(self, message: DiscordMessage, files: list[discord.File]) -> None:
        kwargs = _message_kwargs(message, ())
        kwargs["attachments"] = files
        await self.interaction.edit_original_response(**kwargs)

    async def _follow_up(self, message: DiscordMessage, files: list[discord.File]) -> None:
        kwargs = _message_kwargs(message, files)
        await self.interaction.followup.send(ephemeral=self.ephemeral, **kwargs)


async def send_to_channel(
    channel: discord.abc.Messageable, rendered: DiscordReply, png: bytes | None
) -> list[discord.Message]:
    """Send every message of the reply into a channel (a DM); the chart rides on the first."""
    sent: list[discord.Message] = []
    files = chart_file(png)
    for message in rendered.messages:
        sent.append(await channel.send(**_message_kwargs(message, files)))
        files = []
    return sent


async def say_in_channel(channel: discord.abc.Messageable, text: str) -> discord.Message:
    """One line into a channel, pinging nobody."""
    return await channel.send(line_text(text), allowed_mentions=ALLOWED_MENTIONS)
