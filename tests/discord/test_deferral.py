"""Discord's 3-second window: slow turns and charts are deferred, then followed up; failures
are one friendly line; a shutdown lets the turns in flight finish."""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import dataclass, field

import pytest

from bot.discord.buttons import sign_custom_id
from bot.discord.frontend import FRIENDLY_ERROR, RESTARTING, DiscordFrontEnd
from bot.discord.render import CHART_FILENAME
from bot.discord.requests import command
from context.reply import Action, Button, ChartSpec, ChatRequest, Headline, Paragraph, Reply
from tests.discord.doubles import InteractionDouble
from tests.discord.limits import assert_within_limits
from tests.discord.world import SECRET, fake_chart

KEY = "creator-key"


@dataclass
class Keys:
    """Every Discord account reaches one creator."""

    def creator_key(self, channel: str, external_id: str) -> str | None:
        """The same key for everyone."""
        return KEY


@dataclass
class GatedAgent:
    """Answers only once the test opens the gate; can fail or bring a chart."""

    reply: Reply
    gate: threading.Event = field(default_factory=threading.Event)
    fail: bool = False
    requests: list[ChatRequest] = field(default_factory=list)

    def handle(self, request: ChatRequest) -> Reply:
        """Wait for the gate, then answer (or raise)."""
        self.requests.append(request)
        assert self.gate.wait(30), "the test never opened the gate"
        if self.fail:
            raise RuntimeError("token=sekrit in a crash")
        return self.reply


ANSWER = Reply(
    blocks=(Headline("Top performers"), Paragraph("Your best piece is #3.")),
    buttons=(Button("Why #3", Action("why", ("3",))),),
)


def front_for(agent: GatedAgent, defer_after: float) -> DiscordFrontEnd:
    return DiscordFrontEnd(
        agent, Keys(), SECRET, chart_renderer=fake_chart, defer_after=defer_after
    )


async def wait_for_call(interaction: InteractionDouble, method: str) -> None:
    """Yield to the event loop until the front-end made the call (no wall-clock sleeping)."""
    while not any(c.method == method for c in interaction.calls):
        await asyncio.sleep(0)


async def test_a_slow_command_is_deferred_privately_then_answered() -> None:
    agent = GatedAgent(ANSWER)
    front = front_for(agent, defer_after=0.01)
    interaction = InteractionDouble(1)
    task = asyncio.create_task(front.command(interaction.real(), command("top")))
    await asyncio.wait_for(wait_for_call(interaction, "defer"), 10)
    assert [c.method for c in interaction.calls] == ["defer"]
    assert interaction.calls[0].kwargs == {"ephemeral": True, "thinking": True}
    agent.gate.set()
    await task
    assert [c.method for c in interaction.calls] == ["defer", "edit_original"]
    assert "Top performers" in interaction.text and interaction.last.buttons
    assert_within_limits(interaction.calls)


async def test_a_fast_command_is_answered_at_once() -> None:
    agent = GatedAgent(ANSWER)
    agent.gate.set()
    interaction = InteractionDouble(1, guild_id=None)
    await front_for(agent, defer_after=30).command(interaction.real(), command("top"))
    assert [c.method for c in interaction.calls] == ["send_message"]
    assert interaction.calls[0].kwargs["ephemeral"] is False


async def test_a_chart_is_always_deferred_and_attached() -> None:
    agent = GatedAgent(Reply(blocks=(Headline("Themes"),), chart=ChartSpec("theme_bars", "Themes")))
    agent.gate.set()
    interaction = InteractionDouble(1)
    await front_for(agent, defer_after=30).command(interaction.real(), command("themes"))
    assert [c.method for c in interaction.calls] == ["defer", "edit_original"]
    (chart,) = interaction.last.files
    assert chart.filename == CHART_FILENAME
    assert interaction.last.embeds[0].image.url == f"attachment://{CHART_FILENAME}"


async def test_a_slow_button_keeps_its_message_then_edits_it() -> None:
    agent = GatedAgent(Reply(blocks=(Paragraph("Top tab"),), edit_in_place=True))
    front = front_for(agent, defer_after=0.01)
    custom_id = sign_custom_id(Action("tab", ("top", "30d", "all")), 0, KEY, SECRET)
    interaction = InteractionDouble(1)
    task = asyncio.create_task(front.on_action_button(interaction.real(), custom_id))
    await asyncio.wait_for(wait_for_call(interaction, "defer"), 10)
    assert interaction.calls[0].kwargs == {}  # a deferred update: no "thinking" message
    agent.gate.set()
    await task
    assert [c.method for c in interaction.calls] == ["defer", "edit_original"]
    assert agent.requests[0].action == Action("tab", ("top", "30d", "all"))
    assert interaction.last.kwargs["attachments"] == []  # an old chart is removed


async def test_a_crash_is_one_friendly_line_and_no_secret_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    agent = GatedAgent(ANSWER, fail=True)
    agent.gate.set()
    interaction = InteractionDouble(1)
    with caplog.at_level(logging.ERROR):
        await front_for(agent, defer_after=30).command(interaction.real(), command("top"))
    assert [(c.method, c.kwargs.get("content")) for c in interaction.calls] == [
        ("send_message", FRIENDLY_ERROR)
    ]
    assert interaction.calls[0].kwargs["ephemeral"] is True
    assert "RuntimeError" in caplog.text
    assert "sekrit" not in caplog.messages[0]


async def test_a_crash_after_deferral_still_reaches_the_creator() -> None:
    agent = GatedAgent(ANSWER, fail=True)
    interaction = InteractionDouble(1)
    task = asyncio.create_task(front_for(agent, 0.01).command(interaction.real(), command("top")))
    await asyncio.wait_for(wait_for_call(interaction, "defer"), 10)
    agent.gate.set()
    await task
    assert [(c.method, c.kwargs.get("content")) for c in interaction.calls][-1] == (
        "followup",
        FRIENDLY_ERROR,
    )


async def test_shutdown_waits_for_turns_in_flight_and_refuses_new_ones() -> None:
    agent = GatedAgent(ANSWER)
    front = front_for(agent, defer_after=0.01)
    busy = InteractionDouble(1)
    task = asyncio.create_task(front.command(busy.real(), command("top")))
    await asyncio.wait_for(wait_for_call(busy, "defer"), 10)
    drained = asyncio.create_task(front.drain(timeout=30))
    await asyncio.sleep(0)  # let the drain begin
    late = InteractionDouble(2)
    await front.command(late.real(), command("top"))
    assert late.text.strip() == RESTARTING
    assert not drained.done()
    agent.gate.set()
    assert await drained is True
    await task
    assert "Top performers" in busy.text


async def test_shutdown_gives_up_waiting_after_its_timeout() -> None:
    agent = GatedAgent(ANSWER)
    front = front_for(agent, defer_after=0.01)
    busy = InteractionDouble(1)
    task = asyncio.create_task(front.command(busy.real(), command("top")))
    await asyncio.wait_for(wait_for_call(busy, "defer"), 10)
    assert await front.drain(timeout=0.01) is False
    agent.gate.set()
    await task


async def test_once_two_turns_share_the_bot_both_are_deferred_at_once() -> None:
    agent = GatedAgent(ANSWER)
    front = front_for(agent, defer_after=30)  # the wait alone would never defer in this test
    first, second = InteractionDouble(1), InteractionDouble(2)
    running = asyncio.create_task(front.command(first.real(), command("top")))
    while not agent.requests:
        await asyncio.sleep(0)
    queued = asyncio.create_task(front.command(second.real(), command("top")))
    await asyncio.wait_for(wait_for_call(second, "defer"), 10)
    await asyncio.wait_for(wait_for_call(first, "defer"), 10)
    assert not running.done() and not queued.done()
    agent.gate.set()
    await asyncio.gather(running, queued)
    assert [c.method for c in first.calls] == ["defer", "edit_original"]
    assert [c.method for c in second.calls] == ["defer", "edit_original"]
