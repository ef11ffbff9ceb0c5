"""One read of everything the engine needs about a creator's pieces, in a single query."""

from __future__ import annotations

import sys
import uuid
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from insights.baseline import ScoreInput
from insights.metrics import engagement_rate, format_class, high_intent
from insights.records import MetricsRecord, PieceRecord
from storage.models import ContentPerformance, ContentPiece


@dataclass(frozen=True, slots=True)
class StoredScore:
    """The score as it is stored now (so unchanged rows are not rewritten)."""

    performance_score: float | None
    percentile_rank: float | None
    performance_category: str | None
    is_provisional: bool


@dataclass(frozen=True, slots=True)
class PieceRow:
    """A scored-or-scoreable piece with the extra facts patterns look at."""

    performance_id: uuid.UUID
    number: int
    title: str
    theme: str | None
    content_type: str
    publish_time_known: bool
    likes: int | None  # None: not reported
    comments: int | None
    shares: int | None
    saves: int | None
    score_input: ScoreInput
    stored: StoredScore

    @property
    def content_id(self) -> uuid.UUID:
        """The piece's id."""
        return self.score_input.content_id

    @property
    def platform(self) -> str:
        """Where it was published."""
        return self.score_input.platform

    @property
    def format_class(self) -> str:
        """short, long or static."""
        return self.score_input.format_class

    @property
    def published_at(self) -> datetime:
        """Publication instant (UTC)."""
        return self.score_input.published_at


LOAD_BATCH = 2000
_COLUMNS = (
    ContentPerformance.id.label("performance_id"),
    ContentPiece.id.label("content_id"),
    ContentPiece.number,
    ContentPiece.title,
    ContentPiece.theme,
    ContentPiece.platform,
    ContentPiece.content_type,
    ContentPiece.duration_seconds,
    ContentPiece.published_at,
    ContentPiece.publish_time_known,
    ContentPerformance.views,
    ContentPerformance.likes,
    ContentPerformance.comments,
    ContentPerformance.shares,
    ContentPerformance.saves,
    ContentPerformance.reach,
    ContentPerformance.engagement_rate,
    ContentPerformance.retention_rate,
    ContentPerformance.views_24h,
    ContentPerformance.likes_24h,
    ContentPerformance.performance_score,
    ContentPerformance.percentile_rank,
    ContentPerformance.performance_category,
    ContentPerformance.is_provisional,
)


def load_rows(
    session: Session, creator_id: uuid.UUID, *, platform: str | None = None
) -> list[PieceRow]:
    """Every piece of the creator (or of one platform) with performance figures, oldest first."""
    stmt = (
        select(*_COLUMNS)
        .join(ContentPiece, ContentPiece.id == ContentPerformance.content_id)
        .where(ContentPerformance.creator_id == creator_id)
        .order_by(ContentPiece.published_at, ContentPiece.number)
    )
    if platform is not None:
        stmt = stmt.where(ContentPiece.platform == platform)
    # A piece with neither views nor reach reported has no audience to score: left out, not 0.
    stmt = stmt.where(
        or_(ContentPerformance.views.is_not(None), ContentPerformance.reach.is_not(None))
    )
    # Streamed: only a batch of driver rows is held beside the PieceRows built from them.
    result = session.execute(stmt.execution_options(yield_per=LOAD_BATCH))
    return [_row(r) for r in result]


def audience(views: int | None, reach: int | None) -> int:
    """Views, or reach for pieces whose views are unknown or 0 (older Instagram tables)."""
    if views or not reach:
        return views or 0
    return reach


def _rate(r: Any) -> float | None:
    if r.engagement_rate is not None:
        return float(r.engagement_rate)
    metrics = MetricsRecord(
        views=r.views,
        likes=r.likes,
        comments=r.comments,
        shares=r.shares,
        saves=r.saves,
        reach=r.reach,
    )
    return engagement_rate(r.platform, metrics)


def _shared(text: str | None) -> str | None:
    # Platforms, themes, formats and categories repeat on every row: one string each, not one
    # per row, saves ~200 bytes a piece (the refresh holds every row of the creator at once).
    return None if text is None else sys.intern(text)


def _row(r: Any) -> PieceRow:
    score_input = ScoreInput(
        content_id=r.content_id,
        platform=sys.intern(r.platform),
        format_class=format_class(r.content_type, r.duration_seconds),
        published_at=r.published_at,
        views=audience(r.views, r.reach),
        engagement_rate=_rate(r),
        retention_rate=r.retention_rate,
        high_intent=high_intent(r.shares, r.saves),
        reach=r.reach,
        views_24h=r.views_24h,
        likes_24h=r.likes_24h,
    )
    return PieceRow(
        performance_id=r.performance_id,
        number=r.number,
        title=r.title,
        theme=_shared(r.theme),
        content_type=sys.intern(r.content_type),
        publish_time_known=r.publish_time_known,
        likes=r.likes,
        comments=r.comments,
        shares=r.shares,
        saves=r.saves,
        score_input=score_input,
        stored=StoredScore(
            r.performance_score,
            r.percentile_rank,
            _shared(r.performance_category),
            r.is_provisional,
        ),
    )


def row_from_record(record: PieceRecord, number: int) -> PieceRow:
    """The row a stored ``record`` would load as (unscored), without storage: for what-ifs."""
    m = record.metrics
    values = {
        "performance_id": uuid.uuid4(),
        "content_id": uuid.uuid4(),
        "number": number,
        "title": record.title,
        "theme": record.theme,
        "platform": str(record.platform),
        "content_type": record.content_type,
        "duration_seconds": record.duration_seconds,
        "published_at": record.published_at,
        "publish_time_known": record.publish_time_known,
        "engagement_rate": engagement_rate(str(record.platform), m),
        "performance_score": None,
        "percentile_rank": None,
        "performance_category": None,
        "is_provisional": False,
    }
    for name in ("views", "likes", "comments", "shares", "saves", "reach", "retention_rate"):
        values[name] = getattr(m, name)
    values["views_24h"], values["likes_24h"] = m.views_24h, m.likes_24h
    return _row(SimpleNamespace(**values))
