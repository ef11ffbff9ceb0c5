"""One local Discord and one real bot process talking to it, shared by the package's tests.

Starting ``whatsworking run`` costs seconds, so the wire tests share one; each test speaks as
its own people (distinct user ids), and the process must still exit cleanly, with no error
left unhandled and without the token in its log, when the package is done.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from tests.discord.wire.harness import RunningBot, start_bot
from tests.support.fakes.discord_server import DiscordServer


@pytest_asyncio.fixture(scope="package", loop_scope="package")
async def discord_fake() -> AsyncIterator[DiscordServer]:
    """The local Discord on 127.0.0.1."""
    async with DiscordServer() as server:
        yield server


@pytest_asyncio.fixture(scope="package", loop_scope="package")
async def bot(
    discord_fake: DiscordServer, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[RunningBot]:
    """``whatsworking run --discord`` connected to the local Discord; stopped cleanly after."""
    folder = tmp_path_factory.mktemp("discord-wire")
    running = await start_bot(discord_fake, f"sqlite:///{folder / 'wire.db'}", folder)
    try:
        yield running
    finally:
        log = await running.stop()
    assert running.process.returncode == 0, log[-3000:]
    for unhandled in ("Ignoring exception in", "Task exception was never retrieved"):
        assert unhandled not in log, log[-3000:]  # failures are the front-end's, logged
    assert discord_fake.token not in log
