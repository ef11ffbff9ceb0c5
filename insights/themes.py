"""Theme aggregates: stored by every refresh into content_themes, read by the views."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from insights.piece_columns import PieceColumns
from insights.piece_queries import creator_zone
from insights.score_columns import ScoreColumns
from insights.theme_sums import theme_sums
from insights.view_models import ThemeStat
from storage.models import ContentPerformance, ContentPiece, ContentTheme, new_id

P = ContentPerformance
C = ContentPiece
T = ContentTheme


def refresh_themes(
    session: Session,
    creator_id: uuid.UUID,
    now: datetime,
    columns: PieceColumns,
    scores: ScoreColumns,
) -> int:
    """Store the creator's theme aggregates from a refresh's columns and the scores it stored;
    returns the theme count."""
    rows = []
    for theme, sums in theme_sums(session, creator_id, columns, scores).items():
        rate, score = sums.averages()
        rows.append(
            {
                "id": new_id(),
                "creator_id": creator_id,
                "theme": theme,
                "content_count": sums.pieces,
                "total_views": sums.views,
                "avg_engagement_rate": round(rate, 4),
                "avg_performance_score": round(score, 4),
                "updated_at": now,
            }
        )
    session.execute(delete(T).where(T.creator_id == creator_id))
    if rows:
        session.execute(insert(T), rows)
    return len(rows)


def list_themes(session: Session, creator_id: uuid.UUID) -> list[ThemeStat]:
    """The creator's themes, best average score first."""
    creator_zone(session, creator_id)
    stmt = (
        select(T)
        .where(T.creator_id == creator_id)
        .order_by(T.avg_performance_score.desc(), T.theme)
    )
    return [
        ThemeStat(
            theme=t.theme,
            content_count=t.content_count,
            total_views=t.total_views,
            avg_engagement_rate=round(t.avg_engagement_rate, 2),
            avg_performance_score=round(t.avg_performance_score, 2),
        )
        for t in session.scalars(stmt)
    ]


def known_themes(session: Session, creator_id: uuid.UUID) -> list[str]:
    """The distinct themes of the creator's pieces, alphabetically."""
    stmt = (
        select(C.theme)
        .where(C.creator_id == creator_id, C.theme.is_not(None))
        .distinct()
        .order_by(C.theme)
    )
    return [t for t in session.scalars(stmt) if t is not None]
