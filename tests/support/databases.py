"""The test databases: SQLite always, PostgreSQL when reachable (required under CI)."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

POSTGRES_URL = os.environ.get(
    "WHATSWORKING_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
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
    """Skip (or, under CI, fail) when PostgreSQL is not reachable."""
    global _PG_ERROR
    if _PG_ERROR is False:
        _PG_ERROR = _postgres_reachable()
    if _PG_ERROR:
        message = f"PostgreSQL unreachable at {POSTGRES_URL}: {_PG_ERROR}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
