"""Simulated creators for the agent tests, shared per module and backend (seeding is slow)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storage import Database, open_database
from tests.support.chat import seed_creator
from tests.support.databases import BACKENDS, POSTGRES_URL, require_postgres
from tests.support.fakes.openai_server import FakeOpenAIServer
from tests.support.pg_schema import throwaway_schema


@pytest.fixture(scope="module", params=BACKENDS)
def module_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A database URL shared by one test module, once per backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('agent') / 'agent.db'}"
        return
    require_postgres()
    with throwaway_schema(POSTGRES_URL) as url:
        yield url


@pytest.fixture(scope="module")
def seeded(module_url: str) -> Iterator[Database]:
    """A database with two simulated creators: mia (60 pieces) and bo (70 pieces)."""
    database = open_database(module_url)
    seed_creator(database, "mia", pieces=60, seed=23)
    seed_creator(database, "bo", pieces=70, seed=11, niche="fitness")
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def openai_server() -> Iterator[FakeOpenAIServer]:
    """A scripted OpenAI-compatible server on 127.0.0.1."""
    with FakeOpenAIServer() as server:
        yield server


@pytest.fixture
def charts_dir(tmp_path: Path) -> Path:
    """Where console charts go in a test."""
    return tmp_path / "charts"
