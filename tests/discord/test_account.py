"""Account turns from Discord: deleting everything with /forgetme, and a real chart attached."""

from __future__ import annotations

import discord

from bot.charts.render import render_chart
from bot.discord.frontend import EXPIRED
from bot.discord.render import CHART_FILENAME
from storage import Database
from storage.creators import create_creator, find_identity, link_identity
from tests.discord.doubles import InteractionDouble
from tests.discord.world import MIA, World, front_for, invoke
from tests.support.chat import NOW

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


async def test_forgetme_deletes_everything_and_expires_the_old_buttons(db: Database) -> None:
    with db.unit_of_work() as session:
        leaving = create_creator(session, "leaving", now=NOW)
        link_identity(session, leaving, "discord", str(MIA), now=NOW)
    front = front_for(db)
    asked = await invoke(front, "forgetme", InteractionDouble(MIA))
    assert asked.last.button("Yes, delete everything").item.style == discord.ButtonStyle.danger
    confirmed = InteractionDouble(MIA)
    await front.on_action_button(
        confirmed.real(), asked.last.button("Yes, delete everything").custom_id
    )
    assert "all its data are deleted" in confirmed.text
    assert confirmed.last.method == "edit_message" and confirmed.last.kwargs["view"] is None
    with db.read() as session:
        assert find_identity(session, "discord", str(MIA)) is None
    stale = InteractionDouble(MIA)
    await front.on_action_button(stale.real(), asked.last.button("Cancel").custom_id)
    assert stale.text.strip() == EXPIRED


async def test_a_real_chart_is_drawn_and_attached(world: World) -> None:
    interaction = await invoke(
        world.front(chart_renderer=render_chart), "themes", InteractionDouble(MIA)
    )
    (chart,) = interaction.last.files
    assert chart.filename == CHART_FILENAME and chart.fp.read(8) == PNG_MAGIC
    assert interaction.last.embeds[0].image.url == f"attachment://{CHART_FILENAME}"
