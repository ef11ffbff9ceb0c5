"""Creators, plans and simulated content for the scheduler tests, with an explicit clock."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import update

from insights.ingest import ingest_records
from insights.records import PieceRecord
from plans import create_plan, parse_item_spec
from simulator import SimulationConfig, generate_pieces
from storage import Database
from storage.creators import create_creator, link_identity
from storage.models import Creator

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # a Wednesday
# Creators exist from well before the test's clock, so every digest of a test's window is theirs.
LONG_AGO = datetime(2026, 1, 1, tzinfo=UTC)


def new_creator(
    db: Database,
    handle: str,
    *,
    timezone: str = "Europe/Berlin",
    digest_time: time = time(9, 0),
    quiet: tuple[time | None, time | None] = (time(22, 0), time(8, 0)),
    telegram: int | None = None,
) -> uuid.UUID:
    """A creator, optionally linked to a Telegram chat, created long before NOW."""
    with db.unit_of_work() as session:
        creator = create_creator(session, handle, timezone=timezone, now=LONG_AGO)
        creator.digest_time = digest_time
        creator.quiet_hours_start, creator.quiet_hours_end = quiet
        if telegram is not None:
            link_identity(
                session, creator, "telegram", str(telegram), chat_id=str(telegram), now=LONG_AGO
            )
        return creator.id


def set_creator(db: Database, creator_id: uuid.UUID, **values: object) -> None:
    """Change settings on a creator row."""
    with db.unit_of_work() as session:
        session.execute(update(Creator).where(Creator.id == creator_id).values(**values))


def add_plan(
    db: Database, creator_id: uuid.UUID, lines: Sequence[str], *, now: datetime, name: str = "Plan"
) -> int:
    """A plan of "title|DUE" items (DUE read in the creator's timezone at ``now``)."""
    with db.unit_of_work() as session:
        tz_name = session.get(Creator, creator_id)
        assert tz_name is not None
        tz = ZoneInfo(tz_name.timezone)
        specs = [parse_item_spec(line, tz, now=now) for line in lines]
        return create_plan(session, creator_id, name=name, goal="g", items=specs, now=now).number


def simulated_records(
    pieces: int = 50, *, seed: int = 3, now: datetime = NOW, timezone: str = "Europe/Berlin"
) -> list[PieceRecord]:
    """Simulated pieces published up to ``now``, oldest first."""
    config = SimulationConfig(pieces=pieces, timezone=timezone)
    records = [p.record for p in generate_pieces(config, seed=seed, now=now)]
    return sorted(records, key=lambda r: r.published_at)


def ingest(
    db: Database, creator_id: uuid.UUID, records: Sequence[PieceRecord], *, at: datetime
) -> None:
    """Store records through the ingestion pipeline as if they arrived at ``at``."""
    with db.unit_of_work() as session:
        ingest_records(session, creator_id, records, now=at, source="test")


def hours(n: float) -> timedelta:
    """A short way to write durations."""
    return timedelta(hours=n)
