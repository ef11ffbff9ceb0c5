"""Same-age comparison from metric history: a piece's views at 7 or 30 days against the views
its era's pieces had at that age.

Lifetime totals grow with a piece's age; the snapshots sync writes (storage/snapshots.py) say
what each piece had at a given age, so an older piece is not ahead for having had longer. The
era is the 100 pieces published nearest the piece (``insights.growth.era_pieces``), as the typical
first-hours curve. The read is bounded: one snapshot per piece per age, for at most 100 pieces.
A piece's views at d days are those of its newest snapshot taken before it was d + 1 days old,
when one was taken within the week before (snapshots are written only when figures change);
pieces without one are left out, never counted as 0.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from insights.growth import era_pieces
from storage.models import ContentPiece, MetricSnapshot
from storage.snapshots import DAILY_UNTIL, bucket_of

AGES = (30, 7)  # days, the longer first: the comparison shown is the latest age a piece reached
MIN_PEERS = 5
FRESH = 7  # a snapshot older than this many days before the age does not vouch for it


@dataclass(frozen=True)
class SameAge:
    """A piece's views at ``days`` old against the median of its era's pieces at that age."""

    days: int
    views: int
    typical: float
    peers: int


def same_age(
    session: Session,
    creator_id: uuid.UUID,
    content_id: uuid.UUID,
    published_at: datetime,
    *,
    now: datetime,
) -> SameAge | None:
    """The comparison at the latest of ``AGES`` the piece has reached and has history for."""
    peers = [p for p in era_pieces(session, creator_id, published_at) if p != content_id]
    for days in AGES:
        if now - published_at < timedelta(days=days):
            continue
        found = views_at_age(session, creator_id, [content_id, *peers], days)
        own, others = found.get(content_id), [v for p, v in found.items() if p != content_id]
        if own is not None and len(others) >= MIN_PEERS:
            return SameAge(days, own, float(median(others)), len(others))
    return None


def views_at_age(
    session: Session, creator_id: uuid.UUID, content_ids: list[uuid.UUID], days: int
) -> dict[uuid.UUID, int]:
    """Each piece's views when it was ``days`` old (pieces without fresh history left out)."""
    return _at_age(session, creator_id, days, MetricSnapshot.content_id.in_(content_ids))


def views_at_age_published(
    session: Session,
    creator_id: uuid.UUID,
    published: tuple[datetime, datetime],
    days: int,
    platform: str | None = None,
) -> dict[uuid.UUID, int]:
    """``views_at_age`` for every piece published in [start, end) (on ``platform``), in one
    query (no id list) driven from the pieces' (creator, published) index."""
    c, s = ContentPiece, MetricSnapshot
    found = (
        select(s.content_id, func.max(s.bucket).label("bucket"))
        .select_from(c)
        .join(s, s.content_id == c.id)
        .where(c.creator_id == creator_id, c.published_at >= published[0])
        .where(c.published_at < published[1], *_buckets(days))
        .group_by(s.content_id)
    )
    if platform is not None:
        found = found.where(c.platform == platform)
    return _views_of(session, found.subquery())


def _at_age(
    session: Session, creator_id: uuid.UUID, days: int, among: ColumnElement[bool]
) -> dict[uuid.UUID, int]:
    s = MetricSnapshot
    newest = (
        select(s.content_id, func.max(s.bucket).label("bucket"))
        .where(s.creator_id == creator_id, among, *_buckets(days))
        .group_by(s.content_id)
        .subquery()
    )
    return _views_of(session, newest)


def _buckets(days: int) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """The daily buckets that vouch for a piece's views at ``days`` old."""
    if timedelta(days=days) >= DAILY_UNTIL:
        raise ValueError("ages are read from the daily snapshots (under 90 days)")
    s = MetricSnapshot
    last = bucket_of(timedelta(days=days))
    return s.bucket <= last, s.bucket >= bucket_of(timedelta(days=max(days - FRESH, 2)))


def _views_of(session: Session, newest: Any) -> dict[uuid.UUID, int]:
    """Each piece's views in the bucket ``newest`` chose for it."""
    s = MetricSnapshot
    query = select(s.content_id, s.views).join(
        newest, and_(newest.c.content_id == s.content_id, newest.c.bucket == s.bucket)
    )
    return {row[0]: int(row[1]) for row in session.execute(query)}
