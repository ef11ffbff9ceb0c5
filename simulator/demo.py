"""Demo mode: give a creator simulated content through the ingestion pipeline, or take it away."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from sqlalchemy import delete, or_, update
from sqlalchemy.orm import Session

from insights import refresh
from insights.ingest import IngestResult, bulk_load, ingest_records
from insights.records import PieceRecord
from simulator.config import SimulationConfig
from simulator.generate import (
    ID_DIGITS,
    check_seed,
    iter_record_batches,
    platform_id,
    resolve_profile,
)
from simulator.history import write_histories
from simulator.titles import TitleWriter
from storage.creators import create_creator, find_creator, get_creator, validate_timezone
from storage.models import ContentPiece, Creator

DEFAULT_PIECES = (30, 50)
# Pieces per ingestion batch: large enough for fast executemany, small enough to bound memory.
STREAM_BATCH = 10_000
DEMO_SOURCE = "demo"
_COUNT_STREAM = 2


@dataclass(frozen=True)
class DemoResult:
    """What enable_demo did (``profile`` is the resolved channel size, never 'auto')."""

    creator_id: uuid.UUID
    handle: str
    creator_created: bool
    niche: str
    profile: str
    seed: int
    pieces: int
    created: int
    updated: int
    unchanged: int
    removed: int


def default_piece_count(seed: int) -> int:
    """How many pieces a demo gets when none is asked for: 30-50, drawn from the seed."""
    rng = np.random.default_rng([check_seed(seed), _COUNT_STREAM])
    return int(rng.integers(DEFAULT_PIECES[0], DEFAULT_PIECES[1] + 1))


def enable_demo(
    session: Session,
    *,
    handle: str,
    niche: str,
    profile: str,
    pieces: int | None,
    seed: int,
    now: datetime,
    timezone: str = "UTC",
    batch_size: int = STREAM_BATCH,
    on_progress: Callable[[int], None] | None = None,
    title_writer: TitleWriter | None = None,
) -> DemoResult:
    """Create the creator if needed (in ``timezone``), mark it demo, ingest simulated content.

    An existing creator keeps its own timezone. The same seed, arguments and now change nothing;
    demo content from another seed or count is replaced. Real content is never touched.
    """
    check_seed(seed)
    existing = find_creator(session, handle)
    zone = existing.timezone if existing else validate_timezone(timezone)
    count = default_piece_count(seed) if pieces is None else pieces
    config = SimulationConfig(niche=niche, profile=profile, pieces=count, timezone=zone)
    creator = existing or create_creator(session, handle, timezone=zone, demo_mode=True, now=now)
    creator.demo_mode = True
    removed = _remove_other_demo_sets(session, creator.id, seed, count)
    stream = iter_record_batches(
        config, seed=seed, now=now, batch_size=batch_size, title_writer=title_writer
    )
    with bulk_load(session, creator.id, count):
        totals = _ingest_stream(session, creator.id, stream, now=now, on_progress=on_progress)
    write_histories(session, creator.id, now=now)
    refresh.refresh_creator(session, creator.id, now)
    return DemoResult(
        creator_id=creator.id,
        handle=creator.handle,
        creator_created=existing is None,
        niche=niche,
        profile=resolve_profile(profile, seed),
        seed=seed,
        pieces=count,
        created=totals.created,
        updated=totals.updated,
        unchanged=totals.unchanged,
        removed=removed,
    )


def _ingest_stream(
    session: Session,
    creator_id: uuid.UUID,
    batches: Iterable[list[PieceRecord]],
    *,
    now: datetime,
    on_progress: Callable[[int], None] | None,
) -> IngestResult:
    """Ingest every batch without refreshing; the caller refreshes once at the end."""
    created = updated = unchanged = 0
    for batch in batches:
        result = ingest_records(
            session,
            creator_id,
            batch,
            now=now,
            source=DEMO_SOURCE,
            is_demo=True,
            refresh=False,
            first_position=created + updated + unchanged + 1,
        )
        created, updated, unchanged = (
            created + result.created,
            updated + result.updated,
            unchanged + result.unchanged,
        )
        if on_progress is not None:
            on_progress(len(batch))
    return IngestResult(created=created, updated=updated, unchanged=unchanged)


def disable_demo(session: Session, creator_id: uuid.UUID, *, now: datetime) -> int:
    """Remove the creator's demo pieces (their performance and insights go with them).

    Real pieces stay; the creator's scores and insights are refreshed at ``now``. Returns how
    many pieces were removed.
    """
    creator = get_creator(session, creator_id)
    removed = _delete_demo(session, creator_id)
    session.execute(update(Creator).where(Creator.id == creator_id).values(demo_mode=False))
    session.refresh(creator, ["demo_mode"])
    refresh.refresh_creator(session, creator_id, now)
    return removed


def _remove_other_demo_sets(session: Session, creator_id: uuid.UUID, seed: int, count: int) -> int:
    """Delete demo pieces that are not among this seed's first ``count`` pieces."""
    prefix = platform_id(seed, 0)[:-ID_DIGITS]
    pid = ContentPiece.platform_id
    # This seed's ids all have the same width, so text order is index order.
    other = or_(~pid.startswith(prefix, autoescape=True), pid >= platform_id(seed, count))
    return _delete_demo(session, creator_id, other)


def _delete_demo(session: Session, creator_id: uuid.UUID, *conditions: object) -> int:
    statement = delete(ContentPiece).where(
        ContentPiece.creator_id == creator_id,
        ContentPiece.is_demo.is_(True),
        *conditions,  # type: ignore[arg-type]
    )
    result = session.execute(statement.execution_options(synchronize_session=False))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
