"""Which of a creator's pieces the current transaction wrote: what a resident copy must re-read.

Every write to a creator's pieces or performance rows renews its data stamp through ``touch``
(storage/data_version.py), which notes here the content ids it was given, or that they are
unknown (a writer that does not say, an ORM flush, a bulk statement). Score updates by
performance id are noted with their values (``scores_noted``): a copy of the columns can take
them as sent instead of reading the rows back. Insight-only writes note nothing.

The record lives in ``session.info`` for one transaction: any rollback (a savepoint's too) makes
every creator's record unknown until the transaction ends, and it is dropped when it ends.
``settle`` empties a creator's record once a copy reflecting it all was kept.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from storage.stamp_chain import trusted_since

# More pieces than this in one transaction are as good as unknown: a copy reads them all anyway.
MAX_NOTED = 5000
# Score updates noted in one transaction, rows in all: beyond, as good as a write of unknown
# pieces (a full refresh's million updates held as rows kept ~200 MB to the transaction's end).
MAX_NOTED_SCORES = 50_000
_RECORDS = "piece_delta_records"
_UNKNOWN_ALL = "piece_delta_unknown"
ScoreBatch = tuple[tuple[str, ...], list[tuple[Any, ...]]]


@dataclass
class Record:
    """One creator in one transaction: pieces written since it was last settled."""

    pieces: set[Any] | None = field(default_factory=set)  # content ids; None: unknown
    scores: list[ScoreBatch] = field(default_factory=list)  # (columns, rows: values then id)
    writes: int = 0  # piece writes noted ever in this transaction (settling keeps the count)
    noted_scores: int = 0  # score rows held in ``scores``


@dataclass(frozen=True)
class Mark:
    """Where a creator's record stood when a copy of its columns was read."""

    writes: int
    scores: int


def noted(
    session: Session, creator_ids: Iterable[uuid.UUID], pieces: Collection[Any] | None
) -> None:
    """These creators' ``pieces`` (content ids in any form) were written; None: unknown."""
    if pieces is not None and not pieces:
        return
    for creator_id in creator_ids:
        record = _record(session, creator_id)
        record.writes += 1
        if pieces is None or record.pieces is None:
            record.pieces = None
        else:
            record.pieces.update(pieces)
            if len(record.pieces) > MAX_NOTED:
                record.pieces = None


def scores_noted(
    session: Session, creator_id: uuid.UUID, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """Performance rows of the creator were updated: ``columns`` set to each row's values,
    the row's performance id last (as ``storage.bulk.bulk_update`` takes them)."""
    if not rows:
        return
    record = _record(session, creator_id)
    record.noted_scores += len(rows)
    if record.noted_scores <= MAX_NOTED_SCORES:
        record.scores.append((tuple(columns), rows))
    else:  # too many to hold: a copy reads every piece instead (and is not kept from this one)
        noted(session, [creator_id], None)
        record.scores = []


def all_unknown(session: Session) -> None:
    """A statement wrote pieces of creators it does not name: know nothing until the end."""
    session.info[_UNKNOWN_ALL] = True


def written(session: Session, creator_id: uuid.UUID) -> Record | None:
    """The creator's record in this transaction (None: what was written is unknown)."""
    if session.info.get(_UNKNOWN_ALL):
        return None
    record = _record(session, creator_id)
    return None if record.pieces is None else record


def trusted_writes(session: Session, creator_id: uuid.UUID, stamp: uuid.UUID) -> Record | None:
    """The creator's record, when nothing but this transaction can have written the creator's
    data since ``stamp`` (storage/stamp_chain.py; None: what was written since is unknown)."""
    record = written(session, creator_id)
    return record if record is not None and trusted_since(session, creator_id, stamp) else None


def mark(session: Session, creator_id: uuid.UUID) -> Mark:
    """Where the creator's record stands now."""
    record = _record(session, creator_id)
    return Mark(record.writes, len(record.scores))


def scores_since(session: Session, creator_id: uuid.UUID, since: Mark) -> list[ScoreBatch] | None:
    """The score updates noted after ``since``; None when a piece was written since (or a
    rollback undid something)."""
    record = _record(session, creator_id)
    if session.info.get(_UNKNOWN_ALL) or record.writes != since.writes:
        return None
    return record.scores[since.scores :]


def settle(session: Session, creator_id: uuid.UUID) -> None:
    """Everything noted so far is reflected where the caller keeps it: start afresh."""
    record = _record(session, creator_id)
    record.pieces, record.scores, record.noted_scores = set(), [], 0


def _record(session: Session, creator_id: uuid.UUID) -> Record:
    records: dict[uuid.UUID, Record] = session.info.setdefault(_RECORDS, {})
    record = records.get(creator_id)
    if record is None:
        record = records[creator_id] = Record()
    return record


@event.listens_for(Session, "after_soft_rollback")
def _rolled_back(session: Session, previous: SessionTransaction) -> None:
    if previous.parent is None:  # the whole transaction is gone (and may end before this)
        _forget(session)
    else:
        session.info[_UNKNOWN_ALL] = True


@event.listens_for(Session, "after_transaction_end")
def _ended(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        _forget(session)


def _forget(session: Session) -> None:
    session.info.pop(_RECORDS, None)
    session.info.pop(_UNKNOWN_ALL, None)
