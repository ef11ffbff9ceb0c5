"""Two creators with demo content, a plan each and an API token each, copied fresh for every test.

Building the world (migrations, simulation, scoring) takes seconds; copying its SQLite file takes
milliseconds, so it is built once per session and every test gets its own copy.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.api import create_app
from bot.bootstrap import App, bootstrap
from bot.settings import load_settings
from storage import open_database
from storage.clock import FixedClock
from tests.api.operator import OPERATOR_TOKEN
from tests.api.world import NOW, World, populate


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, World]:
    """The populated template database file and who is in it."""
    path = tmp_path_factory.mktemp("api") / "template.db"
    database = open_database(f"sqlite:///{path}")
    try:
        world = populate(database)
    finally:
        database.dispose()
    return path, world


@pytest.fixture
def world(template: tuple[Path, World]) -> World:
    """Who is in the test's database: mia and bo, their tokens, pieces and plans."""
    return template[1]


@pytest.fixture
def wired(template: tuple[Path, World], tmp_path: Path) -> Iterator[App]:
    """The app over a private copy of the template database, with a fixed clock."""
    copy = tmp_path / "api.db"
    shutil.copyfile(template[0], copy)
    app = bootstrap(
        load_settings(operator_token=OPERATOR_TOKEN),
        database_url=f"sqlite:///{copy}",
        clock=FixedClock(NOW),
        migrate=False,
    )
    try:
        yield app
    finally:
        app.close()


@pytest.fixture
def client(wired: App) -> Iterator[TestClient]:
    """A test client that answers server errors as responses, like a real server."""
    with TestClient(create_app(wired), raise_server_exceptions=False) as test_client:
        yield test_client
