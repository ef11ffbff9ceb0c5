"""The owner test of a query that also picks its rows by id (storage/owner_test.py)."""

from __future__ import annotations

from sqlalchemy import select

from storage import Database
from storage.models import ContentPiece
from storage.owner_test import owned_by
from tests.support.builders import Spec, add_pieces, make_creator


def test_rows_picked_by_id_are_still_only_the_creators(db: Database) -> None:
    with db.unit_of_work() as session:
        mia, sam = make_creator(session, "mia"), make_creator(session, "sam")
        mine = add_pieces(session, mia, [Spec()] * 3)
        theirs = add_pieces(session, sam, [Spec()] * 2)
    with db.read() as session:
        owner = owned_by(ContentPiece.creator_id, mia.id, by_id=True)
        wanted = ContentPiece.id.in_([*mine[:2], *theirs])
        found = set(session.scalars(select(ContentPiece.id).where(owner, wanted)))
    assert found == set(mine[:2])


def test_sqlite_looks_the_ids_up_instead_of_walking_the_creators_rows(sqlite_db: Database) -> None:
    with sqlite_db.unit_of_work() as session:
        mia = make_creator(session, "mia")
        ids = add_pieces(session, mia, [Spec()] * 20)
    with sqlite_db.read() as session:
        plans = {}
        for by_id in (False, True):
            owner = owned_by(ContentPiece.creator_id, mia.id, by_id=by_id)
            query = select(ContentPiece.id).where(owner, ContentPiece.id.in_(ids[:10]))
            sql = query.compile(session.connection(), compile_kwargs={"literal_binds": True})
            explained = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")
            plans[by_id] = " ".join(str(row[-1]) for row in explained)
    assert "creator" in plans[False]  # without it: the creator's index
    assert "creator" not in plans[True] and "SEARCH content_pieces" in plans[True]
