"""The bot logs in to the local Discord, syncs its commands, opens a gateway session and answers."""

from __future__ import annotations

import pytest

from tests.discord.wire.harness import RunningBot
from tests.support.fakes.discord_server import DiscordServer
from tests.support.fakes.discord_state import APPLICATION_ID

pytestmark = pytest.mark.asyncio(loop_scope="package")

CREATOR = 1_300_000_000_000_000_001


async def test_the_bot_syncs_its_commands_and_answers_help(
    bot: RunningBot, discord_fake: DiscordServer
) -> None:
    (sync,) = discord_fake.calls("PUT applications")
    assert sync.status == 200 and sync.path == f"applications/{APPLICATION_ID}/commands"
    (group,) = discord_fake.store.commands["global"]
    assert group["name"] == "whatsworking"
    assert discord_fake.gateway.identifies >= 1 and discord_fake.gateway.intents
    found = await discord_fake.slash(CREATOR, "help")
    (answer,) = await bot.answer(found)
    assert "whatsworking" in answer.text.lower()
    discord_fake.assert_no_violations()
