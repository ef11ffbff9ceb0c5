"""Content pieces, their performance, insights and theme aggregates."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, IdMixin, TimestampMixin

UNSCORED = "views IS NULL AND reach IS NULL"
# PostgreSQL stores a NaN rate and would sum it into the day cells (SQLite stores NULL, and
# compares a number with the text 'NaN' as unequal: its index stays empty).
NAN_RATES = " OR ".join(
    f"{rate} = 'NaN'" for rate in ("engagement_rate", "performance_score", "retention_rate")
)


class ContentPiece(IdMixin, TimestampMixin, Base):
    """One published piece on one platform."""

    __tablename__ = "content_pieces"
    __table_args__ = (
        UniqueConstraint("creator_id", "platform", "platform_id"),
        UniqueConstraint("creator_id", "number"),
        Index("ix_content_pieces_creator_published", "creator_id", "published_at"),
    )

    creator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("creators.id", ondelete="CASCADE"))
    number: Mapped[int]
    platform: Mapped[str] = mapped_column(String(32))
    platform_id: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text, default=None)
    url: Mapped[str | None] = mapped_column(Text, default=None)
    thumbnail_url: Mapped[str | None] = mapped_column(Text, default=None)
    published_at: Mapped[datetime]
    # False when the source gave only a date: timing patterns must not read it as midnight.
    publish_time_known: Mapped[bool] = mapped_column(default=True)
    theme: Mapped[str | None] = mapped_column(String(100), default=None)
    # True when the theme was inferred from the piece's words (re-inferred as pieces arrive);
    # False when the source or the creator gave it.
    theme_inferred: Mapped[bool] = mapped_column(default=False, server_default=false())
    duration_seconds: Mapped[int | None] = mapped_column(default=None)
    follower_count_at_post: Mapped[int | None] = mapped_column(BigInteger, default=None)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    is_demo: Mapped[bool] = mapped_column(default=False)
    source: Mapped[str] = mapped_column(String(32), default="api")

    performance: Mapped[ContentPerformance | None] = relationship(
        back_populates="content", cascade="all, delete-orphan", passive_deletes=True
    )


class ContentPerformance(IdMixin, Base):
    """The metrics of one piece and its score against the creator's own content."""

    __tablename__ = "content_performance"
    __table_args__ = (
        Index("ix_content_performance_creator_score", "creator_id", "performance_score"),
        # Only the few rows the scores cannot use: a refresh finds them without a walk over
        # every row of the creator (migration 0014).
        Index(
            "ix_content_performance_unscored",
            "creator_id",
            sqlite_where=text(UNSCORED),
            postgresql_where=text(UNSCORED),
        ),
        Index(
            "ix_content_performance_nan_rates",
            "creator_id",
            sqlite_where=text(NAN_RATES),
            postgresql_where=text(NAN_RATES),
        ),
    )

    content_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("content_pieces.id", ondelete="CASCADE"), unique=True
    )
    # Denormalised owner, so aggregates scoped to a creator need no join.
    creator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("creators.id", ondelete="CASCADE"))
    # None: the platform did not report views (hidden, or not counted yet) — unknown, never 0.
    views: Mapped[int | None] = mapped_column(BigInteger, default=None)
    impressions: Mapped[int | None] = mapped_column(BigInteger, default=None)
    reach: Mapped[int | None] = mapped_column(BigInteger, default=None)
    # None: not reported (TikTok's Display API has no saves, YouTube hides likes on request,
    # an import's doubtful figure) — unknown, never 0. See insights/availability.py.
    likes: Mapped[int | None] = mapped_column(BigInteger, default=None)
    comments: Mapped[int | None] = mapped_column(BigInteger, default=None)
    shares: Mapped[int | None] = mapped_column(BigInteger, default=None)
    saves: Mapped[int | None] = mapped_column(BigInteger, default=None)
    engagement_rate: Mapped[float | None] = mapped_column(default=None)  # percent, e.g. 4.2
    watch_time_hours: Mapped[float | None] = mapped_column(default=None)
    retention_rate: Mapped[float | None] = mapped_column(default=None)  # fraction 0..1
    avg_view_duration_seconds: Mapped[float | None] = mapped_column(default=None)
    followers_gained: Mapped[int | None] = mapped_column(BigInteger, default=None)
    profile_visits: Mapped[int | None] = mapped_column(BigInteger, default=None)
    views_24h: Mapped[int | None] = mapped_column(BigInteger, default=None)
    likes_24h: Mapped[int | None] = mapped_column(BigInteger, default=None)
    views_48h: Mapped[int | None] = mapped_column(BigInteger, default=None)
    performance_score: Mapped[float | None] = mapped_column(default=None)
    percentile_rank: Mapped[float | None] = mapped_column(default=None)
    performance_category: Mapped[str | None] = mapped_column(String(20), default=None)
    is_provisional: Mapped[bool] = mapped_column(default=False)
    scored_at: Mapped[datetime | None] = mapped_column(default=None)
    updated_at: Mapped[datetime]

    content: Mapped[ContentPiece] = relationship(back_populates="performance")


class ContentInsight(IdMixin, Base):
    """A finding about one piece (content_id set) or about the creator (content_id null)."""

    __tablename__ = "content_insights"
    __table_args__ = (Index("ix_content_insights_creator_content", "creator_id", "content_id"),)

    creator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("creators.id", ondelete="CASCADE"))
    content_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("content_pieces.id", ondelete="CASCADE"), default=None
    )
    insight_type: Mapped[str] = mapped_column(String(50))
    # Stable key of the creator-level pattern behind a piece factor (e.g. "slot:thu:14-17").
    pattern_key: Mapped[str | None] = mapped_column(String(100), default=None)
    title: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text)
    impact_level: Mapped[str] = mapped_column(String(20), default="medium")
    is_positive: Mapped[bool] = mapped_column(default=True)
    confidence: Mapped[float] = mapped_column(default=0.5)
    supporting_data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # A pattern factor stored as a link (insights.factor_links): the piece, pattern_key and side;
    # supporting_data holds only the piece's own part (posted_local), and the title, description,
    # impact, confidence and pattern figures are read from the pattern row when it is read.
    is_link: Mapped[bool] = mapped_column(default=False, server_default=false())
    # On a creator-level pattern row: the unrounded lift and medians its factors' sentences quote.
    figures: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True), default=None)
    created_at: Mapped[datetime]


class ContentTheme(IdMixin, Base):
    """Per-creator aggregate of one theme, refreshed on ingest."""

    __tablename__ = "content_themes"
    __table_args__ = (UniqueConstraint("creator_id", "theme"),)

    creator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("creators.id", ondelete="CASCADE"))
    theme: Mapped[str] = mapped_column(String(100))
    content_count: Mapped[int] = mapped_column(default=0)
    total_views: Mapped[int] = mapped_column(BigInteger, default=0)
    avg_engagement_rate: Mapped[float] = mapped_column(default=0.0)
    avg_performance_score: Mapped[float] = mapped_column(default=0.0)
    updated_at: Mapped[datetime]


class ThemeChoice(IdMixin, Base):
    """A creator's own say over themes, applied after every inference and re-import.

    ``kind`` "name": pieces whose theme would be ``subject`` get ``theme`` instead (a rename, or
    a merge into an existing theme). ``kind`` "piece": the piece ``subject`` (``platform:id``) has
    ``theme``, whatever a file or the inference says.
    """

    __tablename__ = "theme_choices"
    __table_args__ = (UniqueConstraint("creator_id", "kind", "subject"),)

    creator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("creators.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(300))
    theme: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime]  # from the injected clock, like every timestamp


class ImportMapping(IdMixin, Base):
    """A creator's saved column mapping for an import layout (field → column)."""

    __tablename__ = "import_mappings"
    __table_args__ = (UniqueConstraint("creator_id", "name"),)

    creator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("creators.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(64))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime]  # from the injected clock, like every timestamp


class PendingImport(IdMixin, Base):
    """A file sent in chat whose layout needs the creator's confirmation (one per creator)."""

    __tablename__ = "pending_imports"

    creator_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("creators.id", ondelete="CASCADE"), unique=True
    )
    filename: Mapped[str] = mapped_column(String(255))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime]  # from the injected clock, like every timestamp
