"""A plan drafted from a conversation by rules: from the pieces and patterns it referred to.

The LLM variant lives in the agent layer; this is what runs without one. The chat agent records
what a turn referred to in the message payload — ``content_number`` / ``content_numbers`` (short
piece numbers) and ``pattern_key`` / ``pattern_keys`` — at any depth; "piece 12" in a message's
text counts too.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from plans.drafts import PlanDraft, one_window, projection, timeline_of, unique_factors
from plans.factors import Factor, creator_patterns, group_by_topic, piece_factors
from plans.lookup import creator_tz
from plans.rules import Step, closing_step, diagnose_step, more_step, schedule
from storage.errors import InvalidInput, NotFound
from storage.models import (
    ChatMessage,
    ContentInsight,
    ContentPerformance,
    ContentPiece,
    Conversation,
    InsightType,
    PerformanceCategory,
)

MAX_PIECES = 3
FACTORS_PER_PIECE = 2
MAX_PATTERNS = 3
_PIECE_IN_TEXT = re.compile(r"\bpiece\s*#?\s*(\d+)\b", re.IGNORECASE)


def draft_plan_from_conversation(
    session: Session, creator_id: uuid.UUID, conversation_id: uuid.UUID, *, now: datetime
) -> PlanDraft:
    """Draft a plan from what the creator's conversation talked about; nothing is saved."""
    tz = creator_tz(session, creator_id)
    messages = _messages(session, creator_id, conversation_id)
    numbers, keys = referenced(messages)
    pieces = _pieces(session, creator_id, numbers)[:MAX_PIECES]
    steps, factors = _piece_steps(session, creator_id, pieces)
    pattern_steps, patterns = _pattern_steps(
        session, creator_id, keys, fallback=not steps, used={f.topic for f in factors}
    )
    if not steps and not pattern_steps:
        raise InvalidInput(
            "this conversation refers to no piece or pattern with insights yet; "
            "ask about a piece first, or make a plan from a piece"
        )
    closing = closing_step(None, diagnose=False)
    items = tuple(schedule([*one_window(steps + pattern_steps), closing], now=now, tz=tz))
    single = pieces[0] if len(pieces) == 1 else None
    return PlanDraft(
        mode="conversation",
        name=_name(pieces),
        goal=_goal(factors + patterns),
        items=items,
        timeline=timeline_of(items, tz),
        projected_outcome=_single_projection(session, creator_id, single),
        source_content_id=single.id if single else None,
        source_content_number=single.number if single else None,
        source_conversation_id=conversation_id,
        basis=tuple(f.pattern_key or f.title for f in factors + patterns),
    )


def referenced(messages: list[ChatMessage]) -> tuple[list[int], list[str]]:
    """Piece numbers and pattern keys the messages mention, most recent mention first."""
    numbers: list[int] = []
    keys: list[str] = []
    for message in reversed(messages):
        found_numbers, found_keys = _from_payload(message.payload or {})
        numbers += found_numbers + [int(n) for n in _PIECE_IN_TEXT.findall(message.content or "")]
        keys += found_keys
    return _unique_in_order(numbers), _unique_in_order(keys)


def _from_payload(payload: dict[str, Any]) -> tuple[list[int], list[str]]:
    numbers: list[int] = []
    keys: list[str] = []
    for key, value in _walk(payload):
        if key in ("content_number", "content_numbers"):
            numbers += [
                v for v in _as_list(value) if isinstance(v, int) and not isinstance(v, bool)
            ]
        elif key in ("pattern_key", "pattern_keys"):
            keys += [v for v in _as_list(value) if isinstance(v, str) and v]
    return numbers, keys


def _walk(value: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield str(key), inner
            yield from _walk(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _walk(inner)


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def _unique_in_order(values: list[Any]) -> list[Any]:
    return list(dict.fromkeys(values))


def _messages(
    session: Session, creator_id: uuid.UUID, conversation_id: uuid.UUID
) -> list[ChatMessage]:
    owner = session.scalar(
        select(Conversation.creator_id).where(Conversation.id == conversation_id)
    )
    if owner != creator_id:
        raise NotFound("conversation not found")
    return list(
        session.scalars(
            select(ChatMessage)
            .where(ChatMessage.conversation_id == conversation_id)
            .order_by(ChatMessage.created_at)
        )
    )


def _pieces(session: Session, creator_id: uuid.UUID, numbers: list[int]) -> list[ContentPiece]:
    """The creator's pieces with these numbers, in the given order (unknown numbers skipped)."""
    if not numbers:
        return []
    rows = session.scalars(
        select(ContentPiece).where(
            ContentPiece.creator_id == creator_id, ContentPiece.number.in_(numbers)
        )
    )
    by_number = {piece.number: piece for piece in rows}
    return [by_number[n] for n in numbers if n in by_number]


def _piece_steps(
    session: Session, creator_id: uuid.UUID, pieces: list[ContentPiece]
) -> tuple[list[Step], list[Factor]]:
    """Per piece, steps from its top factor groups: fixes for a flop, repeats for the rest."""
    steps: list[Step] = []
    used: list[Factor] = []
    for piece in pieces:
        failing = _is_underperforming(session, piece)
        kind = InsightType.FAILURE_FACTOR if failing else InsightType.SUCCESS_FACTOR
        seen = {f.topic for f in used}
        fresh = [
            f for f in piece_factors(session, creator_id, piece.id, kind) if f.topic not in seen
        ]
        groups = group_by_topic(fresh)[:FACTORS_PER_PIECE]
        best = _best_by_family(session, creator_id) if failing else {}
        for group in groups:
            used += group
            steps.append(
                diagnose_step(group, piece.number, best)
                if failing
                else more_step(group, piece.number)
            )
    return steps, used


def _pattern_steps(
    session: Session,
    creator_id: uuid.UUID,
    keys: list[str],
    *,
    fallback: bool,
    used: set[tuple[str, str]],
) -> tuple[list[Step], list[Factor]]:
    """Steps from creator patterns the chat named (or, with nothing else, the strongest ones)."""
    patterns = [p for p in creator_patterns(session, creator_id) if p.topic not in used]
    chosen = [p for p in patterns if p.pattern_key in keys] if keys else []
    if not chosen and fallback:
        chosen = patterns
    groups = group_by_topic(unique_factors(chosen))[:MAX_PATTERNS]
    return [more_step(group, None) for group in groups], [f for g in groups for f in g]


def _best_by_family(session: Session, creator_id: uuid.UUID) -> dict[str, Factor]:
    best: dict[str, Factor] = {}
    for pattern in creator_patterns(session, creator_id):
        best.setdefault(pattern.family, pattern)
    return best


def _is_underperforming(session: Session, piece: ContentPiece) -> bool:
    category = session.scalar(
        select(ContentPerformance.performance_category).where(
            ContentPerformance.content_id == piece.id
        )
    )
    if category is not None:
        return category == PerformanceCategory.UNDERPERFORMING.value
    has_success = session.scalar(
        select(ContentInsight.id)
        .where(
            ContentInsight.content_id == piece.id,
            ContentInsight.insight_type == InsightType.SUCCESS_FACTOR.value,
        )
        .limit(1)
    )
    return has_success is None


def _single_projection(
    session: Session, creator_id: uuid.UUID, piece: ContentPiece | None
) -> dict[str, Any]:
    if piece is None:
        return {}
    mode = "diagnose" if _is_underperforming(session, piece) else "more"
    return projection(session, creator_id, piece, mode)


def _name(pieces: list[ContentPiece]) -> str:
    if not pieces:
        return "Plan from our chat: your strongest patterns"
    numbers = ", ".join(str(p.number) for p in pieces)
    return f"Plan from our chat: piece{'s' if len(pieces) > 1 else ''} {numbers}"


def _goal(factors: list[Factor]) -> str:
    # Two factors may read alike ("On YouTube" for its views and for its retention): said once.
    reasons = "; ".join(list(dict.fromkeys(f.title for f in factors))[:4])
    return f"Act on what we discussed: {reasons}."
