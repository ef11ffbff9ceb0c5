"""Theme aggregates as the views read them (a refresh stores them: insights.theme_sums)."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from insights.piece_queries import creator_zone
from insights.view_models import ThemeStat
from storage.errors import InvalidInput
from storage.models import ContentPiece, ContentTheme

C = ContentPiece
T = ContentTheme


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


def bare_theme(said: str) -> str:
    """'Vlogs', ' vlog ' → 'vlog': a theme is said in the singular as often as the plural."""
    return said.strip().lower().removesuffix("s")


def named_theme(session: Session, creator_id: uuid.UUID, said: str) -> str:
    """The creator's theme ``said`` names (without case, singular or plural); InvalidInput
    naming their themes when it names none."""
    themes = known_themes(session, creator_id)
    found = next((t for t in themes if bare_theme(t) == bare_theme(said)), None)
    if found is None:
        choices = ", ".join(themes) if themes else "none yet"
        raise InvalidInput(f"unknown theme {said.strip()[:40]!r}: your themes are {choices}")
    return found
