"""Single-use sign-in links to the web pages, for Discord's `/whatsworking web` and the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from bot.settings import Settings
from storage.clock import Clock
from storage.creators import find_identity_link
from storage.db import Database
from storage.web_sessions import IssuedToken, issue_sign_in


@dataclass(frozen=True)
class SignInLink:
    """A link that opens a session once, and when it stops working."""

    url: str
    expires_at: datetime


def link_for(issued: IssuedToken, settings: Settings) -> SignInLink:
    """The URL of a sign-in token: at the public URL, else the local `whatsworking api`."""
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
            issued = issue_sign_in(session, link.creator_id, now=self.clock.now())
        return link_for(issued, self.settings)
