"""Every ``/whatsworking`` subcommand, run by a creator over the wire; buttons and autocomplete.

The creator first turns demo mode on, so every command has content to talk about.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.discord.frontend import FRIENDLY_ERROR
from tests.discord.wire.harness import RunningBot
from tests.support.fakes.discord_rest import EPHEMERAL
from tests.support.fakes.discord_server import DiscordServer
from tests.support.fakes.discord_state import StoredMessage

pytestmark = pytest.mark.asyncio(loop_scope="package")

CREATOR, GAMER = 1_300_000_000_000_000_011, 1_300_000_000_000_000_012
CHART_COMMANDS = ("overview", "top", "attention", "themes", "platforms", "besttime")


async def run(
    bot: RunningBot, path: str, *, user: int = CREATOR, dm: bool = True, **options: Any
) -> list[StoredMessage]:
    """Run one subcommand; its messages, each checked to be a real answer."""
    found = await bot.discord.slash(user, path, dm=dm, **options)
    replies = await bot.answer(found)
    assert found.refused == [] and replies, (path, found)
    assert all(FRIENDLY_ERROR not in m.text and m.text for m in replies), path
    return replies


async def test_every_subcommand_is_answered_within_discords_limits(
    bot: RunningBot, discord_fake: DiscordServer
) -> None:
    (welcome,) = await run(bot, "help")
    assert "Welcome to whatsworking" in welcome.text and not welcome.ephemeral  # a DM is private
    assert "Demo mode is on" in (await run(bot, "demo", niche="cooking"))[0].text
    for path in CHART_COMMANDS:
        first, *_ = await run(bot, path)
        assert first.files == ["chart.png"], path  # drawn, so deferred and then edited
    assert "digest" in (await run(bot, "digest"))[0].text
    assert (await run(bot, "overview", period="7d", platform="youtube"))[0].text
    assert "#1" in (await run(bot, "content", piece="1"))[0].text
    for kind in ("more", "diagnose"):  # the demo is random: piece 1 may lack one kind of factor
        (plan,) = await run(bot, "plan from", piece="1", kind=kind)
        assert "Draft plan" in plan.text or ("has no" in plan.text and "factors" in plan.text)
    (draft,) = await run(bot, "plan create")
    await bot.answer(await discord_fake.press(CREATOR, draft, "Save plan"))
    assert "Plan 1" in (await run(bot, "plans", status="active"))[0].text
    assert "1.1" in (await run(bot, "done", item="1.1"))[0].text
    assert "1.1" in (await run(bot, "undo", item="1.1"))[0].text
    (settings,) = await run(bot, "settings", timezone="Europe/Berlin", digest_time="07:30")
    assert "Europe/Berlin" in settings.text and "07:30" in settings.text
    assert "code" in (await run(bot, "link"))[0].text.lower()
    for path in ("connect", "sync", "web"):
        await run(bot, path)
    (in_server,) = await run(bot, "themes", dm=False)
    assert in_server.ephemeral and int(in_server.body["flags"]) & EPHEMERAL
    (confirm,) = await run(bot, "forgetme")
    assert confirm.labels() == ["Yes, delete everything", "Cancel"]
    discord_fake.assert_no_violations()


async def test_a_button_edits_its_message_in_place_and_autocomplete_offers_25(
    bot: RunningBot, discord_fake: DiscordServer
) -> None:
    await run(bot, "help", user=GAMER)  # the first contact is the welcome, whatever the command
    await run(bot, "demo", user=GAMER, niche="gaming")
    dashboard, *_ = await run(bot, "overview", user=GAMER)
    before = len(discord_fake.dms(GAMER))
    pressed = await discord_fake.press(GAMER, dashboard, "Top performers")
    await bot.answer(pressed)
    assert pressed.ack_type in (6, 7) and pressed.refused == []
    assert len(dashboard.history) >= 1 and dashboard.text.startswith("Top performers")
    assert len(discord_fake.dms(GAMER)) == before  # edited, not sent again
    pieces = await discord_fake.autocomplete(GAMER, "content", "piece", "")
    await bot.answer(pieces)
    assert pieces.choices is not None and len(pieces.choices) == 25
    zones = await discord_fake.autocomplete(GAMER, "settings", "timezone", "Berl")
    await bot.answer(zones)
    assert zones.choices and zones.choices[0]["value"] == "Europe/Berlin"
    discord_fake.assert_no_violations()
