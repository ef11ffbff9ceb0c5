"""The piece detail cache: a hit is what a rebuild returns; writes and timezone changes show."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import event, update

from insights.comparison import BASELINE_CACHE
from insights.content import DETAIL_CACHE, content_detail
from insights.refresh import refresh_creator
from insights.view_models import ContentDetail
from storage import Database
from storage.models import ContentPerformance, ContentPiece, Creator
from tests.insights.simulated import simulated_creator
from tests.support.builders import NOW


def detail(db: Database, creator: uuid.UUID, number: int, now: datetime = NOW) -> ContentDetail:
    with db.read() as session:
        return content_detail(session, creator, number, now=now)


def rebuilt(db: Database, creator: uuid.UUID, number: int, now: datetime = NOW) -> ContentDetail:
    DETAIL_CACHE.clear()
    BASELINE_CACHE.clear()
    return detail(db, creator, number, now)


def test_a_repeated_detail_reads_only_the_data_stamp(db: Database) -> None:
    creator = simulated_creator(db, pieces=60)
    first = rebuilt(db, creator, 7)
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        again = detail(db, creator, 7)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert again == first
    assert len(statements) == 1 and "data_version" in statements[0]


def test_a_rescored_piece_is_seen_at_once(db: Database) -> None:
    creator = simulated_creator(db, pieces=60)
    before = rebuilt(db, creator, 7)
    with db.unit_of_work() as session:
        piece_id = session.scalar(
            ContentPiece.__table__.select()
            .with_only_columns(ContentPiece.id)
            .where(ContentPiece.creator_id == creator, ContentPiece.number == 7)
        )
        session.execute(
            update(ContentPerformance)
            .where(ContentPerformance.content_id == piece_id)
            .values(views=before.performance.views * 50 + 1)
        )
        refresh_creator(session, creator, now=NOW)
    after = detail(db, creator, 7)
    assert after.performance.views == before.performance.views * 50 + 1
    assert after == rebuilt(db, creator, 7)


def test_a_new_timezone_is_seen_at_once(db: Database) -> None:
    creator = simulated_creator(db, pieces=60)
    before = rebuilt(db, creator, 7)
    zone = "Asia/Tokyo" if str(before.published_at.tzinfo) != "Asia/Tokyo" else "Europe/Berlin"
    with db.unit_of_work() as session:
        session.execute(update(Creator).where(Creator.id == creator).values(timezone=zone))
    assert str(detail(db, creator, 7).published_at.tzinfo) == zone
