"""SQLite's WAL checkpoints, run by one background thread instead of by the committing writer.

A SQLite connection in WAL mode checkpoints by itself once a commit leaves the log past
``wal_autocheckpoint`` pages: that commit then copies every logged page into the database file
and syncs it, while the creator who sent the import waits. An import of an older export into a
10,000-piece catalogue logs ~2,950 pages and paid ~15-20 ms for its checkpoint; a smaller one
paid nothing until a later write crossed the line. Here a commit only wakes ``CHECKPOINTS``,
which copies the log a moment later (``PASSIVE``: it never waits on a reader or a writer);
connections checkpoint by themselves only past ``SAFETY_PAGES`` (a log the thread could not keep
up with, or a process that never wakes it), and the last connection to close checkpoints as ever.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

# A connection's own checkpoint threshold, in pages (SQLite's default: 1,000): 64 MB of log.
SAFETY_PAGES = 16_384
# Commits within this many seconds of a checkpoint share the next one: a busy bot syncs the
# database file at most this often, however many small writes it commits.
GAP_SECONDS = 0.25

_log = logging.getLogger(__name__)


class Checkpoints:
    """The process's checkpoint thread and the engines waiting for it (held weakly: a
    disposed or dropped engine is never checkpointed again)."""

    def __init__(self, gap: float = GAP_SECONDS) -> None:
        self._gap = gap
        self._waiting: weakref.WeakSet[Engine] = weakref.WeakSet()
        self._woken = threading.Condition()
        self._busy = threading.Lock()  # held while a checkpoint runs, so forget() can wait it out
        self._thread: threading.Thread | None = None
        self.done = 0  # checkpoints run (read by tests)

    def watch(self, engine: Engine) -> None:
        """Checkpoint ``engine``'s log after each of its commits."""
        event.listen(engine, "commit", lambda _connection: self.wake(engine))

    def wake(self, engine: Engine) -> None:
        """``engine`` is committing: checkpoint its log soon."""
        with self._woken:
            self._waiting.add(engine)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="wal-checkpoint", daemon=True
                )
                self._thread.start()
            self._woken.notify()

    def forget(self, engine: Engine) -> None:
        """Stop checkpointing ``engine``: returns once no checkpoint of it is running."""
        with self._woken:
            self._waiting.discard(engine)
        with self._busy:
            pass

    def settle(self, timeout: float = 5.0) -> bool:
        """Wait until no engine is waiting and no checkpoint runs; whether that came in time."""
        with self._woken:
            return self._woken.wait_for(
                lambda: not self._waiting and not self._busy.locked(), timeout
            )

    def _run(self) -> None:
        while True:
            with self._woken:
                self._woken.wait_for(lambda: bool(self._waiting))
            # The commit that woke us lands first; commits meanwhile share this checkpoint.
            time.sleep(self._gap)
            with self._busy:
                with self._woken:
                    engines = list(self._waiting)
                    self._waiting.clear()
                for engine in engines:
                    self._checkpoint(engine)
            with self._woken:
                self._woken.notify_all()

    def _checkpoint(self, engine: Engine) -> None:
        try:
            with engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
            self.done += 1
        except SQLAlchemyError as exc:  # e.g. locked by a connection checkpointing itself
            _log.debug("WAL checkpoint skipped: %s", type(exc).__name__)  # the next commit retries


CHECKPOINTS = Checkpoints()


def set_threshold(dbapi_connection: Any) -> None:
    """Leave checkpoints to ``CHECKPOINTS`` unless the log grows past ``SAFETY_PAGES``."""
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA wal_autocheckpoint={SAFETY_PAGES}")
    cursor.close()
