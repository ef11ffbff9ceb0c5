"""Rows read below SQLAlchemy: the driver's values, converted back to what the ORM would give."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import select

from storage import Database
from storage.creators import create_creator
from storage.driver_rows import as_utc, as_utc_all, as_uuid, driver_batches, driver_rows
from storage.models import Creator

NOW = datetime(2026, 11, 25, 12, 30, 15, 123456, tzinfo=UTC)


def test_driver_rows_convert_back_to_the_orm_values(db: Database) -> None:
    with db.unit_of_work() as session:
        creator = create_creator(session, "mia", now=NOW)
    with db.read() as session:
        statement = select(Creator.id, Creator.handle, Creator.created_at).where(
            Creator.id == creator.id
        )
        [(raw_id, handle, created)] = driver_rows(session, statement)
    assert (as_uuid(raw_id), handle, as_utc(created)) == (creator.id, "mia", NOW)


def test_pending_orm_changes_are_read_as_a_query_would_read_them(db: Database) -> None:
    with db.unit_of_work() as session:
        creator = create_creator(session, "mia", now=NOW)
        creator.display_name = "Mia B."
        statement = select(Creator.display_name).where(Creator.id == creator.id)
        assert driver_rows(session, statement) == [("Mia B.",)]


def test_rows_come_in_batches_of_the_size_asked(db: Database) -> None:
    with db.unit_of_work() as session:
        for n in range(5):
            create_creator(session, f"creator{n}", now=NOW)
        statement = select(Creator.handle).order_by(Creator.handle)
        sizes = [len(batch) for batch in driver_batches(session, statement, 2)]
    assert sizes == [2, 2, 1]


def test_in_lists_are_bound_item_by_item_as_their_type(db: Database) -> None:
    with db.unit_of_work() as session:
        ids = [create_creator(session, f"creator{n}", now=NOW).id for n in range(3)]
        statement = select(Creator.handle).where(Creator.id.in_(ids[:2])).order_by(Creator.handle)
        assert driver_rows(session, statement) == [("creator0",), ("creator1",)]


def test_instants_read_together_are_those_read_one_by_one() -> None:
    texts = ["2026-11-25 12:30:15.123456", "2026-11-25 12:30:15"]
    aware = datetime(2026, 11, 25, 14, 30, tzinfo=timezone(timedelta(hours=2)))
    for raws in (texts, [*texts, "2026-11-25 12:30:15+02:00"], [aware, NOW.replace(tzinfo=None)]):
        together = as_utc_all(raws)
        assert together == [as_utc(raw) for raw in raws]
        assert all(t.tzinfo is UTC for t in together)
