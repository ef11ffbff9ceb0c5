"""The piece a superlative names: best, worst, latest, oldest, most viewed, most commented …

"Best" and "worst" rank by performance score among judged pieces (too-recent pieces only when
no judged piece is in scope); the others rank by the named figure, with pieces that do not
report it left out. ``rank`` 1 is the extreme piece, 2 the runner-up ("my last two videos").
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from insights.figures import FIGURES, Scope
from insights.filters import check_platform
from insights.periods import resolve_span
from insights.piece_queries import creator_zone
from storage.errors import InvalidInput, NotFound
from storage.models import ContentPerformance, ContentPiece

P, C = ContentPerformance, ContentPiece
ORDERS = ("score", "published", *[f for f, (column, _) in FIGURES.items() if column is not None])
MAX_RANK = 20


@dataclass(frozen=True)
class Ranked:
    """The piece found, the figure it was ranked by and its value there."""

    number: int
    title: str
    by: str
    value: Any


def extreme_piece(
    session: Session,
    creator_id: uuid.UUID,
    *,
    by: str,
    lowest: bool = False,
    scope: Scope | None = None,
    period: str = "all",
    rank: int = 1,
    now: datetime,
) -> Ranked:
    """The creator's piece at ``rank`` by ``by`` (highest first unless ``lowest``)."""
    if by not in ORDERS:
        raise InvalidInput(f"unknown ranking {by[:30]!r}: use {', '.join(ORDERS)}")
    if not 1 <= rank <= MAX_RANK:
        raise InvalidInput(f"rank must be between 1 and {MAX_RANK}")
    column = _column(by)
    stmt = _scoped(session, creator_id, column, scope or Scope(), period, now)
    order = column.asc() if lowest else column.desc()
    stmt = stmt.where(column.is_not(None)).order_by(order, C.number.desc())
    if by == "score":
        judged = session.execute(stmt.where(P.is_provisional.is_(False)).offset(rank - 1).limit(1))
        row = judged.first() or session.execute(stmt.offset(rank - 1).limit(1)).first()
    else:
        row = session.execute(stmt.offset(rank - 1).limit(1)).first()
    if row is None:
        raise NotFound("You have no piece in that scope yet.")
    return Ranked(row[0], row[1], by, row[2])


def _column(by: str) -> Any:
    if by == "score":
        return P.performance_score
    if by == "published":
        return C.published_at
    return FIGURES[by][0]


def _scoped(
    session: Session, creator_id: uuid.UUID, column: Any, scope: Scope, period: str, now: datetime
) -> Select[Any]:
    stmt = (
        select(C.number, C.title, column)
        .join(P, P.content_id == C.id)
        .where(C.creator_id == creator_id)
    )
    if period != "all":
        span = resolve_span(period, now, creator_zone(session, creator_id)[1])
        if span.start is not None:
            stmt = stmt.where(C.published_at >= span.start)
        if span.end is not None:
            stmt = stmt.where(C.published_at < span.end)
    platform = check_platform(scope.platform)
    if platform:
        stmt = stmt.where(C.platform == platform)
    if scope.content_type:
        stmt = stmt.where(C.content_type == scope.content_type)
    return stmt
