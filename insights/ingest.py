"""The one ingestion pipeline every source (simulator, imports, API) goes through.

validate → upsert pieces and performance (idempotent by creator + platform + platform_id) →
refresh the creator's scores, themes and insights. Everything happens in the caller's session,
so the caller's unit of work commits it together or not at all.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from insights import refresh
from insights.ingest_rows import (
    CREATORS,
    PERFORMANCE,
    PERFORMANCE_FIELDS,
    PIECE_FIELDS,
    PIECES,
    differs,
    new_rows,
    performance_row,
    performance_values,
    piece_values,
)
from insights.records import PieceRecord
from insights.validation import validate_records
from storage.errors import InvalidInput, NotFound
from storage.models import Creator

# Rows per lookup / executemany: well under SQLite's bound-parameter limit, few round trips.
CHUNK = 1000
Key = tuple[str, str]


@dataclass(frozen=True)
class IngestResult:
    """How many records created a piece, changed one, or matched what was stored."""

    created: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        """Every record the call received."""
        return self.created + self.updated + self.unchanged


@dataclass
class _Plan:
    """What one chunk needs written."""

    new: list[tuple[dict[str, Any], dict[str, Any]]]
    piece_updates: list[dict[str, Any]]
    performance_updates: list[dict[str, Any]]
    performance_inserts: list[tuple[uuid.UUID, dict[str, Any]]]
    updated: int = 0
    unchanged: int = 0


def ingest_records(
    session: Session,
    creator_id: uuid.UUID,
    records: Iterable[PieceRecord],
    *,
    now: datetime,
    source: str,
    is_demo: bool = False,
    refresh: bool = True,
    first_position: int = 1,
) -> IngestResult:
    """Validate and upsert ``records`` for one creator, then refresh its insights.

    ``first_position`` numbers the records in error messages (a batch caller passes its offset).
    ORM objects of pieces already loaded in ``session`` are not updated; query them again.
    """
    if now.tzinfo is None:
        raise InvalidInput("ingestion needs a timezone-aware 'now'")
    if not source.strip():
        raise InvalidInput("ingestion needs a source name")
    batch = validate_records(records, first_position=first_position)
    session.flush()
    next_number = _lock_creator(session, creator_id) + 1
    created = updated = unchanged = 0
    for chunk in _chunks(batch, CHUNK):
        plan = _plan_chunk(session, creator_id, chunk, source=source, is_demo=is_demo)
        _write(session, creator_id, plan, first_number=next_number + created, now=now)
        created += len(plan.new)
        updated += plan.updated
        unchanged += plan.unchanged
    if created:
        _bump_content_seq(session, creator_id, created)
    if refresh:
        _refresh(session, creator_id, now)
    return IngestResult(created=created, updated=updated, unchanged=unchanged)


def _refresh(session: Session, creator_id: uuid.UUID, now: datetime) -> None:
    # Looked up at call time, so the insights engine's implementation is always the one used.
    refresh.refresh_creator(session, creator_id, now)


def _lock_creator(session: Session, creator_id: uuid.UUID) -> int:
    """Lock the creator row for this transaction and return its content counter."""
    if session.get_bind().dialect.name == "sqlite":
        # SQLite starts its write transaction lazily and has no row locks: a no-op write takes
        # the database write lock now, so no other writer can hand out the same numbers.
        session.execute(
            update(CREATORS)
            .where(CREATORS.c.id == creator_id)
            .values(content_seq=CREATORS.c.content_seq)
        )
    seq = session.execute(
        select(Creator.content_seq).where(Creator.id == creator_id).with_for_update()
    ).scalar_one_or_none()
    if seq is None:
        raise NotFound("creator not found")
    return seq


def _bump_content_seq(session: Session, creator_id: uuid.UUID, count: int) -> None:
    session.execute(
        update(Creator)
        .where(Creator.id == creator_id)
        .values(content_seq=Creator.content_seq + count)
        .execution_options(synchronize_session="fetch")
    )


def _chunks(batch: Sequence[PieceRecord], size: int) -> Iterator[Sequence[PieceRecord]]:
    for start in range(0, len(batch), size):
        yield batch[start : start + size]


def _plan_chunk(
    session: Session,
    creator_id: uuid.UUID,
    chunk: Sequence[PieceRecord],
    *,
    source: str,
    is_demo: bool,
) -> _Plan:
    stored = _stored(session, creator_id, chunk)
    plan = _Plan(new=[], piece_updates=[], performance_updates=[], performance_inserts=[])
    for record in chunk:
        piece = piece_values(record, source=source, is_demo=is_demo)
        performance = performance_values(record)
        existing = stored.get((str(record.platform), record.platform_id))
        if existing is None:
            key = {"platform": str(record.platform), "platform_id": record.platform_id}
            plan.new.append((piece | key, performance))
        else:
            _plan_existing(plan, existing, piece, performance)
    return plan


def _plan_existing(
    plan: _Plan, existing: dict[str, Any], piece: dict[str, Any], performance: dict[str, Any]
) -> None:
    changed = False
    if differs(existing, piece):
        plan.piece_updates.append({"b_id": existing["id"], **_prefixed(piece)})
        changed = True
    if existing["performance_id"] is None:
        plan.performance_inserts.append((existing["id"], performance))
        changed = True
    elif differs(existing, performance):
        plan.performance_updates.append(
            {"b_id": existing["performance_id"], **_prefixed(performance)}
        )
        changed = True
    if changed:
        plan.updated += 1
    else:
        plan.unchanged += 1


def _prefixed(values: dict[str, Any]) -> dict[str, Any]:
    # SQLAlchemy reserves a column's own name for the SET clause of an executemany UPDATE.
    return {f"b_{name}": value for name, value in values.items()}


def _stored(
    session: Session, creator_id: uuid.UUID, chunk: Sequence[PieceRecord]
) -> dict[Key, dict[str, Any]]:
    """The stored piece and performance values of the chunk's keys that already exist."""
    by_platform: dict[str, list[str]] = defaultdict(list)
    for record in chunk:
        by_platform[str(record.platform)].append(record.platform_id)
    columns: list[ColumnElement[Any]] = [PIECES.c.id, PIECES.c.platform, PIECES.c.platform_id]
    columns += [PIECES.c[name] for name in PIECE_FIELDS]
    columns += [PERFORMANCE.c.id.label("performance_id")]
    columns += [PERFORMANCE.c[name] for name in PERFORMANCE_FIELDS]
    found: dict[Key, dict[str, Any]] = {}
    for platform, platform_ids in by_platform.items():
        # Filtering on platform too lets the (creator, platform, platform_id) index answer.
        query = (
            select(*columns)
            .select_from(PIECES.outerjoin(PERFORMANCE, PERFORMANCE.c.content_id == PIECES.c.id))
            .where(
                PIECES.c.creator_id == creator_id,
                PIECES.c.platform == platform,
                PIECES.c.platform_id.in_(platform_ids),
            )
        )
        for row in session.execute(query).mappings():
            found[(row["platform"], row["platform_id"])] = dict(row)
    return found


def _write(
    session: Session, creator_id: uuid.UUID, plan: _Plan, *, first_number: int, now: datetime
) -> None:
    piece_rows: list[dict[str, Any]] = []
    performance_rows: list[dict[str, Any]] = []
    for offset, (piece, performance) in enumerate(plan.new):
        rows = new_rows(creator_id, first_number + offset, piece, performance, now)
        piece_rows.append(rows[0])
        performance_rows.append(rows[1])
    for content_id, performance in plan.performance_inserts:
        performance_rows.append(performance_row(content_id, creator_id, performance, now))
    if piece_rows:
        session.execute(PIECES.insert(), piece_rows)
    if performance_rows:
        session.execute(PERFORMANCE.insert(), performance_rows)
    _update(session, PIECES, PIECE_FIELDS, plan.piece_updates, now)
    _update(session, PERFORMANCE, PERFORMANCE_FIELDS, plan.performance_updates, now)


def _update(
    session: Session,
    table: Any,
    names: Sequence[str],
    rows: list[dict[str, Any]],
    now: datetime,
) -> None:
    if not rows:
        return
    statement = (
        update(table)
        .where(table.c.id == bindparam("b_id"))
        .values({name: bindparam(f"b_{name}") for name in names} | {"updated_at": now})
    )
    session.execute(statement, rows)
