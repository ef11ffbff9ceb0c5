"""Single-use sign-in links to the web pages, for Discord's `/whatsworking web` and the CLI."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from sqlalchemy.orm import Session

from bot.settings import Settings
from storage.clock import Clock
from storage.creators import find_identity_link
from storage.db import Database
from storage.web_sessions import issue_sign_in


@dataclass(frozen=True)
class SignInLink:
    """A link that opens a session once, and when it stops working."""

    url: str
    expires_at: datetime


def sign_in_link(
    session: Session, creator_id: uuid.UUID, settings: Settings, *, now: datetime
) -> SignInLink:
    """A fresh link for the creator, at the public URL (else the local `whatsworking api`)."""
    issued = issue_sign_in(session, creator_id, now=now)
    return SignInLink(f"{settings.web_url}sign-in?t={quote(issued.token)}", issued.expires_at)


@dataclass(frozen=True)
class WebLinks:
    """Sign-in links for a chat account (Discord's `/whatsworking web`)."""

    db: Database
    settings: Settings
    clock: Clock

    def for_identity(self, kind: str, external_id: str) -> SignInLink | None:
        """A fresh link for the creator this chat account reaches; None when it reaches none."""
        with self.db.unit_of_work() as session:
            link = find_identity_link(session, kind, external_id)
            if link is None:
                return None
            return sign_in_link(session, link.creator_id, self.settings, now=self.clock.now())
