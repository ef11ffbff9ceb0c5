"""Hand-made pieces for insights tests, written straight to storage (no simulator needed)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from insights.refresh import refresh_all
from storage import Database
from storage.creators import create_creator
from storage.models import ContentPerformance, ContentPiece, Creator

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@dataclass
class Spec:
    """One piece and its lifetime figures."""

    views: int = 1000
    likes: int = 50
    comments: int = 5
    shares: int = 2
    saves: int = 3
    platform: str = "youtube"
    content_type: str = "video"
    duration_seconds: int | None = 600
    published_at: datetime = NOW - timedelta(days=30)
    publish_time_known: bool = True
    theme: str | None = "tutorials"
    retention_rate: float | None = 0.4
    reach: int | None = None
    views_24h: int | None = None
    likes_24h: int | None = None
    engagement_rate: float | None = None
    title: str | None = None


def make_creator(session: Session, handle: str = "mia", timezone: str = "UTC") -> Creator:
    """A fresh creator."""
    return create_creator(session, handle, timezone=timezone, now=NOW)


def scored_creator(db: Database, specs: list[Spec]) -> uuid.UUID:
    """A creator holding ``specs``, refreshed in full (scores, ranks and categories stored)."""
    with db.unit_of_work() as s:
        creator = make_creator(s)
        add_pieces(s, creator, specs)
        refresh_all(s, creator.id, NOW)
    return creator.id


def add_pieces(session: Session, creator: Creator, specs: list[Spec]) -> list[uuid.UUID]:
    """Store ``specs`` as the creator's next pieces; returns their ids in order."""
    ids = []
    for spec in specs:
        creator.content_seq += 1
        piece = ContentPiece(
            number=creator.content_seq,
            platform=spec.platform,
            platform_id=f"p{creator.content_seq}",
            content_type=spec.content_type,
            title=spec.title or f"Piece {creator.content_seq}",
            published_at=spec.published_at,
            publish_time_known=spec.publish_time_known,
            theme=spec.theme,
            duration_seconds=spec.duration_seconds,
            created_at=NOW,
            updated_at=NOW,
        )
        piece.creator_id = creator.id
        piece.performance = ContentPerformance(
            creator_id=creator.id,
            views=spec.views,
            likes=spec.likes,
            comments=spec.comments,
            shares=spec.shares,
            saves=spec.saves,
            reach=spec.reach,
            retention_rate=spec.retention_rate,
            views_24h=spec.views_24h,
            likes_24h=spec.likes_24h,
            engagement_rate=spec.engagement_rate,
            updated_at=NOW,
        )
        session.add(piece)
        session.flush()
        ids.append(piece.id)
    return ids
