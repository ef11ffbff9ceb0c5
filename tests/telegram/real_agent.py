"""Helpers for end-to-end tests with the product's real agent (rules engine, no LLM)."""

from __future__ import annotations

import re

import pytest

from context.agent import Agent
from storage import Database
from storage.clock import FixedClock
from tests.support.fakes.botapi_state import StoredMessage
from tests.telegram.conftest import AgentFactory
from tests.telegram.harness import Harness, labels

MIA, BO = 7401, 7402


@pytest.fixture
def agent_factory() -> AgentFactory:
    """The real agent instead of the scripted double."""

    def make(db: Database, clock: FixedClock) -> Agent:
        return Agent(db, clock)

    return make


async def onboard(harness: Harness, user: int, niche: str = "Tech reviews") -> None:
    """/start, Berlin, demo mode in ``niche``."""
    welcome = await harness.say_one(user, "/start")
    await harness.press(user, welcome, "Berlin / Paris")
    await harness.press(user, welcome, niche)
    assert welcome.text.startswith("Demo mode is on"), welcome.text


def keyboard_message(messages: list[StoredMessage]) -> StoredMessage:
    """The message of a reply that carries its buttons (the last one)."""
    with_buttons = [m for m in messages if m.buttons]
    assert with_buttons, [m.text[:80] for m in messages]
    return with_buttons[-1]


def button_like(message: StoredMessage, pattern: str) -> str:
    """The label of the first button matching ``pattern``."""
    found = [label for label in labels(message) if re.search(pattern, label)]
    assert found, f"no button like {pattern!r} in {labels(message)}"
    return found[0]


def everything(messages: list[StoredMessage]) -> str:
    """All the text a person reads in these messages."""
    return "\n".join(m.text for m in messages)
