"""Theme aggregates: refreshed on ingest into content_themes, read by the views."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from insights.piece_queries import creator_zone
from insights.view_models import ThemeStat
from storage.models import ContentPerformance, ContentPiece, ContentTheme, new_id

P = ContentPerformance
C = ContentPiece
T = ContentTheme


def refresh_themes(session: Session, creator_id: uuid.UUID, now: datetime) -> int:
    """Recompute the creator's theme aggregates from the stored scores; returns the theme count."""
    stmt = (
        select(
            C.theme,
            func.count(),
            func.coalesce(func.sum(P.views), 0),
            func.coalesce(func.avg(P.engagement_rate), 0.0),
            func.coalesce(func.avg(P.performance_score), 0.0),
        )
        .join(P, P.content_id == C.id)
        .where(C.creator_id == creator_id, C.theme.is_not(None))
        .group_by(C.theme)
    )
    rows = [
        {
            "id": new_id(),
            "creator_id": creator_id,
            "theme": theme,
            "content_count": count,
            "total_views": int(views),
            "avg_engagement_rate": round(float(rate), 4),
            "avg_performance_score": round(float(score), 4),
            "updated_at": now,
        }
        for theme, count, views, rate, score in session.execute(stmt)
    ]
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
