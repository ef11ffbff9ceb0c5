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
from operator import itemgetter
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import delete, not_, or_, select
from sqlalchemy.orm import Session

from insights.factor_memo import Keys, Previous
from insights.factor_places import Places, compare, keys_of, place_ids
from insights.factor_rows import FactorRows
from insights.hash_mix import Hashes
from insights.insight_rows import INSERT_COLUMNS, Values, insert_insights
from insights.uuid_array import KEY, driver_bytes, ids_at, uuids_of
from storage.data_version import touch
from storage.models import ContentInsight, ContentPerformance
from storage.row_ids import id_numbers

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
    gone, matched = _matched(stored, [keys.of(row) for row in wanted])
    return gone, [row for row, found in zip(wanted, matched, strict=True) if found is None]


def _matched(stored: list[tuple[Any, ...]], wanted: list[Key]) -> tuple[list[Any], list[Any]]:
    """(stored raw ids no wanted key takes, each wanted key's stored raw id or None)."""
    by_key: dict[Key, list[Any]] = defaultdict(list)
    for key, row_id in zip(map(_KEY, stored), map(_ID, stored), strict=True):
        by_key[key].append(row_id)
    matched = []
    for key in wanted:
        ids = by_key.get(key)
        matched.append(ids.pop() if ids else None)
    gone = [row_id for ids in by_key.values() for row_id in ids]
    return gone, matched


def _apply(
    session: Session, deletes: list[Any], inserts: list[Values], numbers: list[int] | None = None
) -> Written:
    """Delete rows by their ids as the driver read them, then insert the missing rows (with
    the ids of ``numbers``, when given)."""
    connection = session.connection()
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    quote = connection.dialect.identifier_preparer.quote
    for start in range(0, len(deletes), DELETE_CHUNK):
        chunk = deletes[start : start + DELETE_CHUNK]
        marks = ", ".join([mark] * len(chunk))
        # Only the table's own (quoted) identifiers and placeholders go into the text.
        sql = f"DELETE FROM {quote(CI.name)} WHERE {quote('id')} IN ({marks})"  # noqa: S608
        connection.exec_driver_sql(sql, tuple(chunk))
    insert_insights(session, inserts, numbers)
    return Written(len(deletes), len(inserts))


def sync_creator_rows(session: Session, creator_id: uuid.UUID, wanted: list[Values]) -> Written:
    """Make the creator-level insights (no piece) exactly ``wanted``."""
    keys = _Keys(session)
    stored = _stored(session, keys, creator_id, None)
    return _apply(session, *_diff(keys, stored, wanted))


def sync_piece_rows(
    session: Session,
    creator_id: uuid.UUID,
    ids: Sequence[uuid.UUID],
    wanted: FactorRows,
    places: Places,
    known: Previous | None = None,
) -> tuple[Written, Hashes]:
    """Make the factors of the pieces ``wanted`` is made of exactly its rows; each piece's
    digest (``FactorRows.piece_digests``, in the order of its positions).

    ``ids``: every piece's id, by position. ``places``: the wanted rows by place
    (``Places.of``), whose stored ids this fills in. ``known``: those pieces as the factor
    memo knows them (insights.factor_memo: whether it does, their digests and rows as stored),
    when it can be trusted: only the pieces whose digest differs are compared, with their rows
    as the memo knows them (insights.factor_places), and only the rows to insert are made.
    Otherwise every piece's stored rows are read and compared by content.
    """
    digests = wanted.piece_digests()
    if known is None:
        return _read_and_sync(session, creator_id, ids, wanted, places), digests
    same = known.known & (known.digests == digests)
    places.row_ids[same] = known.row_ids[same]
    changed = np.flatnonzero(~same)
    if not changed.size:
        return Written(), digests
    stored = Places(known.hashes[changed], known.row_ids[changed])
    change = compare(wanted, places, changed, stored, known.counts[changed])
    bind = _Keys(session).driver_id
    deleted = [bind(row_id) for row_id in uuids_of(change.deleted)]
    return _insert_placed(session, deleted, wanted, places, change.inserted), digests


def _read_and_sync(
    session: Session,
    creator_id: uuid.UUID,
    ids: Sequence[uuid.UUID],
    wanted: FactorRows,
    places: Places,
) -> Written:
    """Read the pieces' stored rows, keep those wanted, delete the rest, insert the missing."""
    if not len(wanted.positions):
        return Written()
    content_ids = ids_at(ids, wanted.positions)
    rows = wanted.rows_of_pieces(np.arange(len(content_ids)), content_ids)
    keys = _Keys(session)
    stored = _stored(session, keys, creator_id, content_ids)
    gone, matched = _matched(stored, [keys.of(row) for row in rows])
    found = [i for i, row_id in enumerate(matched) if row_id is not None]
    if found:
        raw = driver_bytes([matched[i] for i in found])
        place_ids(wanted, places, np.array(found), np.frombuffer(raw, dtype=KEY))
    missing = np.array([i for i, row_id in enumerate(matched) if row_id is None], dtype=np.int64)
    return _insert_placed(session, gone, wanted, places, missing, rows)


def _insert_placed(
    session: Session,
    deletes: list[Any],
    wanted: FactorRows,
    places: Places,
    at: NDArray[np.int64],
    rows: Sequence[Values] | None = None,
) -> Written:
    """Delete ``deletes``, insert ``wanted``'s rows ``at`` (indices; ``rows``: all of them,
    when made) and put their new ids into their places."""
    inserts = wanted.rows_at(at) if rows is None else [rows[i] for i in at.tolist()]
    numbers = id_numbers(len(inserts))
    written = _apply(session, deletes, inserts, numbers)
    place_ids(wanted, places, at, keys_of(numbers))
    return written


def drop_unscored_rows(
    session: Session, creator_id: uuid.UUID, scored: Keys, gone: Keys | None = None
) -> int:
    """Delete factors of pieces the refresh no longer scores (neither views nor reach known).

    ``scored``: the scored pieces' ids as 16-byte keys, ascending (insights.uuid_array.keys_at).
    ``gone``: when the factor memo can be trusted, the remembered pieces that had factors and
    are not ``scored`` (``Digests.gone``): only they can hold any, deleted by id, no scan.
    """
    if gone is not None:
        return _delete_factors_of(session, creator_id, uuids_of(gone))
    stmt = delete(CI).where(
        CI.c.creator_id == creator_id,
        CI.c.content_id.is_not(None),
        not_(CI.c.content_id.in_(_scored(creator_id))),
    )
    return int(session.connection().execute(stmt).rowcount or 0)


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
