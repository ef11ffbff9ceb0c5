"""One world of two simulated creators for the whole package, once per backend (seeding is slow).

Tests may add to it (plans, settings, identities) but never remove what others rely on.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storage import open_database
from tests.discord.world import World, build_world
from tests.support.databases import BACKENDS, POSTGRES_URL, require_postgres
from tests.support.pg_schema import throwaway_schema


@pytest.fixture(scope="package", params=BACKENDS)
def package_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A database URL shared by the package's tests, once per backend."""
    if request.param == "sqlite":
        folder: Path = tmp_path_factory.mktemp("discord")
        yield f"sqlite:///{folder / 'discord.db'}"
        return
    require_postgres()
    with throwaway_schema(POSTGRES_URL) as url:
        yield url


@pytest.fixture(scope="package")
def world(package_url: str) -> Iterator[World]:
    """Mia and Bo with simulated content, linked to their Discord accounts."""
    database = open_database(package_url)
    try:
        yield build_world(database)
    finally:
        database.dispose()
