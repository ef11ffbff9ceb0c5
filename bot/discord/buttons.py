"""Buttons on Discord: the agent's actions signed into custom ids, laid out in Discord's rows.

A custom id is ``ww:<position>:<action>|<signature>`` (at most 100 characters): the position keeps
ids unique within a message (Discord refuses duplicates, and one action may sit on two buttons),
the signature is an HMAC over the creator key and the action, so a forged button, or one shown
to another creator, is recognised on arrival. Presses reach the front-end through one dynamic
item, so buttons keep working after a restart and no per-message view is kept in memory.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any, Protocol, runtime_checkable

import discord
from discord import ButtonStyle

from bot.chat import buttons as signing
from bot.chat.text import one_line
from context.account.views import ACTION_FORGET
from context.reply import Action, Button

PREFIX = "ww:"
CUSTOM_ID_LIMIT = 100
SIGNATURE_CHARS = 16  # 96 bits of HMAC-SHA256, base64url
MAX_ROWS = 5
MAX_PER_ROW = 5
MAX_BUTTONS = MAX_ROWS * MAX_PER_ROW
LABEL_LIMIT = 80
SELECTED = "• "
SCOPE = "discord\x00"  # signatures never valid on another service
TEMPLATE = re.compile(r"ww:(?P<position>\d{1,2}):(?P<data>.+)")
# (name, first argument) of the buttons that delete; their further arguments stamp the minute.
DANGEROUS = frozenset({(ACTION_FORGET, "yes")})


def sign_custom_id(action: Action, position: int, creator_key: str, secret: bytes) -> str:
    """The custom id of a button carrying ``action`` for one creator; ValueError if too long."""
    signed = signing.sign(action, creator_key, secret, chars=SIGNATURE_CHARS, scope=SCOPE)
    custom_id = f"{PREFIX}{position}:{signed}"
    if len(custom_id) > CUSTOM_ID_LIMIT:
        raise ValueError(
            f"action {action.name!r} makes a {len(custom_id)}-character custom id; "
            f"Discord allows {CUSTOM_ID_LIMIT}"
        )
    return custom_id


def verify_custom_id(custom_id: str, creator_key: str, secret: bytes) -> Action | None:
    """The action a button carries, or None unless it was signed for this creator and secret."""
    match = TEMPLATE.fullmatch(custom_id)
    if match is None:
        return None
    return signing.verify(
        match.group("data"), creator_key, secret, chars=SIGNATURE_CHARS, scope=SCOPE
    )


def button_secret(bot_token: str, configured: str | None = None) -> bytes:
    """The key signing custom ids: the configured secret, else derived from the token."""
    return signing.signing_key(bot_token, configured, purpose=b"whatsworking-discord-buttons")


@dataclass(frozen=True)
class ButtonSpec:
    """One rendered button: what it shows and the signed custom id it sends back."""

    label: str
    custom_id: str
    style: ButtonStyle = ButtonStyle.secondary
    url: str | None = None  # a link button: Discord opens it, no press comes back


ButtonRows = tuple[tuple[ButtonSpec, ...], ...]


def layout_buttons(buttons: Sequence[Button], creator_key: str, secret: bytes) -> ButtonRows:
    """Buttons in Discord's rows: one row per ``Button.row`` (ascending), wrapped at five;
    when that makes more than five rows, the buttons flow five a row, the first 25 kept."""
    ordered = sorted(buttons, key=lambda b: b.row)
    groups = [list(group) for _, group in groupby(ordered, key=lambda b: b.row)]
    rows = [g[i : i + MAX_PER_ROW] for g in groups for i in range(0, len(g), MAX_PER_ROW)]
    if len(rows) > MAX_ROWS:
        flat = [b for row in rows for b in row][:MAX_BUTTONS]
        rows = [flat[i : i + MAX_PER_ROW] for i in range(0, len(flat), MAX_PER_ROW)]
    specs: list[tuple[ButtonSpec, ...]] = []
    for row in rows:
        start = sum(len(r) for r in specs)
        specs.append(tuple(_spec(b, start + i, creator_key, secret) for i, b in enumerate(row)))
    return tuple(specs)


def _spec(button: Button, position: int, creator_key: str, secret: bytes) -> ButtonSpec:
    label = one_line(button.label)
    style = ButtonStyle.secondary
    if label.startswith(SELECTED.strip()):
        label, style = label.removeprefix(SELECTED.strip()).strip(), ButtonStyle.primary
    elif label.startswith("☑"):
        style = ButtonStyle.success
    if (button.action.name, button.action.args[:1] and button.action.args[0]) in DANGEROUS:
        style = ButtonStyle.danger
    label = label if len(label) <= LABEL_LIMIT else label[: LABEL_LIMIT - 1].rstrip() + "…"
    if button.url is not None:
        return ButtonSpec(label or "…", "", ButtonStyle.link, button.url)
    custom_id = sign_custom_id(button.action, position, creator_key, secret)
    return ButtonSpec(label or "…", custom_id, style)


@runtime_checkable
class ButtonRouter(Protocol):
    """Where pressed buttons go (the bot's client forwards them to the front-end)."""

    async def on_action_button(self, interaction: discord.Interaction[Any], custom_id: str) -> None:
        """Handle one press of a signed button."""
        ...


class ActionButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=TEMPLATE):
    """Every whatsworking button: the press goes to the client's ``on_action_button``."""

    def __init__(self, spec: ButtonSpec, row: int | None = None) -> None:
        button: discord.ui.Button[Any] = discord.ui.Button(
            label=spec.label, custom_id=spec.custom_id, style=spec.style
        )
        super().__init__(button, row=row)

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> ActionButton:
        """Rebuild the pressed button from its custom id (Discord sends nothing else)."""
        label = getattr(item, "label", None) or "…"
        return cls(ButtonSpec(label, match.group(0)))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Hand the press to the client, which checks the signature and answers."""
        client = interaction.client
        if isinstance(client, ButtonRouter):
            await client.on_action_button(interaction, self.custom_id)


def build_view(rows: ButtonRows) -> discord.ui.View | None:
    """A persistent view of the rows (needs a running event loop), or None without buttons."""
    if not rows:
        return None
    view = discord.ui.View(timeout=None)
    for index, row in enumerate(rows):
        for spec in row:
            if spec.url is not None:
                view.add_item(discord.ui.Button(label=spec.label, url=spec.url, row=index))
            else:
                view.add_item(ActionButton(spec, row=index))
    return view
