"""A local Discord and the real bot process talking to it, for one test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.discord.wire.harness import RunningBot, start_bot
from tests.support.fakes.discord_server import DiscordServer


@pytest.fixture
async def discord_fake() -> AsyncIterator[DiscordServer]:
    """The local Discord on 127.0.0.1 for one test."""
    async with DiscordServer() as server:
        yield server


@pytest.fixture
async def bot(
    discord_fake: DiscordServer, sqlite_url: str, tmp_path: Path
) -> AsyncIterator[RunningBot]:
    """``whatsworking run --discord`` connected to the local Discord; stopped cleanly after."""
    running = await start_bot(discord_fake, sqlite_url, tmp_path)
    try:
        yield running
    finally:
        log = await running.stop()
    assert running.process.returncode == 0, log[-3000:]
    assert "Traceback" not in log, log[-3000:]
    assert discord_fake.token not in log
