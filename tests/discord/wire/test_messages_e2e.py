"""DMs and mentions over the wire, and what the gateway does to them: a dropped connection is
resumed (events missed meanwhile arrive once), an invalidated session is identified afresh."""

from __future__ import annotations

import pytest

from bot.discord.messages import ANSWERED_IN_DM, DM_CLOSED
from tests.discord.wire.harness import RunningBot
from tests.support.fakes.discord_server import DiscordServer

pytestmark = pytest.mark.asyncio(loop_scope="package")

ALICE, BOB, CAROL = (1_300_000_000_000_000_021 + n for n in range(3))


async def test_a_dm_and_a_mention_are_answered_in_the_dm(
    bot: RunningBot, discord_fake: DiscordServer
) -> None:
    await discord_fake.send_dm(ALICE, "hello")
    (welcome,) = await bot.dm_answer(ALICE, 0)
    assert "Welcome to whatsworking" in welcome.text
    await discord_fake.mention(ALICE, "what is working?")
    (answer, *_) = await bot.dm_answer(ALICE, 1)
    assert answer.text
    note = discord_fake.store.in_channel(discord_fake.store.guild_channel)[-1]
    assert note.content == ANSWERED_IN_DM and note.body["allowed_mentions"] == {"parse": []}
    assert discord_fake.calls("POST channels/{}/typing")
    discord_fake.assert_no_violations()


async def test_a_mention_from_someone_whose_dms_are_closed_is_answered_in_the_channel(
    bot: RunningBot, discord_fake: DiscordServer
) -> None:
    discord_fake.store.dms_closed.add(BOB)
    channel = discord_fake.store.guild_channel
    before = len(discord_fake.store.in_channel(channel))
    await discord_fake.mention(BOB, "hello")
    await discord_fake.wait_for(lambda: len(discord_fake.store.in_channel(channel)) > before)
    await bot.quiet()
    (note,) = discord_fake.store.in_channel(channel)[before:]
    assert note.content == DM_CLOSED
    to_bob = f"channels/{discord_fake.store.dm_channel(BOB)}/messages"
    assert [c.code for c in discord_fake.store.calls if c.path == to_bob] == [50007]
    assert discord_fake.dms(BOB) == []


async def test_a_dropped_gateway_is_resumed_and_missed_events_arrive_once(
    bot: RunningBot, discord_fake: DiscordServer
) -> None:
    await discord_fake.gateway.drop(code=4000)
    await discord_fake.send_dm(CAROL, "hello while away")  # kept for the resume
    (welcome,) = await bot.dm_answer(CAROL, 0)
    assert "Welcome" in welcome.text
    assert (discord_fake.gateway.identifies, discord_fake.gateway.resumes) == (1, 1)
    await discord_fake.gateway.invalidate()
    await discord_fake.wait_for(lambda: discord_fake.gateway.identifies == 2)
    found = await discord_fake.slash(CAROL, "help")
    assert len(await bot.answer(found)) == 1
    assert len(discord_fake.dms(CAROL)) == 2  # nothing answered twice
