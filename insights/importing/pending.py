"""A file sent in chat that waits for the creator's answer (a mapping, or which account)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.errors import NotFound
from storage.models import PendingImport


@dataclass(frozen=True)
class Pending:
    """The waiting file and what was proposed for it."""

    filename: str
    data: bytes
    fields: dict[str, Any]


def keep_pending(
    session: Session,
    creator_id: uuid.UUID,
    filename: str,
    data: bytes,
    fields: dict[str, Any],
    now: datetime,
) -> None:
    """Hold the file until the creator answers (replacing one that waited before)."""
    drop_pending(session, creator_id)
    session.add(
        PendingImport(
            creator_id=creator_id,
            filename=filename[:255],
            data=data,
            fields=fields,
            created_at=now,
        )
    )
    session.flush()


def take_pending(session: Session, creator_id: uuid.UUID) -> Pending:
    """The waiting file, removed from the store; NotFound when none waits."""
    found = session.scalar(select(PendingImport).where(PendingImport.creator_id == creator_id))
    if found is None:
        raise NotFound("no file is waiting to be imported: send it again")
    pending = Pending(found.filename, bytes(found.data), dict(found.fields))
    drop_pending(session, creator_id)
    return pending


def drop_pending(session: Session, creator_id: uuid.UUID) -> None:
    """Forget the waiting file, if any."""
    session.execute(delete(PendingImport).where(PendingImport.creator_id == creator_id))
