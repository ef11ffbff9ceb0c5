"""Shared fixtures: every storage-touching test runs on SQLite and on PostgreSQL.

Every test runs on a wall clock pinned years away from the fixtures (tests/wall_clock.py), in
an empty directory of its own, with none of the developer's service settings in its
environment, and PostgreSQL is required unless TEST_POSTGRES=skip says otherwise.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from storage import Database, open_database
from storage.clock import FixedClock
from tests.pg_schema import throwaway_schema
from tests.wall_clock import pin_wall_clock

ROOT = Path(__file__).parents[1]
POSTGRES_URL = os.environ.get(
    "WHATSWORKING_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
# TEST_POSTGRES=skip runs the suite without PostgreSQL (its half of the tests is skipped); by
# default an unreachable server fails every test that needs it, so nothing is skipped unseen.
POSTGRES_CHOICES = ("require", "skip")
POSTGRES_CHOICE = os.environ.get("TEST_POSTGRES", "require")
if POSTGRES_CHOICE not in POSTGRES_CHOICES:
    raise pytest.UsageError(f"TEST_POSTGRES={POSTGRES_CHOICE!r}: use require or skip")
BACKENDS = ["sqlite", "postgresql"]
# A developer's own keys, tokens and settings never reach a test or a process it starts.
FOREIGN_SETTINGS = ("OPENAI_", "TELEGRAM_", "DISCORD_", "WHATSWORKING_")

# Property tests draw the same examples on every run, so a red CI run repeats on a laptop and a
# landing never depends on luck; HYPOTHESIS_PROFILE=explore draws new examples to hunt for bugs.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


def _foreign_settings() -> list[str]:
    return [name for name in os.environ if name.startswith(FOREIGN_SETTINGS)]


for _name in _foreign_settings():  # gone before a fixture of any scope reads the environment
    del os.environ[_name]
PINNED_AT = pin_wall_clock(os.environ)
# Child processes run in a test's own directory yet import the tests package of this checkout.
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
)


def pytest_report_header() -> str:
    """Say which wall clock the run is on, so a failure can be re-run the same way."""
    where = PINNED_AT.isoformat() if PINNED_AT else "the real clock"
    return f"wall clock: {where} (TEST_WALL_CLOCK=ahead|behind|real|ISO instant)"


@pytest.fixture(autouse=True)
def isolated_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Each test starts in an empty directory (no .env to read), with a data directory of its
    own and without service settings, whatever an earlier test or the developer set."""
    for name in _foreign_settings():
        monkeypatch.delenv(name)
    # `whatsworking run` called in-process would pin the whole test worker to one CPU (and
    # every process it spawns); the tests of pinning itself run the bot as a child and ask.
    monkeypatch.setenv("WHATSWORKING_PIN_CPU", "false")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data")))
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))


@pytest.fixture
def app_clock(monkeypatch: pytest.MonkeyPatch) -> FixedClock:
    """The clock of every App the test bootstraps (the CLI run in-process included), in place
    of the system clock: it stands at FixedClock's instant until the test moves it."""
    clock = FixedClock()
    monkeypatch.setattr("bot.bootstrap.SystemClock", lambda: clock)
    return clock


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
    """Fail when PostgreSQL is not reachable; skip only when TEST_POSTGRES=skip opts out."""
    global _PG_ERROR
    if POSTGRES_CHOICE == "skip":
        pytest.skip("TEST_POSTGRES=skip: running without PostgreSQL")
    if _PG_ERROR is False:
        _PG_ERROR = _postgres_reachable()
    if _PG_ERROR:
        pytest.fail(
            f"PostgreSQL unreachable at {POSTGRES_URL}: {_PG_ERROR} "
            "(start it, or set TEST_POSTGRES=skip to run without it)"
        )


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
