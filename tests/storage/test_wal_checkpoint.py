"""A SQLite commit leaves its log to the checkpoint thread, which copies it into the file soon."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

import storage.db
from storage.db import make_engine
from storage.wal_checkpoint import SAFETY_PAGES, Checkpoints

# Long enough that nothing checkpoints between a commit and the next statement of the test.
GAP = 0.5
ROWS = 300  # of 16 KB each: ~1,230 pages of log, past SQLite's own threshold of 1,000


@pytest.fixture
def checkpoints(monkeypatch: pytest.MonkeyPatch) -> Checkpoints:
    """The checkpoint thread engines made in this test report to (not the process's own)."""
    own = Checkpoints(gap=GAP)
    monkeypatch.setattr(storage.db, "CHECKPOINTS", own)
    return own


@pytest.fixture
def engine(tmp_path: Path, checkpoints: Checkpoints) -> Iterator[Engine]:
    made = make_engine(f"sqlite:///{tmp_path / 'wal.db'}")
    with made.begin() as connection:
        connection.execute(text("CREATE TABLE blobs (body BLOB)"))
    assert checkpoints.settle(timeout=10)
    yield made
    checkpoints.forget(made)
    made.dispose()


def _write(engine: Engine, rows: int = ROWS) -> None:
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO blobs VALUES (randomblob(16384))"), [{}] * rows)


def _file_size(engine: Engine) -> int:
    return os.path.getsize(str(engine.url.database))


def test_a_commit_leaves_its_pages_in_the_log_and_the_thread_copies_them_into_the_file(
    engine: Engine, checkpoints: Checkpoints
) -> None:
    before = _file_size(engine)
    _write(engine)
    assert _file_size(engine) == before  # the commit did not checkpoint by itself
    assert checkpoints.settle(timeout=10)
    assert _file_size(engine) >= before + ROWS * 16384
    with engine.connect() as connection:
        _busy, logged, copied = connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").one()
    assert logged == copied  # nothing was left in the log


def test_commits_close_together_share_one_checkpoint(
    engine: Engine, checkpoints: Checkpoints
) -> None:
    done = checkpoints.done
    for _ in range(5):
        _write(engine, rows=1)
    assert checkpoints.settle(timeout=10)
    assert checkpoints.done == done + 1


def test_an_engine_forgotten_before_its_turn_is_not_checkpointed(
    engine: Engine, checkpoints: Checkpoints
) -> None:
    done, before = checkpoints.done, _file_size(engine)
    _write(engine)
    checkpoints.forget(engine)
    assert checkpoints.settle(timeout=10)
    assert (checkpoints.done, _file_size(engine)) == (done, before)


def test_a_connection_checkpoints_by_itself_only_past_the_safety_size(engine: Engine) -> None:
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == SAFETY_PAGES


def test_an_in_memory_database_is_never_watched(checkpoints: Checkpoints) -> None:
    memory = make_engine("sqlite://")
    with memory.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
    assert checkpoints.settle(timeout=1)
    assert checkpoints.done == 0


@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_checkpoint_that_fails_leaves_the_thread_checkpointing_the_next_commit(
    engine: Engine, checkpoints: Checkpoints, tmp_path: Path
) -> None:
    gone = make_engine(f"sqlite:///{tmp_path / 'gone' / 'wal.db'}")
    (tmp_path / "gone").rmdir()  # made by make_engine, empty: no connection can open the file
    checkpoints.wake(gone)
    assert checkpoints.settle(timeout=10)
    done, before = checkpoints.done, _file_size(engine)
    _write(engine)
    assert checkpoints.settle(timeout=10)
    assert checkpoints.done == done + 1
    assert _file_size(engine) > before
