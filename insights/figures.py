"""Any stored figure over a period, platform, format and theme: total, average, median or count,
and its direction against the period before.

The pieces counted are the dashboard's (a piece with a performance row, published inside the
span), so "views in the last 30 days on TikTok" equals the dashboard's total for that period
and platform. A figure a piece does not report (reach on a platform that has none) is left out
of the sum, the average and the median, and the answer says how many pieces reported it; with
none reporting it, the figure is unknown (None), never 0.
"""

from __future__ import annotations

import statistics
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from insights.aggregates import TREND_THRESHOLD
from insights.filters import check_platform
from insights.periods import Span, resolve_span
from insights.piece_queries import creator_zone, summary_select, to_summary
from insights.view_models import PieceSummary
from storage.errors import InvalidInput
from storage.models import ContentPerformance, ContentPiece

P, C = ContentPerformance, ContentPiece
# figure → (column, kind): "sum" figures add up, "rate" figures only average.
FIGURES: dict[str, tuple[Any, str]] = {
    "views": (P.views, "sum"),
    "reach": (P.reach, "sum"),
    "impressions": (P.impressions, "sum"),
    "likes": (P.likes, "sum"),
    "comments": (P.comments, "sum"),
    "shares": (P.shares, "sum"),
    "saves": (P.saves, "sum"),
    "followers": (P.followers_gained, "sum"),
    "watch_time": (P.watch_time_hours, "sum"),
    "engagement": (P.engagement_rate, "rate"),
    "retention": (P.retention_rate, "rate"),
    "score": (P.performance_score, "rate"),
    "pieces": (None, "count"),
}
STATS = ("total", "average", "median", "count")


@dataclass(frozen=True)
class Scope:
    """Which pieces: a platform, a format (content type) and a theme, each optional."""

    platform: str | None = None
    content_type: str | None = None
    theme: str | None = None


@dataclass(frozen=True)
class Figure:
    """One figure over one span: its value (None: unknown), the pieces and how many reported it."""

    span: Span
    value: float | None
    pieces: int
    reported: int


@dataclass(frozen=True)
class FigureAnswer:
    """The asked figure now and in the span it is compared with, and the direction."""

    figure: str
    stat: str
    scope: Scope
    current: Figure
    previous: Figure | None
    change: float | None  # relative change against the previous span (0.12 = up 12 %)
    direction: str | None  # up | down | flat; None when there is nothing to compare


def default_stat(figure: str) -> str:
    """What a bare question about a figure means: rates average, counts count, others add up."""
    kind = FIGURES[figure][1]
    return {"rate": "average", "count": "count"}.get(kind, "total")


def figure_stat(
    session: Session,
    creator_id: uuid.UUID,
    figure: str,
    *,
    stat: str | None = None,
    period: str = "30d",
    scope: Scope | None = None,
    now: datetime,
) -> FigureAnswer:
    """The figure for the period and scope, compared with the period before."""
    figure, stat = _checked(figure, stat)
    scope = scope or Scope()
    scope = Scope(check_platform(scope.platform), scope.content_type, scope.theme)
    _, tz = creator_zone(session, creator_id)
    span = resolve_span(period, now, tz)
    current = _figure(session, creator_id, figure, stat, scope, span)
    previous = None
    if span.previous is not None:
        previous = _figure(session, creator_id, figure, stat, scope, span.previous)
    change = relative_change(previous.value if previous else None, current.value)
    return FigureAnswer(figure, stat, scope, current, previous, change, direction_of(change))


def published_pieces(
    session: Session,
    creator_id: uuid.UUID,
    *,
    period: str,
    scope: Scope | None = None,
    now: datetime,
    limit: int = 10,
) -> list[PieceSummary]:
    """The pieces "pieces published" counts for the period and scope, newest first (at most
    ``limit``): "what did I post yesterday" names them."""
    scope = scope or Scope()
    scope = Scope(check_platform(scope.platform), scope.content_type, scope.theme)
    _, tz = creator_zone(session, creator_id)
    span = resolve_span(period, now, tz)
    stmt = summary_select().where(*_where(creator_id, scope, span))
    stmt = stmt.order_by(C.published_at.desc(), C.number.desc()).limit(limit)
    return [to_summary(row, tz) for row in session.execute(stmt)]


def _checked(figure: str, stat: str | None) -> tuple[str, str]:
    figure = figure.strip().lower()
    if figure not in FIGURES:
        raise InvalidInput(f"unknown figure {figure[:30]!r}: use {', '.join(FIGURES)}")
    stat = (stat or default_stat(figure)).strip().lower()
    if stat not in STATS:
        raise InvalidInput(f"unknown statistic {stat[:30]!r}: use {', '.join(STATS)}")
    kind = FIGURES[figure][1]
    if kind == "count" or stat == "count":
        return figure, "count"
    if kind == "rate" and stat == "total":
        return figure, "average"  # a total of rates means nothing; their average does
    return figure, stat


def _figure(
    session: Session, creator_id: uuid.UUID, figure: str, stat: str, scope: Scope, span: Span
) -> Figure:
    """One span's figure, aggregated in SQL (a median reads the span's known values alone)."""
    column = FIGURES[figure][0]
    counted = column if column is not None else C.number
    where = _where(creator_id, scope, span)
    joined = C.__table__.join(P.__table__, P.content_id == C.id)
    pieces, reported, total = session.execute(
        select(func.count(), func.count(counted), func.sum(counted))
        .select_from(joined)
        .where(*where)
    ).one()
    if stat == "count":
        return Figure(span, float(pieces), pieces, pieces)
    if not reported:
        return Figure(span, None, pieces, 0)
    if stat == "median":
        known = session.scalars(
            select(counted).select_from(joined).where(*where, counted.is_not(None))
        ).all()
        return Figure(span, float(statistics.median(float(v) for v in known)), pieces, reported)
    value = float(total) if stat == "total" else float(total) / reported
    return Figure(span, value, pieces, reported)


def _where(creator_id: uuid.UUID, scope: Scope, span: Span) -> list[Any]:
    """The conditions of one span and scope (the dashboard's: a piece with a performance row)."""
    where: list[Any] = [C.creator_id == creator_id]
    if span.start is not None:
        where.append(C.published_at >= span.start)
    if span.end is not None:
        where.append(C.published_at < span.end)
    if scope.platform:
        where.append(C.platform == scope.platform)
    if scope.content_type:
        where.append(C.content_type == scope.content_type.lower())
    if scope.theme:
        where.append(func.lower(C.theme) == scope.theme.lower())
    return where


def relative_change(before: float | None, after: float | None) -> float | None:
    """(after - before) / before, or None when either is unknown or before is 0."""
    if before is None or after is None or before == 0:
        return None
    return (after - before) / before


def direction_of(change: float | None) -> str | None:
    """up, down or flat by the dashboard's trend threshold."""
    if change is None:
        return None
    if change > TREND_THRESHOLD:
        return "up"
    if change < -TREND_THRESHOLD:
        return "down"
    return "flat"
