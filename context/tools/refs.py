"""Resolve what a creator calls a piece or an item: "12", "#12", "the 2nd one", "my iPhone review".

Every lookup is scoped to the bound creator; anything else is "not found". Bare numbers are short
ids, ordinals are positions in the last list shown, and other text is matched against the
creator's titles by rarity-weighted word overlap (typos forgiven with difflib).
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from context.state import ConversationState
from context.tools.superlative_refs import by_superlative, superlative_in
from context.tools.title_search import PieceHit, search_creator
from plans.commands import ItemRef
from storage.errors import InvalidInput, NotFound
from storage.models import ActionPlan, ContentPiece, PlanStatus

_NUMBER = re.compile(r"^(?:(?:piece|video|post|content|number|no\.?)\s*)?#?\s*(\d{1,9})$")
_ITEM = re.compile(r"^(?:item\s*)?#?\s*(\d{1,9})\s*[.:/]\s*(\d{1,9})$")
_BARE_ITEM = re.compile(r"^(?:item\s*)?#?\s*(\d{1,9})$")
_WORD = re.compile(r"[a-z0-9]+")
_PIECES: Any = ContentPiece.__table__
# Most piece references are numbers: built once, the lookup skips per-call statement building.
_TITLE_BY_NUMBER = select(_PIECES.c.title).where(
    _PIECES.c.creator_id == bindparam("creator"), _PIECES.c.number == bindparam("number")
)
ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7, "eighth": 8, "8th": 8,
    "ninth": 9, "9th": 9, "tenth": 10, "10th": 10, "last": -1,
}  # fmt: skip
FILLER = frozenset(
    {"the", "a", "an", "one", "piece", "video", "post", "reel", "short", "tiktok"}
    | {"in", "on", "of", "list", "that", "this"}
)
LATEST = frozenset({"latest", "newest", "last", "recent", "most"})
THIS = frozenset({"", "this", "it", "that", "this one", "that one", "the one", "this piece"})
MAX_OPTIONS = 5


def stated_number(state: ConversationState, ref: str | int | None) -> int | None:
    """The piece number a reference states outright ("#12", or "this" with a piece in focus)."""
    text = _clean(ref)
    if text in THIS:
        return state.focus
    number = _NUMBER.match(text)
    return int(number.group(1)) if number else None


def resolve_piece(
    session: Session,
    creator_id: uuid.UUID,
    state: ConversationState,
    ref: str | int | None,
    *,
    now: datetime,
) -> PieceHit:
    """The creator's piece a reference names; NotFound or InvalidInput saying what to try."""
    text = _clean(ref)
    if text in THIS:
        if state.focus is None:
            raise InvalidInput("Which piece? Give its number (e.g. #12) or part of its title.")
        return _by_number(session, creator_id, state.focus)
    number = _NUMBER.match(text)
    if number:
        return _by_number(session, creator_id, int(number.group(1)))
    position = ordinal_position(text)
    if position is not None:
        return _by_position(session, creator_id, state, position)
    ranked = superlative_in(text, state.ref_scope)
    if ranked is not None:
        return by_superlative(session, creator_id, state, ranked, now=now)
    if _means_latest(text):
        return _latest(session, creator_id)
    return _by_title(session, creator_id, text)


POLITE = frozenset({"please", "pls", "thanks", "thank", "you"})


def _clean(ref: str | int | None) -> str:
    words = str(ref if ref is not None else "").lower().strip(" ?!.,'\"“”‘’").split()
    while words and words[-1].strip("?!.,") in POLITE:
        words.pop()
    return " ".join(words).strip(" ?!.,")


def ordinal_position(text: str) -> int | None:
    """1-based position (-1 for last) when the text is an ordinal like 'the 2nd one'."""
    kept = [w for w in _WORD.findall(text) if w not in FILLER]
    if len(kept) == 1 and kept[0] in ORDINALS:
        return ORDINALS[kept[0]]
    return None


def _means_latest(text: str) -> bool:
    """'my last video', 'my latest post', 'my most recent one': the newest piece, not a position."""
    found = _WORD.findall(text)
    rest = [w for w in found if w not in FILLER and w not in LATEST and w != "my"]
    return "my" in found and any(w in LATEST for w in found) and not rest


def _latest(session: Session, creator_id: uuid.UUID) -> PieceHit:
    row = session.execute(
        select(ContentPiece.number, ContentPiece.title)
        .where(ContentPiece.creator_id == creator_id)
        .order_by(ContentPiece.published_at.desc(), ContentPiece.number.desc())
        .limit(1)
    ).first()
    if row is None:
        raise NotFound("You have no content yet.")
    return PieceHit(row[0], row[1])


def _by_number(session: Session, creator_id: uuid.UUID, number: int) -> PieceHit:
    params = {"creator": creator_id, "number": number}
    title = session.connection().scalar(_TITLE_BY_NUMBER, params)
    if title is None:
        raise NotFound(f"There is no piece #{number} in your content.")
    return PieceHit(number, title)


def _by_position(
    session: Session, creator_id: uuid.UUID, state: ConversationState, position: int
) -> PieceHit:
    if not state.last_list:
        raise InvalidInput("I haven't shown you a list yet; ask for one, or use a piece number.")
    index = len(state.last_list) - 1 if position == -1 else position - 1
    if not 0 <= index < len(state.last_list):
        raise InvalidInput(f"The last list had only {len(state.last_list)} pieces.")
    return _by_number(session, creator_id, state.last_list[index])


def _by_title(session: Session, creator_id: uuid.UUID, text: str) -> PieceHit:
    ranked = search_creator(session, creator_id, text)
    if not ranked:
        shown = text[:60]
        raise NotFound(f"I couldn't find a piece of yours matching “{shown}”. Try its number.")
    if len(ranked) > 1:
        options = "; ".join(f"#{hit.number} {hit.title[:60]}" for hit in ranked[:MAX_OPTIONS])
        raise InvalidInput(f"Several of your pieces match “{text[:60]}”: {options}. Which one?")
    return ranked[0]


def resolve_item(
    session: Session, creator_id: uuid.UUID, state: ConversationState, ref: str | int
) -> ItemRef:
    """'3.2' as given; a bare '2' is item 2 of the plan last shown (or the newest active one)."""
    text = _clean(ref)
    full = _ITEM.match(text)
    if full:
        return ItemRef(int(full.group(1)), int(full.group(2)))
    bare = _BARE_ITEM.match(text)
    if not bare:
        raise InvalidInput(
            "Item ids look like 3.2 (plan 3, item 2), or 2 for the current plan; "
            f"got “{text[:30]}”."
        )
    return ItemRef(current_plan(session, creator_id, state), int(bare.group(1)))


def current_plan(session: Session, creator_id: uuid.UUID, state: ConversationState) -> int:
    """The plan last shown in this chat, else the creator's newest active plan."""
    if state.plan is not None:
        return state.plan
    newest = session.scalar(
        select(ActionPlan.number)
        .where(ActionPlan.creator_id == creator_id, ActionPlan.status == PlanStatus.ACTIVE.value)
        .order_by(ActionPlan.number.desc())
        .limit(1)
    )
    if newest is None:
        raise InvalidInput("You have no active plan yet; make one with /plan or from a piece.")
    return int(newest)
