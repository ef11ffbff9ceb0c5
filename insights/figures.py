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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from insights.aggregates import TREND_THRESHOLD
from insights.filters import check_platform
from insights.periods import Span, resolve_span
from insights.piece_queries import creator_zone
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
STAT_FUNCTIONS: dict[str, Callable[[list[float]], float]] = {
    "total": lambda values: float(sum(values)),
    "average": statistics.fmean,
    "median": lambda values: float(statistics.median(values)),
}


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
    spans = [span] + ([span.previous] if span.previous else [])
    rows = _values(session, creator_id, figure, scope, spans)
    current = _figure(span, [v for at, v in rows if _inside(at, span)], figure, stat)
    previous = None
    if span.previous is not None:
        before = [v for at, v in rows if _inside(at, span.previous)]
        previous = _figure(span.previous, before, figure, stat)
    change = relative_change(previous.value if previous else None, current.value)
    return FigureAnswer(figure, stat, scope, current, previous, change, direction_of(change))


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


def _values(
    session: Session, creator_id: uuid.UUID, figure: str, scope: Scope, spans: list[Span]
) -> list[tuple[datetime, float | None]]:
    """(published_at, value) of every scoped piece inside any of the spans, in one read."""
    column = FIGURES[figure][0]
    stmt = (
        select(C.published_at, column if column is not None else C.number)
        .join(P, P.content_id == C.id)
        .where(C.creator_id == creator_id)
    )
    starts = [s.start for s in spans]
    if all(start is not None for start in starts):
        stmt = stmt.where(C.published_at >= min(s for s in starts if s is not None))
    if scope.platform:
        stmt = stmt.where(C.platform == scope.platform)
    if scope.content_type:
        stmt = stmt.where(C.content_type == scope.content_type.lower())
    if scope.theme:
        stmt = stmt.where(func.lower(C.theme) == scope.theme.lower())
    return [(at, value) for at, value in session.execute(stmt)]


def _inside(at: datetime, span: Span) -> bool:
    return (span.start is None or at >= span.start) and (span.end is None or at < span.end)


def _figure(span: Span, values: list[Any], figure: str, stat: str) -> Figure:
    known = [float(v) for v in values if v is not None]
    if stat == "count":
        return Figure(span, float(len(values)), len(values), len(values))
    if not known:
        return Figure(span, None, len(values), 0)
    return Figure(span, float(STAT_FUNCTIONS[stat](known)), len(values), len(known))


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
