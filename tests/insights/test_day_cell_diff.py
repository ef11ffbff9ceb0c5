"""The refresh after a write replaces only the day cells that changed, and they equal a rebuild.

Random sequences of the incremental-refresh test's writes (imports across the history, uploads
of the last hours, edited and hidden figures, deletions, days passing, chosen themes), each
followed by ``refresh_creator`` (every other one as another process: it reads the cells, and
this one's memory of them is then out of date): after every step the cells it left hold the
creator's stamp and equal, row for row and sum for sum, the cells a rebuild from scratch gives
(in a savepoint, rolled back), on both databases; so do the values the driver reads from them
(types, texts and float zeros' signs included), the numpy sums having been written as they are.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from insights import day_cell_diff, day_cell_memo, day_cells
from insights.day_cell_diff import LoadPoint, load_point
from insights.day_cells import cells_current, rebuild_cells
from insights.fact_arrays import first_codes
from insights.refresh import refresh_creator
from insights.theme_choices import set_piece_theme
from storage import Database
from storage.data_version import read_state
from storage.driver_rows import driver_rows
from storage.models import DAY_CELLS, ContentPerformance, ContentPiece
from tests.insights.test_day_cells import stored_cells
from tests.insights.test_incremental_refresh import Catalogue, steps
from tests.support.builders import NOW

Calls = list[list[date] | None]


@contextmanager
def as_another_process() -> Iterator[None]:
    """What this process remembers of the cells it wrote, left as it was by the block's writes
    (another process's, which changed the cells without its knowing)."""
    entries = dict(day_cell_memo._KEPT._entries)
    day_cell_memo.clear()
    try:
        yield
    finally:
        day_cell_memo.clear()
        day_cell_memo._KEPT._entries.update(entries)


@pytest.fixture
def rebuilds(monkeypatch: pytest.MonkeyPatch) -> Calls:
    """The days each rebuild of the refresh's update was given (None: every day)."""
    calls: Calls = []

    def recorded(session: Session, creator_id: uuid.UUID, *args: Any, **kwargs: Any) -> None:
        calls.append(args[1] if len(args) > 1 else None)
        rebuild_cells(session, creator_id, *args, **kwargs)

    monkeypatch.setattr(day_cell_diff, "rebuild_cells", recorded)
    return calls


def raw_cells(session: Session, creator_id: uuid.UUID) -> list[str]:
    """The creator's cells as the driver reads them (each value's repr, sorted): a float and an
    integer, -0.0 and 0.0, or two texts of one instant differ here."""
    query = select(DAY_CELLS).where(DAY_CELLS.c.creator_id == creator_id)
    return sorted(repr(row) for row in driver_rows(session, query))


def assert_cells_as_rebuilt(db: Database, creator_id: uuid.UUID) -> None:
    """The stored cells are current and equal those a rebuild from the rows stores."""
    with db.unit_of_work() as s:
        state = read_state(s, creator_id)
        assert state is not None and cells_current(s, creator_id)
        kept, kept_raw = stored_cells(s, creator_id), raw_cells(s, creator_id)
        scratch = s.begin_nested()
        rebuild_cells(s, creator_id, state[1])
        rebuilt, rebuilt_raw = stored_cells(s, creator_id), raw_cells(s, creator_id)
        scratch.rollback()
    assert kept == rebuilt  # exact: counts, integer billionths, first instants
    assert kept_raw == rebuilt_raw


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(seed=st.integers(1, 50), sequence=steps)
def test_cells_updated_after_any_writes_equal_a_rebuild(
    db: Database, rebuilds: Calls, seed: int, sequence: list[tuple[Any, ...]]
) -> None:
    catalogue = Catalogue(db, seed)
    for i, step in enumerate(sequence):
        with as_another_process() if i % 2 else nullcontext(), db.unit_of_work() as session:
            catalogue.apply(session, step)
        assert_cells_as_rebuilt(db, catalogue.creator_id)


def test_an_upload_rebuilds_only_the_days_it_changed(db: Database, rebuilds: Calls) -> None:
    catalogue = Catalogue(db, seed=11)
    with db.unit_of_work() as session:
        catalogue.apply(session, ("young", 2))
    changed = rebuilds[-1]
    assert changed is not None and 1 <= len(changed) <= 2
    assert max(changed) >= (catalogue.now - timedelta(days=1)).date()
    assert_cells_as_rebuilt(db, catalogue.creator_id)


def test_exact_sums_are_written_as_the_cells_without_grouping_the_rows_again(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalogue = Catalogue(db, seed=21)
    for step in (("young", 3), ("import", 10), ("young", 1)):
        with monkeypatch.context() as patched, db.unit_of_work() as session:
            patched.setattr(day_cells, "_inserted", _regrouped)
            catalogue.apply(session, step)
        assert_cells_as_rebuilt(db, catalogue.creator_id)


def _regrouped(*args: Any) -> int:
    raise AssertionError("the days' rows were grouped again")


def test_a_refresh_with_nothing_changed_rebuilds_no_day(db: Database, rebuilds: Calls) -> None:
    catalogue = Catalogue(db, seed=12)
    day_cell_memo.clear()  # the stored cells read: the numpy sums equal the SQL's, every day
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


@pytest.mark.parametrize("rate", [-0.25, -0.0])
def test_negative_rates_whose_whole_parts_are_zero_are_summed_as_the_database_sums_them(
    db: Database, rebuilds: Calls, rate: float
) -> None:
    catalogue = Catalogue(db, seed=22)
    with db.unit_of_work() as session:
        session.execute(
            update(ContentPerformance)
            .where(ContentPerformance.creator_id == catalogue.creator_id)
            .values(engagement_rate=rate)
        )
        refresh_creator(session, catalogue.creator_id, catalogue.now)
    assert rebuilds[-1] is None  # every day's cells changed, written again
    # Whole parts of -0.0 (SQLite truncates -0.25, PostgreSQL floors -0.0): PostgreSQL's sum
    # keeps the sign (it starts from the first value, as numpy's does), SQLite stores 0.0.
    assert_cells_as_rebuilt(db, catalogue.creator_id)


def test_a_nan_rate_postgresql_stores_is_found_and_not_summed(db: Database) -> None:
    catalogue = Catalogue(db, seed=19)
    with db.unit_of_work() as session:
        assert day_cell_diff._left_out(session, catalogue.creator_id) is not None
        first = select(ContentPerformance.id).where(
            ContentPerformance.creator_id == catalogue.creator_id
        )
        session.execute(
            update(ContentPerformance)
            .where(ContentPerformance.id == session.scalars(first.limit(1)).one())
            .values(retention_rate=float("nan"))
        )
        found = day_cell_diff._left_out(session, catalogue.creator_id)
        postgresql = session.connection().dialect.name == "postgresql"
        session.rollback()
    # PostgreSQL would sum the NaN (its index finds it); SQLite stored NULL, an unknown rate.
    assert (found is None) == postgresql


def test_a_piece_with_neither_views_nor_reach_is_summed_as_the_sql_sums_it(
    db: Database, rebuilds: Calls
) -> None:
    catalogue = Catalogue(db, seed=20)
    with db.unit_of_work() as session:
        newest = select(ContentPiece.id).where(ContentPiece.creator_id == catalogue.creator_id)
        piece = session.scalars(newest.order_by(ContentPiece.published_at.desc()).limit(1)).one()
        session.execute(
            update(ContentPerformance)
            .where(ContentPerformance.content_id == piece)
            .values(views=None, reach=None)
        )
        refresh_creator(session, catalogue.creator_id, catalogue.now)
    assert rebuilds[-1] is not None  # not every day
    assert_cells_as_rebuilt(db, catalogue.creator_id)


def test_a_transaction_holds_the_creators_data_once_it_wrote_them(db: Database) -> None:
    catalogue = Catalogue(db, seed=14)
    with db.unit_of_work() as session:
        before = load_point(session, catalogue.creator_id)
        session.execute(
            update(ContentPerformance)
            .where(ContentPerformance.creator_id == catalogue.creator_id)
            .values(views=7)
        )
        after = load_point(session, catalogue.creator_id)
    assert (before.held, after.held) == (False, True)
    assert before.stamp != after.stamp


def test_columns_another_writer_may_have_changed_rebuild_every_day(
    db: Database, rebuilds: Calls, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalogue = Catalogue(db, seed=15)
    stale = LoadPoint(stamp=uuid.uuid4(), held=False)  # the stamp moved since, not by this one
    monkeypatch.setattr("insights.refresh.load_point", lambda *_: stale)
    with db.unit_of_work() as session:
        catalogue.apply(session, ("young", 2))
    assert rebuilds[-1] is None
    assert_cells_as_rebuilt(db, catalogue.creator_id)


def test_cells_another_process_changed_are_read_not_remembered(
    db: Database, rebuilds: Calls
) -> None:
    catalogue = Catalogue(db, seed=16)
    creator_id = catalogue.creator_id
    with db.unit_of_work() as session:
        first = select(ContentPiece.number).where(ContentPiece.creator_id == creator_id)
        number = session.scalars(first.order_by(ContentPiece.number)).first()
    assert number is not None
    for theme, process in (
        ("Misc", nullcontext),
        ("Talks", as_another_process),
        ("Misc", nullcontext),
    ):
        with process(), db.unit_of_work() as session:
            set_piece_theme(session, creator_id, number, theme, NOW)
    assert rebuilds[-1]  # the cells this process remembers are those it wants again
    assert_cells_as_rebuilt(db, creator_id)


def test_the_least_recently_refreshed_creators_cells_are_forgotten_past_the_budget(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    older, newer = Catalogue(db, seed=17), Catalogue(db, seed=18)
    for catalogue in (older, newer):  # uploads: their cells are summed, and remembered
        with db.unit_of_work() as session:
            catalogue.apply(session, ("young", 1))
    with db.read() as session:
        kept = [day_cell_memo.remembered(session, c.creator_id) for c in (older, newer)]
    assert kept[0] is not None and kept[1] is not None
    monkeypatch.setattr(day_cell_memo._KEPT, "_budget", len(kept[1]) + 10)  # not both (~60 each)
    with db.unit_of_work() as session:
        newer.apply(session, ("young", 1))
    with db.read() as session:
        assert day_cell_memo.remembered(session, older.creator_id) is None
        assert day_cell_memo.remembered(session, newer.creator_id) is not None


def test_labels_numbered_apart_are_numbered_as_one_each_name_once() -> None:
    mine, theirs = first_codes(["a", None, "a"]), first_codes(["b", "a", None, "b"])
    joined = day_cell_diff._joined(mine, theirs)
    assert [joined.names[c] for c in joined.codes.tolist()] == ["a", None, "a", "b", "a", None, "b"]
    assert sorted(map(str, joined.names)) == ["None", "a", "b"]
    alone = day_cell_diff._joined(mine, first_codes([]))
    assert (alone.codes.tolist(), alone.names) == (mine.codes.tolist(), mine.names)
