"""Fifty slash commands from one Discord user at once: five wait their turn, the rest are told
"one at a time", and another user is answered while the first one's turn is still running."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field

from bot.chat.fair_share import BUSY, DEFAULT_PER_CHAT
from bot.discord.frontend import DiscordFrontEnd
from bot.discord.requests import command
from context.reply import ChatRequest, Headline, Reply
from tests.discord.doubles import InteractionDouble
from tests.discord.test_deferral import Keys
from tests.discord.world import SECRET, fake_chart

FLOOD = 50
FLOODER, NEIGHBOUR = 1, 2


@dataclass
class FloodGate:
    """Answers everyone at once, except the flooder's turns, which wait for ``release``."""

    release: threading.Event = field(default_factory=threading.Event)
    started: list[str] = field(default_factory=list)

    def handle(self, request: ChatRequest) -> Reply:
        """One turn."""
        self.started.append(request.external_id)
        if request.external_id == str(FLOODER):
            assert self.release.wait(30), "the test never released the flooder"
        return Reply((Headline(f"Top performers for {request.external_id}"),))


async def _until(predicate: object, timeout: float = 10) -> None:
    async def poll() -> None:
        while not predicate():  # type: ignore[operator]
            await asyncio.sleep(0.01)

    await asyncio.wait_for(poll(), timeout)


async def test_a_flooding_user_never_holds_up_another() -> None:
    agent = FloodGate()
    front = DiscordFrontEnd(agent, Keys(), SECRET, chart_renderer=fake_chart, defer_after=30)
    flood = [InteractionDouble(FLOODER) for _ in range(FLOOD)]
    tasks = [asyncio.create_task(front.command(i.real(), command("top"))) for i in flood]
    await _until(lambda: front.turned_away == FLOOD - DEFAULT_PER_CHAT)
    neighbour = InteractionDouble(NEIGHBOUR)
    await asyncio.wait_for(front.command(neighbour.real(), command("top")), 10)
    assert "Top performers for 2" in neighbour.text and not agent.release.is_set()
    agent.release.set()
    await asyncio.gather(*tasks)
    told = [i for i in flood if BUSY in i.text]
    answered = [i for i in flood if "Top performers for 1" in i.text]
    assert (len(told), len(answered)) == (FLOOD - DEFAULT_PER_CHAT, DEFAULT_PER_CHAT)
    assert agent.started.count(str(FLOODER)) == DEFAULT_PER_CHAT
