"""The one ingestion pipeline every source (simulator, imports, API) goes through.

validate → upsert pieces and performance (idempotent by creator + platform + platform_id) →
refresh the creator's scores, themes and insights. Everything happens in the caller's session,
so the caller's unit of work commits it together or not at all.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Index, bindparam, func, select, update
from sqlalchemy.orm import Session

from insights import refresh
from insights.collector import collector_paused
from insights.ingest_lookup import Ceilings, id_ceilings, stored_values
from insights.ingest_rows import (
    CREATORS,
    PERFORMANCE,
    PERFORMANCE_CONSTANT,
    PERFORMANCE_FIELDS,
    PERFORMANCE_INSERT_COLUMNS,
    PIECE_CONSTANT,
    PIECE_FIELDS,
    PIECE_INSERT_COLUMNS,
    PIECES,
    Values,
    differs,
    new_performance_columns,
    new_piece_columns,
    performance_values,
    piece_values,
)
from insights.records import PieceRecord
from insights.validation import validate_records
from storage.bulk import bulk_insert_columns, driver_ids, refresh_statistics
from storage.data_version import touch
from storage.errors import InvalidInput, NotFound
from storage.models import Creator
from storage.piece_delta import MAX_NOTED

# Rows per lookup / executemany: well under SQLite's bound-parameter limit, few round trips.
CHUNK = 1000
# Loads that double a creator's pieces beyond this size refresh the planner's statistics:
# a handful of ANALYZE runs over a million-piece load instead of lookups that slow down as it grows.
ANALYZE_FROM = 8192
# A SQLite load of this many pieces, at least doubling the stored ones, builds the publish-date
# index once at its end (bulk_load).
DEFER_INDEX_FROM = 100_000
DEFERRED_INDEX = "ix_content_pieces_creator_published"
_THEME = PIECE_FIELDS.index("theme")


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

    new: list[PieceRecord]
    piece_updates: list[dict[str, Any]]
    performance_updates: list[dict[str, Any]]
    performance_inserts: list[tuple[Any, PieceRecord]]  # a piece's id as the driver gave it
    changed: list[Any] = field(default_factory=list)  # pieces' ids written, as the driver has them
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
    with collector_paused():
        result = _upsert(session, creator_id, records, now, source, is_demo, first_position)
    if refresh:
        _refresh(session, creator_id, now)
    return result


@contextmanager
def bulk_load(session: Session, creator_id: uuid.UUID, pieces: int) -> Iterator[None]:
    """Around the ``ingest_records`` calls of one load of about ``pieces`` pieces, all in the
    caller's one transaction (nothing may commit inside).

    On SQLite, a large load builds the pieces' (creator, published_at) index once at its end:
    pieces arrive in no publish order, so adding them to it one by one was two fifths of their
    inserts (a million pieces: 6 of 13 CPU s), and building it from sorted rows costs 2. The
    DROP and CREATE are part of the transaction: other connections keep the index, a rollback
    restores it. Elsewhere, and for smaller loads, this does nothing.
    """
    index = _deferrable_index(session, creator_id, pieces)
    if index is None:
        yield
        return
    connection = session.connection()
    index.drop(connection)
    try:
        yield
    finally:
        # checkfirst: after a failure SQLite may already have rolled the DROP back.
        index.create(connection, checkfirst=True)


def _deferrable_index(session: Session, creator_id: uuid.UUID, pieces: int) -> Index | None:
    if session.get_bind().dialect.name != "sqlite" or pieces < DEFER_INDEX_FROM:
        return None
    _lock_creator(session, creator_id)  # opens the write transaction the DROP must be part of
    if 2 * (session.scalar(select(func.count()).select_from(PIECES)) or 0) > pieces:
        return None  # building it over the stored pieces too would cost more than it saves
    return next(index for index in PIECES.indexes if index.name == DEFERRED_INDEX)


def _upsert(
    session: Session,
    creator_id: uuid.UUID,
    records: Iterable[PieceRecord],
    now: datetime,
    source: str,
    is_demo: bool,
    first_position: int,
) -> IngestResult:
    """Validate and write the records; nothing is written when one is invalid."""
    batch = validate_records(records, first_position=first_position)
    session.flush()
    next_number = _lock_creator(session, creator_id) + 1
    ceilings = id_ceilings(session, creator_id, batch)  # read under the lock: none can be added
    created = updated = unchanged = 0
    written: list[Any] | None = []  # the ids of every piece created or changed (None: many)
    for chunk in _chunks(batch, CHUNK):
        plan = _plan_chunk(session, creator_id, chunk, ceilings, source=source, is_demo=is_demo)
        first_number = next_number + created
        _write(session, creator_id, plan, first_number, now=now, source=source, is_demo=is_demo)
        written = _noted(written, plan.changed)
        created += len(plan.new)
        updated += plan.updated
        unchanged += plan.unchanged
    if created:
        _bump_content_seq(session, creator_id, created)
        if _grew_past_a_power_of_two(next_number - 1, created):
            refresh_statistics(session, (PIECES, PERFORMANCE))
    if created or updated:
        touch(session, [creator_id], pieces=written)  # views must see it even before a refresh
    return IngestResult(created=created, updated=updated, unchanged=unchanged)


def _noted(written: list[Any] | None, ids: list[Any]) -> list[Any] | None:
    """Pieces written so far, while few enough to be read again by id (a large load is not)."""
    if written is None or len(written) + len(ids) > MAX_NOTED:
        return None
    return written + ids


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


def _grew_past_a_power_of_two(before: int, created: int) -> bool:
    """True when a load doubled the creator's pieces (from ANALYZE_FROM up): stats go stale."""
    after = before + created
    return after >= ANALYZE_FROM and after.bit_length() > before.bit_length()


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
    ceilings: Ceilings | None,
    *,
    source: str,
    is_demo: bool,
) -> _Plan:
    stored = stored_values(session, creator_id, chunk, ceilings)
    plan = _Plan(new=[], piece_updates=[], performance_updates=[], performance_inserts=[])
    if not stored:  # a first load: every record is new
        plan.new.extend(chunk)
        return plan
    for record in chunk:
        existing = stored.get((str(record.platform), record.platform_id))
        if existing is None:
            plan.new.append(record)
        else:
            piece = piece_values(record, source=source, is_demo=is_demo)
            _plan_existing(plan, existing, record, piece)
    return plan


def _plan_existing(
    plan: _Plan, existing: dict[str, Any], record: PieceRecord, piece: Values
) -> None:
    if record.theme is None and existing["theme_inferred"]:
        # A source that gives no theme leaves the inferred one: re-sending is not a change.
        piece = (*piece[:_THEME], existing["theme"], *piece[_THEME + 1 :])
    performance = performance_values(record)
    changed = False
    if differs(existing, PIECE_FIELDS, piece):
        plan.piece_updates.append(_update_params(existing["id"], PIECE_FIELDS, piece))
        changed = True
    if existing["performance_id"] is None:
        plan.performance_inserts.append((existing["raw_id"], record))
        changed = True
    elif differs(existing, PERFORMANCE_FIELDS, performance):
        plan.performance_updates.append(
            _update_params(existing["performance_id"], PERFORMANCE_FIELDS, performance)
        )
        changed = True
    if changed:
        plan.changed.append(existing["raw_id"])
        plan.updated += 1
    else:
        plan.unchanged += 1


def _update_params(row_id: uuid.UUID, names: Sequence[str], values: Values) -> dict[str, Any]:
    # SQLAlchemy reserves a column's own name for the SET clause of an executemany UPDATE.
    params = {f"b_{name}": value for name, value in zip(names, values, strict=True)}
    params["b_id"] = row_id
    return params


def _write(
    session: Session,
    creator_id: uuid.UUID,
    plan: _Plan,
    first_number: int,
    *,
    now: datetime,
    source: str,
    is_demo: bool,
) -> None:
    """Insert the plan's new pieces and performance rows, then apply its updates."""
    # Client-side, time-ordered ids: no round trip, and indexes grow at their right edge. Made
    # in the driver's form, as the stored pieces' ids are read: no UUID objects to convert.
    piece_ids = driver_ids(session, PIECES.c.id, len(plan.new))
    pieces = new_piece_columns(
        plan.new, piece_ids, creator_id, first_number, source=source, is_demo=is_demo, now=now
    )
    bulk_insert_columns(
        session,
        PIECES,
        PIECE_INSERT_COLUMNS,
        pieces,
        repeating=("tags",),
        ready=("id",),
        shared=PIECE_CONSTANT,
    )
    measured = plan.new + [record for _, record in plan.performance_inserts]
    content_ids = piece_ids + [content_id for content_id, _ in plan.performance_inserts]
    figures = new_performance_columns(measured, content_ids, creator_id, now)
    bulk_insert_columns(
        session,
        PERFORMANCE,
        PERFORMANCE_INSERT_COLUMNS,
        figures,
        fresh_ids="id",
        ready=("content_id",),
        shared=PERFORMANCE_CONSTANT,
    )
    _update(session, PIECES, PIECE_FIELDS, plan.piece_updates, now)
    _update(session, PERFORMANCE, PERFORMANCE_FIELDS, plan.performance_updates, now)
    plan.changed += piece_ids


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
