"""Platform connections (encrypted OAuth tokens), the shared API quota, and metric snapshots."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, IdMixin


class PlatformConnection(IdMixin, Base):
    """One creator's authorised account on one platform, and where its syncing stands.

    Every time here is written from the injected clock by the code that changes the row.
    """

    __tablename__ = "platform_connections"
    __table_args__ = (
        UniqueConstraint("creator_id", "platform"),
        Index("ix_platform_connections_due", "status", "next_sync_at"),
    )

    creator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("creators.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(32))
    account_id: Mapped[str] = mapped_column(String(255))
    account_name: Mapped[str] = mapped_column(String(255))
    # Fernet token of the JSON credentials; only storage.secrets can read it back.
    token_ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    scopes: Mapped[list[str]] = mapped_column(JSON)
    # The platform's own handle on the catalogue (YouTube: the uploads playlist id).
    catalogue_ref: Mapped[str | None] = mapped_column(String(255), default=None)
    status: Mapped[str] = mapped_column(String(16))  # active | revoked | quota | failing
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    failures: Mapped[int] = mapped_column(default=0)
    last_sync_at: Mapped[datetime | None] = mapped_column(default=None)
    last_catalogue_at: Mapped[datetime | None] = mapped_column(default=None)
    last_full_at: Mapped[datetime | None] = mapped_column(default=None)
    next_sync_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    # A worker's lease on the row while it syncs; an expired lease is free to claim again.
    claimed_by: Mapped[str | None] = mapped_column(String(64), default=None)
    claimed_until: Mapped[datetime | None] = mapped_column(default=None)
    units_used_total: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class QuotaUsage(Base):
    """API units one deployment spent on one platform on one quota day (Google: Pacific)."""

    __tablename__ = "quota_usage"

    platform: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    units: Mapped[int] = mapped_column(BigInteger, default=0)
    exhausted: Mapped[bool] = mapped_column(default=False)


class MetricSnapshot(IdMixin, Base):
    """A piece's figures at one moment; one row per age bucket (see storage/snapshots.py)."""

    __tablename__ = "metric_snapshots"
    __table_args__ = (
        UniqueConstraint("content_id", "bucket"),
        Index("ix_metric_snapshots_creator_taken", "creator_id", "taken_at"),
    )

    content_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("content_pieces.id", ondelete="CASCADE")
    )
    creator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("creators.id", ondelete="CASCADE"))
    bucket: Mapped[int]
    taken_at: Mapped[datetime]
    views: Mapped[int] = mapped_column(BigInteger)
    likes: Mapped[int | None] = mapped_column(BigInteger, default=None)
    comments: Mapped[int | None] = mapped_column(BigInteger, default=None)
    shares: Mapped[int | None] = mapped_column(BigInteger, default=None)
    watch_time_hours: Mapped[float | None] = mapped_column(default=None)
    extra: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)


class OAuthState(IdMixin, Base):
    """A single-use OAuth ``state`` bound to a creator, with its PKCE verifier (encrypted)."""

    __tablename__ = "oauth_states"

    state_hash: Mapped[str] = mapped_column(String(128), unique=True)
    creator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("creators.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(32))
    verifier_ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None] = mapped_column(default=None)
