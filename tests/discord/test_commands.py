"""Each /whatsworking command callback, with the real agent and an Interaction double."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from discord import app_commands

from bot.chat.text import one_line
from bot.discord.commands import WhatsworkingCommands
from storage.creators import create_creator, link_identity
from tests.discord.doubles import InteractionDouble
from tests.discord.hostile import unescape
from tests.discord.limits import assert_within_limits
from tests.discord.world import BO, MIA, STRANGER, World, invoke
from tests.support.chat import NOW

FAILED = ("went wrong", "failed unexpectedly", "I don't know the command")


def choice(value: str) -> app_commands.Choice[str]:
    """An option value as Discord hands it to a callback with choices."""
    return app_commands.Choice(name=value, value=value)


COMMANDS: list[tuple[str, dict[str, Any]]] = [
    ("overview", {}),
    ("overview", {"period": choice("90d"), "platform": choice("youtube")}),
    ("top", {"period": choice("all")}),
    ("attention", {}),
    ("themes", {}),
    ("platforms", {}),
    ("content", {"piece": "3"}),
    ("besttime", {}),
    ("advice", {}),
    ("advice", {"platform": choice("tiktok")}),
    ("formats", {}),
    ("cadence", {}),
    ("titles", {}),
    ("recent", {"count": 3, "platform": choice("tiktok")}),
    ("plans", {"status": choice("all")}),
    ("plan create", {}),
    ("plan from", {"piece": "4", "kind": choice("diagnose")}),
    ("digest", {}),
    ("settings", {}),
    ("link", {}),
    ("demo", {}),
    ("forgetme", {}),
    ("help", {}),
]


def visible_ephemeral_flags(interaction: InteractionDouble) -> set[bool]:
    """The ephemeral flag of every call that decides it (answers, deferrals, follow-ups)."""
    deciding = ("send_message", "defer", "followup")
    return {bool(c.kwargs.get("ephemeral")) for c in interaction.calls if c.method in deciding}


@pytest.mark.parametrize(("path", "options"), COMMANDS, ids=[c[0] for c in COMMANDS])
async def test_each_command_answers_privately_in_a_server(
    world: World, path: str, options: dict[str, Any]
) -> None:
    interaction = await invoke(world.front(), path, InteractionDouble(MIA), **options)
    assert interaction.response.done and interaction.shown
    assert visible_ephemeral_flags(interaction) == {True}
    assert_within_limits(interaction.calls)
    assert not any(problem in interaction.text for problem in FAILED), interaction.text


async def test_advice_for_one_platform_answers_with_that_platforms_themes(world: World) -> None:
    interaction = await invoke(
        world.front(), "advice", InteractionDouble(MIA), platform=choice("tiktok")
    )
    assert "What to post on TikTok" in interaction.text
    assert "median score" in interaction.text


@pytest.mark.parametrize("path", ["overview", "content", "help"])
async def test_in_the_dm_answers_are_ordinary_messages(world: World, path: str) -> None:
    options = {"piece": "5"} if path == "content" else {}
    interaction = await invoke(
        world.front(), path, InteractionDouble(MIA, guild_id=None), **options
    )
    assert visible_ephemeral_flags(interaction) == {False}
    assert_within_limits(interaction.calls)


async def test_hostile_titles_reach_the_creator_escaped(world: World) -> None:
    interaction = await invoke(world.front(), "top", InteractionDouble(MIA), period=choice("all"))
    shown = unescape(interaction.text)
    assert any(one_line(title)[:60] in shown for title in world.titles[world.mia])
    assert "@everyone" not in interaction.text


@pytest.mark.parametrize("path", ["overview", "top", "attention"])
async def test_two_creators_never_see_each_others_pieces(world: World, path: str) -> None:
    front = world.front()
    seen = {}
    for user, creator in ((MIA, world.mia), (BO, world.bo)):
        interaction = await invoke(front, path, InteractionDouble(user), period=choice("all"))
        seen[creator] = unescape(interaction.text)
    for creator, other in ((world.mia, world.bo), (world.bo, world.mia)):
        own = [one_line(t)[:50] for t in world.titles[creator]]
        foreign = [one_line(t)[:50] for t in world.titles[other]]
        assert any(t in seen[creator] for t in own)
        assert not any(t in seen[creator] for t in foreign)


async def test_content_of_the_same_number_is_each_creators_own(world: World) -> None:
    front = world.front()
    mia = await invoke(front, "content", InteractionDouble(MIA), piece="2")
    bo = await invoke(front, "content", InteractionDouble(BO), piece="2")
    assert unescape(mia.text) != unescape(bo.text)
    assert any(one_line(t)[:40] in unescape(bo.text) for t in world.titles[world.bo])
    assert not any(one_line(t)[:40] in unescape(bo.text) for t in world.titles[world.mia])


async def test_piece_autocomplete_offers_only_the_creators_own_titles(world: World) -> None:
    front = world.front()
    group = WhatsworkingCommands(front)
    mine = await group.content_choices(InteractionDouble(MIA).real(), "best")
    assert mine and all("best" in c.name.lower() for c in mine)
    mia_numbers = {str(n) for n in range(1, 31)}
    assert {c.value for c in mine} <= mia_numbers and len(mine) <= 25
    assert await group.content_choices(InteractionDouble(BO).real(), "best") == []
    assert await group.content_choices(InteractionDouble(STRANGER).real(), "") == []
    by_number = await group.content_choices(InteractionDouble(BO).real(), "#7")
    assert by_number[0].value == "7"  # the number first, then titles that contain it
    assert all(
        len(c.name) <= 100 for c in await group.content_choices(InteractionDouble(MIA).real(), "")
    )


async def test_timezone_autocomplete(world: World) -> None:
    group = WhatsworkingCommands(world.front())
    berlin = await group.zone_choices(InteractionDouble(MIA).real(), "berl")
    assert [c.value for c in berlin] == ["Europe/Berlin"]
    common = await group.zone_choices(InteractionDouble(MIA).real(), "")
    assert "UTC" in {c.value for c in common} and len(common) <= 25
    americas = await group.zone_choices(InteractionDouble(MIA).real(), "america")
    assert len(americas) == 25 and all("America" in c.value for c in americas)


async def test_plan_items_done_and_undo_with_autocomplete(world: World) -> None:
    front = world.front()
    group = WhatsworkingCommands(front)
    top = await invoke(front, "top", InteractionDouble(BO), period=choice("all"))
    best = next(
        b.item.label for b in top.last.buttons if (b.item.label or "").startswith("Details")
    )
    draft = await invoke(front, "plan from", InteractionDouble(BO), piece=best.split("#")[1])
    saved = InteractionDouble(BO)
    await front.on_action_button(saved.real(), draft.last.button("Save plan").custom_id)
    assert "Saved as plan" in saved.text
    open_items = await group.open_item_choices(InteractionDouble(BO).real(), "")
    with world.db.unit_of_work() as session:  # a creator with no plans, while others have some
        carol = create_creator(session, f"carol-{uuid.uuid4().hex[:8]}", now=NOW)
        link_identity(session, carol, "discord", "4004", now=NOW)
    assert open_items and await group.open_item_choices(InteractionDouble(4004).real(), "") == []
    item = open_items[0].value
    done = await invoke(front, "done", InteractionDouble(BO), item=item)
    assert f"Done: {item}" in done.text
    completed = await group.done_item_choices(InteractionDouble(BO).real(), "")
    assert item in {c.value for c in completed}
    assert item not in {
        c.value for c in await group.open_item_choices(InteractionDouble(BO).real(), "")
    }
    undone = await invoke(front, "undo", InteractionDouble(BO), item=item)
    assert item in undone.text and "☐" in undone.text
    assert_within_limits(done.calls + undone.calls)


async def test_settings_options_are_applied_in_one_answer(world: World) -> None:
    front = world.front()
    interaction = await invoke(
        front,
        "settings",
        InteractionDouble(BO),
        timezone="Europe/Berlin",
        digest_time="07:30",
        reminders=False,
    )
    text = interaction.text
    assert "Europe/Berlin" in text and "07:30" in text and "Reminders for plan items: off" in text
    back = await invoke(front, "settings", InteractionDouble(BO), timezone="UTC", reminders=True)
    assert "Reminders for plan items: on" in back.text


async def test_a_stranger_is_welcomed_not_shown_anyones_data(world: World) -> None:
    interaction = await invoke(world.front(), "top", InteractionDouble(STRANGER, name="Stranger"))
    assert "Welcome to whatsworking" in interaction.text
    for creator in (world.mia, world.bo):
        assert not any(
            one_line(t)[:40] in unescape(interaction.text) for t in world.titles[creator]
        )
