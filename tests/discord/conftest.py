"""One world of two simulated creators for the whole package, once per backend (seeding is slow).

Tests may add to it (plans, settings, identities) but never remove what others rely on.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from storage import open_database
from tests.conftest import BACKENDS, POSTGRES_URL, require_postgres
from tests.discord.world import World, build_world


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


@pytest.fixture(scope="package")
def world(package_url: str) -> Iterator[World]:
    """Mia and Bo with simulated content, linked to their Discord accounts."""
    database = open_database(package_url)
    try:
        yield build_world(database)
    finally:
        database.dispose()
