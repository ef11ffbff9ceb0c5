"""Revoke a Google grant (POST token to the revoke endpoint, as Google documents it)."""

from __future__ import annotations

import httpx

from sync.errors import Transient


def revoke_grant(revoke_uri: str, token: str) -> bool:
    """True when Google revoked it; False when it was already invalid or revoked."""
    try:
        answer = httpx.post(
            revoke_uri,
            data={"token": token},
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            timeout=15,
        )
    except httpx.HTTPError as error:
        raise Transient(
            f"Google's revoke endpoint did not answer: {type(error).__name__}"
        ) from None
    if answer.status_code == 200:
        return True
    if answer.status_code == 400:
        return False
    raise Transient(f"Google's revoke endpoint answered {answer.status_code}")
