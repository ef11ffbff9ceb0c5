"""Build and serve the Discord client: the command tree, button routing, DMs and a clean stop.

No privileged intents are needed: the bot reads the content of DMs and of messages that mention
it, which Discord always delivers. Commands are synced globally, or to one guild for development
(where they appear at once); ``command_payload`` is exactly what a sync sends.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.charts import render_chart
from bot.chat.fair_share import DEFAULT_PER_CHAT
from bot.chat.identities import IdentityKeys
from bot.discord.buttons import ActionButton, button_secret
from bot.discord.commands import Choices, Interaction, add_commands
from bot.discord.endpoint import point_rest_at, use_announced_gateway
from bot.discord.frontend import FRIENDLY_ERROR, ChartRenderer, DiscordFrontEnd, log_failure
from bot.discord.messages import on_message
from bot.discord.notify import DiscordNotifier
from bot.discord.requests import Turn
from bot.discord.send import InteractionReplier
from bot.discord.suggest import Suggestions
from bot.web.links import WebLinks
from context.reply import ChatAgent
from context.scheduled.delivery.notify import Notifier
from storage import Database
from storage.errors import InvalidInput

if TYPE_CHECKING:
    from bot.bootstrap import App

DRAIN_TIMEOUT = 30.0  # seconds the turns in flight get to finish on shutdown
NOT_CONFIGURED = (
    "DISCORD_BOT_TOKEN is not set: create an application and bot at "
    "https://discord.com/developers/applications and put its token in the environment (or .env)"
)
LOGIN_REFUSED = "Discord refused DISCORD_BOT_TOKEN: check the token of your bot"
_log = logging.getLogger(__name__)


def bot_intents() -> discord.Intents:
    """Guilds, guild messages and DMs; no privileged intent."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.dm_messages = True
    return intents


class WhatsworkingClient(discord.Client):
    """A discord.Client wired to one front-end."""

    def __init__(
        self,
        front: DiscordFrontEnd,
        *,
        guild_id: int | None = None,
        sync: bool = True,
        intents: discord.Intents | None = None,
    ) -> None:
        mentions = discord.AllowedMentions.none()
        super().__init__(intents=intents or bot_intents(), allowed_mentions=mentions)
        self.front = front
        self.guild_id = guild_id
        self.sync_on_start = sync
        self.tree: app_commands.CommandTree[WhatsworkingClient] = app_commands.CommandTree(self)
        add_commands(self.tree, front)
        self.tree.error(self._on_command_error)

    async def setup_hook(self) -> None:
        """Route every signed button to the front-end; sync the commands."""
        self.add_dynamic_items(ActionButton)
        if self.sync_on_start:
            await sync_commands(self.tree, self.guild_id)

    async def on_action_button(self, interaction: Interaction, custom_id: str) -> None:
        """A signed button was pressed (called by ActionButton)."""
        await self.front.on_action_button(interaction, custom_id)

    async def on_message(self, message: discord.Message) -> None:
        """A DM, or a mention in a server channel."""
        await on_message(self.front, message, self.user)

    async def on_ready(self) -> None:
        """Log that the gateway session is up (the bot's name only)."""
        _log.info("Discord bot %s is running", self.user)

    async def _on_command_error(
        self, interaction: Interaction, error: app_commands.AppCommandError
    ) -> None:
        log_failure("command", error)
        with contextlib.suppress(discord.HTTPException):
            await InteractionReplier(interaction, pressed=False).say(FRIENDLY_ERROR)


async def sync_commands(tree: app_commands.CommandTree[Any], guild_id: int | None) -> None:
    """Sync globally, or to one guild (copying the global commands there)."""
    if guild_id is None:
        synced = await tree.sync()
    else:
        guild = discord.Object(id=guild_id)
        tree.copy_global_to(guild=guild)
        synced = await tree.sync(guild=guild)
    _log.info("synced %d Discord command(s) %s", len(synced), _where(guild_id))


def _where(guild_id: int | None) -> str:
    return "globally" if guild_id is None else f"to guild {guild_id}"


class _PayloadOnly:
    """Stands in for the front-end when the tree is built only to be printed."""

    async def command(self, interaction: Interaction, *turns: Turn) -> None:
        """Never called."""
        raise RuntimeError("the payload-only tree does not answer commands")

    async def web_link(self, interaction: Interaction) -> None:
        """Never called."""
        raise RuntimeError("the payload-only tree does not answer commands")

    async def suggest_pieces(self, interaction: Interaction, typed: str) -> Choices:
        """Never called."""
        return []

    async def suggest_items(
        self, interaction: Interaction, typed: str, *, completed: bool
    ) -> Choices:
        """Never called."""
        return []

    async def suggest_zones(self, typed: str) -> Choices:
        """Never called."""
        return []


def command_tree() -> app_commands.CommandTree[discord.Client]:
    """The command tree exactly as the bot builds it (no token, no network)."""
    tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(
        discord.Client(intents=bot_intents())
    )
    add_commands(tree, _PayloadOnly())
    return tree


def command_payload(guild_id: int | None = None) -> list[dict[str, Any]]:
    """The JSON body a sync sends (globally, or to ``guild_id``)."""
    tree = command_tree()
    guild = discord.Object(id=guild_id) if guild_id is not None else None
    if guild is not None:
        tree.copy_global_to(guild=guild)
    return [command.to_dict(tree) for command in tree.get_commands(guild=guild)]


def build_discord_client(
    agent: ChatAgent,
    db: Database,
    token: str,
    *,
    guild_id: int | None = None,
    sync: bool = True,
    configured_secret: str | None = None,
    chart_renderer: ChartRenderer = render_chart,
    per_chat: int = DEFAULT_PER_CHAT,
) -> WhatsworkingClient:
    """A client answering through ``agent``; buttons signed with the configured secret, else a
    key derived from ``token``. A chart pool given as ``chart_renderer`` stays its owner's to
    close (the App's)."""
    secret = button_secret(token, configured_secret)
    front = DiscordFrontEnd(
        agent,
        IdentityKeys(db),
        secret,
        Suggestions(db),
        chart_renderer=chart_renderer,
        per_chat=per_chat,
    )
    return WhatsworkingClient(front, guild_id=guild_id, sync=sync)


async def serve_discord(
    client: WhatsworkingClient,
    token: str,
    stop: asyncio.Event,
    *,
    drain_timeout: float = DRAIN_TIMEOUT,
    api_base_url: str | None = None,
) -> None:
    """Run until ``stop`` is set; then take no new work, let turns in flight finish, close.

    With ``api_base_url`` the bot talks to that server instead of Discord (a local one in tests).
    """
    if api_base_url is not None:
        point_rest_at(api_base_url)
    async with client:
        try:
            await client.login(token)
        except discord.LoginFailure:
            raise InvalidInput(LOGIN_REFUSED) from None
        if api_base_url is not None:
            await use_announced_gateway(client)
        gateway = asyncio.create_task(client.connect(reconnect=True))
        try:
            await _until_stopped(gateway, stop)
        finally:
            await _close(client, gateway, drain_timeout)
    _log.info("Discord bot stopped")


async def _until_stopped(gateway: asyncio.Task[None], stop: asyncio.Event) -> None:
    """Wait for the stop event; if the gateway ends first, raise why."""
    stopped = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({gateway, stopped}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopped.cancel()
    if gateway.done():
        gateway.result()


async def _close(client: WhatsworkingClient, gateway: asyncio.Task[None], timeout: float) -> None:
    if not await client.front.drain(timeout):
        _log.warning("Discord turns still running after %.0f s; closing", timeout)
    await client.close()
    gateway.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await gateway


Service = Callable[[asyncio.Event], Coroutine[Any, Any, None]]


def discord_service(
    app: App, guild_id: int | None = None, notifiers: list[Notifier] | None = None
) -> Service:
    """The Discord bot as a service of ``whatsworking run``, bound to the app's agent.

    When ``notifiers`` is given, the scheduler's Discord notifier (sending through this
    client's connection) is added to it.
    """
    token = app.settings.discord_bot_token
    if token is None:
        raise InvalidInput(NOT_CONFIGURED)
    secret_token = token.get_secret_value()
    client = build_discord_client(
        app.agent(),
        app.db,
        secret_token,
        guild_id=guild_id,
        configured_secret=app.settings.button_secret,
        chart_renderer=app.chart_pool(),
        per_chat=app.settings.chat_queue,
    )
    client.front.web_links = WebLinks(app.db, app.settings, app.clock)
    if notifiers is not None:
        notifiers.append(DiscordNotifier(client, client.front.secret))
    base_url = app.settings.discord_api_base_url
    return functools.partial(serve_discord, client, secret_token, api_base_url=base_url)
