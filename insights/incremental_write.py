"""Store a creator's insights by difference: keep identical rows, delete and insert the rest.

A full refresh deletes every insight of the creator and inserts them all again (tens of
thousands of rows at 10,000 pieces). After a write that touched a few pieces most rows come
out the same, so the incremental refresh compares the wanted rows with the stored ones (as a
multiset of their contents: ids and ``created_at`` aside) and writes only the difference. The
stored result is the same set of insights a full refresh would store. Pattern factors are
links to their pattern (insights.factor_links): a pattern whose figures moved rewrites its own
row, not the factors of all its pieces.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import Any

import numpy as np
from sqlalchemy import delete, not_, or_, select
from sqlalchemy.orm import Session

from insights.factor_rows import FactorRows, as_numbers
from insights.insight_rows import INSERT_COLUMNS, Values, insert_insights
from insights.uuid_array import UuidArray
from storage.data_version import touch
from storage.models import ContentInsight, ContentPerformance

CI: Any = ContentInsight.__table__
PERF: Any = ContentPerformance.__table__
DELETE_CHUNK = 1000
# What an insight says (content id first): every stored column but id, owner, JSON and time;
# the two JSON columns (supporting_data, figures) are compared as their stored text.
_CONTENT = INSERT_COLUMNS[2:11]
_JSON = INSERT_COLUMNS[11:13]
Key = tuple[Any, ...]
# A stored row as ``_stored`` reads it: its raw id, then its key.
_ID = itemgetter(0)
_KEY = itemgetter(slice(1, None))
_CONTENT_ID = itemgetter(1)
# The digest of a piece without factors (``sync_piece_rows``).
NO_FACTORS = hash(())


@dataclass
class Written:
    """How many stored insight rows one comparison deleted and inserted."""

    deleted: int = 0
    inserted: int = 0

    def add(self, other: Written) -> None:
        """Count another comparison's writes too."""
        self.deleted += other.deleted
        self.inserted += other.inserted


class _Keys:
    """The comparable content of wanted rows, in the driver's own form of each value.

    The stored rows are read below SQLAlchemy (its per-value result processing cost more than
    rewriting every row), so the wanted side is put in the driver's form: ids as the database
    driver returns them, JSON as the text the column stores (json.dumps' text on both databases;
    PostgreSQL's json type keeps the text as given). A row written any other way only compares
    unequal and is rewritten, never lost. A pattern factor is a link: its key is its piece,
    pattern, side and the piece's own small data, whatever its pattern's figures.
    """

    def __init__(self, session: Session) -> None:
        dialect = session.connection().dialect
        process = CI.c.content_id.type.dialect_impl(dialect).bind_processor(dialect)
        self._id = process or (lambda value: value)
        self._texts: dict[int, tuple[object, str | None]] = {}
        self._last: tuple[Any, Any] = (None, None)

    def of(self, row: Values) -> Key:
        """The key of one wanted row (``insight_values`` or ``link_values``)."""
        content = row[1]
        if content is not self._last[0]:  # a piece's rows come one after another
            self._last = (content, None if content is None else self._id(content))
        return (self._last[1], *row[2:10], self._text(row[10]), self._text(row[11]))

    def _text(self, data: object) -> str | None:
        if data is None:
            return None
        held = self._texts.get(id(data))
        if held is None or held[0] is not data:  # links without data of their own share theirs
            held = self._texts[id(data)] = (data, json.dumps(data))
        return held[1]

    def driver_id(self, value: uuid.UUID) -> Any:
        """An id as a bound parameter of a driver-level statement."""
        return self._id(value)


def _stored(
    session: Session, keys: _Keys, creator_id: uuid.UUID, content_ids: Sequence[uuid.UUID] | None
) -> list[tuple[Any, ...]]:
    """The creator-level rows (``content_ids`` None) or those pieces' rows: raw id, then key."""
    connection = session.connection()
    dialect = connection.dialect
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    quote = dialect.identifier_preparer.quote
    columns = ", ".join(quote(name) for name in ("id", *_CONTENT))
    data = ", ".join(f"CAST({quote(name)} AS TEXT)" for name in _JSON)
    if content_ids is None:
        which, params = "IS NULL", []
    else:
        which = f"IN ({', '.join([mark] * len(content_ids))})"
        params = [keys.driver_id(c) for c in content_ids]
    # Only the table's own (quoted) identifiers and placeholders go into the text.
    sql = (
        f"SELECT {columns}, {data} FROM {quote(CI.name)} "  # noqa: S608
        f"WHERE {quote('creator_id')} = {mark} AND {quote('content_id')} {which}"
    )
    # The driver's own cursor: SQLAlchemy's result rows cost more than the read itself here.
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql, (keys.driver_id(creator_id), *params))
        rows = cursor.fetchall()
    finally:
        cursor.close()
    return list(rows)


def _diff(
    keys: _Keys, stored: list[tuple[Any, ...]], wanted: list[Values]
) -> tuple[list[Any], list[Values]]:
    """(stored raw ids to delete, wanted rows to insert): a multiset difference by content."""
    return _keyed_diff(stored, [(keys.of(row), row) for row in wanted])


def _keyed_diff(
    stored: list[tuple[Any, ...]], wanted: list[tuple[Key, Values]]
) -> tuple[list[Any], list[Values]]:
    by_key: dict[Key, list[Any]] = defaultdict(list)
    for key, row_id in zip(map(_KEY, stored), map(_ID, stored), strict=True):
        by_key[key].append(row_id)
    missing = []
    for key, row in wanted:
        ids = by_key.get(key)
        if ids:
            ids.pop()
        else:
            missing.append(row)
    gone = [row_id for ids in by_key.values() for row_id in ids]
    return gone, missing


def _apply(session: Session, deletes: list[Any], inserts: list[Values]) -> Written:
    """Delete rows by their ids as the driver read them, then insert the missing rows."""
    connection = session.connection()
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    quote = connection.dialect.identifier_preparer.quote
    for start in range(0, len(deletes), DELETE_CHUNK):
        chunk = deletes[start : start + DELETE_CHUNK]
        marks = ", ".join([mark] * len(chunk))
        # Only the table's own (quoted) identifiers and placeholders go into the text.
        sql = f"DELETE FROM {quote(CI.name)} WHERE {quote('id')} IN ({marks})"  # noqa: S608
        connection.exec_driver_sql(sql, tuple(chunk))
    insert_insights(session, inserts)
    return Written(len(deletes), len(inserts))


def sync_creator_rows(session: Session, creator_id: uuid.UUID, wanted: list[Values]) -> Written:
    """Make the creator-level insights (no piece) exactly ``wanted``."""
    keys = _Keys(session)
    stored = _stored(session, keys, creator_id, None)
    return _apply(session, *_diff(keys, stored, wanted))


def sync_piece_rows(
    session: Session,
    creator_id: uuid.UUID,
    content_ids: Sequence[uuid.UUID],
    wanted: Sequence[Values],
    known: dict[Any, int] | None = None,
) -> tuple[Written, dict[Any, int]]:
    """Make the factors of the pieces ``content_ids`` exactly ``wanted``; each piece's digest,
    keyed by its id's number (``UUID.int``).

    ``known``: each piece's digest as stored (insights.factor_memo), when it can be trusted:
    only the pieces whose digest differs are read and compared. ``wanted`` as the factor choice
    gives it (``FactorRows``, ``content_ids`` in its pieces' order) is digested from its arrays,
    and only the changed pieces' rows are made.
    """
    numbers = as_numbers(content_ids)
    digests = dict.fromkeys(numbers, NO_FACTORS)
    if isinstance(wanted, FactorRows):
        having, found = wanted.digests()
        digests.update(zip([numbers[i] for i in having.tolist()], found, strict=True))
    else:
        keys = _Keys(session)
        for content, (start, stop) in _spans(wanted).items():
            digests[content.int] = hash(tuple(map(keys.of, wanted[start:stop])))
    if known is None:
        changed = list(range(len(numbers)))
    else:
        changed = [i for i, n in enumerate(numbers) if known.get(n) != digests[n]]
    if not changed:
        return Written(), digests
    keys = _Keys(session)
    # A trusted memo knows which pieces hold no factor rows: new pieces, and those without any.
    held = changed if known is None else [i for i in changed if _holds(known, numbers[i])]
    stored = _stored(session, keys, creator_id, [content_ids[i] for i in held]) if held else []
    rows = _rows_of(wanted, content_ids, changed)
    pairs = [(keys.of(row), row) for row in rows]
    return _apply(session, *_keyed_diff(stored, pairs)), digests


def _holds(known: dict[Any, int], number: int) -> bool:
    """Whether the piece had factor rows when its digest was remembered (a piece missing from
    the memo was not scored then: it had none, ``drop_unscored_rows`` saw to it)."""
    return known.get(number, NO_FACTORS) != NO_FACTORS


def _rows_of(
    wanted: Sequence[Values], content_ids: Sequence[uuid.UUID], changed: list[int]
) -> list[Values]:
    """The wanted rows of the pieces ``changed`` (indices into ``content_ids``, ascending)."""
    if isinstance(wanted, FactorRows):
        return wanted.rows_of_pieces(np.array(changed, dtype=np.int64), content_ids)
    pieces = {content_ids[i] for i in changed}
    return [row for row in wanted if row[1] in pieces]


def _spans(wanted: Sequence[Values]) -> dict[Any, tuple[int, int]]:
    """Where each piece's rows are in ``wanted`` (they come one piece after another)."""
    spans: dict[Any, tuple[int, int]] = {}
    start = 0
    for content, rows in groupby(wanted, key=_CONTENT_ID):
        stop = start + sum(1 for _ in rows)
        if content in spans:
            raise ValueError("a piece's factor rows must come one after another")
        spans[content] = (start, stop)
        start = stop
    return spans


def drop_unscored_rows(
    session: Session,
    creator_id: uuid.UUID,
    scored: Sequence[uuid.UUID],
    known: dict[Any, int] | None = None,
) -> int:
    """Delete factors of pieces the refresh no longer scores (neither views nor reach known).

    With ``known`` (``sync_piece_rows``' digests as stored, trusted) only the remembered pieces
    that had factors can hold any: those no longer ``scored`` are deleted by id, no scan.
    """
    if known is not None:
        kept = set(_numbers(scored))
        gone = [n for n, digest in known.items() if digest != NO_FACTORS and n not in kept]
        return _delete_factors_of(session, creator_id, [uuid.UUID(int=n) for n in gone])
    stmt = delete(CI).where(
        CI.c.creator_id == creator_id,
        CI.c.content_id.is_not(None),
        not_(CI.c.content_id.in_(_scored(creator_id))),
    )
    return int(session.connection().execute(stmt).rowcount or 0)


def _numbers(ids: Sequence[uuid.UUID]) -> list[int]:
    """The ids' numbers; an id column's straight from its bytes (no UUID made)."""
    if isinstance(ids, UuidArray):
        halves = ids.values.view(">u8").reshape(-1, 2).tolist()
        return [high << 64 | low for high, low in halves]
    return as_numbers(ids)


def _scored(creator_id: uuid.UUID) -> Any:
    return select(PERF.c.content_id).where(
        PERF.c.creator_id == creator_id, or_(PERF.c.views.is_not(None), PERF.c.reach.is_not(None))
    )


def _delete_factors_of(session: Session, creator_id: uuid.UUID, pieces: list[Any]) -> int:
    deleted = 0
    for start in range(0, len(pieces), DELETE_CHUNK):
        chunk = pieces[start : start + DELETE_CHUNK]
        stmt = delete(CI).where(CI.c.creator_id == creator_id, CI.c.content_id.in_(chunk))
        deleted += int(session.connection().execute(stmt).rowcount or 0)
    return deleted


def stamp_if_written(session: Session, creator_id: uuid.UUID, writes: Iterable[int]) -> None:
    """Renew the creator's data stamp when anything was written (cached views must see it)."""
    if any(writes):
        touch(session, [creator_id], pieces=())
