"""Ids in paths: the UUID every response carries, or the short per-creator number people type.

Both forms are looked up within the caller's creator only, so another creator's id is "not found".
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Path
from sqlalchemy import select
from sqlalchemy.orm import Session

from plans import ItemRef
from storage.errors import NotFound
from storage.models import ActionItem, ActionPlan, ContentPiece

_UUID = r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
# Nine digits stay inside a 32-bit integer column on every backend.
MAX_NUMBER_DIGITS = 9
_NUMBER = f"[0-9]{{1,{MAX_NUMBER_DIGITS}}}"

ID_PATTERN = f"^({_NUMBER}|{_UUID})$"
ITEM_ID_PATTERN = f"^({_NUMBER}\\.{_NUMBER}|{_UUID})$"

ContentId = Annotated[
    str,
    Path(
        pattern=ID_PATTERN,
        description="The piece's `id` (UUID) or its short per-creator `number`.",
        examples=["12"],
    ),
]
PlanId = Annotated[
    str,
    Path(
        pattern=ID_PATTERN,
        description="The plan's `id` (UUID) or its short per-creator `number`.",
        examples=["3"],
    ),
]
ItemId = Annotated[
    str,
    Path(
        pattern=ITEM_ID_PATTERN,
        description="The item's `id` (UUID) or its short ref `plan.item`, e.g. `3.2`.",
        examples=["3.2"],
    ),
]


def _as_uuid(text: str) -> uuid.UUID | None:
    """The UUID a path id spells, or None when it is a short number (or ref)."""
    if len(text) <= MAX_NUMBER_DIGITS * 2 + 1:
        return None
    return uuid.UUID(text)


def content_number(session: Session, creator_id: uuid.UUID, content_id: str) -> int:
    """The creator's piece number for a path id; NotFound when no piece of theirs has it."""
    key = _as_uuid(content_id)
    if key is None:
        return int(content_id)
    number = session.scalar(
        select(ContentPiece.number).where(
            ContentPiece.id == key, ContentPiece.creator_id == creator_id
        )
    )
    if number is None:
        raise NotFound(f"there is no piece {content_id} in your content")
    return int(number)


def content_uuid(session: Session, creator_id: uuid.UUID, content_id: str) -> uuid.UUID:
    """The UUID of the creator's piece for an id in either form; NotFound when not theirs."""
    key = _as_uuid(content_id)
    if key is None:
        key = session.scalar(
            select(ContentPiece.id).where(
                ContentPiece.number == int(content_id), ContentPiece.creator_id == creator_id
            )
        )
    if key is None:
        raise NotFound(f"there is no piece {content_id} in your content")
    return key


def plan_number(session: Session, creator_id: uuid.UUID, plan_id: str) -> int:
    """The creator's plan number for a path id; NotFound when no plan of theirs has it."""
    key = _as_uuid(plan_id)
    if key is None:
        return int(plan_id)
    number = session.scalar(
        select(ActionPlan.number).where(ActionPlan.id == key, ActionPlan.creator_id == creator_id)
    )
    if number is None:
        raise NotFound(f"plan {plan_id} not found")
    return int(number)


def item_ref(session: Session, creator_id: uuid.UUID, item_id: str) -> ItemRef:
    """The short ref of the creator's item for a path id; NotFound when it is not theirs."""
    key = _as_uuid(item_id)
    if key is None:
        return ItemRef.parse(item_id)
    row = session.execute(
        select(ActionPlan.number, ActionItem.number)
        .join(ActionPlan, ActionPlan.id == ActionItem.plan_id)
        .where(ActionItem.id == key, ActionPlan.creator_id == creator_id)
    ).one_or_none()
    if row is None:
        raise NotFound(f"item {item_id} not found")
    return ItemRef(int(row[0]), int(row[1]))
