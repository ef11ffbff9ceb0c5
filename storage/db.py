"""Engines, sessions and the unit of work; SQLite in WAL mode with a busy timeout."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from storage.errors import Unavailable
from storage.wal_checkpoint import CHECKPOINTS, set_threshold

SQLITE_BUSY_TIMEOUT_MS = 10_000
# Page cache per connection, in KiB (allocated only as pages are used). SQLite's default 2 MB
# made a large load's transaction spill its dirty index pages to the WAL and read them back:
# 1.9 GB read and 1.8 GB written while ingesting 300,000 pieces (0.4 and 0.5 with this cache).
SQLITE_CACHE_KIB = 65_536


def redact_url(url: str) -> str:
    """The URL with any password hidden, safe to show or log."""
    return make_url(url).render_as_string(hide_password=True)


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # The bot, the scheduler and the CLI share one file: WAL lets readers run beside a writer,
    # and the busy timeout makes a writer wait for another instead of failing at once.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    cursor.close()
    set_threshold(dbapi_connection)


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine for ``url``; SQLite gets its directory created and its pragmas set."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _set_sqlite_pragmas)
        if parsed.database and parsed.database != ":memory:":
            CHECKPOINTS.watch(engine)  # a commit leaves its log to the checkpoint thread
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


class Database:
    """One database: its engine, a session factory and the unit of work."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.session_factory = sessionmaker(engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        """The backend name: 'sqlite' or 'postgresql'."""
        return self.engine.dialect.name

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """A session whose work commits together at the end, or not at all."""
        session = self.session_factory()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading only; nothing it does is committed."""
        session = self.session_factory()
        try:
            yield session
        finally:
            session.close()  # rolls back whatever it began, as the connection goes back

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A Core connection whose statements commit together, for hot paths needing no ORM."""
        with self.engine.begin() as connection:
            yield connection

    def ping(self) -> None:
        """Raise Unavailable unless the database answers."""
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except OperationalError as exc:
            raise Unavailable(
                f"cannot reach the database at {redact_url(str(self.engine.url))}"
            ) from exc

    def dispose(self) -> None:
        """Close every pooled connection (after any checkpoint of this database running now)."""
        CHECKPOINTS.forget(self.engine)
        self.engine.dispose()


def open_database(url: str, *, migrate: bool = True, **engine_kwargs: Any) -> Database:
    """Open the database at ``url``, applying pending migrations first unless told not to."""
    db = Database(make_engine(url, **engine_kwargs))
    db.ping()
    if migrate:
        from storage.migrate import upgrade_to_head

        upgrade_to_head(db.engine)
    return db
