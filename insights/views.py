"""The read side of the insights engine: every view other layers call, in one place.

All views are scoped by ``creator_id``; times are in the creator's timezone; nothing is
recomputed per request except small SQL aggregates over stored scores.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from insights.content import content_detail, list_content
from insights.dashboard import build_dashboard, platform_comparison
from insights.insight_rows import creator_insights
from insights.piece_queries import creator_zone
from insights.themes import list_themes
from insights.view_models import (
    Comparison,
    ContentDetail,
    ContentPage,
    Dashboard,
    Insight,
    Metrics,
    Pattern,
    PerformanceBlock,
    PieceSummary,
    PlatformStat,
    Summary,
    ThemeStat,
)
from storage.models import ContentPiece

TIMING_PREFIXES = ("slot:", "hours:", "days:")

__all__ = [
    "Comparison",
    "ContentDetail",
    "ContentPage",
    "Dashboard",
    "Insight",
    "Metrics",
    "Pattern",
    "PerformanceBlock",
    "PieceSummary",
    "PlatformStat",
    "PostingWindows",
    "Summary",
    "ThemeStat",
    "build_dashboard",
    "content_count",
    "content_detail",
    "creator_patterns",
    "creator_recommendations",
    "list_content",
    "list_themes",
    "platform_comparison",
    "posting_windows",
]


@dataclass(frozen=True)
class PostingWindows:
    """The best and worst posting windows found in the creator's data (None: none stands out)."""

    timezone: str
    best: Pattern | None
    worst: Pattern | None


def content_count(session: Session, creator_id: uuid.UUID) -> int:
    """How many pieces the creator has (0: nothing to score yet)."""
    stmt = (
        select(func.count()).select_from(ContentPiece).where(ContentPiece.creator_id == creator_id)
    )
    return int(session.scalar(stmt) or 0)


def creator_patterns(session: Session, creator_id: uuid.UUID) -> list[Pattern]:
    """The creator-level patterns found in the data, most important first."""
    creator_zone(session, creator_id)
    return [i for i in creator_insights(session, creator_id) if i.insight_type == "pattern"]


def creator_recommendations(session: Session, creator_id: uuid.UUID) -> list[Insight]:
    """What the patterns suggest doing next, most important first."""
    creator_zone(session, creator_id)
    return [i for i in creator_insights(session, creator_id) if i.insight_type == "recommendation"]


def posting_windows(session: Session, creator_id: uuid.UUID) -> PostingWindows:
    """The best and worst posting windows, in the creator's timezone."""
    tz_name, _ = creator_zone(session, creator_id)
    timing = [
        p
        for p in creator_patterns(session, creator_id)
        if (p.pattern_key or "").startswith(TIMING_PREFIXES)
    ]
    best = next((p for p in timing if p.is_positive), None)
    worst = next((p for p in timing if not p.is_positive), None)
    return PostingWindows(timezone=tz_name, best=best, worst=worst)
