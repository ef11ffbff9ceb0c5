"""Sign-ins to the web pages: one-time sign-in links, and the sessions a cookie carries.

Both tokens are 256 random bits shown once and stored only as SHA-256 hashes, so a plain hash
lookup is safe. A link works once (claimed by one conditional UPDATE, so two tabs cannot both
win) and only until it expires; a session lasts SESSION_TTL and can be ended. Every write uses
the caller's ``now`` (the injected clock).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.creators import get_creator
from storage.models import WebSession, WebSignIn

SIGN_IN_TTL = timedelta(minutes=10)
SESSION_TTL = timedelta(hours=12)
# Longer "tokens" are not ours; refusing them early keeps hashing bounded.
MAX_TOKEN_LENGTH = 128
Origin = Literal["telegram", "link"]


@dataclass(frozen=True)
class IssuedToken:
    """A fresh secret (shown once, never stored) and when it stops working."""

    token: str
    expires_at: datetime


@dataclass(frozen=True)
class SignedIn:
    """Who a valid session cookie acts for, and how the session was opened."""

    creator_id: uuid.UUID
    origin: str
    csrf_token: str


def _hash(purpose: str, token: str) -> str:
    return hashlib.sha256(f"whatsworking-{purpose}:{token}".encode()).hexdigest()


def csrf_token(session_token: str) -> str:
    """The form token of a session: derived from the HttpOnly cookie, which scripts cannot read,
    so a page of another site can neither know it nor send it."""
    return hmac.new(b"whatsworking-csrf", session_token.encode(), hashlib.sha256).hexdigest()


def issue_sign_in(session: Session, creator_id: uuid.UUID, *, now: datetime) -> IssuedToken:
    """A single-use sign-in link token for the creator, good for SIGN_IN_TTL."""
    get_creator(session, creator_id)
    token = secrets.token_urlsafe(32)
    expires_at = now + SIGN_IN_TTL
    session.add(
        WebSignIn(
            creator_id=creator_id,
            token_hash=_hash("sign-in", token),
            created_at=now,
            expires_at=expires_at,
        )
    )
    session.flush()
    return IssuedToken(token, expires_at)


def redeem_sign_in(session: Session, token: str, *, now: datetime) -> uuid.UUID | None:
    """The creator of a valid link token, which is used up now; None for a wrong, expired or
    already used token (the caller cannot tell which)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    claimed: uuid.UUID | None = session.execute(
        update(WebSignIn)
        .where(
            WebSignIn.token_hash == _hash("sign-in", token),
            WebSignIn.used_at.is_(None),
            WebSignIn.expires_at > now,
        )
        .values(used_at=now)
        .returning(WebSignIn.creator_id)
    ).scalar_one_or_none()
    return claimed


def open_session(
    session: Session, creator_id: uuid.UUID, origin: Origin, *, now: datetime
) -> IssuedToken:
    """A new session for the creator; its token goes into the cookie."""
    token = secrets.token_urlsafe(32)
    expires_at = now + SESSION_TTL
    session.add(
        WebSession(
            creator_id=creator_id,
            token_hash=_hash("session", token),
            origin=origin,
            created_at=now,
            expires_at=expires_at,
        )
    )
    session.flush()
    return IssuedToken(token, expires_at)


def signed_in(session: Session, token: str, *, now: datetime) -> SignedIn | None:
    """Who the session token acts for; None when it is unknown, expired or ended."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    row = session.execute(
        select(WebSession.creator_id, WebSession.origin).where(
            WebSession.token_hash == _hash("session", token),
            WebSession.ended_at.is_(None),
            WebSession.expires_at > now,
        )
    ).one_or_none()
    if row is None:
        return None
    return SignedIn(row.creator_id, row.origin, csrf_token(token))


def end_session(session: Session, token: str, *, now: datetime) -> bool:
    """Sign out: the session stops working at once. False when it was not a live session."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return False
    done = session.execute(
        update(WebSession)
        .where(WebSession.token_hash == _hash("session", token), WebSession.ended_at.is_(None))
        .values(ended_at=now)
    )
    return bool(getattr(done, "rowcount", 0))
