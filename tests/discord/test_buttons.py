"""Pressing the buttons of a reply: tabs, checkboxes and piece buttons edit in place,
and a forged or foreign button is 'expired' without running anything."""

from __future__ import annotations

import re

import discord
import pytest

from bot.discord.buttons import TEMPLATE, ActionButton
from bot.discord.client import WhatsworkingClient
from bot.discord.frontend import EXPIRED
from context.actions import BACK
from context.reply import ChatRequest, Reply
from tests.discord.doubles import Call, InteractionDouble
from tests.discord.hostile import unescape
from tests.discord.limits import assert_within_limits
from tests.discord.test_commands import choice
from tests.discord.world import BO, MIA, STRANGER, World, invoke


class CountingAgent:
    """Wraps an agent and counts the turns it answered."""

    def __init__(self, inner: World) -> None:
        self.inner = inner.agent()
        self.turns = 0

    def handle(self, request: ChatRequest) -> Reply:
        """Count, then answer."""
        self.turns += 1
        return self.inner.handle(request)


async def press(
    world: World, user: int, call: Call, label: str, **kwargs: object
) -> InteractionDouble:
    """Press one button of an earlier answer as ``user``."""
    interaction = InteractionDouble(user, **kwargs)  # type: ignore[arg-type]
    await world.front().on_action_button(interaction.real(), call.button(label).custom_id)
    return interaction


async def test_a_tab_edits_the_dashboard_in_place(world: World) -> None:
    overview = await invoke(world.front(), "overview", InteractionDouble(MIA))
    tab = await press(world, MIA, overview.last, "Top performers")
    assert [c.method for c in tab.calls] in (["edit_message"], ["defer", "edit_original"])
    styles = {b.item.label: b.item.style for b in tab.last.buttons}
    assert styles["Top performers"] == discord.ButtonStyle.primary
    assert styles["Overview"] == discord.ButtonStyle.secondary
    assert "Top performers" in tab.text
    assert_within_limits(tab.calls)


async def test_a_filter_keeps_the_tab_and_changes_the_period(world: World) -> None:
    top = await invoke(world.front(), "top", InteractionDouble(MIA))
    week = await press(world, MIA, top.last, "7 days")
    assert "7 days" in week.text and week.last.method in ("edit_message", "edit_original")
    selected = [
        b.item.label for b in week.last.buttons if b.item.style == discord.ButtonStyle.primary
    ]
    assert "Top performers" in selected and "7 days" in selected


async def test_a_piece_button_edits_in_place_and_back_restores_the_tab(world: World) -> None:
    top = await invoke(world.front(), "top", InteractionDouble(MIA), period=choice("all"))
    label = next(
        b.item.label for b in top.last.buttons if (b.item.label or "").startswith("Details")
    )
    details = await press(world, MIA, top.last, label)
    assert details.last.method in ("edit_message", "edit_original")
    assert f"#{label.split('#')[1]}" in unescape(details.text)
    assert BACK in {b.item.label for b in details.last.buttons}
    back = await press(world, MIA, details.last, BACK)
    assert back.last.method in ("edit_message", "edit_original")
    assert "Top performers" in back.text
    assert label in {b.item.label for b in back.last.buttons}
    assert_within_limits(details.calls + back.calls)


async def test_plan_checkboxes_tick_in_place(world: World) -> None:
    top = await invoke(world.front(), "top", InteractionDouble(MIA), period=choice("all"))
    label = next(
        b.item.label for b in top.last.buttons if (b.item.label or "").startswith("Details")
    )
    draft = await invoke(
        world.front(), "plan from", InteractionDouble(MIA), piece=label.split("#")[1]
    )
    saved = await press(world, MIA, draft.last, "Save plan")
    box = next(b.item.label for b in saved.last.buttons if (b.item.label or "").startswith("☐"))
    ticked = await press(world, MIA, saved.last, box)
    assert ticked.last.method in ("edit_message", "edit_original")
    after = {b.item.label: b.item.style for b in ticked.last.buttons}
    assert after["☑" + box[1:]] == discord.ButtonStyle.success
    unticked = await press(world, MIA, ticked.last, "☑" + box[1:])
    assert box in {b.item.label for b in unticked.last.buttons}
    assert_within_limits(ticked.calls + unticked.calls)


async def test_a_forged_button_has_expired_and_runs_nothing(world: World) -> None:
    agent = CountingAgent(world)
    front = world.front(agent)
    overview = await invoke(front, "overview", InteractionDouble(MIA))
    before = agent.turns
    real_id = overview.last.button("Themes").custom_id
    forged_ids = [
        real_id.replace("themes", "top"),
        real_id[:-1] + ("A" if real_id[-1] != "A" else "B"),
        "ww:0:tab:top,30d,all|AAAAAAAAAAAAAAAA",
    ]
    for custom_id in forged_ids:
        interaction = InteractionDouble(MIA)
        await front.on_action_button(interaction.real(), custom_id)
        assert [
            (c.method, c.kwargs.get("content"), c.kwargs.get("ephemeral"))
            for c in interaction.calls
        ] == [("send_message", EXPIRED, True)]
    assert agent.turns == before


async def test_another_creators_button_shows_them_nothing(world: World) -> None:
    agent = CountingAgent(world)
    front = world.front(agent)
    top = await invoke(front, "top", InteractionDouble(MIA), period=choice("all"))
    before = agent.turns
    for user in (BO, STRANGER):
        for button in top.last.buttons:
            interaction = InteractionDouble(user, name="Someone")
            await front.on_action_button(interaction.real(), button.custom_id)
            assert interaction.text.strip() == EXPIRED
    assert agent.turns == before


async def test_presses_reach_the_front_end_through_the_dynamic_item(world: World) -> None:
    front = world.front()
    client = WhatsworkingClient(front, sync=False)
    overview = await invoke(front, "overview", InteractionDouble(MIA))
    pressed = overview.last.button("Platforms")
    match = re.fullmatch(TEMPLATE, pressed.custom_id)
    assert match is not None
    interaction = InteractionDouble(MIA, client=client)
    item = await ActionButton.from_custom_id(interaction.real(), pressed.item, match)
    await item.callback(interaction.real())
    assert "Platforms" in interaction.text and interaction.last.method in (
        "edit_message",
        "edit_original",
    )
    await client.close()


@pytest.mark.parametrize(
    ("path", "options"),
    [("overview", {}), ("top", {"period": "all"}), ("content", {"piece": "3"}), ("help", {})],
)
async def test_every_button_of_an_answer_works_within_the_limits(
    world: World, path: str, options: dict[str, str]
) -> None:
    front = world.front()
    given = {k: choice(v) if k == "period" else v for k, v in options.items()}
    answer = await invoke(front, path, InteractionDouble(MIA), **given)
    assert answer.last.buttons
    for button in answer.last.buttons:
        pressed = InteractionDouble(MIA)
        await front.on_action_button(pressed.real(), button.custom_id)
        assert pressed.shown and EXPIRED not in pressed.text, button.item.label
        assert not any(p in pressed.text for p in ("went wrong", "failed unexpectedly"))
        assert_within_limits(pressed.calls)
        assert {bool(c.kwargs.get("ephemeral", True)) for c in pressed.calls} == {True}
