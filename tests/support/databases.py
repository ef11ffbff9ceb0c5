"""The test databases: SQLite always, PostgreSQL required unless TEST_POSTGRES=skip opts out."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

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
