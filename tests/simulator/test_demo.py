"""enable_demo / disable_demo on SQLite and PostgreSQL: through the pipeline, demo content only."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from insights.ingest import ingest_records
from insights.records import MetricsRecord, PieceRecord
from simulator import DemoResult, disable_demo, enable_demo
from storage import Database
from storage.creators import create_creator, find_creator
from storage.errors import InvalidInput
from storage.models import ContentPerformance, ContentPiece, Creator
from tests.support.simulated_data import NOW


def demo(db: Database, **kw: Any) -> DemoResult:
    args: dict[str, Any] = {
        "handle": "demo",
        "niche": "fitness",
        "profile": "mid",
        "pieces": 40,
        "seed": 7,
        "now": NOW,
    } | kw
    with db.unit_of_work() as session:
        return enable_demo(session, **args)


def counts(session: Session, creator_id: uuid.UUID) -> tuple[int, int]:
    pieces = session.scalar(
        select(func.count()).select_from(ContentPiece).where(ContentPiece.creator_id == creator_id)
    )
    demo_pieces = session.scalar(
        select(func.count())
        .select_from(ContentPiece)
        .where(ContentPiece.creator_id == creator_id, ContentPiece.is_demo.is_(True))
    )
    return int(pieces or 0), int(demo_pieces or 0)


def test_enable_creates_a_demo_creator_with_its_content(db: Database) -> None:
    result = demo(db, timezone="Europe/Berlin")
    assert result.creator_created and result.created == 40 and result.profile == "mid"
    with db.read() as session:
        creator = find_creator(session, "demo")
        assert creator is not None and creator.demo_mode and creator.timezone == "Europe/Berlin"
        assert counts(session, creator.id) == (40, 40)
        assert creator.content_seq == 40
        sources = set(session.scalars(select(ContentPiece.source)))
        assert sources == {"demo"}
        performance = session.scalar(select(func.count()).select_from(ContentPerformance))
        assert performance == 40


def test_same_seed_again_changes_nothing_and_another_seed_replaces(db: Database) -> None:
    demo(db)
    again = demo(db)
    assert (again.created, again.updated, again.unchanged, again.removed) == (0, 0, 40, 0)
    other = demo(db, seed=8, pieces=30)
    assert (other.created, other.removed) == (30, 40)
    fewer = demo(db, seed=8, pieces=12)
    assert fewer.removed == 18
    with db.read() as session:
        creator = find_creator(session, "demo")
        assert creator is not None and counts(session, creator.id) == (12, 12)


def test_disable_removes_only_demo_content(db: Database) -> None:
    with db.unit_of_work() as session:
        creator = create_creator(session, "mia", now=NOW)
        real = PieceRecord(
            platform="youtube",
            platform_id="real-1",
            content_type="video",
            title="My real video",
            published_at=NOW - timedelta(days=3),
            metrics=MetricsRecord(views=100, likes=5),
        )
        ingest_records(session, creator.id, [real], now=NOW, source="import")
    demo(db, handle="mia", pieces=25)
    with db.unit_of_work() as session:
        creator_id = session.scalars(select(Creator.id).where(Creator.handle == "mia")).one()
        assert counts(session, creator_id) == (26, 25)
        assert disable_demo(session, creator_id, now=NOW) == 25
    with db.read() as session:
        assert counts(session, creator_id) == (1, 0)
        assert session.scalar(select(func.count()).select_from(ContentPerformance)) == 1
        assert session.get(Creator, creator_id).demo_mode is False  # type: ignore[union-attr]


def test_streamed_batches_number_pieces_once(db: Database) -> None:
    progress: list[int] = []
    demo(db, pieces=95, batch_size=30, on_progress=progress.append)
    assert progress == [30, 30, 30, 5]
    with db.read() as session:
        numbers = list(session.scalars(select(ContentPiece.number).order_by(ContentPiece.number)))
        assert numbers == list(range(1, 96))


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"niche": "knitting"}, "unknown niche"),
        ({"profile": "giant"}, "unknown profile"),
        ({"pieces": -3}, "pieces must be between"),
        ({"seed": -1}, "seed must be between"),
        ({"timezone": "Nowhere/Land"}, "unknown timezone"),
        ({"handle": "!!"}, "invalid handle"),
    ],
)
def test_bad_input_writes_nothing(db: Database, kw: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        demo(db, **kw)
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Creator)) == 0
        assert session.scalar(select(func.count()).select_from(ContentPiece)) == 0
