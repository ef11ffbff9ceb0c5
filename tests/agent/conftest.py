"""Simulated creators for the agent tests, shared per module and backend (seeding is slow)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from storage import Database, open_database
from tests.agent.helpers import seed_creator
from tests.conftest import BACKENDS, POSTGRES_URL, require_postgres
from tests.fakes.openai_server import FakeOpenAIServer


@pytest.fixture(scope="module", params=BACKENDS)
def module_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A database URL shared by one test module, once per backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('agent') / 'agent.db'}"
        return
    require_postgres()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


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
