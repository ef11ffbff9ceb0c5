"""Revoke a creator's grants at the platforms before their tokens are deleted (/forgetme).

The edge that knows the key and the OAuth clients installs a revoker at start; without one
(no key configured) the tokens are still deleted with the creator, only not revoked first.
A platform that does not answer never stops the deletion: it is logged and skipped.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from sqlalchemy.orm import Session

from storage.connections import list_connections

Revoker = Callable[[str, bytes], bool]  # (platform, sealed token document) → revoked?
_log = logging.getLogger(__name__)
_installed: list[Revoker] = []


def install(revoker: Revoker | None) -> None:
    """Use ``revoker`` from now on (None: none)."""
    _installed.clear()
    if revoker is not None:
        _installed.append(revoker)


def revoke_all(session: Session, creator_id: uuid.UUID) -> int:
    """Revoke every grant of the creator at its platform; how many were revoked."""
    if not _installed:
        return 0
    revoked = 0
    for connection in list_connections(session, creator_id):
        try:
            revoked += bool(_installed[0](connection.platform, connection.token_ciphertext))
        except Exception as failure:  # the deletion goes on; the creator can revoke by hand
            _log.warning(
                "could not revoke a %s grant: %s", connection.platform, type(failure).__name__
            )
    return revoked
