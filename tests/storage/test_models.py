"""Model behaviour that the rest of the product relies on, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from storage import Database
from storage.creators import create_creator
from storage.models import (
    ActionItem,
    ActionPlan,
    ContentPerformance,
    ContentPiece,
    Creator,
    Delivery,
)

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


def _piece(creator: Creator, number: int, platform_id: str = "abc") -> ContentPiece:
    piece = ContentPiece(
        number=number,
        platform="youtube",
        platform_id=platform_id,
        content_type="video",
        title="How I edit",
        published_at=datetime(2026, 3, 29, 1, 30, tzinfo=timezone(timedelta(hours=2))),
        created_at=NOW,
        updated_at=NOW,
    )
    piece.creator_id = creator.id
    return piece


def test_datetimes_come_back_aware_in_utc(db: Database) -> None:
    with db.unit_of_work() as s:
        creator = create_creator(s, "mia", now=NOW)
        s.add(_piece(creator, 1))
    with db.read() as s:
        stored = s.scalars(select(ContentPiece)).one().published_at
    assert stored.tzinfo is not None
    assert stored == datetime(2026, 3, 28, 23, 30, tzinfo=UTC)
    assert stored.utcoffset() == timedelta(0)


def test_naive_datetimes_are_refused(db: Database) -> None:
    with pytest.raises(Exception, match="naive datetime"), db.unit_of_work() as s:
        creator = create_creator(s, "mia", now=NOW)
        piece = _piece(creator, 1)
        piece.published_at = datetime(2026, 1, 1)
        s.add(piece)
        s.flush()
    with db.read() as s:
        assert s.scalars(select(Creator)).all() == []


def test_platform_id_is_unique_per_creator_and_platform(db: Database) -> None:
    with pytest.raises(IntegrityError), db.unit_of_work() as s:
        creator = create_creator(s, "mia", now=NOW)
        s.add_all([_piece(creator, 1), _piece(creator, 2)])
        s.flush()
    with db.unit_of_work() as s:
        a, b = create_creator(s, "mia", now=NOW), create_creator(s, "bo", now=NOW)
        s.add_all([_piece(a, 1), _piece(b, 1)])  # same platform id, different creators: fine


def test_deleting_a_creator_removes_everything_it_owns(db: Database) -> None:
    with db.unit_of_work() as s:
        creator = create_creator(s, "mia", now=NOW)
        piece = _piece(creator, 1)
        s.add(piece)
        s.flush()
        perf = ContentPerformance(content_id=piece.id, views=10, updated_at=NOW)
        perf.creator_id = creator.id
        plan = ActionPlan(
            number=1, name="More tutorials", goal="Grow", created_at=NOW, updated_at=NOW
        )
        plan.creator_id = creator.id
        s.add_all([perf, plan])
        s.flush()
        item = ActionItem(
            number=1,
            title="Film",
            plan_id=plan.id,
            creator_id=creator.id,
            created_at=NOW,
            updated_at=NOW,
        )
        delivery = Delivery(
            kind="digest",
            subject="d",
            scheduled_for=datetime(2026, 1, 1, tzinfo=UTC),
            claimed_at=NOW,
        )
        delivery.creator_id = creator.id
        s.add_all([item, delivery])
    with db.unit_of_work() as s:
        s.delete(s.scalars(select(Creator)).one())
    with db.read() as s:
        for model in (ContentPiece, ContentPerformance, ActionPlan, ActionItem, Delivery):
            assert s.scalars(select(model)).all() == []


def test_delivery_key_is_unique(db: Database) -> None:
    when = datetime(2026, 5, 1, 9, tzinfo=UTC)
    with db.unit_of_work() as s:
        creator_id = create_creator(s, "mia", now=NOW).id

    def day_digest() -> Delivery:
        return Delivery(
            creator_id=creator_id, kind="digest", subject="day", scheduled_for=when, claimed_at=NOW
        )

    with db.unit_of_work() as s:
        s.add(day_digest())
    with pytest.raises(IntegrityError), db.unit_of_work() as s:
        s.add(day_digest())
        s.flush()
