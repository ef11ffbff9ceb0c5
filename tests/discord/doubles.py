"""Test doubles of a Discord Interaction: they record every call the front-end makes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import discord

from bot.discord.buttons import ActionButton


@dataclass
class Call:
    """One call to Discord: which method and its arguments."""

    method: str  # send_message | defer | edit_message | followup | edit_original | autocomplete
    kwargs: dict[str, Any]

    @property
    def embeds(self) -> list[discord.Embed]:
        """The embeds sent or shown."""
        return list(self.kwargs.get("embeds") or [])

    @property
    def view(self) -> discord.ui.View | None:
        """The view sent (None when the call carried none)."""
        view = self.kwargs.get("view")
        return cast(discord.ui.View, view) if view is not None else None

    @property
    def buttons(self) -> list[ActionButton]:
        """The signed buttons of the view."""
        view = self.view
        return [c for c in view.children if isinstance(c, ActionButton)] if view else []

    @property
    def text(self) -> str:
        """Every visible character: content, titles and descriptions."""
        parts = [str(self.kwargs.get("content") or "")]
        for embed in self.embeds:
            parts += [embed.title or "", embed.description or ""]
        return "\n".join(parts)

    @property
    def files(self) -> list[discord.File]:
        """Files attached (new messages) or attachments set (edits)."""
        return list(self.kwargs.get("files") or self.kwargs.get("attachments") or [])

    def button(self, label: str) -> ActionButton:
        """The button with this label (it must exist)."""
        for button in self.buttons:
            if button.item.label == label:
                return button
        labels = [b.item.label for b in self.buttons]
        raise AssertionError(f"no button {label!r}; buttons: {labels}")


@dataclass
class UserDouble:
    """The person interacting."""

    id: int
    display_name: str = "Mia"
    bot: bool = False

    @property
    def name(self) -> str:
        """Discord's user name."""
        return self.display_name.lower()


@dataclass
class ChannelDouble:
    """Where the interaction happened: a server text channel or the DM with the bot."""

    type: discord.ChannelType


class ResponseDouble:
    """``interaction.response``: the first answer, once."""

    def __init__(self, calls: list[Call]) -> None:
        self.calls = calls
        self.done = False

    def is_done(self) -> bool:
        """Whether the first answer was given."""
        return self.done

    def _first(self, method: str, kwargs: dict[str, Any]) -> None:
        if self.done:
            raise AssertionError(f"{method}: the interaction was already answered")
        self.done = True
        self.calls.append(Call(method, kwargs))

    async def send_message(self, content: str | None = None, **kwargs: Any) -> None:
        """Answer with a new message."""
        self._first("send_message", {"content": content, **kwargs})

    async def defer(self, **kwargs: Any) -> None:
        """Acknowledge now, answer later."""
        self._first("defer", kwargs)

    async def edit_message(self, **kwargs: Any) -> None:
        """Answer a button press by editing its message."""
        self._first("edit_message", kwargs)

    async def autocomplete(self, choices: Any) -> None:
        """Answer autocomplete."""
        self._first("autocomplete", {"choices": choices})


class FollowupDouble:
    """``interaction.followup``: messages after the first answer."""

    def __init__(self, calls: list[Call], response: ResponseDouble) -> None:
        self.calls, self.response = calls, response

    async def send(self, content: str | None = None, **kwargs: Any) -> None:
        """A follow-up message (only after the first answer)."""
        if not self.response.done:
            raise AssertionError("followup before the interaction was answered")
        self.calls.append(Call("followup", {"content": content, **kwargs}))


class InteractionDouble:
    """An Interaction in a server channel (``guild_id`` set) or in the DM with the bot."""

    def __init__(
        self, user_id: int, *, guild_id: int | None = 555, name: str = "Mia", client: Any = None
    ) -> None:
        self.calls: list[Call] = []
        self.user = UserDouble(user_id, name)
        self.guild_id = guild_id
        kind = discord.ChannelType.text if guild_id else discord.ChannelType.private
        self.channel = ChannelDouble(kind)
        self.response = ResponseDouble(self.calls)
        self.followup = FollowupDouble(self.calls, self.response)
        self.client = client
        self.type = discord.InteractionType.application_command

    async def edit_original_response(self, **kwargs: Any) -> None:
        """Edit the first answer (after a deferral)."""
        if not self.response.done:
            raise AssertionError("edit_original_response before the interaction was answered")
        self.calls.append(Call("edit_original", kwargs))

    def real(self) -> discord.Interaction[Any]:
        """Typed as the real thing, for the code under test."""
        return cast(discord.Interaction[Any], self)

    @property
    def shown(self) -> list[Call]:
        """The calls that showed something (everything but a deferral)."""
        return [c for c in self.calls if c.method not in ("defer", "autocomplete")]

    @property
    def last(self) -> Call:
        """The last call that showed something."""
        assert self.shown, f"nothing was shown; calls: {[c.method for c in self.calls]}"
        return self.shown[-1]

    @property
    def text(self) -> str:
        """Everything shown, as text."""
        return "\n".join(c.text for c in self.shown)
