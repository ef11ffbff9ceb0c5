"""Metric histories for demo pieces, so demo mode shows growth charts and first-hours curves.

A demo piece's views are read off straight lines through what the simulator decided: none at
publishing, its 24 h and 48 h views when known, its views now. The snapshots are taken at the
instants a sync would have kept (storage/snapshots.py: hourly, daily, weekly); only the
creator's ``NEWEST`` most recent pieces get one, so a million-piece demo stays small.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import ContentPerformance, ContentPiece
from storage.snapshots import DAILY_UNTIL, HOURLY_UNTIL, record_history

NEWEST = 200
Knots = list[tuple[float, float]]


def write_histories(session: Session, creator_id: uuid.UUID, *, now: datetime) -> int:
    """Snapshots for the creator's newest demo pieces; how many rows were written."""
    c, p = ContentPiece, ContentPerformance
    query = (
        select(c.id, c.published_at, p.views, p.views_24h, p.views_48h)
        .join(p, p.content_id == c.id)
        .where(c.creator_id == creator_id, c.is_demo.is_(True), c.published_at < now)
        .order_by(c.published_at.desc())
        .limit(NEWEST)
    )
    written = 0
    for content_id, published, views, day, two_days in session.execute(query).all():
        if views is None:
            continue
        knots = _knots(now - published, views, day, two_days)
        points = [
            (at, round(_views_at(knots, (at - published) / HOUR)))
            for at in _instants(published, now)
        ]
        written += record_history(session, creator_id, content_id, published, points)
    return written


HOUR = timedelta(hours=1)


def _knots(age: timedelta, views: int, day: int | None, two_days: int | None) -> Knots:
    knots: Knots = [(0.0, 0.0)]
    for hours, value in ((24.0, day), (48.0, two_days)):
        if value is not None and age / HOUR > hours and value >= knots[-1][1]:
            knots.append((hours, float(min(value, views))))
    knots.append((age / HOUR, float(max(views, knots[-1][1]))))
    return knots


def _views_at(knots: Knots, hours: float) -> float:
    for (h0, v0), (h1, v1) in itertools.pairwise(knots):
        if hours <= h1:
            return v0 + (v1 - v0) * (hours - h0) / (h1 - h0) if h1 > h0 else v1
    return knots[-1][1]


def _instants(published: datetime, now: datetime) -> Iterator[datetime]:
    """The last instant of every bucket a sync would have kept, up to now."""
    for step, start, end in (
        (HOUR, HOUR, HOURLY_UNTIL),
        (timedelta(days=1), HOURLY_UNTIL, DAILY_UNTIL),
    ):
        at = published + start
        while at - published < end and at <= now:
            yield at
            at += step
    at = published + DAILY_UNTIL
    while at <= now:
        yield at
        at += timedelta(days=7)
