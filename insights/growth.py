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
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from statistics import median

from sqlalchemy import select
from sqlalchemy.orm import Session

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


def _piece(session: Session, creator_id: uuid.UUID, number: int) -> ContentPiece:
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
    piece = _piece(session, creator_id, number)
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
    ids = _era_pieces(session, creator_id, around)
    query = select(s.content_id, s.bucket, s.views).where(
        s.creator_id == creator_id,
        s.bucket < int(HOURLY_UNTIL / timedelta(hours=1)),
        s.content_id.in_(ids),
    )
    by_hour: dict[int, list[int]] = defaultdict(list)
    for content_id, bucket, views in session.execute(query):
        if content_id != exclude:
            by_hour[bucket].append(views)
    return {
        hour: float(median(values))
        for hour, values in sorted(by_hour.items())
        if len(values) >= MIN_PIECES_FOR_TYPICAL
    }


def _era_pieces(
    session: Session, creator_id: uuid.UUID, around: datetime | None
) -> list[uuid.UUID]:
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


def still_gaining(session: Session, creator_id: uuid.UUID, *, now: datetime) -> list[Gaining]:
    """Pieces older than 30 days that gained at least 5 % more views in the last 7 days."""
    week_ago = now - timedelta(days=7)
    series = _series_since(session, creator_id, week_ago - LOOK_BACK)
    pieces = {
        p.id: p
        for p in session.scalars(
            select(ContentPiece).where(
                ContentPiece.creator_id == creator_id,
                ContentPiece.id.in_(list(series)),
                ContentPiece.published_at <= now - STILL_GAINING_AGE,
            )
        )
    }
    found = []
    for content_id, points in series.items():
        piece, then = pieces.get(content_id), views_at(points, week_ago)
        if piece is None or then is None or not then:
            continue
        gained = points[-1].views - then
        if gained >= then * STILL_GAINING_SHARE:
            found.append(Gaining(piece.number, piece.title, points[-1].views, gained))
    return sorted(found, key=lambda g: -g.gained)


def views_gained(
    session: Session, creator_id: uuid.UUID, *, start: datetime, end: datetime
) -> int | None:
    """Views the creator's pieces gained between two instants (None: no history spans them)."""
    series = _series_since(session, creator_id, start - LOOK_BACK)
    total, known = 0, False
    for points in series.values():
        before, after = views_at(points, start), views_at(points, end)
        if before is not None and after is not None:
            total, known = total + after - before, True
    return total if known else None


def trend(session: Session, creator_id: uuid.UUID, *, now: datetime, days: int = 7) -> float | None:
    """Views gained in the last ``days`` against the ``days`` before, as a change in percent."""
    span = timedelta(days=days)
    this = views_gained(session, creator_id, start=now - span, end=now)
    last = views_gained(session, creator_id, start=now - 2 * span, end=now - span)
    if this is None or not last:
        return None
    return 100 * (this - last) / last


def _series_since(
    session: Session, creator_id: uuid.UUID, since: datetime
) -> dict[uuid.UUID, list[Point]]:
    s = MetricSnapshot
    query = (
        select(s.content_id, s.taken_at, s.views, s.likes, s.comments)
        .where(s.creator_id == creator_id, s.taken_at >= since)
        .order_by(s.content_id, s.taken_at)
    )
    found: dict[uuid.UUID, list[Point]] = defaultdict(list)
    for row in session.execute(query):
        found[row[0]].append(Point(*row[1:]))
    return found
