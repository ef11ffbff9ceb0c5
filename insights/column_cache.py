"""The columns a refresh ended with, kept by the process: the next refresh reads only what changed.

A refresh after a write read every scoreable piece of the creator (``load_columns``: ~56 ms at
10,000 pieces on SQLite) although an import changed a hundred. After ``refresh_creator`` this
process keeps the creator's columns as they are now stored (the score updates it sent applied
to the columns it loaded) with the data stamp it leaves. The next refresh uses them only when
nobody else can have written the creator's data since (storage/stamp_chain.py, as
insights.factor_memo) and its own transaction said which pieces it wrote
(storage/piece_delta.py): those are read again by id and spliced into their places (ordered by
published_at, then number, as ``load_columns`` orders them), score updates noted by id are
applied as sent. Anything else (another writer, a write that named no pieces, a rollback, more
than ``storage.piece_delta.MAX_NOTED`` pieces) and every piece is read, as before. The result
equals what ``load_columns`` returns, array for array (tests/insights/test_column_cache.py).

With the columns go the per-piece results their refresh computed (``insights.column_memo``:
logarithms, exponentials, zone offsets, era baselines, scores), moved with the pieces when they are
spliced: the next refresh computes those only for the pieces written or moved. So do the
numbered platforms, themes and formats (``PieceColumns.numbered``: 24 bytes a piece) and the
order of the pieces by id (``PieceColumns.by_id``: 8 bytes).

Bounded: ``MAX_CREATORS`` creators and ``MAX_PIECES`` pieces in all (212 bytes a piece with
those: a 10,000-piece creator 2.1 MB, the whole cache ≤ 43 MB), the least recently refreshed dropped
first; per-piece results for ``MAX_MEMO_PIECES`` of them (360 bytes a piece: ≤ 36 MB), the least
recently refreshed creators' dropped first (their next refresh computes every piece's again).
Kept arrays are read-only: a refresh writing into them would fail, not go stale.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from insights.column_memo import ColumnMemo
from insights.fact_arrays import Codes, Ints
from insights.piece_columns import Floats, PieceColumns, load_columns, stored_codes
from insights.uuid_array import KEY, UuidArray, distinct_bytes, positions_in
from storage.data_version import held_stamp
from storage.piece_delta import Mark, ScoreBatch, mark, scores_since, settle, trusted_writes
from storage.process_keys import Key, dropped_at_end, process_key
from storage.stamp_chain import hold, left

MAX_CREATORS = 256
MAX_PIECES = 200_000
MAX_MEMO_PIECES = 100_000
_PENDING = "column_cache_pending"
_FIGURES = ("performance_score", "percentile_rank")
_IGNORED = frozenset({"scored_at", "updated_at"})  # not among the columns


@dataclass(frozen=True)
class _Entry:
    stamp: uuid.UUID
    columns: PieceColumns


@dataclass(frozen=True)
class _Pending:
    """The columns a refresh read, and where its transaction's record of writes stood then."""

    columns: PieceColumns
    mark: Mark


_ENTRIES: OrderedDict[Key, _Entry] = OrderedDict()
_LOCK = threading.Lock()


def resident_columns(session: Session, creator_id: uuid.UUID) -> PieceColumns:
    """What ``load_columns`` returns: from the kept copy and the pieces written since when
    they can be trusted, else read whole."""
    pending: dict[uuid.UUID, _Pending] = session.info.setdefault(_PENDING, {})
    pending.pop(creator_id, None)
    # Held from before the read: no other writer can commit a change before ``keep_columns``.
    held = hold(session, creator_id)
    columns = _spliced(session, creator_id) if held else None
    if columns is None:
        columns = load_columns(session, creator_id)
    if held and len(columns) <= MAX_MEMO_PIECES:  # kept after the refresh: with its own memo
        memo = ColumnMemo() if columns.memo is None else columns.memo.copy()
        columns = _replaced(columns, memo=memo)
    if held:
        pending[creator_id] = _Pending(columns, mark(session, creator_id))
    return columns


def keep_columns(session: Session, creator_id: uuid.UUID) -> None:
    """After ``refresh_creator`` stored everything: keep its columns as now stored."""
    columns = _as_stored(session, creator_id)
    stamp = None if columns is None else held_stamp(session, creator_id)
    key = process_key(session, creator_id)
    if columns is None or stamp is None:
        _drop(key)
        return
    _put(key, _Entry(stamp, _frozen(columns)))
    left(session, creator_id, stamp)
    settle(session, creator_id)


def _as_stored(session: Session, creator_id: uuid.UUID) -> PieceColumns | None:
    """The columns the refresh read with the score updates it sent since (None: a piece was
    written since it read them, or nothing was read)."""
    pending = session.info.get(_PENDING, {}).pop(creator_id, None)
    if pending is None or len(pending.columns) > MAX_PIECES:
        return None
    batches = scores_since(session, creator_id, pending.mark)
    return None if batches is None else _with_scores(pending.columns, batches)


def kept(session: Session, creator_id: uuid.UUID) -> PieceColumns | None:
    """The columns kept for the creator (None: none)."""
    with _LOCK:
        entry = _ENTRIES.get(process_key(session, creator_id))
    return None if entry is None else entry.columns


def clear() -> None:
    """Forget every creator (tests; a process that wants the memory back)."""
    with _LOCK:
        _ENTRIES.clear()


def _spliced(session: Session, creator_id: uuid.UUID) -> PieceColumns | None:
    with _LOCK:
        entry = _ENTRIES.get(process_key(session, creator_id))
    record = None if entry is None else trusted_writes(session, creator_id, entry.stamp)
    if entry is None or record is None or record.pieces is None:
        return None
    columns = _with_scores(entry.columns, record.scores)
    if columns is None or not record.pieces:
        return columns
    changed = distinct_bytes(list(record.pieces))
    fresh = load_columns(session, creator_id, [uuid.UUID(bytes=id_) for id_ in changed])
    return _merged(columns, ~_among(columns.content_ids, changed), fresh)


def _with_scores(columns: PieceColumns, batches: list[ScoreBatch]) -> PieceColumns | None:
    """``columns`` with the performance rows updated as sent (None: a column it cannot apply)."""
    if not batches:
        return columns
    figures = columns.figures | {name: columns.figures[name].copy() for name in _FIGURES}
    flags = columns.flags | {"is_provisional": columns.flags["is_provisional"].copy()}
    codes = columns.stored_codes.copy()
    targets: dict[str, Any] = {name: figures[name] for name in _FIGURES}
    targets |= {"is_provisional": flags["is_provisional"], "performance_category": codes}
    for names, rows in batches:
        hit, at = positions_in(columns.performance_ids, [row[-1] for row in rows])
        found = [row for row, present in zip(rows, hit.tolist(), strict=True) if present]
        for index, name in enumerate(names):
            if name in targets:
                _set(targets[name], at, [row[index] for row in found])
            elif name not in _IGNORED:
                return None
    return _replaced(columns, figures=figures, flags=flags, stored_codes=codes)


def _set(target: NDArray[Any], at: NDArray[np.int64], values: list[Any]) -> None:
    if target.dtype == np.int8:  # the stored categories, as their codes
        target[at] = stored_codes(values)
    else:  # NULL is read as NaN
        target[at] = [np.nan if value is None else value for value in values]


def _among(ids: UuidArray, wanted: set[bytes]) -> NDArray[np.bool_]:
    """Where ``ids`` holds one of ``wanted`` (16 bytes each)."""
    found = np.zeros(len(ids), dtype=bool)
    found[positions_in(ids, list(wanted))[1]] = True
    return found


def _merged(old: PieceColumns, kept: NDArray[np.bool_], fresh: PieceColumns) -> PieceColumns:
    """The kept pieces of ``old`` and every piece of ``fresh``, by (published_at, number)."""
    source = np.concatenate([np.flatnonzero(kept), len(old) + np.arange(len(fresh))])
    published = np.concatenate([old.published_us, fresh.published_us])
    # By instant (a stable sort of two ordered runs: a merge, where a lexical sort of every
    # piece by instant and number took 1.2 ms at 10,000), then the pieces sharing an instant
    # by number: the order ``np.lexsort((number, published))`` gives, ties and all.
    order = source[np.argsort(published[source], kind="stable")]
    numbers = np.concatenate([old.figures["number"], fresh.figures["number"]])
    _by_number(order, published[order], numbers, len(old))
    splice = _Splice(old, fresh, order)
    merged = splice.columns()
    if old.memo is not None:  # each kept result moved with its piece; the fresh ones have none
        merged.memo = old.memo.spliced(np.where(order < len(old), order, -1), splice.in_place)
    return merged


def _by_number(order: NDArray[np.int64], instants: Ints, numbers: Floats, fresh: int) -> None:
    """Within each run of ``order`` whose ``instants`` are equal, its pieces ordered by number
    (stably), in place. Positions from ``fresh`` on are the fresh pieces: a run without one
    holds kept pieces only, in their kept order (by number already), and is left as it is."""
    same = instants[1:] == instants[:-1]
    if not same.any():
        return
    tied = np.flatnonzero(np.append(same, False) | np.insert(same, 0, False))
    runs = np.cumsum(np.insert(~same, 0, True))[tied]
    mixed = np.zeros(runs[-1] + 1, dtype=bool)
    mixed[runs[order[tied] >= fresh]] = True
    tied, runs = tied[mixed[runs]], runs[mixed[runs]]
    order[tied] = order[tied][np.lexsort((numbers[order[tied]], runs))]


class _Splice:
    """The columns of ``old`` then ``fresh`` (positions counted on through both) at ``order``,
    whose first positions are often 0, 1, … (the pieces older than any written: most of the
    catalogue, after an upload): those are copied as a block, the others picked from their
    own columns, no column of both made first."""

    def __init__(self, old: PieceColumns, fresh: PieceColumns, order: NDArray[np.int64]) -> None:
        self._old, self._fresh, self._order = old, fresh, order
        self.in_place = min(_in_place(order), len(old))
        tail = order[self.in_place :]
        from_old = tail < len(old)
        self._to_old = self.in_place + np.flatnonzero(from_old)
        self._to_fresh = self.in_place + np.flatnonzero(~from_old)
        self._at_old, self._at_fresh = tail[from_old], tail[~from_old] - len(old)
        self._tail = (tail - self.in_place).tolist()  # where the lists' moved items come from

    def columns(self) -> PieceColumns:
        """The spliced columns."""
        old, fresh = self._old, self._fresh
        spliced = PieceColumns(
            objects={
                name: self._list(old.objects[name], fresh.objects[name]) for name in old.objects
            },
            stored_codes=self._array(old.stored_codes, fresh.stored_codes),
            figures={
                name: self._array(old.figures[name], fresh.figures[name]) for name in old.figures
            },
            flags={name: self._array(old.flags[name], fresh.flags[name]) for name in old.flags},
            content_ids=UuidArray(self._array(old.content_ids.values, fresh.content_ids.values)),
            performance_ids=UuidArray(
                self._array(old.performance_ids.values, fresh.performance_ids.values)
            ),
            published_us=self._array(old.published_us, fresh.published_us),
            codes=self._codes(old.codes, fresh.objects),
        )
        if old.id_order is not None:
            spliced.id_order = self._by_id(old.id_order, spliced.content_ids.values.view(KEY))
        return spliced

    def _array(self, old: NDArray[Any], fresh: NDArray[Any]) -> NDArray[Any]:
        if 16 * (self._order.size - self.in_place) > self._order.size:  # many moved: one gather
            both: NDArray[Any] = np.concatenate([old, fresh])[self._order]
            return both
        spliced = np.empty(self._order.size, dtype=old.dtype)
        spliced[: self.in_place] = old[: self.in_place]
        spliced[self._to_old] = old[self._at_old]
        spliced[self._to_fresh] = fresh[self._at_fresh]
        return spliced

    def _list(self, old: list[Any], fresh: list[Any]) -> list[Any]:
        # The tail takes no piece from before ``in_place`` (those are in place): picked from
        # the rest only, not from a copy of the whole list.
        return old[: self.in_place] + _picked(old[self.in_place :] + fresh, self._tail)

    def _by_id(self, old: Ints, keys: NDArray[Any]) -> Ints:
        """``PieceColumns.by_id`` of the spliced columns (``keys``: their ids), from the kept
        columns' (a sort of every id was ~0.6 ms at 10,000 pieces): the kept pieces in their
        id order, at their new places, the fresh ones sorted and merged in by id."""
        from_old = self._order < len(self._old)
        now_at = np.full(len(self._old), -1, dtype=np.int64)
        now_at[self._order[from_old]] = np.flatnonzero(from_old)
        kept = now_at[old]
        kept = kept[kept >= 0]  # pieces written are among the fresh ones
        fresh = np.flatnonzero(~from_old)
        fresh = fresh[np.argsort(keys[fresh], kind="stable")]
        order: Ints = np.insert(kept, np.searchsorted(keys[kept], keys[fresh]), fresh)
        return order

    def _codes(self, old: dict[str, Codes], fresh: dict[str, list[Any]]) -> dict[str, Codes]:
        """The kept columns' numbered text columns, spliced (numbering one was ~0.5 ms of
        Python at 10,000 pieces): those whose order of first appearance still holds."""
        spliced = {name: self._numbered(codes, fresh[name]) for name, codes in old.items()}
        return {name: codes for name, codes in spliced.items() if codes is not None}

    def _numbered(self, old: Codes, fresh: list[Any]) -> Codes | None:
        """``first_codes`` of the spliced column: the kept codes, the fresh pieces' values
        numbered on from them; None when that is not numbered by first appearance."""
        index = {name: code for code, name in enumerate(old.names)}
        more = np.fromiter((index.setdefault(v, len(index)) for v in fresh), np.int64, len(fresh))
        codes = self._array(old.codes, more)
        if not codes.size:
            return Codes(codes, [])
        # Numbered by first appearance: each code first seen right after the one below it.
        highest = np.maximum.accumulate(codes)
        if codes[0] != 0 or (np.diff(highest) > 1).any():
            return None
        return Codes(codes, list(index)[: int(highest[-1]) + 1])


def _in_place(order: NDArray[np.int64]) -> int:
    """How many of ``order``'s first positions are their own."""
    moved = np.flatnonzero(order != np.arange(order.size))
    return int(moved[0]) if moved.size else order.size


def _picked(values: list[Any], at: list[int]) -> list[Any]:
    """``values`` at the positions ``at`` (itemgetter: in C, a third of a comprehension's time)."""
    if len(at) < 2:
        return [values[i] for i in at]
    return list(itemgetter(*at)(values))


def _replaced(c: PieceColumns, **changes: Any) -> PieceColumns:
    """``c`` with ``changes``; its numbered text columns with it unless ``objects`` change."""
    parts: dict[str, Any] = {
        "objects": c.objects,
        "stored_codes": c.stored_codes,
        "figures": c.figures,
        "flags": c.flags,
        "content_ids": c.content_ids,
        "performance_ids": c.performance_ids,
        "published_us": c.published_us,
        "memo": c.memo,
        "codes": {} if "objects" in changes else dict(c.codes),
        "id_order": c.id_order if _same_ids(c, changes.get("content_ids")) else None,
    }
    return PieceColumns(**(parts | changes))


def _same_ids(c: PieceColumns, ids: UuidArray | None) -> bool:
    """Whether ``ids`` (None: unchanged) are ``c``'s content ids."""
    return ids is None or ids.values is c.content_ids.values


def _frozen(c: PieceColumns) -> PieceColumns:
    """As kept: read-only arrays, and ids without the UUID objects a refresh made of them."""
    numbered = [codes.codes for codes in c.codes.values()]
    ordered = [] if c.id_order is None else [c.id_order]
    arrays: list[NDArray[Any]] = [c.published_us, c.stored_codes, *numbered, *ordered]
    for array in (*c.figures.values(), *c.flags.values(), *arrays):
        array.flags.writeable = False
    ids = {name: UuidArray(getattr(c, name).values) for name in ("content_ids", "performance_ids")}
    for values in ids.values():
        values.values.flags.writeable = False
    memo = None if c.memo is None else c.memo.copy()  # its entries are read-only already
    return _replaced(c, **ids, memo=memo)


def _put(key: Key, entry: _Entry) -> None:
    with _LOCK:
        _ENTRIES.pop(key, None)
        _ENTRIES[key] = entry
        total = sum(len(kept.columns) for kept in _ENTRIES.values())
        while len(_ENTRIES) > MAX_CREATORS or total > MAX_PIECES:
            total -= len(_ENTRIES.popitem(last=False)[1].columns)
        remembered = sum(len(e.columns) for e in _ENTRIES.values() if e.columns.memo is not None)
        for older, kept in list(_ENTRIES.items()):  # least recently refreshed first
            if remembered <= MAX_MEMO_PIECES:
                break
            if kept.columns.memo is not None:
                remembered -= len(kept.columns)
                _ENTRIES[older] = _Entry(kept.stamp, _replaced(kept.columns, memo=None))


def _drop(key: Key) -> None:
    with _LOCK:
        _ENTRIES.pop(key, None)


dropped_at_end(_PENDING)
