"""A per-creator data stamp: every write to pieces, scores or insights stores a fresh one.

Caches of views built from a creator's data (the dashboard) read the stamp with one cheap query
and rebuild when it differs, so they stay correct when another process writes. The stamp is a
random UUID rather than a counter, so a rolled-back write can never reuse a stamp that a later,
different write commits. Bulk writers (ingestion, rescoring, insight replacement) call ``touch``;
ORM writes of those rows are stamped by the flush hook below, and ORM-enabled bulk UPDATE or
DELETE statements on them by the execute hook (the creators their WHERE names, or every creator's
stamp when it names none: such statements are rare), so no ORM code path can forget.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable
from typing import Any

from sqlalchemy import bindparam, event, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import BinaryExpression, BindParameter, BooleanClauseList
from sqlalchemy.sql.operators import and_

from storage.models import ContentInsight, ContentPerformance, ContentPiece, Creator
from storage.piece_delta import all_unknown, noted
from storage.stamp_chain import break_all, first_stamp, hold

_STAMPED = (ContentPiece, ContentPerformance, ContentInsight)


def touch(
    session: Session, creator_ids: Iterable[uuid.UUID], pieces: Collection[Any] | None = None
) -> None:
    """Give each creator a fresh data stamp, in the caller's transaction.

    ``pieces``: the content ids of every piece (and performance row) the write changed, empty
    when it changed none (insights only); None when the caller cannot say (storage/piece_delta.py).
    """
    ids = sorted(set(creator_ids))
    if not ids:
        return
    noted(session, ids, pieces)
    # Core on the session's connection: safe inside a flush, and leaves loaded objects alone.
    connection = session.connection()
    # A transaction's first stamp of a creator is a compare-and-set (storage/stamp_chain.py).
    ids = [c for c in ids if not first_stamp(session, connection, c)]
    if ids:
        table: Any = Creator.__table__
        connection.execute(
            update(table).where(table.c.id.in_(ids)).values(data_version=uuid.uuid4())
        )


_CREATORS: Any = Creator.__table__
# Read on every cached view request: built once, it skips per-call statement building.
_READ_STATE = select(_CREATORS.c.timezone, _CREATORS.c.data_version).where(
    _CREATORS.c.id == bindparam("creator")
)


def read_state(session: Session, creator_id: uuid.UUID) -> tuple[str, uuid.UUID | None] | None:
    """The creator's timezone name and data stamp in one read (None: no such creator)."""
    row = session.connection().execute(_READ_STATE, {"creator": creator_id}).first()
    return None if row is None else (row.timezone, row.data_version)


def held_stamp(session: Session, creator_id: uuid.UUID) -> uuid.UUID | None:
    """The creator's data stamp while this transaction holds the creator's row (nobody else
    commits its data until it ends): what a process keeps a memo entry under (None: no stamp,
    or the row not held)."""
    state = read_state(session, creator_id)
    stamp = None if state is None else state[1]
    return stamp if stamp is not None and hold(session, creator_id) else None


@event.listens_for(Session, "after_flush")
def _stamp_flushed(session: Session, _context: Any) -> None:
    written = [
        obj
        for obj in (*session.new, *session.dirty, *session.deleted)
        if isinstance(obj, _STAMPED) and obj.creator_id is not None
    ]
    noted(session, {o.creator_id for o in written if not isinstance(o, ContentInsight)}, None)
    touch(session, {obj.creator_id for obj in written}, pieces=())


@event.listens_for(Session, "do_orm_execute")
def _stamp_bulk_writes(state: Any) -> None:
    if not (state.is_update or state.is_delete):
        return
    entity = state.bind_mapper.class_ if state.bind_mapper is not None else None
    if entity not in _STAMPED:
        return
    owners = scoped_creators(state.statement.whereclause, entity.__table__)
    if owners is not None:
        touch(state.session, owners, pieces=() if entity is ContentInsight else None)
        return
    table: Any = Creator.__table__
    break_all(state.session)
    all_unknown(state.session)
    state.session.connection().execute(update(table).values(data_version=uuid.uuid4()))


def scoped_creators(where: Any, table: Any) -> set[Any] | None:
    """The creators a WHERE clause limits a statement on ``table`` to, when one of its top-level
    AND terms is ``creator_id = value`` or ``creator_id IN (values)``; None when it is not."""
    if where is None:
        return None
    terms = (
        where.clauses
        if isinstance(where, BooleanClauseList) and where.operator is and_
        else [where]
    )
    for term in terms:
        if (
            not isinstance(term, BinaryExpression)
            or getattr(term.left, "name", None) != "creator_id"
            or getattr(term.left, "table", None) is not table
        ):
            continue
        right = term.right
        if term.operator is operators.eq and isinstance(right, BindParameter):
            return {right.effective_value}
        if term.operator is operators.in_op and isinstance(right, BindParameter):
            return set(right.effective_value or ())
    return None
