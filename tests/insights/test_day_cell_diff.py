"""The refresh after a write rebuilds only the day cells that changed, and they equal a rebuild.

Random sequences of the incremental-refresh test's writes (imports across the history, uploads
of the last hours, edited and hidden figures, deletions, days passing, chosen themes), each
followed by ``refresh_creator``: after every step the cells it left hold the creator's stamp and
equal, row for row and sum for sum, the cells a rebuild from scratch gives (in a savepoint,
rolled back), on both databases.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import update
from sqlalchemy.orm import Session

from insights import day_cell_diff
from insights.day_cells import cells_current, rebuild_cells
from insights.refresh import refresh_creator
from storage import Database
from storage.data_version import read_state
from storage.models import ContentPerformance
from tests.insights.test_day_cells import stored_cells
from tests.insights.test_incremental_refresh import Catalogue, steps

Calls = list[tuple[Any, ...]]


class Writes(Catalogue):
    """The incremental-refresh test's writes; an edit lowering a piece's figures drops its early
    ones, which may not exceed the lifetime figures (the import would refuse them)."""

    def apply(self, session: Session, step: tuple[Any, ...]) -> None:
        if step[0] == "edit" and self.stored:
            i = step[1] % len(self.stored)
            early = dict.fromkeys(("views_24h", "views_48h", "likes_24h"))
            metrics = replace(self.stored[i].metrics, **early)
            self.stored[i] = replace(self.stored[i], metrics=metrics)
        super().apply(session, step)


@pytest.fixture
def rebuilds(monkeypatch: pytest.MonkeyPatch) -> Calls:
    """The days each rebuild of the refresh's update was given (None: every day)."""
    calls: Calls = []

    def recorded(session: Session, creator_id: uuid.UUID, *args: Any, **kwargs: Any) -> None:
        calls.append(args[1] if len(args) > 1 else None)
        rebuild_cells(session, creator_id, *args, **kwargs)

    monkeypatch.setattr(day_cell_diff, "rebuild_cells", recorded)
    return calls


def assert_cells_as_rebuilt(db: Database, creator_id: uuid.UUID) -> None:
    """The stored cells are current and equal those a rebuild from the rows stores."""
    with db.unit_of_work() as s:
        state = read_state(s, creator_id)
        assert state is not None and cells_current(s, creator_id)
        kept = stored_cells(s, creator_id)
        scratch = s.begin_nested()
        rebuild_cells(s, creator_id, state[1])
        rebuilt = stored_cells(s, creator_id)
        scratch.rollback()
    assert kept == rebuilt  # exact: counts, integer billionths, first instants


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(seed=st.integers(1, 50), sequence=steps)
def test_cells_updated_after_any_writes_equal_a_rebuild(
    db: Database, rebuilds: Calls, seed: int, sequence: list[tuple[Any, ...]]
) -> None:
    catalogue = Writes(db, seed)
    for step in sequence:
        with db.unit_of_work() as session:
            catalogue.apply(session, step)
        assert_cells_as_rebuilt(db, catalogue.creator_id)


def test_an_upload_rebuilds_only_the_days_it_changed(db: Database, rebuilds: Calls) -> None:
    catalogue = Catalogue(db, seed=11)
    with db.unit_of_work() as session:
        catalogue.apply(session, ("young", 2))
    changed: list[date] = rebuilds[-1]
    assert changed is not None and 1 <= len(changed) <= 2
    assert max(changed) >= (catalogue.now - timedelta(days=1)).date()
    assert_cells_as_rebuilt(db, catalogue.creator_id)


def test_a_refresh_with_nothing_changed_rebuilds_no_day(db: Database, rebuilds: Calls) -> None:
    catalogue = Catalogue(db, seed=12)
    with db.unit_of_work() as session:
        session.execute(  # a write the rows do not show: the stamp moves, no cell changes
            update(ContentPerformance)
            .where(ContentPerformance.creator_id == catalogue.creator_id)
            .values(scored_at=catalogue.now)
        )
        refresh_creator(session, catalogue.creator_id, catalogue.now + timedelta(seconds=1))
    assert rebuilds[-1] == []
    assert_cells_as_rebuilt(db, catalogue.creator_id)


def test_rates_too_large_to_sum_exactly_rebuild_every_day(db: Database, rebuilds: Calls) -> None:
    catalogue = Catalogue(db, seed=13)
    with db.unit_of_work() as session:
        session.execute(
            update(ContentPerformance)
            .where(ContentPerformance.creator_id == catalogue.creator_id)
            .values(engagement_rate=3.5e20)
        )
        refresh_creator(session, catalogue.creator_id, catalogue.now)
    assert rebuilds[-1] is None
    assert_cells_as_rebuilt(db, catalogue.creator_id)
