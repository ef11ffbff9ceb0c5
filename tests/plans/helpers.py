"""Small factories for plan tests: a creator, pieces with performance, insight rows."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from storage import Database
from storage.creators import create_creator
from storage.models import ContentInsight, ContentPerformance, ContentPiece, Creator

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # a Wednesday


def new_creator(db: Database, handle: str = "mia", timezone: str = "Europe/Berlin") -> uuid.UUID:
    """Create a creator and return its id."""
    with db.unit_of_work() as session:
        return create_creator(session, handle, timezone=timezone).id


def add_piece(
    session: Session,
    creator_id: uuid.UUID,
    *,
    title: str = "How I edit a video in 10 minutes",
    platform: str = "youtube",
    theme: str | None = "tutorials",
    views: int | None = 10_000,
    engagement_rate: float | None = 4.0,
    score: float | None = 50.0,
    category: str | None = "normal",
    retention: float | None = None,
) -> ContentPiece:
    """Add a piece with the creator's next short number (and performance unless views is None)."""
    creator = session.get(Creator, creator_id)
    assert creator is not None
    creator.content_seq += 1
    piece = ContentPiece(
        creator_id=creator_id,
        number=creator.content_seq,
        platform=platform,
        platform_id=f"p{creator.content_seq}-{uuid.uuid4().hex[:6]}",
        content_type="video",
        title=title,
        published_at=datetime(2026, 11, 1, 13, tzinfo=UTC),
        theme=theme,
    )
    session.add(piece)
    session.flush()
    if views is not None:
        session.add(
            ContentPerformance(
                content_id=piece.id,
                creator_id=creator_id,
                views=views,
                engagement_rate=engagement_rate,
                performance_score=score,
                performance_category=category,
                retention_rate=retention,
            )
        )
        session.flush()
    return piece


def add_insight(
    session: Session,
    creator_id: uuid.UUID,
    content_id: uuid.UUID | None,
    *,
    insight_type: str,
    pattern_key: str | None,
    title: str,
    description: str = "",
    impact_level: str = "medium",
    confidence: float = 0.7,
    is_positive: bool = True,
    supporting_data: dict[str, Any] | None = None,
) -> ContentInsight:
    """Add one insight row as the insights engine would write it."""
    row = ContentInsight(
        creator_id=creator_id,
        content_id=content_id,
        insight_type=insight_type,
        pattern_key=pattern_key,
        title=title,
        description=description or f"{title} (supporting numbers)",
        impact_level=impact_level,
        is_positive=is_positive,
        confidence=confidence,
        supporting_data=supporting_data or {},
    )
    session.add(row)
    session.flush()
    return row
