"""The client: commands synced globally or to one guild, buttons routed after a restart,
a token Discord refuses, and a clean stop that lets the turns in flight finish."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.bootstrap import bootstrap
from bot.discord.buttons import TEMPLATE, ActionButton
from bot.discord.client import (
    LOGIN_REFUSED,
    NOT_CONFIGURED,
    WhatsworkingClient,
    discord_service,
    serve_discord,
    sync_commands,
)
from bot.discord.frontend import DiscordFrontEnd
from bot.discord.notify import DiscordNotifier
from bot.settings import load_settings
from context.reply import Reply
from storage.errors import InvalidInput
from tests.discord.test_deferral import GatedAgent, Keys
from tests.discord.world import SECRET

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.fake.discord-token-never-logged"


def front() -> DiscordFrontEnd:
    """A front-end that never needs its agent here."""
    return DiscordFrontEnd(GatedAgent(Reply()), Keys(), SECRET)


class FakeGateway:
    """Stands in for Discord: login and the gateway connection, recorded."""

    def __init__(self, client: WhatsworkingClient, *, refuse: bool = False, crash: bool = False):
        self.logins: list[str] = []
        self.refuse, self.crash = refuse, crash
        self.closed = asyncio.Event()
        client.login = self.login  # type: ignore[method-assign]
        client.connect = self.connect  # type: ignore[method-assign]
        original_close = client.close

        async def close() -> None:
            self.closed.set()
            await original_close()

        client.close = close  # type: ignore[method-assign]

    async def login(self, token: str) -> None:
        """Log in (or be refused, as Discord refuses a bad token)."""
        self.logins.append(token)
        if self.refuse:
            raise discord.LoginFailure("Improper token has been passed.")

    async def connect(self, *, reconnect: bool = True) -> None:
        """Stay connected until closed (or drop with an error)."""
        if self.crash:
            raise discord.GatewayNotFound()
        await self.closed.wait()


async def test_commands_sync_globally_or_to_one_guild() -> None:
    client = WhatsworkingClient(front(), sync=False)
    synced: list[Any] = []

    async def sync(*, guild: discord.abc.Snowflake | None = None) -> list[Any]:
        synced.append(guild.id if guild else None)
        return []

    client.tree.sync = sync  # type: ignore[method-assign]
    await sync_commands(client.tree, None)
    await sync_commands(client.tree, 42)
    assert synced == [None, 42]
    names = [c.name for c in client.tree.get_commands(guild=discord.Object(id=42))]
    assert names == ["whatsworking"]
    await client.close()


async def test_buttons_are_routed_from_the_first_moment() -> None:
    client = WhatsworkingClient(front(), sync=False)
    await client.setup_hook()
    assert client._connection._view_store._dynamic_items[TEMPLATE] is ActionButton
    await client.close()


async def test_a_stop_lets_the_turn_in_flight_finish_then_closes(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    client = WhatsworkingClient(front(), sync=False)
    gateway = FakeGateway(client)
    stop = asyncio.Event()
    finish = asyncio.Event()

    async def turn_in_flight() -> None:
        async with client.front.tracked():
            await finish.wait()

    busy = asyncio.create_task(turn_in_flight())
    serving = asyncio.create_task(serve_discord(client, TOKEN, stop, drain_timeout=30))
    await asyncio.sleep(0)
    stop.set()
    while not client.front.closing:
        await asyncio.sleep(0)
    assert not gateway.closed.is_set()  # still waiting for the turn
    finish.set()
    await asyncio.wait_for(serving, 10)
    await busy
    assert gateway.logins == [TOKEN] and gateway.closed.is_set() and client.is_closed()
    assert TOKEN not in caplog.text


async def test_a_refused_token_is_one_clear_error_without_the_token(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    client = WhatsworkingClient(front(), sync=False)
    FakeGateway(client, refuse=True)
    with pytest.raises(InvalidInput) as refused:
        await serve_discord(client, TOKEN, asyncio.Event())
    assert str(refused.value) == LOGIN_REFUSED and TOKEN not in caplog.text


async def test_a_dropped_gateway_stops_the_service_with_its_error() -> None:
    client = WhatsworkingClient(front(), sync=False)
    gateway = FakeGateway(client, crash=True)
    with pytest.raises(discord.GatewayNotFound):
        await serve_discord(client, TOKEN, asyncio.Event(), drain_timeout=1)
    assert gateway.closed.is_set()


async def test_the_service_needs_a_token_and_feeds_the_scheduler(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/bot.db"
    missing = bootstrap(load_settings(discord_bot_token=None), database_url=url)
    with pytest.raises(InvalidInput) as problem:
        discord_service(missing)
    assert str(problem.value) == NOT_CONFIGURED
    app = bootstrap(load_settings(discord_bot_token=TOKEN), database_url=url)
    notifiers: list[Any] = []
    service = discord_service(app, 42, notifiers)
    (notifier,) = notifiers
    assert isinstance(notifier, DiscordNotifier) and notifier.channel == "discord"
    client = service.args[0]  # type: ignore[attr-defined]
    assert isinstance(client, WhatsworkingClient) and client.guild_id == 42
    await client.close()
    app.close()
    missing.close()


class ClosableCharts:
    """A chart renderer that records being closed, as the chart workers are."""

    def __init__(self) -> None:
        self.closed = False

    def __call__(self, spec: object) -> bytes:
        """No picture needed here."""
        return b""

    def close(self) -> None:
        """Remember the close."""
        self.closed = True


async def test_stopping_the_service_leaves_the_chart_pool_to_its_owner() -> None:
    """The pool is the App's, shared with Telegram: the App closes it once both stopped."""
    charts = ClosableCharts()
    client = WhatsworkingClient(
        DiscordFrontEnd(GatedAgent(Reply()), Keys(), SECRET, chart_renderer=charts), sync=False
    )
    gateway = FakeGateway(client)
    stop = asyncio.Event()
    serving = asyncio.create_task(serve_discord(client, TOKEN, stop, drain_timeout=1))
    await asyncio.sleep(0)
    assert not charts.closed
    stop.set()
    await asyncio.wait_for(serving, 60)
    assert gateway.closed.is_set() and not charts.closed
