"""Shared fixtures: every storage-touching test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from storage import Database, open_database
from tests.support.pg_schema import throwaway_schema

POSTGRES_URL = os.environ.get(
    "WHATSWORKING_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
BACKENDS = ["sqlite", "postgresql"]

# Property tests draw the same examples on every run, so a red CI run repeats on a laptop and a
# landing never depends on luck; HYPOTHESIS_PROFILE=explore draws new examples to hunt for bugs.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))
# `whatsworking run` called in-process would pin the whole test worker to one CPU (and every
# process it spawns); the tests of pinning itself run the bot as a child process and ask for it.
os.environ["WHATSWORKING_PIN_CPU"] = "false"


def _postgres_reachable() -> str | None:
    try:
        engine = create_engine(POSTGRES_URL)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except OperationalError as exc:
        return str(exc.orig)
    return None


_PG_ERROR: str | bool | None = False


def require_postgres() -> None:
    """Skip (or, under CI, fail) when PostgreSQL is not reachable."""
    global _PG_ERROR
    if _PG_ERROR is False:
        _PG_ERROR = _postgres_reachable()
    if _PG_ERROR:
        message = f"PostgreSQL unreachable at {POSTGRES_URL}: {_PG_ERROR}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped afterwards."""
    require_postgres()
    with throwaway_schema(POSTGRES_URL) as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: os.PathLike[str]) -> str:
    """A SQLite file URL in the test's temporary directory."""
    return f"sqlite:///{tmp_path}/test.db"


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest) -> str:
    """A migrated-on-demand database URL, once per backend."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("pg_schema_url"))


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    """An opened, migrated database on each backend."""
    database = open_database(database_url)
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def sqlite_db(sqlite_url: str) -> Iterator[Database]:
    """An opened, migrated SQLite database (for tests that need only one backend)."""
    database = open_database(sqlite_url)
    try:
        yield database
    finally:
        database.dispose()
