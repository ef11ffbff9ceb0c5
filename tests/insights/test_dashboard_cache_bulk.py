"""ORM bulk UPDATE and DELETE statements renew the data stamp: no cached view outlives them."""

from __future__ import annotations

from sqlalchemy import delete, select, update

from insights.dashboard import DASHBOARD_CACHE, build_dashboard
from storage import Database
from storage.models import ContentPiece, Creator
from tests.insights.simulated import simulated_creator
from tests.support.builders import NOW


def titles_on_the_board(db: Database, creator: object) -> list[str]:
    with db.read() as s:
        board = build_dashboard(s, creator, period="all", now=NOW)  # type: ignore[arg-type]
    return [p.title for p in board.top_performers]


def stamp(db: Database, creator: object) -> object:
    with db.read() as s:
        return s.scalar(select(Creator.data_version).where(Creator.id == creator))


def test_a_bulk_title_update_is_seen_by_the_cached_dashboard(db: Database) -> None:
    creator = simulated_creator(db, pieces=60)
    DASHBOARD_CACHE.clear()
    best = titles_on_the_board(db, creator)[0]
    with db.unit_of_work() as s:
        s.execute(
            update(ContentPiece)
            .where(ContentPiece.creator_id == creator, ContentPiece.title == best)
            .values(title="Renamed by a bulk statement")
        )
    assert titles_on_the_board(db, creator)[0] == "Renamed by a bulk statement"


def test_a_bulk_delete_renews_the_stamp_and_a_plain_select_does_not(db: Database) -> None:
    creator = simulated_creator(db, pieces=40)
    before = stamp(db, creator)
    with db.read() as s:
        s.execute(select(ContentPiece.id).where(ContentPiece.creator_id == creator)).all()
    assert stamp(db, creator) == before
    with db.unit_of_work() as s:
        s.execute(
            delete(ContentPiece)
            .where(ContentPiece.creator_id == creator, ContentPiece.number == 1)
            .execution_options(synchronize_session=False)
        )
    assert stamp(db, creator) != before
