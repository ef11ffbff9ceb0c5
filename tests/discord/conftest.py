"""A module-wide world of two simulated creators, once per backend (seeding is slow)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from storage import open_database
from tests.agent.conftest import module_url
from tests.discord.world import World, build_world

__all__ = ["module_url"]


@pytest.fixture(scope="module")
def world(module_url: str) -> Iterator[World]:
    """Mia and Bo with simulated content, linked to their Discord accounts."""
    database = open_database(module_url)
    try:
        yield build_world(database)
    finally:
        database.dispose()
