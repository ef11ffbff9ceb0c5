"""Metric history: a snapshot of a piece's figures per age bucket, so history stays bounded.

A snapshot's bucket is the piece's age when it was taken: one per hour for the first 48 hours,
one per day until day 90, one per week after. A later snapshot in the same bucket replaces the
earlier one (the newest figures of each bucket are kept), and one whose figures did not change
since the piece's last snapshot is not written. So a piece has at most
48 + 88 + ceil((age - 90 days) / 7 days) rows: 176 after a year, 228 after two.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.data_version import touch
from storage.models import MetricSnapshot
from storage.owner_test import owned_by
from storage.row_ids import new_ids

SNAPSHOTS = cast(Table, MetricSnapshot.__table__)
HOURLY_UNTIL = timedelta(hours=48)
DAILY_UNTIL = timedelta(days=90)
_DAY_BASE = 1_000
_WEEK_BASE = 10_000
CHUNK = 500
FIGURES = ("views", "likes", "comments", "shares", "watch_time_hours")


@dataclass(frozen=True)
class Figures:
    """A piece's lifetime figures at one instant (None: the platform did not say)."""

    content_id: uuid.UUID
    published_at: datetime
    views: int
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    watch_time_hours: float | None = None
    extra: dict[str, Any] | None = field(default=None, compare=False)

    def values(self) -> tuple[Any, ...]:
        """The figures in FIGURES order."""
        return (self.views, self.likes, self.comments, self.shares, self.watch_time_hours)


@dataclass(frozen=True)
class Point:
    """One stored snapshot of one piece."""

    taken_at: datetime
    views: int
    likes: int | None
    comments: int | None


def bucket_of(age: timedelta) -> int:
    """The bucket a snapshot taken at this age falls in (hours, then days, then weeks)."""
    age = max(age, timedelta(0))
    if age < HOURLY_UNTIL:
        return int(age // timedelta(hours=1))
    if age < DAILY_UNTIL:
        return _DAY_BASE + int(age // timedelta(days=1))
    return _WEEK_BASE + int(age // timedelta(days=7))


def max_rows(age: timedelta) -> int:
    """The most snapshot rows a piece of this age can have (the stated bound)."""
    hours = min(age, HOURLY_UNTIL) // timedelta(hours=1)
    days = max(min(age, DAILY_UNTIL) - HOURLY_UNTIL, timedelta(0)) // timedelta(days=1)
    rest = max(age - DAILY_UNTIL, timedelta(0))
    weeks = -(-rest // timedelta(days=7)) if rest else 0
    return int(hours + days + weeks) + 1


def record_snapshots(
    session: Session, creator_id: uuid.UUID, figures: Sequence[Figures], *, now: datetime
) -> int:
    """Append (or replace, within a bucket) a snapshot of every piece whose figures changed."""
    written = 0
    for start in range(0, len(figures), CHUNK):
        chunk = figures[start : start + CHUNK]
        latest = _latest(session, [f.content_id for f in chunk])
        rows = [_row(creator_id, f, now) for f in chunk if latest.get(f.content_id) != f.values()]
        written += _upsert(session, rows)
    return written


def _row(creator_id: uuid.UUID, figures: Figures, now: datetime) -> dict[str, Any]:
    row = dict(zip(FIGURES, figures.values(), strict=True))
    row.update(
        extra=figures.extra,
        content_id=figures.content_id,
        creator_id=creator_id,
        bucket=bucket_of(now - figures.published_at),
        taken_at=now,
    )
    return row


def _upsert(session: Session, rows: list[dict[str, Any]]) -> int:
    if not rows:
        return 0
    for row, row_id in zip(rows, new_ids(len(rows)), strict=True):
        row["id"] = row_id
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(SNAPSHOTS)
    statement = statement.on_conflict_do_update(
        index_elements=["content_id", "bucket"],
        set_={name: statement.excluded[name] for name in (*FIGURES, "taken_at", "extra")},
    )
    session.execute(statement, rows)
    # Views built on history (growth) renew; no piece's own columns changed.
    touch(session, {row["creator_id"] for row in rows}, pieces=())
    return len(rows)


def _latest(session: Session, content_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, tuple[Any, ...]]:
    """The figures of each piece's newest snapshot."""
    s = SNAPSHOTS.c
    ids = list(content_ids)
    newest = (
        select(s.content_id, func.max(s.bucket).label("bucket"))
        .where(s.content_id.in_(ids))
        .group_by(s.content_id)
        .subquery()
    )
    query = select(s.content_id, *(s[name] for name in FIGURES)).join(
        newest, (newest.c.content_id == s.content_id) & (newest.c.bucket == s.bucket)
    )
    return {row[0]: tuple(row[1:]) for row in session.execute(query)}


def history(session: Session, creator_id: uuid.UUID, content_id: uuid.UUID) -> list[Point]:
    """Every stored snapshot of one of the creator's pieces, oldest first."""
    s = SNAPSHOTS.c
    query = (
        select(s.taken_at, s.views, s.likes, s.comments)
        .where(owned_by(s.creator_id, creator_id, by_id=True), s.content_id == content_id)
        .order_by(s.taken_at)
    )
    return [Point(*row) for row in session.execute(query)]


def histories(
    session: Session, creator_id: uuid.UUID, content_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Point]]:
    """The snapshots of several of the creator's pieces, oldest first, by piece."""
    s = SNAPSHOTS.c
    found: dict[uuid.UUID, list[Point]] = {cid: [] for cid in content_ids}
    for start in range(0, len(content_ids), CHUNK):
        chunk = content_ids[start : start + CHUNK]  # found by their ids, not the creator's index
        query = (
            select(s.content_id, s.taken_at, s.views, s.likes, s.comments)
            .where(owned_by(s.creator_id, creator_id, by_id=True), s.content_id.in_(chunk))
            .order_by(s.content_id, s.taken_at)
        )
        for row in session.execute(query):
            found[row[0]].append(Point(*row[1:]))
    return found


def views_at(points: Sequence[Point], instant: datetime) -> int | None:
    """Views at ``instant``, interpolated between the snapshots around it (None outside them)."""
    before = [p for p in points if p.taken_at <= instant]
    after = [p for p in points if p.taken_at >= instant]
    if not before or not after:
        return None
    low, high = before[-1], after[0]
    if high.taken_at == low.taken_at:
        return low.views
    share = (instant - low.taken_at) / (high.taken_at - low.taken_at)
    return round(low.views + share * (high.views - low.views))


def record_history(
    session: Session,
    creator_id: uuid.UUID,
    content_id: uuid.UUID,
    published_at: datetime,
    points: Sequence[tuple[datetime, int]],
) -> int:
    """Store a whole made-up history at once (the simulator): one row per point's bucket."""
    rows = [
        _row(creator_id, Figures(content_id, published_at, views=views), taken_at)
        for taken_at, views in points
    ]
    return _upsert(session, rows)
