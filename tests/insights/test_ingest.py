"""The ingestion pipeline: upserts, short numbers, the refresh hook, all-or-nothing writes."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

import insights.ingest as ingest_module
from insights import refresh
from insights.ingest import IngestResult, ingest_records
from insights.records import MetricsRecord, PieceRecord
from storage import Database
from storage.creators import create_creator
from storage.errors import InvalidInput, NotFound
from storage.models import ContentPerformance, ContentPiece, Creator

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")


def piece(n: int, *, platform: str = "youtube", views: int = 1000, **kw: Any) -> PieceRecord:
    """A valid record with id ``v{n}``."""
    metrics = MetricsRecord(views=views, likes=50, comments=10, shares=5, saves=5)
    base: dict[str, Any] = {
        "platform": platform,
        "platform_id": f"v{n}",
        "content_type": "video",
        "title": f"Video number {n}",
        "published_at": NOW - timedelta(days=n),
        "metrics": metrics,
        "duration_seconds": 600,
    }
    return PieceRecord(**(base | kw))


def make_creator(db: Database, handle: str = "mia") -> uuid.UUID:
    with db.unit_of_work() as session:
        return create_creator(session, handle, now=NOW).id


def ingest(
    db: Database, creator_id: uuid.UUID, records: list[PieceRecord], **kw: Any
) -> IngestResult:
    with db.unit_of_work() as session:
        return ingest_records(session, creator_id, records, now=NOW, source="test", **kw)


def stored(session: Session, creator_id: uuid.UUID) -> list[tuple[Any, ...]]:
    rows = session.execute(
        select(ContentPiece.number, ContentPiece.platform_id, ContentPerformance.views)
        .join(ContentPerformance, ContentPerformance.content_id == ContentPiece.id)
        .where(ContentPiece.creator_id == creator_id)
        .order_by(ContentPiece.number)
    )
    return [tuple(r) for r in rows]


def test_creates_pieces_with_numbers_and_engagement(db: Database) -> None:
    creator_id = make_creator(db)
    first = piece(
        1, tags=("how-to", "desk"), published_at=(NOW - timedelta(days=1)).astimezone(BERLIN)
    )
    result = ingest(db, creator_id, [first, piece(2, platform="tiktok")], is_demo=True)
    assert result == IngestResult(created=2, updated=0, unchanged=0)
    with db.read() as session:
        assert stored(session, creator_id) == [(1, "v1", 1000), (2, "v2", 1000)]
        perf = session.scalars(select(ContentPerformance)).all()
        assert [p.engagement_rate for p in perf] == [pytest.approx(7.0)] * 2
        assert all(p.performance_score is not None for p in perf)  # scored on ingest
        pieces = session.scalars(select(ContentPiece).order_by(ContentPiece.number)).all()
        assert {(p.is_demo, p.source) for p in pieces} == {(True, "test")}
        assert [p.tags for p in pieces] == [["how-to", "desk"], []]
        assert [p.published_at for p in pieces] == [
            NOW - timedelta(days=1),
            NOW - timedelta(days=2),
        ]
        assert pieces[0].created_at == NOW and pieces[0].publish_time_known is True
        assert session.get(Creator, creator_id).content_seq == 2  # type: ignore[union-attr]


def test_instagram_engagement_uses_reach(db: Database) -> None:
    creator_id = make_creator(db)
    metrics = MetricsRecord(views=0, likes=90, comments=10, reach=500, impressions=800)
    image = piece(1, platform="instagram", content_type="post", metrics=metrics)
    ingest(db, creator_id, [image])
    with db.read() as session:
        assert session.scalar(select(ContentPerformance.engagement_rate)) == pytest.approx(20.0)


def test_reingest_is_idempotent_and_updates_changed_metrics(db: Database) -> None:
    creator_id = make_creator(db)
    ingest(db, creator_id, [piece(1), piece(2)])
    assert ingest(db, creator_id, [piece(1), piece(2)]) == IngestResult(0, 0, 2)
    changed = ingest(db, creator_id, [piece(1, views=5000), piece(2), piece(3)])
    assert changed == IngestResult(created=1, updated=1, unchanged=1)
    retitled = ingest(db, creator_id, [piece(2, title="A better title")])
    assert retitled == IngestResult(0, 1, 0)
    with db.read() as session:
        assert stored(session, creator_id) == [(1, "v1", 5000), (2, "v2", 1000), (3, "v3", 1000)]
        assert session.scalar(select(ContentPiece.title).where(ContentPiece.number == 2)) == (
            "A better title"
        )
        rate = session.scalar(
            select(ContentPerformance.engagement_rate)
            .join(ContentPiece)
            .where(ContentPiece.number == 1)
        )
        assert rate == pytest.approx(1.4)
        assert session.get(Creator, creator_id).content_seq == 3  # type: ignore[union-attr]


def test_same_platform_id_on_another_platform_or_creator_is_another_piece(db: Database) -> None:
    mia, bo = make_creator(db, "mia"), make_creator(db, "bo")
    ingest(db, mia, [piece(1), piece(1, platform="tiktok")])
    assert ingest(db, bo, [piece(1)]) == IngestResult(1, 0, 0)
    with db.read() as session:
        assert [r[0] for r in stored(session, mia)] == [1, 2]
        assert stored(session, bo) == [(1, "v1", 1000)]


def test_large_batch_spans_chunks(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest_module, "CHUNK", 7)
    creator_id = make_creator(db)
    assert ingest(db, creator_id, [piece(n) for n in range(1, 31)]).created == 30
    again = ingest(db, creator_id, [piece(n, views=2000 if n % 2 else 1000) for n in range(1, 41)])
    assert again == IngestResult(created=10, updated=15, unchanged=15)
    with db.read() as session:
        assert [r[0] for r in stored(session, creator_id)] == list(range(1, 41))


def test_refresh_runs_once_after_writing_unless_disabled(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[uuid.UUID, datetime, int]] = []

    def spy(session: Session, creator_id: uuid.UUID, now: datetime) -> None:
        count = session.scalar(select(func.count()).select_from(ContentPiece))
        calls.append((creator_id, now, int(count or 0)))

    monkeypatch.setattr(refresh, "refresh_creator", spy)
    creator_id = make_creator(db)
    ingest(db, creator_id, [piece(1), piece(2)])
    ingest(db, creator_id, [piece(3)], refresh=False)
    assert calls == [(creator_id, NOW, 2)]


def test_failure_half_way_leaves_database_as_it_was(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    creator_id = make_creator(db)
    ingest(db, creator_id, [piece(1)])
    monkeypatch.setattr(ingest_module, "CHUNK", 2)
    real_write = ingest_module._write
    written: list[int] = []

    def failing_write(*args: Any, **kwargs: Any) -> None:
        real_write(*args, **kwargs)
        written.append(1)
        if len(written) == 2:
            raise RuntimeError("disk full")

    monkeypatch.setattr(ingest_module, "_write", failing_write)
    with pytest.raises(RuntimeError, match="disk full"):
        ingest(db, creator_id, [piece(1, views=900), *[piece(n) for n in range(2, 8)]])
    assert len(written) == 2
    with db.read() as session:
        assert stored(session, creator_id) == [(1, "v1", 1000)]
        assert session.get(Creator, creator_id).content_seq == 1  # type: ignore[union-attr]


def test_failing_refresh_rolls_back_the_writes(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(session: Session, creator_id: uuid.UUID, now: datetime) -> None:
        raise RuntimeError("scoring failed")

    monkeypatch.setattr(refresh, "refresh_creator", broken)
    creator_id = make_creator(db)
    with pytest.raises(RuntimeError):
        ingest(db, creator_id, [piece(1)])
    with db.read() as session:
        assert stored(session, creator_id) == []


def test_invalid_record_writes_nothing(db: Database) -> None:
    creator_id = make_creator(db)
    bad = piece(3, metrics=MetricsRecord(views=10, likes=11))
    with pytest.raises(InvalidInput, match=r"record 3 \(youtube v3\): likes \(11\) exceed views"):
        ingest(db, creator_id, [piece(1), piece(2), bad])
    with db.read() as session:
        assert stored(session, creator_id) == []


def test_unknown_creator_is_not_found(db: Database) -> None:
    with pytest.raises(NotFound):
        ingest(db, uuid.uuid4(), [piece(1)])


def test_naive_now_is_refused(db: Database) -> None:
    creator_id = make_creator(db)
    with pytest.raises(InvalidInput, match="timezone-aware"), db.unit_of_work() as session:
        ingest_records(session, creator_id, [piece(1)], now=NOW.replace(tzinfo=None), source="t")


def test_positions_continue_from_first_position() -> None:
    from insights.validation import validate_records

    bad = replace(piece(1), title=" ")
    with pytest.raises(InvalidInput, match=r"^record 101 \(youtube v1\): title is empty$"):
        validate_records([bad], first_position=101)


def test_a_piece_missing_its_performance_row_gets_one(db: Database) -> None:
    creator_id = make_creator(db)
    ingest(db, creator_id, [piece(1), piece(2)])
    with db.unit_of_work() as session:
        first = session.scalars(select(ContentPiece.id).where(ContentPiece.number == 1)).one()
        session.execute(delete(ContentPerformance).where(ContentPerformance.content_id == first))
    assert ingest(db, creator_id, [piece(1), piece(2)]) == IngestResult(0, 1, 1)
    with db.read() as session:
        assert stored(session, creator_id) == [(1, "v1", 1000), (2, "v2", 1000)]


def test_statistics_are_refreshed_when_a_load_doubles_the_pieces(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest_module, "ANALYZE_FROM", 4)
    seen: list[int] = []

    def spy(session: Session, tables: Any) -> None:
        seen.append(int(session.scalar(select(func.count()).select_from(ContentPiece)) or 0))

    monkeypatch.setattr(ingest_module, "refresh_statistics", spy)
    creator_id = make_creator(db)
    for start in range(1, 21, 3):
        ingest(db, creator_id, [piece(n) for n in range(start, start + 3)])
    assert seen == [6, 9, 18]


def test_ids_above_or_below_the_stored_ones_are_new_unless_stored(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest_module, "CHUNK", 1)
    creator_id = make_creator(db)
    ingest(db, creator_id, [piece(1, platform_id="b"), piece(2, platform_id="m")])
    records = [
        piece(3, platform_id="a"),
        piece(1, platform_id="b", views=500),
        piece(4, platform_id="c"),
        piece(2, platform_id="m"),
        piece(5, platform_id="z"),
        piece(6, platform_id="z", platform="tiktok"),
    ]
    assert ingest(db, creator_id, records) == IngestResult(created=4, updated=1, unchanged=1)
    with db.read() as session:
        rows = sorted(r[1:] for r in stored(session, creator_id))
    assert rows == [("a", 1000), ("b", 500), ("c", 1000), ("m", 1000), ("z", 1000), ("z", 1000)]
