"""bulk_load: a large SQLite load builds the publish-date index at its end, inside the caller's
transaction; the pieces stored and the index left behind are the same as without it."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

import insights.ingest as ingest_module
from insights.ingest import DEFERRED_INDEX, bulk_load, ingest_records
from storage import Database
from storage.models import ContentPiece
from tests.insights.test_ingest import NOW, make_creator, piece, stored


def index_sql(session: Session) -> list[str]:
    """The deferred index's definition as SQLite keeps it (none: the index is missing)."""
    rows = session.execute(
        text("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = :name"),
        {"name": DEFERRED_INDEX},
    )
    return list(rows.scalars())


def load(session: Session, creator_id: uuid.UUID, first: int, count: int) -> None:
    """Ingest ``count`` pieces from ``first`` in batches of 10 inside one bulk_load."""
    with bulk_load(session, creator_id, count):
        for start in range(first, first + count, 10):
            records = [piece(n) for n in range(start, min(start + 10, first + count))]
            ingest_records(session, creator_id, records, now=NOW, source="t", refresh=False)


@pytest.fixture
def small_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest_module, "DEFER_INDEX_FROM", 20)


@pytest.mark.usefixtures("small_loads")
def test_a_large_load_stores_the_same_pieces_and_leaves_the_index_as_it_was(
    db: Database,
) -> None:
    creator_id = make_creator(db)
    with db.read() as session:
        before = index_sql(session) if db.dialect == "sqlite" else []
    with db.unit_of_work() as session:
        load(session, creator_id, 1, 45)
    with db.read() as session:
        assert [r[:2] for r in stored(session, creator_id)] == [(n, f"v{n}") for n in range(1, 46)]
        if db.dialect == "sqlite":
            assert index_sql(session) == before and before
        newest = select(ContentPiece.number).order_by(ContentPiece.published_at).limit(1)
        assert session.scalar(newest) == 45


@pytest.mark.usefixtures("small_loads")
def test_the_index_is_dropped_only_inside_the_loading_transaction(sqlite_db: Database) -> None:
    creator_id = make_creator(sqlite_db)
    with sqlite_db.unit_of_work() as session, bulk_load(session, creator_id, 30):
        assert index_sql(session) == []
        with sqlite_db.read() as other:
            assert len(index_sql(other)) == 1
    with sqlite_db.read() as session:
        assert len(index_sql(session)) == 1


@pytest.mark.usefixtures("small_loads")
def test_a_failed_load_rolls_back_with_the_index_in_place(sqlite_db: Database) -> None:
    creator_id = make_creator(sqlite_db)
    records = [piece(n) for n in range(1, 26)]
    with (
        pytest.raises(RuntimeError),
        sqlite_db.unit_of_work() as session,
        bulk_load(session, creator_id, 25),
    ):
        ingest_records(session, creator_id, records, now=NOW, source="t", refresh=False)
        raise RuntimeError("stop")
    with sqlite_db.read() as session:
        assert stored(session, creator_id) == [] and len(index_sql(session)) == 1


@pytest.mark.usefixtures("small_loads")
def test_small_loads_and_loads_smaller_than_the_table_keep_the_index(
    sqlite_db: Database,
) -> None:
    creator_id = make_creator(sqlite_db)
    with sqlite_db.unit_of_work() as session:
        load(session, creator_id, 1, 30)
    for count in (19, 40):
        with sqlite_db.unit_of_work() as session, bulk_load(session, creator_id, count):
            assert len(index_sql(session)) == 1
