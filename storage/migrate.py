"""Alembic, driven from code: the schema is brought up to date on first use.

Importing Alembic costs a quarter of a second, most of a one-shot command's start when the
schema is already current. ``upgrade_to_head`` first compares the database's recorded revision
with the newest one the migration files declare (read as text); only a difference, or files it
cannot read that way, brings Alembic in.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_REVISION = re.compile(r'^revision(?::[^=]*)?=\s*["\']([^"\']+)["\']\s*$', re.MULTILINE)
_DOWN = re.compile(r'^down_revision(?::[^=]*)?=\s*(?:["\']([^"\']+)["\']|None)\s*$', re.MULTILINE)


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config pointing at our migrations, optionally bound to a connection."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    """The newest revision the code knows."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def declared_head() -> str | None:
    """The head as the migration files declare it, read as text (None: not simply readable).

    One linear chain is expected: every file names its revision and the one before it; the
    head is the revision no file comes after. Anything else (a merge, an unusual file) is
    left to Alembic.
    """
    revisions, downs = set(), set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        found, down = _REVISION.findall(source), _DOWN.search(source)
        if len(found) != 1 or down is None:
            return None
        revisions.add(found[0])
        if down.group(1):
            downs.add(down.group(1))
    heads = revisions - downs
    return heads.pop() if len(heads) == 1 and downs <= revisions else None


def recorded_revision(engine: Engine) -> str | None:
    """The revision in the database's version table, without Alembic (None: none recorded)."""
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except DBAPIError:  # no version table yet: an empty database
        return None
    return rows[0] if len(rows) == 1 else None


def upgrade_to_head(engine: Engine) -> bool:
    """Apply pending migrations; return True when anything was applied."""
    head = declared_head()
    if head is not None and recorded_revision(engine) == head:
        return False
    if current_revision(engine) == head_revision():
        return False
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    return True
