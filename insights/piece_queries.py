"""The columns and filters every piece list shares (dashboard, content list)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Select, Table, select
from sqlalchemy.orm import Session

from insights.view_models import Insight, PerformanceBlock, PieceSummary
from storage.errors import NotFound
from storage.models import ContentPerformance, ContentPiece, Creator

P = ContentPerformance
Rows = Select[*tuple[Any, ...]]
C = ContentPiece
PIECES = cast(Table, C.__table__)
PERFORMANCE = cast(Table, P.__table__)


def summary_select() -> Rows:
    """Piece and performance columns a summary needs, joined."""
    return select(
        C.id,
        C.number,
        C.title,
        C.platform,
        C.content_type,
        C.theme,
        C.published_at,
        C.publish_time_known,
        P.performance_score,
        P.percentile_rank,
        P.performance_category,
        P.views,
        P.engagement_rate,
        P.retention_rate,
        P.is_provisional,
    ).join(P, P.content_id == C.id)


def summary_core() -> Rows:
    """``summary_select`` in Core over the tables: cheaper to execute where the ORM adds
    nothing (the dashboard's prebuilt statements)."""
    pc, pp = PIECES.c, PERFORMANCE.c
    return select(
        pc.id,
        pc.number,
        pc.title,
        pc.platform,
        pc.content_type,
        pc.theme,
        pc.published_at,
        pc.publish_time_known,
        pp.performance_score,
        pp.percentile_rank,
        pp.performance_category,
        pp.views,
        pp.engagement_rate,
        pp.retention_rate,
        pp.is_provisional,
    ).select_from(PIECES.join(PERFORMANCE, pp.content_id == pc.id))


def scoped(
    stmt: Rows,
    creator_id: uuid.UUID,
    *,
    since: datetime | None = None,
    platform: str | None = None,
    by_score: bool = False,
) -> Rows:
    """``stmt`` limited to one creator, and optionally a period start and a platform.

    ``by_score`` scopes by the performance row's owner instead of the piece's (the same rows),
    which steers the planner to the (creator, score) index for score-ordered walks.
    """
    stmt = stmt.where((P.creator_id if by_score else C.creator_id) == creator_id)
    if since is not None:
        stmt = stmt.where(C.published_at >= since)
    if platform is not None:
        stmt = stmt.where(C.platform == platform)
    return stmt


def judged_select(*columns: Any, creator_id: uuid.UUID, platform: str | None = None) -> Rows:
    """``columns`` of the creator's judged pieces (scored, not provisional), on one platform or
    all: what every comparison of scores reads."""
    stmt = select(*columns).select_from(C).join(P, P.content_id == C.id)
    stmt = stmt.where(P.performance_score.is_not(None), P.is_provisional.is_(False))
    return scoped(stmt, creator_id, platform=platform)


def to_summary(row: Any, tz: ZoneInfo, insights: list[Insight] | None = None) -> PieceSummary:
    """A PieceSummary from a ``summary_select`` row, with the time in ``tz``."""
    return PieceSummary(
        id=str(row.id),
        number=row.number,
        title=row.title,
        platform=row.platform,
        content_type=row.content_type,
        theme=row.theme,
        published_at=row.published_at.astimezone(tz),
        publish_time_known=row.publish_time_known,
        performance=PerformanceBlock(
            performance_score=row.performance_score,
            percentile_rank=row.percentile_rank,
            performance_category=row.performance_category,
            views=row.views,
            engagement_rate=_round(row.engagement_rate),
            retention_rate=row.retention_rate,
            is_provisional=row.is_provisional,
        ),
        insights=insights or [],
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def creator_zone(session: Session, creator_id: uuid.UUID) -> tuple[str, ZoneInfo]:
    """The creator's timezone name and zone; NotFound for an unknown creator."""
    name = session.scalar(select(Creator.timezone).where(Creator.id == creator_id))
    if name is None:
        raise NotFound("creator not found")
    return name, ZoneInfo(name)
