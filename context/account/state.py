"""What one account turn works with: the session, the request, the time and the creator."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from context.reply import ChatRequest
from storage.creators import CreatorView
from storage.models import ActionPlan, ContentPiece, Creator


@dataclass
class AccountContext:
    """One turn of the account flows; ``creator`` is None until the identity is linked."""

    session: Session
    request: ChatRequest
    now: datetime
    creator: Creator | None

    @property
    def creator_id(self) -> uuid.UUID | None:
        """The linked creator's id, if any."""
        return self.creator.id if self.creator is not None else None

    def require_creator(self) -> Creator:
        """The linked creator (the caller has checked there is one)."""
        if self.creator is None:
            raise LookupError("this account turn has no creator")
        return self.creator

    def view(self) -> CreatorView:
        """A snapshot of the creator's settings."""
        return CreatorView.of(self.require_creator())


def has_content(session: Session, creator_id: uuid.UUID) -> bool:
    """Whether the creator has any piece at all (real or demo)."""
    return bool(session.scalar(select(exists().where(ContentPiece.creator_id == creator_id))))


def count_pieces(session: Session, creator_id: uuid.UUID, *, real_only: bool = False) -> int:
    """How many pieces the creator has (only non-demo ones with ``real_only``)."""
    query = select(func.count()).select_from(ContentPiece)
    query = query.where(ContentPiece.creator_id == creator_id)
    if real_only:
        query = query.where(ContentPiece.is_demo.is_(False))
    return int(session.scalar(query) or 0)


def count_plans(session: Session, creator_id: uuid.UUID) -> int:
    """How many action plans the creator has."""
    query = select(func.count()).select_from(ActionPlan).where(ActionPlan.creator_id == creator_id)
    return int(session.scalar(query) or 0)
