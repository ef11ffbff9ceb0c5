"""`/whatsworking web`: a single-use sign-in link to the web dashboard, shown only to the asker."""

from __future__ import annotations

import re

from bot.settings import load_settings
from bot.web.links import WebLinks
from storage.clock import FixedClock
from storage.web_sessions import redeem_sign_in
from tests.discord.doubles import InteractionDouble
from tests.discord.world import MIA, NOW, World, invoke

NEWCOMER = 987_654_321  # a Discord user no other test in this package onboards
LINK = re.compile(r"https://dash\.example\.com/web/sign-in\?t=([A-Za-z0-9_\-]+)")


def links(world: World) -> WebLinks:
    """Links at the public URL, issued at NOW."""
    settings = load_settings(public_url="https://dash.example.com")
    return WebLinks(world.db, settings, FixedClock(NOW))


async def test_the_link_is_private_and_opens_the_askers_dashboard_once(world: World) -> None:
    front = world.front(web_links=links(world))
    for place in (InteractionDouble(MIA), InteractionDouble(MIA, guild_id=None)):
        interaction = await invoke(front, "web", place)
        assert {c.kwargs.get("ephemeral") for c in interaction.calls} == {True}
        token = LINK.search(interaction.text).group(1)  # type: ignore[union-attr]
        with world.db.unit_of_work() as session:
            assert redeem_sign_in(session, token, now=NOW) == world.mia
            assert redeem_sign_in(session, token, now=NOW) is None


async def test_a_stranger_is_told_to_start_and_gets_no_link(world: World) -> None:
    interaction = await invoke(
        world.front(web_links=links(world)), "web", InteractionDouble(NEWCOMER)
    )
    assert "any /whatsworking command sets one up" in interaction.text
    assert "sign-in" not in interaction.text


async def test_without_web_pages_the_command_says_so(world: World) -> None:
    interaction = await invoke(world.front(), "web", InteractionDouble(MIA))
    assert "not set up" in interaction.text
