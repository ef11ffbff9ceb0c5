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

from storage import Database, open_database
from storage.clock import FixedClock
from tests.support.databases import BACKENDS, POSTGRES_URL, require_postgres
from tests.support.pg_schema import throwaway_schema
from tests.wall_clock import pin_wall_clock

ROOT = Path(__file__).parents[1]
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


# Markers, so `make test-fast` can leave out what needs PostgreSQL, a running bot or minutes.
POSTGRES_MODULES = frozenset({"test_workers", "test_concurrency", "test_server_pg"})
# The slowest in a timed run of the rest (`pytest --durations`): subprocesses, worker pools,
# cold-import probes, schema fuzzing and whole-CLI runs.
SLOW_MODULES = frozenset(
    {
        "test_run_cli",
        "test_fuzz",
        "test_dashboard_cache",
        "test_pool",
        "test_cpu_affinity",
        "test_cli_chat",
        "test_cold_imports",
        "test_demo_cli",
        "test_template",
        "test_tool_loop",
    }
)
SLOW_FOLDERS: frozenset[str] = frozenset()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark e2e (a real bot over a local service fake), postgres and slow tests."""
    for item in items:
        module = item.path.stem
        callspec = getattr(item, "callspec", None)
        on_postgres = callspec is not None and "postgresql" in callspec.id
        if on_postgres or module in POSTGRES_MODULES or "pg_schema_url" in item.fixturenames:
            item.add_marker(pytest.mark.postgres)
        if module.endswith("_e2e"):
            item.add_marker(pytest.mark.e2e)
        if module in SLOW_MODULES or str(item.path.parent.name) in SLOW_FOLDERS:
            item.add_marker(pytest.mark.slow)
