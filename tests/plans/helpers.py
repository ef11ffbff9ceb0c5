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
        return create_creator(session, handle, timezone=timezone, now=NOW).id


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
        created_at=NOW,
        updated_at=NOW,
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
                updated_at=NOW,
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
        created_at=NOW,
    )
    session.add(row)
    session.flush()
    return row


SUCCESS, FAILURE, PATTERN = "success_factor", "failure_factor", "pattern"


def seed(db: Database) -> uuid.UUID:
    """Mia: piece 1 a hit, piece 2 a flop, piece 3 plain; her patterns; Bo's own pattern."""
    mia, bo = new_creator(db, "mia"), new_creator(db, "bo")
    with db.unit_of_work() as s:
        hit = add_piece(
            s,
            mia,
            title="Color grading guide",
            views=48_000,
            engagement_rate=7.2,
            score=92,
            category="overperforming",
        )
        flop = add_piece(
            s,
            mia,
            title="Late night vlog",
            theme="vlogs",
            views=2_000,
            engagement_rate=1.1,
            score=12,
            category="underperforming",
        )
        add_piece(s, mia, title="Plain", views=10_000, engagement_rate=4.0)
        add_piece(s, mia, title="Also plain", views=12_000, engagement_rate=3.0)
        add_insight(
            s,
            mia,
            hit.id,
            insight_type=SUCCESS,
            pattern_key="slot:thu:14-17",
            title="Perfect timing",
            description="Posted Thu 14-17 h: 2.1x your median",
            impact_level="high",
            confidence=0.9,
        )
        add_insight(
            s,
            mia,
            hit.id,
            insight_type=SUCCESS,
            pattern_key="theme:tutorials",
            title="Tutorials lead",
            description="Tutorials get 1.8x your median views",
        )
        add_insight(
            s,
            mia,
            hit.id,
            insight_type=SUCCESS,
            pattern_key="retention:strong_hook",
            title="Strong hook",
            description="62 % retention vs your 41 %",
            impact_level="low",
        )
        add_insight(
            s,
            mia,
            flop.id,
            insight_type=FAILURE,
            pattern_key="slot:sun:23-05",
            title="Posted late on Sunday",
            description="Sun 23-05 h: 0.4x your median",
            impact_level="high",
            is_positive=False,
        )
        add_insight(
            s,
            mia,
            flop.id,
            insight_type=FAILURE,
            pattern_key="retention:weak_hook",
            title="Weak hook",
            description="22 % retention vs your 41 %",
            impact_level="high",
            confidence=0.8,
            is_positive=False,
        )
        add_insight(
            s,
            mia,
            flop.id,
            insight_type=FAILURE,
            pattern_key="engagement:low",
            title="Few comments",
            description="1.1 % engagement vs your 4 %",
            is_positive=False,
        )
        add_insight(
            s,
            mia,
            None,
            insight_type=PATTERN,
            pattern_key="slot:mon+thu:14-17",
            title="Mon and Thu afternoons work",
            description="1.9x median",
            impact_level="high",
        )
        add_insight(
            s,
            mia,
            None,
            insight_type=PATTERN,
            pattern_key="format:short",
            title="Shorts travel further",
            description="1.5x median",
        )
        add_insight(
            s,
            bo,
            None,
            insight_type=PATTERN,
            pattern_key="format:long",
            title="Bo's long-form pattern",
            description="x",
            impact_level="high",
        )
    return mia
