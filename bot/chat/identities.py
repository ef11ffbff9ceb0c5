"""Which creator a chat account reaches now: the key front-ends sign buttons with."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from storage import Database
from storage.creators import find_identity_link


class CreatorKeys(Protocol):
    """Looks up the creator key (the creator's internal id) of a chat account."""

    def creator_key(self, channel: str, external_id: str) -> str | None:
        """The key, or None while the account is not linked to a creator."""
        ...


@dataclass(frozen=True)
class IdentityKeys:
    """Creator keys read from the chat identities in the database."""

    db: Database

    def creator_key(self, channel: str, external_id: str) -> str | None:
        """The linked creator's id as text, or None."""
        with self.db.read() as session:
            link = find_identity_link(session, channel, external_id)
            return str(link.creator_id) if link is not None else None
