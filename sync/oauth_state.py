"""Single-use OAuth ``state`` values bound to a creator (the chat and CLI web flows).

Stored only as a hash beside the encrypted PKCE verifier, valid ten minutes, consumed once;
a state made for one platform does not finish another's flow.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.errors import InvalidInput
from storage.models import OAuthState
from storage.secrets import TokenCipher

STATE_LIFETIME = timedelta(minutes=10)


def new_state(
    session: Session,
    cipher: TokenCipher,
    creator_id: uuid.UUID,
    platform: str,
    verifier: str,
    *,
    now: datetime,
) -> str:
    """A fresh state for the creator's flow on the platform (stored hashed)."""
    state = secrets.token_urlsafe(32)
    session.add(
        OAuthState(
            state_hash=_hash(state),
            creator_id=creator_id,
            platform=platform,
            verifier_ciphertext=cipher.seal({"verifier": verifier}),
            expires_at=now + STATE_LIFETIME,
        )
    )
    return state


def consume_state(
    session: Session, cipher: TokenCipher, state: str, platform: str, *, now: datetime
) -> tuple[uuid.UUID, str]:
    """The creator the state was made for and its PKCE verifier; the state is used up."""
    row = session.scalars(
        select(OAuthState).where(OAuthState.state_hash == _hash(state)).with_for_update()
    ).one_or_none()
    if row is None or row.used_at is not None or row.expires_at < now or row.platform != platform:
        raise InvalidInput("this sign-in link is unknown, used or expired; ask for /connect again")
    row.used_at = now
    return row.creator_id, str(cipher.open(row.verifier_ciphertext)["verifier"])


def new_verifier() -> str:
    """A PKCE code verifier (43+ unreserved characters)."""
    return secrets.token_urlsafe(48)


def _hash(state: str) -> str:
    return hashlib.sha256(state.encode()).hexdigest()
