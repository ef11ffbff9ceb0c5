"""Creators, the chat identities that reach them, link codes and API tokens."""

from __future__ import annotations

import uuid
from datetime import datetime, time

from sqlalchemy import ForeignKey, String, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, IdMixin

DEFAULT_DIGEST_TIME = time(9, 0)


class Creator(IdMixin, Base):
    """A content creator: the owner of every other row."""

    __tablename__ = "creators"

    handle: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(255))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    digest_time: Mapped[time] = mapped_column(Time(), default=DEFAULT_DIGEST_TIME)
    digest_enabled: Mapped[bool] = mapped_column(default=True)
    reminders_enabled: Mapped[bool] = mapped_column(default=True)
    quiet_hours_start: Mapped[time | None] = mapped_column(Time(), default=time(22, 0))
    quiet_hours_end: Mapped[time | None] = mapped_column(Time(), default=time(8, 0))
    demo_mode: Mapped[bool] = mapped_column(default=False)
    # Counters behind the short ids people type ("piece 12", "plan 3"); bumped under a row lock.
    content_seq: Mapped[int] = mapped_column(default=0)
    plan_seq: Mapped[int] = mapped_column(default=0)
    # A fresh random stamp on every write to the creator's pieces, scores or insights (see
    # storage/data_version.py): one cheap read tells a cached view whether it is still current.
    data_version: Mapped[uuid.UUID | None] = mapped_column(default=None)
    last_digest_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime]

    identities: Mapped[list[ChatIdentity]] = relationship(
        back_populates="creator", cascade="all, delete-orphan", passive_deletes=True
    )


class ChatIdentity(IdMixin, Base):
    """A Telegram user, Discord user or console session linked to one creator."""

    __tablename__ = "chat_identities"
    __table_args__ = (UniqueConstraint("kind", "external_id"),)

    creator_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("creators.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64))
    chat_id: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[datetime]

    creator: Mapped[Creator] = relationship(back_populates="identities")


class LinkCode(IdMixin, Base):
    """A one-time code that links another chat account to an existing creator."""

    __tablename__ = "link_codes"

    creator_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("creators.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(String(128), unique=True)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime]


class ApiToken(IdMixin, Base):
    """A revocable bearer token for the HTTP API, stored only as a hash."""

    __tablename__ = "api_tokens"

    creator_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("creators.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    name: Mapped[str] = mapped_column(String(64), default="default")
    created_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
