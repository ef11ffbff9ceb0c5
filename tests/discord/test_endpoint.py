"""The seam that points discord.py at another server: unset, Discord's own addresses stay."""

from __future__ import annotations

from collections.abc import Iterator

import discord
import pytest
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.discord.endpoint import point_rest_at, rest_root, use_announced_gateway
from bot.settings import load_settings
from tests.support.fakes.discord_server import DiscordServer


@pytest.fixture(autouse=True)
def _restore_discord_addresses() -> Iterator[None]:
    rest, gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    yield
    Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = rest, gateway


def test_unset_the_rest_root_is_discords_own() -> None:
    assert rest_root(None) == "https://discord.com/api/v10" == Route.BASE
    assert load_settings().discord_api_base_url is None


def test_a_base_url_moves_every_route_there() -> None:
    point_rest_at("http://127.0.0.1:9/")
    assert Route("GET", "/users/@me").url == "http://127.0.0.1:9/api/v10/users/@me"
    webhook = Route(
        "POST", "/webhooks/{webhook_id}/{webhook_token}", webhook_id=1, webhook_token="t"
    )
    assert webhook.url == "http://127.0.0.1:9/api/v10/webhooks/1/t"


async def test_the_gateway_is_the_one_the_server_announces() -> None:
    async with DiscordServer() as fake:
        point_rest_at(fake.base_url)
        client = discord.Client(intents=discord.Intents.none())
        async with client:
            await client.login(fake.token)
            await use_announced_gateway(client)
    assert str(DiscordWebSocket.DEFAULT_GATEWAY) == f"ws://127.0.0.1:{fake.port}/gateway"
    assert [c.route for c in fake.store.calls][-1] == "GET gateway/bot"
