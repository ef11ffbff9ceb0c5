"""Discord's deadlines and rate limits over the wire: an acknowledgement past 3 s, a token past
its 15 minutes, 429s per bucket and global, a 5xx. Nothing crashes, nothing is lost, nothing is
sent twice."""

from __future__ import annotations

import pytest

from tests.discord.wire.harness import RunningBot
from tests.support.fakes.discord_server import DiscordServer
from tests.support.fakes.discord_state import StoredInteraction

pytestmark = pytest.mark.asyncio(loop_scope="package")

SLOW, LATE, THROTTLED, GLOBAL, FAILED = (1_300_000_000_000_000_031 + n for n in range(5))


def statuses(discord: DiscordServer, found: StoredInteraction, route: str) -> list[int]:
    """The statuses answered to the calls of one interaction on one route."""
    return [c.status for c in discord.calls(route) if found.token in c.path]


async def welcomed(bot: RunningBot, user: int) -> None:
    """The first contact: the welcome, so later commands run as asked."""
    assert len(await bot.answer(await bot.discord.slash(user, "help"))) == 1


async def test_an_acknowledgement_past_the_deadline_is_refused_and_the_bot_carries_on(
    bot: RunningBot, discord_fake: DiscordServer
) -> None:
    late = await discord_fake.slash(SLOW, "help", deadline=0.0)
    await bot.answer(late)
    assert late.refused and set(late.refused) == {10062} and late.ack_type is None
    assert discord_fake.dms(SLOW) == []
    await welcomed(bot, SLOW)


async def test_an_expired_token_refuses_the_deferred_answer_and_the_bot_carries_on(
    bot: RunningBot, discord_fake: DiscordServer
) -> None:
    await welcomed(bot, LATE)
    await bot.answer(await discord_fake.slash(LATE, "demo", niche="travel"))
    found = await discord_fake.slash(LATE, "overview", token_ttl=0.0)  # deferred: it draws
    await bot.answer(found)
    assert found.ack_type == 5 and found.refused and set(found.refused) == {50027}
    (thinking,) = discord_fake.replies(found)
    assert thinking.text == "" and thinking.history == []  # still "thinking…"
    await welcomed(bot, LATE)


async def test_429s_per_bucket_are_waited_out_and_each_answer_arrives_once(
    bot: RunningBot, discord_fake: DiscordServer
) -> None:
    await welcomed(bot, THROTTLED)
    await bot.answer(await discord_fake.slash(THROTTLED, "demo", niche="fitness"))
    discord_fake.throttle_next("POST interactions", retry_after=0.4)
    discord_fake.throttle_next("PATCH webhooks", retry_after=0.4)
    found = await discord_fake.slash(THROTTLED, "top")
    (answer, *_) = await bot.answer(found)
    assert statuses(discord_fake, found, "POST interactions") == [429, 200]
    assert statuses(discord_fake, found, "PATCH webhooks") == [429, 200]
    assert answer.files == ["chart.png"] and len(answer.history) == 1  # thinking, then this
    before = len(discord_fake.dms(THROTTLED))
    discord_fake.throttle_next("POST channels/{}/messages", retry_after=0.4)
    await discord_fake.send_dm(THROTTLED, "help")
    assert len(await bot.dm_answer(THROTTLED, before)) == 1
    to_them = f"channels/{discord_fake.store.dm_channel(THROTTLED)}/messages"
    assert [c.status for c in discord_fake.store.calls if c.path == to_them][-2:] == [429, 200]
    discord_fake.assert_no_violations()


async def test_a_global_429_and_a_5xx_delay_an_answer_but_never_lose_or_double_it(
    bot: RunningBot, discord_fake: DiscordServer
) -> None:
    await welcomed(bot, GLOBAL)
    discord_fake.throttle_globally(retry_after=0.5)
    found = await discord_fake.slash(GLOBAL, "help")
    assert len(await bot.answer(found)) == 1
    assert statuses(discord_fake, found, "POST interactions") == [429, 200]
    await welcomed(bot, FAILED)
    before = len(discord_fake.dms(FAILED))
    discord_fake.fail_next("POST channels/{}/messages", status=502)
    await discord_fake.send_dm(FAILED, "help")
    assert len(await bot.dm_answer(FAILED, before)) == 1
    to_them = f"channels/{discord_fake.store.dm_channel(FAILED)}/messages"
    assert [c.status for c in discord_fake.store.calls if c.path == to_them][-2:] == [502, 200]
