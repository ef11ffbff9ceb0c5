"""A transaction trusts that only it wrote a creator's data since a stamp this process left, and
only while that can be proven: its first stamp was a compare-and-set against that stamp."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import update

from storage import Database
from storage.creators import create_creator
from storage.data_version import read_state, touch
from storage.models import ContentPiece, Creator
from storage.stamp_chain import left, trusted_since
from tests.support.builders import NOW


def creator_left_by_this_process(db: Database) -> tuple[uuid.UUID, uuid.UUID]:
    """A creator whose current stamp this process left: (creator id, stamp)."""
    with db.unit_of_work() as s:
        creator = create_creator(s, f"chain-{uuid.uuid4().hex[:8]}", now=NOW).id
        touch(s, [creator])
        state = read_state(s, creator)
        assert state is not None and state[1] is not None
        left(s, creator, state[1])
        return creator, state[1]


def test_a_transaction_whose_first_stamp_replaced_the_left_one_trusts_it(db: Database) -> None:
    creator, stamp = creator_left_by_this_process(db)
    with db.unit_of_work() as s:
        touch(s, [creator])
        touch(s, [creator])
        assert trusted_since(s, creator, stamp)


def test_a_stamp_changed_elsewhere_is_not_trusted(db: Database) -> None:
    creator, stamp = creator_left_by_this_process(db)
    table: Any = Creator.__table__
    with db.unit_of_work() as s:  # another process: a plain stamp of its own
        s.connection().execute(
            update(table).where(table.c.id == creator).values(data_version=uuid.uuid4())
        )
    with db.unit_of_work() as s:
        touch(s, [creator])
        assert not trusted_since(s, creator, stamp)


def test_a_transaction_that_wrote_nothing_yet_trusts_an_unchanged_stamp(db: Database) -> None:
    creator, stamp = creator_left_by_this_process(db)
    with db.unit_of_work() as s:
        assert trusted_since(s, creator, stamp)
        assert not trusted_since(s, creator, uuid.uuid4())


def test_a_rolled_back_savepoint_leaves_nothing_trusted(db: Database) -> None:
    creator, stamp = creator_left_by_this_process(db)
    with db.unit_of_work() as s:
        touch(s, [creator])
        savepoint = s.begin_nested()
        touch(s, [creator])
        savepoint.rollback()
        assert not trusted_since(s, creator, stamp)


def test_a_statement_that_stamps_every_creator_leaves_none_trusted(db: Database) -> None:
    creator, stamp = creator_left_by_this_process(db)
    with db.unit_of_work() as s:
        touch(s, [creator])
        s.execute(update(ContentPiece).values(title=ContentPiece.title))  # names no creator
        assert not trusted_since(s, creator, stamp)


def test_the_next_transaction_starts_without_trust(db: Database) -> None:
    creator, stamp = creator_left_by_this_process(db)
    with db.unit_of_work() as s:
        touch(s, [creator])
        assert trusted_since(s, creator, stamp)
    with db.unit_of_work() as s:  # the stamp moved on: the first transaction committed a new one
        touch(s, [creator])
        assert not trusted_since(s, creator, stamp)
