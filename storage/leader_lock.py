"""Which worker schedules: one at a time per database.

On PostgreSQL the scheduler lock is a session-level advisory lock held on a dedicated
connection; when its holder dies the connection closes, PostgreSQL releases the lock, and the
next worker to try takes it over. The lock is per schema, so deployments (and test schemas)
sharing one PostgreSQL server do not block each other. On SQLite a single process is assumed:
every worker leads (the delivery log's unique key still prevents double sends, but interrupted
claims would be recovered by two workers; run one `whatsworking run` per SQLite file).
"""

from __future__ import annotations

import contextlib
import logging
from typing import Protocol

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

LOCK_NAME = "whatsworking-scheduler"
_TRY_LOCK = text("SELECT pg_try_advisory_lock(hashtextextended(:name || current_schema(), 0))")
_UNLOCK = text("SELECT pg_advisory_unlock(hashtextextended(:name || current_schema(), 0))")
_log = logging.getLogger(__name__)


class LeaderLock(Protocol):
    """Decides whether this worker runs the scheduler right now."""

    def acquire(self) -> bool:
        """Take or keep the lock; True while this worker holds it."""
        ...

    def release(self) -> None:
        """Give the lock up (at shutdown)."""
        ...


class SingleProcessLock:
    """SQLite: one process per database file is assumed, so it always leads."""

    def acquire(self) -> bool:
        """Always True."""
        return True

    def release(self) -> None:
        """Nothing to release."""


class PostgresLeaderLock:
    """A PostgreSQL advisory lock on a connection of its own (not pooled, autocommit)."""

    def __init__(self, engine: Engine, name: str = LOCK_NAME) -> None:
        # A pooled connection would keep the lock after "closing"; NullPool really closes it.
        self._engine = create_engine(engine.url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
        self._name = f"{name}:"
        self._conn: Connection | None = None

    @property
    def held(self) -> bool:
        """True while the lock's connection is open (as far as this process knows)."""
        return self._conn is not None

    def acquire(self) -> bool:
        """Keep the lock if its connection is alive, else try to take it."""
        if self._conn is not None:
            if self._alive(self._conn):
                return True
            _log.warning("lost the scheduler lock: its database connection dropped")
            self._drop()
        try:
            conn = self._engine.connect()
            got = bool(conn.execute(_TRY_LOCK, {"name": self._name}).scalar())
        except DBAPIError as failure:
            _log.warning("cannot reach the database for the scheduler lock: %s", failure.orig)
            return False
        if not got:
            conn.close()
            return False
        self._conn = conn
        return True

    def release(self) -> None:
        """Unlock and close the connection."""
        if self._conn is None:
            return
        with contextlib.suppress(DBAPIError):  # closing the connection releases it anyway
            self._conn.execute(_UNLOCK, {"name": self._name})
        self._drop()

    def _alive(self, conn: Connection) -> bool:
        try:
            conn.execute(text("SELECT 1"))
        except DBAPIError:
            return False
        return True

    def _drop(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(DBAPIError):
                self._conn.close()
            self._conn = None

    def dispose(self) -> None:
        """Release and close the lock's engine."""
        self.release()
        self._engine.dispose()


def leader_lock(engine: Engine) -> LeaderLock:
    """The right lock for the database behind ``engine``."""
    if engine.dialect.name == "postgresql":
        return PostgresLeaderLock(engine)
    return SingleProcessLock()
