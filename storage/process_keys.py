"""What a process keeps per creator is keyed by database and creator; what it notes per
transaction lives in ``session.info`` until the transaction ends.

Several memos (columns, themes, factors, unscored pieces, day cells, refresh results) keep what
the last refresh of a creator left, each under the same key: one database URL per engine, so two
databases opened by one process (tests, a migration beside the bot) never share an entry.
"""

from __future__ import annotations

import uuid

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

Key = tuple[str, uuid.UUID]


def process_key(session: Session, creator_id: uuid.UUID) -> Key:
    """The key of the creator's entries in this process's memos."""
    return (str(session.connection().engine.url), creator_id)


def dropped_at_end(name: str) -> None:
    """Drop ``session.info[name]`` when a session's outermost transaction ends."""

    @event.listens_for(Session, "after_transaction_end")
    def _ended(session: Session, transaction: SessionTransaction) -> None:
        if transaction.parent is None:
            session.info.pop(name, None)
