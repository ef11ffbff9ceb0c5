"""The dashboard's per-day cells (storage/models/day_cells.py): built after a write, read by builds.

A cold dashboard build used to join every piece of its period (and of the trend's window before
it) with its performance row and group them by platform, theme, verdict and window: at 10,000
pieces on PostgreSQL most of the build. The cells hold the same sums per UTC day, so a build
sums the cells of the days wholly inside its windows and reads rows only for the days a window
boundary cuts (``cell_rows``); what comes out is what grouping the rows gives.

The cells are exact for one data stamp: ``refresh_day_cells`` rebuilds them from the rows (after
a write, only the days that changed: insights/day_cell_diff.py) and records the creator's stamp,
and a build uses them only while that is still the creator's stamp (every writer of pieces or
scores changes it: storage/data_version.py). A writer that does not call ``refresh_day_cells``
leaves cells that are never read; builds then group the rows as before.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, NamedTuple, cast

from sqlalchemy import (
    Date,
    Table,
    and_,
    bindparam,
    case,
    delete,
    event,
    exists,
    func,
    insert,
    literal_column,
    or_,
    select,
    true,
    union_all,
    update,
)
from sqlalchemy import cast as cast_
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, SessionTransaction

from insights.day_cell_rows import Cell, delete_days, replace_cells
from insights.rate_sums import SUMMED, cell_sums, resummed, row_terms
from storage.bulk import refresh_statistics
from storage.models import DAY_CELLS, ContentPerformance, ContentPiece, Creator, DayCellVersion

_CELLS = DAY_CELLS
_VERSIONS = cast(Table, DayCellVersion.__table__)
_CREATORS = cast(Table, Creator.__table__)
_PIECES = cast(Table, ContentPiece.__table__)
_PERF = cast(Table, ContentPerformance.__table__)
_DAY = timedelta(days=1)
SENTINEL_BUCKET = -1
# session.info: creators whose cells this transaction rebuilt once their scores were stored.
_REBUILT = "day_cells_rebuilt"
_READ_PERFORMANCE = (
    "views",
    "reach",
    "engagement_rate",
    "performance_score",
    "retention_rate",
    "performance_category",
    "is_provisional",
)
ANALYZE_FROM = 256  # cells of one creator from which a rebuild that grew them analyses
# How cells not current are made so, under the creator row's lock: (session, creator, its stamp).
Rebuild = Callable[[Session, uuid.UUID, uuid.UUID | None], None]


def verdict(pp: Any) -> Any:
    """A judged piece's category; NULL for a provisional or not yet categorised one."""
    return case((pp.is_provisional.is_(False), pp.performance_category), else_=None)


_STATE = (
    select(
        _CREATORS.c.timezone,
        _CREATORS.c.data_version,
        _VERSIONS.c.creator_id.label("cells_of"),
        _VERSIONS.c.data_version.label("cells_version"),
    )
    .select_from(_CREATORS.outerjoin(_VERSIONS, _VERSIONS.c.creator_id == _CREATORS.c.id))
    .where(_CREATORS.c.id == bindparam("creator"))
)


def cells_current(session: Session, creator_id: uuid.UUID) -> bool:
    """Whether the creator's day cells hold its current data stamp (builds then read them)."""
    row = session.connection().execute(_STATE, {"creator": creator_id}).first()
    return _current(row)


def _current(row: Any) -> bool:
    return row is not None and row.cells_of is not None and row.cells_version == row.data_version


def refresh_day_cells(
    session: Session, creator_id: uuid.UUID, rebuild: Rebuild | None = None
) -> bool:
    """Rebuild the creator's day cells from its rows unless they hold its current data stamp
    (``rebuild``: how, when not all of them; insights/day_cell_diff.py).

    Call it after a transaction's last write to the creator's pieces or scores (a later write
    changes the stamp, and builds then read rows until the next call). True when it rebuilt.
    """
    connection = session.connection()
    # The creator row's lock keeps two rebuilds of one creator from interleaving.
    locked = _STATE.with_for_update(of=_CREATORS)
    row = connection.execute(locked, {"creator": creator_id}).first()
    if row is None or _current(row):
        return False
    (rebuild or rebuild_cells)(session, creator_id, row.data_version)
    return True


def keeps_cells(session: Session, full: bool) -> bool:
    """Whether a refresh keeps the cells current: every refresh after a write (insights.refresh
    rebuilds them while its pattern tests run), and the full refresh on PostgreSQL. SQLite's
    full refresh leaves them to the next write's: at 100,000 pieces the rebuild cost it 0.6 s
    (past its 10 s target), and builds read the rows meanwhile, correct and about 2× slower."""
    return not full or session.connection().dialect.name == "postgresql"


def scores_stored(
    session: Session, creator_id: uuid.UUID, full: bool, rebuild: Rebuild | None = None
) -> None:
    """What a refresh calls once its scores and themes are stored: the cells are rebuilt then
    (by ``rebuild`` if given), not after the patterns (the refresh writes only insights after
    this point, so they stay exact); ``after_refresh`` then only records the last stamp."""
    if keeps_cells(session, full):
        refresh_day_cells(session, creator_id, rebuild)
        session.info.setdefault(_REBUILT, set()).add(creator_id)


def after_refresh(session: Session, creator_id: uuid.UUID, *, full: bool) -> bool:
    """What a refresh calls last: the cells made current where ``keeps_cells`` says (rebuilt
    unless ``scores_stored`` built them in this transaction, then only stamped)."""
    rebuilt = session.info.get(_REBUILT, set())
    if creator_id in rebuilt:
        rebuilt.discard(creator_id)
        _restamp(session, creator_id)
        return False
    return keeps_cells(session, full) and refresh_day_cells(session, creator_id)


@event.listens_for(Session, "after_soft_rollback")
@event.listens_for(Session, "after_transaction_end")
def _forget_rebuilt(session: Session, transaction: SessionTransaction) -> None:
    """Cells rebuilt in a transaction rolled back (or ended) are no longer this one's to stamp."""
    if transaction.parent is None or not transaction.is_active:
        session.info.pop(_REBUILT, None)


def _restamp(session: Session, creator_id: uuid.UUID) -> None:
    """Record the creator's current stamp on cells built earlier in this transaction."""
    connection = session.connection()
    row = connection.execute(_STATE.with_for_update(of=_CREATORS), {"creator": creator_id}).first()
    if row is not None and row.cells_of is not None and not _current(row):
        cells_of = update(_VERSIONS).where(_VERSIONS.c.creator_id == creator_id)
        connection.execute(cells_of.values(data_version=row.data_version))


def rebuild_cells(
    session: Session,
    creator_id: uuid.UUID,
    stamp: uuid.UUID | None,
    days: Sequence[date] | None = None,
    kept: int = 0,
    cells: Sequence[Cell] | None = None,
    before: Collection[Cell] | None = None,
) -> None:
    """Rebuild the creator's cells (only those of ``days`` if given; ``kept`` other cells stay)
    from its rows, or make ``cells`` those days' (exact sums, the days' cells ``before`` if
    known: insights/day_cell_rows.py), and record ``stamp`` as theirs."""
    connection = session.connection()
    if cells is not None:
        old, new = replace_cells(session, creator_id, days, cells, before)
    elif days is None or days:
        old = delete_days(connection, creator_id, days)
        new = _inserted(connection, creator_id, days)
    else:
        old = new = 0
    old, new = old + kept, new + kept
    connection.execute(delete(_VERSIONS).where(_VERSIONS.c.creator_id == creator_id))
    connection.execute(insert(_VERSIONS).values(creator_id=creator_id, data_version=stamp))
    if new >= ANALYZE_FROM and new.bit_length() > max(old, 0).bit_length():
        # Grown past a power of two: without fresh statistics PostgreSQL plans the build's
        # GROUP BY over the cells as a sort of a few rows (no-op on SQLite).
        refresh_statistics(session, (_CELLS,))


def _inserted(connection: Connection, creator_id: uuid.UUID, days: Sequence[date] | None) -> int:
    """Insert the creator's cells (of ``days``) grouped from its rows: how many."""
    params: dict[str, Any] = {"creator_id": creator_id}
    if days is not None:
        # The span of the days bounds the pieces read (by their creator and publication index).
        lo, hi = datetime.combine(min(days), time(), UTC), datetime.combine(max(days), time(), UTC)
        params.update(days=list(days), lo=lo, hi=hi + _DAY)
    statement = _rebuild_statement(connection.dialect.name, days is not None)
    return int(connection.execute(statement, params).rowcount)


@lru_cache(maxsize=8)
def _rebuild_statement(dialect: str, some_days: bool) -> Any:
    pc, pp = _PIECES.c, _PERF.c
    day = _utc_day(pc.published_at, dialect)
    keys = (pc.creator_id, day, pc.platform, pc.theme, verdict(pp))
    grouped = (
        select(*keys, *cell_sums(pp, dialect), func.min(pc.published_at))
        .select_from(_PIECES.join(_PERF, pp.content_id == pc.id))
        .where(pc.creator_id == bindparam("creator_id"))
        .group_by(*(literal_column(str(i + 1)) for i in range(len(keys))))
    )
    if some_days:
        span = and_(pc.published_at >= bindparam("lo"), pc.published_at < bindparam("hi"))
        grouped = grouped.where(span, day.in_(bindparam("days", expanding=True, type_=Date)))
    names = ["creator_id", "day", "platform", "theme", "verdict", *SUMMED, "first_published"]
    # SQLAlchemy keeps an INSERT's row count only when asked.
    return insert(_CELLS).from_select(names, grouped).execution_options(preserve_rowcount=True)


def _utc_day(instant: Any, dialect: str) -> Any:
    if dialect == "sqlite":
        return func.date(instant)  # stored as naive UTC text: its first ten characters
    return cast_(func.timezone("UTC", instant), Date)


class Split(NamedTuple):
    """How a build's windows fall on UTC days: whole days come from cells, cut days from rows."""

    day_start: date | None  # the first whole day read from cells (None: from the first)
    thresholds: list[date]  # per tested boundary: the first whole day at or after it
    cut_days: list[date]  # days a boundary cuts (read as rows)

    def params(self) -> dict[str, Any]:
        """The statement's parameters for these days."""
        found: dict[str, Any] = {"day_start": self.day_start}
        found.update((f"d{i}", d) for i, d in enumerate(self.thresholds))
        for k, d in enumerate(self.cut_days):
            found[f"cut{k}"] = d
            found[f"lo{k}"] = datetime.combine(d, time(), UTC)
            found[f"hi{k}"] = datetime.combine(d + _DAY, time(), UTC)
        return found


def split(tested: Sequence[datetime], start: datetime | None) -> Split:
    """The whole days and cut days of windows starting at ``start`` split at ``tested``."""
    cut = sorted({_day(x) for x in (start, *tested) if x is not None and not _midnight(x)})
    return Split(
        None if start is None else _first_whole_day(start),
        [_first_whole_day(b) for b in tested],
        cut,
    )


def _day(instant: datetime) -> date:
    return instant.astimezone(UTC).date()


def _midnight(instant: datetime) -> bool:
    return instant.astimezone(UTC).time() == time()


def _first_whole_day(instant: datetime) -> date:
    day = _day(instant)
    return day if _midnight(instant) else day + _DAY


def cell_rows(
    session: Session,
    creator_id: uuid.UUID,
    tested: Sequence[datetime],
    *,
    start: datetime | None,
    platform: str | None,
    stamp: uuid.UUID | None,
) -> list[Any] | None:
    """The rows of ``aggregates.bucketed_totals``'s GROUP BY, summed from the cells and the cut
    days' rows; None when the cells do not hold ``stamp`` (the creator's stamp read before) in
    the statement's own snapshot (out of date, or a writer committed since the stamp was read):
    the caller then groups the rows."""
    days = split(tested, start)
    connection = session.connection()
    shape = (len(tested), start is not None, platform is not None, len(days.cut_days))
    stmt = _cells_statement(*shape, connection.dialect.name)
    params: dict[str, Any] = {"creator_id": creator_id, "start": start, "platform": platform}
    params.update((f"b{i}", b) for i, b in enumerate(tested))
    params.update(days.params(), stamp=stamp)
    rows = list(connection.execute(stmt, params))
    kept = [r for r in rows if r[3] != SENTINEL_BUCKET]
    return kept if len(kept) < len(rows) else None


@lru_cache(maxsize=32)
def _cells_statement(
    tested: int, has_start: bool, has_platform: bool, cuts: int, dialect: str
) -> Any:
    """Cells of the whole days UNION ALL the cut days' rows (one row each) UNION ALL a sentinel
    row present only while the cells hold the stamp, grouped as the rows would be."""
    # Out-of-date cells cost one look at the stamps: the other parts run only when it passes.
    valid = exists(_holds_stamp(select(literal_column("1"))))
    parts = [_whole_days(tested, has_start, has_platform, cuts).where(valid), _sentinel()]
    if cuts:
        parts.insert(1, _cut_day_rows(tested, has_start, has_platform, cuts, dialect).where(valid))
    u = union_all(*parts).subquery()
    keys = (u.c.platform, u.c.theme, u.c.verdict, u.c.bucket)
    return select(*keys, *resummed(u.c, dialect), func.min(u.c.first_published)).group_by(*keys)


def _bucket(column: Any, prefix: str, tested: int) -> Any:
    """How many of the ascending parameters ``{prefix}0..`` the column is at or after."""
    latest_first: list[Any] = [
        (column >= bindparam(f"{prefix}{i}"), literal_column(str(i + 1)))
        for i in reversed(range(tested))
    ]
    zero: Any = literal_column("0")
    return case(*latest_first, else_=zero) if latest_first else zero


def _whole_days(tested: int, has_start: bool, has_platform: bool, cuts: int) -> Any:
    dc = _CELLS.c
    columns = [dc[name] for name in SUMMED]
    stmt = select(
        dc.platform,
        dc.theme,
        dc.verdict,
        _bucket(dc.day, "d", tested).label("bucket"),
        *columns,
        dc.first_published,
    ).where(dc.creator_id == bindparam("creator_id"))
    if has_start:
        stmt = stmt.where(dc.day >= bindparam("day_start", type_=Date))
    if cuts:
        stmt = stmt.where(dc.day.not_in([bindparam(f"cut{k}", type_=Date) for k in range(cuts)]))
    if has_platform:
        stmt = stmt.where(dc.platform == bindparam("platform"))
    return stmt


def _cut_day_rows(tested: int, has_start: bool, has_platform: bool, cuts: int, dialect: str) -> Any:
    pc, pp = _PIECES.c, cast(Any, _PERF.c)
    joined: Any = _PIECES.join(_PERF, pp.content_id == pc.id)
    if dialect == "postgresql":
        # A few hundred pieces: PostgreSQL would hash the creator's every performance row to
        # join them; a lateral lookup per piece (LIMIT keeps it from being flattened back into a
        # join; content_id is unique) walks the content_id index instead.
        wanted = [pp[name] for name in _READ_PERFORMANCE]
        one = select(*wanted).where(pp.content_id == pc.id).limit(1).lateral("p")
        joined, pp = _PIECES.join(one, true()), one.c
    in_cut_day = [
        and_(pc.published_at >= bindparam(f"lo{k}"), pc.published_at < bindparam(f"hi{k}"))
        for k in range(cuts)
    ]
    stmt = (
        select(
            pc.platform,
            pc.theme,
            verdict(pp),
            _bucket(pc.published_at, "b", tested),
            *row_terms(pp, dialect),
            pc.published_at,
        )
        .select_from(joined)
        .where(pc.creator_id == bindparam("creator_id"), or_(*in_cut_day))
    )
    if has_start:
        stmt = stmt.where(pc.published_at >= bindparam("start"))
    if has_platform:
        stmt = stmt.where(pc.platform == bindparam("platform"))
    return stmt


def _sentinel() -> Any:
    """One row while the creator's cells hold the stamp read before the build, and still its
    current stamp in this statement's snapshot; none otherwise."""
    null: Any = literal_column("NULL")
    zeros: list[Any] = [literal_column("0") for _ in SUMMED]
    return _holds_stamp(
        select(null, null, null, literal_column(str(SENTINEL_BUCKET)), *zeros, null)
    )


def _holds_stamp(stmt: Any) -> Any:
    v, c = _VERSIONS.c, _CREATORS.c
    return stmt.select_from(_VERSIONS.join(_CREATORS, c.id == v.creator_id)).where(
        v.creator_id == bindparam("creator_id"),
        v.data_version == bindparam("stamp"),
        c.data_version == v.data_version,
    )
