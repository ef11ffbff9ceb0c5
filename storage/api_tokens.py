"""Bearer tokens for the HTTP API: issued once, stored only as a hash, revocable, per creator.

A token is 256 random bits, so a plain SHA-256 lookup is safe (nothing to brute-force) and fast
enough to run on every request.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.creators import get_creator
from storage.errors import InvalidInput, NotFound
from storage.models import ApiToken

TOKEN_PREFIX = "ww_"  # noqa: S105 - the public prefix that marks our tokens, not a secret
MAX_NAME_LENGTH = 64
# Longer "tokens" are not ours; refusing them early keeps hashing bounded.
MAX_TOKEN_LENGTH = 128
# last_used_at is refreshed at most this often, so a busy client does not write on every request.
LAST_USED_RESOLUTION = timedelta(minutes=5)
MIN_ID_PREFIX = 8


@dataclass(frozen=True)
class IssuedToken:
    """A freshly made token: ``token`` is shown once and never stored."""

    id: uuid.UUID
    name: str
    token: str
    created_at: datetime


@dataclass(frozen=True)
class TokenView:
    """A stored token as its owner sees it (never the secret)."""

    id: uuid.UUID
    name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        """True until the token is revoked."""
        return self.revoked_at is None

    @classmethod
    def of(cls, row: ApiToken) -> TokenView:
        """Snapshot a stored token."""
        return cls(row.id, row.name, row.created_at, row.last_used_at, row.revoked_at)


def hash_token(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(f"whatsworking-api:{token}".encode()).hexdigest()


def issue_token(
    session: Session, creator_id: uuid.UUID, *, name: str = "default", now: datetime
) -> IssuedToken:
    """Make a new token for the creator; its other tokens keep working."""
    get_creator(session, creator_id)
    label = _clean_name(name)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(creator_id=creator_id, token_hash=hash_token(token), name=label, created_at=now)
    session.add(row)
    session.flush()
    return IssuedToken(id=row.id, name=label, token=token, created_at=now)


def list_tokens(session: Session, creator_id: uuid.UUID) -> list[TokenView]:
    """The creator's tokens, newest first, revoked ones included."""
    get_creator(session, creator_id)
    rows = session.scalars(
        select(ApiToken)
        .where(ApiToken.creator_id == creator_id)
        .order_by(ApiToken.created_at.desc(), ApiToken.id)
    )
    return [TokenView.of(row) for row in rows]


def revoke_token(
    session: Session, creator_id: uuid.UUID, token_id: str, *, now: datetime
) -> tuple[TokenView, bool]:
    """Revoke the creator's token with this id (or a unique prefix of 8+ characters).

    Returns the token and whether this call revoked it (False: it already was).
    """
    row = _find_token(session, creator_id, token_id)
    if row.revoked_at is not None:
        return TokenView.of(row), False
    row.revoked_at = now
    session.flush()
    return TokenView.of(row), True


def authenticate(session: Session, token: str, *, now: datetime) -> uuid.UUID | None:
    """The creator an active token belongs to, or None (wrong, revoked: the caller can't tell)."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > MAX_TOKEN_LENGTH:
        return None
    row = session.execute(
        select(ApiToken.id, ApiToken.creator_id, ApiToken.last_used_at).where(
            ApiToken.token_hash == hash_token(token), ApiToken.revoked_at.is_(None)
        )
    ).one_or_none()
    if row is None:
        return None
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_RESOLUTION:
        session.execute(update(ApiToken).where(ApiToken.id == row.id).values(last_used_at=now))
    creator_id: uuid.UUID = row.creator_id
    return creator_id


def _find_token(session: Session, creator_id: uuid.UUID, token_id: str) -> ApiToken:
    cleaned = token_id.strip().lower().replace("-", "")
    if len(cleaned) < MIN_ID_PREFIX or not all(c in "0123456789abcdef" for c in cleaned):
        raise InvalidInput(
            f"token ids are hexadecimal, at least {MIN_ID_PREFIX} characters; got {token_id!r}"
        )
    rows = session.scalars(select(ApiToken).where(ApiToken.creator_id == creator_id)).all()
    matches = [row for row in rows if row.id.hex.startswith(cleaned)]
    if not matches:
        raise NotFound(f"no token {token_id!r}")
    if len(matches) > 1:
        raise InvalidInput(f"{token_id!r} matches {len(matches)} tokens: give more of the id")
    return matches[0]


def _clean_name(name: str) -> str:
    cleaned = (name or "").strip()
    if not cleaned:
        raise InvalidInput("the token name is empty")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise InvalidInput(f"the token name is longer than {MAX_NAME_LENGTH} characters")
    return cleaned
