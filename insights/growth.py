"""Growth from metric history: a piece's curve, the creator's typical first 48 hours, pieces
still gaining, and period-over-period growth.

A piece's curve is compared at the same age (views after h hours) with the typical curve of the
creator's pieces published nearest it in time, its own era, as scoring compares with the era
(docs/SCORING.md §1).

Everything reads the snapshots sync writes (storage/snapshots.py); a creator without history
gets empty answers, never invented figures.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from statistics import median

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from insights.view_cache import Entry, ViewCache
from storage.data_version import read_state
from storage.errors import NotFound
from storage.models import ContentPiece, MetricSnapshot
from storage.snapshots import HOURLY_UNTIL, Point, history, views_at

MIN_PIECES_FOR_TYPICAL = 3
TYPICAL_FROM_NEWEST = 100  # the creator's usual now, and a bounded read however big the catalogue
STILL_GAINING_AGE = timedelta(days=30)
STILL_GAINING_SHARE = 0.05  # at least 5 % more views within the week
_NEWEST = (ContentPiece.published_at.desc(), ContentPiece.id.desc())
# Pieces older than 90 days keep one snapshot a week: look back far enough to bracket a mark.
LOOK_BACK = timedelta(days=8)
CHUNK = 500
Series = dict[uuid.UUID, list[Point]]  # a piece's snapshots, oldest first


@dataclass(frozen=True)
class Growth:
    """One piece's views by hours since publishing, beside the creator's typical curve."""

    number: int
    title: str
    hours: tuple[float, ...]
    views: tuple[int, ...]
    typical: dict[int, float]  # hour since publishing → median views of the creator's pieces

    def versus_typical(self) -> tuple[int, float, float] | None:
        """(hour, views, typical views) at the latest hour both know, or None."""
        for hour, views in zip(reversed(self.hours), reversed(self.views), strict=True):
            typical = self.typical.get(int(hour))
            if typical:
                return int(hour), views, typical
        return None


def piece_by_number(session: Session, creator_id: uuid.UUID, number: int) -> ContentPiece:
    """The creator's piece of that number (NotFound when there is none)."""
    piece = session.scalars(
        select(ContentPiece).where(
            ContentPiece.creator_id == creator_id, ContentPiece.number == number
        )
    ).one_or_none()
    if piece is None:
        raise NotFound(f"there is no piece {number}")
    return piece


def piece_growth(session: Session, creator_id: uuid.UUID, number: int) -> Growth:
    """The piece's history and the creator's typical first-48-hour curve."""
    piece = piece_by_number(session, creator_id, number)
    points = history(session, creator_id, piece.id)
    hours = tuple((p.taken_at - piece.published_at) / timedelta(hours=1) for p in points)
    return Growth(
        number=number,
        title=piece.title,
        hours=hours,
        views=tuple(p.views for p in points),
        typical=typical_first_hours(
            session, creator_id, exclude=piece.id, around=piece.published_at
        ),
    )


def typical_first_hours(
    session: Session,
    creator_id: uuid.UUID,
    *,
    exclude: uuid.UUID | None = None,
    around: datetime | None = None,
) -> dict[int, float]:
    """Median views at each hour of the first 48 among 100 of the creator's pieces: the newest,
    or (``around``) the 100 published nearest that moment, the piece's own era."""
    s = MetricSnapshot
    ids = era_pieces(session, creator_id, around)
    # The piece left out by id before the query: no snapshot's id is read back (turning ~5,000
    # of them into UUIDs was most of a piece's answer).
    chosen = [i for i in ids if i != exclude]
    query = select(s.bucket, s.views).where(
        s.creator_id == creator_id,
        s.bucket < int(HOURLY_UNTIL / timedelta(hours=1)),
        s.content_id.in_(chosen),
    )
    by_hour: dict[int, list[int]] = defaultdict(list)
    for bucket, views in session.execute(query):
        by_hour[bucket].append(views)
    return {
        hour: float(median(values))
        for hour, values in sorted(by_hour.items())
        if len(values) >= MIN_PIECES_FOR_TYPICAL
    }


def era_pieces(session: Session, creator_id: uuid.UUID, around: datetime | None) -> list[uuid.UUID]:
    """The creator's newest pieces, or those published nearest ``around`` (ties: older, id)."""
    c, n = ContentPiece, TYPICAL_FROM_NEWEST
    mine = select(c.id, c.published_at).where(c.creator_id == creator_id)
    if around is None:
        return list(session.scalars(mine.with_only_columns(c.id).order_by(*_NEWEST).limit(n)))
    before = mine.where(c.published_at <= around).order_by(*_NEWEST).limit(n)
    after = mine.where(c.published_at > around).order_by(c.published_at, c.id).limit(n)
    rows = [*session.execute(before), *session.execute(after)]
    rows.sort(key=lambda r: (abs(_aware(r[1]) - _aware(around)), _aware(r[1]), r[0]))
    return [r[0] for r in rows[:n]]


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Gaining:
    """An older piece whose views still grew this week."""

    number: int
    title: str
    views: int
    gained: int
    platform: str = ""


def still_gaining(session: Session, creator_id: uuid.UUID, *, now: datetime) -> list[Gaining]:
    """Pieces older than 30 days that gained at least 5 % more views in the last 7 days."""
    series = _series_since(session, creator_id, now - timedelta(days=7) - LOOK_BACK)
    return _gaining(session, creator_id, series, now)


def _gaining(
    session: Session, creator_id: uuid.UUID, series: Series, now: datetime
) -> list[Gaining]:
    gains = _gains(series, now - timedelta(days=7), now)
    c, found = ContentPiece, []
    ids = list(gains)
    for begin in range(0, len(ids), CHUNK):  # only the growing pieces: usually a handful
        query = select(c.id, c.number, c.title, c.platform).where(
            c.creator_id == creator_id,
            c.id.in_(ids[begin : begin + CHUNK]),
            c.published_at <= now - STILL_GAINING_AGE,
        )
        for row in session.execute(query):
            latest, gained = gains[row.id]
            found.append(Gaining(row.number, row.title, latest, gained, row.platform))
    return sorted(found, key=lambda g: (-g.gained, g.number))


def _gains(series: Series, week_ago: datetime, now: datetime) -> dict[uuid.UUID, tuple[int, int]]:
    """Pieces that gained at least 5 % since ``week_ago``: their views now and what they gained."""
    found = {}
    for content_id, points in series.items():
        then, latest = views_at(points, week_ago), held(points, now)
        if then and latest is not None and latest - then >= then * STILL_GAINING_SHARE:
            found[content_id] = (latest, latest - then)
    return found


def held(points: Sequence[Point], instant: datetime) -> int | None:
    """Views at ``instant``; after the last snapshot, its views.

    A sync snapshots every piece whose figures changed, so no newer snapshot means no change.
    """
    if points and instant >= points[-1].taken_at:
        return points[-1].views
    return views_at(points, instant)


def views_gained(
    session: Session, creator_id: uuid.UUID, *, start: datetime, end: datetime
) -> int | None:
    """Views the creator's pieces gained between two instants (None: no history spans them)."""
    return _gained(_series_since(session, creator_id, start - LOOK_BACK), start, end)


def views_gained_by(
    session: Session, creator_id: uuid.UUID, windows: Sequence[tuple[datetime, datetime]]
) -> list[tuple[int | None, int]]:
    """``views_gained`` over each (start, end) window, and how many pieces history let it
    count, from one read of history."""
    if not windows:
        return []
    series = _series_since(session, creator_id, min(s for s, _ in windows) - LOOK_BACK)
    return [_gained_by(series, start, end) for start, end in windows]


def pieces_with_history(
    session: Session, creator_id: uuid.UUID, *, start: datetime, end: datetime
) -> int:
    """How many pieces have a snapshot between ``start`` (less the look-back) and ``end``: at
    most that many can be counted by ``views_gained_by``."""
    s = MetricSnapshot
    query = select(func.count(func.distinct(s.content_id))).where(
        s.creator_id == creator_id, s.taken_at >= start - LOOK_BACK, s.taken_at <= end
    )
    return int(session.scalar(query) or 0)


def _gained(series: Series, start: datetime, end: datetime) -> int | None:
    return _gained_by(series, start, end)[0]


def _gained_by(series: Series, start: datetime, end: datetime) -> tuple[int | None, int]:
    total, counted = 0, 0
    for points in series.values():
        before, after = _at_start(points, start), held(points, end)
        if before is not None and after is not None:
            total, counted = total + after - before, counted + 1
    return (total if counted else None), counted


def _at_start(points: Sequence[Point], start: datetime) -> int | None:
    """Views at ``start``; 0 when the first known figure after it is 0 (views never fall, and a
    piece published after ``start`` starts at 0)."""
    found = views_at(points, start)
    if found is None and points and points[0].taken_at > start and points[0].views == 0:
        return 0
    return found


def trend(session: Session, creator_id: uuid.UUID, *, now: datetime, days: int = 7) -> float | None:
    """Views gained in the last ``days`` against the ``days`` before, as a change in percent."""
    series = _series_since(session, creator_id, now - timedelta(days=2 * days) - LOOK_BACK)
    return _change(*_weeks(series, now, days))


def _weeks(series: Series, now: datetime, days: int) -> tuple[int | None, int | None]:
    span = timedelta(days=days)
    return _gained(series, now - span, now), _gained(series, now - 2 * span, now - span)


def _change(this: int | None, last: int | None) -> float | None:
    if this is None or not last:
        return None
    return 100 * (this - last) / last


@dataclass(frozen=True)
class GrowthSummary:
    """The dashboard's growth section: this week's views against last week's, pieces still
    gaining. ``has_history`` is False for a creator no sync (or demo) has given a snapshot."""

    has_history: bool
    this_week: int | None
    last_week: int | None
    change: float | None  # percent, None when either week is unknown or last week had none
    gaining: tuple[Gaining, ...]


GROWTH_CACHE = ViewCache()
HOUR = timedelta(hours=1)


def cached_growth_summary(
    session: Session, creator_id: uuid.UUID, *, now: datetime
) -> GrowthSummary:
    """``growth_summary`` for the weeks ending at the last full hour, cached per data stamp
    until the next hour (a hit is exactly what a rebuild would return: the dashboard asks on
    every overview, and reading the history costs tens of milliseconds for a big catalogue)."""
    hour = now.replace(minute=0, second=0, microsecond=0)
    state = read_state(session, creator_id)
    stamp = None if state is None else state[1]
    found = GROWTH_CACHE.get(creator_id, stamp, now)
    if found is None:
        found = growth_summary(session, creator_id, now=hour)
        GROWTH_CACHE.put(creator_id, Entry(stamp, hour, hour + HOUR, found))
    return found


def growth_summary(session: Session, creator_id: uuid.UUID, *, now: datetime) -> GrowthSummary:
    """This week against last week and the pieces still gaining, from one read of history."""
    series = _series_since(session, creator_id, now - timedelta(days=14) - LOOK_BACK)
    if not series:
        return GrowthSummary(_any_history(session, creator_id), None, None, None, ())
    this, last = _weeks(series, now, 7)
    gaining = _gaining(session, creator_id, series, now)
    return GrowthSummary(True, this, last, _change(this, last), tuple(gaining))


def _any_history(session: Session, creator_id: uuid.UUID) -> bool:
    query = select(MetricSnapshot.id).where(MetricSnapshot.creator_id == creator_id).limit(1)
    return session.scalar(query) is not None


def _series_since(session: Session, creator_id: uuid.UUID, since: datetime) -> Series:
    """Each piece's snapshots since ``since``; a piece published since then starts at 0 views
    at its publishing instant, so what it gained in a week counts from nothing."""
    s, c = MetricSnapshot, ContentPiece
    query = (
        select(s.content_id, s.taken_at, s.views, c.published_at)
        .join(c, c.id == s.content_id)
        .where(s.creator_id == creator_id, s.taken_at >= since)
        .order_by(s.content_id, s.taken_at)
    )
    found: Series = defaultdict(list)
    for content_id, taken_at, views, published_at in session.execute(query):
        points = found[content_id]
        if not points and published_at >= since and published_at < taken_at:
            points.append(Point(published_at, 0, None, None))
        points.append(Point(taken_at, views, None, None))
    return found
