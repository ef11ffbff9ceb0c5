"""What a creator is typing, completed from their own data: piece titles and plan items.

Read-only lookups for front-ends' autocomplete, scoped to the creator a chat account is linked
to (an unlinked account gets nothing); blocking, so async callers run them in a worker thread.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import Select, String, case, cast, or_, select
from sqlalchemy.orm import Session

from storage import Database
from storage.creators import find_identity
from storage.models import ActionItem, ActionPlan, ContentPiece, PlanStatus


@dataclass(frozen=True)
class PieceMatch:
    """A piece whose title (or number) matches what was typed."""

    number: int
    title: str
    platform: str


@dataclass(frozen=True)
class ItemMatch:
    """An item of an active plan whose title matches what was typed."""

    plan: int
    item: int
    title: str


def matching_pieces(
    db: Database, channel: str, external_id: str, typed: str, limit: int
) -> list[PieceMatch]:
    """The creator's pieces whose title (or number) matches ``typed``, exact number first, then
    newest first."""
    with db.read() as session:
        creator_id = _creator_of(session, channel, external_id)
        if creator_id is None:
            return []
        query = select(ContentPiece.number, ContentPiece.title, ContentPiece.platform).where(
            ContentPiece.creator_id == creator_id
        )
        text = typed.strip().lstrip("#")
        exact = cast(ContentPiece.number, String) == text
        if text:
            query = query.where(or_(ContentPiece.title.icontains(text, autoescape=True), exact))
        order = (case((exact, 0), else_=1), ContentPiece.published_at.desc())
        rows = session.execute(query.order_by(*order).limit(limit))
        return [PieceMatch(n, t, p) for n, t, p in rows]


def matching_items(
    db: Database, channel: str, external_id: str, typed: str, *, completed: bool, limit: int
) -> list[ItemMatch]:
    """Items of the creator's active plans, open or completed, whose title matches ``typed``."""
    with db.read() as session:
        creator_id = _creator_of(session, channel, external_id)
        if creator_id is None:
            return []
        rows = session.execute(_items_query(creator_id, typed.strip(), completed, limit))
        return [ItemMatch(p, i, t) for p, i, t in rows]


def _items_query(
    creator_id: uuid.UUID, text: str, completed: bool, limit: int
) -> Select[int, int, str]:
    query = (
        select(ActionPlan.number, ActionItem.number, ActionItem.title)
        .join(ActionPlan, ActionItem.plan_id == ActionPlan.id)
        .where(
            ActionPlan.creator_id == creator_id,
            ActionItem.creator_id == creator_id,
            ActionPlan.status == PlanStatus.ACTIVE.value,
            ActionItem.is_completed.is_(completed),
        )
    )
    if text:
        query = query.where(ActionItem.title.icontains(text, autoescape=True))
    order = (ActionPlan.number.desc(), ActionItem.order_index)
    return query.order_by(*order).limit(limit)


def _creator_of(session: Session, channel: str, external_id: str) -> uuid.UUID | None:
    identity = find_identity(session, channel, external_id)
    return identity.creator_id if identity is not None else None
