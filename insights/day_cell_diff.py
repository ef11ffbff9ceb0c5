"""The day cells after a write: only the days whose cells changed are rebuilt.

A write changes a few days' pieces (an upload, an edit, a deletion, a theme chosen; a rescore
moves some scores), yet rebuilding the cells (insights/day_cells.py) regrouped every piece of the
creator. The refresh after a write holds every piece's columns and the scores it just stored, so
the cells are summed here in numpy and compared with the stored ones (those this process last
wrote, insights/day_cell_memo.py, else one read); only the days whose cells differ are
replaced. The sums are the SQL's own arithmetic (UTC days; each database's exact rate parts,
insights/rate_sums.py), exact in any order below ``EXACT_FIGURE`` and ``EXACT_RATE``: then they
are what the SQL would insert, and are written as they are (insights/day_cell_rows.py).

The columns are the database's state only if no other transaction committed a write of the
creator between their load and this update: ``load_point``, read just before the load, notes the
creator's stamp and whether this transaction already holds the creator's data (PostgreSQL: it
wrote the creator's row, whose lock it keeps; SQLite: a transaction is open, one snapshot, and a
write after another's commit fails). Otherwise, the stamp having moved, and wherever the sums
might not be exact (absurd figures, NaN), the cells are rebuilt whole from the rows by SQL;
when most days changed (the scores of most days moved: an import across the history) every
day's cells are replaced (on PostgreSQL, where they are known, only the cells that differ).
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import Any, cast

import numpy as np
from sqlalchemy import (
    BigInteger,
    Integer,
    Table,
    and_,
    exists,
    extract,
    literal_column,
    or_,
    select,
    type_coerce,
)
from sqlalchemy import cast as cast_
from sqlalchemy.orm import Session

from insights.day_cell_memo import KnownCells, remembered, written
from insights.day_cell_rows import Cell
from insights.day_cells import Rebuild, rebuild_cells, verdict
from insights.day_digests import (
    DAY_US,
    DayDigests,
    changed_days,
    codes_hashed,
    day_digests,
    row_hashes,
)
from insights.fact_arrays import EPOCH, MICROSECOND, Codes, Ints, first_codes
from insights.piece_columns import Floats, PieceColumns, microseconds
from insights.rate_sums import RATES, SUMMED, UNIT
from insights.score_columns import ScoreColumns
from insights.score_math import CATEGORY_NAMES
from storage.driver_rows import driver_rows
from storage.models import DAY_CELLS, ContentPerformance, ContentPiece, Creator

_CREATORS = cast(Table, Creator.__table__)
_PIECES = cast(Table, ContentPiece.__table__)
_PERF = cast(Table, ContentPerformance.__table__)
_FIRST_DAY = date(1970, 1, 1)
# Below these every sum is exact and so independent of its order: rates' whole parts summed as
# floats, views and reach as 64-bit integers (2 ** 47 each, up to 65,536 pieces a cell).
EXACT_RATE = 2.0**31
EXACT_FIGURE = 2.0**47
# Whether this transaction wrote the creator's row, whose version then carries its id (32 bits:
# another's equal id would be 2 ** 32 transactions old). A subtransaction's write does not count.
_HELD = "xmin::text = (txid_current_if_assigned() % 4294967296)::text"


@dataclass(frozen=True)
class LoadPoint:
    """The creator as the refresh's columns were about to be loaded."""

    stamp: uuid.UUID | None
    held: bool  # no other transaction can commit a write of the creator until this one ends


def load_point(session: Session, creator_id: uuid.UUID) -> LoadPoint:
    """Note the creator's stamp, and whether this transaction holds its data, before a load."""
    connection = session.connection()
    postgresql = connection.dialect.name == "postgresql"
    held: Any = literal_column(_HELD) if postgresql else literal_column("0")
    query = select(_CREATORS.c.data_version, held).where(_CREATORS.c.id == creator_id)
    row = connection.execute(query).first()
    stamp = row[0] if row else None
    if postgresql:
        return LoadPoint(stamp, bool(row and row[1]))
    driver: Any = connection.connection.driver_connection
    return LoadPoint(stamp, driver.in_transaction)


def diff_update(columns: PieceColumns, scores: ScoreColumns, since: LoadPoint) -> Rebuild:
    """How the refresh that loaded ``columns`` after ``since`` and stored ``scores`` brings the
    cells up to date: the changed days' cells rebuilt, or all of them."""
    return partial(_update, columns=columns, scores=scores, since=since)


def _update(
    session: Session,
    creator_id: uuid.UUID,
    stamp: uuid.UUID | None,
    *,
    columns: PieceColumns,
    scores: ScoreColumns,
    since: LoadPoint,
) -> None:
    current = since.held or since.stamp == stamp  # the columns are what is stored now
    wanted, changes = compared(session, creator_id, columns, scores) if current else (None, None)
    written(session, creator_id, wanted)
    if changes is None:
        rebuild_cells(session, creator_id, stamp)
        return
    days, kept, cells, before = changes.days, changes.kept, changes.cells, changes.before
    rebuild_cells(session, creator_id, stamp, days, kept, cells=cells, before=before)


@dataclass(frozen=True)
class Changes:
    """The cells a write changed, summed exactly: written as they are (``rebuild_cells``)."""

    days: list[date] | None  # the days whose cells differ (None: every day)
    kept: int  # how many stored cells are of other days
    cells: list[Cell]  # the cells of ``days`` the rows give now
    before: list[Cell] | None = None  # the stored cells of ``days`` (None: not known)


def compared(
    session: Session, creator_id: uuid.UUID, columns: PieceColumns, scores: ScoreColumns
) -> tuple[KnownCells | None, Changes | None]:
    """The cells the rows give now (None: not summed), and those of the days whose stored cells
    differ (None: not summed exactly, the cells are rebuilt whole from the rows)."""
    pieces = _rows_now(session, creator_id, columns, scores)
    if pieces is None:
        return None, None
    digests = pieces.digests()
    known = remembered(session, creator_id)
    days = None if known is None else changed_days(known.digests, digests)
    if known is not None and days is not None and 2 * len(days) <= len(known.by_day):
        return _on_days(session, known, pieces.on(days), days, digests)
    if not pieces.exact():
        return None, None
    wanted = pieces.cells(session.connection().dialect.name)  # remembered for the next refresh
    cells = KnownCells.of(wanted, digests)
    if days is not None:  # most days changed (the stored cells known)
        return cells, Changes(None, 0, list(wanted), known.all() if known else None)
    if _mostly_rescored(columns, scores):
        return cells, Changes(None, 0, list(wanted))  # comparing would find most days changed
    return cells, _changed_days(wanted, _stored(session, creator_id))


def _on_days(
    session: Session, known: KnownCells, pieces: _Pieces, days: Ints, digests: DayDigests
) -> tuple[KnownCells | None, Changes | None]:
    """Only the ``days`` whose rows' digest moved summed (``pieces``: their rows) and compared
    with the cells known for them."""
    if not pieces.exact():
        return None, None
    wanted = pieces.cells(session.connection().dialect.name)
    numbers = days.tolist()
    changed = {cell[0] for cell in wanted.symmetric_difference(known.on(numbers))}
    kept = known.count - sum(len(known.by_day.get(day, ())) for day in changed)
    changes = _changes(changed, kept, wanted, known.on(changed))
    return known.updated(numbers, wanted, digests), changes


def _changed_days(wanted: set[Cell], stored: list[Cell]) -> Changes:
    """The days (first in each cell) where ``stored`` is not ``wanted``, with how many stored
    cells are of other days; every day when that is most days, or a cell is stored twice (it
    would hide behind its twin)."""
    changed = {cell[0] for cell in wanted.symmetric_difference(stored)}
    every = {cell[0] for cell in wanted} | {cell[0] for cell in stored}
    if len(set(stored)) < len(stored):
        return Changes(None, 0, list(wanted))
    if 2 * len(changed) > len(every):
        return Changes(None, 0, list(wanted), stored)
    kept = sum(1 for cell in stored if cell[0] not in changed)
    return _changes(changed, kept, wanted, stored)


def _changes(changed: set[int], kept: int, wanted: set[Cell], stored: Iterable[Cell]) -> Changes:
    """The ``changed`` days (numbers), their cells of ``wanted`` and of ``stored``."""
    dates = [_FIRST_DAY + timedelta(days=d) for d in sorted(changed)]
    before = [cell for cell in stored if cell[0] in changed]
    return Changes(dates, kept, [cell for cell in wanted if cell[0] in changed], before)


def _mostly_rescored(columns: PieceColumns, scores: ScoreColumns) -> bool:
    """Whether the scores just stored changed on most days (an import across the history moves
    the baselines): the cells are then rebuilt whole, but still summed, so that the next
    refresh (an hourly sync's) compares with them instead of reading the cells (~9 ms beside
    the pattern tests' thread here for ~18 ms there, at 10,000 pieces)."""
    moved = ~(scores.performance_score == columns.figures["performance_score"])
    moved |= scores.provisional != columns.flags["is_provisional"]
    moved |= scores.category_codes != columns.stored_codes
    days = columns.published_us // DAY_US
    return 2 * np.unique(days[moved]).size > np.unique(days).size


@dataclass
class _Pieces:
    """Rows the cells group (a piece joined with its performance), as arrays."""

    published_us: Ints
    keys: list[Codes]  # platform, theme, verdict, numbered (each name once)
    figures: list[Floats]  # views, reach, then RATES' order; NaN: unknown

    def __add__(self, other: _Pieces) -> _Pieces:
        return _Pieces(
            np.concatenate([self.published_us, other.published_us]),
            [_joined(mine, theirs) for mine, theirs in zip(self.keys, other.keys, strict=True)],
            [np.concatenate(pair) for pair in zip(self.figures, other.figures, strict=True)],
        )

    def digests(self) -> DayDigests:
        """The digest of each day's rows."""
        hashed = [codes_hashed(found) for found in self.keys]
        return day_digests(self.published_us, row_hashes(self.published_us, hashed, self.figures))

    def on(self, days: Ints) -> _Pieces:
        """The rows of ``days`` (UTC day numbers)."""
        at = np.flatnonzero(np.isin(self.published_us // DAY_US, days))
        keys = [Codes(found.codes[at], found.names) for found in self.keys]
        return _Pieces(self.published_us[at], keys, [f[at] for f in self.figures])

    def exact(self) -> bool:
        """Whether every sum of these rows is exact, in any order."""
        bounds = [EXACT_FIGURE, EXACT_FIGURE, *(EXACT_RATE for _ in RATES)]
        pairs = zip(self.figures, bounds, strict=True)
        with np.errstate(invalid="ignore"):
            return not any((np.abs(figure) >= bound).any() for figure, bound in pairs)

    def cells(self, dialect: str) -> set[Cell]:
        """The cells as ``_stored`` reads them: day number, keys, ``SUMMED``, first instant."""
        if not self.published_us.size:
            return set()
        day = self.published_us // DAY_US
        key, labels = day - day.min(initial=0), []
        for found in self.keys:
            key = key * len(found.names) + found.codes
            labels.append((found.codes, found.names))
        order = np.argsort(key, kind="stable")
        ordered = key[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        first = order[starts]
        named = [list(map(found.__getitem__, codes[first].tolist())) for codes, found in labels]
        sums = [np.add.reduceat(term[order], starts).tolist() for term in self._terms(dialect)]
        earliest = np.minimum.reduceat(self.published_us[order], starts).tolist()
        return set(zip(day[first].tolist(), *named, *sums, earliest, strict=True))

    def _terms(self, dialect: str) -> list[Any]:
        """Each row's terms of ``SUMMED``, as ``rate_sums.cell_sums`` sums them."""
        views, reach, *rates = self.figures
        terms: list[Any] = [np.ones(len(self.published_us), np.int64), _int(views), _int(reach)]
        for rate in rates:
            terms += [*_parts(rate, dialect), _known(rate)]
        return [*terms, _known(views), _known(reach)]


def _int(figure: Floats) -> Ints:
    return np.nan_to_num(figure, nan=0.0).astype(np.int64)


def _known(figure: Floats) -> Ints:
    return (~np.isnan(figure)).astype(np.int64)


def _parts(rate: Floats, dialect: str) -> tuple[Floats, Ints]:
    """``rate_sums.whole`` and ``fraction`` of each rate (0 and 0 when unknown): PostgreSQL
    floors and rounds (half to even), SQLite truncates both."""
    known = np.nan_to_num(rate, nan=0.0)
    postgresql = dialect == "postgresql"
    whole = np.floor(known) if postgresql else np.trunc(known)
    scaled = (known - whole) * float(UNIT)
    return whole, (np.rint(scaled) if postgresql else np.trunc(scaled)).astype(np.int64)


def _rows_now(
    session: Session, creator_id: uuid.UUID, columns: PieceColumns, scores: ScoreColumns
) -> _Pieces | None:
    """The columns as stored now (their scores written), and the rows they leave out (neither
    views nor reach); None when a rate is NaN (PostgreSQL stores it, and would sum it)."""
    left_out = _left_out(session, creator_id)
    if left_out is None:
        return None
    # A provisional piece has no verdict yet (None, numbered after the categories).
    verdicts = np.where(scores.provisional, len(CATEGORY_NAMES), scores.category_codes)
    judged = Codes(verdicts, [*CATEGORY_NAMES, None])
    f = columns.figures
    figures = [f["views"], f["reach"], f["stored_engagement"], scores.performance_score]
    keys = [columns.platform_codes, columns.theme_codes, judged]
    pieces = _Pieces(columns.published_us, keys, [*figures, f["retention_rate"]])
    return pieces + left_out if left_out.published_us.size else pieces


def _left_out(session: Session, creator_id: uuid.UUID) -> _Pieces | None:
    pc, pp = _PIECES.c, _PERF.c
    rates = [pp[name] for name in RATES.values()]
    odd = [and_(pp.views.is_(None), pp.reach.is_(None))]
    if session.connection().dialect.name == "postgresql":
        odd += [rate == literal_column("'NaN'::float8") for rate in rates]
    if not _any_odd(session, creator_id, [odd[0], or_(*odd[1:])] if odd[1:] else odd):
        return _Pieces(np.zeros(0, np.int64), [first_codes([])] * 3, [np.zeros(0)] * 5)
    query = (
        select(pc.published_at, pc.platform, pc.theme, verdict(pp), pp.views, pp.reach, *rates)
        .select_from(_PIECES.join(_PERF, pp.content_id == pc.id))
        .where(pp.creator_id == creator_id, or_(*odd))
    )
    rows = session.connection().execute(query).all()
    if any(isinstance(v, float) and math.isnan(v) for row in rows for v in row[6:]):
        return None
    instants = [(row[0] - EPOCH) // MICROSECOND for row in rows]
    figures = [np.array([row[i] for row in rows], dtype=float) for i in range(4, 9)]
    keys = [first_codes([row[i] for row in rows]) for i in (1, 2, 3)]
    return _Pieces(np.array(instants, dtype=np.int64), keys, figures)


def _joined(mine: Codes, theirs: Codes) -> Codes:
    """Both rows' labels numbered as one (each name once: a cell's key holds its codes)."""
    index = {name: code for code, name in enumerate(mine.names)}
    renumbered = np.array([index.setdefault(name, len(index)) for name in theirs.names], np.int64)
    codes = renumbered[theirs.codes] if theirs.codes.size else theirs.codes
    return Codes(np.concatenate([mine.codes, codes]), list(index))


def _any_odd(session: Session, creator_id: uuid.UUID, odd: list[Any]) -> bool:
    """Whether any of the creator's rows is ``odd`` (each test one look-up in its partial index,
    migration 0014: the rows of neither views nor reach are the ones the columns leave out)."""
    tests = [exists().where(_PERF.c.creator_id == creator_id, test) for test in odd]
    return any(session.connection().execute(select(*tests)).one())


def _stored(session: Session, creator_id: uuid.UUID) -> list[Cell]:
    """The creator's stored cells as ``_Pieces.cells`` gives them."""
    dc = DAY_CELLS.c
    keys, sums = (dc.platform, dc.theme, dc.verdict), [dc[name] for name in SUMMED]
    if session.connection().dialect.name == "postgresql":
        # Days and instants as whole numbers (exact: its epoch is a numeric), read in one go.
        day = type_coerce(dc.day - literal_column("DATE '1970-01-01'"), Integer)
        first = cast_(extract("epoch", dc.first_published) * 1_000_000, BigInteger)
        query = select(day, *keys, *sums, first).where(dc.creator_id == creator_id)
        return [tuple(row) for row in session.connection().execute(query)]
    query = select(dc.day, *keys, *sums, dc.first_published).where(dc.creator_id == creator_id)
    return _numbered(driver_rows(session, query))


def _numbered(rows: list[tuple[Any, ...]]) -> list[Cell]:
    """SQLite's cells with their day and first instant (ISO texts) as whole numbers."""
    if not rows:
        return []
    days, *_, firsts = zip(*rows, strict=True)
    numbers = np.array(days, dtype="datetime64[D]").astype(np.int64).tolist()
    earliest = microseconds(firsts).tolist()
    return [(d, *row[1:-1], e) for d, row, e in zip(numbers, rows, earliest, strict=True)]
