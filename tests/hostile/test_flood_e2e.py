"""A flood of 200 updates from one chat, through the real Application and the local Bot API server:
another chat is answered while the flood's first turn is still running, and the flood costs the
bot a handful of turns and one notice (the time it takes is measured by bench/flood.py)."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest

from bot.chat.fair_share import BUSY, DEFAULT_PER_CHAT
from context.reply import ChatRequest, Reply
from storage import Database
from storage.clock import FixedClock
from tests.support.botapi_fixture import botapi
from tests.support.fakes.botapi_server import BotApiServer
from tests.telegram.agent_double import ScriptedAgent
from tests.telegram.conftest import start_harness
from tests.telegram.harness import Harness

__all__ = ["botapi"]
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
FLOODER, NEIGHBOUR = 7301, 7302
FLOOD = 200


@dataclass
class GatedAgent:
    """The scripted agent, except that the flooder's first question waits for ``release``."""

    inner: ScriptedAgent
    entered: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    answered: list[str] = field(default_factory=list)

    def handle(self, request: ChatRequest) -> Reply:
        """One turn; the flooder's first text blocks until released."""
        flooding = request.external_id == str(FLOODER) and (request.text or "").startswith("spam")
        if flooding and not self.entered.is_set():
            self.entered.set()
            assert self.release.wait(30), "the test never released the flooder's turn"
        if flooding:
            self.answered.append(request.text or "")
        return self.inner.handle(request)


@pytest.fixture
async def gated(
    botapi: BotApiServer, sqlite_db: Database
) -> AsyncIterator[tuple[Harness, GatedAgent]]:
    agent = GatedAgent(ScriptedAgent(sqlite_db, FixedClock()))
    running = await start_harness(botapi, sqlite_db, agent)
    try:
        yield running, agent
    finally:
        agent.release.set()
        await running.close()
    botapi.assert_no_violations()


async def _onboard(harness: Harness, user: int) -> None:
    welcome = await harness.say_one(user, "/start")
    await harness.press(user, welcome, "UTC")
    await harness.press(user, welcome, "Travel")


async def test_a_flooding_chat_never_holds_up_another(gated: tuple[Harness, GatedAgent]) -> None:
    harness, agent = gated
    await _onboard(harness, FLOODER)
    await _onboard(harness, NEIGHBOUR)
    before = len(harness.botapi.bot_messages(FLOODER))
    for n in range(FLOOD):
        harness.botapi.push_text(FLOODER, FLOODER, f"spam {n}")
    harness.pushed += FLOOD
    await harness.botapi.wait_for(agent.entered.is_set, timeout=10)
    await harness.botapi.wait_for(
        lambda: harness.processor.turned_away == FLOOD - DEFAULT_PER_CHAT, timeout=20
    )
    seen = len(harness.botapi.bot_messages(NEIGHBOUR))
    harness.botapi.push_text(NEIGHBOUR, NEIGHBOUR, "hello")
    harness.pushed += 1
    answers = await harness.botapi.wait_for(
        lambda: harness.botapi.bot_messages(NEIGHBOUR)[seen:], timeout=10
    )  # served while the flood's first turn is still running
    assert answers[0].text.startswith("You said: hello") and not agent.release.is_set()
    agent.release.set()
    await harness.settle()
    flood_replies = [m.text for m in harness.botapi.bot_messages(FLOODER)[before:]]
    assert flood_replies.count(BUSY) == 1
    assert agent.answered == [f"spam {n}" for n in range(DEFAULT_PER_CHAT)]
    assert len(flood_replies) == DEFAULT_PER_CHAT + 1
