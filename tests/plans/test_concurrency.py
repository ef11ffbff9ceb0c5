"""Concurrent completes of one plan's items, from two sessions, leave an exact progress figure."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from plans import ItemSpec, complete_item, create_plan, get_plan
from storage import Database, open_database
from tests.plans.helpers import NOW, new_creator

WAIT_SECONDS = 20


@pytest.fixture
def pg_db(pg_schema_url: str) -> Iterator[Database]:
    database = open_database(pg_schema_url)
    try:
        yield database
    finally:
        database.dispose()


def _plan_with(db: Database, items: int) -> object:
    creator = new_creator(db)
    with db.unit_of_work() as session:
        specs = [ItemSpec(f"item {n}") for n in range(1, items + 1)]
        create_plan(session, creator, name="P", goal="G", items=specs, now=NOW)
    return creator


def _blocked_by(db: Database, pid: int) -> bool:
    with db.engine.connect() as conn:
        waiting = conn.execute(
            text("SELECT count(*) FROM pg_stat_activity WHERE :pid = ANY(pg_blocking_pids(pid))"),
            {"pid": pid},
        ).scalar_one()
    return bool(waiting)


def test_a_second_complete_waits_for_the_first_and_counts_both(pg_db: Database) -> None:
    creator = _plan_with(pg_db, 2)
    holder = pg_db.session_factory()
    try:
        first = complete_item(holder, creator, "1.1", now=NOW)  # type: ignore[arg-type]
        assert first.plan.progress_percentage == 50
        holder_pid = holder.execute(text("SELECT pg_backend_pid()")).scalar_one()

        def second() -> None:
            with pg_db.unit_of_work() as session:
                complete_item(session, creator, "1.2", now=NOW)  # type: ignore[arg-type]

        thread = threading.Thread(target=second)
        thread.start()
        deadline = time.monotonic() + WAIT_SECONDS
        # Without the plan lock the second session would finish at once, counting only its own.
        while thread.is_alive() and not _blocked_by(pg_db, holder_pid):
            assert time.monotonic() < deadline, "the second complete neither waited nor finished"
            time.sleep(0.01)
        was_blocked = thread.is_alive()
        holder.commit()
    finally:
        holder.close()
    thread.join(WAIT_SECONDS)
    assert was_blocked, "the second complete did not wait for the plan lock"
    with pg_db.read() as session:
        view = get_plan(session, creator, 1, now=NOW)  # type: ignore[arg-type]
    assert (view.completed_items, view.progress_percentage) == (2, 100)


def test_many_sessions_completing_at_once_leave_an_exact_count(db: Database) -> None:
    items = 6
    creator = _plan_with(db, items)
    barrier = threading.Barrier(items)
    errors: list[BaseException] = []

    def complete(number: int) -> None:
        try:
            barrier.wait(WAIT_SECONDS)
            with db.unit_of_work() as session:
                complete_item(session, creator, f"1.{number}", now=NOW)  # type: ignore[arg-type]
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=complete, args=(n,)) for n in range(1, items + 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT_SECONDS * 2)
    assert errors == []
    with db.read() as session:
        view = get_plan(session, creator, 1, now=NOW)  # type: ignore[arg-type]
    assert (view.completed_items, view.progress_percentage) == (items, 100)
