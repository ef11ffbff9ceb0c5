"""Where discord.py connects: Discord itself, or (``DISCORD_API_BASE_URL``) another server.

discord.py keeps its REST root in ``discord.http.Route.BASE`` and its gateway address in
``DiscordWebSocket.DEFAULT_GATEWAY``, both process-wide. Pointed elsewhere, the REST root is
``<base>/api/v10`` and the gateway is the one that server announces at ``GET /gateway/bot``
(as Discord does); unset, both stay Discord's own.
"""

from __future__ import annotations

import discord
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import INTERNAL_API_VERSION, Route

DISCORD_API = "https://discord.com/api"


def rest_root(base_url: str | None) -> str:
    """The REST root for ``base_url`` (Discord's when None)."""
    root = DISCORD_API if base_url is None else base_url.rstrip("/") + "/api"
    return f"{root}/v{INTERNAL_API_VERSION}"


def point_rest_at(base_url: str | None) -> None:
    """Send every REST call (interaction webhooks included) to ``base_url``'s API."""
    Route.BASE = rest_root(base_url)


async def use_announced_gateway(client: discord.Client) -> None:
    """Connect to the gateway that ``GET /gateway/bot`` names (after login)."""
    _, url, _ = await client.http.get_bot_gateway()
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)
