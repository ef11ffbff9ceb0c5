"""Shared fixtures: every storage-touching test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import settings

from storage import Database, open_database
from tests.support.databases import BACKENDS, POSTGRES_URL, require_postgres
from tests.support.pg_schema import throwaway_schema

# Property tests draw the same examples on every run, so a red CI run repeats on a laptop and a
# landing never depends on luck; HYPOTHESIS_PROFILE=explore draws new examples to hunt for bugs.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))
# `whatsworking run` called in-process would pin the whole test worker to one CPU (and every
# process it spawns); the tests of pinning itself run the bot as a child process and ask for it.
os.environ["WHATSWORKING_PIN_CPU"] = "false"


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
        # Chromium driving the web pages, and servers started for them.
        "test_telegram_mini_app",
        "test_plans_in_browser",
        "test_content_in_browser",
        "test_web_security",
        "test_screenshots",
        "test_serving",
        "test_chat_web",
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
