"""Sign-ins to the web pages: one-time sign-in links and the browser sessions they open."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, IdMixin


class WebSignIn(IdMixin, Base):
    """A short-lived, single-use sign-in link (from Discord or the CLI), stored only as a hash."""

    __tablename__ = "web_sign_ins"

    creator_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("creators.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None] = mapped_column(default=None)


class WebSession(IdMixin, Base):
    """A signed-in browser or Telegram Mini App: the cookie's token, stored only as a hash."""

    __tablename__ = "web_sessions"

    creator_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("creators.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    # How it was opened: "telegram" (Mini App initData) or "link" (a sign-in link).
    origin: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    ended_at: Mapped[datetime | None] = mapped_column(default=None)
