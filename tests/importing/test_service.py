"""The import service on both databases: atomic, idempotent, dry runs, rollback mid-file."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from insights import refresh
from insights.importing import ImportRejected, ImportSummary, import_file, merge, service
from storage import Database
from storage.creators import create_creator
from storage.models import ContentPerformance, ContentPiece, Creator

from .helpers import NOW, fixture


@pytest.fixture
def creator_id(db: Database) -> uuid.UUID:
    with db.unit_of_work() as session:
        return create_creator(session, "mia", timezone="Europe/Berlin", now=NOW).id


def run(db: Database, creator_id: uuid.UUID, data: bytes | str, **options: Any) -> ImportSummary:
    """Import bytes (or a fixture) for the creator in one unit of work."""
    raw = fixture(data) if isinstance(data, str) else data
    with db.unit_of_work() as session:
        return import_file(session, creator_id, raw, "export.csv", now=NOW, **options)


def stored(db: Database) -> dict[str, tuple[ContentPiece, ContentPerformance]]:
    with db.read() as session:
        rows = session.execute(
            select(ContentPiece, ContentPerformance).join(
                ContentPerformance, ContentPerformance.content_id == ContentPiece.id
            )
        ).all()
        session.expunge_all()
    return {piece.platform_id: (piece, perf) for piece, perf in rows}


def piece_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(ContentPiece)) or 0)


def test_studio_export_is_stored_with_unknown_times_in_the_creators_zone(
    db: Database, creator_id: uuid.UUID
) -> None:
    summary = run(db, creator_id, "youtube_studio_content.csv")
    assert (summary.rows, summary.created, summary.updated) == (4, 4, 0)
    pieces = stored(db)
    piece, perf = pieces["dQw4w9WgXcQ"]
    assert piece.publish_time_known is False
    assert piece.published_at.astimezone(ZoneInfo("Europe/Berlin")).hour == 12
    assert piece.source == "import:youtube-studio" and not piece.is_demo
    assert perf.views == 1_024_118 and perf.impressions == 8_100_200
    assert pieces["-x7Qb3Lz0aE"][0].content_type == "short"
    assert sorted(p.number for p, _ in pieces.values()) == [1, 2, 3, 4]


def test_reimport_is_idempotent_and_a_newer_export_updates_metrics(
    db: Database, creator_id: uuid.UUID
) -> None:
    run(db, creator_id, "youtube_studio_content.csv")
    again = run(db, creator_id, "youtube_studio_content.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    newer = fixture("youtube_studio_content.csv").replace(b'"1,024,118"', b'"1,100,000"')
    summary = run(db, creator_id, newer)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 3)
    pieces = stored(db)
    assert pieces["dQw4w9WgXcQ"][1].views == 1_100_000
    assert pieces["dQw4w9WgXcQ"][0].number == 1
    assert len(pieces) == 4


def test_dry_run_reports_changes_and_writes_nothing(db: Database, creator_id: uuid.UUID) -> None:
    dry = run(db, creator_id, "youtube_studio_content.csv", dry_run=True)
    assert (dry.dry_run, dry.created) == (True, 4)
    assert "nothing saved" in dry.text()
    with db.read() as session:
        assert piece_count(session) == 0
        assert session.scalar(select(Creator.content_seq)) == 0
    run(db, creator_id, "youtube_studio_content.csv")
    newer = fixture("youtube_studio_content.csv").replace(b'"1,024,118"', b'"1,100,000"')
    dry = run(db, creator_id, newer, dry_run=True)
    assert (dry.created, dry.updated, dry.unchanged) == (0, 1, 3)
    assert stored(db)["dQw4w9WgXcQ"][1].views == 1_024_118


@pytest.mark.parametrize("small_file", [500, 0], ids=["ids-looked-up", "creator-read-once"])
def test_a_later_file_keeps_what_it_does_not_report(
    db: Database, creator_id: uuid.UUID, monkeypatch: pytest.MonkeyPatch, small_file: int
) -> None:
    monkeypatch.setattr(merge, "SMALL_FILE", small_file)
    with db.unit_of_work() as session:
        other = create_creator(session, "bo", now=NOW).id
    run(db, other, "youtube_studio_older.csv")  # another creator's same ids must not leak in
    run(db, creator_id, "youtube_api_videos.csv")
    summary = run(db, creator_id, "youtube_studio_content.csv")
    assert (summary.created, summary.updated) == (3, 1)
    piece, perf = stored(db)["dQw4w9WgXcQ"]
    # The Studio file updates views and adds impressions ...
    assert perf.views == 1_024_118 and perf.impressions == 8_100_200
    # ... but has no likes column and only the date: the API dump's likes and exact time stay.
    assert (perf.likes, perf.comments) == (51_000, 2100)
    assert piece.publish_time_known is True
    assert piece.published_at == datetime(2020, 4, 29, 16, 0, 3, tzinfo=UTC)
    assert piece.tags == ["vlog", "editing"]


@pytest.mark.parametrize("name", ["bad_rows.csv", "ambiguous_dates.csv"])
def test_a_rejected_file_leaves_the_database_unchanged(
    db: Database, creator_id: uuid.UUID, name: str
) -> None:
    run(db, creator_id, "generic.csv")
    before = {k: (p.title, perf.views) for k, (p, perf) in stored(db).items()}
    with pytest.raises(ImportRejected):
        run(db, creator_id, name)
    assert {k: (p.title, perf.views) for k, (p, perf) in stored(db).items()} == before


class Crash(RuntimeError):
    """Stands in for anything failing half-way (a lost connection, a killed process)."""


def test_a_failure_mid_file_rolls_everything_back(
    db: Database, creator_id: uuid.UUID, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(db, creator_id, "generic.csv")
    monkeypatch.setattr(service, "SAVE_BATCH", 2)
    calls: list[int] = []

    def crash_after_first_batch(stage: str, done: int, total: int) -> None:
        if stage == "saving":
            calls.append(done)
            if len(calls) == 2:
                raise Crash("boom")

    changed = fixture("generic.csv").replace(b",12500,", b",99999,") + (
        b"youtube,New1New2New,video,Fresh,2024-05-07T10:00:00Z,,10,1,,,,,,,,,,,,,,,\n"
        b"youtube,New3New4New,video,Fresher,2024-05-08T10:00:00Z,,10,1,,,,,,,,,,,,,,,\n"
    )
    with pytest.raises(Crash):
        run(db, creator_id, changed, progress=crash_after_first_batch)
    assert calls == [2, 4]  # the first batches were written inside the transaction
    pieces = stored(db)
    assert len(pieces) == 3 and pieces["dQw4w9WgXcQ"][1].views == 12_500
    with db.read() as session:
        assert session.scalar(select(Creator.content_seq)) == 3


def test_the_pipeline_rescores_once_per_import_and_never_on_a_dry_run(
    db: Database, creator_id: uuid.UUID, monkeypatch: pytest.MonkeyPatch
) -> None:
    refreshed: list[uuid.UUID] = []
    monkeypatch.setattr(refresh, "refresh_creator", lambda s, cid, now: refreshed.append(cid))
    monkeypatch.setattr(service, "SAVE_BATCH", 2)
    run(db, creator_id, "youtube_studio_content.csv", dry_run=True)
    assert refreshed == []
    run(db, creator_id, "youtube_studio_content.csv")
    assert refreshed == [creator_id]


def test_nothing_from_the_file_reaches_the_log(
    db: Database, creator_id: uuid.UUID, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    run(db, creator_id, "hostile_titles.csv")
    with pytest.raises(ImportRejected):
        run(db, creator_id, "bad_rows.csv")
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "import generic: 4 rows, 4 created" in logged
    for secret in ("cmd|", "Hh0Ss1Tt2Ii", "Negative views", "Ng1Ng2Ng3Ng", "export.csv", "lots"):
        assert secret not in logged


def test_progress_reports_checking_and_saving(db: Database, creator_id: uuid.UUID) -> None:
    seen: list[tuple[str, int, int]] = []
    run(db, creator_id, "tiktok_export.csv", progress=lambda *e: seen.append(e))
    assert seen == [("checking", 3, 3), ("saving", 3, 3)]


def test_imports_are_scoped_to_their_creator(db: Database, creator_id: uuid.UUID) -> None:
    with db.unit_of_work() as session:
        other = create_creator(session, "bo", now=NOW).id
    run(db, creator_id, "tiktok_export.csv")
    summary = run(db, other, "tiktok_export.csv")
    assert summary.created == 3
    with db.read() as session:
        owners = session.scalars(select(ContentPiece.creator_id)).all()
    assert sorted(map(str, owners)) == sorted([str(creator_id)] * 3 + [str(other)] * 3)
