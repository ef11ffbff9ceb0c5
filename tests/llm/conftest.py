"""A running scripted OpenAI-compatible server for each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.fakes.openai_server import FakeOpenAIServer


@pytest.fixture
def openai_server() -> Iterator[FakeOpenAIServer]:
    """A fake chat-completions server on 127.0.0.1; add steps with ``server.add(...)``."""
    with FakeOpenAIServer() as server:
        yield server
