"""Warming up: a fresh process builds the dashboards nobody asked for yet, so the first person's
view compiles no statement, and a database that does not answer is left to the first request."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine.interfaces import CacheStats

from insights.dashboard import DASHBOARD_CACHE, build_dashboard, warm_up
from storage import Database
from storage.db import make_engine
from tests.insights.simulated import simulated_creator
from tests.support.builders import NOW


def test_after_warming_up_the_first_dashboard_compiles_nothing(db: Database) -> None:
    creator = simulated_creator(db, pieces=60, seed=3, handle="warm")
    warm_up(db, NOW)
    misses: list[str] = []

    def note(
        _conn: Any, _cursor: Any, statement: str, _params: Any, context: Any, _many: Any
    ) -> None:
        if context.cache_hit is not CacheStats.CACHE_HIT:
            misses.append(statement)

    event.listen(db.engine, "after_cursor_execute", note)
    DASHBOARD_CACHE.clear()
    with db.read() as session:
        board = build_dashboard(session, creator, period="30d", now=NOW)
    event.remove(db.engine, "after_cursor_execute", note)
    assert board.top_performers, "the creator's best pieces (and so their factors) were read"
    assert misses == []


def test_warming_up_finds_nothing_and_leaves_nothing(db: Database) -> None:
    board = warm_up(db, NOW)
    assert board is not None
    assert board.summary.total_content == 0
    assert board.top_performers == [] and board.insights == []


def test_a_database_that_does_not_answer_is_left_to_the_first_request() -> None:
    gone = Database(make_engine("postgresql+psycopg://nobody@127.0.0.1:9/nowhere"))
    try:
        assert warm_up(gone, NOW) is None
    finally:
        gone.dispose()
