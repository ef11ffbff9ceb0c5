"""Fixtures for scheduler tests: the local Bot API server."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.support.fakes.botapi_server import BotApiServer


@pytest.fixture
async def botapi() -> AsyncIterator[BotApiServer]:
    """A fake Bot API server listening on 127.0.0.1 for the duration of one test."""
    async with BotApiServer() as server:
        yield server
